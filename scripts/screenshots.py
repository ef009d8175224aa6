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
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from journal.domain.entities import Unit
from journal.domain.medications import Medication
from journal.domain.periods import PeriodKind
from journal.domain.reminders import ReminderKind
from journal.domain.stash import Purchase
from journal.domain.times import Moment
from journal.service.demo import generate, write_demo
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.main_window import MainWindow
from journal.ui.pages.photos import PhotosPage
from journal.ui.theme import apply_theme
from journal.ui.tray import Presence
from journal.ui.widgets import reminder_settings

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: Each picture: its file name and the page it shows (Today, History, Charts, Medications).
PAGES = (("today", 0), ("history", 2), ("charts", 3), ("medications", 7))
#: The Stash page's index (shot after the others, so their pictures stay as they were).
STASH_PAGE = 8
#: The Photos page's index, and the size the pictures are also looked at (a small laptop).
PHOTOS_PAGE = 6
SMALL = (1024, 600)


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
        add_photos(journal)
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
            small(app, window, f"{name}{suffix}")
        shoot_photos(app, window, suffix)
        # Your own taper plan: Today with it, and the amount chart with its step line.
        journal.taper.set("6", "3", "0.5", 7, date(2026, 9, 28))
        window.refresh()
        for name, index in (("today-plan", 0), ("charts-plan", 3)):
            window.show_page(index)
            settle(app, 1.5 if index == 3 else 0.3)
            window.grab().save(str(OUT / f"{name}{suffix}.png"))
        add_stash(journal)
        window.refresh()
        window.show_page(STASH_PAGE)
        settle(app, 0.3)
        window.grab().save(str(OUT / f"stash{suffix}.png"))
        small(app, window, f"stash{suffix}")
        shoot_tray(app, window, journal, now, suffix)
        window.quit()
        journal.close()
    return 0


def add_stash(journal: Journal) -> None:
    """Purchases of the two products most used lately, a weighing, and a bag bought with no product:
    one stash lasts weeks, one runs low, and the months show spend."""
    recent = journal.entries.intakes(NOW - timedelta(days=60))
    used = Counter(i.product_id for i in recent if i.product_id is not None)
    (first, _), (second, _) = used.most_common(2)

    def at(days_ago: float) -> Moment:
        return Moment.from_utc(NOW - timedelta(days=days_ago), ZONE)

    stash = journal.stash
    stash.add(Purchase(at(75), Decimal(250), Unit.G, first, price=Decimal("32.50"), batch="RB-0925"))
    stash.add(Purchase(at(41), Decimal(500), Unit.G, first, price=Decimal("55"), batch="RB-1025"))
    stash.add(Purchase(at(6.2), Decimal(180), Unit.G, first, correction=True, notes="kitchen scale"))
    stash.add(Purchase(at(33), Decimal(100), Unit.G, second, price=Decimal("18.90")))
    # The second product's stash, weighed three days ago at four days' use: it runs low.
    three_days = [i for i in recent if i.product_id == second and i.at.utc >= NOW - timedelta(days=14)]
    per_day = sum((i.leaf_mg or 0) for i in three_days) / 14 / 1000
    weighed = Decimal(str(round(per_day * 7, 1))) if per_day else Decimal(20)
    stash.add(Purchase(at(3), weighed, Unit.G, second, correction=True))
    stash.add(Purchase(at(12), Decimal(50), Unit.G, None, price=Decimal(9), notes="sample from a friend"))


def skin_photo(week: int, weeks: int) -> bytes:
    """A made-up photo of a forearm: a skin-toned gradient with a dark patch that fades and shrinks
    week by week (what a series of a darkened patch during a break could look like), as a JPEG."""
    import io

    from PIL import Image, ImageDraw, ImageFilter

    width, height = 1200, 900
    image = Image.linear_gradient("L").rotate(90).resize((width, height))
    skin = Image.merge(
        "RGB",
        [
            image.point(lambda v, lo=lo, hi=hi: lo + (hi - lo) * v // 255)
            for lo, hi in ((236, 206), (196, 160), (168, 130))
        ],
    )
    patch = Image.new("L", (width, height), 0)
    shrink = week / max(1, weeks - 1)
    rx, ry = int(230 - 120 * shrink), int(150 - 70 * shrink)
    cx, cy = 620, 430
    ImageDraw.Draw(patch).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=int(200 - 130 * shrink))
    ImageDraw.Draw(patch).ellipse(
        (cx + rx - 60, cy - 40, cx + rx + 40, cy + 50), fill=int(170 - 150 * shrink)
    )
    patch = patch.filter(ImageFilter.GaussianBlur(40))
    dark = Image.new("RGB", (width, height), (120, 78, 52))
    picture = Image.composite(dark, skin, patch)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def scalp_photo(week: int, weeks: int) -> bytes:
    """A made-up photo of a crown: dark hair strokes on a pale scalp, thinner at the centre, filling
    in a little week by week, as a JPEG."""
    import io
    import math
    import random

    from PIL import Image, ImageDraw, ImageFilter

    width, height = 1200, 900
    picture = Image.new("RGB", (width, height), (226, 196, 176))
    draw = ImageDraw.Draw(picture)
    rng = random.Random(7)  # the same strands every week: only the thin spot changes
    bare = 260 - 110 * week / max(1, weeks - 1)
    for _ in range(5200):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        distance = math.hypot(x - 600, y - 450)
        keep = rng.random()
        if distance < bare and keep > (distance / bare) ** 2:
            continue
        angle = math.atan2(y - 450, x - 600) + rng.uniform(-0.4, 0.4)
        length = rng.uniform(40, 90)
        shade = rng.randint(30, 70)
        draw.line(
            (x, y, x + length * math.cos(angle), y + length * math.sin(angle)),
            fill=(shade + 20, shade, shade - 10 if shade > 10 else 0),
            width=2,
        )
    out = io.BytesIO()
    picture.filter(ImageFilter.GaussianBlur(1)).save(out, "JPEG", quality=88)
    return out.getvalue()


def add_photos(journal: Journal) -> None:
    """Two made-up photo series, one every ten days: a dark patch on the left forearm that fades during
    the demonstration's break, and a crown filling in. One is linked to a symptom check-in."""
    from datetime import timedelta

    from journal.domain.times import Moment
    from journal.service.photos import PhotoDraft

    weeks = 6
    checkins = journal.photos.checkins(days=90)
    for week in range(weeks):
        at = NOW - timedelta(days=10 * (weeks - 1 - week), hours=9)
        moment = Moment.from_utc(at, ZONE)
        near = min(checkins, key=lambda c: abs(c.at.utc - at), default=None)
        link = near.symptom_id if near is not None and week == weeks - 1 else None
        note = "daylight by the window" if week % 2 == 0 else "daylight, arm on the table"
        journal.photos.add_data(
            [(f"arm-{week}.jpg", skin_photo(week, weeks))],
            PhotoDraft("skin-arms", "left forearm", note, moment, symptom_id=link),
        )
        journal.photos.add_data(
            [(f"crown-{week}.jpg", scalp_photo(week, weeks))],
            PhotoDraft("scalp-crown", "", "", Moment.from_utc(at + timedelta(minutes=5), ZONE)),
        )


def shoot_photos(app: QApplication, window: MainWindow, suffix: str) -> None:
    """The Photos page comparing the first and the last photo of the forearm side by side, then faded
    one over the other (onion skin); each also at 1024x600, to look at (not for the README)."""
    page = window.photos
    window.show_page(PHOTOS_PAGE)
    wait_photos(app, page)
    page.select_series(("skin-arms", "left forearm"))
    wait_photos(app, page)
    page.strip.setCurrentRow(page.strip.count() - 1)  # the last photo selected: Edit… is offered
    wait_photos(app, page)
    for name, tab in (("photos", 0), ("photos-compare", 1)):
        page.views.setCurrentIndex(tab)
        settle(app, 0.5)
        window.grab().save(str(OUT / f"{name}{suffix}.png"))
        small(app, window, f"{name}{suffix}")
    page.views.setCurrentIndex(0)


def small(app: QApplication, window: MainWindow, name: str) -> None:
    """The page at 1024x600 too, in the temporary folder: to look at, not for the README."""
    size = window.size()
    window.resize(*SMALL)
    settle(app, 0.8)
    window.grab().save(str(Path(tempfile.gettempdir()) / f"{name}-1024x600.png"))
    window.resize(size)
    settle(app, 0.5)


def wait_photos(app: QApplication, page: PhotosPage) -> None:
    """Until the page has read its photos and the two it compares (on the worker thread)."""
    end = time.monotonic() + 20
    while time.monotonic() < end:
        app.processEvents()
        if not page.busy.busy and page._pair_task is None and tasks.wait_for_idle(50):
            break
        time.sleep(0.01)
    settle(app, 0.3)


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
