"""Notifications on a real session bus: `dbus-run-session` starts a private bus (Debian's
dbus-daemon), a small notification server takes org.freedesktop.Notifications on it
(tests/notification_server.py), and the window's reminders talk to it as to a desktop's.

The harness runs in that session, drives the journal's clock (no sleeping), and writes what
the server received and what the journal stored; the tests check the text, the declared
signature (a strict server refuses any other), the privacy rule when locked, and an action
chosen on the notification coming back as a snooze. Without a notification service on the
bus, the reminder falls back to the tray's own message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a freedesktop session bus")

ROOT = Path(__file__).resolve().parents[2]

HARNESS = r"""
import json, sys, traceback
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, sys.argv[3])
mode, work = sys.argv[1], Path(sys.argv[2])
report = {"failures": [], "received": [], "steps": []}


def dump(received):
    return [
        {"id": r.id, "signature": r.signature, "app_name": r.app_name, "replaces_id": r.replaces_id,
         "app_icon": r.app_icon, "summary": r.summary, "body": r.body, "actions": r.actions,
         "hints": r.hints, "expire_timeout": r.expire_timeout}
        for r in received
    ]


try:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from journal.domain.reminders import ReminderKind
    from journal.domain.times import Moment
    from journal.service.intakes import IntakeDraft
    from journal.service.journal import Journal
    from journal.ui import tasks
    from journal.ui.main_window import MainWindow
    from journal.ui.tray import Presence
    from tests.notification_server import NotificationServer

    app = QApplication([sys.argv[0]])
    now = [datetime(2026, 3, 10, 12, 0, tzinfo=UTC)]  # 13:00 in Berlin
    journal = Journal.open(work / "data", zone="Europe/Berlin", clock=lambda: now[0])
    DAILY = ReminderKind.DAILY_CHECKIN
    evening = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 21:00 in Berlin

    def pump(condition, what):
        for _ in range(600):  # a bound, not a timing: 30 s in 50 ms steps
            if condition():
                return
            QTest.qWait(50)
        raise AssertionError(f"gave up waiting for {what}")

    def settled():
        pump(lambda: not tasks.writes_pending(), "the reminders' writes")

    server = None
    if mode == "served":
        server = NotificationServer()
        server.start()
    journal.reminders.set(DAILY, at=time(21, 0))
    window = MainWindow(journal)
    window.show()
    presence = Presence(window, tray=False)

    now[0] = evening
    presence.refresh()
    if server is None:
        pump(lambda: presence.fallbacks, "the fallback")
        report["fallbacks"] = presence.fallbacks
        report["steps"].append("fallback")
    else:
        received = server.wait_for(1, pump=lambda: QTest.qWait(20))
        report["steps"].append("shown")
        # The person clicks "In 1 hour" on the notification.
        server.invoke(received[0].id, "snooze-hour")
        pump(lambda: DAILY not in presence.pending, "the snooze to come back")
        settled()
        stored = journal.reminders.get(DAILY)
        report["snoozed_until"] = stored.snoozed_until.isoformat()
        report["steps"].append("snoozed")
        # Details allowed: the snoozed reminder comes back an hour later with today's figures.
        journal.reminders.change_tray_choices(details_in_notifications=True)
        journal.log_intake(IntakeDraft("6.5", Moment.from_utc(evening - timedelta(hours=3), journal.zone)))
        now[0] = evening + timedelta(minutes=59)
        presence.refresh()
        now[0] = evening + timedelta(hours=1)
        presence.refresh()
        server.wait_for(2, pump=lambda: QTest.qWait(20))
        report["steps"].append("details")
        # A passphrase, the journal locked: the next one says nothing but that a check-in is due.
        journal.change_passphrase("correct horse battery")
        window.lock()
        pump(lambda: journal.locked, "the lock")
        now[0] = evening + timedelta(days=1)
        presence.refresh()
        third = server.wait_for(3, pump=lambda: QTest.qWait(20))[2]
        report["steps"].append("locked")
        # Clicked while locked: the window comes forward on its lock screen, nothing else.
        window.hide()
        server.invoke(third.id, "default")
        pump(lambda: window.isVisible(), "the window to come forward")
        report["locked_window_title"] = window.windowTitle()
        report["steps"].append("opened-locked")
        report["closed"] = list(server.closed)
        report["received"] = dump(server.received)
        server.stop()
    window.quit()
    settled()
    journal.close()
except BaseException:
    report["failures"].append(traceback.format_exc()[-3000:])
(work / "report.json").write_text(json.dumps(report, indent=1, default=str))
"""


def run_session(tmp_path: Path, mode: str) -> dict[str, Any]:
    tool = shutil.which("dbus-run-session")
    if tool is None:
        pytest.fail(
            "dbus-run-session is missing: install the Debian package dbus-daemon (scripts/system-packages.sh)"
        )
    script = tmp_path / "harness.py"
    script.write_text(HARNESS, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # dbus-run-session sets its own
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [tool, "--", sys.executable, str(script), mode, str(work), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    report_file = work / "report.json"
    assert report_file.exists(), done.stdout[-2000:] + done.stderr[-3000:]
    report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["failures"] == [], "\n".join(report["failures"]) + done.stderr[-2000:]
    return report


def test_reminders_on_a_real_session_bus(tmp_path: Path) -> None:
    report = run_session(tmp_path, "served")
    assert report["steps"] == ["shown", "snoozed", "details", "locked", "opened-locked"]
    first, second, third = report["received"]
    # Sent as the specification declares Notify (a strict server refuses "sisssava{sv}i").
    assert {n["signature"] for n in report["received"]} == {"susssasa{sv}i"}
    assert first["app_name"] == "Kratom Journal"
    assert first["app_icon"] == first["hints"]["desktop-entry"] == "io.github.kratom_journal.Journal"
    assert first["summary"] == "Evening check-in"
    assert first["body"] == (
        "Anything to log today? Open the journal to see today's entries and add what is missing."
    )
    assert first["actions"] == [
        "default",
        "Check in",
        "snooze-hour",
        "In 1 hour",
        "snooze-tomorrow",
        "Tomorrow",
        "off",
        "Don't remind me",
    ]
    # "In 1 hour", chosen on the notification, came back: snoozed, and stored in the journal.
    assert report["snoozed_until"] == "2026-03-10T21:00:00+00:00"
    # With details allowed the snoozed one came back with today's figures.
    assert second["summary"] == "Evening check-in"
    assert second["body"] == "Logged today: 1 intake (6.5 g) and 0 check-ins. Anything missing?"
    # Locked, with a passphrase: nothing but that a check-in is due, and no "Don't remind me".
    assert (third["summary"], third["body"]) == ("Kratom Journal", "A check-in is due.")
    assert third["actions"] == [
        "default",
        "Unlock",
        "snooze-hour",
        "In 1 hour",
        "snooze-tomorrow",
        "Tomorrow",
    ]
    for secret in ("6.5", "Evening", "check-in is due." + " "):
        assert secret not in third["body"] + third["summary"]
    assert report["locked_window_title"] == "Kratom Journal (locked)"


def test_without_a_notification_service_the_tray_s_message_says_it(tmp_path: Path) -> None:
    report = run_session(tmp_path, "no-service")
    assert report["steps"] == ["fallback"]
    assert report["fallbacks"] == [
        [
            "daily-checkin",
            "Evening check-in",
            "Anything to log today? Open the journal to see today's entries and add what is missing.",
        ]
    ]
