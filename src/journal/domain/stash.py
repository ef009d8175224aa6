"""The stash: purchases, stock per product, a forecast at the recent rate, and spend per month.

Stock is worked out on read from the events in time order: a purchase adds its
amount, a correction sets the stock to what the person weighed, and every
logged intake of the product takes its amount away. Capsules and grams are
converted with the product's capsule size where they differ. Stock is never
shown below zero: when more was logged than the stash held, it says it ran out,
when, and by how much. The forecast is arithmetic on the person's own data
("a pattern in your data"), never guidance.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from operator import attrgetter

from journal.domain.amounts import format_amount
from journal.domain.entities import Product, Unit, check_note
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment, local_day

#: The forecast's rate is the use over this many journal days (today and the days before).
RATE_DAYS = 14
#: Today mentions a stash forecast to run out within this many days.
SOON_DAYS = 7
#: The longest batch kept (one line).
MAX_BATCH = 200
#: The largest amount or price accepted: more is a typo, not a purchase.
MAX_AMOUNT = Decimal(100_000)


@dataclass(frozen=True, slots=True)
class Purchase:
    """A purchase of a product (or of kratom with no product named), or a correction.

    A correction (`correction=True`) is "I weighed it": the stock is set to
    `amount` at that time, whatever the entries before it said. It has no price.
    """

    at: Moment
    amount: Decimal
    unit: Unit = Unit.G
    product_id: int | None = None
    correction: bool = False
    price: Decimal | None = None
    batch: str = ""
    notes: str = ""
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        if self.amount < 0 or (self.amount == 0 and not self.correction):
            raise InvalidInput("amount", "The amount must be more than zero.")
        if self.amount > MAX_AMOUNT:
            raise InvalidInput("amount", f"The amount can be up to {MAX_AMOUNT:,}.")
        if self.price is not None:
            if self.correction:
                raise InvalidInput("price", "A weighed amount has no price: add the purchase instead.")
            if self.price < 0:
                raise InvalidInput("price", "The price cannot be negative.")
            if self.price > MAX_AMOUNT:
                raise InvalidInput("price", f"The price can be up to {MAX_AMOUNT:,}.")
        if len(self.batch) > MAX_BATCH:
            raise InvalidInput(
                "batch", f"The batch can be up to {MAX_BATCH} characters ({len(self.batch)} typed)."
            )
        if "\n" in self.batch or "\r" in self.batch:
            raise InvalidInput("batch", "The batch is one line.")
        check_note(self.notes)

    def amount_text(self) -> str:
        """ "250 g", "1 capsule", "120 capsules"."""
        return amount_text(self.amount, self.unit)


@dataclass(frozen=True, slots=True)
class Use:
    """What the stash needs of one logged intake: when, how much, of which product."""

    at: datetime
    offset_min: int
    amount: Decimal
    unit: Unit
    product_id: int | None


def amount_text(amount: Decimal, unit: Unit) -> str:
    if unit is Unit.CAPS:
        return f"{format_amount(amount)} capsule{'' if amount == 1 else 's'}"
    return f"{format_amount(amount)} g"


def convert(amount: Decimal, unit: Unit, to: Unit, capsule_g: Decimal | None) -> Decimal | None:
    """`amount` in `unit` as `to`, through the capsule size; None when the size is needed but unknown."""
    if unit is to:
        return amount
    if capsule_g is None:
        return None
    return amount * capsule_g if unit is Unit.CAPS else amount / capsule_g


def _round(value: Decimal) -> Decimal:
    """Three decimals at most (milligrams, or thousandths of a capsule) for display and JSON."""
    return value.quantize(Decimal("0.001")).normalize() if value else Decimal(0)


def _shown(rate: Decimal) -> Decimal:
    """A daily rate as people read it: 4.5 (one decimal from 1 up), 0.96 (two below 1)."""
    step = Decimal("0.1") if rate >= 1 else Decimal("0.01")
    return rate.quantize(step).normalize() if rate else Decimal(0)


@dataclass(frozen=True, slots=True)
class Stock:
    """What is left of one product's stash, in `unit`, never below zero."""

    product_id: int | None
    unit: Unit
    amount: Decimal
    #: The journal day it ran out (the stock reached zero through use, or was weighed as none left).
    ran_out: date | None = None
    #: How much more was logged after it ran out than it held (0 if it just reached zero).
    over: Decimal = Decimal(0)
    #: Intakes (or purchases) since the stock was last weighed that could not be counted: another unit,
    #: and the capsule size unknown.
    uncounted: int = 0
    last_purchase: Purchase | None = None

    def text(self) -> str:
        """ "212.5 g left", "0 g left: ran out on 2026-03-08 (3 g more logged than it held)"."""
        left = f"{amount_text(_round(self.amount), self.unit)} left"
        if self.ran_out is None:
            return left
        more = f" ({amount_text(_round(self.over), self.unit)} more logged than it held)" if self.over else ""
        return f"{left}: ran out on {self.ran_out.isoformat()}{more}"

    def uncounted_text(self) -> str:
        if not self.uncounted:
            return ""
        intakes = "intake" if self.uncounted == 1 else "intakes"
        return (
            f"{self.uncounted} {intakes} in another unit not counted: the product's capsule size is unknown."
        )


@dataclass(frozen=True, slots=True)
class Forecast:
    """How long the stock lasts at the last RATE_DAYS journal days' use of the product."""

    #: Use over the last RATE_DAYS journal days, in the stock's unit.
    used: Decimal
    unit: Unit
    #: Whole days left at that rate (None: no use in those days, or nothing left).
    days_left: int | None
    #: The journal day it is forecast to run out on.
    runs_out: date | None

    @property
    def rate(self) -> Decimal:
        """Use per day: the RATE_DAYS days' use divided by RATE_DAYS."""
        return self.used / RATE_DAYS

    def left_text(self) -> str:
        """ "about 9 days left", "less than a day left" ("" without a forecast)."""
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return "less than a day left"
        return f"about {self.days_left} day{'' if self.days_left == 1 else 's'} left"

    def text(self) -> str:
        if self.used == 0:
            return f"No use in the last {RATE_DAYS} days: no forecast."
        if self.days_left is None:
            return ""
        rate = f"at your last {RATE_DAYS} days' rate ({amount_text(_shown(self.rate), self.unit)} a day)"
        left = self.left_text()
        return f"{left[0].upper()}{left[1:]} {rate}."

    def soon(self) -> bool:
        """Forecast to run out within SOON_DAYS days."""
        return self.days_left is not None and self.days_left <= SOON_DAYS


@dataclass(frozen=True, slots=True)
class ProductStash:
    """One product's stock and forecast (product None: purchases that name no product)."""

    product: Product | None
    stock: Stock
    forecast: Forecast

    @property
    def name(self) -> str:
        if self.product is not None:
            return self.product.name
        return "No product named" if self.stock.product_id is None else "A deleted product"


def _by_product(
    purchases: Iterable[Purchase], uses: Iterable[Use]
) -> dict[int | None, tuple[list[Purchase], list[Use]]]:
    """Per product with a purchase or correction: its purchases and its intakes, each in time order."""
    by_product: dict[int | None, tuple[list[Purchase], list[Use]]] = {}
    for p in sorted(purchases, key=lambda p: (p.at.utc, p.id or 0)):
        by_product.setdefault(p.product_id, ([], []))[0].append(p)
    for u in uses:
        found = by_product.get(u.product_id)
        if found is not None:
            found[1].append(u)
    for _, product_uses in by_product.values():
        product_uses.sort(key=attrgetter("at"))  # in time order from the store already: a linear pass
    return by_product


def counted_from(purchases: Iterable[Purchase]) -> dict[int | None, datetime]:
    """Per product, the instant its stock is counted from: its last correction, else its first purchase.

    A correction sets the stock whatever came before, so intakes before it do not
    change what is left: a store reads only those from here on (and the forecast's days).
    """
    since: dict[int | None, datetime] = {}
    for p in sorted(purchases, key=lambda p: (p.at.utc, p.id or 0)):
        if p.product_id not in since or p.correction:
            since[p.product_id] = p.at.utc
    return since


def stock(
    product_id: int | None,
    purchases: list[Purchase],
    uses: list[Use],
    capsule_g: Decimal | None,
    day_start_hour: int = 0,
) -> Stock:
    """One product's stock from its purchases and intakes, each list in time order.

    Counted from its last correction (else its first purchase): intakes before
    that do not count. At one instant, a purchase comes before an intake.
    """
    if not purchases:
        raise ValueError("a stock needs at least one purchase or correction")
    unit = purchases[-1].unit
    last_purchase = next((p for p in reversed(purchases) if not p.correction), None)
    start = max((n for n, p in enumerate(purchases) if p.correction), default=0)
    begin = purchases[start].at.utc
    left, over, ran_out, uncounted = Decimal(0), Decimal(0), None, 0
    pending = iter(purchases[start:])
    upcoming = next(pending, None)
    for use in [*(u for u in uses if u.at >= begin), None]:
        while upcoming is not None and (use is None or upcoming.at.utc <= use.at):
            amount = convert(upcoming.amount, upcoming.unit, unit, capsule_g)
            if amount is None:
                uncounted += 1
            elif upcoming.correction:
                left, over = amount, Decimal(0)
                ran_out = (
                    local_day(upcoming.at.utc, upcoming.at.offset_min, day_start_hour)
                    if amount == 0
                    else None
                )
            else:
                left, over, ran_out = left + amount, Decimal(0), None
            upcoming = next(pending, None)
        if use is None:
            break
        amount = convert(use.amount, use.unit, unit, capsule_g)
        if amount is None:
            uncounted += 1
        elif amount >= left:
            if ran_out is None:
                ran_out = local_day(use.at, use.offset_min, day_start_hour)
            over += amount - left
            left = Decimal(0)
        else:
            left -= amount
    return Stock(product_id, unit, left, ran_out, over, uncounted, last_purchase)


def rate_window(today: date) -> datetime:
    """An instant before every intake of the forecast's days: midnight UTC the day before the first
    (a journal day starts no earlier than 18 hours before its midnight UTC)."""
    return datetime.combine(today - timedelta(days=RATE_DAYS), time(), UTC)


def forecast(
    left: Stock,
    uses: list[Use],
    capsule_g: Decimal | None,
    today: date,
    day_start_hour: int = 0,
) -> Forecast:
    """Days left at the product's use over the last RATE_DAYS journal days (today included) / RATE_DAYS.

    `uses` are the product's intakes in time order; only the last days' are looked at.
    """
    first = today - timedelta(days=RATE_DAYS - 1)
    window = rate_window(today)
    used = Decimal(0)
    for u in reversed(uses):
        if u.at < window:
            break
        if u.product_id != left.product_id:
            continue
        if not first <= local_day(u.at, u.offset_min, day_start_hour) <= today:
            continue
        amount = convert(u.amount, u.unit, left.unit, capsule_g)
        if amount is not None:
            used += amount
    if used == 0 or left.amount == 0:
        return Forecast(used, left.unit, None, None)
    days = int((left.amount * RATE_DAYS / used).to_integral_value(ROUND_FLOOR))
    return Forecast(used, left.unit, days, today + timedelta(days=days))


def stashes(
    purchases: Iterable[Purchase],
    uses: Iterable[Use],
    products: Mapping[int, Product],
    today: date,
    day_start_hour: int = 0,
) -> list[ProductStash]:
    """Every product with a purchase or a correction: its stock and forecast, by name (no product last)."""
    result = []
    for product_id, (mine, used) in _by_product(purchases, uses).items():
        product = products.get(product_id) if product_id is not None else None
        capsule_g = product.capsule_g if product is not None else None
        left = stock(product_id, mine, used, capsule_g, day_start_hour)
        result.append(ProductStash(product, left, forecast(left, used, capsule_g, today, day_start_hour)))
    result.sort(key=lambda s: (s.product is None, s.name.casefold(), s.stock.product_id or 0))
    return result


@dataclass(frozen=True, slots=True)
class MonthSpend:
    """What the purchases of one calendar month cost, as priced (no currency is assumed)."""

    month: date
    total: Decimal
    priced: int
    unpriced: int = 0

    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    def text(self) -> str:
        count = f"{self.priced} purchase{'' if self.priced == 1 else 's'}"
        more = f", {self.unpriced} without a price" if self.unpriced else ""
        return f"{self.label()}: {format_amount(self.total)} ({count}{more})"


def spend_by_month(purchases: Iterable[Purchase]) -> list[MonthSpend]:
    """The priced purchases' total per calendar month of their local date, oldest first.

    Corrections cost nothing and are left out; months with only unpriced purchases are listed at 0.
    """
    totals: dict[date, Decimal] = defaultdict(Decimal)
    priced: dict[date, int] = defaultdict(int)
    unpriced: dict[date, int] = defaultdict(int)
    for p in purchases:
        if p.correction:
            continue
        month = p.at.local.date().replace(day=1)
        if p.price is None:
            unpriced[month] += 1
        else:
            totals[month] += p.price
            priced[month] += 1
    months = sorted(set(priced) | set(unpriced))
    return [MonthSpend(m, totals.get(m, Decimal(0)), priced.get(m, 0), unpriced.get(m, 0)) for m in months]


_ZERO = re.compile(r"0+(?:[.,]0*)?")


def parse_price(text: str, *, decimal_sep: str = ".") -> Decimal | None:
    """A price as typed ("12.50", "12,5"); empty for none. Zero is a price (a gift)."""
    from journal.domain.amounts import parse_amount

    stripped = text.strip()
    if not stripped:
        return None
    if _ZERO.fullmatch(stripped):
        return Decimal(0)
    try:
        return parse_amount(stripped, decimal_sep=decimal_sep, field="price")
    except InvalidInput as err:
        raise InvalidInput("price", err.message.replace("amount", "price")) from None


def parse_weighed(text: str, *, decimal_sep: str = ".") -> Decimal:
    """A weighed amount as typed: like any amount, but zero says none is left."""
    from journal.domain.amounts import parse_amount

    stripped = text.strip()
    if _ZERO.fullmatch(stripped):
        return Decimal(0)
    return parse_amount(stripped, decimal_sep=decimal_sep)
