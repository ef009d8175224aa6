"""Intakes and symptom ratings read a batch at a time, column by column, are those read one by one.

The batch readers (`csv_columns`, `json_columns`) only speed up what the
one-entry readers (`as_exported`) accept; they must give the same intakes,
and hand back (None) any batch holding a value they are not sure of.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from journal.reports.importing import as_exported, records
from journal.reports.importing.csv_columns import csv_intake_batches, csv_symptom_batches
from journal.reports.importing.errors import Steps, Where
from journal.reports.importing.fields import JsonSource
from journal.reports.importing.journal_csv import CsvFields, CsvTable
from journal.reports.importing.json_columns import json_intake_batch, json_symptom_batch
from journal.reports.importing.reading import Context

CTX = Context("export.zip/intakes.csv", "Europe/Berlin", datetime(2026, 12, 1, tzinfo=UTC))
HEADER = [
    "time_utc",
    "time_local",
    "zone",
    "offset_minutes",
    "amount",
    "unit",
    "form",
    "product_ref",
    "product",
    "estimate",
    "leaf_g",
    "leaf_estimated",
    "notes",
    "findings",
    "created_utc",
    "updated_utc",
]
INDEX = {name: n for n, name in enumerate(HEADER)}


def csv_row(n: int) -> list[str]:
    """Rows as an export writes them, varied: zones, offsets, units, forms, products, notes."""
    summer = n % 2 == 0
    utc = f"2025-{7 if summer else 1:02d}-{1 + n % 27:02d}T{n % 24:02d}:{n % 60:02d}:05Z"
    local_hour = (n % 24 + (2 if summer else 1)) % 24
    day = 1 + n % 27 + (1 if n % 24 + (2 if summer else 1) >= 24 else 0)
    local = (
        f"2025-{7 if summer else 1:02d}-{day:02d}T{local_hour:02d}:{n % 60:02d}:05+0{2 if summer else 1}:00"
    )
    caps = n % 5 == 0
    return [
        utc,
        local,
        "Europe/Berlin",
        str(120 if summer else 60),
        ["1.5", "2", "0.25", "3"][n % 4],
        "caps" if caps else "g",
        "" if caps else ["powder", "extract", "tea"][n % 3],
        "" if n % 3 else str(1 + n % 2),
        ["", "Red Bali", "'=cmd", "  Green  "][n % 4],
        ["false", "true", ""][n % 3],
        "",
        "",
        ["", "after lunch", "'+note"][n % 3],
        "",
        utc,
        utc if n % 2 else f"2025-08-{1 + n % 27:02d}T10:00:00Z",
    ]


def one_by_one(rows: list[tuple[int, list[str]]]) -> list[Any]:
    quick = as_exported.csv_intakes(INDEX, CTX, ".")
    return [quick(list(cells), Where(CTX.file, line)) for line, cells in rows]


def test_a_csv_batch_gives_the_intakes_read_row_by_row() -> None:
    rows = [(n + 2, csv_row(n)) for n in range(60)]
    expected = one_by_one(rows)
    assert None not in expected  # every row is one the row reader takes
    got = csv_intake_batches(INDEX, CTX, ".", CTX.file)(rows)
    assert got == expected
    assert {i.product_name for i in got} == {None, "Red Bali", "=cmd", "Green"}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("time_local", ""),  # the row reader works the offset out from the zone
        ("time_local", "2025-07-01T02:00:05"),  # a local time without its offset
        ("time_utc", " 2025-07-01T00:00:05Z"),
        ("created_utc", ""),  # created "now"
        ("offset_minutes", "75"),  # disagrees with the local time
        ("amount", "1,500"),  # ambiguous: the careful path explains
        ("zone", "Mars/Olympus"),
        ("estimate", "maybe"),
        ("time_utc", "2031-01-01T00:00:00Z"),  # in the future
    ],
)
def test_a_csv_batch_with_an_odd_value_is_read_row_by_row(column: str, value: str) -> None:
    rows = [(n + 2, csv_row(n)) for n in range(10)]
    rows[4][1][INDEX[column]] = value
    assert csv_intake_batches(INDEX, CTX, ".", CTX.file)(rows) is None


def json_intake(n: int) -> dict[str, Any]:
    cells = dict(zip(HEADER, csv_row(n), strict=True))
    return {
        "time_utc": cells["time_utc"],
        "time_local": cells["time_local"],
        "zone": cells["zone"],
        "offset_minutes": int(cells["offset_minutes"]),
        "amount": cells["amount"],
        "unit": cells["unit"],
        "form": cells["form"] or "capsules",
        "product_ref": int(cells["product_ref"]) if cells["product_ref"] else None,
        "estimate": n % 3 == 1,
        "leaf_g": ["1.5", None, "0.3"][n % 3],
        "leaf_estimated": n % 2 == 1,
        "notes": cells["notes"],
        "findings": [],
        "created_utc": cells["created_utc"],
        "updated_utc": cells["updated_utc"],
    }


def test_a_json_batch_gives_the_intakes_read_one_by_one() -> None:
    objs = [json_intake(n) for n in range(60)]
    locate = None
    expected = [
        as_exported.json_intake(
            o, CTX, True, Where(CTX.file, None, ("intakes", n + 100), locate), records.findings_ok
        )
        for n, o in enumerate(objs)
    ]
    assert None not in expected
    got = json_intake_batch(copy.deepcopy(objs), 100, CTX, "intakes", CTX.file, locate, records.findings_ok)
    assert got == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("offset_minutes", True),  # equal to 1 as a key: never checked as 1
        ("offset_minutes", 60.0),
        ("amount", 2),  # a number, not text as exports write it
        ("estimate", 1),
        ("findings", None),
        ("findings", [{"level": "loud"}]),
        ("time_local", None),
        ("notes", None),
    ],
)
def test_a_json_batch_with_an_odd_value_is_read_one_by_one(key: str, value: Any) -> None:
    objs = [json_intake(n) for n in range(10)]
    objs[3][key] = value
    got = json_intake_batch(objs, 0, CTX, "intakes", CTX.file, None, records.findings_ok)
    if key == "notes":  # no notes is no notes, as the one-entry reader reads it
        assert got is not None and got[3].notes == ""
    else:
        assert got is None


def test_a_json_batch_without_findings_is_read_one_by_one() -> None:
    objs = [json_intake(n) for n in range(10)]
    del objs[0]["findings"]
    assert json_intake_batch(objs, 0, CTX, "intakes", CTX.file, None, records.findings_ok) is None


SYMPTOM_HEADER = [
    "time_utc",
    "time_local",
    "zone",
    "offset_minutes",
    "symptom",
    "label",
    "severity",
    "severity_word",
    "body_area",
    "notes",
    "created_utc",
    "updated_utc",
]
SYMPTOM_INDEX = {name: n for n, name in enumerate(SYMPTOM_HEADER)}


def symptom_row(n: int) -> list[str]:
    cells = csv_row(n)
    return [
        *cells[:4],
        ["nausea", " constipation ", "'=odd"][n % 3],
        "Nausea",
        ["0", "4", "mild", " Severe "][n % 4],
        "",
        ["", "scalp", "'+x"][n % 3],
        ["", "after lunch", "'-note"][n % 3],
        cells[14],
        cells[15],
    ]


def symptoms_one_by_one(rows: list[tuple[int, list[str]]]) -> list[Any]:
    text = ",".join(SYMPTOM_HEADER) + "\n"
    table = CsvTable(iter([text]), "export.zip/symptoms.csv", "symptoms")
    return [records.symptom(CsvFields(table, line, cells), CTX) for line, cells in rows]


def test_a_symptom_batch_gives_the_ratings_read_row_by_row() -> None:
    rows = [(n + 2, symptom_row(n)) for n in range(60)]
    expected = symptoms_one_by_one(rows)
    got = csv_symptom_batches(SYMPTOM_INDEX, CTX, "export.zip/symptoms.csv")(rows)
    assert got == expected
    assert {e.type_key for e, _stamp, _where in got} == {"nausea", "constipation", "=odd"}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("symptom", "  "),  # missing: the careful path says so
        ("severity", "5"),
        ("severity", "awful"),
        ("time_local", ""),
        ("created_utc", ""),
        ("zone", "Nowhere/Else"),
    ],
)
def test_a_symptom_batch_with_an_odd_value_is_read_row_by_row(column: str, value: str) -> None:
    rows = [(n + 2, symptom_row(n)) for n in range(10)]
    rows[4][1][SYMPTOM_INDEX[column]] = value
    assert csv_symptom_batches(SYMPTOM_INDEX, CTX, "export.zip/symptoms.csv")(rows) is None


def no_place(steps: Steps) -> tuple[int, int] | None:
    return None


def json_symptom(n: int) -> dict[str, Any]:
    cells = dict(zip(SYMPTOM_HEADER, symptom_row(n), strict=True))
    return {
        "time_utc": cells["time_utc"],
        "time_local": cells["time_local"],
        "zone": cells["zone"],
        "offset_minutes": int(cells["offset_minutes"]),
        "symptom": cells["symptom"],
        "severity": [0, 4, "mild", " Severe "][n % 4],
        "body_area": [None, "scalp", ""][n % 3],
        "notes": [None, "after lunch", ""][n % 3],
        "created_utc": cells["created_utc"],
        "updated_utc": cells["updated_utc"],
    }


def test_a_json_symptom_batch_gives_the_ratings_read_one_by_one() -> None:
    objs = [json_symptom(n) for n in range(60)]
    source = JsonSource(CTX.file, no_place)
    expected = [records.symptom(source.fields(o, ("symptoms", n + 7)), CTX) for n, o in enumerate(objs)]
    got = json_symptom_batch(copy.deepcopy(objs), 7, CTX, CTX.file, no_place)
    assert got == expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("severity", True),  # equal to 1 as a key: never checked as 1
        ("severity", 5),
        ("severity", "awful"),
        ("symptom", None),
        ("created_utc", None),
        ("offset_minutes", 61),
    ],
)
def test_a_json_symptom_batch_with_an_odd_value_is_read_one_by_one(key: str, value: Any) -> None:
    objs = [json_symptom(n) for n in range(10)]
    objs[2][key] = value
    assert json_symptom_batch(objs, 0, CTX, CTX.file, None) is None
