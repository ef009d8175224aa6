"""History: one timeline of every entry, filtered, sorted, corrected and deleted with undo.

The rows, their sort and the filters are `journal.ui.models.timeline`; this page
holds the filter controls, the table and the actions. The search box waits for a
pause in typing. Edits and deletes go on the shared undo stack; their `after`
callbacks update the one row that changed, and the intakes whose findings it
changed (no full reload), and emit `changed`.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind, SymptomType
from journal.domain.errors import NotFound
from journal.service.journal import Journal
from journal.service.timeline import (
    TimelineRow,
    load_entry,
    load_timeline,
    timeline_choices,
    timeline_count,
    timeline_page,
)
from journal.ui.dialogs.break_edit import BreakEditDialog
from journal.ui.dialogs.checkin_edit import PainEditDialog, SymptomEditDialog
from journal.ui.dialogs.intake_edit import IntakeEditDialog
from journal.ui.dialogs.medication import MedicationDialog
from journal.ui.dialogs.photo_edit import PhotoEditDialog
from journal.ui.dialogs.purchase import PurchaseDialog
from journal.ui.dialogs.save_dialog import SaveDialog
from journal.ui.dialogs.taper_plan import TaperPlanDialog
from journal.ui.dialogs.withdrawal_checkin import WithdrawalEditDialog
from journal.ui.models.timeline import (
    ENTRY,
    FINDINGS,
    KIND,
    NOTES,
    PRODUCT,
    ROW_ROLE,
    TAGS,
    WHEN,
    Filters,
    TimelineFilter,
    TimelineModel,
)
from journal.ui.models.timeline_days import CheckinGroup
from journal.ui.tasks import Task, run_in_background, sentence
from journal.ui.undo import DeleteEntry, EditEntry
from journal.ui.widgets.fields import local_action, named
from journal.ui.widgets.heading import page_heading
from journal.ui.widgets.timeline_filters import TimelineFilterBar

#: More intakes than this with new findings after one change: reload the timeline instead.
_MANY_CHANGED = 100
#: Rows read while the page waits: the newest, shown at once while the rest load in the background.
FIRST_PAGE = 200


class TimelineView(QTableView):
    """The table; Enter edits the current entry (or opens a check-in), Delete deletes it, Right and
    Left open and close a check-in."""

    edit_requested = Signal()
    delete_requested = Signal()
    open_requested = Signal(bool)  # True: open, False: close

    #: Lines an entry's text may take; a longer one ends in "…" (the whole text is in its tooltip).
    MAX_LINES = 3

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        # Rows are one line, except those in view whose entry text does not fit its column:
        # measured for the rows on screen only, so 100,000 rows cost nothing.
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.fit_rows)
        self.verticalScrollBar().valueChanged.connect(self._fit.start)
        self.horizontalHeader().sectionResized.connect(self._fit.start)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._fit.start)
            model.dataChanged.connect(self._fit.start)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit.start()

    def fit_rows(self) -> None:
        """Give each row on screen the lines its entry text needs in the column's width (one to three)."""
        model = self.model()
        header = self.verticalHeader()
        one = header.defaultSectionSize()
        metrics = self.fontMetrics()
        room = QRect(0, 0, max(self.columnWidth(ENTRY) - 8, 1), metrics.lineSpacing() * self.MAX_LINES)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = self.viewport().height()
        row = self.rowAt(0)
        while 0 <= row < model.rowCount() and header.sectionViewportPosition(row) < height:
            text = model.index(row, ENTRY).data()
            want = one
            if text and metrics.horizontalAdvance(text) > room.width():
                lines = min(metrics.boundingRect(room, flags, text).height(), room.height())
                want = max(one, lines + one - metrics.height())
            if header.sectionSize(row) != want:
                header.resizeSection(row, want)
            row += 1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.edit_requested.emit()
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left) and not event.modifiers():
            current = self.currentIndex()
            if current.isValid() and isinstance(current.data(ROW_ROLE), CheckinGroup):
                self.open_requested.emit(key == Qt.Key.Key_Right)
                return
        if key == Qt.Key.Key_Delete and not event.modifiers():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


def editor_for(journal: Journal, kind: Kind, entry_id: int, parent: QWidget | None = None) -> SaveDialog:
    """The edit dialog for one stored entry (raises NotFound if it is gone); its `edited` signal, or
    else its `saved`, says (before, after)."""
    entries = journal.entries
    if kind is Kind.INTAKE:
        return IntakeEditDialog(journal, entries.intake(entry_id), parent)
    if kind is Kind.SYMPTOM:
        entry = entries.symptom_entry(entry_id)
        stype = next(
            (t for t in entries.symptom_types() if t.key == entry.type_key),
            SymptomType(entry.type_key, entry.type_key, "", builtin=False),  # a removed custom symptom
        )
        return SymptomEditDialog(journal, entry, stype, parent)
    if kind is Kind.PAIN:
        return PainEditDialog(journal, entries.pain_checkin(entry_id), parent)
    if kind is Kind.WITHDRAWAL:
        return WithdrawalEditDialog(journal, entries.withdrawal_score(entry_id), parent)
    if kind is Kind.BREAK:
        return BreakEditDialog(journal, entries.get_break(entry_id), parent)
    if kind is Kind.PHOTO:
        return PhotoEditDialog(journal, journal.photos.get(entry_id), parent)
    if kind is Kind.MEDICATION:
        return MedicationDialog(journal, journal.medications.get(entry_id), parent)
    if kind is Kind.PLAN:
        return TaperPlanDialog(journal, parent, journal.taper.get(entry_id))
    if kind is Kind.PURCHASE:
        return PurchaseDialog(journal, journal.stash.get(entry_id), parent)
    raise ValueError(f"{kind} entries are edited elsewhere")


# -- the page ------------------------------------------------------------------------------


class HistoryPage(QWidget):
    """Every entry, newest first: filter, sort, edit (Enter, Ctrl+E), delete (Delete, Ctrl+Z undoes).

    The timeline loads when the page is first shown, so opening the window never
    waits for it; `refresh()` brings it up to date (at once when shown, else when
    next shown). A journal of more than `FIRST_PAGE` entries shows its newest at
    once and reads the rest on the worker thread (`loading` meanwhile), so the
    window never waits for 100,000 rows. Ctrl+Z and Ctrl+Shift+Z reach `undo_stack` from anywhere on the
    page when no window-wide Undo action takes those keys first: the page handles
    the keys rather than owning shortcuts, which would clash with such an action.
    """

    changed = Signal()

    def __init__(
        self,
        journal: Journal,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.undo_stack = undo_stack
        self.dialog: SaveDialog | None = None
        self._stale = True
        self._handled = False
        self._announcing = False
        self._notice = ""
        #: The background read of the whole timeline, while it runs.
        self.loading: Task | None = None
        self.setAccessibleName("History")

        self.model = TimelineModel(self)
        self.proxy = TimelineFilter(self)
        self.proxy.setSourceModel(self.model)

        # Filters ---------------------------------------------------------------
        self.filter_bar = TimelineFilterBar(journal.now().local.date())
        self.filter_bar.changed.connect(self._apply_filters)
        self.filter_bar.clear_button.clicked.connect(self.clear_filters)
        # The controls, by the names the page has always given them.
        self.kind_boxes = self.filter_bar.kind_boxes
        self.search = self.filter_bar.search
        self.all_time = self.filter_bar.all_time
        self.date_from, self.date_to = self.filter_bar.date_from, self.filter_bar.date_to
        self.product, self.symptom = self.filter_bar.product, self.filter_bar.symptom
        self.tag_filter = self.filter_bar.tag
        self.clear_button = self.filter_bar.clear_button

        # Table and empty state ---------------------------------------------------
        self.table = TimelineView()
        self.table.setModel(self.proxy)
        named(self.table, "Timeline", "Every entry; Enter or double-click edits, Delete deletes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # One line of text and a little air: a third more rows on screen than the style's default.
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        # Columns as wide as what they hold (a date, a word, a short count), not wider.
        metrics = self.table.fontMetrics()
        for column, widest in (
            (KIND, "Pain check-in"),
            (PRODUCT, "Green Malay capsules"),
            (FINDINGS, "1 caution, 1 notice"),
        ):
            extra = 34 if column == FINDINGS else 18  # the icon, then the cell's margins
            self.table.setColumnWidth(column, metrics.horizontalAdvance(widest) + extra)
        # Entry takes what is left: its text is what a person reads (the notes are in their tooltip).
        header.setSectionResizeMode(ENTRY, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NOTES, metrics.horizontalAdvance("x" * 14) + 18)
        self.table.setColumnHidden(TAGS, True)  # until a tag is in use (`_fill_choices`)
        header.setStretchLastSection(False)
        header.setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(lambda column, _order: self._fit_when(column))
        self._fit_when(WHEN)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.activate())
        self.table.edit_requested.connect(self.activate)
        self.table.open_requested.connect(lambda opening: self.activate(opening=opening))
        self.table.delete_requested.connect(self.delete_selected)

        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setAccessibleName("Nothing to show")
        self.empty_clear = QPushButton("Clear filters")
        named(self.empty_clear, "Clear filters and show every entry", "Show every entry again")
        self.empty_clear.clicked.connect(self.clear_filters)
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(self.empty_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        # Actions -----------------------------------------------------------------
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Last change")
        self.count = QLabel()
        self.count.setAccessibleName("Entries shown")
        self.edit_button = QPushButton("&Edit…")
        named(self.edit_button, "Edit entry", "Edit the selected entry (Enter or Ctrl+E)")
        self.delete_button = QPushButton("&Delete")
        named(self.delete_button, "Delete entry", "Delete the selected entry (Delete); Ctrl+Z undoes it")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)

        self.edit_action = local_action(self, "Edit entry", [QKeySequence("Ctrl+E")], self.edit_selected)
        self.find_action = local_action(
            self, "Search notes", [QKeySequence(QKeySequence.StandardKey.Find)], self.filter_bar.focus_search
        )
        # For a menu or tool bar; the keys are handled in keyPressEvent.
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")

        layout = QVBoxLayout(self)
        # The search sits at the heading's right, as in most apps: the kinds row below holds nine kinds.
        top = QHBoxLayout()
        top.addWidget(page_heading("History"))
        top.addStretch(1)
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.clear_button, self.table)  # the filters as they read, then the entries

        self.undo_stack.indexChanged.connect(self._stack_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._fill_choices()

    def _fit_when(self, sort_column: int) -> None:
        """When as wide as it needs: a day's heading and times when sorted by time, else whole dates."""
        font = self.table.font()
        font.setBold(True)
        widest = "Wed 30 Sep 2026" if sort_column == WHEN else "Wed 2026-09-30 23:59 ◷"
        self.table.setColumnWidth(WHEN, QFontMetrics(font).horizontalAdvance(widest) + 18)

    # -- loading -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the focused control did not use: the table, buttons and boxes pass
        # Ctrl+Z on; the search box keeps it for its own text.
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_stack.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.undo_stack.redo()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._reload()

    def refresh(self) -> None:
        """Bring the timeline up to date: now if the page is shown, else when it is next shown.

        Called back while the page announces its own change (`changed`), it does
        nothing: the page has already updated the one row that changed.
        """
        if self._announcing:
            return
        self._stale = True
        if self.isVisible():
            self._reload()

    def _reload(self) -> None:
        """Read the entries from the journal, keeping filters, sort and selection.

        The newest `FIRST_PAGE` rows are read here; when there are more, all of
        them are read on the worker thread and replace these when they arrive.
        """
        if self.loading is not None:
            self.loading.cancel()  # read again from now: a change came after it started
            self.loading = None
        first = timeline_page(self.journal, limit=FIRST_PAGE)
        complete = len(first) < FIRST_PAGE or timeline_count(self.journal) <= len(first)
        if not complete:
            task = self.loading = run_in_background(
                partial(load_timeline, self.journal), "Loading the timeline"
            )
            self.destroyed.connect(task.cancel)
            task.finished.connect(lambda rows, t=task: self._loaded(t, rows))
            task.failed.connect(lambda error, t=task: self._load_failed(t, error))
        self._show_rows(first)

    def _show_rows(self, rows: list[TimelineRow]) -> None:
        selected = self.selected_row()
        self.model.set_rows(rows)
        self._stale = False
        self._fill_choices()
        if selected is not None:
            self.select_entry(selected.kind, selected.id)
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self._select_first()
        self._update_state()

    def _select_first(self) -> None:
        """Select the first entry or check-in (the first row is a day's heading)."""
        self._select_near(0)

    def _select_near(self, row: int) -> None:
        """Select the entry or check-in at `row`, or the nearest one below it, or above it."""
        count = self.proxy.rowCount()
        below, above = range(max(0, min(row, count - 1)), count), range(min(row, count) - 1, -1, -1)
        for candidate in (*below, *above):
            if self.proxy.flags(self.proxy.index(candidate, 0)) & Qt.ItemFlag.ItemIsSelectable:
                self.table.selectRow(candidate)
                return

    def _loaded(self, task: Task, rows: list[TimelineRow]) -> None:
        if task is not self.loading:
            return
        self.loading = None
        self._show_rows(rows)

    def _load_failed(self, task: Task, error: BaseException) -> None:
        if task is not self.loading:
            return
        self.loading = None
        self._say(f"Could not read the whole timeline: {sentence(error)} Showing the newest entries only.")

    def _stack_changed(self, _index: int) -> None:
        # Our own commands flag themselves (their callbacks update the one row they
        # touch); any other command (an intake logged on another page) means reload.
        if self._handled:
            self._handled = False
        else:
            self.refresh()

    # -- filters ---------------------------------------------------------------------

    def _fill_choices(self) -> None:
        """The products, symptoms and tags the journal's entries name, read by the database (all of
        them even while only the newest rows are loaded). The Tags column shows once a tag is in use:
        until then its room is the entries'."""
        choices = timeline_choices(self.journal)
        self.filter_bar.fill_choices(choices)
        if choices.tags and self.table.isColumnHidden(TAGS):
            # The notes give the tags some of their room, so the entries keep theirs at 1024 px.
            metrics = self.table.fontMetrics()
            self.table.setColumnWidth(NOTES, metrics.horizontalAdvance("x" * 10) + 18)
            self.table.setColumnWidth(TAGS, metrics.horizontalAdvance("poor sleep") + 18)
        self.table.setColumnHidden(TAGS, not choices.tags)
        self._apply_filters()

    def current_filters(self) -> Filters:
        return self.filter_bar.filters()

    def _apply_filters(self) -> None:
        self.filter_bar.search_timer.stop()  # applied now: no second time after the pause
        self.proxy.set_filters(self.current_filters())
        if self._selected_item() is None and self.proxy.rowCount():
            self._select_first()  # Enter, Delete and Ctrl+E keep something to act on
        self._update_state()

    def clear_filters(self) -> None:
        self.filter_bar.clear()
        self._apply_filters()
        self.table.setFocus()

    # -- state -----------------------------------------------------------------------

    def _update_state(self) -> None:
        shown, total = len(self.model.rows), len(self.model.all_rows)
        filtered = self.model.filters.active
        self.clear_button.setEnabled(filtered)
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            if total == 0 and not self._stale:
                text = (
                    "<p><b>Nothing logged yet.</b></p><p>Everything you log appears here, newest "
                    "first: intakes (Ctrl+N), symptom and pain check-ins, breaks, photos, your other "
                    "medications and taper plans, and what you bought for your stash. Here you can "
                    "search them, correct them and delete them (Ctrl+Z undoes a delete).</p>"
                )
            elif total == 0:
                text = "Loading the timeline…"
            else:
                text = (
                    "<p><b>No entries match these filters.</b></p><p>Tick more kinds, widen the "
                    "dates, pick another product, symptom or tag, or clear the search.</p>"
                )
                if self.model.hidden_none:
                    text += f"<p>{_none_hidden(self.model.hidden_none)}: tick “None” ratings to see them.</p>"
            if self._notice:
                text += f"<p>{self._notice}</p>"
            self.empty_text.setText(text)
            self.empty_clear.setVisible(total > 0 and filtered)
            self.stack.setCurrentWidget(self.empty)
        noun = "entry" if total == 1 else "entries"
        hidden = self.model.hidden_none
        if filtered or hidden:
            self.count.setText(f"Showing {shown:,} of {total:,} {noun}")
        else:
            self.count.setText(f"{total:,} {noun}")
        if hidden and not filtered:
            self.count.setText(f"{self.count.text()} · {_none_hidden(hidden)}")
        if self.loading is not None:
            newest = f"the newest {total:,} {noun}"
            self.count.setText(
                f"Showing {shown:,} of {newest}; loading the rest…"
                if filtered
                else f"Showing {newest}; loading the rest…"
            )
        self.notice.setText(self._notice)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected_row() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _say(self, message: str) -> None:
        self._notice = message
        self._update_state()

    # -- selection -----------------------------------------------------------------------

    def selected_row(self) -> TimelineRow | None:
        """The entry selected (None: nothing, or a check-in)."""
        row = self._selected_item()
        return row if isinstance(row, TimelineRow) else None

    def _selected_item(self) -> object | None:
        index = self.table.currentIndex()
        selection = self.table.selectionModel()
        if (
            not index.isValid()
            or selection is None
            or not selection.isRowSelected(index.row(), QModelIndex())
        ):
            return None
        item: object = self.proxy.data(self.proxy.index(index.row(), 0), ROW_ROLE)
        return item

    def select_entry(self, kind: Kind, entry_id: int) -> bool:
        position = self.model.index_of(kind, entry_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    # -- edit and delete -------------------------------------------------------------------

    def activate(self, *, opening: bool | None = None) -> None:
        """Enter or a double-click: open or close a check-in (`opening` says which), else edit."""
        index = self.table.currentIndex()
        item = index.data(ROW_ROLE) if index.isValid() else None
        if not isinstance(item, CheckinGroup):
            if opening is None:
                self.edit_selected()
            return
        if opening is None or opening != item.expanded:
            self.model.toggle(self.proxy.mapToSource(index).row())
            self.table.scrollTo(self.table.currentIndex())

    def edit_selected(self) -> SaveDialog | None:
        """Open the edit dialog of the selected entry (non-blocking); returns it."""
        row = self.selected_row()
        if row is None:
            self._say("Select an entry to edit.")
            return None
        try:
            dialog = editor_for(self.journal, row.kind, row.id, self)
        except NotFound:
            self.refresh()
            self._say("That entry is no longer in the journal.")
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        said = getattr(dialog, "edited", None) or dialog.saved  # type: ignore[attr-defined]
        said.connect(lambda before, after, r=row: self._edited(r, before, after))
        dialog.open()
        return dialog

    def _edited(self, row: TimelineRow, before: object, after: object) -> None:
        kind, entry_id = row.kind, row.id

        def after_undo(undone: bool) -> None:
            self._handled = True
            verb = "Undid the correction of" if undone else "Corrected again"
            self._entry_changed(kind, entry_id, f"{verb} {row.description}.")

        self._handled = True  # pushing it runs no callback: the correction is saved already
        self.undo_stack.push(EditEntry(self.journal, kind, before, after, row.description, after_undo))
        new = self._entry_changed(kind, entry_id)
        if new is not None:
            self._say(f"Saved the corrected {new.description} — Ctrl+Z to undo.")

    def delete_selected(self) -> bool:
        """Delete the selected entry (soft); Ctrl+Z brings it back."""
        row = self.selected_row()
        if row is None:
            self._say("Select an entry to delete.")
            return False
        kind, entry_id = row.kind, row.id

        def after() -> None:
            self._handled = True
            self._entry_changed(kind, entry_id)

        self._handled = True
        self.undo_stack.push(DeleteEntry(self.journal, kind, entry_id, row.description, after=after))
        self.table.setFocus()
        return True

    def _entry_changed(self, kind: Kind, entry_id: int, message: str | None = None) -> TimelineRow | None:
        """After an edit, delete, undo or redo: update that one row, say what happened."""
        if self._stale:  # not loaded yet: it will be read fresh when shown
            self._announce()
            return None
        position = self.model.index_of(kind, entry_id)
        old = self.model.find(kind, entry_id)
        proxy_row = -1
        if position is not None:
            proxy_row = self.proxy.mapFromSource(self.model.index(position, 0)).row()
        new = load_entry(self.journal, kind, entry_id)
        self.model.update_entry(kind, entry_id, new)
        if kind in (Kind.INTAKE, Kind.BREAK):
            self._findings_changed(entry_id if kind is Kind.INTAKE else None)
        if new is not None:
            if not self.select_entry(kind, entry_id):
                self.table.clearSelection()
        elif proxy_row >= 0 and self.proxy.rowCount():
            self._select_near(proxy_row)
        if message is None and old is not None and new is None:
            message = f"Deleted {old.description} — Ctrl+Z to undo."
        elif message is None and old is None and new is not None:
            message = f"Restored {new.description}."
        self._fill_choices()
        self._say(message or "")
        if self.loading is not None:
            self._reload()  # the rows still loading may have been read before this change
        self._announce()
        return new

    def _findings_changed(self, skip: int | None) -> None:
        """Update the intakes whose findings the change rewrote (a window, a break, a run of days)."""
        changed = self.journal.refreshed - {skip}
        if len(changed) > _MANY_CHANGED:
            self._reload()  # one read of everything beats hundreds of single ones
            return
        for intake_id in changed:
            if self.model.find(Kind.INTAKE, intake_id) is not None:
                row = load_entry(self.journal, Kind.INTAKE, intake_id)
                self.model.update_entry(Kind.INTAKE, intake_id, row)

    def _announce(self) -> None:
        """Emit `changed`; a listener that calls `refresh()` back costs nothing."""
        self._announcing = True
        try:
            self.changed.emit()
        finally:
            self._announcing = False


def _none_hidden(count: int) -> str:
    return f"{count:,} rating{'s' if count != 1 else ''} of “none” hidden"
