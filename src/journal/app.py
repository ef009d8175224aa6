"""Start-up of the window: find a display, open the journal, show the main window."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from journal import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from journal.ui.tray import Presence

#: The exit status when no window can be opened (no display, or one that does not answer).
EXIT_NO_DISPLAY = 1
#: The tray and the reminders start this long after the window shows, so its first paint does not
#: wait for them (milliseconds; the window paints within the first turn of the event loop).
TRAY_AFTER_MS = 200


def has_display() -> bool:
    """False on a Linux box with no X11 or Wayland display and no Qt platform chosen."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def command() -> str:
    """How to run the command line from here: `journal` when that is on the PATH and is this
    program, else the path it was started by (`.venv/bin/journal` from a checkout)."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is None or started.name not in ("journal", "journal.exe"):
        return "journal"
    found = shutil.which("journal")
    if found is not None and Path(found).resolve() == started.resolve():
        return "journal"
    try:
        return str(started.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(started)


def display_problem(messages: list[str]) -> str:
    """One line that says why Qt could not open a window, from what Qt said before giving up."""
    said = " ".join(messages)
    where = " and ".join(
        f"{name}={os.environ[name]}" for name in ("WAYLAND_DISPLAY", "DISPLAY") if os.environ.get(name)
    )
    if "could not connect to display" in said or "Failed to create wl_display" in said:
        why = f"the display ({where or 'none set'}) does not answer (a closed remote session?)."
    else:
        why = (
            f"Qt could not start its window system plugin ({messages[0] if messages else 'no reason given'})."
        )
    return f"journal: cannot open a window: {why} The command line works without one: {command()} --help"


def make_application(exit_now: Callable[[int], object] = os._exit) -> QApplication:
    """The QApplication, or one line and exit status 1 when there is no usable display.

    Qt ends the process with abort() (status 134 and five lines) when its
    platform plugin cannot start, for example when DISPLAY names a display that
    is gone. Its fatal message reaches this handler first, which says why in
    one line and exits before the abort.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    held: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(display_problem([*held, message]) + "\n")
            sys.stderr.flush()
            exit_now(EXIT_NO_DISPLAY)
        held.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        app = QApplication(sys.argv[:1])
    finally:
        qInstallMessageHandler(previous)
    for message in held:  # started after all: what Qt said on the way is still worth seeing
        print(message, file=sys.stderr)
    return app


def ensure_application() -> QApplication:
    """The running QApplication, made now if there is none (see `make_application`)."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else make_application()


def _load_window() -> None:
    """Import what the main window needs (the pages, the service, SQLAlchemy, the tray over it)."""
    import journal.ui.dialogs.opening
    import journal.ui.main_window
    import journal.ui.theme
    import journal.ui.tray  # noqa: F401


def run(data_dir: str | None, *, tray: bool = False, demo: bool = False) -> int:
    """Open the journal in its window; returns the process exit status.

    With `tray` (the autostart entry's --tray), the window stays hidden and the journal waits in
    the tray, where the desktop has one; an encrypted journal waits there, locked, until opened.
    `demo`: the folder holds a throwaway demonstration journal (`journal --demo`), deleted when
    the window closes: the window says so, and the journal cannot start with the desktop.
    """
    if not has_display():
        print(
            "journal: no display found (DISPLAY is not set). Start it from a desktop session, "
            f"or use the command line: {command()} --help",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY
    from PySide6.QtWidgets import QSystemTrayIcon

    from journal.ui.single_instance import claim

    app = ensure_application()
    app.setApplicationName("Kratom Journal")
    app.setOrganizationName("kratom-journal")
    from journal.ui.icon import APP_ID, app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to the .desktop file and its icon
    folder: Path = paths.data_dir(data_dir)
    instance = claim(folder)  # before the journal file is touched: one window per folder
    if isinstance(instance, int):
        return instance  # another window has it: brought forward, or reported
    app.aboutToQuit.connect(instance.close)  # the lock is held for the window's whole life
    from journal.service.opening import Opening
    from journal.ui.dialogs.passphrase import ask_passphrase

    # An encrypted journal's passphrase is asked before the window's modules load: its key is
    # derived on another core while they load (`_load_window`), not after.
    opening = Opening(folder)
    in_tray = tray and QSystemTrayIcon.isSystemTrayAvailable()
    if opening.needs_passphrase:
        if in_tray:
            from journal.ui.tray_wait import WaitingTray

            waiting = WaitingTray(app)
            instance.server.raise_requested.connect(lambda: waiting.chosen.emit(True))
            if not waiting.wait():
                return 0
            in_tray = False  # asked to open: the window shows once the passphrase is typed
        if not ask_passphrase(opening, warm=_load_window):
            return 1
    # Loaded only now, so a second start hands over without paying for them.
    from journal.ui.dialogs.opening import open_journal, report_refused_writes
    from journal.ui.main_window import MainWindow
    from journal.ui.theme import apply_theme

    journal = open_journal(folder, opening=opening)
    if journal is None:
        return 1
    apply_theme(app, journal.settings.theme)
    window = MainWindow(journal, demo=demo)
    if demo:
        window.settings_page.reminders.throwaway()
    report_refused_writes(window)
    from PySide6.QtCore import QTimer

    presences: list[Presence] = []

    def start_presence() -> None:
        """The tray icon, the reminders and their notifications (without a tray: the reminders)."""
        from journal.ui.tray import Presence

        presence = Presence(window)
        instance.server.raise_requested.connect(presence.show_window)  # also hidden in the tray
        presences.append(presence)

    if in_tray:
        start_presence()  # the window stays hidden: the tray is the way to it
    else:
        window.show()
        window.maybe_welcome()
        QTimer.singleShot(TRAY_AFTER_MS, start_presence)
    # A desktop logout sends SIGTERM, Ctrl+C in a terminal SIGINT: both quit through Qt, so windows
    # close and the journal file is closed cleanly (a window hidden in the tray too). Python runs
    # signal handlers only between bytecodes, so a timer wakes it from Qt's C++ event loop five
    # times a second.
    import signal

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: window.quit())
    ticker = QTimer()  # not the application's child: it ends with this run
    ticker.timeout.connect(lambda: None)
    ticker.start(200)
    try:
        return app.exec()
    finally:
        for presence in presences:
            presence.notifier.close()
        journal.close()
