"""A small freedesktop notification server for tests, on whatever session bus the process has.

It takes the name org.freedesktop.Notifications, answers GetCapabilities,
GetServerInformation, Notify and CloseNotification as the specification says
(with the declared signatures: Notify is "susssasa{sv}i" and returns a "u"),
records every notification it gets, and emits ActionInvoked and
NotificationClosed when a test asks it to, as a desktop does when a person
clicks a button. It runs in a thread of the test's process with its own
connection (jeepney, blocking I/O), and the test talks to it through methods.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import open_dbus_connection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@dataclass
class Received:
    """One Notify call as the server got it, with the signature it came with."""

    id: int
    signature: str
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    expire_timeout: int

    @property
    def action_keys(self) -> list[str]:
        return self.actions[0::2]

    @property
    def action_labels(self) -> list[str]:
        return self.actions[1::2]


@dataclass
class NotificationServer:
    """Start with `start()`; `received` fills as notifications arrive; `stop()` at the end."""

    capabilities: tuple[str, ...] = ("actions", "body")
    received: list[Received] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    _commands: queue.Queue[tuple[str, tuple[Any, ...]]] = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None
    _ready: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _next_id: int = 1
    error: BaseException | None = None

    def start(self, timeout: float = 10.0) -> None:
        self._thread = threading.Thread(target=self._run, name="notification-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"the notification server did not start: {self.error!r}")
        if self.error is not None:
            raise RuntimeError("the notification server did not start") from self.error

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def invoke(self, notification_id: int, key: str) -> None:
        """As if the person chose the button `key` (then the notification closes, reason 2)."""
        self._commands.put(("invoke", (notification_id, key)))

    def wait_for(self, count: int, timeout: float = 30.0, pump: Any = None) -> list[Received]:
        """Wait until `count` notifications arrived; `pump()` runs the caller's event loop meanwhile."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{len(self.received)} of {count} notifications arrived: {self.received}"
                )
            if pump is not None:
                pump()
            else:
                time.sleep(0.01)
        return self.received

    def _run(self) -> None:
        try:
            conn = open_dbus_connection("SESSION")
            reply = conn.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
            if reply.body != (1,):
                raise RuntimeError(f"could not take the name {SERVICE}: {reply.body}")
        except BaseException as err:
            self.error = err
            self._ready.set()
            return
        self._ready.set()
        emitter = DBusAddress(PATH, interface=SERVICE)
        with conn:
            while not self._stop.is_set():
                while not self._commands.empty():
                    command, args = self._commands.get()
                    if command == "invoke":
                        nid, key = args
                        conn.send(new_signal(emitter, "ActionInvoked", "us", (nid, key)))
                        conn.send(new_signal(emitter, "NotificationClosed", "uu", (nid, 2)))
                try:
                    msg = conn.receive(timeout=0.02)
                except TimeoutError:
                    continue
                if msg.header.message_type is MessageType.method_call:
                    conn.send(self._answer(msg))

    def _answer(self, msg: Any) -> Any:
        fields = msg.header.fields
        member = fields.get(HeaderFields.member)
        signature = fields.get(HeaderFields.signature, "")
        if member == "GetCapabilities":
            return new_method_return(msg, "as", (list(self.capabilities),))
        if member == "GetServerInformation":
            return new_method_return(msg, "ssss", ("test-server", "tests", "1", "1.2"))
        if member == "Notify" and signature == "susssasa{sv}i":
            app, replaces, icon, summary, body, actions, hints, timeout = msg.body
            nid = replaces or self._next_id
            if not replaces:
                self._next_id += 1
            plain_hints = {key: value for key, (_sig, value) in hints.items()}
            self.received.append(
                Received(
                    nid, signature, app, replaces, icon, summary, body, list(actions), plain_hints, timeout
                )
            )
            return new_method_return(msg, "u", (nid,))
        if member == "Notify":  # what a strict server (GNOME Shell, Plasma) does with a wrong signature
            return new_error(
                msg, "org.freedesktop.DBus.Error.InvalidArgs", "s", (f"bad signature {signature}",)
            )
        if member == "CloseNotification":
            self.closed.append(int(msg.body[0]))
            return new_method_return(msg)
        return new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",))
