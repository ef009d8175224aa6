"""No network, ever: every flow of the command line and the window runs without one network call.

A harness runs in a fresh interpreter. Its first act is `sys.addaudithook`,
before anything of the journal is imported: every Python-level socket that is
not AF_UNIX, every name lookup and every urllib/http/ftp/smtp connection is
recorded and refused. Sockets made in C++ (Qt) never reach the audit hook, so
the harness also lists the process's open sockets (/proc/self/fd) and looks
them up in the kernel's TCP, UDP and raw tables, once while the window is open
and once at the end. The window's single-instance QLocalServer is an AF_UNIX
socket made in C++: it is expected and is in none of those tables.

The window flow runs in a private session bus (`dbus-run-session`) with a small
notification server on it (tests/notification_server.py), and drives the tray and
the reminders too: the tray's menu, a preset logged from it, the reminder settings,
the autostart entry, a reminder sent as a notification over the bus and snoozed.
The bus is a Unix-domain socket, like the single-instance server.

Two positive controls run the same harness with a deliberate connection
attempt and with an open UDP socket, so a blind harness would fail here.
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

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
ROOT = Path(__file__).resolve().parents[2]

HARNESS = r'''
import sys

NETWORK_EVENTS = {
    "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
    "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect",
    "smtplib.connect", "imaplib.open", "poplib.connect", "nntplib.connect", "webbrowser.open",
}
AF_UNIX = 1  # socket.AF_UNIX on Linux; the socket module is not imported before the hook
violations = []


def _is_unix(event, args):
    if event == "socket.__new__":
        return args[1] == AF_UNIX
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        return getattr(args[0], "family", None) == AF_UNIX
    return False


def _hook(event, args):
    if event in NETWORK_EVENTS and not _is_unix(event, args):
        violations.append(f"{event} {args[1:]!r}"[:300])
        raise PermissionError(f"network use refused by the test harness: {event}")


mode, work = sys.argv[1], sys.argv[2]
if mode == "control-proc":  # made before the hook, as C++ code would: only /proc can see it
    import socket
    kept_open = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    kept_open.bind(("127.0.0.1", 0))
sys.addaudithook(_hook)

import json
import os
import re
import traceback
from datetime import date, timedelta
from pathlib import Path

work = Path(work)
report = {"violations": violations, "failures": [], "inet_sockets": [], "unix_sockets": [], "done": []}


def socket_inodes():
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        match = re.fullmatch(r"socket:\[(\d+)\]", target)
        if match:
            inodes.add(match[1])
    return inodes


def inet_sockets():
    """TCP, UDP and raw sockets among this process's open files (by inode)."""
    inodes = socket_inodes()
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6"):
        try:
            rows = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{table}: {row.strip()}")
    return found


def unix_paths():
    """Paths of the Unix-domain sockets this process has open: the scan sees sockets Qt made in C++."""
    inodes = socket_inodes()
    rows = Path("/proc/self/net/unix").read_text().splitlines()[1:]
    return [f[7] for f in map(str.split, rows) if len(f) > 7 and f[6] in inodes]


def flow(name, func):
    try:
        result = func()
        if result not in (None, 0):
            report["failures"].append(f"{name}: returned {result!r}")
        report["done"].append(name)
    except BaseException:  # noqa: BLE001 - recorded, and the test fails on it
        report["failures"].append(f"{name}: {traceback.format_exc()[-1500:]}")


def cli_flows():
    from journal import cli

    data, moved, demo = work / "data", work / "moved", work / "demo"

    def journal(*args, folder=data):
        return lambda: cli.main(["--data-dir", str(folder), *map(str, args)])

    today = date.today()
    flow("log intake", journal("log", "intake", "3.5"))
    flow("products add", journal("products", "add", "Red Bali", "--form", "capsules", "--capsule-g", "0.5"))
    flow("log intake caps", journal("log", "intake", "2", "caps", "--product", "Red Bali"))
    flow("log symptom", journal("log", "symptom", "nausea", "--severity", "2"))
    flow("log pain", journal("log", "pain", "6", "--peg", "6", "5", "7"))
    flow("break start", journal("break", "start", "--until", today + timedelta(days=7)))
    flow("break end", journal("break", "end"))
    flow("today", journal("today"))
    flow("export json", journal("export", "--format", "json", "-o", work / "journal.json"))
    flow("export csv", journal("export", "--format", "csv", "-o", work / "journal.zip"))
    flow("import", journal("import", work / "journal.json", "--yes", folder=moved))
    flow("report pdf", journal("report", "--from", today - timedelta(days=30), "--to", today,
                               "-o", work / "summary.pdf"))
    flow("demo", journal("demo", "--years", "0.3", folder=demo))
    return demo


def window_flow(folder):
    """The window as a person starts it (journal --data-dir DIR), driven once it is up."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from journal import cli

    app = QApplication([sys.argv[0]])

    def spin_until(condition, what):
        for _ in range(1200):  # a generous bound, not a timing: 60 s in 50 ms steps
            if condition():
                return
            QTest.qWait(50)
        raise AssertionError(f"gave up waiting for {what}")

    def drive():
        try:
            from journal.ui.main_window import MainWindow

            window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
            if window.dialog is not None:  # the first-run welcome
                window.dialog.accept()
            window.activateWindow()
            QTest.qWaitForWindowActive(window)
            for number in range(1, 7):
                QTest.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
                QTest.qWait(20)
                if window.pages.currentIndex() != number - 1:
                    raise AssertionError(f"Ctrl+{number} did not show page {number}")
                report["done"].append(f"window page {number}")
            if "matplotlib" not in sys.modules:
                raise AssertionError("the charts page did not load matplotlib")
            QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
            dialog = window.dialog
            if type(dialog).__name__ != "ReportDialog":
                raise AssertionError(f"Ctrl+P opened {dialog!r}")
            dialog.start_preview()
            spin_until(lambda: dialog.previewed_file is not None or dialog.error.isVisible(), "the preview")
            if dialog.error.isVisible():
                raise AssertionError(dialog.error.text())
            report["done"].append("clinician summary preview")
            dialog.reject()
            tray_and_reminders(window, spin_until)
            report["inet_sockets"] += inet_sockets()  # while the window, its server and Qt are up
            report["unix_sockets"] = unix_paths()
        except BaseException:  # noqa: BLE001
            report["failures"].append(f"window: {traceback.format_exc()[-1500:]}")
        finally:
            app.quit()

    QTimer.singleShot(0, drive)
    flow("window", lambda: cli.main(["--data-dir", str(folder)]))


def tray_and_reminders(window, spin_until):
    """The tray's menu, a preset from it, the reminder settings, autostart, a notification over the bus."""
    from datetime import datetime, timezone
    from PySide6.QtCore import QObject

    from journal.domain.reminders import Due, ReminderKind
    from journal.service import autostart
    from journal.ui import tasks
    from tests.notification_server import NotificationServer

    server = NotificationServer()
    server.start()
    try:
        presence = window.findChild(QObject, "tray-presence")
        presence.refresh()
        if not presence.preset_actions:
            raise AssertionError("the tray offers no preset")
        count = window.undo_stack.count()
        presence.preset_actions[0].trigger()
        spin_until(lambda: window.undo_stack.count() == count + 1, "the preset from the tray")
        presence.symptom_action.trigger()
        presence.dialog.reject()
        box = window.settings_page.reminders
        box.rows[ReminderKind.DAILY_CHECKIN].on.click()
        box.autostart.click()
        spin_until(lambda: not tasks.writes_pending(), "the reminder settings")
        if not window.journal.reminders.get(ReminderKind.DAILY_CHECKIN).on or not autostart.enabled():
            raise AssertionError("the reminder settings were not saved")
        presence.remind(Due(ReminderKind.DAILY_CHECKIN, datetime.now(timezone.utc)))
        # The preset logged from the tray said so first; then the reminder.
        spin_until(lambda: [r.summary for r in server.received][-1:] == ["Evening check-in"], "the reminder")
        presence.chosen(ReminderKind.DAILY_CHECKIN.value, "snooze-hour")
        spin_until(lambda: not tasks.writes_pending(), "the snooze")
        if window.journal.reminders.get(ReminderKind.DAILY_CHECKIN).snoozed_until is None:
            raise AssertionError("the snooze was not saved")
        report["done"].append("tray and reminders")
    finally:
        server.stop()


if mode == "flows":
    window_flow(cli_flows())
elif mode == "control-connect":
    import socket

    def attempt():
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1).close()
        except OSError:
            pass  # refused by the hook, or nobody listening: either way it was attempted

    flow("deliberate connection", attempt)
report["inet_sockets"] += inet_sockets()
(work / "report.json").write_text(json.dumps(report, indent=1))
sys.exit(0 if not (violations or report["failures"] or report["inet_sockets"]) else 1)
'''

CLI_FLOWS = [
    "log intake",
    "products add",
    "log intake caps",
    "log symptom",
    "log pain",
    "break start",
    "break end",
    "today",
    "export json",
    "export csv",
    "import",
    "report pdf",
    "demo",
]


def run_harness(tmp_path: Path, mode: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    script = tmp_path / "harness.py"
    script.write_text(HARNESS, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("DISPLAY", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])  # tests.notification_server
    session: list[str] = []
    if mode == "flows":  # a private session bus for the notifications (dbus-run-session sets its address)
        tool = shutil.which("dbus-run-session")
        if tool is None:
            pytest.fail("dbus-run-session is missing: install the Debian package dbus-daemon")
        session = [tool, "--"]
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(
        [*session, sys.executable, str(script), mode, str(work)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    report_file = work / "report.json"
    assert report_file.exists(), done.stderr[-3000:]
    return done, json.loads(report_file.read_text(encoding="utf-8"))


def test_every_flow_runs_without_the_network(tmp_path: Path) -> None:
    done, report = run_harness(tmp_path, "flows")
    assert report["violations"] == []
    assert report["inet_sockets"] == []
    assert report["failures"] == [], "\n".join(report["failures"])
    assert report["done"] == [
        *CLI_FLOWS,
        *(f"window page {n}" for n in range(1, 7)),
        "clinician summary preview",
        "tray and reminders",
        "window",
    ]
    assert (tmp_path / "work" / "summary.pdf").read_bytes().startswith(b"%PDF")
    # The scan does see sockets made in C++: the window's single-instance server (Qt binds it in a
    # private temporary folder, then moves it to its name), in the Unix table, not the TCP/UDP ones.
    assert report["unix_sockets"], "the /proc scan saw none of the window's sockets"
    assert done.returncode == 0, done.stderr[-3000:]


def test_control_the_harness_catches_a_connection_attempt(tmp_path: Path) -> None:
    done, report = run_harness(tmp_path, "control-connect")
    assert done.returncode == 1
    assert any(v.startswith("socket.getaddrinfo") for v in report["violations"]), report["violations"]


def test_control_the_harness_sees_a_socket_made_outside_python_s_view(tmp_path: Path) -> None:
    done, report = run_harness(tmp_path, "control-proc")
    assert done.returncode == 1
    assert report["violations"] == []  # made before the hook: only the /proc scan can see it
    assert any(s.startswith("udp: ") for s in report["inet_sockets"]), report["inet_sockets"]
