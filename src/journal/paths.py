"""Where the journal lives: one place, resolved on first use.

Order: an explicit --data-dir, then JOURNAL_DATA_DIR, then the platform's user
data folder. The folder is created private (0700) whatever the umask.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "kratom-journal"
DB_NAME = "journal.sqlite3"
ENV_VAR = "JOURNAL_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, created 0700 if missing."""
    chosen = explicit or os.environ.get(ENV_VAR) or platformdirs.user_data_dir(APP_NAME, False)
    return private_dir(Path(chosen).expanduser().resolve())


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by the user alone.

    A folder someone else owns, or a shared sticky folder such as /tmp, is left
    as it is: the journal's own files are private (0600) in any case.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = path.stat()
    ours = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if ours and not info.st_mode & stat.S_ISVTX and stat.S_IMODE(info.st_mode) != 0o700:
        path.chmod(0o700)
    return path


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def backup_dir(folder: Path) -> Path:
    return private_dir(folder / "backups")
