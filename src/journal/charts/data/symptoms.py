"""The symptom heat strips' data: the worst rating per symptom and day (or week)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from journal.charts.data.common import SEVERITY_WORDS, Days
from journal.domain.periods import Period, bin_index, day_text, short_day_text
from journal.service.journal import Journal


@dataclass(frozen=True, slots=True)
class Rating:
    """One symptom rating, reduced to what the charts need."""

    key: str
    day: date
    severity: int


@dataclass(frozen=True, slots=True)
class SymptomInfo:
    """A symptom as the charts name it."""

    key: str
    label: str
    category: str
    category_label: str


@dataclass(frozen=True, slots=True)
class SymptomRow:
    """One symptom's strip: the worst rating in each bin, None where it was not rated."""

    info: SymptomInfo
    values: tuple[int | None, ...]

    @property
    def rated_bins(self) -> int:
        return sum(v is not None for v in self.values)


@dataclass(frozen=True, slots=True)
class SymptomData:
    """What the symptom heat strips draw: rows grouped by category, one column per bin."""

    period: Period
    edges: tuple[date, ...]
    rows: tuple[SymptomRow, ...]

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def summary(self) -> str:
        if self.empty:
            return f"No symptoms rated in the period {self.period.text}."
        worst = max(self.rows, key=lambda r: max((v or 0) for v in r.values))
        level = max((v or 0) for v in worst.values)
        names = ", ".join(r.info.label for r in self.rows)
        return (
            f"{len(self.rows)} symptom{'s' if len(self.rows) != 1 else ''} rated: {names}. "
            f"Worst rating: {worst.info.label}, {SEVERITY_WORDS[level]}."
        )

    @property
    def bin_days(self) -> int:
        return self.period.bin_days

    def lines(self) -> list[str | SymptomRow]:
        """Top to bottom: a category name, then its symptoms' rows."""
        out: list[str | SymptomRow] = []
        for row in self.rows:
            if not out or (isinstance(out[-1], SymptomRow) and out[-1].info.category != row.info.category):
                out.append(row.info.category_label)
            out.append(row)
        return out

    def describe(self, day: date, line: int) -> str | None:
        """Hover text for a day on a line of `lines()`: "Tue 3 Mar 2026 · Dry skin: moderate"."""
        lines = self.lines()
        i = bin_index(self.edges, day)
        if i is None or not 0 <= line < len(lines):
            return None
        row = lines[line]
        if isinstance(row, str):
            return None
        value = row.values[i]
        word = "not rated" if value is None else SEVERITY_WORDS[value]
        if self.bin_days == 1:
            return f"{day_text(day)} · {row.info.label}: {word}"
        first, last = self.edges[i], self.edges[i + 1] - timedelta(days=1)
        worst = "" if value is None else "worst rating "
        head = f"{short_day_text(first, year=False)} – {short_day_text(last)}"
        return f"{head} · {row.info.label}: {worst}{word}"


def prepare_symptoms(
    period: Period, ratings: Iterable[Rating], catalogue: Sequence[SymptomInfo]
) -> SymptomData:
    """Worst rating per symptom and bin; rows for symptoms rated in the period, in catalogue order."""
    edges = tuple(period.edges())
    worst: dict[str, dict[int, int]] = defaultdict(dict)
    for r in ratings:
        i = bin_index(edges, r.day)
        if i is None:
            continue
        cells = worst[r.key]
        cells[i] = max(cells.get(i, 0), r.severity)
    order = {info.key: n for n, info in enumerate(catalogue)}
    known = {info.key: info for info in catalogue}
    category_order = {info.category: order[info.key] for info in reversed(catalogue)}
    rows = []
    for key, cells in worst.items():
        info = known.get(key) or SymptomInfo(key, key, "other", "Other")
        values = tuple(cells.get(i) for i in range(len(edges) - 1))
        rows.append(SymptomRow(info, values))
    rows.sort(
        key=lambda r: (
            category_order.get(r.info.category, len(order)),
            order.get(r.info.key, len(order)),
            r.info.key,
        )
    )
    return SymptomData(period, edges, tuple(rows))


def symptom_infos(journal: Journal) -> list[SymptomInfo]:
    """Every symptom type in catalogue order (categories in the catalogue's order)."""
    from journal import resources

    catalogue = resources.catalogue()
    cat_order = {key: n for n, (key, _) in enumerate(catalogue.categories)}
    types = sorted(journal.entries.symptom_types(), key=lambda t: (cat_order.get(t.category, 99), t.id or 0))
    return [SymptomInfo(t.key, t.label, t.category, catalogue.category_label(t.category)) for t in types]


def ratings(journal: Journal, period: Period, before: timedelta = timedelta(0)) -> list[Rating]:
    """Symptom ratings on the period's days (and `before` earlier)."""
    days = Days(journal.settings.day_start_hour)
    start, end = period.utc_range(before)
    first = period.start - timedelta(days=before.days)
    rows = [
        Rating(key, days.day(at, offset), severity)
        for at, offset, key, severity in journal.entries.symptom_ratings(start, end)
    ]
    return [r for r in rows if first <= r.day <= period.end]


def symptom_data(journal: Journal, period: Period) -> SymptomData:
    """Read the symptom heat strips' data for a period."""
    return prepare_symptoms(period, ratings(journal, period), symptom_infos(journal))
