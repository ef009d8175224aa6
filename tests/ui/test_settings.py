"""Settings, the first-run welcome, the look and the Sources page, driven as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from journal import resources
from journal.domain.entities import Settings
from journal.service.journal import Journal
from journal.ui.dialogs.sources import SourcesPage, SourceTextDialog
from journal.ui.dialogs.welcome import WelcomeDialog, maybe_welcome
from journal.ui.pages import settings as settings_module
from journal.ui.pages.settings import SettingsPage
from journal.ui.theme import apply_theme
from tests.ui.saving import outcome, wait_saved

ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _restore_look() -> Iterator[None]:
    """A test that changes the look puts the system look back for the tests after it."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "system")


def _page(qtbot: QtBot, journal: Journal) -> SettingsPage:
    page = SettingsPage(journal)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def _retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what is in a field and type over it, as a person would."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def _window_colour() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Window).name()


def test_settings_persist_across_a_restart(qtbot: QtBot, journal: Journal, data_dir: Path) -> None:
    page = _page(qtbot, journal)
    assert page.day_start.text() == "00:00"
    _retype(qtbot, page.day_start, "4")
    assert page.day_start.value() == 4
    assert "A day starts at 04:00" in page.day_start_help.text()
    assert "count towards the previous day" in page.day_start_help.text()
    _retype(qtbot, page.intake_limit, "4,5")
    _retype(qtbot, page.daily_limit, "10")
    _retype(qtbot, page.break_plan, "6")
    assert "at least one dose-free day in every 7" in page.break_plan_help.text()
    with qtbot.waitSignal(page.changed) as signal:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = signal.args[0]
    assert isinstance(saved, Settings)
    assert saved.day_start_hour == 4
    assert saved.personal_intake_limit_g == Decimal("4.5")
    assert "saved" in page.status.text().lower()
    page.close()
    journal.close()

    reopened = Journal.open(data_dir, zone=ZONE)
    try:
        assert reopened.settings == Settings(
            day_start_hour=4,
            personal_intake_limit_g=Decimal("4.5"),
            personal_daily_limit_g=Decimal("10"),
            max_use_days_in_row=6,
        )
        again = _page(qtbot, reopened)
        assert again.day_start.text() == "04:00"
        assert again.intake_limit.text() in ("4.5", "4,5")
        assert again.daily_limit.text() == "10"
        assert again.break_plan.value() == 6
        assert again.theme_buttons["system"].isChecked()
        # Emptying a limit and the plan removes them.
        _retype(qtbot, again.intake_limit, "")
        _retype(qtbot, again.break_plan, "0")
        assert again.break_plan.value() == 0
        qtbot.keyClick(again, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
        wait_saved(qtbot, again)
        after = reopened.settings
        assert after.personal_intake_limit_g is None
        assert after.max_use_days_in_row is None
        assert after.personal_daily_limit_g == Decimal("10")
        again.close()
    finally:
        reopened.close()


@pytest.mark.parametrize(("typed", "problem"), [("abc", "not a number"), ("0", "more than zero")])
def test_a_bad_limit_shows_at_the_field_keeps_the_text_and_saves_nothing(
    qtbot: QtBot, journal: Journal, typed: str, problem: str
) -> None:
    before = journal.settings
    page = _page(qtbot, journal)
    _retype(qtbot, page.day_start, "5")
    _retype(qtbot, page.daily_limit, typed)
    with qtbot.assertNotEmitted(page.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert problem in page.error_text(page.daily_limit)
    assert page.daily_limit_error.isVisible()
    assert page.error_text(page.intake_limit) == ""
    assert page.daily_limit.text() == typed
    assert page.daily_limit.hasFocus()
    assert page.day_start.value() == 5  # the good field keeps its value too
    assert "Not saved" in page.status.text()
    assert journal.settings == before  # nothing saved, not even the good field
    # Typing in the field clears its message; a good value then saves everything.
    _retype(qtbot, page.daily_limit, "12")
    assert page.error_text(page.daily_limit) == ""
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert journal.settings.day_start_hour == 5
    assert journal.settings.personal_daily_limit_g == Decimal("12")


def test_every_problem_is_shown_at_once(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    _retype(qtbot, page.intake_limit, "-2")
    _retype(qtbot, page.daily_limit, "1.2345")
    page.save()
    assert "negative" in page.error_text(page.intake_limit)
    assert "three decimals" in page.error_text(page.daily_limit)
    assert page.intake_limit.accessibleDescription()
    assert "2 fields" in page.status.text()
    assert journal.settings == Settings()


def test_limit_per_24_hours_below_limit_per_intake_is_questioned(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    _retype(qtbot, page.intake_limit, "5")
    _retype(qtbot, page.daily_limit, "3")
    assert page.save() is None
    assert "lower than your limit per intake" in page.error_text(page.daily_limit)
    assert journal.settings == Settings()


def test_limits_are_labelled_as_personal(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "set by you or your clinician, not from the sources" in texts
    assert "your personal limit" in page.intake_limit.accessibleName().lower()
    assert "your break plan" in page.break_plan.accessibleName().lower()
    assert "12 to 15 g" in texts  # the cited limit is shown for comparison, apart


def test_every_control_has_a_name_and_a_tooltip(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    controls = [
        page.day_start,
        page.intake_limit,
        page.daily_limit,
        page.starting,  # its date field is skipped while unticked
        page.break_plan,
        page.folder,
        page.open_folder_button,
        # Then the backups' buttons that can be pressed now (no backup yet to restore, no passphrase).
        page.safety.backup_button,
        page.safety.check_button,
        page.safety.set_button,
        *page.theme_buttons.values(),
        page.lock_after,
        # Reminders and the tray (keeping the journal in the tray is greyed out without a tray).
        *(c for c in page.reminders.focus_order() if c.isEnabled()),
        page.delete_data_button,
        page.save_button,
    ]
    for control in [*controls, page.starting_since]:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    # Tab walks the controls in reading order.
    page.day_start.setFocus()
    seen = [page.focusWidget()]
    for _ in range(2 * len(controls)):
        current = page.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        if page.focusWidget() is not seen[-1]:  # a time field takes Tab from hours to minutes first
            seen.append(page.focusWidget())
    checked = next(b for b in page.theme_buttons.values() if b.isChecked())
    expected = [c for c in controls if c not in page.theme_buttons.values() or c is checked]
    assert seen[: len(expected)] == expected


def test_open_folder_hands_the_data_folder_to_the_desktop(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(settings_module, "_open_url", fake_open)
    page = _page(qtbot, journal)
    assert page.folder.text() == str(journal.path.parent)
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(journal.path.parent)]


def test_dark_theme_changes_the_palette_and_system_restores_it(qtbot: QtBot, journal: Journal) -> None:
    page = _page(qtbot, journal)
    original = _window_colour()
    qtbot.mouseClick(page.theme_buttons["dark"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, page)
    assert journal.settings.theme == "dark"
    dark = QApplication.palette().color(QPalette.ColorRole.Window)
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert _window_colour() != original
    assert dark.lightness() < 60 and text.lightness() > 200
    qtbot.mouseClick(page.theme_buttons["light"], Qt.MouseButton.LeftButton)
    page.save()
    wait_saved(qtbot, page)
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
    qtbot.mouseClick(page.theme_buttons["system"], Qt.MouseButton.LeftButton)
    page.save()
    wait_saved(qtbot, page)
    assert journal.settings.theme == "system"
    assert _window_colour() == original


def test_welcome_is_shown_once(qtbot: QtBot, journal: Journal, data_dir: Path) -> None:
    dialog = maybe_welcome(journal, None)
    assert isinstance(dialog, WelcomeDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.isModal() is False or dialog.windowModality() != Qt.WindowModality.ApplicationModal
    text = dialog.text.text()
    assert "stays on this computer" in text
    assert "no account and no network" in text
    assert "Nothing leaves this computer unless you export it" in text
    assert "not medical advice" in text and "clinician" in text
    for rule in journal.guidance.rules.values():
        for citation in rule.citations:
            assert resources.sources().name(citation.file) in text and citation.file not in text
    # Closing without Start does not count as seen.
    assert not journal.settings.welcomed
    with qtbot.waitSignal(dialog.welcomed):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert journal.settings.welcomed
    assert maybe_welcome(journal, None) is None
    journal.close()
    reopened = Journal.open(data_dir, zone=ZONE)
    try:
        assert maybe_welcome(reopened, None) is None
    finally:
        reopened.close()


def test_welcome_opens_the_sources(qtbot: QtBot, journal: Journal) -> None:
    dialog = WelcomeDialog(journal)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.sources_button, Qt.MouseButton.LeftButton)
    assert dialog.sources_page is not None and dialog.sources_page.isVisible()
    assert "Where the sources disagree" in dialog.sources_page.text()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert journal.settings.welcomed


def test_saving_settings_keeps_the_welcome_seen(qtbot: QtBot, journal: Journal) -> None:
    dialog = maybe_welcome(journal, None)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.accept()
    page = _page(qtbot, journal)
    _retype(qtbot, page.day_start, "3")
    assert outcome(qtbot, page.save()) is not None
    assert journal.settings.welcomed


def test_sources_page_lists_each_source_and_the_disagreements(qtbot: QtBot) -> None:
    page = SourcesPage()
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    text = page.text()
    for path in sorted(resources.path("sources").glob("*.txt")):
        assert path.name in text
    sources = resources.sources()
    for source in sources:
        assert source.title in text
        for claim in source.claims:
            assert claim.quote in text
    assert "Where the sources disagree" in text
    for disagreement in sources.disagreements:
        assert disagreement.topic in text
        for side in disagreement.sides:
            assert side.position in text
            for statement in side.statements:
                assert statement.quote in text
    assert "lower potential for addiction and dependence" in text
    assert "psychological dependence" in text
    assert "kratom itself does not directly cause hair loss" in text
    # The cited rules, with section and quote.
    for title in ("Starting dose", "Upper limit within 24 hours", "Breaks", "Extracts and other forms"):
        assert title in text
    for rule in resources.guidance().rules.values():
        for citation in rule.citations:
            assert citation.quote in text and citation.section in text
    assert "1 to 5 g" in text and "12 to 15 g" in text
    assert page.browser.accessibleName() and page.view_button.toolTip()


def test_sources_page_says_when_the_starting_dose_is_said(qtbot: QtBot) -> None:
    """The starting-dose rule's details say the journal's reading: only while starting, as set in Settings."""
    page = SourcesPage()
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    text = page.text()
    starting = text[text.index("Starting dose") : text.index("Upper limit within 24 hours")]
    assert "When the journal says it" in starting
    assert "first intake in your journal" in starting
    assert "I'm starting or restarting" in starting and "Settings" in starting
    assert "do not say how long starting lasts" in starting
    upper = text[text.index("Upper limit within 24 hours") :]
    assert "When the journal says it" not in upper[: upper.index("Breaks")]


def test_sources_are_named_by_title_with_the_file_only_in_the_details(qtbot: QtBot) -> None:
    page = SourcesPage()
    qtbot.addWidget(page)
    page.show()
    text = page.text()
    for source in resources.sources():
        assert text.count(source.file) == 1, "the file name once, in the source's details"
        assert f"Details: shipped with the journal as the file {source.file}." in text
        assert source.name in text and source.credit in text
    names = [page.choice.itemText(i) for i in range(page.choice.count())]
    assert names == [source.name for source in resources.sources()]


def test_sources_page_shows_a_full_text(qtbot: QtBot) -> None:
    page = SourcesPage()
    qtbot.addWidget(page)
    page.show()
    page.choice.setCurrentIndex(2)
    file_name = page.choice.currentData()
    qtbot.mouseClick(page.view_button, Qt.MouseButton.LeftButton)
    dialog = page.text_dialogs[-1]
    assert isinstance(dialog, SourceTextDialog)
    assert dialog.isVisible()
    shown = dialog.text.toPlainText().splitlines()
    assert shown == resources.source_text(file_name).splitlines()
    assert dialog.text.isReadOnly()
    assert page.isVisible()  # the page stays usable beside the text
    dialog.reject()
    # A link in the page opens a text too.
    page._link(QUrl("source:000_7049738a15aad336.txt"))
    assert page.text_dialogs[-1].file_name == "000_7049738a15aad336.txt"


def test_sources_page_survives_a_change_of_look(qtbot: QtBot) -> None:
    page = SourcesPage()
    qtbot.addWidget(page)
    page.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "dark")
    qtbot.wait(10)
    assert "Where the sources disagree" in page.text()


def test_sources_page_shows_the_withdrawal_scale_as_a_measuring_instrument(qtbot: QtBot) -> None:
    page = SourcesPage()
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    text = page.text()
    instruments = text.index("Published measuring instruments")
    scale = text.index("Subjective Opiate Withdrawal Scale (SOWS)")
    assert instruments < scale < text.index("Where the sources disagree")
    assert "Handelsman LD, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ, Kanof PD" in text
    assert "Am J Drug Alcohol Abuse. 1987;13(3):293-308" in text
    assert "not among the five texts above" in text
    assert "IMMPACT" in text[text.index("Other published works cited") :]


def test_starting_or_restarting_brings_the_starting_dose_back(qtbot: QtBot, journal: Journal) -> None:
    """Ticked, intakes from the chosen day on get the starting-dose notice; unticked, only the first."""
    from journal.domain.times import Moment
    from journal.service.intakes import IntakeDraft

    hour_ago = Moment.from_utc(journal.now().utc - timedelta(hours=1), journal.zone)
    first = journal.log_intake(IntakeDraft("6", hour_ago)).intake
    later = journal.log_intake(IntakeDraft("7", journal.now())).intake
    assert later.id is not None and first.id is not None
    assert [f.rule_id for f in journal.entries.intake(first.id).findings] == [
        "upper-limit-24h",
        "starting-dose",
    ]
    assert [f.rule_id for f in journal.entries.intake(later.id).findings] == ["upper-limit-24h"]
    page = _page(qtbot, journal)
    assert not page.starting.isChecked() and not page.starting_since.isEnabled()
    page.starting.click()
    assert page.starting_since.isEnabled()
    with qtbot.waitSignal(page.changed) as saved:
        page.save_button.click()
    assert saved.args[0].starting_since == journal.now().local.date()
    rules = [f.rule_id for f in journal.entries.intake(later.id).findings]
    assert rules == ["upper-limit-24h", "starting-dose"]  # every finding was worked out again
    page.starting.click()
    with qtbot.waitSignal(page.changed):
        page.save_button.click()
    assert journal.settings.starting_since is None
    assert [f.rule_id for f in journal.entries.intake(later.id).findings] == ["upper-limit-24h"]
