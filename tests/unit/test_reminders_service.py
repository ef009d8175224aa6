"""Reminders and the tray's choices as the journal keeps them: in its settings, read back the same
by another opening of the journal, each change reading the row it changes; today's entries for
the evening check-in; and the autostart entry."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import astuple
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from journal.domain.entities import PainCheckin, Product, Unit
from journal.domain.reminders import ReminderKind, Snooze, TrayChoices
from journal.domain.times import Moment
from journal.service import autostart
from journal.service.daily import entries_today
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.reminders import reminder_from
from tests.conftest import ZONE, FakeClock

DAILY = ReminderKind.DAILY_CHECKIN


def ago(journal: Journal, clock: FakeClock, **delta: float) -> Moment:
    return Moment.from_utc(clock.now - timedelta(**delta), journal.zone)


def test_all_off_until_turned_on(journal: Journal) -> None:
    reminders = journal.reminders.all()
    assert list(reminders) == list(ReminderKind)
    assert not any(r.on for r in reminders.values())
    assert not any(astuple(journal.reminders.tray_choices()))  # every choice off by default


def test_set_is_kept_in_the_journal_and_read_back_by_another_opening(
    journal: Journal, data_dir: Path, clock: FakeClock
) -> None:
    journal.reminders.set(DAILY, at=time(21, 30), days=frozenset({0, 1, 2, 3, 4}))
    journal.reminders.change_tray_choices(close_to_tray=True)
    other = Journal.open(data_dir, zone=ZONE, clock=clock)
    try:
        evening = other.reminders.get(DAILY)
        assert (evening.on, evening.at, evening.days, evening.since) == (
            True,
            time(21, 30),
            frozenset(range(5)),
            clock.now,
        )
        assert other.reminders.tray_choices() == TrayChoices(close_to_tray=True)
        # What the window does (marks it shown) reads the row first: a time set meanwhile stays.
        other.reminders.set(DAILY, at=time(22, 0))
    finally:
        other.close()
    shown = journal.reminders.mark_shown(DAILY, clock.now)
    assert shown.at == time(22, 0) and shown.handled == clock.now and shown.on


def test_settings_save_leaves_the_reminders_alone(journal: Journal) -> None:
    from dataclasses import replace

    journal.reminders.set(DAILY, at=time(20, 15))
    journal.save_settings(replace(journal.settings, day_start_hour=4))
    assert journal.reminders.get(DAILY).at == time(20, 15)
    assert journal.settings.day_start_hour == 4


def test_schedule_and_snooze(journal: Journal, clock: FakeClock) -> None:
    # 2026-03-10 12:00 UTC is 13:00 in Berlin, a Tuesday.
    journal.reminders.set(DAILY, at=time(21, 0))
    journal.reminders.set(ReminderKind.BREAK_CHECKIN, at=time(20, 0))
    plan = {p.reminder.kind: p for p in journal.reminders.schedule()}
    assert plan[DAILY].next_due == datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    assert plan[ReminderKind.BREAK_CHECKIN].next_due is None
    assert plan[ReminderKind.BREAK_CHECKIN].waiting == "only during a break"
    assert plan[ReminderKind.WEEKLY_PAIN].next_due is None and not plan[ReminderKind.WEEKLY_PAIN].waiting
    snoozed = journal.reminders.snooze(DAILY, Snooze.HOUR)
    assert snoozed.snoozed_until == clock.now + timedelta(hours=1)
    journal.start_break(date(2026, 3, 17))
    running = journal.reminders.running()
    assert running is not None and running.planned_end == date(2026, 3, 17)
    plan = {p.reminder.kind: p for p in journal.reminders.schedule()}
    assert plan[ReminderKind.BREAK_CHECKIN].next_due == datetime(2026, 3, 10, 19, 0, tzinfo=UTC)
    assert journal.reminders.off(DAILY).on is False


def test_an_unreadable_stored_value_falls_back_to_off() -> None:
    assert reminder_from(DAILY, {"on": True, "at": "25:99"}).on is False
    assert reminder_from(DAILY, {"on": True, "at": "21:00", "days": []}).on is False
    assert reminder_from(DAILY, "nonsense").on is False
    good = reminder_from(DAILY, {"on": True, "at": "07:45", "days": [5, 6]})
    assert (good.on, good.at, good.days) == (True, time(7, 45), frozenset({5, 6}))


def test_settings_keys_are_not_the_reminders() -> None:
    from journal.storage.store.settings import _own_key

    with pytest.raises(ValueError):
        _own_key("theme")


def test_facts_for_a_notification(journal: Journal, clock: FakeClock) -> None:
    journal.log_intake(IntakeDraft("4", ago(journal, clock, hours=3)))
    journal.log_intake(IntakeDraft("2.5", ago(journal, clock, hours=1)))
    journal.log_pain(PainCheckin(journal.now(), 6, (6, 5, 7)))
    journal.start_break(date(2026, 3, 14))
    journal.log_symptom("cravings", 2, journal.now())
    facts = journal.reminders.facts()
    assert (facts.intakes_today, facts.grams_today_mg) == (2, 6500)
    assert facts.checkins_today == 2
    assert facts.last_pain == "pain 6/10, PEG 6.0"
    assert facts.break_day == (1, 4) and facts.planned_end == date(2026, 3, 14)
    assert facts.break_ratings == ("cravings moderate",)


def test_entries_today_follow_the_day_start(journal: Journal, clock: FakeClock) -> None:
    caps = journal.products.add(Product("Red caps", capsule_g=Decimal("0.5")))
    journal.log_intake(IntakeDraft("3", ago(journal, clock, hours=2), Unit.CAPS, product_id=caps.id))
    journal.log_intake(IntakeDraft("5", ago(journal, clock, hours=20)))  # yesterday
    at = journal.now()
    journal.log_symptom("nausea", 1, at)
    journal.log_symptom("dizziness", 0, at)
    lines = [e.text for e in entries_today(journal)]
    assert lines == ["Intake: 3 capsules (1.5 g leaf), Red caps", "Symptom check-in: Nausea mild"]


# -- start with the desktop ---------------------------------------------------------------------


def test_autostart_entry_honours_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert (
        autostart.entry_path() == tmp_path / "conf" / "autostart" / "io.github.kratom_journal.Journal.desktop"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/not/used")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert autostart.entry_path() == tmp_path / "home" / ".config" / "autostart" / autostart.FILE_NAME
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert autostart.entry_path().parent == tmp_path / "home" / ".config" / "autostart"


def test_autostart_written_and_removed(tmp_path: Path) -> None:
    assert not autostart.enabled()
    path = autostart.enable(autostart.launch_command(tmp_path / "my data"))
    assert autostart.enabled() and path == autostart.entry_path()
    text = path.read_text(encoding="utf-8")
    assert "--tray" in text and "Exec=" in text
    assert autostart.disable() and not autostart.enabled()
    assert autostart.disable() is False


def test_autostart_knows_which_journal_it_starts(tmp_path: Path) -> None:
    mine, other = tmp_path / "my data", tmp_path / "other"
    assert not autostart.starts(mine)
    autostart.enable(autostart.launch_command(mine))
    assert autostart.starts(mine)
    assert not autostart.starts(other)
    assert not autostart.starts(tmp_path / "my")  # the start of the path is not the path


def _unquote_exec(value: str) -> list[str]:
    """The Exec value read back as the Desktop Entry Specification says a launcher reads it."""
    value = value.replace("\\\\", "\\")  # the string escape first
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value):
            current += value[i + 1]
            i += 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if current or started:
                args.append(current)
            current, started = "", False
        else:
            current += c
        i += 1
    if current or started:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@pytest.mark.parametrize(
    "program",
    [
        "/usr/bin/journal",
        "/home/a b/.venvs/journal/bin/journal",
        '/tmp/odd $dir/with "quotes"/100%/back\\slash/journal',
    ],
)
def test_autostart_entry_is_valid_and_runs_the_same_command(program: str, tmp_path: Path) -> None:
    command = [program, "--tray", "--data-dir", str(tmp_path / "a folder")]
    path = autostart.enable(command)
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.fail(
            "desktop-file-validate is missing: install desktop-file-utils (scripts/system-packages.sh)"
        )
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("Exec="))
    assert _unquote_exec(line.removeprefix("Exec=")) == command
