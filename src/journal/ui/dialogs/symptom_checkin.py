"""Symptom check-in: rate several symptoms from the catalogue in one go.

Each symptom starts "not rated" and only rated ones are saved. Everything is
checked before anything is written, so a problem saves nothing and keeps what
was typed. Liver warning signs rated above 0 show a calm "see a clinician soon"
message with the passage it rests on. Saving, and adding a symptom of your own,
run off the UI thread with the dialog busy (`CheckinDialog`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal import resources
from journal.domain.entities import (
    Severity,
    SymptomEntry,
    SymptomType,
)
from journal.domain.errors import InvalidInput, WriteFailed
from journal.service.journal import Journal
from journal.ui.dialogs.checkin import CheckinDialog
from journal.ui.dialogs.save_dialog import NOT_SAVED
from journal.ui.tasks import Task
from journal.ui.widgets.custom_symptom import LIVER, CustomSymptomForm
from journal.ui.widgets.fields import (
    buddy,
    citation_finding,
    resize_on_screen,
    set_tab_order,
    show_error,
    show_write_failed,
)
from journal.ui.widgets.link_button import link_button
from journal.ui.widgets.source_dialog import SourceDialog

#: Qt draws a lone `border-left` shorthand as nothing; the full border plus a wide left edge shows.
NOTICE_STYLE = "#redFlag { border: 1px solid palette(mid); border-left: 4px solid #D55E00; }"
RED_FLAG_MESSAGE = (
    "This can be a sign of liver trouble, which the sources link to long-term use. "
    "Please see a clinician soon."
)
_KEYPAD = Qt.KeyboardModifier.KeypadModifier


# -- the symptom check-in --------------------------------------------------------------


#: The symptoms whose rating above none offers the scored withdrawal check-in (SOWS) next.
WITHDRAWAL_KEYS = ("cravings", "withdrawal")


@dataclass
class SymptomRow:
    """One symptom's controls in the check-in."""

    stype: SymptomType
    label: QLabel
    severity: QComboBox
    area: QComboBox | None
    area_label: QLabel | None = None

    @property
    def rating(self) -> int | None:
        value = self.severity.currentData()
        return None if value is None else int(value)

    @property
    def body_area(self) -> str:
        if self.area is None or not self.area.isEnabled():
            return ""
        return str(self.area.currentData() or "")

    @property
    def red_flag(self) -> bool:
        return self.stype.red_flag or self.stype.category == LIVER


class Stopped(Exception):
    """Logging the rated symptoms stopped at one: `entries` were saved before it."""

    def __init__(self, entries: list[SymptomEntry], label: str, error: Exception) -> None:
        super().__init__(str(error))
        self.entries, self.label, self.error = entries, label, error


class SymptomCheckin(CheckinDialog):
    """Rate any number of symptoms at once; only rated ones are saved."""

    saved = Signal(list)
    source_opened = Signal(object)
    #: Asked once saved, when cravings or withdrawal were rated and the scored check-in was ticked.
    withdrawal_requested = Signal()

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, preselect: tuple[str, ...] = ()
    ) -> None:
        super().__init__(
            journal,
            "Symptom check-in",
            parent,
            save_tip="Save the rated symptoms (Ctrl+S or Enter)",
            note_name="Note for these symptoms",
            note_placeholder="Optional note, saved with each rated symptom",
            note_tip="A note kept with every symptom rated in this check-in (up to 10,000 characters)",
        )
        self.catalogue = resources.catalogue()
        self.preselect = preselect
        self.rows: list[SymptomRow] = []
        self._severity_boxes: set[QComboBox] = set()
        self.groups: dict[str, QGroupBox] = {}
        self.entries: list[SymptomEntry] = []
        self._saving: list[SymptomRow] = []
        resize_on_screen(self, 940, 680)

        intro = QLabel(
            "Rate the symptoms you have noticed, from 0 (none) to 4 (extreme). "
            "Symptoms left “not rated” are not saved. Type a digit in a box to rate it."
        )
        intro.setWordWrap(True)

        self._columns = QHBoxLayout()
        self._left = QVBoxLayout()
        self._right = QVBoxLayout()
        self._columns.addLayout(self._left, 1)
        self._columns.addLayout(self._right, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self._columns)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        self.scroll_area.setAccessibleName("Symptoms by category")

        # Add your own symptom: a button that reveals a small inline form.
        self.add_button = QPushButton("&Add your own symptom…")
        self.add_button.setAccessibleName("Add your own symptom")
        self.add_button.setToolTip("Add a symptom that is not in the list (Alt+A)")
        self.custom_box = CustomSymptomForm(self.catalogue)
        self.custom_name, self.custom_category = self.custom_box.name, self.custom_box.category
        self.custom_add, self.custom_error = self.custom_box.add, self.custom_box.error
        self.custom_box.hide()

        # The note on liver warning signs, with its source link: a frame shown while one is rated.
        self.red_flag_box = QFrame()
        self.red_flag_box.setObjectName("redFlag")
        self.red_flag_box.setStyleSheet(NOTICE_STYLE)
        self.red_flag = QLabel()
        self.red_flag.setWordWrap(True)
        self.red_flag.setTextFormat(Qt.TextFormat.RichText)
        self.red_flag.setAccessibleName("Liver warning sign")
        self.red_flag_source = link_button(
            "source",
            "Where the liver warning comes from",
            "Read the quoted passage this note rests on (Enter or Space)",
        )
        self.red_flag_source.clicked.connect(self.open_source)
        flag_column = QVBoxLayout(self.red_flag_box)
        flag_column.setContentsMargins(8, 6, 8, 6)
        flag_column.setSpacing(2)
        flag_column.addWidget(self.red_flag)
        flag_column.addWidget(self.red_flag_source)
        self.red_flag_box.hide()

        self.notes.setMaximumHeight(60)
        fields = QGridLayout()
        fields.addWidget(buddy("N&ote", self.notes), 0, 0, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(self.notes, 0, 1)
        fields.addWidget(self.notes_error, 1, 1)
        fields.addWidget(buddy("&Time", self.time.edit), 0, 2, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(self.time, 0, 3, 2, 1, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(buddy("Ta&gs", self.tags.free), 2, 0, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(self.tags, 2, 1, 1, 3)
        fields.setColumnStretch(1, 3)
        fields.setColumnStretch(3, 1)

        self.rated_summary = QLabel()
        self.rated_summary.setWordWrap(True)
        self.rated_summary.setAccessibleName("Rated symptoms")
        self.then_sows = QCheckBox("Then score &withdrawal on the SOWS scale (16 statements, 0 to 4 each)")
        self.then_sows.setAccessibleName("Then score withdrawal on the SOWS scale")
        self.then_sows.setToolTip(
            "After saving, open the scored withdrawal check-in (Subjective Opiate Withdrawal Scale), "
            "offered because cravings or withdrawal are rated (Alt+W)"
        )
        self.then_sows.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.custom_box)
        layout.addWidget(self.red_flag_box)
        layout.addLayout(fields)
        layout.addWidget(self.rated_summary)
        layout.addWidget(self.then_sows)
        self.add_status(layout)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._build_rows()
        self.add_button.clicked.connect(self.show_custom_form)
        self.custom_box.submitted.connect(self.add_custom)
        self._update_rated()
        self.ready(None)
        self._focus_first()

    # -- building ---------------------------------------------------------------

    def _category_order(self, types: list[SymptomType]) -> list[str]:
        known = [key for key, _ in self.catalogue.categories]
        extra = sorted({t.category for t in types} - set(known))
        return [*known, *extra]

    def _build_rows(self) -> None:
        types = self.journal.entries.symptom_types()
        by_key = {t.key: t for t in types}
        asked = [by_key[k] for k in dict.fromkeys(self.preselect) if k in by_key]
        if asked:
            box = self._group("asked", "Asked about now", self._left)
            for stype in asked:
                self._add_row(box, stype)
        order = self._category_order(types)
        counts = {cat: sum(1 for t in types if t.category == cat and t not in asked) for cat in order}
        total = sum(counts.values()) + len(asked)
        left = len(asked)
        for cat in order:
            if not counts[cat]:
                continue
            # Fill the left column to about half the rows, then the right one.
            column = self._left if left + counts[cat] / 2 <= total / 2 else self._right
            if column is self._left:
                left += counts[cat]
            box = self._group(cat, self.catalogue.category_label(cat), column)
            for stype in types:
                if stype.category == cat and stype not in asked:
                    self._add_row(box, stype)
        self._left.addStretch(1)
        self._right.addStretch(1)
        self._align_columns()
        self._retab()

    def _groups_in(self, column: QVBoxLayout) -> list[QGroupBox]:
        items = (column.itemAt(i) for i in range(column.count()))
        return [w for w in (i.widget() for i in items if i is not None) if isinstance(w, QGroupBox)]

    def _align_columns(self) -> None:
        """Line up the severity boxes down a column, keeping room for body areas where any are."""
        for column in (self._left, self._right):
            boxes = self._groups_in(column)
            rows = [r for r in self.rows if r.area is not None and r.area.parentWidget() in boxes]
            widths = [
                max((w.sizeHint().width() for w in widgets), default=0)
                for widgets in (
                    [r.area_label for r in rows if r.area_label],
                    [r.area for r in rows if r.area],
                )
            ]
            for box in boxes:
                grid = box.layout()
                assert isinstance(grid, QGridLayout)
                # An empty column gets no spacing before it, so add it to line up with the others.
                empty = bool(rows) and not any(r.severity.parentWidget() is box for r in rows)
                for at, width in enumerate(widths, 2):
                    grid.setColumnMinimumWidth(at, width + (grid.horizontalSpacing() if empty else 0))

    def _group(self, key: str, title: str, column: QVBoxLayout, *, before_stretch: bool = False) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(8)
        if before_stretch:
            column.insertWidget(column.count() - 1, box)
        else:
            column.addWidget(box)
        self.groups[key] = box
        return box

    def _add_row(self, box: QGroupBox, stype: SymptomType) -> SymptomRow:
        grid = box.layout()
        assert isinstance(grid, QGridLayout)
        text = stype.label if stype.builtin else f"{stype.label} (your own)"
        label = QLabel(text.replace("&", "&&"))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        severity = QComboBox()
        severity.addItem("not rated", None)
        for level in Severity:
            severity.addItem(f"{int(level)} {level.word}", int(level))
        severity.setAccessibleName(f"{stype.label} severity")
        where = " (a liver warning sign)" if stype.red_flag or stype.category == LIVER else ""
        severity.setToolTip(
            f"{stype.label}{where}: 0 none, 1 mild, 2 moderate, 3 severe, 4 extreme. "
            "Type a digit to choose, Delete to clear; leave “not rated” to skip it."
        )
        severity.installEventFilter(self)
        self._severity_boxes.add(severity)
        label.setBuddy(severity)
        area: QComboBox | None = None
        at = grid.rowCount() if grid.count() else 0
        grid.addWidget(label, at, 0)
        grid.addWidget(severity, at, 1)
        area_label: QLabel | None = None
        if stype.body_areas:
            area = QComboBox()
            area.addItem("optional", "")
            for name in stype.body_areas:
                area.addItem(name, name)
            area.setAccessibleName(f"{stype.label} body area")
            area.setToolTip(
                f"Where {stype.label.lower()} shows, if you want to say. Rate it above 0 to choose."
            )
            area.setEnabled(False)
            # Its own label: a screen reader names a combo box by the label whose buddy it is.
            area_label = QLabel("area")
            area_label.setBuddy(area)
            area_label.setAccessibleName(f"{stype.label} area")
            grid.addWidget(area_label, at, 2)
            grid.addWidget(area, at, 3)
        row = SymptomRow(stype, label, severity, area, area_label)
        severity.currentIndexChanged.connect(lambda _i, r=row: self._rating_changed(r))
        self.rows.append(row)
        if box.isVisible():  # added later (a custom symptom): show now, so it can take focus at once
            for widget in (label, severity, area_label, area):
                if widget is not None:
                    widget.show()
        return row

    def _retab(self) -> None:
        chain: list[QWidget] = []
        for row in self.rows_in_view_order():
            chain.append(row.severity)
            if row.area is not None:
                chain.append(row.area)
        # As the dialog reads: the form "Add your own symptom" opens under the list, the liver note,
        # the note and time, then the bottom row from its left.
        chain += [self.custom_name, self.custom_category, self.custom_add, self.red_flag_source]
        chain += [self.notes, *self.time.focus_widgets(), *self.tags.focus_widgets(), self.then_sows]
        chain += [self.add_button, self.save_button, self.cancel_button]
        set_tab_order(chain)

    def rows_in_view_order(self) -> list[SymptomRow]:
        """Rows as they read: the left column top to bottom, then the right one."""
        order = [*self._groups_in(self._left), *self._groups_in(self._right)]
        position = {id(box): n for n, box in enumerate(order)}

        def key(row: SymptomRow) -> tuple[int, int]:
            box = row.severity.parentWidget()
            grid = box.layout() if box is not None else None
            index = grid.indexOf(row.severity) if grid is not None else 0
            return position.get(id(box), len(order)), index

        return sorted(self.rows, key=key)

    def _focus_first(self) -> None:
        rows = self.rows_in_view_order()
        if rows:
            rows[0].severity.setFocus()

    def row(self, key: str) -> SymptomRow:
        return next(r for r in self.rows if r.stype.key == key)

    # -- reactions ------------------------------------------------------------------

    def _rating_changed(self, row: SymptomRow) -> None:
        if row.area is not None:
            row.area.setEnabled((row.rating or 0) > 0)
        self.status.setText("")
        self._update_rated()

    def _update_rated(self) -> None:
        rated = [r for r in self.rows if r.rating is not None]
        if rated:
            parts = [f"{r.stype.label} ({Severity(r.rating or 0).word})" for r in rated]
            self.rated_summary.setText(f"Rated {len(rated)}: " + "; ".join(parts) + ".")
        else:
            self.rated_summary.setText("Nothing rated yet.")
        self.then_sows.setVisible(any(r.stype.key in WITHDRAWAL_KEYS and (r.rating or 0) > 0 for r in rated))
        flagged = [r for r in rated if r.red_flag and (r.rating or 0) > 0]
        if flagged:
            names = ", ".join(r.stype.label for r in flagged)
            self.red_flag.setText(f"<b>ℹ About {escape(names)}:</b> {escape(RED_FLAG_MESSAGE)}")
            self.red_flag_box.show()
        else:
            self.red_flag_box.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys with a meaning of their own in the check-in.

        A digit 0-4 in a severity box rates it at once (the combo box's own search
        would join quick keystrokes, so "1" then "0" found nothing); Delete or
        Backspace sets it back to "not rated".
        """
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if isinstance(watched, QComboBox) and watched in self._severity_boxes:
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_4 and not event.modifiers() & ~_KEYPAD:
                watched.setCurrentIndex(watched.findData(key - Qt.Key.Key_0))
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                watched.setCurrentIndex(0)
                return True
        return super().eventFilter(watched, event)

    def show_custom_form(self) -> None:
        self.custom_box.show()
        self.custom_name.setFocus()

    def add_custom(self) -> Task | None:
        """Add the typed symptom to the catalogue and show it at once, ready to rate.

        None when the name is refused at once (empty, too long, in the list already).
        """
        new = self.custom_box.new_type(self.journal.entries.symptom_types())
        if new is None:
            return None
        journal = self.journal
        return self.run_save(
            lambda: journal.add_symptom_type(new), self._custom_added, "Adding your symptom…"
        )

    def _custom_added(self, stype: SymptomType) -> None:
        label, category = stype.label, stype.category
        box = self.groups.get(category)
        if box is None:
            box = self._group(
                category, self.catalogue.category_label(category), self._right, before_stretch=True
            )
        row = self._add_row(box, stype)
        self._align_columns()
        self._retab()
        self.custom_name.clear()
        self.status.setText(
            f"Added “{label}” under {self.catalogue.category_label(category)}. Rate it to save it."
        )
        self.scroll_area.ensureWidgetVisible(row.severity)
        row.severity.setFocus()

    def open_source(self) -> SourceDialog:
        rule = self.journal.guidance["see-clinician"]
        finding = citation_finding("see-clinician", RED_FLAG_MESSAGE, rule.citations, "cited range")
        dialog = SourceDialog(finding, self)
        self.source_opened.emit(dialog)
        dialog.open()
        return dialog

    # -- saving -----------------------------------------------------------------------

    def save(self) -> Task | None:
        """Check everything, then save each rated symptom. On a problem nothing is saved."""
        self.clear_problems()
        # A row whose box is disabled was saved before the disk filled up: not again.
        rated = [r for r in self.rows if r.rating is not None and r.severity.isEnabled()]
        if not rated:
            self.status.setText("⚠ Nothing to save yet: rate at least one symptom, 0 to 4.")
            self._focus_first()
            return None
        problems: list[InvalidInput] = []
        notes, at = self.note_and_time(problems)
        tags = self.checked_tags(problems)
        if problems or at is None:
            for problem in problems:
                self.show_invalid(problem)
            first = problems[0].field if problems else "time"
            focus = {"time": self.time.edit, "tags": self.tags.free}.get(first, self.notes)
            focus.setFocus()
            self.status.setText(NOT_SAVED)
            return None
        journal, when = self.journal, at
        ratings = [(r.stype.key, r.rating or 0, r.body_area) for r in rated]

        def log_all() -> list[SymptomEntry]:
            entries: list[SymptomEntry] = []
            for n, (key, severity, area) in enumerate(ratings):
                try:
                    entries.append(journal.log_symptom(key, severity, when, area, notes, tags))
                except (InvalidInput, WriteFailed) as err:
                    raise Stopped(entries, rated[n].stype.label, err) from err
            return entries

        self._saving = rated
        return self.run_save(log_all, self._saved, "Saving the check-in…")

    def show_invalid(self, err: InvalidInput) -> None:
        if err.field == "time":
            self.time.show_error(err.message)
        elif err.field == "tags":
            self.tags.show_error(err.message)
        else:
            show_error(self.notes_error, err.message)

    def refused(self, err: BaseException) -> None:
        """A symptom the journal refused (a change behind our back, or the disk): those before it
        are saved; they are shown, and left out of the next Save."""
        if not isinstance(err, Stopped):
            super().refused(err)
            return
        done, problem = err.entries, err.error
        if isinstance(problem, WriteFailed):
            show_write_failed(self.status, problem)
            if done:
                for saved_row in self._saving[: len(done)]:
                    saved_row.severity.setEnabled(False)
                self.status.setText(f"⚠ {err.label}: {problem} {len(done)} saved before it.")
        else:
            message = problem.message if isinstance(problem, InvalidInput) else str(problem)
            before = f" {len(done)} saved before it." if done else ""
            self.status.setText(f"⚠ {err.label}: {message}{before}")
        if done:
            self.saved.emit(done)

    def _saved(self, entries: list[SymptomEntry]) -> None:
        self.entries = entries
        self.saved.emit(entries)
        if not self.then_sows.isHidden() and self.then_sows.isChecked():
            # Next, once this one is closed (at once, or after a liver warning sign is read).
            self.finished.connect(lambda _result: self.withdrawal_requested.emit())
        if any(r.red_flag and (r.rating or 0) > 0 for r in self._saving):
            self._show_saved(entries)
        else:
            self.accept()

    def _show_saved(self, entries: list[SymptomEntry]) -> None:
        """Stay open after saving a liver warning sign, so the message is read."""
        count = len(entries)
        self.status.setText(
            f"✓ Saved {count} symptom{'s' if count != 1 else ''} at {entries[0].at.local:%H:%M}."
        )
        for row in self.rows:
            row.severity.setEnabled(False)
            if row.area is not None:
                row.area.setEnabled(False)
        for widget in (self.add_button, self.custom_box, self.notes, self.time):
            widget.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")
        self.cancel_button.setToolTip("Close the check-in (Escape)")
        self.cancel_button.setFocus()
