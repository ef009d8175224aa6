"""History's reads narrowed in SQL give exactly the rows its filters pass, page by page.

One small journal with the awkward cases (entries of every kind at the same
instant, local days that are not the UTC day, notes that fold only outside
ASCII, intakes without a product, a break's reason and outcome) is read with
random filters; every read is held to the filter applied to every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.domain.entities import Kind, PainCheckin, Product
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.timeline import (
    NO_PRODUCT,
    TIMELINE_KINDS,
    TimelineQuery,
    TimelineRow,
    load_timeline,
    timeline_choices,
    timeline_count,
    timeline_keys,
    timeline_page,
)
from journal.storage.store.lines import FOLD_TO_ASCII
from tests.conftest import FakeClock

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOTES = (
    "",
    "Straße nach Hause",
    "STRASSE",
    "with food",
    "With Food, again",
    "Ärger",
    "ärger",
    "café ☕",
    "ﬁne",
)
ZONES = ("Europe/Berlin", "Pacific/Kiritimati", "Pacific/Niue", "UTC")
TAGS = ((), ("stress",), ("poor sleep", "stress"), ("travel",), ())


def at(hours_ago: float, zone: str) -> Moment:
    return Moment.from_utc(NOW - timedelta(hours=hours_ago), zone)


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    clock = FakeClock(NOW)
    journal = Journal.open(tmp_path_factory.mktemp("known"), zone="Europe/Berlin", clock=clock)
    red = journal.products.add(Product("Red Bali"))
    green = journal.products.add(Product("Green Maeng Da"))
    for n in range(60):
        hours = n * 7.5 % 200 + (n % 3) * 0.25
        zone = ZONES[n % len(ZONES)]
        product = (red.id, green.id, None)[n % 3]
        tags = TAGS[n % len(TAGS)]
        draft = IntakeDraft(
            str(1 + n % 4), at(hours, zone), product_id=product, notes=NOTES[n % len(NOTES)], tags=tags
        )
        journal.log_intake(draft)
        if n % 4 == 0:  # the same instant as the intake: the kinds' order decides
            journal.log_symptom(
                "nausea", 1 + n % 4, at(hours, zone), notes=NOTES[(n + 1) % len(NOTES)], tags=TAGS[n % 3]
            )
        if n % 5 == 0:
            journal.log_symptom("dizziness", 2, at(hours + 1, zone), notes=NOTES[(n + 2) % len(NOTES)])
        if n % 6 == 0:
            pain = PainCheckin(at(hours, zone), n % 11, None, None, NOTES[(n + 3) % len(NOTES)])
            journal.log_pain(pain, tags=TAGS[n % 4])
    clock.now = NOW - timedelta(hours=150)
    journal.start_break(date(2026, 3, 20), "Straße", tags=("stress",))
    clock.now = NOW - timedelta(hours=100)
    journal.end_break("ärger")
    clock.now = NOW - timedelta(hours=30)
    journal.start_break(None)
    clock.now = NOW - timedelta(hours=29)
    journal.end_break("with food")
    clock.now = NOW
    assert len(journal.entries.breaks()) == 2
    yield journal
    journal.close()


def passes(row: TimelineRow, q: TimelineQuery) -> bool:
    """History's filter, row by row (what ui/models/timeline.py, TimelineModel._filtered, keeps)."""
    if row.kind not in q.kinds:
        return False
    if q.first_day is not None and row.day < q.first_day.toordinal():
        return False
    if q.last_day is not None and row.day > q.last_day.toordinal():
        return False
    if q.product_id is not None and (
        row.kind is not Kind.INTAKE
        or row.product_id != (None if q.product_id == NO_PRODUCT else q.product_id)
    ):
        return False
    if q.symptom_key is not None and row.symptom_key != q.symptom_key:
        return False
    if q.tag is not None and q.tag not in row.tags:
        return False
    return not q.text or q.text.casefold() in row.search


days = st.one_of(st.none(), st.dates(min_value=date(2026, 2, 28), max_value=date(2026, 3, 11)))


@st.composite
def queries(draw: st.DrawFn) -> TimelineQuery:
    return TimelineQuery(
        kinds=frozenset(draw(st.sets(st.sampled_from(TIMELINE_KINDS), min_size=1))),
        first_day=draw(days),
        last_day=draw(days),
        product_id=draw(st.sampled_from([None, None, NO_PRODUCT, 1, 2])),
        symptom_key=draw(st.sampled_from([None, None, "nausea", "dizziness"])),
        text=draw(
            st.sampled_from(["", "", "strasse", "STRASSE", "straße", "food", "ÄRGER", "é", "☕", "zzz"])
        ),
        tag=draw(st.sampled_from([None, None, None, "stress", "poor sleep", "travel", "unused"])),
    )


@settings(max_examples=150, deadline=None)
@given(queries(), st.integers(min_value=1, max_value=40))
def test_reads_narrowed_in_sql_give_what_the_filter_passes(
    known: Journal, q: TimelineQuery, size: int
) -> None:
    every = load_timeline(known)
    expected = [row for row in every if passes(row, q)]
    assert load_timeline(known, q) == expected
    keys = timeline_keys(known, q)
    assert {(kind, ident) for kind, ids in keys.items() for ident in ids} == {
        (r.kind, r.id) for r in expected
    }
    assert timeline_count(known, q) == len(expected)
    pages: list[TimelineRow] = []
    after = None
    while True:
        page = timeline_page(known, q, after=after, limit=size)
        assert len(page) <= size
        pages += page
        if len(page) < size:
            break
        after = page[-1]
    assert pages == expected, "pages follow each other newest first, nothing missed or twice"


def test_the_filters_offer_what_the_entries_name(known: Journal) -> None:
    choices = timeline_choices(known)
    assert choices.products == ((None, ""), (2, "Green Maeng Da"), (1, "Red Bali"))
    assert choices.symptoms == (("dizziness", "Dizziness"), ("nausea", "Nausea"))
    assert choices.tags == ("poor sleep", "stress", "travel")


def test_a_first_page_is_the_newest_rows(known: Journal, tmp_path: Path) -> None:
    every = load_timeline(known)
    assert timeline_page(known, limit=5) == every[:5]
    assert timeline_page(known, TimelineQuery(), after=every[4], limit=3) == every[5:8]


def test_words_fold_as_python_folds_them_beyond_ascii(known: Journal) -> None:
    found = {row.notes for row in load_timeline(known, TimelineQuery(text="STRASSE"))}
    assert found == {"Straße nach Hause", "STRASSE", "Straße\närger"}, (
        "ß folds to ss; a break's reason counts"
    )
    found = {row.notes for row in load_timeline(known, TimelineQuery(text="ÄRGER"))}
    assert found == {"Ärger", "ärger", "Straße\närger"}, "and its outcome"
    assert timeline_count(known, TimelineQuery(text="zzz")) == 0


def test_the_characters_that_fold_into_ascii_are_all_known() -> None:
    """Notes without these and without the words in ASCII lower case cannot hold them folded."""
    folding = {
        chr(c)
        for c in range(128, 0x110000)
        if not 0xD800 <= c <= 0xDFFF and any(ord(x) < 128 for x in chr(c).casefold())
    }
    assert folding == set(FOLD_TO_ASCII)
