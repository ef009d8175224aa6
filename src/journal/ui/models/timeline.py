"""History's table model and its filter: a thin adapter over the `TimelineRow`s of the timeline.

Rows are plain values (`journal.service.timeline.TimelineRow`), replaced whole with a
model reset (`set_rows`) or one at a time (`update_entry`). Sorting is done by the
model itself, with one Python sort on a key per column, instead of a Python call for
every comparison the proxy would make; `SORT_ROLE` gives each cell's plain sort value.
The model filters itself too (`set_filters`), with a list comprehension per filter
in use on values each row carries already computed (case-folded notes, the local day
as an ordinal), applied as one layout change: with 120,000 rows a filter change takes
20 to 50 ms, where the proxy's `filterAcceptsRow`, one call from C++ into Python per
row, took over 300 ms. The proxy only passes rows through.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from journal.domain.entities import Kind, Level
from journal.domain.periods import day_text
from journal.service.timeline import KIND_RANK, KIND_WORDS, TIMELINE_KINDS, TimelineRow
from journal.service.timeline import when_text as local_time_text
from journal.ui.icon import level_icon, photo_icon
from journal.ui.models.timeline_days import CheckinGroup, DayHeader, Item, day_headers, group_rows
from journal.ui.text import LEVEL_MARK, LEVEL_WORD

ModelIndex = QModelIndex | QPersistentModelIndex

#: The underlying value of a cell, for sorting: times, amounts and levels as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: What a table row shows: a TimelineRow, or a day's header or a check-in (timeline_days).
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("When", "Kind", "Entry", "Product", "Findings", "Notes", "Tags")
WHEN, KIND, ENTRY, PRODUCT, FINDINGS, NOTES, TAGS = range(len(COLUMNS))
_HEADER_TIPS = (
    "Local time the entry describes; ◷ marks entries logged more than 12 hours after it (entered later)",
    "Intake, symptom, pain check-in, withdrawal check-in, break, photo, medication, taper plan "
    "or stash (a purchase or a weighed amount)",
    "What was recorded; sorts intakes by amount, symptoms by severity, pain by pain now, "
    "withdrawal check-ins by their SOWS total",
    "Product of an intake",
    "Guidance findings kept with an intake, loudest first",
    "Notes (a break's reason and outcome)",
    "Context tags you put on the entry",
)

#: Product filter value for intakes without a product.
NO_PRODUCT = -1
MAX_NOTE_SHOWN = 120
MAX_TIP_CHARS = 2000


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


#: The time of an entry that has a day and no time of day.
WHOLE_DAY = "–"


def when_text(row: TimelineRow, *, time_only: bool = False) -> str:
    """The local time (under a day's header: only the hour), ◷ when entered later.

    "entered later" itself is in the tooltip and the spoken text. A day with no time of day (a
    plan's first day, a medication's start date) shows a dash for the time.
    """
    if row.whole_day:
        return WHOLE_DAY if time_only else f"{local_time_text(row.at.local)[:-6]} {WHOLE_DAY}"
    text = f"{row.at.local:%H:%M}" if time_only else local_time_text(row.at.local)
    return f"{text} ◷" if row.entered_later else text


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
    TAGS: lambda r: (r.tags, *_when_key(r)),
}
#: Groups that keep their order whichever way a column sorts: amounts, severities
#: and pain scores are compared within a kind only; rows without a product or a
#: note come last.
_SORT_GROUPS: dict[int, Callable[[TimelineRow], Any]] = {
    ENTRY: lambda r: KIND_RANK[r.kind],
    PRODUCT: lambda r: not r.product,
    NOTES: lambda r: not r.notes,
    TAGS: lambda r: not r.tags,
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
    if column == TAGS:
        return tags_text(row)
    return row.notes.casefold()


def tags_text(row: TimelineRow) -> str:
    """Like "poor sleep, stress"."""
    return ", ".join(row.tags)


class TimelineModel(QAbstractTableModel):
    """A thin adapter over a list of TimelineRow, kept in the order of the current sort.

    `all_rows` holds every row loaded, `rows` those the filters show, in the same
    order, and `items` what the table shows: sorted by time, `rows` under a
    header for each day, with each symptom check-in as one row that opens
    (`toggle`); sorted by another column, `rows` alone. The model filters
    itself, with a few list comprehensions over plain values: a proxy's
    `filterAcceptsRow` is one call from C++ into Python per row, over 300 ms
    for 100,000 rows, where the comprehensions take a few milliseconds.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[TimelineRow] = []
        self.rows: list[TimelineRow] = []
        self.items: list[Item] = []
        self.headers: dict[int, DayHeader] = {}
        self.expanded: set[datetime] = set()
        #: The rows every filter but the one for ratings of "none" passes (check-ins count those).
        self._passing: list[TimelineRow] = []
        self.filters = Filters()
        #: Symptom ratings of "none" the filters hide (shown only when asked for).
        self.hidden_none = 0
        self.sort_column = WHEN
        self.sort_order = Qt.SortOrder.DescendingOrder

    # -- QAbstractItemModel ----------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        never = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if 0 <= index.row() < len(self.items) and isinstance(self.items[index.row()], DayHeader):
            return never  # a heading: read, not chosen
        return never | Qt.ItemFlag.ItemIsSelectable

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
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        row, column = self.items[index.row()], index.column()
        if role == ROW_ROLE:
            return row
        if isinstance(row, DayHeader):
            return _header_data(row, column, role)
        if isinstance(row, CheckinGroup):
            return _group_data(row, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, self.grouped)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == FINDINGS and row.level is not None:
                return level_icon(row.level)
            if column == ENTRY and row.kind is Kind.PHOTO:
                return photo_icon()
            return None
        if role == SORT_ROLE:
            return sort_value(row, column)
        return None

    @property
    def grouped(self) -> bool:
        """Whether rows show under their days (sorted by time) or one list (sorted by another column)."""
        return self.sort_column == WHEN

    @staticmethod
    def _text(row: TimelineRow, column: int, time_only: bool = False) -> str:
        if column == WHEN:
            return when_text(row, time_only=time_only)
        if column == KIND:
            return KIND_WORDS[row.kind]
        if column == ENTRY:
            return row.title
        if column == PRODUCT:
            return row.product
        if column == FINDINGS:
            return findings_text(row)
        if column == TAGS:
            return tags_text(row)
        first = row.notes.split("\n", 1)[0]
        if len(first) > MAX_NOTE_SHOWN or first != row.notes:
            return first[:MAX_NOTE_SHOWN].rstrip() + " …"
        return first

    @staticmethod
    def _tip(row: TimelineRow, column: int) -> str | None:
        if column == WHEN and row.whole_day:
            return f"{local_time_text(row.at.local, long=True)[:-6]}: a day, no time of day"
        if column == WHEN:
            tip = f"{local_time_text(row.at.local, long=True)} ({row.at.zone})"
            return f"{tip}\n◷ Entered later: {late_text(row)}" if row.entered_later else tip
        if column == ENTRY:
            return f"{row.title}\n{row.detail}" if row.detail else row.title
        if column == PRODUCT:
            return f"Product: {row.product}" if row.product else None
        if column == FINDINGS:
            return findings_tip(row) or None
        if column == NOTES:
            return row.notes[:MAX_TIP_CHARS] or None
        if column == TAGS:
            return f"Tags: {tags_text(row)}" if row.tags else None
        return None

    def _spoken(self, row: TimelineRow, column: int) -> str:
        if column == WHEN and row.entered_later:
            return f"{local_time_text(row.at.local, long=True)}, entered later: {late_text(row)}"
        if column == FINDINGS:
            return findings_tip(row) or "no findings"
        if column == WHEN and row.whole_day:
            return f"{local_time_text(row.at.local, long=True)[:-6]}, no time of day"
        if column == WHEN:
            return local_time_text(row.at.local, long=True)
        return self._text(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """One Python sort on a key per column; selection follows its rows."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        self._relayout(self._sort_rows)

    # -- rows --------------------------------------------------------------------------

    def _sort_rows(self) -> None:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        self.all_rows.sort(key=_SORT_KEYS[self.sort_column], reverse=descending)
        group = _SORT_GROUPS.get(self.sort_column)
        if group is not None:
            self.all_rows.sort(key=group)  # stable: each group keeps the order just made
        self._show()

    def _show(self) -> None:
        """Filter the rows, then lay them out: under their days when sorted by time."""
        self.rows = self._filtered()
        if self.grouped:
            self.items = group_rows(
                self._passing, self.headers, self.expanded, show_none=self.filters.none_ratings
            )
        else:
            self.items = list(self.rows)

    def _relayout(self, change: Callable[[], None]) -> None:
        """Make `change` as one layout change; selected rows (and check-ins) stay selected."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        shown = len(self.items)
        moving = [
            (_key(self.items[i.row()]) if 0 <= i.row() < shown else None, i.column()) for i in persistent
        ]
        change()
        if persistent:
            wanted = {key for key, _c in moving}
            where: dict[Hashable, int] = {}
            for n, item in enumerate(self.items):
                key = _key(item)
                if key in wanted:
                    where.setdefault(key, n)
            after = [
                QModelIndex() if key not in where else self.index(where[key], column)
                for key, column in moving
            ]
            self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def toggle(self, position: int) -> bool:
        """Open or close the check-in at `position` (False: not a check-in)."""
        item = self.items[position] if 0 <= position < len(self.items) else None
        if not isinstance(item, CheckinGroup):
            return False
        self.expanded.symmetric_difference_update({item.at_utc})
        self._relayout(self._show)
        return True

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.beginResetModel()
        self.all_rows = rows
        self.headers = day_headers(rows)
        if (self.sort_column, self.sort_order) != (WHEN, Qt.SortOrder.DescendingOrder):
            self._sort_rows()  # load_timeline hands them newest first
        else:
            self._show()
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        """Show the rows `filters` pass, as one layout change that keeps the rows still shown selected.

        A filter change can hide or show thousands of scattered rows; announcing
        each run as removed or inserted costs far more than one layout change.
        """
        if filters == self.filters:
            return

        def change() -> None:
            self.filters = filters
            self._show()

        self._relayout(change)

    def _filtered(self, rows: list[TimelineRow] | None = None) -> list[TimelineRow]:
        """The rows the filters pass, in order: one comprehension per filter in use.

        Symptom ratings of "none" are hidden unless asked for: a check-in rates
        every symptom, so most ratings are "none" and would bury the rest.
        """
        f = self.filters
        out = passing = self._other_filters(self.all_rows if rows is None else rows)
        hidden: list[TimelineRow] = []
        if not f.none_ratings:
            symptom = Kind.SYMPTOM
            hidden = [r for r in out if r.measure == 0 and r.kind is symptom]
            if hidden:
                out = [r for r in out if r.measure != 0 or r.kind is not symptom]
        if rows is None:
            self.hidden_none = len(hidden)  # those the other filters would show
            self._passing = passing
        return out if out is not self.all_rows else list(out)

    def _other_filters(self, out: list[TimelineRow]) -> list[TimelineRow]:
        """The rows every filter but the one for ratings of "none" passes."""
        f = self.filters
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
        if f.tag is not None:
            tag = f.tag
            out = [r for r in out if tag in r.tags]
        return out

    def row_at(self, position: int) -> Item:
        return self.items[position]

    def index_of(self, kind: Kind, entry_id: int) -> int | None:
        """Where the entry is among the rows shown, or the closed check-in holding it (None: hidden by
        the filters, or not loaded)."""
        group = None
        for position, item in enumerate(self.items):
            if isinstance(item, TimelineRow) and item.id == entry_id and item.kind is kind:
                return position
            closed = group is None and isinstance(item, CheckinGroup) and kind is Kind.SYMPTOM
            if closed and any(r.id == entry_id for r in item.rows):  # type: ignore[union-attr]
                group = position  # inside a closed check-in: the check-in stands for it
        return group

    def find(self, kind: Kind, entry_id: int) -> TimelineRow | None:
        """The loaded row of the entry, shown or not."""
        position = _position(self.all_rows, kind, entry_id)
        return None if position is None else self.all_rows[position]

    def _insert_position(self, new: TimelineRow, rows: list[TimelineRow]) -> int:
        """Where `new` goes in `rows` in the current order."""
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
        for other in rows:
            if not before(other):
                break
            position += 1
        return position

    def update_entry(self, kind: Kind, entry_id: int, new: TimelineRow | None) -> int | None:
        """Put one entry's new row in place (None: it is gone). Returns its position among those shown.

        One layout change: the day's total, the check-in it belongs to and the
        count of hidden ratings all follow.
        """

        def change() -> None:
            loaded = _position(self.all_rows, kind, entry_id)
            days = {new.day} if new is not None else set()
            if loaded is not None:
                days.add(self.all_rows[loaded].day)
                del self.all_rows[loaded]
            if new is not None:
                self.all_rows.insert(self._insert_position(new, self.all_rows), new)
            for day in days:  # only the days it left and joined have new totals
                self.headers.pop(day, None)
            self.headers.update(day_headers([r for r in self.all_rows if r.day in days]))
            self._show()

        self._relayout(change)
        return None if new is None else self.index_of(kind, entry_id)


def _position(rows: list[TimelineRow], kind: Kind, entry_id: int) -> int | None:
    for position, row in enumerate(rows):
        if row.id == entry_id and row.kind is kind:
            return position
    return None


def _key(item: Item) -> Hashable:
    """What stays the same of a shown row when the rows are laid out again."""
    if isinstance(item, DayHeader):
        return ("day", item.day)
    if isinstance(item, CheckinGroup):
        return ("check-in", item.at_utc)
    return id(item)


def _header_data(header: DayHeader, column: int, role: int) -> Any:
    """A day's heading: its date, what was taken, its findings; bold on a band of its own."""
    if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
        if column == WHEN:
            return day_text(header.date)
        if column == ENTRY:
            return header.amount_text
        if column == FINDINGS:
            return header.findings_text
        return "" if role == Qt.ItemDataRole.DisplayRole else None
    if role == Qt.ItemDataRole.ToolTipRole and column in (WHEN, ENTRY):
        return f"{day_text(header.date)}: {header.amount_text}"
    if role == Qt.ItemDataRole.ToolTipRole and column == FINDINGS:
        return header.findings_text or None
    if role == Qt.ItemDataRole.DecorationRole and column == FINDINGS and header.level is not None:
        return level_icon(header.level)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont(QApplication.font())
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return QApplication.palette().brush(QPalette.ColorRole.Midlight)
    if role == Qt.ItemDataRole.ForegroundRole:
        return QApplication.palette().brush(QPalette.ColorRole.Text)
    return None


def _group_data(group: CheckinGroup, column: int, role: int) -> Any:
    """A symptom check-in as one row: its time, and its ratings in one line (▸ closed, ▾ open)."""
    first = group.first
    if role == Qt.ItemDataRole.DisplayRole:
        if column == WHEN:
            return when_text(first, time_only=True)
        if column == KIND:
            return "Check-in"
        if column == ENTRY:
            return f"{'▾' if group.expanded else '▸'} {group.summary}"
        if column == TAGS:
            return tags_text(first)  # one check-in: its ratings carry the same tags
        return ""
    if role == Qt.ItemDataRole.ToolTipRole:
        ratings = "\n".join(r.title for r in group.rows)
        return (
            f"A symptom check-in of {len(group.rows)} ratings:\n{ratings}\n(Enter or double-click opens it)"
        )
    if role == Qt.ItemDataRole.AccessibleTextRole:
        if column == ENTRY:
            return f"Symptom check-in: {group.summary}; {group.spoken_state}"
        if column == WHEN:
            return local_time_text(first.at.local, long=True)
        return "Check-in" if column == KIND else ""
    if role == SORT_ROLE:
        return sort_value(first, column)
    return None


# -- the filter ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What History shows: kinds, a day range, a product, a symptom, text in the notes, a tag, and
    whether symptom ratings of "none" are shown (not by default)."""

    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(TIMELINE_KINDS))
    first_day: date | None = None
    last_day: date | None = None
    product_id: int | None = None
    symptom_key: str | None = None
    text: str = ""
    none_ratings: bool = False
    #: Entries carrying this context tag.
    tag: str | None = None

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
