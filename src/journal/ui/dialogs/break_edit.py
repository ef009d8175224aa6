"""Correcting a break: its goal date, reason and (once ended) outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from journal.domain.entities import (
    Break,
    Kind,
)
from journal.service.journal import Journal
from journal.ui.dialogs.entry_edit import EntryDialog, qdate
from journal.ui.tasks import Task
from journal.ui.widgets.fields import buddy, error_label, note_edit


class BreakEditDialog(EntryDialog):
    """Correct a break: its goal date, reason and (once ended) outcome."""

    kind = Kind.BREAK

    def __init__(self, journal: Journal, brk: Break, parent: QWidget | None = None) -> None:
        super().__init__(journal, "Edit break", parent)
        self.brk = brk
        start = brk.start.local.date()
        span = f"from {brk.start.local:%Y-%m-%d %H:%M}"
        span += f" to {brk.actual_end.local:%Y-%m-%d %H:%M}" if brk.actual_end else ", still running"
        started = QLabel(span)
        started.setAccessibleName("Break time")
        self.has_goal = QCheckBox("Goal date")
        self.has_goal.setAccessibleName("The break has a goal date")
        self.has_goal.setToolTip("Untick for a break without a planned end")
        self.has_goal.setChecked(brk.planned_end is not None)
        self.goal = QDateEdit()
        self.goal.setCalendarPopup(True)
        self.goal.setDisplayFormat("yyyy-MM-dd")
        self.goal.setAccessibleName("Goal date")
        self.goal.setToolTip("The day you plan to end the break; after the day it started")
        goal = brk.planned_end or start
        self.goal.setDate(qdate(goal))
        self.goal.setEnabled(self.has_goal.isChecked())
        self.has_goal.toggled.connect(self.goal.setEnabled)
        self.goal_error = error_label("Goal date problem")
        self.reason = note_edit("Reason", "Optional", "Why you took the break", brk.reason)
        self.reason_error = error_label("Reason problem")
        self.outcome = note_edit("Outcome", "Optional", "How the break went", brk.outcome)
        self.outcome_error = error_label("Outcome problem")
        if brk.running:
            self.outcome.setEnabled(False)
            self.outcome.setToolTip("The outcome is written when the break ends")
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.has_goal)
        goal_row.addWidget(self.goal, 1)

        self.fields.addRow("Break", started)
        self.fields.addRow(buddy("&Goal", self.goal), goal_row)
        self.fields.addRow("", self.goal_error)
        self.fields.addRow(buddy("&Reason", self.reason), self.reason)
        self.fields.addRow("", self.reason_error)
        self.fields.addRow(buddy("&Outcome", self.outcome), self.outcome)
        self.fields.addRow("", self.outcome_error)
        self.add_tags(brk.id)
        self._finish_layout()
        self.problem_labels = {"reason": self.reason_error, "outcome": self.outcome_error}
        self.other_problem = self.goal_error
        self.goal.setFocus()

    def save(self) -> Task | None:
        planned = self.goal.date().toPython() if self.has_goal.isChecked() else None
        assert planned is None or isinstance(planned, date)
        changed = replace(
            self.brk,
            planned_end=planned,
            reason=self.reason.toPlainText(),
            outcome=self.outcome.toPlainText(),
        )
        journal, tags = self.journal, self.typed_tags()
        return self.save_as(self.brk, lambda: journal.edit_break(changed, tags))
