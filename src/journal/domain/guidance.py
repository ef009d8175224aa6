"""Cited dose guidance: the rule data, and one pure function that applies it.

Findings inform; they never block saving. Every finding either cites a passage
from the source texts or says plainly that it rests on the person's own
settings ("your personal limit", "your break plan").
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from journal.domain.amounts import format_g, to_mg
from journal.domain.entities import Break, Citation, Finding, Form, Level, Settings
from journal.domain.times import local_day

WINDOW = timedelta(hours=24)
CITED = "cited range"
PERSONAL = "your personal limit"
BREAK_PLAN = "your break plan"
PATTERN = "a pattern in your data"

_KINDS = {"per_intake", "rolling_24h", "breaks", "coverage", "red_flag"}
REQUIRED_RULES = ("starting-dose", "upper-limit-24h", "regular-breaks", "forms-not-covered", "see-clinician")


#: What each kind of finding is about, in words: reports and the window name findings by these,
#: never by their rule id. The personal ones rest on the person's settings, not on a source.
FINDING_TITLES = {
    "starting-dose": "One intake above the cited starting dose",
    "upper-limit-24h": "Rolling 24-hour total over the cited upper limit",
    "forms-not-covered": "A form the cited ranges do not cover (extract or other)",
    "not-counted": "Capsules of unknown content, left out of the totals",
    "personal-intake-limit": "One intake above the personal limit per intake",
    "personal-daily-limit": "Rolling 24-hour total above the personal daily limit",
    "during-break": "Intake during a planned break",
    "break-plan": "More days of use in a row than the break plan allows",
}


def finding_title(rule_id: str, guidance: Guidance | None = None) -> str:
    """A finding's kind in words; with the guidance, a cited range is named with its values."""
    title = FINDING_TITLES.get(rule_id) or rule_id.replace("-", " ").replace("_", " ").capitalize()
    rule = guidance.rules.get(rule_id) if guidance is not None else None
    if rule is not None and rule.low is not None and rule.high is not None:
        title += f" of {rule.range_text}"
    return title


class GuidanceDataError(ValueError):
    """The guidance data file is malformed; the app must not start with it."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One cited rule from the guidance data file."""

    id: str
    kind: str
    low: Decimal | None
    high: Decimal | None
    unit: str | None
    forms: tuple[str, ...]
    summary: str
    citations: tuple[Citation, ...]

    @property
    def low_mg(self) -> int:
        assert self.low is not None, self.id
        return to_mg(self.low)

    @property
    def high_mg(self) -> int:
        assert self.high is not None, self.id
        return to_mg(self.high)

    @property
    def range_text(self) -> str:
        return f"{self.low:f} to {self.high:f} {self.unit}"


@dataclass(frozen=True, slots=True)
class Guidance:
    """All cited rules, by id."""

    rules: Mapping[str, Rule]

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    @property
    def starting(self) -> Rule:
        return self.rules["starting-dose"]

    @property
    def upper(self) -> Rule:
        return self.rules["upper-limit-24h"]


def load_guidance(path: Path) -> Guidance:
    """Read and validate the guidance data file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise GuidanceDataError(f"{path.name}: {err}") from err
    return parse_guidance(data)


def parse_guidance(data: Any) -> Guidance:
    """Validate parsed guidance data; every rule needs a value pair or none, and a citation."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise GuidanceDataError("guidance data needs a list of rules")
    rules: dict[str, Rule] = {}
    for raw in data["rules"]:
        rule = _parse_rule(raw)
        if rule.id in rules:
            raise GuidanceDataError(f"rule {rule.id!r} appears twice")
        rules[rule.id] = rule
    missing = [rid for rid in REQUIRED_RULES if rid not in rules]
    if missing:
        raise GuidanceDataError(f"guidance data lacks rules: {', '.join(missing)}")
    for rid in ("starting-dose", "upper-limit-24h"):
        if rules[rid].low is None or rules[rid].high is None:
            raise GuidanceDataError(f"rule {rid!r} needs low and high values")
    return Guidance(rules)


def _parse_rule(raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise GuidanceDataError("each rule must be an object")
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        raise GuidanceDataError("a rule has no id")
    if not isinstance(raw.get("kind"), str) or raw["kind"] not in _KINDS:
        raise GuidanceDataError(f"rule {rid!r}: unknown kind {raw.get('kind')!r}")
    low, high = (_decimal(rid, raw.get(key)) for key in ("low", "high"))
    if (low is None) != (high is None) or (low is not None and high is not None and low > high):
        raise GuidanceDataError(f"rule {rid!r}: low and high must both be set, low <= high")
    if low is not None and raw.get("unit") != "g":
        raise GuidanceDataError(f"rule {rid!r}: values must be in g")
    citations = raw.get("citations")
    if not isinstance(citations, list) or not citations:
        raise GuidanceDataError(f"rule {rid!r}: needs at least one citation")
    cites = []
    for cite in citations:
        if not isinstance(cite, dict) or not all(
            isinstance(cite.get(k), str) and cite[k] for k in ("file", "section", "quote")
        ):
            raise GuidanceDataError(f"rule {rid!r}: a citation needs file, section and quote")
        cites.append(Citation(cite["file"], cite["section"], cite["quote"]))
    raw_forms = raw.get("forms") or []
    if not isinstance(raw_forms, list):
        raise GuidanceDataError(f"rule {rid!r}: forms must be a list")
    forms = tuple(raw_forms)
    unknown = [f for f in forms if not isinstance(f, str) or f not in {m.value for m in Form}]
    if unknown:
        raise GuidanceDataError(f"rule {rid!r}: unknown forms {unknown}")
    return Rule(
        rid, raw["kind"], low, high, raw.get("unit"), forms, str(raw.get("summary", "")), tuple(cites)
    )


def _decimal(rid: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise GuidanceDataError(f"rule {rid!r}: {value!r} is not a number")
    try:
        out = Decimal(str(value))
    except ArithmeticError as err:
        raise GuidanceDataError(f"rule {rid!r}: {value!r} is not a number") from err
    if not out.is_finite() or out <= 0:
        raise GuidanceDataError(f"rule {rid!r}: {value!r} must be a positive number")
    return out


class Dose(NamedTuple):
    """What the rules need of an intake: when, how much leaf, and whether estimated.

    A tuple: a sweep makes one for each of 100,000 intakes, several times faster than a dataclass.
    """

    at: datetime
    mg: int | None
    estimate: bool = False
    offset_min: int = 0
    id: int | None = None


class Window(NamedTuple):
    """A rolling 24-hour window (end - 24 h, end] and its total (a tuple, made by the thousand)."""

    end: datetime
    total_mg: int
    estimate: bool


def rolling_total(at: datetime, doses: Iterable[Dose]) -> Window:
    """The total of counted doses in (at - 24 h, at]."""
    total, estimate = 0, False
    for dose in doses:
        if dose.mg is not None and at - WINDOW < dose.at <= at:
            total += dose.mg
            estimate = estimate or dose.estimate
    return Window(at, total, estimate)


def windows_touching(new: Dose, history: Iterable[Dose]) -> list[Window]:
    """Every rolling window that ends at an intake and contains `new`.

    A back-dated or edited intake changes the windows of the intakes that follow
    it within 24 hours, so each of those is checked, not only its own.
    """
    if new.mg is None:
        return []
    counted = sorted(
        [d for d in history if d.mg is not None and (new.id is None or d.id != new.id)] + [new],
        key=lambda d: d.at,
    )
    times = [d.at for d in counted]
    sums = [0, *accumulate(d.mg or 0 for d in counted)]
    est = [0, *accumulate(int(d.estimate) for d in counted)]
    out = []
    ends = sorted({t for t in times if new.at <= t < new.at + WINDOW})
    for end in ends:
        hi = bisect_right(times, end)
        lo = bisect_right(times, end - WINDOW)
        out.append(Window(end, sums[hi] - sums[lo], est[hi] - est[lo] > 0))
    return out


def evaluate(
    new: Dose,
    form: Form,
    history: Sequence[Dose],
    guidance: Guidance,
    settings: Settings,
    *,
    uncounted_reason: str = "",
    in_break: Break | None = None,
    earlier_use: bool | None = None,
) -> tuple[Finding, ...]:
    """Findings for a proposed or edited intake, loudest first.

    `history` holds the other intakes near `new` (at least the 24 hours either
    side, and the whole run of use days it sits in); an entry with the same id
    as `new` is its old version and is ignored. `in_break` is the break whose
    span holds the intake (`break_at`), running or ended. `earlier_use` says
    whether the journal holds another intake before `new` (None: judged from
    `history`, which then must hold the whole journal before it). `uncounted_reason`
    is accepted from callers that know why an intake is not counted; the
    finding words it from the form.

    This is the definition of an intake's findings; `journal.domain.sweep`
    gives the same for every intake of a journal at once.
    """
    windows = windows_touching(new, history)
    worst = max(windows, key=lambda w: (w.total_mg, w.end == new.at), default=None)
    run = None
    if settings.max_use_days_in_row is not None:

        def day_of(d: Dose) -> date:
            return local_day(d.at, d.offset_min, settings.day_start_hour)

        days = {day_of(d) for d in history if new.id is None or d.id != new.id}
        run = _run_length(day_of(new), days | {day_of(new)})
    if earlier_use is None:
        earlier_use = any(d.at < new.at for d in history if new.id is None or d.id != new.id)
    starting = is_starting(new, not earlier_use, settings)
    return findings_from(new, form, worst, run, in_break, guidance, settings, starting=starting)


#: When the cited starting dose is said, in words for the Sources page and Settings. The sources
#: give a starting dose but not how long starting lasts; this is the journal's reading, not theirs.
STARTING_WHEN = (
    "The sources give this as a starting dose and do not say how long starting lasts, so the "
    "journal says it only while you are starting: of the first intake in your journal, and of "
    "every intake from the day you tick “I'm starting or restarting” in Settings until you untick "
    "it. It is not said of later intakes otherwise."
)


def is_starting(new: Dose, first: bool, settings: Settings) -> bool:
    """Whether the cited starting dose speaks to `new`: the person is starting when they take it.

    The sources give a starting dose ("start with a low dose and gradually
    increase") but not when starting ends, so the journal invents no length:
    a person is starting at their first intake in the journal (`first`: no
    intake before it), and from the day they say they are starting or
    restarting (Settings: `starting_since`) until they say otherwise.
    """
    if first:
        return True
    since = settings.starting_since
    return since is not None and local_day(new.at, new.offset_min, settings.day_start_hour) >= since


def findings_from(
    new: Dose,
    form: Form,
    worst: Window | None,
    run: int | None,
    in_break: Break | None,
    guidance: Guidance,
    settings: Settings,
    *,
    starting: bool,
) -> tuple[Finding, ...]:
    """An intake's findings from what the rules read of the journal around it, loudest first.

    `worst` is the fullest rolling window that ends at an intake in
    [new.at, new.at + 24 h) and so holds `new` (None for an intake not counted);
    `run` the number of use days in a row that its day belongs to (None without
    a break plan); `in_break` a break that may hold it; `starting` whether the
    person is starting then (`is_starting`), the only time the cited starting
    dose is said. `evaluate` and the sweep both work these out and share this
    step, so they cannot word a finding differently.
    """
    findings: list[Finding] = []
    upper = guidance.upper
    if new.mg is None:
        findings.append(_uncounted(form, guidance))
    elif starting and new.mg > _texts(guidance.starting)[3]:
        starting_rule = guidance.starting
        findings.append(
            Finding(
                Level.NOTICE,
                starting_rule.id,
                f"{_grams(new.mg)}{_est(new.estimate)} in one intake is above the cited starting "
                f"dose of {_texts(starting_rule)[0]}{_while_starting(new, settings)}.",
                CITED,
                starting_rule.citations,
                new.mg,
                new.estimate,
            )
        )
    if worst is not None and new.mg is not None:
        findings.extend(_window_findings(new, worst, upper))
    findings.extend(_personal(new, worst if new.mg is not None else None, settings))
    findings.extend(_break_plan(new, run, guidance, settings, in_break))
    findings.sort(key=lambda f: -f.level)
    return tuple(findings)


def amount_worded_above(starting: bool, guidance: Guidance, settings: Settings) -> int | None:
    """Above how many milligrams `findings_from` words an intake's own amount (None: it never does).

    Only the cited starting dose (said while `starting`) and the personal limit
    per intake name the intake's amount; at or below them, intakes alike in all
    else get the same words whatever their amounts (a sweep words them once).
    """
    limits = [_texts(guidance.starting)[3]] if starting else []
    per_intake = settings.personal_intake_limit_g
    if per_intake is not None:
        limits.append(to_mg(per_intake))
    return min(limits, default=None)


def break_at(at: datetime, breaks: Iterable[Break]) -> Break | None:
    """The break whose span [start, end) holds `at`, running or ended (None if none does).

    Breaks do not overlap when started in the app, but corrections and imports
    can make them: then the one started last counts (of two started at the
    same instant, the later in `breaks`).
    """
    found = None
    for brk in breaks:
        if _holds(brk, at) and (found is None or brk.start.utc >= found.start.utc):
            found = brk
    return found


def _holds(brk: Break, at: datetime) -> bool:
    return brk.start.utc <= at and (brk.actual_end is None or at < brk.actual_end.utc)


def _while_starting(new: Dose, settings: Settings) -> str:
    """Why the starting dose is said of this intake: the person's word, or the first in the journal."""
    since = settings.starting_since
    if since is not None and local_day(new.at, new.offset_min, settings.day_start_hour) >= since:
        return " (said while you are starting or restarting, as set in Settings)"
    return " (said of your first intake in the journal, while you are starting)"


def _est(estimate: bool) -> str:
    return " (estimate)" if estimate else ""


def _uncounted(form: Form, guidance: Guidance) -> Finding:
    if form.is_leaf:
        message = (
            "The capsule content of this product is unknown, so this intake is not in "
            "your totals. Set the grams per capsule on the product to count it."
        )
        return Finding(Level.NOTICE, "not-counted", message, CITED, guidance.starting.citations)
    rule = guidance["forms-not-covered"]
    message = (
        f"{form.label} is not covered by the cited ranges, which are for leaf powder or "
        "its capsule equivalent. Give the product a leaf-equivalent factor to count it "
        "as an estimate."
    )
    return Finding(Level.NOTICE, rule.id, message, CITED, (*rule.citations, *guidance.starting.citations[:1]))


def _window_findings(new: Dose, worst: Window, upper: Rule) -> list[Finding]:
    range_text, high_text, low_mg, high_mg = _texts(upper)
    if worst.total_mg <= low_mg:
        return []
    level = Level.WARNING if worst.total_mg > high_mg else Level.CAUTION
    where = (
        "with this intake"
        if worst.end == new.at
        else f"in the 24 hours up to a later intake ({_hhmm(worst.end, new)})"
    )
    above = (
        f"above the upper end ({high_text} g)"
        if level is Level.WARNING
        else f"within the cited upper limit of {range_text}, past its lower end"
    )
    message = f"Rolling 24-hour total {where}: {_grams(worst.total_mg)}{_est(worst.estimate)}, {above}."
    return [Finding(level, upper.id, message, CITED, upper.citations, worst.total_mg, worst.estimate)]


def _hhmm(end: datetime, new: Dose) -> str:
    return _local_text(end, new.offset_min)


def later_text(end: datetime, offset_min: int) -> str:
    """How a finding names the later intake whose window it reports, seen at `offset_min`."""
    return _local_text(end, offset_min)


def at_later(findings: tuple[Finding, ...], was: str, now: str) -> tuple[Finding, ...]:
    """`findings` that report the window up to a later intake named `was`, reworded for one named `now`.

    The later intake's time is the only thing `findings_from` reads of the
    window's end when it is not the intake's own, so intakes alike in all else
    share the rest of their wording (a sweep words each kind once).
    """
    old, new = f"up to a later intake ({was})", f"up to a later intake ({now})"
    out = []
    for f in findings:
        if old in f.message:  # a frozen dataclass, made directly: `replace` costs several times more
            f = Finding(
                f.level,
                f.rule_id,
                f.message.replace(old, new, 1),
                f.basis,
                f.citations,
                f.total_mg,
                f.estimate,
            )
        out.append(f)
    return tuple(out)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# A sweep words the same later window and the same totals for many intakes: format each once.
@lru_cache(maxsize=4096)
def _local_text(end: datetime, offset_min: int) -> str:
    """ "03 Mar 14:20", with English month names whatever the process locale (Qt sets it)."""
    local = end + timedelta(minutes=offset_min)
    return f"{local.day:02d} {_MONTHS[local.month - 1]} {local.hour:02d}:{local.minute:02d}"


_RULE_TEXTS: dict[int, tuple[Rule, tuple[str, str, int, int]]] = {}


def _texts(rule: Rule) -> tuple[str, str, int, int]:
    """A rule's range in words ("12 to 15 g"), its high end ("15"), and both ends in milligrams,
    worked out once per rule (a sweep asks for them for every intake)."""
    found = _RULE_TEXTS.get(id(rule))
    if found is None or found[0] is not rule:
        found = _RULE_TEXTS[id(rule)] = (rule, (rule.range_text, f"{rule.high:f}", rule.low_mg, rule.high_mg))
    return found[1]


@lru_cache(maxsize=4096)
def _grams(mg: int) -> str:
    return format_g(mg)


def _personal(new: Dose, worst: Window | None, settings: Settings) -> list[Finding]:
    out = []
    per_intake = settings.personal_intake_limit_g
    if per_intake is not None and new.mg is not None and new.mg > to_mg(per_intake):
        out.append(
            Finding(
                Level.CAUTION,
                "personal-intake-limit",
                f"{format_g(new.mg)} is above your personal limit of {per_intake:f} g per intake.",
                PERSONAL,
                total_mg=new.mg,
                estimate=new.estimate,
            )
        )
    daily = settings.personal_daily_limit_g
    if daily is not None and worst is not None and worst.total_mg > to_mg(daily):
        out.append(
            Finding(
                Level.CAUTION,
                "personal-daily-limit",
                f"Rolling 24-hour total {format_g(worst.total_mg)} is above your personal limit of "
                f"{daily:f} g per 24 hours.",
                PERSONAL,
                total_mg=worst.total_mg,
                estimate=worst.estimate,
            )
        )
    return out


def _break_plan(
    new: Dose,
    run: int | None,
    guidance: Guidance,
    settings: Settings,
    in_break: Break | None,
) -> list[Finding]:
    out = []
    breaks = guidance["regular-breaks"].citations
    if in_break is not None and _holds(in_break, new.at):
        until = f", planned until {in_break.planned_end:%d %B}" if in_break.planned_end else ""
        if in_break.actual_end is None:
            message = f"This is during your break{until}. It is saved; the break stays open until you end it."
        else:
            message = f"This was during your break{until}, which ended on {in_break.actual_end.local:%d %B}."
        out.append(Finding(Level.NOTICE, "during-break", message, BREAK_PLAN, breaks))
    plan = settings.max_use_days_in_row
    if plan is not None and run is not None and run > plan:
        out.append(
            Finding(
                Level.NOTICE,
                "break-plan",
                f"This makes {run} days of use in a row; your break plan is at most {plan}.",
                BREAK_PLAN,
                breaks,
            )
        )
    return out


def _run_length(day: date, days: set[date]) -> int:
    """How many consecutive days in `days` include `day`."""
    before = after = 0
    while day - timedelta(days=before + 1) in days:
        before += 1
    while day + timedelta(days=after + 1) in days:
        after += 1
    return before + after + 1
