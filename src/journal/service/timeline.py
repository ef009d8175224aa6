"""The History timeline: the journal's entries as rows, newest first, whole or a page at a time.

Pure Python, no Qt. Rows are built from the store's bulk "lines" (plain tuples
read with a handful of queries). Each row carries what the History page shows
and what its filters and sorting need, computed once: lower-case note text,
the local calendar day as an ordinal, and a number to sort the entry by.

For a History that never waits for 100,000 rows, the reads take a
`TimelineQuery` (kinds, local days, a product, a symptom, words in the notes,
a context tag, as the page's filters) and narrow in SQL:

- `timeline_page`: the next `limit` matching rows newest first, after a row
  already shown (keyset paging: no offset to count past);
- `timeline_count`: how many rows match ("Showing 120 of 131,402");
- `timeline_keys`: the (kind, id) of every matching row, for a model that
  holds all rows and filters them by membership;
- `timeline_choices`: the products, symptoms and tags the filters offer;
- `load_timeline(journal, query)`: every matching row (a period: `first_day`
  and `last_day`), for a background load.

Corrections are the Journal's (`edit_intake`, `edit_symptom`, `edit_pain`,
`edit_withdrawal`, `edit_break`) and `journal.photos.edit`: they validate as logging does.
Other medications and taper plans are rows too (`timeline_meds`), each on its day.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from journal.domain.amounts import format_amount, format_g
from journal.domain.collector import collector_paused
from journal.domain.entities import Break, Form, Kind, Level, Severity, Unit
from journal.domain.errors import InvalidInput
from journal.domain.lines import (
    BreakLine,
    FindingNote,
    IntakeLine,
    LineQuery,
    PainLine,
    PhotoLine,
    PurchaseLine,
    SymptomLine,
    WithdrawalLine,
)
from journal.domain.photos import area
from journal.domain.stash import amount_text
from journal.domain.times import LATE_AFTER, Moment
from journal.domain.withdrawal import SOWS_MAX, answers_text
from journal.service import timeline_meds

if TYPE_CHECKING:
    from journal.service.journal import Journal

#: The kinds the timeline shows, in the order they are offered as filters.
TIMELINE_KINDS = (
    Kind.INTAKE,
    Kind.SYMPTOM,
    Kind.PAIN,
    Kind.WITHDRAWAL,
    Kind.BREAK,
    Kind.PHOTO,
    Kind.MEDICATION,
    Kind.PLAN,
    Kind.PURCHASE,
)
KIND_WORDS = {
    Kind.INTAKE: "Intake",
    Kind.SYMPTOM: "Symptom",
    Kind.PAIN: "Pain check-in",
    Kind.WITHDRAWAL: "Withdrawal check-in",
    Kind.BREAK: "Break",
    Kind.PHOTO: "Photo",
    Kind.PURCHASE: "Stash",
    Kind.PRODUCT: "Product",
    Kind.MEDICATION: "Medication",
    Kind.PLAN: "Taper plan",
}
KIND_RANK = {kind: rank for rank, kind in enumerate(TIMELINE_KINDS)}
#: `TimelineQuery.product_id` for intakes without a product.
NO_PRODUCT = -1
#: Rows a page holds unless asked otherwise.
PAGE_ROWS = 200

_FORM_WORDS = {
    Form.POWDER: "leaf powder",
    Form.CAPSULES: "capsules",
    Form.TEA: "leaf as tea",
    Form.EXTRACT: "extract",
    Form.OTHER: "other form",
}
_HOUR = timedelta(hours=1)
#: English names, whatever the process locale (Qt sets it from the environment).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def when_text(local: datetime, *, long: bool = False) -> str:
    """Like "Mon 2026-03-09 08:00" (or "Monday 2026-03-09 08:00")."""
    day = WEEKDAYS[local.weekday()]
    return f"{day if long else day[:3]} {local:%Y-%m-%d %H:%M}"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One entry as the History timeline shows it.

    `findings` holds (level, message) of the findings stored with an intake,
    loudest first; `level` is the loudest of them. `measure` is the number the
    Entry column sorts by: leaf milligrams of an intake, the severity of a
    symptom, pain now of a check-in, the planned days of a break.
    """

    kind: Kind
    id: int
    at: Moment
    title: str
    detail: str = ""
    product_id: int | None = None
    product: str = ""
    symptom_key: str = ""
    symptom: str = ""
    leaf_mg: int | None = None
    measure: int | None = None
    notes: str = ""
    level: Level | None = None
    findings: tuple[FindingNote, ...] = ()
    entered_later: bool = False
    #: Whole hours between the time described and the time it was logged.
    late_hours: int = 0
    #: Local calendar day (date.toordinal) of `at`, for the date filter.
    day: int = 0
    #: Case-folded notes (and a break's reason and outcome), for the search box.
    search: str = ""
    #: Context tags, sorted.
    tags: tuple[str, ...] = ()
    #: A day with no time of day (a plan's first day, a medication's start date): `at` is its start.
    whole_day: bool = False

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(message for _level, message in self.findings)

    @property
    def local_date(self) -> date:
        return date.fromordinal(self.day)

    @property
    def description(self) -> str:
        """What the entry is, for undo texts and status messages."""
        when = f"{self.at.local:%Y-%m-%d}" if self.whole_day else f"{self.at.local:%Y-%m-%d %H:%M}"
        return f"{KIND_WORDS[self.kind].lower()} {self.title} ({when})"


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """Which rows to read, as History's filters choose them (the default: every row).

    A row passes when its kind is among `kinds`, its local calendar day lies in
    [first_day, last_day] (either end may be open), it is an intake of
    `product_id` (NO_PRODUCT: of no product) when one is given, a rating of
    `symptom_key` when one is given, its notes hold `text` case-folded, and it carries
    the context tag `tag` when one is given.
    """

    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(TIMELINE_KINDS))
    first_day: date | None = None
    last_day: date | None = None
    product_id: int | None = None
    symptom_key: str | None = None
    text: str = ""
    tag: str | None = None

    def kinds_read(self) -> list[Kind]:
        """The kinds that can have matching rows, in timeline order."""
        kinds = [kind for kind in TIMELINE_KINDS if kind in self.kinds]
        if self.product_id is not None:
            kinds = [kind for kind in kinds if kind is Kind.INTAKE]
        if self.symptom_key is not None:
            kinds = [kind for kind in kinds if kind is Kind.SYMPTOM]
        return kinds

    def lines(
        self, after: TimelineRow | None = None, kind: Kind | None = None, limit: int | None = None
    ) -> LineQuery:
        """The store's query for rows of `kind` after the row `after` (newest first)."""
        before: datetime | None = None
        before_id: int | None = None
        if after is not None and kind is not None:
            before = after.at.utc
            rank, after_rank = KIND_RANK[kind], KIND_RANK[after.kind]
            # Newest first: at the same instant intakes come first, then symptoms, pain, breaks.
            before_id = sys.maxsize if rank > after_rank else (after.id if rank == after_rank else None)
        return LineQuery(
            first_day=self.first_day,
            last_day=self.last_day,
            product_id=self.product_id if self.product_id not in (None, NO_PRODUCT) else None,
            no_product=self.product_id == NO_PRODUCT,
            symptom_key=self.symptom_key,
            text=self.text.casefold(),
            tag=self.tag,
            before=before,
            before_id=before_id,
            limit=limit,
        )


@dataclass(frozen=True, slots=True)
class TimelineChoices:
    """What History's filters offer: products of the intakes (None: some have no product), symptoms rated."""

    products: tuple[tuple[int | None, str], ...]
    symptoms: tuple[tuple[str, str], ...]
    #: Context tags on live entries, by name.
    tags: tuple[str, ...] = ()


def load_timeline(journal: Journal, query: TimelineQuery | None = None) -> list[TimelineRow]:
    """Every live intake, symptom entry, pain and withdrawal check-in, break and photo (those `query`
    matches), newest first."""
    return _read(journal, query, None, None)


def timeline_page(
    journal: Journal,
    query: TimelineQuery | None = None,
    *,
    after: TimelineRow | None = None,
    limit: int = PAGE_ROWS,
) -> list[TimelineRow]:
    """The next `limit` rows `query` matches, newest first, after `after` (a row already shown).

    Each kind reads at most `limit` rows from where the last page ended, in
    SQL, so a page costs the same at the start and at the end of ten years.
    """
    return _read(journal, query, after, limit)[:limit]


def timeline_count(journal: Journal, query: TimelineQuery | None = None) -> int:
    """How many rows `query` matches (counted by the database, unless words are looked for)."""
    query = query or TimelineQuery()
    return sum(
        len(timeline_meds.lines(journal, kind, query.lines()))
        if kind in timeline_meds.KINDS
        else journal.entries.line_count(kind, query.lines())
        for kind in query.kinds_read()
    )


def timeline_keys(journal: Journal, query: TimelineQuery | None = None) -> dict[Kind, frozenset[int]]:
    """The ids of the rows `query` matches, by kind: a filter for a model that holds every row
    (a row passes when `row.id in keys.get(row.kind, ())`)."""
    query = query or TimelineQuery()
    entries = journal.entries
    return {
        kind: frozenset(
            [r.id for r in timeline_meds.lines(journal, kind, query.lines())]
            if kind in timeline_meds.KINDS
            else entries.line_ids(kind, query.lines())
        )
        for kind in query.kinds_read()
    }


def timeline_choices(journal: Journal) -> TimelineChoices:
    """The products and symptoms History's filters offer, by name (what the entries name, no more)."""
    products, symptoms = journal.entries.line_choices()
    return TimelineChoices(
        tuple(sorted(products, key=lambda p: (p[0] is not None, p[1].casefold()))),
        tuple(sorted(symptoms, key=lambda s: s[1].casefold())),
        tuple(journal.entries.tag_counts()),
    )


def _read(
    journal: Journal, query: TimelineQuery | None, after: TimelineRow | None, limit: int | None
) -> list[TimelineRow]:
    entries, build = journal.entries, _Builder()
    kinds = query.kinds_read() if query is not None else list(TIMELINE_KINDS)
    # Tens of thousands of new objects, none of them in a cycle: no collection while they are made.
    with collector_paused():
        rows: list[TimelineRow] = []
        for kind in kinds:  # in timeline order: at one instant an intake comes first
            lines = None if query is None and after is None and limit is None else (query or TimelineQuery())
            narrow = lines.lines(after, kind, limit) if lines is not None else None
            if kind is Kind.INTAKE:
                part = [build.intake(line) for line in entries.intake_lines(query=narrow)]
            elif kind is Kind.SYMPTOM:
                part = [build.symptom(line) for line in entries.symptom_lines(query=narrow)]
            elif kind is Kind.PAIN:
                part = [build.pain(line) for line in entries.pain_lines(query=narrow)]
            elif kind is Kind.WITHDRAWAL:
                part = [build.withdrawal(line) for line in entries.withdrawal_lines(query=narrow)]
            elif kind is Kind.PHOTO:
                part = [build.photo(line) for line in entries.photo_lines(query=narrow)]
            elif kind in timeline_meds.KINDS:
                part = [_other_row(line) for line in timeline_meds.lines(journal, kind, narrow)]
            elif kind is Kind.PURCHASE:
                part = [build.purchase(line) for line in entries.purchase_lines(query=narrow)]
            else:
                part = [build.brk(line) for line in entries.break_lines(query=narrow)]
            part.sort(key=_ID, reverse=True)
            rows += _with_tags(journal, kind, part, whole=limit is None)
        # Newest first; sorts keep the order of equals, so at one instant the kinds stay in
        # timeline order and each kind newest id first (`_newest_first_key`), keyed in C.
        rows.sort(key=_UTC, reverse=True)
    return rows


def load_entry(journal: Journal, kind: Kind, entry_id: int) -> TimelineRow | None:
    """The timeline row of one live entry, or None when it is deleted (or never was)."""
    entries, build = journal.entries, _Builder()
    found: list[TimelineRow]
    if kind is Kind.INTAKE:
        found = [build.intake(line) for line in entries.intake_lines(entry_id)]
    elif kind is Kind.SYMPTOM:
        found = [build.symptom(line) for line in entries.symptom_lines(entry_id)]
    elif kind is Kind.PAIN:
        found = [build.pain(line) for line in entries.pain_lines(entry_id)]
    elif kind is Kind.WITHDRAWAL:
        found = [build.withdrawal(line) for line in entries.withdrawal_lines(entry_id)]
    elif kind is Kind.BREAK:
        found = [build.brk(line) for line in entries.break_lines(entry_id)]
    elif kind is Kind.PHOTO:
        found = [build.photo(line) for line in entries.photo_lines(entry_id)]
    elif kind in timeline_meds.KINDS:
        found = [_other_row(line) for line in timeline_meds.lines(journal, kind, entry_id=entry_id)]
    elif kind is Kind.PURCHASE:
        found = [build.purchase(line) for line in entries.purchase_lines(entry_id)]
    else:
        raise ValueError(f"{kind} entries are not on the timeline")
    return _with_tags(journal, kind, found, whole=False)[0] if found else None


def _with_tags(journal: Journal, kind: Kind, rows: list[TimelineRow], *, whole: bool) -> list[TimelineRow]:
    """`rows` with their context tags, read in one go (all of the kind's for a `whole` read:
    few entries carry tags, and the read costs the same)."""
    if not rows:
        return rows
    tags = journal.entries.tags_of(kind, None if whole else [row.id for row in rows])
    if not tags:
        return rows
    return [row if row.id not in tags else replace(row, tags=tags[row.id]) for row in rows]


def _newest_first_key(row: TimelineRow) -> tuple[datetime, int, int]:
    """The timeline's order, newest first when reversed: time, then kind, then id."""
    return (row.at.utc, -KIND_RANK[row.kind], row.id)


_ID = attrgetter("id")
_UTC = attrgetter("at.utc")


# -- building rows ----------------------------------------------------------------


def intake_title(amount: Decimal, unit: Unit, form: Form, leaf_mg: int | None, estimate: bool = False) -> str:
    """Like "4.5 g leaf powder", "6 capsules (3 g leaf)", "1 g extract (not counted)"."""
    shown = format_amount(amount)
    if unit is Unit.CAPS:
        noun = "capsule" if amount == 1 else "capsules"
        of_form = "" if form in (Form.CAPSULES, Form.POWDER) else f" of {_FORM_WORDS[form]}"
        text = f"{shown} {noun}{of_form}"
        if leaf_mg is None:
            text += " (capsule content unknown)" if form.is_leaf else " (not counted)"
        else:
            text += f" ({'≈ ' if not form.is_leaf else ''}{format_g(leaf_mg)} leaf)"
    else:
        text = f"{shown} g {_FORM_WORDS[form]}"
        if leaf_mg is None:
            text += " (not counted)"
        elif not form.is_leaf:
            text += f" (≈ {format_g(leaf_mg)} leaf)"
    return f"{text}, estimate" if estimate else text


def pain_title(pain_now: int, peg: tuple[int, int, int] | None) -> str:
    """Like "Pain 6/10, PEG 5.7"."""
    text = f"Pain {pain_now}/10"
    if peg is not None:
        score = (Decimal(sum(peg)) / 3).quantize(Decimal("0.1"))
        text += f", PEG {score}"
    return text


def withdrawal_title(items: tuple[int, ...]) -> str:
    """Like "SOWS total 18 of 64 · answers 2 1 0 ...": numbers only, no band (none is cited)."""
    return f"SOWS total {sum(items)} of {SOWS_MAX} · answers {' '.join(map(str, items))}"


def photo_title(area_key: str, label: str) -> str:
    """Like "Skin: arms, left forearm" (an area no longer known: its key)."""
    try:
        name = area(area_key).label
    except InvalidInput:
        name = area_key
    return f"{name}, {label}" if label else name


def short_date(day: date, reference: date | None = None) -> str:
    """Like "2 Dec", with the year when it differs from `reference` ("2 Dec 2025")."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if reference is not None and reference.year == day.year else f"{text} {day.year}"


def break_title(brk: Break) -> str:
    """Like "Break (planned until 2 Dec)", "Break, 5 days (planned until 2 Dec)", "Break (no goal date)"."""
    start = brk.start.local.date()
    goal = f"planned until {short_date(brk.planned_end, start)}" if brk.planned_end else "no goal date"
    if brk.actual_end is None:
        return f"Break ({goal})"
    days = (brk.actual_end.local.date() - start).days
    return f"Break, {days} day{'s' if days != 1 else ''} ({goal})"


def break_detail(brk: Break) -> str:
    if brk.actual_end is None:
        return "running"
    start = brk.start.local.date()
    ended = short_date(brk.actual_end.local.date(), start)
    kept = brk.kept()
    if kept is None:
        return f"ended {ended}"
    return f"kept: ended {ended}" if kept else f"ended early, on {ended}"


class _Builder:
    """Builds rows from store lines, reusing the texts that repeat across thousands of them.

    People take the same few amounts of the same few products, so titles and
    details are computed once per distinct value; so are the UTC offsets.
    """

    def __init__(self) -> None:
        self._intake_texts: dict[tuple[Decimal, str, str, int | None, bool, bool], tuple[str, str]] = {}
        self._symptom_titles: dict[tuple[str, int, str], str] = {}
        self._offsets: dict[int, timedelta] = {}

    def _day(self, at_utc: datetime, offset_min: int) -> int:
        shift = self._offsets.get(offset_min)
        if shift is None:
            shift = self._offsets[offset_min] = timedelta(minutes=offset_min)
        return (at_utc + shift).toordinal()

    def intake(self, line: IntakeLine) -> TimelineRow:
        key = (line.amount, line.unit, line.form, line.leaf_mg, line.estimate, line.leaf_estimated)
        texts = self._intake_texts.get(key)
        if texts is None:
            texts = self._intake_texts[key] = _intake_texts(line)
        late = line.created - line.at_utc
        findings = line.findings  # loudest first, as the store reads them
        notes = line.notes
        return TimelineRow(  # by position: a hundred thousand of these
            Kind.INTAKE,
            line.id,
            Moment(line.at_utc, line.zone, line.offset_min),
            texts[0],
            texts[1],
            line.product_id,
            line.product_name or "",
            "",
            "",
            line.leaf_mg,
            line.leaf_mg,
            notes,
            findings[0][0] if findings else None,
            findings,
            late > LATE_AFTER,
            late // _HOUR if late > LATE_AFTER else 0,
            self._day(line.at_utc, line.offset_min),
            notes.casefold() if notes else "",
        )

    def symptom(self, line: SymptomLine) -> TimelineRow:
        key = (line.label, line.severity, line.body_area)
        title = self._symptom_titles.get(key)
        if title is None:
            area = f" ({line.body_area})" if line.body_area else ""
            title = self._symptom_titles[key] = f"{line.label}: {Severity(line.severity).word}{area}"
        late = line.created - line.at_utc
        return TimelineRow(
            kind=Kind.SYMPTOM,
            id=line.id,
            at=Moment(line.at_utc, line.zone, line.offset_min),
            title=title,
            detail=f"body area: {line.body_area}" if line.body_area else "",
            symptom_key=line.key,
            symptom=line.label,
            measure=line.severity,
            notes=line.notes,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(line.at_utc, line.offset_min),
            search=line.notes.casefold() if line.notes else "",
        )

    def pain(self, line: PainLine) -> TimelineRow:
        peg = None
        if line.peg_pain is not None and line.peg_enjoyment is not None and line.peg_activity is not None:
            peg = (line.peg_pain, line.peg_enjoyment, line.peg_activity)
        late = line.created - line.at_utc
        return TimelineRow(
            kind=Kind.PAIN,
            id=line.id,
            at=Moment(line.at_utc, line.zone, line.offset_min),
            title=pain_title(line.pain_now, peg),
            detail=f"mood {line.mood}/10" if line.mood is not None else "",
            measure=line.pain_now,
            notes=line.notes,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(line.at_utc, line.offset_min),
            search=line.notes.casefold() if line.notes else "",
        )

    def withdrawal(self, line: WithdrawalLine) -> TimelineRow:
        """A scored check-in: its total as the title, every statement's answer as the detail."""
        items = tuple(int(c) for c in line.items)
        total = sum(items)
        late = line.created - line.at_utc
        return TimelineRow(
            kind=Kind.WITHDRAWAL,
            id=line.id,
            at=Moment(line.at_utc, line.zone, line.offset_min),
            title=withdrawal_title(items),
            detail=answers_text(items, "\n"),
            measure=total,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(line.at_utc, line.offset_min),
        )

    def photo(self, line: PhotoLine) -> TimelineRow:
        """A photo: its area and label as the title, and the symptom check-in it is linked to named."""
        title = photo_title(line.area, line.label)
        detail = ""
        if line.symptom_at is not None:
            local = line.symptom_at + timedelta(minutes=line.symptom_offset or 0)
            rated = ""
            if line.symptom_label is not None and line.symptom_severity is not None:
                rated = f" ({line.symptom_label}: {Severity(line.symptom_severity).word})"
            detail = f"with the symptom check-in of {when_text(local, long=True)}{rated}"
            title = f"{title} · check-in {when_text(local)}{rated}"
        late = line.created - line.at_utc
        return TimelineRow(
            kind=Kind.PHOTO,
            id=line.id,
            at=Moment(line.at_utc, line.zone, line.offset_min),
            title=title,
            detail=detail,
            notes=line.notes,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(line.at_utc, line.offset_min),
            search=line.notes.casefold() if line.notes else "",
        )

    def purchase(self, line: PurchaseLine) -> TimelineRow:
        """A purchase ("250 g bought") or a correction ("40 g left, as weighed"), price and batch beside."""
        amount = amount_text(line.amount, Unit(line.unit))
        title = f"{amount} left, as weighed" if line.correction else f"{amount} bought"
        detail = " · ".join(
            part
            for part in (
                f"price {format_amount(line.price)}" if line.price is not None else "",
                f"batch {line.batch}" if line.batch else "",
            )
            if part
        )
        late = line.created - line.at_utc
        return TimelineRow(
            kind=Kind.PURCHASE,
            id=line.id,
            at=Moment(line.at_utc, line.zone, line.offset_min),
            title=f"{title} ({detail})" if detail else title,
            detail=detail,
            product_id=line.product_id,
            product=line.product_name or "",
            notes=line.notes,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(line.at_utc, line.offset_min),
            search=line.notes.casefold() if line.notes else "",
        )

    def brk(self, line: BreakLine) -> TimelineRow:
        brk = line.brk
        late = line.created - brk.start.utc
        notes = "\n".join(part for part in (brk.reason, brk.outcome) if part)
        planned = (brk.planned_end - brk.start.local.date()).days if brk.planned_end else None
        return TimelineRow(
            kind=Kind.BREAK,
            id=line.id,
            at=brk.start,
            title=break_title(brk),
            detail=break_detail(brk),
            measure=planned,
            notes=notes,
            entered_later=late > LATE_AFTER,
            late_hours=late // _HOUR if late > LATE_AFTER else 0,
            day=self._day(brk.start.utc, brk.start.offset_min),
            search=notes.casefold(),
        )


def _other_row(line: timeline_meds.OtherLine) -> TimelineRow:
    """A medication or a taper plan (`timeline_meds`) as a row."""
    return TimelineRow(
        kind=line.kind,
        id=line.id,
        at=line.at,
        title=line.title,
        detail=line.detail,
        notes=line.notes,
        day=line.day,
        search=line.search,
        whole_day=line.whole_day,
    )


def _intake_texts(line: IntakeLine) -> tuple[str, str]:
    estimate = line.estimate or line.leaf_estimated
    title = intake_title(line.amount, Unit(line.unit), Form(line.form), line.leaf_mg, line.estimate)
    if line.leaf_mg is None:
        return title, "not counted in the totals"
    return title, f"counts as {format_g(line.leaf_mg)} of leaf{' (estimate)' if estimate else ''}"
