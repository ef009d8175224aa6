"""Start with the desktop: an XDG autostart entry that starts the journal in the tray.

The entry is `autostart/io.github.kratom_journal.Journal.desktop` in the user's
configuration folder: $XDG_CONFIG_HOME, or ~/.config when that is unset or not
an absolute path (the XDG Base Directory rule). Desktops that follow the XDG
Autostart specification (GNOME, KDE Plasma, Xfce, Cinnamon, MATE, LXQt) run it
at login. Whether the journal starts with the desktop is whether the file is
there: nothing else records it, so removing the file by hand turns it off too.

The command is this program as it was started (the built app, the `journal`
script, or this Python with `-m journal`), with `--tray` and the data folder,
quoted as the Desktop Entry Specification asks (a path with spaces or `$`
works).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

APP_ID = "io.github.kratom_journal.Journal"
FILE_NAME = f"{APP_ID}.desktop"
#: Characters that make an Exec argument need quotes (Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".config"


def entry_path() -> Path:
    return config_home() / "autostart" / FILE_NAME


def enabled() -> bool:
    return entry_path().is_file()


def launch_command(folder: Path) -> list[str]:
    """How to start this program again, in the tray, on the journal in `folder`."""
    if getattr(sys, "frozen", False):  # the built app (PyInstaller)
        program = [str(Path(sys.executable).resolve())]
    else:
        script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
        if script is not None and script.name == "journal" and script.is_file():
            program = [str(script.resolve())]
        else:
            program = [str(Path(sys.executable).absolute()), "-m", "journal"]
    return [*program, "--tray", "--data-dir", str(Path(folder).resolve())]


def exec_argument(arg: str) -> str:
    """One argument of an Exec line: quoted when it must be, `%` doubled, escapes as the spec says."""
    if "\n" in arg or "\r" in arg:
        raise ValueError("an Exec argument cannot hold a line break")
    arg = arg.replace("%", "%%")
    if _RESERVED.intersection(arg):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        arg = f'"{inner}"'
    # The value is a string too: its own escape rule doubles every backslash.
    return arg.replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Kratom Journal",
            "Comment=Start the journal in the tray, for its reminders",
            "Exec=" + " ".join(exec_argument(a) for a in command),
            f"Icon={APP_ID}",
            "Terminal=false",
            "NoDisplay=true",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def enable(command: Sequence[str]) -> Path:
    """Write the entry (atomically: a temporary file renamed into place); returns its path."""
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(entry_text(command), encoding="utf-8")
    temp.replace(path)
    return path


def starts(folder: Path) -> bool:
    """Whether the entry is there and starts the journal in `folder` (not another folder's)."""
    try:
        text = entry_path().read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    wanted = f" --data-dir {exec_argument(str(Path(folder).resolve()))}"
    return any(line.startswith("Exec=") and line.endswith(wanted) for line in text.splitlines())


def disable() -> bool:
    """Remove the entry; False when there was none."""
    try:
        entry_path().unlink()
    except FileNotFoundError:
        return False
    return True
