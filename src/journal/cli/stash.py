"""`journal stash [add|weighed]`: purchases, "I weighed it" corrections, and stock with a forecast.

The forecast is arithmetic on the person's own entries ("a pattern in your
data"): what is left divided by the last 14 journal days' use of the product.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import emit, local_text, when
from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Product, Unit
from journal.domain.errors import InvalidInput
from journal.domain.stash import RATE_DAYS, ProductStash, Purchase, parse_price, parse_weighed

if TYPE_CHECKING:
    from journal.service.journal import Journal

BASIS = "a pattern in your data"


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    arguments.add_json(parser)
    parser.set_defaults(func=stash_show)
    what = parser.add_subparsers(dest="what", metavar="add|weighed")
    add = what.add_parser(
        "add",
        help="a purchase: journal stash add 250 [g|caps] --product NAME --price 30",
        parents=[parents.common, parents.note, parents.json],
    )
    _amount(add, "how much was bought, e.g. 250 or 250,5")
    add.add_argument("--price", metavar="X", help="what it cost (any currency; for spend per month)")
    add.add_argument("--batch", default="", metavar="TEXT", help="the batch or lot on the bag")
    add.add_argument(
        "--date", type=arguments.day, metavar="DATE", help="the day it was bought (default today)"
    )
    add.set_defaults(func=stash_add)
    weighed = what.add_parser(
        "weighed",
        help="a correction: what you weighed is what is left (0 for none)",
        parents=[parents.common, parents.note, parents.json],
    )
    _amount(weighed, "how much is left, as weighed or counted")
    weighed.set_defaults(func=stash_weighed)


def _amount(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("amount", metavar="GRAMS", help=help_text)
    parser.add_argument(
        "unit", metavar="UNIT", nargs="?", type=arguments.unit, default=Unit.G, help="g (default) or caps"
    )
    parser.add_argument("--product", metavar="NAME", help="a product by name (created if new)")


def _save(journal: Journal, args: argparse.Namespace, draft: Purchase) -> tuple[Purchase, Product | None]:
    """Check the purchase, then create a new product (only once it is known to be valid) and save."""
    name: str | None = args.product
    if name is not None and not name.strip():
        raise InvalidInput("product", "Give the product a name.")
    product = journal.products.by_name(name) if name is not None else None
    if product is not None:
        draft = replace(draft, product_id=product.id)
    journal.stash.check(draft)
    if name is not None and product is None:
        product = journal.products.add(Product(name.strip()))
        draft = replace(draft, product_id=product.id)
    return journal.stash.add(draft), product


def stash_add(journal: Journal, args: argparse.Namespace) -> int:
    sep = arguments.decimal_sep()
    amount = parse_amount(args.amount, decimal_sep=sep)
    price = parse_price(args.price, decimal_sep=sep) if args.price is not None else None
    at = journal.stash.moment_on(args.date, journal.zone)
    saved, product = _save(
        journal, args, Purchase(at, amount, args.unit, None, False, price, args.batch, args.note)
    )
    extra = [
        p
        for p in (
            product.name if product else "",
            f"price {format_amount(price)}" if price is not None else "",
            f"batch {saved.batch}" if saved.batch else "",
        )
        if p
    ]
    line = f"Saved a purchase of {saved.amount_text()}" + (f" ({', '.join(extra)})" if extra else "")
    return emit(
        args,
        {"purchase": purchase_dict(saved, product)},
        [f"{line} on {saved.at.local.date().isoformat()}.", *_stock_lines(journal, saved.product_id)],
    )


def stash_weighed(journal: Journal, args: argparse.Namespace) -> int:
    amount = parse_weighed(args.amount, decimal_sep=arguments.decimal_sep())
    at = journal.stash.moment_on(None, journal.zone)
    saved, product = _save(journal, args, Purchase(at, amount, args.unit, None, True, notes=args.note))
    of = f" of {product.name}" if product else ""
    line = f"Saved: {saved.amount_text()}{of} left, as weighed at {local_text(saved.at)}."
    return emit(
        args, {"purchase": purchase_dict(saved, product)}, [line, *_stock_lines(journal, saved.product_id)]
    )


def _stock_lines(journal: Journal, product_id: int | None) -> list[str]:
    return [stash_line(s) for s in journal.stash.stock() if s.stock.product_id == product_id]


def stash_line(s: ProductStash) -> str:
    parts = [f"{s.name}: {s.stock.text()}."]
    if s.forecast.text():
        parts.append(s.forecast.text())
    if s.stock.uncounted:
        parts.append(s.stock.uncounted_text())
    return " ".join(parts)


def stash_show(journal: Journal, args: argparse.Namespace) -> int:
    stock, spend = journal.stash.stock(), journal.stash.spend()
    lines: list[str] = []
    if not stock:
        lines.append("No purchases yet. Add one with `journal stash add GRAMS --product NAME`.")
    for s in stock:
        lines.append(stash_line(s))
        last = s.stock.last_purchase
        if last is not None:
            price = f" for {format_amount(last.price)}" if last.price is not None else ""
            lines.append(f"  last bought {last.at.local.date().isoformat()}: {last.amount_text()}{price}")
    if stock:
        lines.append(f"Forecasts divide what is left by your last {RATE_DAYS} days' use ({BASIS}).")
    if spend:
        lines.append("Spend per month:")
        lines.extend(f"  {m.text()}" for m in spend)
    data = {
        "stash": [stash_dict(s) for s in stock],
        "spend": [
            {"month": m.label(), "total": _num(m.total), "purchases": m.priced, "without_price": m.unpriced}
            for m in spend
        ],
        "basis": BASIS,
    }
    return emit(args, data, lines)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def stash_dict(s: ProductStash) -> dict[str, Any]:
    f = s.forecast
    return {
        "product": s.product.name if s.product is not None else None,
        "product_id": s.stock.product_id,
        "unit": s.stock.unit.value,
        "left": _num(s.stock.amount),
        "ran_out": _day(s.stock.ran_out),
        "over": _num(s.stock.over),
        "uncounted_intakes": s.stock.uncounted,
        "forecast": {
            f"used_last_{RATE_DAYS}_days": _num(f.used),
            "per_day": _num(f.rate.quantize(Decimal("0.001"))),
            "days_left": f.days_left,
            "runs_out": _day(f.runs_out),
            "text": f.text(),
        },
        "last_purchase": purchase_dict(s.stock.last_purchase, s.product) if s.stock.last_purchase else None,
    }


def purchase_dict(p: Purchase, product: Product | None) -> dict[str, Any]:
    return {
        "id": p.id,
        **when(p.at),
        "product": product.name if product is not None else None,
        "amount": _num(p.amount),
        "unit": p.unit.value,
        "correction": p.correction,
        "price": _num(p.price),
        "batch": p.batch,
        "notes": p.notes,
    }
