"""PsychonautWiki Journal's JSON export: its kratom ingestions, as leaf-powder intakes in grams.

Its Android app exports {"experiences": [...], "substanceCompanions": [...],
"customSubstances": [...], "customUnits": [...]} (kotlinx.serialization,
app/src/main/java/com/isaakhanimann/journal/ui/tabs/settings/JournalExport.kt).
An ingestion has substanceName, time (epoch milliseconds), creationDate, dose
(a double, or absent for an unknown dose), units, isDoseAnEstimate, notes,
administrationRoute, consumerName (someone else took it) and customUnitId (the
dose counts custom units, each `dose` `originalUnit` of the substance).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from journal.domain.amounts import format_amount
from journal.domain.entities import Form, Unit
from journal.domain.times import FUTURE_TOLERANCE, Moment
from journal.reports.importing import records
from journal.reports.importing.errors import show
from journal.reports.importing.fields import Fields, JsonFields, JsonSource
from journal.reports.importing.incoming import Incoming, InIntake
from journal.reports.importing.reading import EARLIEST_YEAR, MAX_KEY_CHARS, MAX_NAME_CHARS, Context

SOURCE = "PsychonautWiki Journal export"
KRATOM = "kratom"
#: The key that marks a JSON document as this format's.
KEY = "experiences"

_GRAMS_PER = {
    "g": Decimal(1),
    "gram": Decimal(1),
    "grams": Decimal(1),
    "mg": Decimal("0.001"),
    "milligram": Decimal("0.001"),
    "milligrams": Decimal("0.001"),
}
_MG = Decimal("0.001")


def _epoch_ms(f: Fields, name: str) -> datetime | None:
    value = f.raw(name)
    if value is None:
        return None
    if isinstance(value, str):
        return f.time(name)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise f.fail(name, f"must be a time in milliseconds since 1970, not {show(value)}.")
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(value))
    except OverflowError:
        raise f.fail(name, f"{show(value)} is not a real time (out of range).") from None


def read(doc: dict[str, Any], src: JsonSource, ctx: Context) -> Incoming:
    """Kratom ingestions; other substances, unknown doses and others' ingestions are skipped, counted."""
    inc = Incoming(SOURCE, ctx.file)
    units: dict[int, JsonFields] = {}
    for unit in src.items(doc, "customUnits"):
        ident = unit.raw("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            units[ident] = unit
    others: Counter[str] = Counter()
    unconvertible: Counter[str] = Counter()
    someone_else = rounded = 0
    for exp in src.items(doc, "experiences"):
        for ing in src.items(exp.obj, "ingestions", exp.steps):
            name = ing.required_text("substanceName", MAX_NAME_CHARS, "The substance name").strip()
            if name.casefold() != KRATOM:
                others[name] += 1
                continue
            consumer = ing.raw("consumerName")
            if isinstance(consumer, str) and consumer.strip():
                someone_else += 1
                continue
            utc = _epoch_ms(ing, "time")
            if utc is None:
                raise ing.fail("time", "An ingestion needs its time.")
            if utc.year < EARLIEST_YEAR:
                raise ing.fail("time", f"{show(ing.raw('time'))} is before {EARLIEST_YEAR}.")
            if utc - ctx.now > FUTURE_TOLERANCE:
                raise ing.fail("time", f"{show(ing.raw('time'))} is in the future.")
            dose = _pw_number(ing, "dose")
            unit_name = ing.optional_text("units", MAX_KEY_CHARS)
            estimate = ing.boolean("isDoseAnEstimate")
            custom_id = ing.raw("customUnitId")
            if custom_id is not None:
                custom = units.get(custom_id) if isinstance(custom_id, int) else None
                if custom is None:
                    unconvertible["an unknown custom unit"] += 1
                    continue
                per = _pw_number(custom, "dose")
                unit_name = custom.optional_text("originalUnit", MAX_KEY_CHARS)
                estimate = estimate or custom.boolean("isEstimate")
                if dose is not None and per is not None:
                    dose *= per
                else:
                    dose = None
            if dose is None:
                unconvertible["an unknown dose"] += 1
                continue
            factor = _GRAMS_PER.get((unit_name or "").strip().lower())
            if factor is None:
                unconvertible[f"“{unit_name}”" if unit_name else "no unit"] += 1
                continue
            grams = dose * factor
            exact = grams.quantize(_MG, rounding=ROUND_HALF_EVEN)
            if exact <= 0:
                unconvertible["a dose of less than 1 mg"] += 1
                continue
            if exact != grams:
                rounded += 1
            if exact > records.IMPOSSIBLE_AMOUNT:
                raise ing.fail("dose", f"{format_amount(exact)} g cannot be one intake.")
            created = _epoch_ms(ing, "creationDate")
            inc.intakes.append(
                InIntake(
                    Moment.from_utc(utc, ctx.zone),
                    Decimal(format(exact.normalize(), "f")),
                    Unit.G,
                    Form.POWDER,
                    None,
                    estimate,
                    False,
                    ing.note("notes"),
                    created or ctx.now,
                    ctx.now,
                    None,
                    None,
                    True,
                    ing.where,
                )
            )
    if others:
        total = sum(others.values())
        listed = ", ".join(
            f"{name} ({n})" for name, n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        inc.notes.append(
            f"Skipped {total:,} ingestion{'s' if total != 1 else ''} of {len(others)} other "
            f"substance{'s' if len(others) != 1 else ''}: {listed}."
        )
    if unconvertible:
        total = sum(unconvertible.values())
        listed = ", ".join(f"{n} with {why}" for why, n in unconvertible.most_common())
        inc.notes.append(
            f"Skipped {total:,} kratom ingestion{'s' if total != 1 else ''} whose amount cannot be "
            f"converted to grams: {listed}."
        )
    if someone_else:
        inc.notes.append(
            f"Skipped {someone_else:,} kratom ingestion{'s' if someone_else != 1 else ''} "
            "logged for someone else."
        )
    if rounded:
        inc.notes.append(f"Rounded {rounded:,} amount{'s' if rounded != 1 else ''} to the milligram.")
    if inc.intakes:
        inc.notes.append(
            f"Kratom ingestions become leaf-powder intakes in grams, at their times in {ctx.zone} "
            "(the export records instants, not zones)."
        )
    return inc


def _pw_number(f: Fields, name: str) -> Decimal | None:
    value = f.raw(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise f.fail(name, f"must be a number, not {show(value)}.")
    decimal = Decimal(value)
    if not decimal.is_finite() or decimal < 0:
        raise f.fail(name, f"{show(value)} is not an amount.")
    return decimal
