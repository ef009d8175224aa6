"""Your taper plan (Ctrl+Shift+T): set a plan from a start amount towards a target by a step every so
many days, or as an explicit day-by-day table; pause, resume or end it; the plans over time are
listed, and one can be deleted (Ctrl+Z undoes). Opened on one plan (from History) it corrects that
plan. Always the person's own plan, never guidance: no source gives a taper schedule, and the
dialog says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_g
from journal.domain.errors import InvalidInput
from journal.domain.medications import parse_day
from journal.domain.taper import MAX_EVERY_DAYS, TaperPlan
from journal.service.journal import Journal
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.tasks import Task
from journal.ui.widgets.fields import error_label, form_rows

YOUR_OWN = (
    "A plan is yours (or your clinician's): the journal shows each day's planned amount beside what you "
    "took, and never presents it as guidance. No source gives a taper schedule; talk to a clinician "
    "about reducing."
)
TABLE_HELP = (
    "List the days the amount changes: each amount holds until the next listed day, and the last one "
    "until the plan ends. The first listed day is the plan's first. A pause shifts the listed days later "
    "by the days paused."
)
#: Plans the list shows without scrolling.
PLANS_SHOWN = 5
#: Days between a new table row and the one above it, as a first guess to type over.
NEXT_ROW_DAYS = 7


def plan_state(plan: TaperPlan, today: date) -> str:
    """ "running", "paused", "from 2026-04-01" (set to begin later) or "ended 2026-03-01"."""
    if plan.ended is not None and plan.ended <= today:
        return f"ended {plan.ended.isoformat()}"
    if plan.first_day > today:
        return f"begins {plan.first_day.isoformat()}"
    return "paused" if plan.paused else "running"


class TaperPlanDialog(SaveDialog):
    """Set a new plan (the running one ends on its first day); pause, resume, end or delete one.

    Opened with `plan`, it corrects that plan instead (its pauses and end kept) and emits
    `edited(before, after)` for the undo stack.
    """

    saved = Signal(object)
    #: A new plan saved: (the plan running before it, as it was, or None; the new plan). The window
    #: puts it on the undo stack.
    plan_set = Signal(object, object)
    #: The running plan paused, resumed or ended: (before, after, what was done), for the undo stack.
    plan_changed = Signal(object, object, str)
    #: A plan to delete, chosen in the list: the window deletes it on the undo stack.
    plan_deleted = Signal(object)
    #: A plan corrected (the dialog opened on it): (before, after).
    edited = Signal(object, object)

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, plan: TaperPlan | None = None
    ) -> None:
        super().__init__(
            journal,
            "Your taper plan" if plan is None else "Correct your plan",
            parent,
            save_text="&Set plan" if plan is None else "&Save plan",
            save_name="Set plan" if plan is None else "Save plan",
            save_tip=(
                "Save this as your plan; the one running ends on its first day (Enter or Ctrl+S)"
                if plan is None
                else "Save the corrected plan (Enter or Ctrl+S)"
            ),
        )
        self.original = plan
        self.setMinimumWidth(560)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setAccessibleName("Your plan now")
        self.history = QLabel("<b>Your plans over time</b> (oldest first; one runs at a time)")
        self.history.setAccessibleName("Your plans over time")
        self.plans = _PlanList()
        self.plans.setAccessibleName("Your plans over time")
        self.plans.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.plans.delete_requested.connect(self.delete_selected)
        self.delete_button = _button(
            "&Delete plan", "Delete the plan selected in the list (Delete; Ctrl+Z undoes)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        own = QLabel(YOUR_OWN)
        own.setTextFormat(Qt.TextFormat.PlainText)  # "clinician's" as typed, never an entity
        own.setWordWrap(True)
        own.setAccessibleName("Your plan, not guidance")
        self.pause_button = _button("&Pause", "Hold the amount where it is until you resume")
        self.resume_button = _button("&Resume", "Go on with the plan from where it was held")
        self.end_button = _button("&End plan", "End your plan today: it plans nothing from today")
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.end_button.clicked.connect(self.end)

        # The kind of plan: a step, or a day-by-day table.
        self.by_step = QRadioButton("&By step")
        self.by_step.setToolTip("An amount less (or more) every so many days, from a start to a target")
        self.by_day = QRadioButton("Da&y by day")
        self.by_day.setToolTip("Your own table: the amount for each day it changes")
        self.kind = QButtonGroup(self)
        for choice in (self.by_step, self.by_day):
            self.kind.addButton(choice)
        self.by_step.setChecked(True)
        self.by_step.toggled.connect(self._show_kind)

        self.start = _line("Start amount", "grams a day, e.g. 8")
        self.target = _line("Target", "grams a day, e.g. 4 (0 to stop)")
        self.step = _line("Step", "grams less at each step, e.g. 0.5")
        self.every = QSpinBox()
        self.every.setRange(1, MAX_EVERY_DAYS)
        self.every.setValue(7)
        self.every.setSuffix(" days")
        self.every.setAccessibleName("Every")
        self.first = _line("From", "YYYY-MM-DD, empty for today")
        self.steps_box = QWidget()
        steps_form = QFormLayout(self.steps_box)
        steps_form.setContentsMargins(0, 0, 0, 0)
        self.errors = form_rows(
            steps_form,
            (
                ("St&art (g a day)", self.start, "start"),
                ("&Target (g a day)", self.target, "target"),
                ("Step si&ze (g)", self.step, "step"),
                ("E&very", self.every, "every"),
                ("&From", self.first, "from"),
            ),
        )

        self.table = _DayTable()
        self.table.itemChanged.connect(lambda _item: self.errors["table"].hide())
        self.add_row_button = _button(
            "&New day", "Add a row below the last: a day and its grams, to type over"
        )
        self.remove_row_button = _button("Re&move day", "Remove the selected row of the table")
        self.add_row_button.clicked.connect(lambda: self.add_row())
        self.remove_row_button.clicked.connect(self.remove_row)
        self.table.remove_requested.connect(self.remove_row)
        self.table_box = QWidget()
        table_layout = QVBoxLayout(self.table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        help_text = QLabel(TABLE_HELP)
        help_text.setTextFormat(Qt.TextFormat.PlainText)
        help_text.setWordWrap(True)
        help_text.setAccessibleName("How the table works")
        table_layout.addWidget(help_text, 0, Qt.AlignmentFlag.AlignTop)
        table_layout.addWidget(self.table, 1)  # any room to spare goes to the table
        self.errors["table"] = error_label("Table problem")
        table_layout.addWidget(self.errors["table"])
        rows = QHBoxLayout()
        rows.addWidget(self.add_row_button)
        rows.addWidget(self.remove_row_button)
        rows.addStretch(1)
        table_layout.addLayout(rows)

        # The plan running and the plans over time: not there when correcting one plan.
        self.manage_box = QWidget(self)
        manage = QVBoxLayout(self.manage_box)
        manage.setContentsMargins(0, 0, 0, 0)
        manage.addWidget(self.current)
        row = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.end_button):
            row.addWidget(button)
        row.addStretch(1)
        manage.addLayout(row)
        manage.addWidget(self.history)
        manage.addWidget(self.plans)
        listed = QHBoxLayout()
        listed.addWidget(self.delete_button)
        listed.addStretch(1)
        manage.addLayout(listed)
        manage.addWidget(QLabel("<b>A new plan</b>"))
        layout = self.form = QFormLayout(self)
        layout.addRow(own)
        if plan is None:
            layout.addRow(self.manage_box)
        else:
            self.manage_box.hide()
        kinds = QHBoxLayout()
        kinds.addWidget(self.by_step)
        kinds.addWidget(self.by_day)
        kinds.addStretch(1)
        layout.addRow("Kind", kinds)
        layout.addRow(self.steps_box)
        layout.addRow(self.table_box)
        self.status.hide()
        layout.addRow(self.status)
        layout.addRow(self.busy)
        layout.addRow(self.buttons)
        if plan is not None:
            self._fill(plan)
        self._show_kind()
        self.ready(self.by_day if plan is not None and plan.is_table else self.start)
        if plan is None:
            self.show_plans()

    # -- the plan as it is ---------------------------------------------------------------------

    def _fill(self, plan: TaperPlan) -> None:
        """The fields as `plan` has them (opened on it to correct it)."""
        if plan.is_table:
            for day, grams in plan.table:
                self.add_row(day.isoformat(), format(grams.normalize(), "f"))
            self.by_day.setChecked(True)  # after the rows: an empty table gets a first row
            return
        for edit, value in (
            (self.start, plan.start_g),
            (self.target, plan.target_g),
            (self.step, plan.step_g),
        ):
            edit.setText(format(value.normalize(), "f"))
        self.every.setValue(plan.every_days)
        self.first.setText(plan.first_day.isoformat())

    def _show_kind(self) -> None:
        tabled = self.by_day.isChecked()
        # The row itself, not only its widget: a hidden widget's row would keep its space.
        self.form.setRowVisible(self.steps_box, not tabled)
        self.form.setRowVisible(self.table_box, tabled)
        if tabled and self.table.rowCount() == 0:
            self.add_row(self._first_day().isoformat(), "")
        if self.isVisible():  # the dialog fits what it now shows (first shown at its own size hint)
            self.form.activate()
            self.adjustSize()

    def _first_day(self) -> date:
        try:
            return parse_day(self.first.text(), "from") or self.journal.journal_day()
        except InvalidInput:
            return self.journal.journal_day()

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
        chosen = self.selected_plan()
        self.plans.clear()
        today_day = self.journal.journal_day()
        for listed in taper.all():
            item = QListWidgetItem(f"{listed.describe()} · {plan_state(listed, today_day)}")
            item.setData(Qt.ItemDataRole.UserRole, listed)
            self.plans.addItem(item)
            if chosen is not None and listed.id == chosen.id:
                self.plans.setCurrentItem(item)
        rows = min(max(self.plans.count(), 1), PLANS_SHOWN)
        frame = 2 * self.plans.frameWidth() + 2
        self.plans.setFixedHeight(rows * max(self.plans.sizeHintForRow(0), 1) + frame)
        self.history.setVisible(self.plans.count() > 0)
        self.plans.setVisible(self.plans.count() > 0)
        self.delete_button.setVisible(self.plans.count() > 0)
        self._update_buttons()

    def selected_plan(self) -> TaperPlan | None:
        item = self.plans.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, TaperPlan) else None

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.selected_plan() is not None)
        self.remove_row_button.setEnabled(self.table.rowCount() > 0)

    # -- the table -----------------------------------------------------------------------------

    def add_row(self, day: str | None = None, grams: str | None = None) -> int:
        """A new row at the end: `day` and `grams`, or a week after the row above with its grams
        (to type over); the grams cell is current, ready to type. Returns the row."""
        rows = self.table.rowCount()
        if day is None:
            above = self.table.day_text(rows - 1) if rows else ""
            try:
                day = (date.fromisoformat(above) + timedelta(days=NEXT_ROW_DAYS)).isoformat()
            except ValueError:
                day = self._first_day().isoformat()
        if grams is None:
            grams = self.table.grams_text(rows - 1) if rows else ""
        self.table.insertRow(rows)
        self.table.setItem(rows, 0, QTableWidgetItem(day))
        self.table.setItem(rows, 1, QTableWidgetItem(grams))
        self.table.setCurrentCell(rows, 1)
        self.errors["table"].hide()
        self._update_buttons()
        return rows

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self.errors["table"].hide()
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 1)
        self._update_buttons()

    def table_rows(self) -> list[tuple[str, str]]:
        """The table as typed, rows left wholly empty left out."""
        rows = [(self.table.day_text(r), self.table.grams_text(r)) for r in range(self.table.rowCount())]
        return [(day, grams) for day, grams in rows if day.strip() or grams.strip()]

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> Task | None:
        for label in self.errors.values():
            label.hide()
        self.status.hide()
        self.table.commit()
        sep = QLocale().decimalPoint()
        taper = self.journal.taper
        tabled = self.by_day.isChecked()
        rows = self.table_rows()
        texts = (self.start.text(), self.target.text(), self.step.text())
        every = self.every.value()
        try:
            first = None if tabled else parse_day(self.first.text(), "from")
            # Checked here too (no write) so each problem shows at its field before anything runs.
            if self.original is not None:
                plan = (
                    taper.table_plan(rows, decimal_sep=sep)
                    if tabled
                    else taper.steps_plan(*texts, every, first, decimal_sep=sep)
                )
                plan = replace(plan, id=self.original.id, notes=self.original.notes)
            elif tabled:
                taper.check_table(rows, decimal_sep=sep)
            else:
                taper.check(*texts, every, first, decimal_sep=sep)
        except InvalidInput as err:
            self.show_invalid(err)
            return None
        if self.original is not None:
            before = self.original
            return self.run_save(lambda: taper.correct(plan), lambda after: self._edited(before, after))
        running = taper.active(first) if first else taper.active()
        if tabled:
            running = taper.active(date.fromisoformat(rows[0][0].strip()))
            return self.run_save(
                lambda: taper.set_table(rows, decimal_sep=sep),
                lambda plan: self._set(running, plan),
                "Saving your plan…",
            )
        return self.run_save(
            lambda: taper.set(*texts, every, first, decimal_sep=sep),
            lambda plan: self._set(running, plan),
            "Saving your plan…",
        )

    def _set(self, before: TaperPlan | None, plan: TaperPlan) -> None:
        self.plan_set.emit(before, plan)
        self.saved.emit(plan)
        self.accept()

    def _edited(self, before: TaperPlan, after: TaperPlan) -> None:
        self.edited.emit(before, after)
        self.saved.emit(after)
        self.accept()

    def show_invalid(self, err: InvalidInput) -> None:
        label = self.errors.get(err.field)
        if label is None:
            self.status.setText(f"⚠ {err.message}")
            self.status.show()
            return
        label.setText(f"⚠ {err.message}")
        label.setToolTip(err.message)
        label.show()

    # -- the running plan and the list ---------------------------------------------------------

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

    def delete_selected(self) -> None:
        """Delete the plan selected in the list (the window does it, on the undo stack)."""
        plan = self.selected_plan()
        if plan is None:
            return
        self.plan_deleted.emit(plan)
        self.status.setText(f"Deleted your plan {escape(plan.describe())}. Ctrl+Z brings it back.")
        self.status.show()

    def changed(self) -> None:
        """After a change here or its undo: the plan as it now is, and the window told."""
        if self.original is None:
            self.show_plans()
        self.saved.emit(None)


class _PlanList(QListWidget):
    """The plans over time: Delete deletes the selected one."""

    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class _DayTable(QTableWidget):
    """The day-by-day table: a day and its grams per row, typed in place; Delete on a row that is not
    being edited removes it."""

    remove_requested = Signal()

    def __init__(self) -> None:
        super().__init__(0, 2)
        self.setHorizontalHeaderLabels(["Day (YYYY-MM-DD)", "Grams a day"])
        self.setAccessibleName("Day-by-day table")
        self.setToolTip("Type a day and its grams in each row; F2 or typing edits a cell")
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setMinimumHeight(150)

    def day_text(self, row: int) -> str:
        item = self.item(row, 0)
        return item.text() if item is not None else ""

    def grams_text(self, row: int) -> str:
        item = self.item(row, 1)
        return item.text() if item is not None else ""

    def commit(self) -> None:
        """Whatever is being typed in a cell is kept before the table is read."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.viewport().findChildren(QLineEdit):
            if editor.isVisible():
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


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
