"""Every text reads at 4.5:1 or more against what is under it, in the system, light and dark looks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.ui.main_window import MainWindow
from journal.ui.theme import apply_theme
from tests.conftest import FakeClock
from tests.ui.contrast import MINIMUM, Pair, ratio, text_pairs

LOOKS = ("system", "light", "dark")


@pytest.fixture(autouse=True)
def _restore_look(qapp: QApplication) -> Iterator[None]:
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "system")


def _look(qtbot: QtBot, look: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, look)
    qtbot.wait(10)


def test_the_arithmetic() -> None:
    """WCAG's own figures: black on white 21:1, #767676 on white 4.54:1."""
    from PySide6.QtGui import QColor

    assert round(ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert round(ratio(QColor("#767676"), QColor("white")), 2) == 4.54
    assert round(ratio(QColor("#bebebe"), QColor("#efefef")), 1) == 1.6


def test_the_check_reads_style_sheets_and_disabled_text(qtbot: QtBot) -> None:
    """A colour set by a style sheet, a translucent background over a parent's, and dimmed text."""
    _look(qtbot, "light")
    parent = QWidget()
    parent.setObjectName("box")
    parent.setStyleSheet("#box { background: #efefef; }")
    layout = QVBoxLayout(parent)
    grey = QLabel("Grey on grey")
    grey.setStyleSheet("color: #bebebe;")
    tinted = QLabel("On a tint")
    tinted.setStyleSheet("background: rgba(0, 0, 0, 0.5);")
    dimmed = QLabel("Dimmed")
    dimmed.setEnabled(False)
    for label in (grey, tinted, dimmed):
        layout.addWidget(label)
    qtbot.addWidget(parent)
    parent.show()
    got = {p.text: p for p in text_pairs(parent)}
    assert (got["Grey on grey"].fg.name(), got["Grey on grey"].bg.name()) == ("#bebebe", "#efefef")
    assert got["Grey on grey"].ratio < MINIMUM
    assert got["On a tint"].bg.name() == "#777777"  # half black over #efefef
    assert (got["Dimmed"].fg.name(), got["Dimmed"].bg.name()) == ("#666666", "#efefef")


def _fill(journal: Journal, clock: FakeClock) -> None:
    for hours, grams in ((30, "6"), (10, "7"), (2, "9")):
        at = Moment.from_utc(clock.now - timedelta(hours=hours), journal.zone)
        journal.log_intake(IntakeDraft(grams, at))
    journal.log_symptom("itching", 2, journal.now(), area="legs")


@pytest.mark.parametrize("look", LOOKS)
def test_every_page_reads_at_4_5_to_1(qtbot: QtBot, journal: Journal, clock: FakeClock, look: str) -> None:
    _fill(journal, clock)
    _look(qtbot, look)  # as at start-up: the look is set before the window is made
    window = MainWindow(journal)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    low: list[Pair] = []
    for index in range(window.pages.count()):
        window.show_page(index)
        if window.pages.currentWidget() is window.log:
            qtbot.keyClicks(window.log.amount, "16")  # the guidance panel with its findings
        qtbot.wait(20)
        low += [p for p in text_pairs(window) if p.ratio < MINIMUM]
    for open_dialog in (
        window.show_sources,
        window.symptom_checkin,
        window.pain_checkin,
        window.toggle_break,
    ):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        low += [p for p in text_pairs(dialog) if p.ratio < MINIMUM]
        dialog.close()
    assert not low, f"{look}:\n" + "\n".join(str(p) for p in low)
