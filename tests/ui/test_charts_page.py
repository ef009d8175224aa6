"""The Charts page: built when first shown, periods, symptom picker, hover, saving, looks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.backend_bases import MouseEvent
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from journal.charts.common import day_numbers
from journal.domain.entities import Break, PainCheckin
from journal.domain.periods import PeriodKind
from journal.domain.times import Moment, resolve_local
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.pages.charts import CHARTS, HOVER_HINT, ChartsPage
from journal.ui.theme import palette
from tests.conftest import ZONE

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def at(*args: int) -> Moment:
    return resolve_local(datetime(*args), ZONE)  # type: ignore[arg-type]


@pytest.fixture
def filled(journal: Journal) -> Journal:
    """A week of entries up to the fixture's "now" (Tue 10 Mar 2026, 13:00 in Berlin)."""
    for day, amount in ((3, "4"), (4, "5"), (6, "6"), (9, "3.5")):
        journal.log_intake(IntakeDraft(amount, at(2026, 3, day, 9, 0)))
    journal.log_intake(IntakeDraft("3.5", at(2026, 3, 3, 20, 0)))  # 7.5 g on the 3rd
    journal.log_intake(IntakeDraft("3.5", at(2026, 3, 4, 8, 0)))  # 12 g in the 24 h up to 09:00 on the 4th
    journal.log_symptom("hair-shedding", 2, at(2026, 3, 5, 9, 0))
    journal.log_symptom("dry-skin", 1, at(2026, 3, 5, 9, 0))
    journal.log_symptom("dry-skin", 3, at(2026, 3, 8, 9, 0))
    journal.log_pain(PainCheckin(at(2026, 3, 5, 9, 0), 4, peg=(4, 5, 6)))
    return journal


@pytest.fixture
def page(qtbot: QtBot, filled: Journal) -> Iterator[ChartsPage]:
    widget = ChartsPage(filled)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    with qtbot.waitExposed(widget):
        widget.show()
    yield widget


def point(page: ChartsPage, key: str, x: float, y: float) -> MouseEvent:
    """A mouse move over data coordinates (x, y) of a chart's main axes, as matplotlib sends it."""
    canvas = page.canvases[key]
    canvas.draw()
    ax = canvas.figure.axes[0]
    px, py = ax.transData.transform((x, y))
    event = MouseEvent("motion_notify_event", canvas, px, py)
    canvas.callbacks.process("motion_notify_event", event)
    return event


def test_the_page_imports_no_matplotlib_until_shown() -> None:
    code = (
        "import json, sys\n"
        "import journal.ui.main_window, journal.ui.pages.charts\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('matplotlib'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(out.stdout) == []


def test_nothing_is_drawn_before_the_page_is_first_shown(qtbot: QtBot, filled: Journal) -> None:
    widget = ChartsPage(filled)
    qtbot.addWidget(widget)
    widget.refresh()
    assert not widget.built and widget.data == {}
    widget.show()
    assert widget.built and set(widget.data) == {"amount"}


def test_ctrl_4_opens_the_charts_page_with_its_empty_state(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.charts.built
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.pages.currentWidget() is window.charts
    assert window.charts.built
    amount = window.charts.data["amount"]
    assert amount.empty
    assert window.charts.summary.text().startswith("No intakes logged")
    messages = [a for a in window.charts.figure("amount").findobj() if a.get_gid() == "empty-message"]
    assert messages and "Ctrl+N" in messages[0].get_text()


def test_main_window_refresh_redraws_the_charts(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(3)
    assert window.charts.data["amount"].empty
    window.journal.log_intake(IntakeDraft("3", window.journal.now()))
    window.refresh()
    assert not window.charts.data["amount"].empty
    assert window.charts.summary.text().startswith("Intakes on 1 of 30 days")


def test_the_periods_are_radio_buttons_chosen_with_the_arrow_keys(qtbot: QtBot, page: ChartsPage) -> None:
    """Read as radio buttons, one chosen at a time; Tab stops at the chosen one, the arrows choose."""
    buttons = page.period_buttons
    for button in buttons.values():
        node = QAccessible.queryAccessibleInterface(button)
        assert node.role() == QAccessible.Role.RadioButton
        assert node.text(QAccessible.Text.Name).startswith("Period: ")
    assert page.period_group.exclusive()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.tabs.tabBar().setFocus()
    qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_Backtab)  # the date fields are off: back to the period
    assert QApplication.focusWidget() is buttons[PeriodKind.DAYS_30]
    qtbot.keyClick(buttons[PeriodKind.DAYS_30], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is buttons[PeriodKind.DAYS_90]
    assert page.kind is PeriodKind.DAYS_90 and page.data["amount"].period.days == 90
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert page.kind is PeriodKind.DAYS_7 and page.data["amount"].period.days == 7
    assert [k for k, b in buttons.items() if b.isChecked()] == [PeriodKind.DAYS_7]
    # Tab leaves the group at once, and Shift+Tab comes back to the period chosen.
    qtbot.keyClick(buttons[PeriodKind.DAYS_7], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in buttons.values()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is buttons[PeriodKind.DAYS_7]


def test_switch_periods_with_clicks_and_keys(qtbot: QtBot, page: ChartsPage) -> None:
    assert page.data["amount"].period.days == 30
    qtbot.mouseClick(page.period_buttons[PeriodKind.DAYS_7], Qt.MouseButton.LeftButton)
    assert page.kind is PeriodKind.DAYS_7
    amount = page.data["amount"]
    assert (amount.period.start, amount.period.end) == (date(2026, 3, 4), date(2026, 3, 10))
    assert [d.day.day for d in amount.days] == [4, 6, 9]
    # A mnemonic clicks its button after a short animation.
    qtbot.keyClick(page, Qt.Key.Key_Y, ALT)
    qtbot.waitUntil(lambda: page.kind is PeriodKind.YEAR)
    assert page.data["amount"].period.days == 365
    shown = (page.date_from.date(), page.date_to.date())
    assert shown == (QDate(2025, 3, 11), QDate(2026, 3, 10)), "the fields show the year drawn"
    qtbot.keyClick(page, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: page.kind is PeriodKind.ALL)
    assert page.data["amount"].period.start == date(2026, 3, 3)  # the first entry
    assert not page.date_from.isEnabled()
    assert page.date_from.date() == QDate(2026, 3, 3), "and everything, from the first entry"
    qtbot.keyClick(page, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: page.kind is PeriodKind.CUSTOM)
    assert page.date_from.isEnabled()
    assert page.data["amount"].period.start == date(2026, 3, 3), "Custom starts from the period shown"
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 3, 6))
    custom = page.data["amount"].period
    assert (custom.start, custom.end) == (date(2026, 3, 1), date(2026, 3, 6))
    assert "1 Mar – 6 Mar 2026" in page.figure("amount").axes[0].get_title(loc="left")


def test_the_period_is_shared_by_every_chart(qtbot: QtBot, page: ChartsPage) -> None:
    qtbot.mouseClick(page.period_buttons[PeriodKind.DAYS_7], Qt.MouseButton.LeftButton)
    for index, chart in enumerate(CHARTS):
        page.tabs.setCurrentIndex(index)
        assert page.data[chart.key].period.days == 7
        assert page.canvases[chart.key].accessibleDescription() == page.summary.text() != ""
    pain = page.data["pain"]
    assert [s.pain_now for s in pain.samples] == [4]


def test_pick_a_symptom_for_the_use_chart(qtbot: QtBot, page: ChartsPage) -> None:
    page.tabs.setCurrentIndex(3)
    use = page.data["use"]
    assert use.symptom.key == "dry-skin"  # rated on the most days
    assert [page.symptom.itemData(i) for i in range(page.symptom.count())] == ["hair-shedding", "dry-skin"]
    page.symptom.setFocus()
    qtbot.keyClick(page.symptom, Qt.Key.Key_Up)
    assert page.data["use"].symptom.key == "hair-shedding"
    assert "Hair shedding beside use" in page.figure("use").axes[0].get_title(loc="left")
    qtbot.mouseClick(page.period_buttons[PeriodKind.DAYS_7], Qt.MouseButton.LeftButton)
    assert page.data["use"].symptom.key == "hair-shedding"  # the choice stays with the period
    page.pick_symptom("dry-skin")
    assert page.data["use"].symptom.key == "dry-skin"
    with pytest.raises(ValueError):
        page.pick_symptom("jaundice")


def test_hover_shows_the_value_of_the_day(qtbot: QtBot, page: ChartsPage) -> None:
    (x3, x5) = day_numbers([date(2026, 3, 3), date(2026, 3, 5)])
    point(page, "amount", x3 + 0.5, 2)
    assert page.hover.text() == "Tue 3 Mar 2026: 7.5 g, max 24 h 7.5 g"
    (x4,) = day_numbers([date(2026, 3, 4)])
    point(page, "amount", x4 + 0.5, 2)
    assert page.hover.text() == "Wed 4 Mar 2026: 8.5 g, max 24 h 12 g"
    point(page, "amount", x5 + 0.5, 2)
    assert page.hover.text() == "Thu 5 Mar 2026: no intake logged"
    page.tabs.setCurrentIndex(1)
    lines = page.data["symptoms"].lines()
    row = next(i for i, line in enumerate(lines) if not isinstance(line, str) and line.info.key == "dry-skin")
    point(page, "symptoms", x5 + 0.5, row + 0.5)
    assert page.hover.text() == "Thu 5 Mar 2026 · Dry skin: mild"
    # Outside the axes: the hint again.
    canvas = page.canvases["symptoms"]
    canvas.callbacks.process("motion_notify_event", MouseEvent("motion_notify_event", canvas, 2, 2))
    assert page.hover.text() == HOVER_HINT


def test_hover_with_the_real_mouse(qtbot: QtBot, page: ChartsPage) -> None:
    page.set_period(PeriodKind.DAYS_7)
    canvas = page.canvases["amount"]
    canvas.draw()
    (x6,) = day_numbers([date(2026, 3, 6)])
    px, py = canvas.figure.axes[0].transData.transform((x6 + 0.5, 1))
    ratio = canvas.device_pixel_ratio
    qtbot.mouseMove(canvas, pos=canvas.rect().topLeft() + _qpoint(px / ratio, canvas.height() - py / ratio))
    qtbot.waitUntil(lambda: page.hover.text().startswith("Fri 6 Mar 2026: 6 g"))


def _qpoint(x: float, y: float):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    return QPoint(round(x), round(y))


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_save_a_chart(qtbot: QtBot, page: ChartsPage, tmp_path: Path, suffix: str) -> None:
    page.tabs.setCurrentIndex(2)
    saved = page.save_chart(tmp_path / f"pain.{suffix}")
    assert saved == tmp_path / f"pain.{suffix}"
    content = saved.read_bytes()
    if suffix == "png":
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert b"<svg" in content[:2000] and b"Pain" in content
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".chart-")] == []
    with pytest.raises(ValueError):
        page.save_chart(tmp_path / "pain.jpg")


def test_ctrl_s_asks_where_to_save(
    qtbot: QtBot, page: ChartsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "amount"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "SVG drawing (*.svg)"))
    )
    page.tabs.setFocus()
    qtbot.keyClick(page.tabs, Qt.Key.Key_S, CTRL)
    assert (tmp_path / "amount.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert page.hover.text() == "Saved amount.svg."


def test_charts_follow_the_dark_palette(qtbot: QtBot, page: ChartsPage) -> None:
    assert not page.chart_style().dark
    page.setPalette(palette("dark"))
    assert page.chart_style().dark
    fig = page.figure("amount")
    assert fig.get_facecolor()[:3] == pytest.approx((0x20 / 255, 0x20 / 255, 0x20 / 255))
    title = fig.axes[0].title
    assert title.get_color() == "#f0f0f0"


def test_breaks_show_on_the_page(qtbot: QtBot, page: ChartsPage, filled: Journal) -> None:
    brk = filled._store.start_break(Break(at(2026, 3, 6, 21, 0), planned_end=date(2026, 3, 9)))
    assert brk.id is not None
    filled._store.end_break(brk.id, at(2026, 3, 9, 8, 0))
    page.refresh()
    (span,) = page.data["amount"].breaks
    assert (span.first_day, span.last_day) == (date(2026, 3, 6), date(2026, 3, 9))
    assert "1 break" in page.summary.text()


def test_controls_have_names_and_shortcuts(qtbot: QtBot, page: ChartsPage) -> None:
    for button in page.period_buttons.values():
        assert button.accessibleName().startswith("Period: ")
        assert "(Alt+" in button.toolTip()
    assert "Ctrl+S" in page.save_button.toolTip()
    for widget in (page.date_from, page.date_to, page.symptom, page.tabs, page.hover, page.summary):
        assert widget.accessibleName()
    for index in range(page.tabs.count()):
        assert "Ctrl+Tab" in page.tabs.tabToolTip(index)
    for canvas in page.canvases.values():
        assert canvas.accessibleName().endswith("chart")


def test_the_withdrawal_tab_shows_the_sows_totals(qtbot: QtBot, page: ChartsPage, filled: Journal) -> None:
    from journal.domain.withdrawal import WithdrawalScore

    filled.log_withdrawal(WithdrawalScore(at(2026, 3, 6, 9, 0), (2,) * 16))
    filled.log_withdrawal(WithdrawalScore(at(2026, 3, 8, 9, 0), (1,) * 16))
    page.refresh()
    page.tabs.setFocus()
    while page.current_key() != "withdrawal":
        qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "withdrawal" in page.data)
    assert page.summary.text() == (
        "2 scored withdrawal check-ins (SOWS, 0 to 64): first 32 (Fri 6 Mar 2026), "
        "last 16 (Sun 8 Mar 2026), highest 32 (Fri 6 Mar 2026)."
    )
    (x8,) = day_numbers([date(2026, 3, 8)])
    assert page.hover_text("withdrawal", point(page, "withdrawal", x8 + 0.5, 20)) == (
        "Sun 8 Mar 2026: SOWS total 16 of 64"
    )


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    """Two years of demonstration entries, with breaks, estimates and every symptom kind."""
    from journal.service.demo import generate, write_demo

    end = datetime(2026, 3, 10, 12, tzinfo=UTC)
    journal = Journal.open(tmp_path_factory.mktemp("demo"), zone=ZONE, clock=lambda: end)
    write_demo(journal, generate(2, 3, end, ZONE))
    journal.save_settings(replace(journal.settings, personal_daily_limit_g=Decimal("9")))
    yield journal
    journal.close()


@pytest.mark.parametrize("kind", [PeriodKind.DAYS_7, PeriodKind.DAYS_30, PeriodKind.YEAR, PeriodKind.ALL])
def test_the_plot_keeps_two_thirds_of_the_tab_at_1024_by_600(
    qtbot: QtBot, two_years: Journal, kind: PeriodKind
) -> None:
    page = ChartsPage(two_years)
    qtbot.addWidget(page)
    page.resize(930, 540)  # the room a 1024x600 window leaves the page beside the page list
    with qtbot.waitExposed(page):
        page.show()
    qtbot.mouseClick(page.period_buttons[kind], Qt.MouseButton.LeftButton)
    for index, chart in enumerate(CHARTS):
        if index:
            qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, CTRL)
        qtbot.waitUntil(lambda c=chart: page.current_key() == c.key)  # type: ignore[misc]
        canvas = page.canvases[chart.key]
        canvas.draw()
        axes = [a for a in canvas.figure.axes if a.get_visible()]
        plot = max(a.get_position().y1 for a in axes) - min(a.get_position().y0 for a in axes)
        share = plot * canvas.height() / page.tabs.currentWidget().height()
        assert share >= 2 / 3, (chart.key, kind.name, round(share, 3))
        assert page.symptom_picker.isVisible() is (chart.key == "use"), "the picker sits beside its tab"
