"""A process that opens a main window, waits for its first paint and reports, as one JSON line.

    python bench/window_child.py app FOLDER [--pages [SETTLE_S]]
    python bench/window_child.py floor [--pages [SETTLE_S]]

"app" starts the real program on the journal in FOLDER (an encrypted journal's
passphrase dialog is answered with BENCH_PASSPHRASE from the environment as soon
as it shows; the time it was shown is the "asked" mark), the way the `journal`
command does (`journal.cli.main(["--data-dir", FOLDER])`, which opens the window
through `journal.app.run`). "floor" is a bare QMainWindow holding a matplotlib
FigureCanvasQTAgg (DESIGN.md section 9). Both create the QApplication first so
an event filter can see the window: on the first Paint event of a widget in
the window a zero-time timer starts, which fires once the whole paint pass is
done (and the frame is flushed), and that is "painted". The filter is removed
then, so it costs Python calls only up to the first paint, alike for both.

With --pages the process then shows every page of the window in turn (the
`nav` list of MainWindow, so Charts too once it is there), lets each settle,
then, when the window has a Charts page, shows each chart for all time, and
reports its peak resident memory. Times are `time.time()` so the parent can
subtract the moment it spawned the process.

With BENCH_TRAY=1 in the environment, "app" starts with a system tray: offscreen
Qt has none, so it is told there is one (as the tray's tests do), and the tray's
icon, its menu and its first read of the journal are made as on a desktop with a
tray. The tray comes once the window has painted: after "painted" the child
waits for it, marks "tray_ready", and the "tray" mark says what the tray showed
(its reads and menu entries), so a run where the tray did not come up is seen.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

marks: dict[str, Any] = {"qt_ready": time.time()}
#: How long each page is given to settle with --pages (deferred drawing, timers).
SETTLE_S = 0.4


class FirstPaint(QObject):
    """Finds the main window when it is shown, then reports when its first paint is done."""

    def __init__(self, app: QApplication, pages: bool) -> None:
        super().__init__()
        self.app = app
        self.pages = pages
        self.window: QMainWindow | None = None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and type(watched).__name__ == "PassphraseDialog":
            self.answer(watched)
        elif kind == QEvent.Type.Show and self.window is None and isinstance(watched, QMainWindow):
            marks["shown"] = time.time()
            self.window = watched
        elif (
            kind == QEvent.Type.Paint
            and self.window is not None
            and "paint_started" not in marks
            # The window itself may get no Paint when opaque children cover it: any widget in it counts.
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            marks["paint_started"] = time.time()
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self.painted)
        return False

    def answer(self, dialog: Any) -> None:
        """Type BENCH_PASSPHRASE into the start's passphrase dialog, as soon as it shows."""
        marks["asked"] = time.time()
        dialog.field.setText(os.environ["BENCH_PASSPHRASE"])
        QTimer.singleShot(0, dialog._try)

    def painted(self) -> None:
        marks["painted"] = time.time()
        if os.environ.get("BENCH_TRAY") == "1" and self.window is not None:
            wait_for_tray(self.app, self.window)
        if self.pages:
            visit_pages(self.app, self.window)
        self.app.quit()


def settle(app: QApplication) -> None:
    """Run the event loop a while, so deferred work (lazy pages, timers) happens."""
    deadline = time.perf_counter() + SETTLE_S
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)


def visit_pages(app: QApplication, window: Any) -> None:
    settle(app)
    nav = getattr(window, "nav", None)
    titles = []
    if nav is not None:
        for row in range(nav.count()):
            titles.append(nav.item(row).text())
            window.show_page(row)
            settle(app)
            page = window.pages.currentWidget()
            # Make sure the page really painted (offscreen, grab() renders it).
            if isinstance(page, QWidget):
                page.grab()
    charts = getattr(window, "charts", None)
    if charts is not None and hasattr(charts, "set_period") and hasattr(charts, "tabs"):
        # The heaviest the Charts page gets: every chart drawn for all time.
        from journal.domain.periods import PeriodKind

        window.show_page(window.pages.indexOf(charts))
        charts.set_period(PeriodKind.ALL)
        for tab in range(charts.tabs.count()):
            charts.tabs.setCurrentIndex(tab)
            settle(app)
            charts.grab()
        titles.append(f"Charts, all time, {charts.tabs.count()} charts")
    marks["pages"] = titles


def wait_for_tray(app: QApplication, window: QMainWindow) -> None:
    """The tray comes once the window has painted (journal.app.TRAY_AFTER_MS): wait for it (at most
    10 s), mark when it is there ("tray_ready") and what it showed ("tray")."""
    from importlib.util import find_spec

    if find_spec("journal.ui.tray") is None:  # a version of the journal from before the tray
        marks["tray"] = None
        return
    deadline = time.perf_counter() + 10
    while window.findChild(QObject, "tray-presence") is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
    marks["tray_ready"] = time.time()
    marks["tray"] = tray_state(window)


def tray_state(window: QMainWindow | None) -> dict[str, Any] | None:
    """What the tray showed at the first paint: None when the window has no tray presence."""
    presence: Any = window.findChild(QObject, "tray-presence") if window is not None else None
    if presence is None:
        return None
    return {
        "icon_visible": presence.icon.isVisible(),
        "reads": presence.reads,
        "menu_entries": len([a for a in presence.menu.actions() if not a.isSeparator()]),
    }


def pretend_tray() -> None:
    """Offscreen Qt has no system tray: say there is one, so the app makes its icon and menu."""
    from PySide6.QtWidgets import QSystemTrayIcon

    QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: True)  # type: ignore[method-assign]


def floor_window() -> QMainWindow:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1100, 720)
    window.setCentralWidget(FigureCanvasQTAgg(Figure()))  # type: ignore[no-untyped-call]
    return window


def main(argv: list[str]) -> int:
    global SETTLE_S
    mode = argv[0]
    pages = "--pages" in argv
    if pages and argv[-1] != "--pages":
        SETTLE_S = float(argv[-1])
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(app, pages)
    if mode == "app":
        from journal.cli import main as journal_main

        if os.environ.get("BENCH_TRAY") == "1":
            pretend_tray()

        status = journal_main(["--data-dir", argv[1]])
    elif mode == "floor":
        window = floor_window()
        window.show()
        status = app.exec()
    else:
        raise SystemExit(f"unknown mode {mode}")
    del watcher
    marks["status"] = status
    marks["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    marks["done"] = time.time()
    print(json.dumps(marks), flush=True)
    os._exit(0 if "painted" in marks else 3)


if __name__ == "__main__":
    main(sys.argv[1:])
