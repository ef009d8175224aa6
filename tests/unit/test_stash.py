"""The stash: stock from purchases, corrections and intakes, the forecast and spend, worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.domain.entities import Form, Kind, Product, Unit
from journal.domain.errors import InvalidInput
from journal.domain.stash import (
    MonthSpend,
    Purchase,
    Use,
    counted_from,
    parse_price,
    parse_weighed,
    rate_window,
    spend_by_month,
    stashes,
)
from journal.domain.times import Moment
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.timeline import (
    TimelineQuery,
    load_entry,
    load_timeline,
    timeline_count,
    timeline_keys,
    timeline_page,
)

TODAY = date(2026, 3, 10)
RED = Product("Red Bali", id=1)
CAPS = Product("Green caps", usual_form=Form.CAPSULES, capsule_g=Decimal("0.5"), id=2)
NO_SIZE = Product("White", id=3)
IDLE = Product("Yellow", id=4)
PRODUCTS = {p.id: p for p in (RED, CAPS, NO_SIZE, IDLE) if p.id is not None}


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def bought(
    day: date, amount: str, unit: Unit = Unit.G, product: int | None = 1, *, price: str | None = None
) -> Purchase:
    return Purchase(
        Moment(at(day, 10), "UTC", 0),
        Decimal(amount),
        unit,
        product,
        price=None if price is None else Decimal(price),
    )


def weighed(day: date, amount: str, product: int | None = 1, hour: int = 12) -> Purchase:
    return Purchase(Moment(at(day, hour), "UTC", 0), Decimal(amount), Unit.G, product, correction=True)


def used(day: date, amount: str, unit: Unit = Unit.G, product: int | None = 1, hour: int = 8) -> Use:
    return Use(at(day, hour), 0, Decimal(amount), unit, product)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_a_correction_sets_the_stock_and_the_forecast_uses_the_last_14_days() -> None:
    # 250 g bought on 20 Feb; 5 g every morning from 21 Feb to 10 Mar (18 intakes).
    # Weighed 90 g at noon on 1 Mar, after that morning's intake: 250 - 9 x 5 = 205 computed, 90 weighed.
    # Then 2 to 10 Mar: 9 x 5 = 45 g, leaving 45 g. Last 14 journal days (25 Feb to 10 Mar): 14 x 5 = 70 g,
    # 5 g a day, so 45 / 5 = 9 days, running out on 19 Mar.
    purchases = [bought(date(2026, 2, 20), "250"), weighed(date(2026, 3, 1), "90")]
    uses = [used(d, "5") for d in days(date(2026, 2, 21), TODAY)]
    (red,) = stashes(purchases, uses, PRODUCTS, TODAY)
    assert red.name == "Red Bali" and red.stock.unit is Unit.G
    assert red.stock.amount == Decimal(45) and red.stock.ran_out is None
    assert red.stock.last_purchase == purchases[0]
    assert red.forecast.used == Decimal(70) and red.forecast.rate == Decimal(5)
    assert red.forecast.days_left == 9 and red.forecast.runs_out == date(2026, 3, 19)
    assert red.stock.text() == "45 g left"
    assert red.forecast.text() == "About 9 days left at your last 14 days' rate (5 g a day)."
    assert not red.forecast.soon()
    # Without the correction the same intakes leave 250 - 90 = 160 g: 32 days.
    (plain,) = stashes(purchases[:1], uses, PRODUCTS, TODAY)
    assert plain.stock.amount == Decimal(160) and plain.forecast.days_left == 32


def test_capsules_convert_with_the_product_capsule_size() -> None:
    # 100 capsules of 0.5 g; 3 g of powder from it = 6 capsules, then 4 capsules: 90 left.
    # Last 14 days: 10 capsules, 10/14 a day: 90 x 14 / 10 = 126 days.
    purchases = [bought(date(2026, 3, 1), "100", Unit.CAPS, 2)]
    uses = [used(date(2026, 3, 2), "3", Unit.G, 2), used(date(2026, 3, 5), "4", Unit.CAPS, 2)]
    (caps,) = stashes(purchases, uses, PRODUCTS, TODAY)
    assert caps.stock.unit is Unit.CAPS and caps.stock.amount == Decimal(90)
    assert caps.stock.text() == "90 capsules left"
    assert caps.forecast.used == Decimal(10) and caps.forecast.days_left == 126
    assert caps.forecast.text() == "About 126 days left at your last 14 days' rate (0.71 capsules a day)."
    # Bought in grams, taken in capsules: 50 g - 20 capsules x 0.5 g = 40 g.
    (grams,) = stashes(
        [bought(date(2026, 3, 1), "50", Unit.G, 2)], [used(TODAY, "20", Unit.CAPS, 2)], PRODUCTS, TODAY
    )
    assert grams.stock.amount == Decimal(40) and grams.stock.unit is Unit.G


def test_capsules_of_a_product_without_a_capsule_size_are_not_counted_and_said_so() -> None:
    purchases = [bought(date(2026, 3, 1), "50", Unit.G, 3)]
    uses = [used(date(2026, 3, 2), "2", Unit.CAPS, 3), used(date(2026, 3, 3), "7", Unit.G, 3)]
    (white,) = stashes(purchases, uses, PRODUCTS, TODAY)
    assert white.stock.amount == Decimal(43) and white.stock.uncounted == 1
    assert white.stock.uncounted_text().startswith("1 intake in another unit not counted")
    assert white.forecast.used == Decimal(7) and white.forecast.days_left == 86  # 43 x 14 / 7


def test_a_product_with_no_use_in_14_days_has_no_forecast() -> None:
    # Used 11 g on 24 Feb, 15 journal days before 10 Mar: outside the window.
    purchases = [bought(date(2026, 2, 1), "100", product=4)]
    (idle,) = stashes(purchases, [used(date(2026, 2, 24), "11", product=4)], PRODUCTS, TODAY)
    assert idle.stock.amount == Decimal(89)
    assert idle.forecast.days_left is None and idle.forecast.runs_out is None
    assert idle.forecast.text() == "No use in the last 14 days: no forecast."
    # One day later in the window (25 Feb) it counts: 11/14 g a day, 89 x 14 / 11 = 113.3 -> 113 days.
    (recent,) = stashes(purchases, [used(date(2026, 2, 25), "11", product=4)], PRODUCTS, TODAY)
    assert recent.forecast.days_left == 113


def test_intakes_without_a_product_use_the_stash_that_names_none_and_it_runs_out() -> None:
    # 30 g bought with no product; 10 g then 25 g logged with no product: ran out on 9 Mar, 5 g over.
    # The Red Bali intake does not touch it; intakes before the first purchase do not count.
    purchases = [bought(date(2026, 3, 5), "30", product=None), bought(date(2026, 3, 1), "20")]
    uses = [
        used(date(2026, 3, 4), "100", product=None),
        used(date(2026, 3, 8), "10", product=None),
        used(date(2026, 3, 9), "25", product=None),
        used(date(2026, 3, 9), "3"),
    ]
    red, unnamed = stashes(purchases, uses, PRODUCTS, TODAY)
    assert red.name == "Red Bali" and red.stock.amount == Decimal(17)
    assert unnamed.product is None and unnamed.name == "No product named"
    assert unnamed.stock.amount == 0 and unnamed.stock.ran_out == date(2026, 3, 9)
    assert unnamed.stock.over == Decimal(5)
    assert unnamed.stock.text() == "0 g left: ran out on 2026-03-09 (5 g more logged than it held)"
    assert unnamed.forecast.days_left is None and unnamed.forecast.text() == ""
    # A new purchase starts from nothing: 30 g more, less nothing logged after it.
    (_, again) = stashes([*purchases, bought(TODAY, "30", product=None)], uses, PRODUCTS, TODAY)
    assert again.stock.amount == Decimal(30) and again.stock.ran_out is None
    # Using exactly what was left ran it out without going over.
    (_, exact) = stashes(purchases, [*uses[:2], used(date(2026, 3, 9), "20", product=None)], PRODUCTS, TODAY)
    assert exact.stock.text() == "0 g left: ran out on 2026-03-09"


def test_weighed_at_zero_says_it_ran_out_that_day() -> None:
    (red,) = stashes([bought(date(2026, 3, 1), "20"), weighed(date(2026, 3, 3), "0")], [], PRODUCTS, TODAY)
    assert red.stock.amount == 0 and red.stock.ran_out == date(2026, 3, 3) and red.stock.over == 0


def test_the_rate_counts_journal_days_with_the_day_start_hour() -> None:
    # 02:00 on 25 Feb belongs to 24 Feb when days start at 04:00: outside the 14 days.
    purchases = [bought(date(2026, 2, 1), "100")]
    uses = [used(date(2026, 2, 25), "7", hour=2), used(TODAY, "7")]
    (midnight,) = stashes(purchases, uses, PRODUCTS, TODAY)
    (four,) = stashes(purchases, uses, PRODUCTS, TODAY, day_start_hour=4)
    assert midnight.forecast.used == Decimal(14) and four.forecast.used == Decimal(7)
    assert four.forecast.days_left == 172  # 86 x 14 / 7


def test_a_forecast_within_seven_days_is_soon() -> None:
    # 12 g left, 28 g in 14 days = 2 g a day: 6 days.
    purchases = [bought(date(2026, 2, 20), "40")]
    (red,) = stashes(purchases, [used(d, "2") for d in days(date(2026, 2, 25), TODAY)], PRODUCTS, TODAY)
    assert red.stock.amount == Decimal(12) and red.forecast.days_left == 6 and red.forecast.soon()
    (low,) = stashes(
        [bought(date(2026, 2, 20), "29.5")],
        [used(d, "2") for d in days(date(2026, 2, 25), TODAY)],
        PRODUCTS,
        TODAY,
    )
    assert low.forecast.days_left == 0
    assert low.forecast.text() == "Less than a day left at your last 14 days' rate (2 g a day)."


def test_spend_per_calendar_month_of_the_local_date() -> None:
    # 23:30 UTC on 31 Jan is 1 Feb in Berlin.
    late = Purchase(
        Moment(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), "Europe/Berlin", 60),
        Decimal(50),
        price=Decimal("12.5"),
    )
    purchases = [
        late,
        bought(date(2026, 2, 14), "250", price="30.50"),
        bought(date(2026, 3, 2), "100", price="20"),
        bought(date(2026, 3, 3), "100"),
        weighed(date(2026, 3, 4), "80"),
    ]
    assert spend_by_month(purchases) == [
        MonthSpend(date(2026, 2, 1), Decimal("43.0"), 2),
        MonthSpend(date(2026, 3, 1), Decimal(20), 1, 1),
    ]
    assert spend_by_month(purchases)[1].text() == "2026-03: 20 (1 purchase, 1 without a price)"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Decimal(0)}, "amount"),
        ({"amount": Decimal(-1), "correction": True}, "amount"),
        ({"price": Decimal(-1)}, "price"),
        ({"price": Decimal(5), "correction": True}, "price"),
        ({"batch": "a\nb"}, "batch"),
        ({"batch": "x" * 201}, "batch"),
    ],
)
def test_bad_purchases_name_their_field(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"at": Moment(at(TODAY), "UTC", 0), "amount": Decimal(1)} | kwargs
    with pytest.raises(InvalidInput) as raised:
        Purchase(**values)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_prices_and_weighed_amounts_as_typed() -> None:
    assert (
        parse_price("") is None
        and parse_price("0") == 0
        and parse_price("12,50", decimal_sep=",") == Decimal("12.50")
    )
    assert parse_weighed("0") == 0 and parse_weighed("0,0") == 0 and parse_weighed("12.5") == Decimal("12.5")
    with pytest.raises(InvalidInput) as bad:
        parse_price("ten")
    assert bad.value.field == "price" and bad.value.message.startswith("“ten” is not a number")
    with pytest.raises(InvalidInput):
        parse_weighed("")


def test_the_journal_keeps_purchases_and_works_out_stock(journal: Journal) -> None:
    # The clock says 2026-03-10 12:00 UTC (13:00 in Berlin).
    red = journal.products.add(Product("Red Bali", capsule_g=Decimal("0.5")))
    assert red.id is not None
    now = journal.now()
    added = journal.stash.add(Purchase(now, Decimal(100), Unit.G, red.id, price=Decimal("25"), batch="B-7"))
    assert added.id is not None and journal.stash.get(added.id) == added
    journal.log_intake(IntakeDraft("4", now, Unit.CAPS, Form.CAPSULES, red.id))  # 2 g
    journal.log_intake(IntakeDraft("3", now, Unit.G, Form.POWDER))  # no product: not this stash
    (stash,) = journal.stash.stock()
    assert stash.product == red and stash.stock.amount == Decimal(98)
    assert stash.forecast.days_left == 686  # 98 x 14 / 2
    assert journal.stash.spend() == [MonthSpend(date(2026, 3, 1), Decimal(25), 1)]
    with pytest.raises(InvalidInput, match="future"):
        journal.stash.add(Purchase(Moment.from_utc(now.utc + timedelta(days=1), now.zone), Decimal(1)))
    with pytest.raises(InvalidInput) as gone:
        journal.stash.add(Purchase(now, Decimal(1), product_id=999))
    assert gone.value.field == "product"
    assert journal.stash.all() == [added]

    corrected = journal.stash.update(Purchase(now, Decimal(60), Unit.G, red.id, correction=True, id=added.id))
    assert corrected.created == added.created and journal.stash.stock()[0].stock.amount == Decimal(58)
    journal.put_back(Kind.PURCHASE, added)
    assert journal.stash.get(added.id) == added

    journal.delete(Kind.PURCHASE, added.id)
    assert journal.stash.all() == [] and journal.stash.stock() == [] and journal.stash.spend() == []
    journal.undo_delete(Kind.PURCHASE, added.id)
    assert journal.stash.all() == [added]


def test_purging_keeps_a_deleted_product_a_purchase_names(journal: Journal) -> None:
    gone = journal.products.add(Product("Gone"))
    assert gone.id is not None
    kept = journal.stash.add(Purchase(journal.now(), Decimal(10), product_id=gone.id))
    journal.delete(Kind.PRODUCT, gone.id)
    journal.purge_deleted()  # the product stays (soft-deleted): the purchase still names it
    assert journal.stash.all() == [kept]
    (stash,) = journal.stash.stock()
    assert stash.product is None and stash.stock.product_id == gone.id and stash.name == "A deleted product"
    assert kept.id is not None
    journal.delete(Kind.PURCHASE, kept.id)
    journal.purge_deleted()
    assert journal.stash.all() == []


def test_purchases_are_history_rows_of_their_own_kind(journal: Journal) -> None:
    red = journal.products.add(Product("Red Bali"))
    now = journal.now()
    earlier = Moment.from_utc(now.utc - timedelta(days=3), now.zone)
    bought = journal.stash.add(
        Purchase(earlier, Decimal(250), Unit.G, red.id, price=Decimal(30), notes="Bulk bag")
    )
    caps = journal.stash.add(Purchase(now, Decimal(120), Unit.CAPS, correction=True))
    journal.log_intake(IntakeDraft("3", now, Unit.G, Form.POWDER, red.id))
    rows = load_timeline(journal)
    assert [(r.kind, r.title) for r in rows if r.kind is Kind.PURCHASE] == [
        (Kind.PURCHASE, "120 capsules left, as weighed"),
        (Kind.PURCHASE, "250 g bought (price 30)"),
    ]
    assert timeline_count(journal, TimelineQuery(kinds=frozenset({Kind.PURCHASE}))) == 2
    found = load_timeline(journal, TimelineQuery(kinds=frozenset({Kind.PURCHASE}), text="bulk"))
    assert [r.id for r in found] == [bought.id]
    assert timeline_keys(journal, TimelineQuery(text="bulk"))[Kind.PURCHASE] == frozenset({bought.id})
    page = timeline_page(journal, TimelineQuery(kinds=frozenset({Kind.PURCHASE})), limit=1)
    assert [r.id for r in page] == [caps.id]
    assert [
        r.id for r in timeline_page(journal, TimelineQuery(kinds=frozenset({Kind.PURCHASE})), after=page[0])
    ] == [bought.id]
    assert caps.id is not None and load_entry(journal, Kind.PURCHASE, caps.id) is not None
    journal.delete(Kind.PURCHASE, caps.id)
    assert load_entry(journal, Kind.PURCHASE, caps.id) is None


def test_intakes_before_the_last_weighing_do_not_matter() -> None:
    # Capsules of a product without a capsule size before the weighing are not counted, nor said:
    # the weighing set the stock whatever came before.
    purchases = [bought(date(2026, 3, 1), "50", Unit.G, 3), weighed(date(2026, 3, 5), "30", product=3)]
    uses = [used(date(2026, 3, 2), "2", Unit.CAPS, 3), used(date(2026, 3, 6), "5", Unit.G, 3)]
    (white,) = stashes(purchases, uses, PRODUCTS, TODAY)
    assert white.stock.amount == Decimal(25) and white.stock.uncounted == 0
    assert counted_from(purchases) == {3: at(date(2026, 3, 5), 12)}
    assert counted_from([*purchases, bought(date(2026, 2, 1), "10", product=None)])[None] == at(
        date(2026, 2, 1), 10
    )


events = st.lists(
    st.tuples(
        st.integers(0, 40 * 24),  # hours before TODAY's noon
        st.sampled_from(["buy", "weigh", "use"]),
        st.sampled_from([1, 2, 3, None]),
        st.decimals(min_value=0, max_value=60, places=1),
        st.sampled_from([Unit.G, Unit.CAPS]),
    ),
    max_size=40,
)


@given(events)
def test_reading_only_what_matters_gives_the_same_stash(
    drawn: list[tuple[int, str, int | None, Decimal, Unit]],
) -> None:
    """The store reads intakes from each stock's last weighing on, and the forecast's days: the same
    stock and forecast as from every intake."""
    noon = datetime(2026, 3, 10, 12, tzinfo=UTC)
    purchases, uses = [], []
    for n, (hours, what, product, amount, unit) in enumerate(drawn):
        when = noon - timedelta(hours=hours)
        if what == "use":
            if amount:
                uses.append(Use(when, 60, amount, unit, product))
        elif what == "weigh":
            purchases.append(Purchase(Moment(when, "Europe/Berlin", 60), amount, unit, product, True, id=n))
        elif amount:
            purchases.append(Purchase(Moment(when, "Europe/Berlin", 60), amount, unit, product, id=n))
    uses.sort(key=lambda u: u.at)
    window = rate_window(TODAY)
    since = {pid: min(t, window) for pid, t in counted_from(purchases).items()}
    narrowed = [u for u in uses if u.product_id in since and u.at >= since[u.product_id]]
    assert stashes(purchases, narrowed, PRODUCTS, TODAY, 4) == stashes(purchases, uses, PRODUCTS, TODAY, 4)


def test_a_purchase_of_a_product_deleted_since_can_be_corrected_keeping_it(journal: Journal) -> None:
    gone = journal.products.add(Product("Gone"))
    other = journal.products.add(Product("Other"))
    assert gone.id is not None and other.id is not None
    kept = journal.stash.add(Purchase(journal.now(), Decimal(10), product_id=gone.id))
    journal.delete(Kind.PRODUCT, gone.id)
    fixed = journal.stash.update(replace(kept, amount=Decimal(12)))
    assert fixed.product_id == gone.id and fixed.amount == Decimal(12)
    moved = journal.stash.update(replace(kept, product_id=other.id))
    assert moved.product_id == other.id
    with pytest.raises(InvalidInput) as refused:
        journal.stash.update(replace(kept, product_id=gone.id))  # chosen anew: it no longer exists
    assert refused.value.field == "product"
