"""The records every format shares: a product, an intake, a symptom type or rating, a pain
check-in, a break and the settings, each validated into domain values.

Each takes a `Fields` (a JSON object or a CSV row) and raises ImportFileError
naming the field.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from journal.domain.entities import (
    MAX_NOTE_CHARS,
    Break,
    Form,
    Level,
    PainCheckin,
    Product,
    Settings,
    Severity,
    Stamp,
    SymptomEntry,
    SymptomType,
    Unit,
)
from journal.domain.errors import InvalidInput
from journal.domain.medications import MAX_FIELD, Medication
from journal.domain.photos import MAX_LABEL_CHARS, Photo, area, check_label, check_sha256
from journal.domain.stash import MAX_BATCH, Purchase
from journal.domain.taper import MAX_EVERY_DAYS, Pause, TableRow, TaperPlan, table_plan
from journal.domain.times import FUTURE_TOLERANCE, Fold, Moment, resolve_local
from journal.domain.withdrawal import SOWS_ITEMS, SOWS_MAX, SOWS_TOP, WithdrawalScore
from journal.reports.export import SOWS_COLUMNS
from journal.reports.importing import as_exported
from journal.reports.importing.errors import ImportFileError, Where, show
from journal.reports.importing.fields import Fields, JsonFields
from journal.reports.importing.incoming import InIntake, InPhoto, InProduct, InPurchase
from journal.reports.importing.reading import EARLIEST_YEAR, MAX_KEY_CHARS, MAX_OFFSET_MIN, Context
from journal.service import imaging

IMPOSSIBLE_AMOUNT = as_exported.IMPOSSIBLE_AMOUNT


def moment(
    f: Fields,
    ctx: Context,
    zone: str,
    utc_name: str = "time_utc",
    local_name: str = "time_local",
    offset_name: str = "offset_minutes",
    *,
    check_future: bool = True,
) -> Moment | None:
    """A moment from its UTC time, or its local time with an offset or the zone; both must agree."""
    if check_future:
        quick = as_exported.moment(f.raw, f.textual, ctx, zone, utc_name, local_name, offset_name)
        if quick is not None:
            return quick
    utc = f.time(utc_name)
    local = f._iso(local_name)
    offset = f.integer(offset_name, -MAX_OFFSET_MIN, MAX_OFFSET_MIN)
    if local is not None and local.tzinfo is not None:
        local_offset = local.utcoffset() or timedelta(0)
        minutes = int(local_offset.total_seconds() // 60)
        if offset is not None and offset != minutes:
            raise f.fail(offset_name, f"{offset} disagrees with the offset of {local_name} ({minutes}).")
        offset = minutes
        local = local.replace(tzinfo=None)
    if utc is None:
        if local is None:
            return None
        if offset is None:
            try:
                found = resolve_local(local, zone, Fold.ASK)
            except InvalidInput as err:
                raise f.fail(local_name, err.message) from None
            utc, offset = found.utc, found.offset_min
        else:
            utc = (local - timedelta(minutes=offset)).replace(tzinfo=UTC)
    if offset is None:
        offset = Moment.from_utc(utc, zone).offset_min
    moment = Moment(utc, zone, offset)
    if local is not None and moment.local != local:
        raise f.fail(
            local_name,
            f"{show(f.raw(local_name))} disagrees with {utc_name} {show(f.raw(utc_name))} "
            f"at offset {offset} minutes; correct one of them.",
        )
    name = utc_name if f.raw(utc_name) not in (None, "") else local_name
    if utc.year < EARLIEST_YEAR:
        raise f.fail(name, f"{show(f.raw(name))} is before {EARLIEST_YEAR}: not a plausible date.")
    if check_future and utc - ctx.now > FUTURE_TOLERANCE:
        raise f.fail(name, f"{show(f.raw(name))} is in the future; the journal records what happened.")
    return moment


def required_moment(f: Fields, ctx: Context, zone: str, what: str, utc_name: str = "time_utc") -> Moment:
    local_name = "start_local" if utc_name == "start_utc" else "time_local"
    at = moment(f, ctx, zone, utc_name, local_name)
    if at is None:
        raise f.fail(utc_name, f"{what} needs its time: {utc_name} (or {local_name}).")
    return at


def invalid(f: Fields, err: InvalidInput) -> ImportFileError:
    """A domain refusal (Product, PainCheckin, Settings) at the field it names."""
    return f.fail(err.field, err.message)


def product(f: Fields, ctx: Context) -> InProduct:
    name = f.required_text("name", what="The product name")
    try:
        product = Product(
            name=name,
            vendor=f.text("vendor"),
            strain=f.text("strain"),
            usual_form=f.choice("usual_form", Form, Form.POWDER),
            capsule_g=f.amount("capsule_g"),
            leaf_factor=f.amount("leaf_factor"),
            batch=f.text("batch"),
            purity_tested=f.boolean("purity_tested"),
            notes=f.note("notes"),
            archived=f.boolean("archived"),
        )
    except InvalidInput as err:
        raise invalid(f, err) from None
    return InProduct(
        product,
        f.integer("ref", 1, 10**9),
        f.stamp(ctx.now),
        f.time("deleted_utc"),
        f.where,
    )


_UNIT_WORDS = as_exported.UNIT_WORDS


def intake(f: Fields, ctx: Context, *, keep: bool) -> InIntake:
    """An intake; `keep` (this app's JSON) keeps its leaf amount. Findings are checked, then
    dropped: the import works them out with the journal's own rules."""
    if isinstance(f, JsonFields):
        quick = as_exported.json_intake(f.obj, ctx, keep, f.where, findings_ok)
        if quick is not None:
            return quick
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "An intake")
    amount = f.amount("amount")
    if amount is None:
        raise f.fail("amount", "An intake needs its amount.")
    unit = f.choice("unit", Unit, Unit.G, _UNIT_WORDS)
    if amount > IMPOSSIBLE_AMOUNT:
        raise f.fail("amount", f"{amount:f} {unit.value} cannot be one intake. Check the amount.")
    form = f.choice("form", Form, Form.CAPSULES if unit is Unit.CAPS else Form.POWDER)
    leaf_mg: int | None = None
    leaf_estimated = False
    if keep:
        leaf_mg = f.grams("leaf_g")
        leaf_estimated = f.boolean("leaf_estimated")
        check_findings(f)
    stamp = f.stamp(ctx.now)
    estimate = f.boolean("estimate")
    notes = f.note("notes")
    name = f.text("product").strip() if f.textual else ""
    return InIntake(
        at,
        amount,
        unit,
        form,
        leaf_mg,
        estimate,
        leaf_estimated,
        notes,
        stamp.created,
        stamp.updated,
        f.integer("product_ref", 1, 10**9),
        name or None,
        not keep,
        f.where,
    )


LEVELS_IN_ORDER = tuple(level.word for level in Level)
LEVELS = frozenset(LEVELS_IN_ORDER)
_GRAMS = re.compile(r"\d{1,9}(?:\.\d{1,3})?")


def check_findings(f: Fields) -> None:
    """The findings an export carries: a list of well-formed findings, or the file is refused."""
    assert isinstance(f, JsonFields)
    values = f.raw("findings")
    if not isinstance(values, list):
        raise f.fail("findings", f"must be a list of findings, not {show(values)}.")
    for n, value in enumerate(values):
        if not isinstance(value, dict):
            raise f.fail(f"findings[{n}]", "must be an object.")
        if _finding_ok(value):
            continue
        path = f"findings[{n}]"
        level = value.get("level")
        if level.__class__ is not str or level not in LEVELS:
            raise f.fail(f"{path}.level", f"must be one of {', '.join(LEVELS_IN_ORDER)}, not {show(level)}.")
        for key in ("rule_id", "message", "basis"):
            text = value.get(key)
            if not isinstance(text, str) or len(text) > MAX_NOTE_CHARS:
                raise f.fail(f"{path}.{key}", "must be text.")
        citations = value.get("citations") or []
        if not isinstance(citations, list):
            raise f.fail(f"{path}.citations", "must be a list.")
        for c, cite in enumerate(citations):
            parts = [cite.get(k) if isinstance(cite, dict) else None for k in ("file", "section", "quote")]
            if not all(isinstance(p, str) and len(p) <= MAX_NOTE_CHARS for p in parts):
                raise f.fail(f"{path}.citations[{c}]", "a citation needs file, section and quote as text.")
        total = value.get("total_g")
        if total is not None and not (isinstance(total, str) and _GRAMS.fullmatch(total)):
            raise f.fail(f"{path}.total_g", f'{show(total)} is not a gram figure such as "4.5".')
        raise f.fail(f"{path}.estimate", "must be true or false.")


def findings_ok(values: Any) -> bool:
    """Whether an intake's findings are a list of well-formed findings (quickly)."""
    return values.__class__ is list and all(v.__class__ is dict and _finding_ok(v) for v in values)


#: Citation lists found well formed: the same few come with every finding of a rule.
_GOOD_CITATIONS: list[Any] = []


def _finding_ok(value: dict[str, Any]) -> bool:
    """Whether one finding is well formed (the common case, checked quickly)."""
    get = value.get
    level, rule_id, message, basis = get("level"), get("rule_id"), get("message"), get("basis")
    if level.__class__ is not str or level not in LEVELS:
        return False
    if rule_id.__class__ is not str or message.__class__ is not str or basis.__class__ is not str:
        return False
    if len(rule_id) > MAX_NOTE_CHARS or len(message) > MAX_NOTE_CHARS or len(basis) > MAX_NOTE_CHARS:
        return False
    citations = get("citations") or []
    if citations not in _GOOD_CITATIONS:
        if not _citations_ok(citations):
            return False
        _GOOD_CITATIONS.insert(0, citations)
        del _GOOD_CITATIONS[16:]
    total = get("total_g")
    if total is not None and not (total.__class__ is str and _GRAMS.fullmatch(total)):
        return False
    estimate = get("estimate")
    return estimate is None or estimate.__class__ is bool


def _citations_ok(citations: Any) -> bool:
    if citations.__class__ is not list:
        return False
    for cite in citations:
        if cite.__class__ is not dict:
            return False
        for key in ("file", "section", "quote"):
            text = cite.get(key)
            if text.__class__ is not str or len(text) > MAX_NOTE_CHARS:
                return False
    return True


def symptom_type(f: Fields, ctx: Context) -> tuple[SymptomType, Stamp, Where]:
    key = f.required_text("key", MAX_KEY_CHARS, "The symptom key").strip()
    label = f.required_text("label", what="The symptom label")
    category = f.required_text("category", MAX_KEY_CHARS, "The category").strip()
    areas_raw = f.raw("body_areas")
    areas: list[Any]
    if areas_raw is None or (f.textual and not str(areas_raw).strip()):
        areas = []
    elif isinstance(areas_raw, list):
        areas = areas_raw
    elif f.textual and isinstance(areas_raw, str):
        text = areas_raw.strip()
        if text.startswith("["):
            try:
                areas = json.loads(text)
            except ValueError:
                raise f.fail("body_areas", f'{show(text)} is not a list such as ["scalp"].') from None
        else:
            areas = [a.strip() for a in text.split(",") if a.strip()]
    else:
        raise f.fail("body_areas", f"must be a list of body areas, not {show(areas_raw)}.")
    if not isinstance(areas, list) or not all(isinstance(a, str) and len(a) <= MAX_KEY_CHARS for a in areas):
        raise f.fail("body_areas", "must be a list of body areas as text.")
    stype = SymptomType(
        key,
        label,
        category,
        tuple(areas),
        f.boolean("red_flag"),
        f.optional_text("source", MAX_KEY_CHARS),
        f.boolean("builtin"),
    )
    return stype, f.stamp(ctx.now), f.where


_SEVERITY_WORDS = {s.word: int(s) for s in Severity}


def symptom(f: Fields, ctx: Context) -> tuple[SymptomEntry, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "A symptom rating")
    key = f.required_text("symptom", MAX_KEY_CHARS, "The symptom").strip()
    raw = f.raw("severity")
    if isinstance(raw, str) and raw.strip().lower() in _SEVERITY_WORDS:
        severity: int | None = _SEVERITY_WORDS[raw.strip().lower()]
    else:
        severity = f.integer("severity", 0, 4)
    if severity is None:
        raise f.fail("severity", "A symptom rating needs its severity, 0 (none) to 4 (extreme).")
    entry = SymptomEntry(key, at, Severity(severity), f.text("body_area", MAX_KEY_CHARS), f.note("notes"))
    return entry, f.stamp(ctx.now), f.where


def pain(f: Fields, ctx: Context) -> tuple[PainCheckin, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "A pain check-in")
    pain_now = f.integer("pain_now", 0, 10)
    if pain_now is None:
        raise f.fail("pain_now", "A pain check-in needs pain now, 0 to 10.")
    peg: tuple[int, int, int] | None = None
    if f.textual:
        items = [f.integer(n, 0, 10) for n in ("peg_pain", "peg_enjoyment", "peg_activity")]
        if any(i is not None for i in items):
            if any(i is None for i in items):
                raise f.fail("peg_pain", "The PEG scale needs all three items (pain, enjoyment, activity).")
            peg = (items[0] or 0, items[1] or 0, items[2] or 0)
    else:
        raw = f.raw("peg")
        if raw is not None:
            ok = isinstance(raw, list) and len(raw) == 3
            ok = ok and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10 for v in raw)
            if not ok:
                raise f.fail("peg", f"must be three whole numbers from 0 to 10, not {show(raw)}.")
            peg = (raw[0], raw[1], raw[2])
    try:
        checkin = PainCheckin(at, pain_now, peg, f.integer("mood", 0, 10), f.note("notes"))
    except InvalidInput as err:
        raise invalid(f, err) from None
    return checkin, f.stamp(ctx.now), f.where


def withdrawal(f: Fields, ctx: Context) -> tuple[WithdrawalScore, Stamp, Where]:
    """A scored withdrawal check-in (SOWS): 16 answers 0-4 ("items" in JSON, sows_1..sows_16 in CSV).

    A total given beside them must be their sum: a file whose total disagrees is refused, not fixed.
    """
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "A withdrawal check-in")
    count = len(SOWS_ITEMS)
    if f.textual:
        answers = [f.integer(name, 0, SOWS_TOP) for name in SOWS_COLUMNS]
        missing = [n for n, v in enumerate(answers, 1) if v is None]
        if missing:
            raise f.fail(
                SOWS_COLUMNS[missing[0] - 1], f"A withdrawal check-in needs all {count} answers, 0 to 4."
            )
        items = tuple(v or 0 for v in answers)
    else:
        raw = f.raw("items")
        ok = isinstance(raw, list) and len(raw) == count
        ok = ok and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= SOWS_TOP for v in raw)
        if not ok:
            raise f.fail("items", f"must be {count} whole numbers from 0 to {SOWS_TOP}, not {show(raw)}.")
        items = tuple(raw)
    total = f.integer("total", 0, SOWS_MAX)
    if total is not None and total != sum(items):
        raise f.fail("total", f"is {total}, but the {count} answers add up to {sum(items)}.")
    try:
        score = WithdrawalScore(at, items)
    except InvalidInput as err:
        raise invalid(f, err) from None
    return score, f.stamp(ctx.now), f.where


def medication(f: Fields, ctx: Context) -> tuple[Medication, Stamp, Where]:
    """Another medication or substance: name, dose and how often as written, optional dates."""
    name = f.required_text("name", MAX_FIELD, "The medication's name")
    started, stopped = f.day("started"), f.day("stopped")
    if started is not None and started > ctx.now.date() + timedelta(days=1):
        raise f.fail("started", f"{started.isoformat()} is in the future.")
    try:
        found = Medication(
            name,
            f.text("dose", MAX_FIELD),
            f.text("how_often", MAX_FIELD),
            f.text("reason", MAX_FIELD),
            started,
            stopped,
            f.note("notes"),
        )
    except InvalidInput as err:
        raise invalid(f, err) from None
    return found, f.stamp(ctx.now), f.where


def taper_plan(f: Fields, ctx: Context) -> tuple[TaperPlan, Stamp, Where]:
    """A taper plan: exact grams (zero allowed for the target), journal days, pauses as pairs of days."""
    grams = {}
    for name in ("start_g", "target_g", "step_g"):
        mg = f.grams(name)
        if mg is None:
            raise f.fail(name, "A taper plan needs its start, target and step in grams.")
        grams[name] = Decimal(mg) / 1000
    every = f.integer("every_days", 1, MAX_EVERY_DAYS)
    first = f.day("first_day")
    if every is None or first is None:
        raise f.fail(
            "every_days" if every is None else "first_day", "A taper plan needs every_days and first_day."
        )
    raw = f.raw("pauses")
    if f.textual and isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except ValueError:
            raise f.fail("pauses", f"must be a JSON list of [start, end] days, not {show(raw)}.") from None
    pauses = []
    for pair in raw or []:
        ok = isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
        ok = ok and (pair[1] is None or isinstance(pair[1], str))
        try:
            if not ok:
                raise ValueError
            pauses.append(
                Pause(date.fromisoformat(pair[0]), date.fromisoformat(pair[1]) if pair[1] else None)
            )
        except ValueError:
            raise f.fail("pauses", f"must be pairs of days [start, end or null], not {show(pair)}.") from None
    table = _plan_table(f)
    try:
        if table:
            plan = table_plan(table, pauses=tuple(pauses), ended=f.day("ended"), notes=f.note("notes"))
            if plan.first_day != first:
                raise InvalidInput("first_day", "is not the first day its table lists.")
        else:
            plan = TaperPlan(
                grams["start_g"],
                grams["target_g"],
                grams["step_g"],
                every,
                first,
                tuple(pauses),
                f.day("ended"),
                f.note("notes"),
            )
    except InvalidInput as err:
        names = {
            "start": "start_g",
            "target": "target_g",
            "step": "step_g",
            "every": "every_days",
            "table": "days",
        }
        raise f.fail(names.get(err.field, err.field), err.message) from None
    return plan, f.stamp(ctx.now), f.where


def _plan_table(f: Fields) -> list[TableRow]:
    """A plan's day-by-day table ("days"): [day, grams] pairs; absent, null or empty: a plan that steps."""
    raw = f.raw("days")
    if f.textual and isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else None
        except ValueError:
            raise f.fail("days", f"must be a JSON list of [day, grams] pairs, not {show(raw)}.") from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise f.fail("days", f"must be a list of [day, grams] pairs, not {show(raw)}.")
    rows: list[TableRow] = []
    for pair in raw:
        ok = isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        try:
            if not ok or not re.fullmatch(r"\d{1,9}(?:\.\d{1,3})?", pair[1]):
                raise ValueError
            rows.append((date.fromisoformat(pair[0]), Decimal(pair[1])))
        except ValueError:
            raise f.fail(
                "days", f'must be pairs of a day and grams ["2026-03-01", "7.5"], not {show(pair)}.'
            ) from None
    return rows


_ZERO = re.compile(r"0+(?:[.,]0*)?")


def purchase(f: Fields, ctx: Context) -> InPurchase:
    """A purchase or a correction ("I weighed it": zero is allowed, it says none was left), its
    product by number (this app's files) or by name, optional price and batch."""
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "A purchase")
    correction = f.boolean("correction")
    amount = _zero_or_amount(f, "amount", allow_zero=correction)
    if amount is None:
        raise f.fail("amount", "A purchase needs its amount.")
    price = _zero_or_amount(f, "price", allow_zero=True)
    name = f.text("product").strip() if f.textual else ""
    try:
        found = Purchase(
            at,
            amount,
            f.choice("unit", Unit, Unit.G, _UNIT_WORDS),
            None,
            correction,
            price,
            f.text("batch", MAX_BATCH),
            f.note("notes"),
        )
    except InvalidInput as err:
        raise invalid(f, err) from None
    return InPurchase(found, f.stamp(ctx.now), f.integer("product_ref", 1, 10**9), name or None, f.where)


def _zero_or_amount(f: Fields, name: str, *, allow_zero: bool) -> Decimal | None:
    raw = f.raw(name)
    if (
        allow_zero
        and isinstance(raw, str | int)
        and not isinstance(raw, bool)
        and _ZERO.fullmatch(str(raw).strip())
    ):
        return Decimal(0)
    return f.amount(name)


#: The base64 text of one picture may be this long (a stored photo is a few hundred kB).
MAX_PICTURE_CHARS = 40 * 1024 * 1024


def photo(f: Fields, ctx: Context) -> InPhoto:
    """A photo from this app's JSON export: its entry, and its pixels checked against their sha256.

    The picture must be the bytes the hash names (a changed or damaged file is
    refused, not repaired), and a readable photo; one that still carries
    metadata (not written by this app) is stored without it, as a new file would be.
    """
    zone = f.zone("zone", ctx.zone)
    at = required_moment(f, ctx, zone, "A photo")
    key = f.required_text("area", MAX_KEY_CHARS, "The body area")
    try:
        area(key)
        label = check_label(f.text("label", MAX_LABEL_CHARS))
        sha = check_sha256(f.required_text("sha256", 64, "The photo's sha256"))
    except InvalidInput as err:
        raise f.fail(err.field, err.message) from None
    encoded = f.raw("data")
    if not isinstance(encoded, str) or not encoded:
        raise f.fail("data", "A photo needs its picture (base64) to be imported.")
    if len(encoded) > MAX_PICTURE_CHARS:
        raise f.fail("data", "is too large to be a photo this app wrote.")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise f.fail("data", "is not base64 text.") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise f.fail(
            "data", "the picture does not match its sha256: the file was changed or damaged after export."
        )
    try:
        image = imaging.check_stored(data, f"the photo at {f.where.text()}")
    except InvalidInput as err:
        raise f.fail("data", err.message) from None
    link = f.raw("symptom")
    symptom: tuple[datetime, str] | None = None
    if link is not None:
        if not isinstance(link, dict):
            raise f.fail("symptom", f"must be an object (time_utc, symptom) or null, not {show(link)}.")
        linked = JsonFields(link, f.where)
        when = linked.time("time_utc")
        name = linked.text("symptom", MAX_KEY_CHARS).strip()
        if when is None or not name:
            raise f.fail("symptom", "a link names the rating's time_utc and its symptom.")
        symptom = (when, name)
    entry = Photo(at, key, image.sha256, image.width, image.height, label, f.note("notes"))
    return InPhoto(entry, image, f.stamp(ctx.now), symptom, f.where)


def brk(f: Fields, ctx: Context) -> tuple[Break, Stamp, Where]:
    zone = f.zone("zone", ctx.zone)
    start = required_moment(f, ctx, zone, "A break", "start_utc")
    end = moment(f, ctx, zone, "end_utc", "end_local", "end_offset_minutes")
    if end is not None and end.utc < start.utc:
        raise f.fail("end_utc", "A break cannot end before it started.")
    brk = Break(start, f.day("planned_end"), end, f.note("reason"), f.note("outcome"))
    return brk, f.stamp(ctx.now), f.where


_SETTING_KINDS: dict[str, str] = {
    "day_start_hour": "int",
    "personal_intake_limit_g": "grams",
    "personal_daily_limit_g": "grams",
    "max_use_days_in_row": "int",
    "theme": "text",
    "welcomed": "bool",
    "starting_since": "day",
}


def settings(f: Fields, names: Iterable[str]) -> tuple[dict[str, Any], set[str]]:
    """The settings a file gives (validated together), and the names this app does not know."""
    known = {fl.name for fl in fields(Settings)}
    defaults = asdict(Settings())
    values: dict[str, Any] = {}
    unknown = set()
    for name in names:
        kind = _SETTING_KINDS.get(name)
        if name not in known or kind is None:
            unknown.add(name)
            continue
        if kind == "int":
            value: Any = f.integer(name, -(10**6), 10**6)
        elif kind == "grams":
            value = f.amount(name)
        elif kind == "bool":
            value = f.boolean(name, defaults[name])
        elif kind == "day":
            value = f.day(name)
        else:
            value = f.text(name, MAX_KEY_CHARS) or None
        values[name] = defaults[name] if value is None and defaults[name] is not None else value
    try:
        Settings(**values)
    except InvalidInput as err:
        raise invalid(f, err) from None
    return values, unknown
