"""Start-up of the window: find a display, open the journal, show the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from journal import paths


def has_display() -> bool:
    """False on a Linux box with no X11 or Wayland display and no Qt platform chosen."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _load_window() -> None:
    """Import what the main window needs (the pages, the service, SQLAlchemy)."""
    import journal.ui.dialogs.opening
    import journal.ui.main_window
    import journal.ui.theme  # noqa: F401


def run(data_dir: str | None) -> int:
    """Open the journal in its window; returns the process exit status."""
    if not has_display():
        print(
            "journal: no display found (DISPLAY is not set). Start it from a desktop session, "
            "or use the command line: journal --help",
            file=sys.stderr,
        )
        return 1
    from PySide6.QtWidgets import QApplication

    from journal.ui.single_instance import claim

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
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
    if opening.needs_passphrase and not ask_passphrase(opening, warm=_load_window):
        return 1
    # Loaded only now, so a second start hands over without paying for them.
    from journal.ui.dialogs.opening import open_journal, report_refused_writes
    from journal.ui.main_window import MainWindow
    from journal.ui.theme import apply_theme

    journal = open_journal(folder, opening=opening)
    if journal is None:
        return 1
    apply_theme(app, journal.settings.theme)
    window = MainWindow(journal)
    report_refused_writes(window)
    window.show()
    window.maybe_welcome()
    # A desktop logout sends SIGTERM, Ctrl+C in a terminal SIGINT: both quit through Qt, so windows
    # close and the journal file is closed cleanly. Python runs signal handlers only between
    # bytecodes, so a timer wakes it from Qt's C++ event loop five times a second.
    import signal

    from PySide6.QtCore import QTimer

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: app.quit())
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(200)
    try:
        return app.exec()
    finally:
        journal.close()
