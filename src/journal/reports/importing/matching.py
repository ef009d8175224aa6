"""How entries of a file pair with the journal's, and how they are put in words.

An entry's identity key says which journal entry it is; its content says
whether the two are the same. Words for a preview and for conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from journal.domain.amounts import format_amount
from journal.domain.entities import Break, Intake, PainCheckin, Product, SymptomEntry, SymptomType
from journal.domain.photos import Photo
from journal.domain.times import Moment
from journal.domain.withdrawal import SOWS_MAX, WithdrawalScore
from journal.reports.importing.errors import show
from journal.reports.importing.incoming import InIntake

_US = timedelta(microseconds=1)


_T = TypeVar("_T")
_K = TypeVar("_K")


def pair(
    existing: Iterable[_T],
    incoming: Iterable[_K],
    key_e: Callable[[_T], Any],
    key_i: Callable[[_K], Any],
    same: Callable[[_T, _K], bool],
) -> Iterator[tuple[_K, _T | None, bool]]:
    """Each incoming item with its match in the journal (or None) and whether the content is the same.

    Matching is by identity key, as a multiset: an entry that occurs twice in
    the file and once in the journal is added once. Within a key, items with
    the same content pair up first. With nothing in the journal, everything is new.
    """
    pool: dict[Any, list[_T]] = defaultdict(list)
    for item in existing:
        pool[key_e(item)].append(item)
    if not pool:
        for inc in incoming:
            yield inc, None, False
        return
    groups: dict[Any, list[_K]] = defaultdict(list)
    for inc in incoming:
        groups[key_i(inc)].append(inc)
    for key, items in groups.items():
        candidates = pool.get(key, [])
        leftover: list[_K] = []
        for inc in items:
            match = next((c for c in candidates if same(c, inc)), None)
            if match is not None:
                candidates.remove(match)
                yield inc, match, True
            else:
                leftover.append(inc)
        for inc in leftover:
            yield inc, (candidates.pop(0) if candidates else None), False


def differences(pairs: Iterable[tuple[str, Any, Any]]) -> tuple[str, ...]:
    return tuple(
        f"{label}: {plain(here)} in the journal, {plain(there)} in the file"
        for label, here, there in pairs
        if here != there
    )


def plain(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return show(value)


def when(at: Moment) -> str:
    return f"{at.local:%Y-%m-%d %H:%M} ({at.zone})"


def fold(name: str | None) -> str | None:
    return None if name is None else name.strip().casefold()


def span(moments: Iterable[Moment]) -> tuple[datetime, datetime] | None:
    """[first, last] UTC instant of `moments`, as [start, end) bounds for a read."""
    times = [m.utc for m in moments]
    return (min(times), max(times) + _US) if times else None


def setting_words(item: tuple[str, Any]) -> str:
    name, value = item
    return f"setting {name}: {plain(value)}"


def type_words(stype: SymptomType) -> str:
    return f"symptom type {stype.label} ({stype.key})"


def product_words(product: Product) -> str:
    return f"product {product.name.strip()}"


def pain_words(checkin: PainCheckin) -> str:
    return f"pain check-in {when(checkin.at)}: pain {checkin.pain_now}/10"


def withdrawal_words(score: WithdrawalScore) -> str:
    return f"withdrawal check-in {when(score.at)}: SOWS total {score.total} of {SOWS_MAX}"


def withdrawal_content(w: WithdrawalScore) -> tuple[Any, ...]:
    return (w.items, w.at.zone, w.at.offset_min)


def photo_words(photo: Photo) -> str:
    return f"photo {when(photo.at)}: {photo.title}"


def photo_content(p: Photo) -> tuple[Any, ...]:
    return (p.at.utc, p.area, p.label, p.notes, p.at.zone, p.at.offset_min)


def break_words(brk: Break) -> str:
    return f"break from {when(brk.start)}"


def intake_content(i: Intake) -> tuple[Any, ...]:
    return (i.form, i.estimate, i.notes, i.at.zone, i.at.offset_min)


def incoming_content(i: InIntake) -> tuple[Any, ...]:
    return (i.form, i.estimate, i.notes, i.at.zone, i.at.offset_min)


def symptom_content(e: SymptomEntry) -> tuple[Any, ...]:
    return (e.severity, e.notes, e.at.zone, e.at.offset_min)


def pain_content(c: PainCheckin) -> tuple[Any, ...]:
    return (c.pain_now, c.peg, c.mood, c.notes, c.at.zone, c.at.offset_min)


def break_content(b: Break) -> tuple[Any, ...]:
    end = b.actual_end
    return (
        b.planned_end,
        None if end is None else (end.utc, end.offset_min),
        b.reason,
        b.outcome,
        b.start.zone,
        b.start.offset_min,
    )
