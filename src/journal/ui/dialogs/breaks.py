"""Breaks: start one with a goal date and a reason; end or abandon it with a note.

The sources say regular breaks help prevent tolerance but give no number of
days, so the length of a break is the person's own plan, and the dialog says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Break
from journal.domain.errors import InvalidInput
from journal.domain.guidance import BREAK_PLAN
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import NOT_SAVED, SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import (
    FieldGrid,
    buddy,
    citation_finding,
    error_label,
    note_edit,
    set_tab_order,
    show_error,
)
from journal.ui.widgets.link_button import link_button
from journal.ui.widgets.source_dialog import SourceDialog
from journal.ui.widgets.tag_field import TagField

DEFAULT_DAYS = 7
BREAKS_RULE = "regular-breaks"
BREAKS_EXPLAINED = (
    "The sources say regular breaks help prevent tolerance, but they give no number of days: "
    "how long this break lasts is your own plan."
)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


class StartBreakDialog(SaveDialog):
    """Start a break now, with a goal date after today and an optional reason."""

    saved = Signal(object)
    source_opened = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            "Start a break",
            parent,
            save_text="&Start break",
            save_name="Start break",
            save_tip="Start the break now (Ctrl+S or Enter)",
            cancel_tip="Close without starting a break (Escape)",
        )
        self.brk: Break | None = None
        self.setMinimumWidth(560)

        today = self._today()
        goal = today + timedelta(days=DEFAULT_DAYS)
        self.until = QDateEdit(QDate(goal.year, goal.month, goal.day))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.until.setMinimumWidth(160)
        self.until.setAccessibleName("Goal date")
        self.until.setToolTip("The day you plan to end the break; it must be after today")
        self.length = QLabel()
        self.length.setAccessibleName("Length of the break")
        self.until_error = error_label("Goal date problem")
        self.reason = note_edit(
            "Reason or goal",
            "Optional: why you are taking this break, or what you hope for",
            "Your reason or goal for the break, kept with it (up to 10,000 characters)",
        )
        self.reason_error = error_label("Reason problem")
        self.tags = TagField(journal.entries.tag_counts)
        self.explained = QLabel(escape(BREAKS_EXPLAINED))
        self.explained.setWordWrap(True)
        self.explained.setTextFormat(Qt.TextFormat.RichText)
        self.explained.setAccessibleName("What the sources say about breaks")
        self.source_link = link_button(
            "source",
            "Where this comes from: the passages on breaks",
            "Read the quoted passages on breaks (Enter or Space)",
        )
        self.source_link.clicked.connect(self.open_source)

        form = FieldGrid()
        date_row = QHBoxLayout()
        date_row.addWidget(self.until)
        date_row.addWidget(self.length, 1)
        form.addRow(buddy("&Goal date", self.until), date_row)
        form.addRow("", self.until_error)
        form.addRow(buddy("&Reason or goal", self.reason), self.reason)
        form.addRow("", self.reason_error)
        form.addRow(buddy("Ta&gs", self.tags.free), self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explained)
        layout.addWidget(self.source_link)
        layout.addLayout(form)
        self.add_status(layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        set_tab_order(
            [
                self.source_link,
                self.until,
                self.reason,
                *self.tags.focus_widgets(),
                self.save_button,
                self.cancel_button,
            ]
        )

        self.until.dateChanged.connect(self._date_changed)
        self.reason.textChanged.connect(self.reason_error.hide)
        self.ready(self.until)
        self._date_changed()
        running = journal.entries.running_break()
        if running is not None:
            self.status.setText(
                f"⚠ A break is already running, since {running.start.local:%a %d %b %Y}. "
                "End it before starting another."
            )
            self.save_button.setEnabled(False)

    def _today(self) -> date:
        return self.journal.now().local.date()

    def goal(self) -> date:
        value = self.until.date().toPython()
        assert isinstance(value, date)
        return value

    def _date_changed(self) -> None:
        days = (self.goal() - self._today()).days
        if days <= 0:
            self.length.setText("")
            show_error(self.until_error, "The goal date must be after today.")
        else:
            self.until_error.hide()
            self.length.setText(f"a break of {_days(days)}")

    def open_source(self) -> SourceDialog:
        rule = self.journal.guidance[BREAKS_RULE]
        dialog = SourceDialog(citation_finding(BREAKS_RULE, rule.summary, rule.citations, BREAK_PLAN), self)
        self.source_opened.emit(dialog)
        dialog.open()
        return dialog

    def save(self) -> Task | None:
        self.status.setText("")
        self.reason_error.hide()
        if self.goal() <= self._today():
            self.show_invalid(InvalidInput("until", "The goal date must be after today."))
            return None
        journal, goal, reason = self.journal, self.goal(), self.reason.toPlainText()
        tags = self.tags.raw_tags()
        return self.run_save(
            lambda: journal.start_break(goal, reason, tags), self._saved, "Starting the break…"
        )

    def show_invalid(self, err: InvalidInput) -> None:
        if err.field == "until":
            show_error(self.until_error, err.message)
            self.until.setFocus()
        elif err.field == "reason":
            show_error(self.reason_error, err.message)
            self.reason.setFocus()
        elif err.field == "tags":
            self.tags.show_error(err.message)
            self.tags.free.setFocus()
        else:
            self.status.setText(f"⚠ {err.message}")
            return
        self.status.setText(NOT_SAVED)

    def _saved(self, brk: Break) -> None:
        self.brk = brk
        self.saved.emit(brk)
        self.accept()


class EndBreakDialog(SaveDialog):
    """End the running break (goal reached or chosen to stop), or record it as abandoned."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            "End the break",
            parent,
            save_text="&End break",
            save_name="End break",
            save_tip="End the break now: you reached your goal or chose to stop (Ctrl+S)",
            cancel_tip="Close and keep the break running (Escape)",
        )
        self.brk: Break | None = None
        self.setMinimumWidth(560)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("The running break")
        self.notes = note_edit(
            "How it went",
            "Optional: how the break went, what helped, what did not",
            "A note on how the break went, kept with it (up to 10,000 characters)",
        )
        self.notes_error = error_label("Note problem")

        self.end_button = self.save_button
        self.abandon_button = QPushButton("A&bandon break")
        self.abandon_button.setAccessibleName("Abandon break")
        self.abandon_button.setToolTip("End the break now and record it as abandoned (Alt+B)")
        self.buttons.addButton(self.abandon_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.abandon_button.clicked.connect(self.abandon)

        form = FieldGrid()
        self.notes_label = buddy("&How it went", self.notes)
        form.addRow(self.notes_label, self.notes)
        form.addRow("", self.notes_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        self.add_status(layout)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        set_tab_order([self.notes, self.end_button, self.abandon_button, self.cancel_button])

        self.notes.textChanged.connect(self.notes_error.hide)
        self.ready(self.notes)
        self._show_running()

    def _show_running(self) -> None:
        today = self.journal.today()
        brk = today.running_break
        if brk is None:
            self.summary.setText("No break is running, so there is nothing to end.")
            for widget in (self.notes, self.notes_label, self.end_button, self.abandon_button):
                widget.setEnabled(False)
                widget.hide()
            self.cancel_button.setText("Close")
            return
        lines = [f"<b>Break started</b> {brk.start.local:%A %d %B %Y, %H:%M}."]
        day = today.break_day
        if day is not None:
            n, planned = day
            lines.append(f"<b>Day {n} of {planned}</b>." if planned else f"<b>Day {n}</b> (no goal date).")
        if brk.planned_end is not None:
            left = (brk.planned_end - self.journal.now().local.date()).days
            tail = f"{_days(left)} to go" if left > 0 else "goal date reached"
            lines.append(f"<b>Goal date</b> {brk.planned_end:%A %d %B %Y} ({tail}).")
        if brk.reason:
            lines.append(f"<b>Your reason</b>: {escape(brk.reason)}")
        self.summary.setText("<br>".join(lines))

    def save(self) -> Task | None:
        """Ctrl+S and Enter end the break."""
        return self.end()

    def end(self) -> Task | None:
        """End the break: the note is the outcome, or “Ended” without one."""
        note = self.notes.toPlainText().strip()
        return self._finish(note or "Ended")

    def abandon(self) -> Task | None:
        """Abandon the break: “Abandoned: note”, or “Abandoned” without one."""
        note = self.notes.toPlainText().strip()
        return self._finish(f"Abandoned: {note}" if note else "Abandoned")

    def _finish(self, outcome: str) -> Task | None:
        self.status.setText("")
        self.notes_error.hide()
        if not self.end_button.isEnabled():
            return None
        journal = self.journal
        return self.run_save(lambda: journal.end_break(outcome), self._saved, "Ending the break…")

    def show_invalid(self, err: InvalidInput) -> None:
        if err.field == "outcome":
            show_error(self.notes_error, err.message)
            self.notes.setFocus()
            self.status.setText(NOT_SAVED)
        else:
            self.status.setText(f"⚠ {err.message}")

    def _saved(self, brk: Break) -> None:
        self.brk = brk
        self.saved.emit(brk)
        self.accept()
