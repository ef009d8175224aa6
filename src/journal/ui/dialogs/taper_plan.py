"""Your taper plan (Ctrl+Shift+T): set a plan from a start amount towards a target by a step every so
many days, pause, resume or end it; the plans over time are listed. Always the person's own plan,
never guidance: no source gives a taper schedule, and the dialog says so.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from journal.domain.amounts import format_g
from journal.domain.errors import InvalidInput
from journal.domain.medications import parse_day
from journal.domain.taper import MAX_EVERY_DAYS, TaperPlan
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import form_rows

YOUR_OWN = (
    "A plan is yours (or your clinician's): the journal shows each day's planned amount beside what you "
    "took, and never presents it as guidance. No source gives a taper schedule; talk to a clinician "
    "about reducing."
)


class TaperPlanDialog(SaveDialog):
    """Set a new plan (the running one ends on its first day); pause, resume or end the running one."""

    saved = Signal(object)
    #: A new plan saved: (the plan running before it, as it was, or None; the new plan). The window
    #: puts it on the undo stack.
    plan_set = Signal(object, object)
    #: The running plan paused, resumed or ended: (before, after, what was done), for the undo stack.
    plan_changed = Signal(object, object, str)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            journal,
            "Your taper plan",
            parent,
            save_text="&Set plan",
            save_name="Set plan",
            save_tip="Save this as your plan; the one running ends on its first day (Enter or Ctrl+S)",
        )
        self.setMinimumWidth(520)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setAccessibleName("Your plan now")
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Your plans over time")
        own = QLabel(escape(YOUR_OWN))
        own.setWordWrap(True)
        own.setAccessibleName("Your plan, not guidance")
        self.start = _line("Start amount", "grams a day, e.g. 8")
        self.target = _line("Target", "grams a day, e.g. 4 (0 to stop)")
        self.step = _line("Step", "grams less at each step, e.g. 0.5")
        self.every = QSpinBox()
        self.every.setRange(1, MAX_EVERY_DAYS)
        self.every.setValue(7)
        self.every.setSuffix(" days")
        self.every.setAccessibleName("Every")
        self.first = _line("From", "YYYY-MM-DD, empty for today")
        self.pause_button = _button("&Pause", "Hold the amount where it is until you resume")
        self.resume_button = _button("&Resume", "Go on with the plan from where it was held")
        self.end_button = _button("&End plan", "End your plan today: it plans nothing from today")
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.end_button.clicked.connect(self.end)
        layout = QFormLayout(self)
        layout.addRow(own)
        layout.addRow(self.current)
        row = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.end_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addRow(row)
        layout.addRow(QLabel("<b>A new plan</b>"))
        self.errors = form_rows(
            layout,
            (
                ("S&tart (g a day)", self.start, "start"),
                ("T&arget (g a day)", self.target, "target"),
                ("St&ep (g)", self.step, "step"),
                ("Every", self.every, "every"),
                ("&From", self.first, "from"),
            ),
        )
        layout.addRow(self.history)
        self.status.hide()
        layout.addRow(self.status)
        layout.addRow(self.busy)
        layout.addRow(self.buttons)
        self.ready(self.start)
        self.show_plans()

    def show_plans(self) -> None:
        taper = self.journal.taper
        plan = taper.active()
        if plan is None:
            self.current.setText("<b>No plan running.</b> Set one below.")
        else:
            day = taper.day()
            today = ""
            if day is not None:
                today = f" Today: {format_g(day.planned_mg)} planned, {format_g(day.left_mg)} left."
            state = " <b>Paused.</b>" if plan.paused else ""
            self.current.setText(f"<b>Your plan:</b> {escape(plan.describe())}.{state}{escape(today)}")
        self.pause_button.setEnabled(plan is not None and not plan.paused)
        self.resume_button.setEnabled(plan is not None and plan.paused)
        self.end_button.setEnabled(plan is not None)
        past = [p for p in taper.all() if p.ended is not None]
        self.history.setText(
            "Earlier plans: " + "; ".join(f"{escape(p.describe())}, ended {p.ended}" for p in past)
            if past
            else ""
        )
        self.history.setVisible(bool(past))

    def save(self) -> Task | None:
        for label in self.errors.values():
            label.hide()
        sep = QLocale().decimalPoint()
        texts = (self.start.text(), self.target.text(), self.step.text())
        every = self.every.value()
        try:
            first = parse_day(self.first.text(), "from")
            # Checked here too (no write) so each problem shows at its field before anything runs.
            self.journal.taper.check(*texts, every, first, decimal_sep=sep)
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        before = self.journal.taper.active(first) if first else self.journal.taper.active()
        taper = self.journal.taper
        return self.run_save(
            lambda: taper.set(*texts, every, first, decimal_sep=sep),
            lambda plan: self._set(before, plan),
            "Saving your plan…",
        )

    def _set(self, before: TaperPlan | None, plan: TaperPlan) -> None:
        self.plan_set.emit(before, plan)
        self.saved.emit(plan)
        self.accept()

    def show_invalid(self, err: InvalidInput) -> None:
        label = self.errors.get(err.field)
        if label is None:
            self.status.setText(f"⚠ {err.message}")
            self.status.show()
            return
        label.setText(err.message)
        label.show()

    def _change(self, what: str, change: str) -> None:
        taper = self.journal.taper
        before = taper.active()
        try:
            after = {"pause": taper.pause, "resume": taper.resume, "end": taper.end}[change]()
        except InvalidInput as err:
            self.show_invalid(err)
            return
        self.plan_changed.emit(before, after, what)
        self.changed()

    def pause(self) -> None:
        self._change("pause your plan", "pause")

    def resume(self) -> None:
        self._change("resume your plan", "resume")

    def end(self) -> None:
        self._change("end your plan", "end")

    def changed(self) -> None:
        """After a change here or its undo: the plan as it now is, and the window told."""
        self.show_plans()
        self.saved.emit(None)


def _line(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(text.replace("&", ""))
    return button
