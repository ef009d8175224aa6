"""Regenerate the README screenshots from a demonstration journal.

Run under a display (or Xvfb): `xvfb-run -a .venv/bin/python scripts/screenshots.py`.
The journal is generated with a fixed seed and a fixed "now", so the pictures only
change when the app does.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.theme import apply_theme

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    app = QApplication(sys.argv[:1])
    theme = sys.argv[1] if len(sys.argv) > 1 else "light"
    apply_theme(app, theme)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="journal-shots-") as tmp:
        journal = Journal.open(Path(tmp), zone=ZONE, clock=lambda: NOW)
        write_demo(journal, generate(2, seed=1, end=NOW, zone=ZONE))
        window = MainWindow(journal)
        window.resize(1200, 760)
        window.show()
        for index, name in ((0, "today"), (2, "history")):
            window.show_page(index)
            app.processEvents()
            suffix = "" if theme == "light" else f"-{theme}"
            window.grab().save(str(OUT / f"{name}{suffix}.png"))
        window.close()
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
