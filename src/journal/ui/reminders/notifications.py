"""Desktop notifications through the freedesktop notification service, else the caller's fallback.

The service (`org.freedesktop.Notifications` on the session bus) shows a
notification with buttons and says which one was chosen (`ActionInvoked`).
It is reached with jeepney, a small pure-Python D-Bus library, not QtDBus:
PySide6's QtDBus sends every Python int as a signed 32-bit 'i' and has no
way to send the unsigned 'u' that `Notify` declares for `replaces_id`
(PyQt has `QDBusArgument.add(value, type)`; PySide6 does not), and strict
services (GNOME Shell's, Plasma's) refuse the call. With jeepney the
signature is written out. Its socket is read through a `QSocketNotifier`,
so replies and signals arrive in Qt's event loop: no thread, no second
event loop.

Only a Unix-domain socket is ever opened: jeepney knows no other transport,
so a bus address naming TCP is never used (nothing here touches the
network). The connection is opened at the first notification, not at start,
and when it fails (no session bus, no notification service) notifications go
to `fallback` instead (the tray's own message); the service is tried again at
a notification a minute or more later, since a journal started with the
desktop can come up before the desktop's notification service does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from time import monotonic
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from journal.ui.icon import APP_ID

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Kratom Journal"
#: How long a synchronous call at connection time may take (seconds): the bus answers in milliseconds.
CONNECT_TIMEOUT_S = 2.0
#: After a failed connection, how long notifications go straight to the fallback (seconds).
RETRY_AFTER_S = 60.0
#: The key the service sends when the notification itself is clicked.
DEFAULT_ACTION = "default"


def bus_address() -> str | None:
    """The session bus's address: $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus (as libdbus)."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


@dataclass
class _Sent:
    tag: str
    title: str
    body: str


@dataclass
class _Link:
    """An open connection and what is waiting on it."""

    conn: Any
    watcher: QSocketNotifier
    markup: bool
    actions: bool
    pending: dict[int, _Sent] = field(default_factory=dict)


class Notifier(QObject):
    """Shows notifications, each under a tag; a newer one with the same tag replaces the older."""

    #: (tag, action key) when the person chose a button ("default": clicked the notification).
    action = Signal(str, str)
    #: (tag, title, body) of a notification the service could not show: show it another way.
    fallback = Signal(str, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._link: _Link | None = None
        #: None until the first try; then whether the service could be reached.
        self.available: bool | None = None
        self._failed_at = 0.0  # monotonic() of the last failed try
        self._ids: dict[str, int] = {}
        self._tags: dict[int, str] = {}
        #: Every notification sent, as (tag, title, body), for the window's own record and tests.
        self.sent: list[tuple[str, str, str]] = []

    @property
    def supports_actions(self) -> bool:
        """Whether the service shows buttons (False until connected, or without a service)."""
        return self._link is not None and self._link.actions

    def show(self, tag: str, title: str, body: str, actions: Sequence[tuple[str, str]] = ()) -> None:
        """Show a notification (replacing the last one of `tag`); `actions` are (key, label) pairs."""
        link = self._connect()
        if link is None:
            self.fallback.emit(tag, title, body)
            return
        from jeepney import DBusAddress, new_method_call

        flat = [part for pair in actions for part in pair]
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1), "category": ("s", "reminder")}
        text = escape(body, quote=False) if link.markup else body
        message = new_method_call(
            DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE),
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, self._ids.get(tag, 0), APP_ID, title, text, flat, hints, -1),
        )
        serial = next(link.conn.outgoing_serial)
        try:
            link.conn.send(message, serial=serial)
        except OSError:
            self._drop()
            self.fallback.emit(tag, title, body)
            return
        link.pending[serial] = _Sent(tag, title, body)
        self.sent.append((tag, title, body))

    def withdraw(self, tag: str) -> None:
        """Close the notification of `tag`, if one is showing."""
        nid = self._ids.pop(tag, None)
        if nid is None or self._link is None:
            return
        self._tags.pop(nid, None)
        from jeepney import DBusAddress, new_method_call

        call = new_method_call(
            DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE), "CloseNotification", "u", (nid,)
        )
        try:
            self._link.conn.send(call)
        except OSError:
            self._drop()

    def close(self) -> None:
        self._drop()

    # -- the connection -------------------------------------------------------------------

    def _connect(self) -> _Link | None:
        if self._link is not None:
            return self._link
        if self.available is False and monotonic() - self._failed_at < RETRY_AFTER_S:
            return None
        self._link = self._open()
        self.available = self._link is not None
        if self._link is None:
            self._failed_at = monotonic()
        return self._link

    def _open(self) -> _Link | None:
        address = bus_address()
        if address is None:
            return None
        try:
            from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
            from jeepney.io.blocking import open_dbus_connection

            conn = open_dbus_connection(address, auth_timeout=CONNECT_TIMEOUT_S)
        except Exception as err:  # no bus, no Unix transport in the address, refused
            log.info("no session bus for notifications: %s", err)
            return None
        try:
            for member in ("ActionInvoked", "NotificationClosed"):
                rule = MatchRule(type="signal", interface=SERVICE, member=member, path=PATH)
                conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=CONNECT_TIMEOUT_S)
            caps = conn.send_and_get_reply(
                new_method_call(DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE), "GetCapabilities"),
                timeout=CONNECT_TIMEOUT_S,
            )
            from jeepney import MessageType

            if caps.header.message_type is not MessageType.method_return:
                raise LookupError(f"the notification service is not there: {caps.body}")
            names = set(caps.body[0]) if caps.body else set()
        except Exception as err:
            log.info("no notification service: %s", err)
            conn.close()
            return None
        watcher = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        watcher.activated.connect(self._read)
        return _Link(conn, watcher, "body-markup" in names, "actions" in names)

    def _drop(self) -> None:
        link, self._link = self._link, None
        if link is None:
            return
        link.watcher.setEnabled(False)
        link.watcher.deleteLater()
        link.conn.close()

    def _read(self, *_args: object) -> None:
        """Everything the bus sent: replies to Notify (its id) and the service's signals."""
        from jeepney import HeaderFields, MessageType

        link = self._link
        while link is not None and link is self._link:
            try:
                msg = link.conn.receive(timeout=0)
            except TimeoutError:
                return
            except (OSError, ValueError) as err:  # the bus went away, or sent nonsense
                log.info("the session bus connection ended: %s", err)
                lost = list(link.pending.values())
                self._drop()
                self.available = None  # try again next time
                for sent in lost:
                    self.fallback.emit(sent.tag, sent.title, sent.body)
                return
            fields = msg.header.fields
            kind = msg.header.message_type
            if kind in (MessageType.method_return, MessageType.error):
                answered = link.pending.pop(fields.get(HeaderFields.reply_serial, -1), None)
                if answered is None:
                    continue
                if kind is MessageType.error or not msg.body:
                    self.fallback.emit(answered.tag, answered.title, answered.body)
                    continue
                nid = int(msg.body[0])
                old = self._ids.get(answered.tag)
                if old is not None:
                    self._tags.pop(old, None)
                self._ids[answered.tag] = nid
                self._tags[nid] = answered.tag
            elif kind is MessageType.signal and fields.get(HeaderFields.interface) == SERVICE:
                member = fields.get(HeaderFields.member)
                if member == "ActionInvoked" and len(msg.body) == 2:
                    tag = self._tags.get(int(msg.body[0]))
                    if tag is not None:
                        self.action.emit(tag, str(msg.body[1]))
                elif member == "NotificationClosed" and msg.body:
                    tag = self._tags.pop(int(msg.body[0]), None)
                    if tag is not None and self._ids.get(tag) == int(msg.body[0]):
                        del self._ids[tag]
