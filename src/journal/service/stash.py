"""The stash: `journal.stash`, for the Stash page, Today, History and `journal stash`.

Purchases and corrections ("I weighed it") are entries like any other (added,
corrected, deleted with undo); stock, forecast and spend are worked out on read
from them and the logged intakes, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time

from journal.domain.errors import InvalidInput, NotFound
from journal.domain.stash import (
    MonthSpend,
    ProductStash,
    Purchase,
    counted_from,
    rate_window,
    spend_by_month,
    stashes,
)
from journal.domain.times import Fold, Moment, check_not_future, resolve_local
from journal.storage.store import Store


class Stash:
    """`journal.stash`: add, correct and list purchases; stock, forecast and spend."""

    def __init__(self, store: Store, clock: Callable[[], datetime], today: Callable[[], date]) -> None:
        self._store = store
        self._clock = clock
        self._today = today
        self._kept: tuple[tuple[object, ...], list[ProductStash]] | None = None

    def all(self) -> list[Purchase]:
        """Every purchase and correction, oldest first."""
        return self._store.purchases()

    def get(self, purchase_id: int) -> Purchase:
        return self._store.purchase(purchase_id)

    def add(self, purchase: Purchase) -> Purchase:
        """Save a new purchase or correction (its time no later than now, its product a live one)."""
        self.check(purchase)
        return self._store.add_purchase(replace(purchase, id=None, created=None))

    def update(self, purchase: Purchase) -> Purchase:
        """Save a corrected purchase; a product deleted since may stay, but none can be newly chosen."""
        if purchase.id is None:
            raise ValueError("update needs the id of the purchase")
        kept = self._store.purchase(purchase.id).product_id == purchase.product_id
        self.check(purchase, product_kept=kept)
        return self._store.update_purchase(purchase)

    def put_back(self, purchase: Purchase) -> None:
        """Save it exactly as it was before a correction (undo): no checks, it was saved like this."""
        self._store.update_purchase(purchase)

    def stock(self, today: date | None = None) -> list[ProductStash]:
        """Each product's stock and forecast at the last 14 journal days' rate, by name.

        Kept until anything commits to the journal (any connection, `Store.commits`), so
        Today and the Stash page read it once per change.
        """
        day = today or self._today()
        key = (day, self._store.commits())
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, self._read_stock(day))
        return list(self._kept[1])

    def _read_stock(self, day: date) -> list[ProductStash]:
        purchases = self._store.purchases()
        if not purchases:
            return []
        products = {p.id: p for p in self._store.products(include_archived=True) if p.id is not None}
        # Only the intakes that can matter: from each stock's last weighing (else first purchase) on,
        # and those of the forecast's days.
        window = rate_window(day)
        since = {pid: min(at, window) for pid, at in counted_from(purchases).items()}
        uses = self._store.uses(since)
        return stashes(purchases, uses, products, day, self._store.settings().day_start_hour)

    def running_out(self, today: date | None = None) -> list[ProductStash]:
        """Stashes forecast to run out within SOON_DAYS days (for Today's one line)."""
        return [s for s in self.stock(today) if s.forecast.soon()]

    def spend(self) -> list[MonthSpend]:
        """Priced purchases' total per calendar month, oldest first."""
        return spend_by_month(self._store.purchases())

    def moment_on(self, day: date | None, zone: str) -> Moment:
        """When a purchase on `day` happened: now for today (or no day), else noon that local day."""
        now = Moment.from_utc(self._clock().replace(microsecond=0), zone)
        if day is None or day == now.local.date():
            return now
        return resolve_local(datetime.combine(day, time(12)), zone, Fold.EARLIER)

    def check(self, purchase: Purchase, *, product_kept: bool = False) -> None:
        """Refuse a time in the future or a product that no longer exists (InvalidInput); `product_kept`:
        the product is the one the purchase already names, deleted or not."""
        check_not_future(purchase.at, self._clock())
        if purchase.product_id is not None and not product_kept:
            try:
                self._store.product(purchase.product_id)
            except NotFound as err:
                raise InvalidInput("product", "That product no longer exists. Choose another one.") from err
