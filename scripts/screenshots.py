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
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from journal.domain.medications import Medication
from journal.domain.periods import PeriodKind
from journal.domain.reminders import ReminderKind
from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.main_window import MainWindow
from journal.ui.theme import apply_theme
from journal.ui.tray import Presence
from journal.ui.widgets import reminder_settings

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: Each picture: its file name and the page it shows (Today, History, Charts, Medications).
PAGES = (("today", 0), ("history", 2), ("charts", 3), ("medications", 7))


def settle(app: QApplication, seconds: float) -> None:
    """Let the window lay out and draw (the charts redraw once their size settles)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def add_medications(journal: Journal) -> None:
    """A few other medications, one of them stopped, for the Medications page."""
    meds = journal.medications
    meds.add(Medication("Ibuprofen", "400 mg", "as needed, at most 3 a day", "back pain", date(2025, 6, 2)))
    meds.add(Medication("Sertraline", "50 mg", "every morning", "low mood", date(2026, 2, 14)))
    meds.add(Medication("Magnesium", "300 mg", "at night", "cramps", date(2026, 9, 1)))
    meds.add(
        Medication("Codeine", "30 mg", "twice a day", "after surgery", date(2026, 4, 3), date(2026, 4, 17))
    )


def main() -> int:
    app = QApplication(sys.argv[:1])
    theme = sys.argv[1] if len(sys.argv) > 1 else "light"
    suffix = "" if theme == "light" else f"-{theme}"
    apply_theme(app, theme)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="journal-shots-") as home:
        os.environ["HOME"] = home  # the journal's folder is shown from the home folder, as "~/…"
        folder = Path(home) / ".local" / "share" / "kratom-journal"
        folder.mkdir(parents=True)
        now = [NOW]
        journal = Journal.open(folder, zone=ZONE, clock=lambda: now[0])
        write_demo(journal, generate(2, seed=1, end=NOW, zone=ZONE))
        add_medications(journal)
        reminder_settings.tray_available = lambda: True  # as on a desktop with a tray (Xvfb has none)
        window = MainWindow(journal)
        window.resize(1200, 760)
        window.show()
        window.charts.set_period(PeriodKind.DAYS_90)
        for name, index in PAGES:
            window.show_page(index)
            settle(app, 1.5 if name == "charts" else 0.3)
            window.grab().save(str(OUT / f"{name}{suffix}.png"))
        # Your own taper plan: Today with it, and the amount chart with its step line.
        journal.taper.set("6", "3", "0.5", 7, date(2026, 9, 28))
        window.refresh()
        for name, index in (("today-plan", 0), ("charts-plan", 3)):
            window.show_page(index)
            settle(app, 1.5 if index == 3 else 0.3)
            window.grab().save(str(OUT / f"{name}{suffix}.png"))
        shoot_tray(app, window, journal, now, suffix)
        window.quit()
        journal.close()
    return 0


def shoot_tray(
    app: QApplication, window: MainWindow, journal: Journal, now: list[datetime], suffix: str
) -> None:
    """The tray's menu with the evening check-in due, and Settings → Reminders and the tray.

    Xvfb has no tray: the presence is told there is one, and its menu is popped up where a
    panel would show it (the picture is the menu as the person sees it).
    """
    from datetime import time, timedelta

    now[0] = NOW - timedelta(hours=2)  # set in the afternoon, so the evening one is due at 19:30
    journal.reminders.set(ReminderKind.DAILY_CHECKIN, on=True, at=time(19, 0))
    journal.reminders.set(ReminderKind.WEEKLY_PAIN, on=True, at=time(10, 0), days=frozenset({6}))
    now[0] = NOW
    presence = Presence(window, tray=True)
    presence.refresh()
    presence.menu.popup(QPoint(40, 40))
    for _ in range(5):
        app.processEvents()
    presence.menu.grab().save(str(OUT / f"tray-menu{suffix}.png"))
    presence.menu.hide()
    while tasks.writes_pending():
        app.processEvents()
    window.show_page(5)
    box = window.settings_page.reminders
    box.reload()
    app.processEvents()
    box.grab().save(str(OUT / f"reminders{suffix}.png"))


if __name__ == "__main__":
    raise SystemExit(main())
