"""Regenerate the README screenshots from a demonstration journal.

Run under a display (or Xvfb): `xvfb-run -a .venv/bin/python scripts/screenshots.py [light|dark]`.
The journal is generated with a fixed seed and a fixed "now", so the pictures only
change when the app does. It lives where a person's journal lives, under a home
folder made for the run, so the status bar reads "~/.local/share/kratom-journal/…"
and no temporary path shows.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from journal.domain.periods import PeriodKind
from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.theme import apply_theme

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: Each picture: its file name and the page it shows (Today, History, Charts).
PAGES = (("today", 0), ("history", 2), ("charts", 3))


def settle(app: QApplication, seconds: float) -> None:
    """Let the window lay out and draw (the charts redraw once their size settles)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    app = QApplication(sys.argv[:1])
    theme = sys.argv[1] if len(sys.argv) > 1 else "light"
    apply_theme(app, theme)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="journal-shots-") as home:
        os.environ["HOME"] = home  # the journal's folder is shown from the home folder, as "~/…"
        folder = Path(home) / ".local" / "share" / "kratom-journal"
        folder.mkdir(parents=True)
        journal = Journal.open(folder, zone=ZONE, clock=lambda: NOW)
        write_demo(journal, generate(2, seed=1, end=NOW, zone=ZONE))
        window = MainWindow(journal)
        window.resize(1200, 760)
        window.show()
        window.charts.set_period(PeriodKind.DAYS_90)
        for name, index in PAGES:
            window.show_page(index)
            settle(app, 1.5 if name == "charts" else 0.3)
            suffix = "" if theme == "light" else f"-{theme}"
            window.grab().save(str(OUT / f"{name}{suffix}.png"))
        window.close()
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
