"""Today page: the numbers it shows and its one-click presets."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from journal.domain.entities import Form, PainCheckin, Product, Unit
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.dialogs.sources import SourcesPage
from journal.ui.main_window import MainWindow
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

    assert "Log 4 Red caps now" not in shown()  # replaced buttons are hidden at once
    qtbot.waitUntil(lambda: shown().count("Log 4 Red caps now") == 1)
    (button,) = page.preset_buttons
    assert button.text() == "Log 4 Red caps now"
    with qtbot.waitSignal(page.preset_clicked) as clicked:
        button.click()
    check = journal.log_preset(clicked.args[0])
    assert check.intake.leaf_mg == 2000 and check.intake.at.utc == clock.now


def _known(journal: Journal, clock: FakeClock) -> None:
    """A month with two days over 12 g in 24 hours, two pain check-ins and ratings that changed."""

    def at(delta: timedelta) -> Moment:
        return Moment.from_utc(clock.now + delta, journal.zone)

    day = timedelta(days=1)
    journal.log_intake(IntakeDraft("14", at(-8 * day)))
    journal.log_intake(IntakeDraft("6.5", at(-timedelta(hours=10))))
    journal.log_intake(IntakeDraft("6.5", at(-timedelta(hours=5))))
    journal.log_pain(PainCheckin(at(-20 * day), 6))
    journal.log_pain(PainCheckin(at(-2 * day), 4))
    journal.log_symptom("itching", 1, at(-10 * day), area="legs")
    journal.log_symptom("itching", 2, at(-2 * day), area="legs")
    journal.log_symptom("nausea", 1, at(-day))
    journal.log_symptom("nausea", 1, at(-12 * day))


def test_the_dashboard_figures_on_a_known_journal(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    _known(journal, clock)
    page = _page(qtbot, journal)
    values = {key: label.text() for key, label in page.values.items()}
    assert values["since"] == "5 h 0 min ago"
    assert values["rolling"] == "13 g — within the cited upper limit, past its lower end"
    assert "cited upper limit 12 to 15 g in 24 hours" in page.band_words.text()
    assert page.band.ticks() == [0, 5000, 10_000, 15_000, 20_000]
    assert values["over"] == "1 day in the last 7 days, 2 days in the last 30 (a 24-hour total over 12 g)"
    assert values["month"].startswith("2 of 30 days with intakes")
    assert [mg for _, mg in page.bars.days if mg] == [14_000, 13_000]
    assert "the most, 14 g" in page.bars.accessibleDescription()
    assert values["break"] == "No break running"
    assert "Pain 4/10" in values["pain"] and "Pain down 2 since" in values["pain"]
    assert "(6/10)" in values["pain"]
    assert "Itching (legs): mild → <b>moderate</b>" in values["symptoms"]
    assert "Nausea" not in values["symptoms"]  # rated the same as before this week


def test_a_dose_just_now_and_a_running_break(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    journal.log_intake(IntakeDraft("2", journal.now()))
    page = _page(qtbot, journal)
    assert page.values["since"].text() == "just now"  # not "just now ago"
    clock.now += timedelta(days=3)
    journal.start_break(journal.now().local.date() + timedelta(days=7))
    clock.now += timedelta(days=2)
    page.refresh()
    assert page.values["break"].text() == "Break: day 3 of 7"
    assert page.values["since"].text().endswith("; dose-free for 4 days before today")
    assert page.values["symptoms"].text() == "No rating changed this week"


def test_every_figure_links_to_the_page_that_explains_it(qtbot: QtBot, window: MainWindow) -> None:
    today = window.today
    expected = {
        "since": window.history,
        "today": window.history,
        "month": window.charts,
        "break": window.settings_page,
        "pain": window.charts,
        "symptoms": window.history,
    }
    assert set(today.links) == {*expected, "rolling", "over", "withdrawal", "plan"}
    today.links["plan"].click()  # shown while your taper plan runs only
    assert window.pages.currentWidget() is window.charts
    today.links["withdrawal"].click()  # shown during a break only
    assert window.pages.currentWidget() is window.charts
    for key, page in expected.items():
        window.show_page(0)
        link = today.links[key]
        assert link.accessibleName() and link.toolTip()
        link.setFocus()
        qtbot.keyClick(link, Qt.Key.Key_Space)  # reachable and pressed from the keyboard
        assert window.pages.currentWidget() is page, key
    for key in ("rolling", "over"):
        window.show_page(0)
        today.links[key].click()
        dialog = window.dialog
        assert isinstance(dialog, SourcesPage) and "Upper limit within 24 hours" in dialog.text()
        dialog.close()


def test_the_dashboard_fits_1024_by_600(qtbot: QtBot, journal: Journal, clock: FakeClock) -> None:
    """Nothing clipped: the page's smallest size fits the space the window has at 1024x600."""
    _known(journal, clock)
    page = _page(qtbot, journal)
    page.resize(1024 - 170, 600 - 80)  # the navigation list, menu and status bars take the rest
    qtbot.wait(10)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1024 - 170 and hint.height() <= 600 - 80, hint
    for key, label in page.values.items():
        if key == "withdrawal":
            assert not label.isVisible(), "the break's withdrawal totals show during a break only"
        elif key == "plan":
            assert not label.isVisible(), "your plan's tile shows while a plan runs only"
        else:
            assert label.isVisible() and label.width() > 0


def test_the_dashboard_with_a_plan_still_fits_1024_by_600(
    qtbot: QtBot, journal: Journal, clock: FakeClock
) -> None:
    _known(journal, clock)
    journal.taper.set("8", "4", "0.5", 7)
    page = _page(qtbot, journal)
    page.resize(1024 - 170, 600 - 80)
    qtbot.wait(10)
    hint = page.minimumSizeHint()
    assert page.values["plan"].isVisible() and page.values["plan"].text().startswith("8 g planned")
    assert hint.width() <= 1024 - 170 and hint.height() <= 600 - 80, hint
