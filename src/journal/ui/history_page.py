"""History: one timeline of every entry, filtered, sorted, corrected and deleted with undo.

The table model is a thin adapter over the `TimelineRow`s of `journal.service.timeline`.
Filtering happens in the proxy's `filterAcceptsRow` on values each row carries
already computed (case-folded notes, the local day as an ordinal), and a filter
change is applied as one layout change (`invalidate()`): with 30,000 rows that
takes about 35 ms, where `endFilterChange()` (and the deprecated
`invalidateFilter()`), announcing every run of hidden rows, took over 200 ms.
The search box waits for a pause in typing. Sorting is done by the table model
itself, with one Python sort on a key per column, instead of a Python call for
every comparison the proxy would make.

Edits and deletes go on the shared undo stack; their `after` callbacks update the
one row that changed, and the intakes whose findings it changed (no full reload),
and emit `changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QPolygonF,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind, Level
from journal.domain.errors import NotFound
from journal.service.journal import Journal
from journal.service.timeline import (
    KIND_RANK,
    KIND_WORDS,
    TIMELINE_KINDS,
    TimelineRow,
    load_entry,
    load_timeline,
    timeline_choices,
    timeline_count,
    timeline_page,
)
from journal.service.timeline import when_text as local_time_text
from journal.ui.entry_dialogs import EditEntry, EntryDialog, editor_for
from journal.ui.tasks import Task, run_in_background, sentence
from journal.ui.text import LEVEL_MARK, LEVEL_WORD
from journal.ui.undo import DeleteEntry

ModelIndex = QModelIndex | QPersistentModelIndex

#: The underlying value of a cell, for sorting: times, amounts and levels as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The TimelineRow behind a table row.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("When", "Kind", "Entry", "Product", "Findings", "Notes")
WHEN, KIND, ENTRY, PRODUCT, FINDINGS, NOTES = range(len(COLUMNS))
_HEADER_TIPS = (
    "Local time the entry describes; “entered later” marks entries logged more than 12 hours after it",
    "Intake, symptom, pain check-in or break",
    "What was recorded; sorts intakes by amount, symptoms by severity, pain by pain now",
    "Product of an intake",
    "Guidance findings kept with an intake, loudest first",
    "Notes (a break's reason and outcome)",
)
_KIND_FILTERS = {
    Kind.INTAKE: "Intakes",
    Kind.SYMPTOM: "Symptoms",
    Kind.PAIN: "Pain check-ins",
    Kind.BREAK: "Breaks",
}
#: Product filter value for intakes without a product.
NO_PRODUCT = -1
MAX_NOTE_SHOWN = 120
MAX_TIP_CHARS = 2000
SEARCH_DELAY_MS = 150
#: Rows read while the page waits: the newest, shown at once while the rest load in the background.
FIRST_PAGE = 200


#: More intakes than this with new findings after one change: reload the timeline instead.
_MANY_CHANGED = 100


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def findings_text(row: TimelineRow) -> str:
    """Like "1 warning, 1 notice": counts in words, loudest first (the icon beside it shows the loudest)."""
    if row.level is None:
        return ""
    counts: dict[Level, int] = {}
    for level, _message in row.findings:
        counts[level] = counts.get(level, 0) + 1
    return ", ".join(_plural(counts[level], level.word) for level in sorted(counts, reverse=True))


def findings_tip(row: TimelineRow) -> str:
    return "\n".join(f"{LEVEL_MARK[level]} {LEVEL_WORD[level]}: {message}" for level, message in row.findings)


def late_text(row: TimelineRow) -> str:
    return f"Logged {_plural(row.late_hours, 'hour')} after the time it describes"


def when_text(row: TimelineRow) -> str:
    text = local_time_text(row.at.local)
    return f"{text}  ◷ entered later" if row.entered_later else text


_LEVEL_COLOURS = {Level.NOTICE: "#0072B2", Level.CAUTION: "#E69F00", Level.WARNING: "#D55E00"}
_icons: dict[Level, QIcon] = {}


def level_icon(level: Level) -> QIcon:
    """A mark whose shape tells the level without its colour: ● i (notice), ◆ ! (caution), ▲ ! (warning)."""
    icon = _icons.get(level)
    if icon is not None:
        return icon
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_LEVEL_COLOURS[level]))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20)
    painter.setFont(font)
    text_rect = pixmap.rect()
    if level is Level.NOTICE:
        painter.drawEllipse(2, 2, size - 4, size - 4)
        painter.setPen(QColor("white"))
        mark = "i"
    elif level is Level.CAUTION:
        half = size / 2
        painter.drawPolygon(
            QPolygonF([QPointF(half, 1), QPointF(size - 1, half), QPointF(half, size - 1), QPointF(1, half)])
        )
        painter.setPen(QColor("black"))
        mark = "!"
    else:
        painter.drawPolygon(
            QPolygonF([QPointF(size / 2, 2), QPointF(size - 1, size - 3), QPointF(1, size - 3)])
        )
        painter.setPen(QColor("white"))
        text_rect = text_rect.adjusted(0, 6, 0, 0)
        mark = "!"
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    icon = _icons[level] = QIcon(pixmap)
    return icon


# -- the table model -----------------------------------------------------------------------


def _when_key(r: TimelineRow) -> tuple[Any, ...]:
    return (r.at.utc, -KIND_RANK[r.kind], r.id)


_SORT_KEYS: dict[int, Callable[[TimelineRow], tuple[Any, ...]]] = {
    WHEN: _when_key,
    KIND: lambda r: (KIND_RANK[r.kind], *_when_key(r)),
    ENTRY: lambda r: (-1 if r.measure is None else r.measure, *_when_key(r)),
    PRODUCT: lambda r: (r.product.casefold(), *_when_key(r)),
    FINDINGS: lambda r: (r.level or 0, len(r.findings), *_when_key(r)),
    NOTES: lambda r: (r.notes.casefold(), *_when_key(r)),
}
#: Groups that keep their order whichever way a column sorts: amounts, severities
#: and pain scores are compared within a kind only; rows without a product or a
#: note come last.
_SORT_GROUPS: dict[int, Callable[[TimelineRow], Any]] = {
    ENTRY: lambda r: KIND_RANK[r.kind],
    PRODUCT: lambda r: not r.product,
    NOTES: lambda r: not r.notes,
}


def sort_value(row: TimelineRow, column: int) -> Any:
    """The plain value a column sorts by (SORT_ROLE)."""
    if column == WHEN:
        return row.at.utc.timestamp()
    if column == KIND:
        return KIND_RANK[row.kind]
    if column == ENTRY:
        return -1 if row.measure is None else row.measure
    if column == PRODUCT:
        return row.product.casefold()
    if column == FINDINGS:
        return int(row.level or 0) * 1000 + len(row.findings)
    return row.notes.casefold()


class TimelineModel(QAbstractTableModel):
    """A thin adapter over a list of TimelineRow, kept in the order of the current sort.

    `all_rows` holds every row loaded, `rows` those the filters show, in the same
    order. The model filters itself, with a few list comprehensions over plain
    values: a proxy's `filterAcceptsRow` is one call from C++ into Python per row,
    over 300 ms for 100,000 rows, where the comprehensions take a few milliseconds.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[TimelineRow] = []
        self.rows: list[TimelineRow] = []
        self.filters = Filters()
        self.sort_column = WHEN
        self.sort_order = Qt.SortOrder.DescendingOrder

    # -- QAbstractItemModel ----------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == FINDINGS and row.level is not None:
                return level_icon(row.level)
            return None
        if role == SORT_ROLE:
            return sort_value(row, column)
        if role == ROW_ROLE:
            return row
        return None

    @staticmethod
    def _text(row: TimelineRow, column: int) -> str:
        if column == WHEN:
            return when_text(row)
        if column == KIND:
            return KIND_WORDS[row.kind]
        if column == ENTRY:
            return row.title
        if column == PRODUCT:
            return row.product
        if column == FINDINGS:
            return findings_text(row)
        first = row.notes.split("\n", 1)[0]
        if len(first) > MAX_NOTE_SHOWN or first != row.notes:
            return first[:MAX_NOTE_SHOWN].rstrip() + " …"
        return first

    @staticmethod
    def _tip(row: TimelineRow, column: int) -> str | None:
        if column == WHEN:
            tip = f"{local_time_text(row.at.local, long=True)} ({row.at.zone})"
            return f"{tip}\n{late_text(row)}" if row.entered_later else tip
        if column == ENTRY:
            return f"{row.title}\n{row.detail}" if row.detail else row.title
        if column == PRODUCT:
            return f"Product: {row.product}" if row.product else None
        if column == FINDINGS:
            return findings_tip(row) or None
        if column == NOTES:
            return row.notes[:MAX_TIP_CHARS] or None
        return None

    def _spoken(self, row: TimelineRow, column: int) -> str:
        if column == WHEN and row.entered_later:
            return f"{local_time_text(row.at.local, long=True)}, entered later: {late_text(row)}"
        if column == FINDINGS:
            return findings_tip(row) or "no findings"
        return self._text(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """One Python sort on a key per column; selection follows its rows."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moving = [(self.rows[i.row()], i.column()) for i in persistent]
        self._sort_rows()
        if persistent:
            where = {id(r): n for n, r in enumerate(self.rows)}
            self.changePersistentIndexList(persistent, [self.index(where[id(r)], c) for r, c in moving])
        self.layoutChanged.emit()

    # -- rows --------------------------------------------------------------------------

    def _sort_rows(self) -> None:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        self.all_rows.sort(key=_SORT_KEYS[self.sort_column], reverse=descending)
        group = _SORT_GROUPS.get(self.sort_column)
        if group is not None:
            self.all_rows.sort(key=group)  # stable: each group keeps the order just made
        self.rows = self._filtered()

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.beginResetModel()
        self.all_rows = rows
        if (self.sort_column, self.sort_order) != (WHEN, Qt.SortOrder.DescendingOrder):
            self._sort_rows()  # load_timeline hands them newest first
        else:
            self.rows = self._filtered()
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        """Show the rows `filters` pass, as one layout change that keeps the rows still shown selected.

        A filter change can hide or show thousands of scattered rows; announcing
        each run as removed or inserted costs far more than one layout change.
        """
        if filters == self.filters:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        shown = len(self.rows)
        moving = [(self.rows[i.row()] if 0 <= i.row() < shown else None, i.column()) for i in persistent]
        self.filters = filters
        self.rows = self._filtered()
        if persistent:
            # Few rows move (one selected); their places are found among the ids, in C.
            ids = list(map(id, self.rows))
            places: dict[int, int | None] = {id(None): None}
            for r, _c in moving:
                if id(r) not in places:
                    places[id(r)] = ids.index(id(r)) if id(r) in ids else None
            after = [QModelIndex() if (n := places[id(r)]) is None else self.index(n, c) for r, c in moving]
            self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def passes(self, row: TimelineRow) -> bool:
        """Whether the filters show `row`."""
        return bool(self._filtered([row]))

    def _filtered(self, rows: list[TimelineRow] | None = None) -> list[TimelineRow]:
        """The rows the filters pass, in order: one comprehension per filter in use."""
        f, out = self.filters, self.all_rows if rows is None else rows
        if not f.active:
            return list(out)
        if f.kinds != frozenset(TIMELINE_KINDS):
            kinds = f.kinds
            out = [r for r in out if r.kind in kinds]
        if f.first_day is not None:
            first = f.first_day.toordinal()
            out = [r for r in out if r.day >= first]
        if f.last_day is not None:
            last = f.last_day.toordinal()
            out = [r for r in out if r.day <= last]
        if f.product_id is not None:
            pid, intake = (None if f.product_id == NO_PRODUCT else f.product_id), Kind.INTAKE
            out = [r for r in out if r.product_id == pid and r.kind is intake]
        if f.symptom_key is not None:
            key = f.symptom_key
            out = [r for r in out if r.symptom_key == key]
        if f.text:
            text = f.text.casefold()
            out = [r for r in out if text in r.search]
        return out if out is not self.all_rows else list(out)

    def row_at(self, position: int) -> TimelineRow:
        return self.rows[position]

    def index_of(self, kind: Kind, entry_id: int) -> int | None:
        """Where the entry is among the rows shown (None: hidden by the filters, or not loaded)."""
        return _position(self.rows, kind, entry_id)

    def find(self, kind: Kind, entry_id: int) -> TimelineRow | None:
        """The loaded row of the entry, shown or not."""
        position = _position(self.all_rows, kind, entry_id)
        return None if position is None else self.all_rows[position]

    def _insert_position(self, new: TimelineRow, skip: int | None, rows: list[TimelineRow]) -> int:
        """Where `new` goes in `rows` in the current order, counted as if the row at `skip` were gone."""
        key, group = _SORT_KEYS[self.sort_column], _SORT_GROUPS.get(self.sort_column)
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        wanted = key(new)
        wanted_group = group(new) if group is not None else None

        def before(other: TimelineRow) -> bool:
            if group is not None and group(other) != wanted_group:
                return bool(group(other) < wanted_group)
            there = key(other)
            return there > wanted if descending else there < wanted

        position = 0
        for n, other in enumerate(rows):
            if n == skip:
                continue
            if not before(other):
                break
            position += 1
        return position

    def update_entry(self, kind: Kind, entry_id: int, new: TimelineRow | None) -> int | None:
        """Put one entry's new row in place (None: it is gone). Returns its position among those shown."""
        loaded = _position(self.all_rows, kind, entry_id)
        if loaded is not None:
            del self.all_rows[loaded]
        if new is not None:
            self.all_rows.insert(self._insert_position(new, None, self.all_rows), new)
            if not self.passes(new):
                new = None  # hidden by the filters: out of the rows shown
        old = self.index_of(kind, entry_id)
        if new is None:
            if old is not None:
                self.beginRemoveRows(QModelIndex(), old, old)
                del self.rows[old]
                self.endRemoveRows()
            return None
        target = self._insert_position(new, old, self.rows)
        if old is not None and target == old:
            self.rows[old] = new
            self.dataChanged.emit(self.index(old, 0), self.index(old, len(COLUMNS) - 1))
            return old
        if old is not None:
            self.beginRemoveRows(QModelIndex(), old, old)
            del self.rows[old]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), target, target)
        self.rows.insert(target, new)
        self.endInsertRows()
        return target


def _position(rows: list[TimelineRow], kind: Kind, entry_id: int) -> int | None:
    for position, row in enumerate(rows):
        if row.id == entry_id and row.kind is kind:
            return position
    return None


# -- the filter ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What History shows: kinds, a day range, a product, a symptom and text in the notes."""

    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(TIMELINE_KINDS))
    first_day: date | None = None
    last_day: date | None = None
    product_id: int | None = None
    symptom_key: str | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()


class TimelineFilter(QSortFilterProxyModel):
    """The table's view of the model: filtering and sorting are the model's own (see TimelineModel).

    Without a `filterAcceptsRow` of its own, the proxy maps rows in C++ alone.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: TimelineModel | None = None
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, TimelineModel)
        self._timeline = model
        super().setSourceModel(model)

    @property
    def filters(self) -> Filters:
        return self._timeline.filters if self._timeline is not None else Filters()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The model sorts its list with one key per column; this proxy keeps its order.
        if self._timeline is not None:
            self._timeline.sort(column, order)

    def set_filters(self, filters: Filters) -> None:
        """Apply new filters (the model's, as one layout change)."""
        if self._timeline is not None:
            self._timeline.set_filters(filters)


class TimelineView(QTableView):
    """The table; Enter edits the current entry, Delete deletes it."""

    edit_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.edit_requested.emit()
            return
        if key == Qt.Key.Key_Delete and not event.modifiers():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


# -- the page ------------------------------------------------------------------------------


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _named(widget: QWidget, name: str, tip: str) -> QWidget:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


class HistoryPage(QWidget):
    """Every entry, newest first: filter, sort, edit (Enter, Ctrl+E), delete (Delete, Ctrl+Z undoes).

    The timeline loads when the page is first shown, so opening the window never
    waits for it; `refresh()` brings it up to date (at once when shown, else when
    next shown). A journal of more than `FIRST_PAGE` entries shows its newest
    at once and reads the rest on the worker thread (`loading` meanwhile), so the
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
        self.dialog: EntryDialog | None = None
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
        self.kind_boxes: dict[Kind, QCheckBox] = {}
        kinds_row = QHBoxLayout()
        show = QLabel("Show:")
        kinds_row.addWidget(show)
        for kind, label in _KIND_FILTERS.items():
            box = QCheckBox(label)
            box.setChecked(True)
            _named(box, f"Show {label.lower()}", f"Show or hide {label.lower()}")
            box.toggled.connect(self._apply_filters)
            self.kind_boxes[kind] = box
            kinds_row.addWidget(box)
        kinds_row.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        _named(self.search, "Search notes", "Show entries whose notes contain this text, any case (Ctrl+F)")
        kinds_row.addWidget(self.search)

        self.all_time = QCheckBox("All time")
        self.all_time.setChecked(True)
        _named(self.all_time, "All time", "Untick to show only the days between From and To")
        today = journal.now().local.date()
        self.date_from = QDateEdit(_qdate(today - timedelta(days=30)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            _named(edit, f"{name} date", f"{name} this day (inclusive); untick All time to use it")
            edit.dateChanged.connect(self._apply_filters)
        self.all_time.toggled.connect(self._all_time_toggled)
        self.product = QComboBox()
        _named(self.product, "Product filter", "Show only intakes of this product")
        self.symptom = QComboBox()
        _named(self.symptom, "Symptom filter", "Show only entries of this symptom")
        self.product.currentIndexChanged.connect(self._apply_filters)
        self.symptom.currentIndexChanged.connect(self._apply_filters)
        self.clear_button = QPushButton("Clear filters")
        _named(self.clear_button, "Clear filters", "Show every entry again")
        self.clear_button.clicked.connect(self.clear_filters)

        range_row = QHBoxLayout()
        range_row.addWidget(self.all_time)
        from_label, to_label = QLabel("&From"), QLabel("&To")
        from_label.setBuddy(self.date_from)
        to_label.setBuddy(self.date_to)
        range_row.addSpacing(8)
        range_row.addWidget(from_label)
        range_row.addWidget(self.date_from)
        range_row.addSpacing(8)
        range_row.addWidget(to_label)
        range_row.addWidget(self.date_to)
        range_row.addSpacing(12)
        product_label, symptom_label = QLabel("&Product"), QLabel("S&ymptom")
        product_label.setBuddy(self.product)
        symptom_label.setBuddy(self.symptom)
        for field_label in (from_label, to_label, product_label, symptom_label):
            # A mnemonic's underline undoes kerning, so the text needs a little more than its hint.
            field_label.setMinimumWidth(field_label.sizeHint().width() + 4)
        for combo in (self.product, self.symptom):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        range_row.addWidget(product_label)
        range_row.addWidget(self.product, 1)
        range_row.addWidget(symptom_label)
        range_row.addWidget(self.symptom, 1)
        range_row.addWidget(self.clear_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._search_timer.start)

        # Table and empty state ---------------------------------------------------
        self.table = TimelineView()
        self.table.setModel(self.proxy)
        _named(self.table, "Timeline", "Every entry; Enter or double-click edits, Delete deletes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        for column, width in ((WHEN, 245), (KIND, 100), (PRODUCT, 120), (FINDINGS, 150)):
            self.table.setColumnWidth(column, width)
        # Entry and Notes share what is left, so the notes stay in view on a narrow window.
        header.setSectionResizeMode(ENTRY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.edit_requested.connect(self.edit_selected)
        self.table.delete_requested.connect(self.delete_selected)

        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setAccessibleName("Nothing to show")
        self.empty_clear = QPushButton("Clear filters")
        _named(self.empty_clear, "Clear filters and show every entry", "Show every entry again")
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
        _named(self.edit_button, "Edit entry", "Edit the selected entry (Enter or Ctrl+E)")
        self.delete_button = QPushButton("&Delete")
        _named(self.delete_button, "Delete entry", "Delete the selected entry (Delete); Ctrl+Z undoes it")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)

        self.edit_action = self._action("Edit entry", QKeySequence("Ctrl+E"), self.edit_selected)
        self.find_action = self._action(
            "Search notes", QKeySequence(QKeySequence.StandardKey.Find), self._focus_search
        )
        # For a menu or tool bar; the keys are handled in keyPressEvent.
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")

        layout = QVBoxLayout(self)
        layout.addLayout(kinds_row)
        layout.addLayout(range_row)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.search, self.table)

        self.undo_stack.indexChanged.connect(self._stack_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._fill_choices()

    def _action(self, text: str, keys: QKeySequence, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

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
            self.table.selectRow(0)
        self._update_state()

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
        """The products and symptoms the journal's entries name, read by the database (all of them
        even while only the newest rows are loaded)."""
        choices = timeline_choices(self.journal)
        product_items: list[tuple[str, Any]] = [("All products", None)]
        product_items += [
            ("No product", NO_PRODUCT) if pid is None else (name, pid) for pid, name in choices.products
        ]
        symptom_items: list[tuple[str, Any]] = [("All symptoms", None)]
        symptom_items += [(label, key) for key, label in choices.symptoms]
        for combo, items in ((self.product, product_items), (self.symptom, symptom_items)):
            current = combo.currentData()
            if current is not None and all(data != current for _text, data in items):
                # Its last entry just went (deleted, or corrected): keep the filter as chosen.
                items.append((combo.currentText(), current))
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._apply_filters()

    def current_filters(self) -> Filters:
        dated = not self.all_time.isChecked()
        first = self.date_from.date().toPython() if dated else None
        last = self.date_to.date().toPython() if dated else None
        assert first is None or isinstance(first, date)
        assert last is None or isinstance(last, date)
        return Filters(
            kinds=frozenset(kind for kind, box in self.kind_boxes.items() if box.isChecked()),
            first_day=first,
            last_day=last,
            product_id=self.product.currentData(),
            symptom_key=self.symptom.currentData(),
            text=self.search.text().strip(),
        )

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self.proxy.set_filters(self.current_filters())
        if self.selected_row() is None and self.proxy.rowCount():
            self.table.selectRow(0)  # Enter, Delete and Ctrl+E keep something to act on
        self._update_state()

    def _all_time_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(not checked)
        self.date_to.setEnabled(not checked)
        self._apply_filters()

    def clear_filters(self) -> None:
        controls: list[QWidget] = [
            *self.kind_boxes.values(),
            self.all_time,
            self.search,
            self.product,
            self.symptom,
        ]
        for control in controls:
            control.blockSignals(True)
        for box in self.kind_boxes.values():
            box.setChecked(True)
        self.all_time.setChecked(True)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.search.clear()
        self.product.setCurrentIndex(0)
        self.symptom.setCurrentIndex(0)
        for control in controls:
            control.blockSignals(False)
        self._apply_filters()
        self.table.setFocus()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- state -----------------------------------------------------------------------

    def _update_state(self) -> None:
        shown, total = self.proxy.rowCount(), len(self.model.all_rows)
        filtered = self.model.filters.active
        self.clear_button.setEnabled(filtered)
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            if total == 0 and not self._stale:
                text = (
                    "<p><b>Nothing logged yet.</b></p><p>Everything you log appears here, newest "
                    "first: intakes (Ctrl+N), symptom and pain check-ins, and breaks. Here you can "
                    "search them, correct them and delete them (Ctrl+Z undoes a delete).</p>"
                )
            elif total == 0:
                text = "Loading the timeline…"
            else:
                text = (
                    "<p><b>No entries match these filters.</b></p><p>Tick more kinds, widen the "
                    "dates, pick another product or symptom, or clear the search.</p>"
                )
            if self._notice:
                text += f"<p>{self._notice}</p>"
            self.empty_text.setText(text)
            self.empty_clear.setVisible(total > 0 and filtered)
            self.stack.setCurrentWidget(self.empty)
        noun = "entry" if total == 1 else "entries"
        self.count.setText(f"Showing {shown:,} of {total:,} {noun}" if filtered else f"{total:,} {noun}")
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
        index = self.table.currentIndex()
        selection = self.table.selectionModel()
        if (
            not index.isValid()
            or selection is None
            or not selection.isRowSelected(index.row(), QModelIndex())
        ):
            return None
        row = self.proxy.data(self.proxy.index(index.row(), 0), ROW_ROLE)
        return row if isinstance(row, TimelineRow) else None

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

    def edit_selected(self) -> EntryDialog | None:
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
        dialog.saved.connect(lambda before, after, r=row: self._edited(r, before, after))
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
            self.table.selectRow(min(proxy_row, self.proxy.rowCount() - 1))
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
