"""Time: UTC instants with zone and offset, DST gaps and repeats, journal days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from journal.domain.errors import InvalidInput
from journal.domain.times import (
    Fold,
    Moment,
    check_not_future,
    get_zone,
    is_entered_later,
    local_day,
    parse_when,
    resolve_local,
)

BERLIN = "Europe/Berlin"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_resolve_local_normal_winter_time() -> None:
    m = resolve_local(datetime(2026, 3, 10, 8, 30), BERLIN)
    assert m.utc == datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
    assert m.zone == BERLIN
    assert m.offset_min == 60
    assert m.local == datetime(2026, 3, 10, 8, 30)


def test_resolve_local_normal_summer_time() -> None:
    m = resolve_local(datetime(2026, 7, 1, 8, 30), BERLIN)
    assert m.utc == datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    assert m.offset_min == 120


@pytest.mark.parametrize("fold", list(Fold))
def test_spring_forward_gap_does_not_exist(fold: Fold) -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_local(datetime(2026, 3, 29, 2, 30), BERLIN, fold)
    assert info.value.field == "time"
    assert "does not exist" in info.value.message


def test_either_side_of_the_gap_is_fine() -> None:
    before = resolve_local(datetime(2026, 3, 29, 1, 59), BERLIN)
    after = resolve_local(datetime(2026, 3, 29, 3, 0), BERLIN)
    assert (before.offset_min, after.offset_min) == (60, 120)
    assert after.utc - before.utc == timedelta(minutes=1)


def test_fall_back_repeat_must_be_chosen() -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_local(datetime(2026, 10, 25, 2, 30), BERLIN, Fold.ASK)
    assert "happened twice" in info.value.message
    assert "+02:00" in info.value.message
    assert "+01:00" in info.value.message


def test_fall_back_repeat_earlier_and_later() -> None:
    earlier = resolve_local(datetime(2026, 10, 25, 2, 30), BERLIN, Fold.EARLIER)
    later = resolve_local(datetime(2026, 10, 25, 2, 30), BERLIN, Fold.LATER)
    assert earlier.offset_min == 120
    assert later.offset_min == 60
    assert earlier.utc == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert later.utc == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert earlier.local == later.local == datetime(2026, 10, 25, 2, 30)


def test_resolve_local_refuses_aware_input_and_unknown_zone() -> None:
    with pytest.raises(ValueError, match="naive"):
        resolve_local(datetime(2026, 3, 10, 8, 0, tzinfo=UTC), BERLIN)
    with pytest.raises(InvalidInput) as info:
        resolve_local(datetime(2026, 3, 10, 8, 0), "Mars/Olympus_Mons")
    assert info.value.field == "zone"
    with pytest.raises(InvalidInput):
        get_zone("../etc/passwd")


def test_moment_requires_utc() -> None:
    with pytest.raises(ValueError, match="UTC"):
        Moment(datetime(2026, 3, 10, 8, 0), BERLIN, 60)
    with pytest.raises(ValueError, match="UTC"):
        Moment(datetime(2026, 3, 10, 8, 0, tzinfo=get_zone(BERLIN)), BERLIN, 60)


def test_moment_from_utc_takes_the_zone_offset_at_that_instant() -> None:
    assert Moment.from_utc(datetime(2026, 3, 29, 0, 59, tzinfo=UTC), BERLIN).offset_min == 60
    assert Moment.from_utc(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), BERLIN).offset_min == 120
    assert Moment.from_utc(datetime(2026, 1, 10, 12, 0, tzinfo=UTC), "America/St_Johns").offset_min == -210


def test_parse_when_local_time() -> None:
    m = parse_when("2026-03-10T08:30", BERLIN, NOW)
    assert m.utc == datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
    assert m.offset_min == 60


def test_parse_when_with_explicit_offset() -> None:
    m = parse_when("2026-03-10T10:00+05:00", BERLIN, NOW)
    assert m.utc == datetime(2026, 3, 10, 5, 0, tzinfo=UTC)
    # The offset recorded is the journal zone's at that instant; the day is the person's.
    assert m.zone == BERLIN
    assert m.offset_min == 60
    z = parse_when("2026-03-10T11:00Z", BERLIN, NOW)
    assert z.utc == datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


def test_parse_when_resolves_dst_explicitly() -> None:
    with pytest.raises(InvalidInput):
        parse_when("2026-10-25T02:30", BERLIN, datetime(2026, 10, 26, tzinfo=UTC))
    later = parse_when("2026-10-25T02:30", BERLIN, datetime(2026, 10, 26, tzinfo=UTC), Fold.LATER)
    assert later.offset_min == 60
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_when("2026-03-29T02:30", BERLIN, datetime(2026, 3, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2026-13-01T00:00", "10/03/2026 08:00", "2026-03-10T25:00"]
)
def test_parse_when_refuses_non_times(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when(text, BERLIN, NOW)
    assert info.value.field == "time"


def test_future_refusal() -> None:
    five_ahead = (NOW + timedelta(minutes=5)).isoformat()
    assert parse_when(five_ahead, BERLIN, NOW).utc == NOW + timedelta(minutes=5)
    ten_ahead = (NOW + timedelta(minutes=10)).isoformat()
    assert parse_when(ten_ahead, BERLIN, NOW).utc == NOW + timedelta(minutes=10)
    eleven_ahead = (NOW + timedelta(minutes=10, seconds=1)).isoformat()
    with pytest.raises(InvalidInput, match="future"):
        parse_when(eleven_ahead, BERLIN, NOW)
    with pytest.raises(InvalidInput, match="future"):
        parse_when("2026-03-11T08:00", BERLIN, NOW)
    check_not_future(Moment.from_utc(NOW - timedelta(days=3000), BERLIN), NOW)


@pytest.mark.parametrize(
    ("utc", "offset", "start", "expected"),
    [
        (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), 60, 0, date(2026, 3, 10)),
        # 23:30 UTC is 00:30 the next day in Berlin.
        (datetime(2026, 3, 10, 23, 30, tzinfo=UTC), 60, 0, date(2026, 3, 11)),
        # 02:00 local with days starting at 04:00 belongs to the day before.
        (datetime(2026, 3, 11, 1, 0, tzinfo=UTC), 60, 4, date(2026, 3, 10)),
        (datetime(2026, 3, 11, 3, 0, tzinfo=UTC), 60, 4, date(2026, 3, 11)),
        (datetime(2026, 3, 11, 2, 59, 59, tzinfo=UTC), 60, 4, date(2026, 3, 10)),
        # West of UTC: 02:00 UTC is still the evening before in New York.
        (datetime(2026, 3, 11, 2, 0, tzinfo=UTC), -240, 0, date(2026, 3, 10)),
    ],
)
def test_local_day(utc: datetime, offset: int, start: int, expected: date) -> None:
    assert local_day(utc, offset, start) == expected


def test_is_entered_later_has_a_twelve_hour_boundary() -> None:
    m = Moment.from_utc(NOW, BERLIN)
    assert not is_entered_later(m, NOW)
    assert not is_entered_later(m, NOW + timedelta(hours=12))
    assert is_entered_later(m, NOW + timedelta(hours=12, seconds=1))
    assert is_entered_later(m, NOW + timedelta(days=3))
    assert not is_entered_later(m, NOW - timedelta(hours=1))
