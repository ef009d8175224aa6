"""`journal today`: today's totals, time since the last dose, a running break or a streak."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from journal.cli.arguments import Parents, add_json
from journal.cli.output import (
    break_dict,
    emit,
    est,
    grams,
    intake_dict,
    local_text,
    pain_dict,
    pain_text,
    sows_dict,
    symptom_dict,
    warn_if_synced,
    what,
    when,
)
from journal.domain.amounts import format_g
from journal.domain.entities import Intake, Product, SymptomType
from journal.domain.errors import NotFound
from journal.domain.times import Moment
from journal.domain.withdrawal import trend_text

if TYPE_CHECKING:
    from journal.service.journal import Journal
    from journal.service.today import Today


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    add_json(parser)
    parser.set_defaults(func=today)


def today(journal: Journal, args: argparse.Namespace) -> int:
    warn_if_synced(journal)
    now = journal.today()
    product = _product_of(journal, now.last_intake)
    names = {t.key: t for t in journal.entries.symptom_types()}
    return emit(args, _today_json(journal, now, product, names), _today_lines(now, product, names))


def _product_of(journal: Journal, intake: Intake | None) -> Product | None:
    if intake is None or intake.product_id is None:
        return None
    try:
        return journal.products.get(intake.product_id)
    except NotFound:  # the product was deleted since
        return None


def _ago(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "just now"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days >= 2:
        return f"{days} days {hours} h ago"
    hours += days * 24
    return f"{hours} h {mins} min ago" if hours else f"{mins} min ago"


def dose_free_line(today: Today) -> str:
    """The dose-free streak in whole days: today is not over, so it counts only as "so far"."""
    n = today.full_dose_free_days
    if n:
        return f"Dose-free streak: {n} full day{'' if n == 1 else 's'} before today, and today so far"
    return "Dose-free streak: today so far, no full dose-free day yet"


def _today_lines(today: Today, product: Product | None, names: dict[str, SymptomType]) -> list[str]:
    lines = [
        f"Today: {format_g(today.today_mg)}{est(today.today_estimate)}",
        f"Rolling 24 h: {format_g(today.rolling_mg)}{est(today.rolling_estimate)}",
    ]
    last, since = today.last_intake, today.since_last
    if last is None or since is None:
        lines.append("Last dose: none logged yet")
    else:
        lines.append(f"Last dose: {_ago(since)}, {what(last, product)} at {local_text(last.at)}")
    streaks = today.streaks
    if today.running_break is not None and today.break_day is not None:
        brk, (day_n, planned) = today.running_break, today.break_day
        of = f" of {planned}" if planned else ""
        until = f", planned until {brk.planned_end:%Y-%m-%d}" if brk.planned_end else ""
        lines.append(f"Break: day {day_n}{of} (since {local_text(brk.start)}{until})")
        if today.break_withdrawal:
            lines.append(f"Withdrawal (SOWS) this break: {trend_text(today.break_withdrawal)}")
        if today.withdrawal_due:
            lines.append("Withdrawal scale not scored today: journal log sows (16 answers, 0-4)")
    elif last is not None:
        if streaks.current_dose_free:
            lines.append(dose_free_line(today))
        else:
            n = streaks.current_use_run
            lines.append(f"Days of use in a row: {n}")
    if today.latest_pain is not None:
        lines.append(f"Latest pain: {pain_text(today.latest_pain)}")
    if today.latest_symptoms:
        lines.append("Recent symptoms:")
        for entry in today.latest_symptoms:
            label = names[entry.type_key].label if entry.type_key in names else entry.type_key
            lines.append(f"  {label}: {entry.severity.word} at {local_text(entry.at)}")
    return lines


def _today_json(
    journal: Journal, today: Today, product: Product | None, names: dict[str, SymptomType]
) -> dict[str, Any]:
    now = Moment.from_utc(today.now, journal.zone)
    since = today.since_last
    brk = today.running_break
    day = today.break_day
    return {
        "now_utc": now.utc.isoformat(timespec="seconds"),
        "now_local": when(now)["time_local"],
        "zone": journal.zone,
        "today_g": grams(today.today_mg),
        "today_estimate": today.today_estimate,
        "rolling_24h_g": grams(today.rolling_mg),
        "rolling_24h_estimate": today.rolling_estimate,
        "last_intake": intake_dict(today.last_intake, product) if today.last_intake else None,
        "seconds_since_last_intake": None if since is None else max(0, int(since.total_seconds())),
        "break": break_dict(brk, day[0], day[1]) if brk is not None and day is not None else None,
        "dose_free_streak_days": today.streaks.current_dose_free if today.last_intake else None,
        "full_dose_free_days": today.full_dose_free_days if today.last_intake else None,
        "use_streak_days": today.streaks.current_use_run,
        "latest_pain": pain_dict(today.latest_pain) if today.latest_pain else None,
        "break_withdrawal": [sows_dict(s) for s in today.break_withdrawal],
        "withdrawal_due": today.withdrawal_due,
        "recent_symptoms": [
            symptom_dict(e, names[e.type_key]) for e in today.latest_symptoms if e.type_key in names
        ],
    }
