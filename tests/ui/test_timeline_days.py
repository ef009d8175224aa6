"""History's day headings and check-ins, as plain values (no window)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from journal.domain.entities import Kind, Level
from journal.domain.times import Moment
from journal.service.timeline import TimelineRow
from journal.ui.models.timeline_days import CheckinGroup, DayHeader, day_headers, group_rows

NOON = datetime(2026, 3, 10, 12, tzinfo=UTC)


def row(kind: Kind, n: int, minutes_ago: float, *, measure: int | None = None, **kw: Any) -> TimelineRow:
    at = NOON - timedelta(minutes=minutes_ago)
    return TimelineRow(
        kind, n, Moment(at, "UTC", 0), f"{kind.value} {n}", measure=measure, day=at.toordinal(), **kw
    )


def test_a_days_heading_counts_its_intakes_and_findings() -> None:
    rows = [
        row(Kind.INTAKE, 1, 10, leaf_mg=4000, findings=((Level.CAUTION, "a"), (Level.NOTICE, "b"))),
        row(Kind.INTAKE, 2, 20, leaf_mg=None),
        row(Kind.INTAKE, 3, 30, leaf_mg=2500, findings=((Level.CAUTION, "c"),)),
        row(Kind.PAIN, 4, 40, measure=5),
    ]
    (header,) = day_headers(rows).values()
    assert (header.total_mg, header.intakes, header.uncounted) == (6500, 3, 1)
    assert header.amount_text == "6.5 g in 3 intakes, 1 not counted"
    assert header.findings_text == "2 cautions, 1 notice" and header.level is Level.CAUTION
    assert DayHeader(header.day).amount_text == "no intakes"


def test_ratings_logged_together_are_one_check_in() -> None:
    rows = [
        row(Kind.INTAKE, 1, 0, leaf_mg=3000),
        row(Kind.SYMPTOM, 12, 60, measure=1, symptom="Dry skin"),
        row(Kind.SYMPTOM, 11, 60.5, measure=0, symptom="Itching"),
        row(Kind.SYMPTOM, 10, 69, measure=2, symptom="Nausea"),
        row(Kind.SYMPTOM, 9, 200, measure=0, symptom="Nausea"),  # hours before: on its own, and none
    ]
    items = group_rows(rows, {}, set(), show_none=False)
    assert [type(i).__name__ for i in items] == ["DayHeader", "TimelineRow", "CheckinGroup"]
    group = items[2]
    assert isinstance(group, CheckinGroup)
    assert [r.id for r in group.rows] == [10, 11, 12], "in the order logged"
    assert group.summary == "Nausea moderate, dry skin mild · 1 more rated none" and group.hidden_none == 1

    opened = group_rows(rows, {}, {group.at_utc}, show_none=True)
    assert [getattr(i, "id", None) for i in opened] == [None, 1, None, 10, 11, 12, 9]
    only_none = group_rows(rows[-1:], {}, set(), show_none=False)
    assert only_none == [], "no heading over a day that shows nothing"
