"""Purchases and corrections in exports and imports: JSON and CSV, merged by UTC time, product and kind
(twice adds nothing), an edited one a conflict that keeps the journal's, a bad one refusing the file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from journal.domain.entities import Kind, Product, Unit
from journal.domain.stash import Purchase
from journal.domain.times import Moment
from journal.reports.export import ExportFormat, export_journal
from journal.reports.importing import ImportFileError, apply_import, import_file, preview_import
from journal.service.journal import Journal
from tests.conftest import FakeClock
from tests.unit.test_export_import import open_journal, round_trip

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def bought(journal: Journal, clock: FakeClock) -> list[Purchase]:
    red = journal.products.add(Product("Red Bali", capsule_g=Decimal("0.5")))
    gone = journal.products.add(Product("=Gone"))  # deleted later: its purchase keeps it in the export
    clock.now = NOW - timedelta(days=5)
    at = Moment.from_utc(clock.now, journal.zone)
    first = journal.stash.add(
        Purchase(at, Decimal("250.5"), Unit.G, red.id, price=Decimal("30.00"), batch="B-7", notes="bulk")
    )
    clock.now = NOW
    now = journal.now()
    second = journal.stash.add(Purchase(now, Decimal(120), Unit.CAPS, red.id, correction=True))
    third = journal.stash.add(Purchase(now, Decimal(0), Unit.G, None, correction=True))
    fourth = journal.stash.add(Purchase(at, Decimal(50), Unit.G, gone.id, price=Decimal(0)))
    assert gone.id is not None
    journal.delete(Kind.PRODUCT, gone.id)
    return [first, second, third, fourth]


def without_ids(journal: Journal) -> list[tuple[Purchase, str | None]]:
    names = {p.id: p.name for p in journal.products.all(include_archived=True)}
    names.update({p.id: p.name for p, _ in journal.transfer.deleted_products_in_use()})
    return [
        (replace(p, id=None, product_id=None), names.get(p.product_id) if p.product_id else None)
        for p in journal.stash.all()
    ]


@pytest.mark.parametrize("fmt", [ExportFormat.JSON, ExportFormat.CSV])
def test_purchases_round_trip_exactly(
    journal: Journal, clock: FakeClock, tmp_path: Path, fmt: ExportFormat
) -> None:
    bought(journal, clock)
    target, result = round_trip(journal, tmp_path, fmt)
    try:
        assert result.added["purchases"] == 4
        assert without_ids(target) == without_ids(journal)  # created times, products and zero amounts too
        key = lambda s: (s.created, s.updated)  # noqa: E731
        ours = sorted(journal.transfer.stamps("purchases").values(), key=key)
        assert sorted(target.transfer.stamps("purchases").values(), key=key) == ours
        [(red, _)] = [(s, 0) for s in target.stash.stock() if s.name == "Red Bali"]
        assert red.stock.amount == Decimal(120) and red.stock.unit is Unit.CAPS
        again = preview_import(target, tmp_path / f"export{fmt.suffix}")
        assert not again.has_changes and again.already["purchases"] == 4  # twice adds nothing
    finally:
        target.close()


def test_the_json_and_csv_say_it_exactly(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    bought(journal, clock)
    export_journal(journal, tmp_path / "j.json")
    doc = json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))
    first = doc["purchases"][0]
    refs = {p["name"]: p["ref"] for p in doc["products"]}
    assert {
        k: first[k] for k in ("amount", "unit", "correction", "product_ref", "price", "batch", "notes")
    } == {
        "amount": "250.5",
        "unit": "g",
        "correction": False,
        "product_ref": refs["Red Bali"],
        "price": "30.00",
        "batch": "B-7",
        "notes": "bulk",
    }
    assert (first["time_utc"], first["time_local"]) == ("2026-03-05T12:00:00Z", "2026-03-05T13:00:00+01:00")
    assert doc["counts"]["purchases"] == 4 and list(doc)[-1] == "photos"
    assert next(p for p in doc["products"] if p["name"] == "=Gone")["deleted_utc"] is not None

    export_journal(journal, tmp_path / "j.zip", ExportFormat.CSV)
    with zipfile.ZipFile(tmp_path / "j.zip") as zf:
        text = zf.read("purchases.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["amount"], r["unit"], r["correction"], r["product"], r["price"]) for r in rows] == [
        ("250.5", "g", "false", "Red Bali", "30.00"),
        ("50", "g", "false", "'=Gone", "0"),
        ("120", "caps", "true", "Red Bali", ""),
        ("0", "g", "true", "", ""),
    ]


def test_an_edited_purchase_is_a_conflict_not_overwritten(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    first, second, *_ = bought(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    journal.stash.update(replace(first, price=Decimal(28)))
    assert second.id is not None
    journal.delete(Kind.PURCHASE, second.id)
    plan = preview_import(journal, path)
    assert plan.added == {"purchases": 1}  # the deleted one comes back
    [conflict] = plan.conflicts
    assert conflict.kind == "purchases" and "price" in conflict.text() and "28" in conflict.text()
    apply_import(journal, plan)
    assert [p.price for p in journal.stash.all() if not p.correction and p.amount == Decimal("250.5")] == [
        Decimal(28)
    ]
    assert len(journal.stash.all()) == 4


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda p: {**p, "amount": "0", "correction": False}, "more than zero"),
        (lambda p: {**p, "price": "-3"}, "negative"),
        (lambda p: {**p, "unit": "kg"}, "is not one of"),
        (lambda p: {**p, "product_ref": 99}, "product number 99"),
        (lambda p: {**p, "price": "5", "correction": True}, "no price"),
    ],
)
def test_a_bad_purchase_refuses_the_whole_file(
    journal: Journal, clock: FakeClock, tmp_path: Path, change: object, says: str
) -> None:
    bought(journal, clock)
    path = tmp_path / "j.json"
    export_journal(journal, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["purchases"][0] = change(doc["purchases"][0])  # type: ignore[operator]
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = open_journal(tmp_path / "target", FakeClock(NOW))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(target, path)
        assert says in str(caught.value)
        assert target.stash.all() == [] and target.products.all() == []
    finally:
        target.close()


def test_a_hand_made_csv_of_purchases_imports(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "my stash.csv"  # not the export's name: its columns say what it holds
    path.write_text(
        "time_local,amount,unit,correction,product,price\n"
        "2026-03-01 10:00,250,g,false,Green Maeng Da,32.50\n"
        "2026-03-08 09:00,0,g,true,Green Maeng Da,\n",
        encoding="utf-8",
    )
    result = import_file(journal, path)
    assert result.added == {"products": 1, "purchases": 2}
    (stash,) = journal.stash.stock()
    assert stash.name == "Green Maeng Da" and stash.stock.amount == 0 and stash.stock.ran_out is not None
    assert [(m.label(), m.total) for m in journal.stash.spend()] == [("2026-03", Decimal("32.50"))]
    assert import_file(journal, path).added == {}
