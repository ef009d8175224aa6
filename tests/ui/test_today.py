"""Today page: the numbers it shows and its one-click presets."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, Product, Unit
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.pages.today import TodayPage
from tests.conftest import FakeClock


def _page(qtbot: QtBot, journal: Journal) -> TodayPage:
    page = TodayPage(journal)
    qtbot.addWidget(page)
    page.show()
    return page


def test_empty_state_says_what_to_do(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    assert page.empty.isVisible() and "Log intake" in page.empty.text()
    assert page.values["since"].text() == "No intakes logged yet"
    assert page.preset_buttons == []


def test_totals_and_band(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    for hours_ago in (10, 5):
        at = journal.now()
        at = type(at).from_utc(clock.now - timedelta(hours=hours_ago), journal.zone)
        journal.log_intake(IntakeDraft("6.5", at))
    page = _page(qtbot, journal)
    assert page.values["since"].text() == "5 h 0 min ago"
    assert page.values["rolling"].text().startswith("13 g — within the cited upper limit")
    assert page.band.value_mg == 13_000
    assert "13 g" in page.band.accessibleDescription()


def test_preset_logs_the_usual_amount(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    caps = journal.products.add(Product("Red caps", usual_form=Form.CAPSULES, capsule_g=Decimal("0.5")))
    for days in (3, 2, 1):
        at = type(journal.now()).from_utc(clock.now - timedelta(days=days), journal.zone)
        journal.log_intake(IntakeDraft("4", at, Unit.CAPS, Form.CAPSULES, caps.id))
    page = _page(qtbot, journal)
    page.refresh()
    page.refresh()

    def shown() -> list[str]:
        return [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]

    assert "Log 4 caps Red caps now" not in shown()  # replaced buttons are hidden at once
    qtbot.waitUntil(lambda: shown().count("Log 4 caps Red caps now") == 1)
    (button,) = page.preset_buttons
    assert button.text() == "Log 4 caps Red caps now"
    with qtbot.waitSignal(page.preset_clicked) as clicked:
        button.click()
    check = journal.log_preset(clicked.args[0])
    assert check.intake.leaf_mg == 2000 and check.intake.at.utc == clock.now
