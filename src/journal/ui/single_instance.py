"""One window per journal: a second start brings the first window forward and touches nothing.

The first window holds the folder's `InstanceLock` for its whole life and
listens on a `QLocalServer`: a Unix-domain socket (a named pipe on Windows),
never a network socket, open to this user only. A second start that cannot
take the lock connects, sends "raise", waits for "raised", prints one line and
exits 0 before the journal file is opened. If the lock is held and nobody
answers in time (another program holds it, or the window is stuck), it says so
and exits 1.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDir, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from journal.service.instance import InstanceLock

REQUEST = b"raise\n"
ANSWER = b"raised\n"
ANSWER_WAIT_MS = 1500
RETRY_S = 0.05
MAX_LINE = 64
ALREADY_OPEN = "The journal is already open; its window was brought forward."
OPEN_ELSEWHERE = "The journal is open in another window or program"
EXIT_OPEN_ELSEWHERE = 1


def server_name(folder: Path) -> str:
    """The server's name for one folder and one user: the same in every start, private to the user.

    It sits in $XDG_RUNTIME_DIR (a folder only the user can enter) when there
    is one, else in Qt's temporary folder.
    """
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{Path(folder).resolve()}".encode()).hexdigest()[:24]
    name = f"kratom-journal-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform != "win32" and runtime and Path(runtime).is_dir():
        return str(Path(runtime) / name)
    return name


def server_path(folder: Path) -> Path:
    """Where the socket file is on POSIX (what QLocalServer makes of the name)."""
    name = server_name(folder)
    return Path(name) if name.startswith("/") else Path(QDir.tempPath()) / name


class InstanceServer(QObject):
    """Answers "raise" from a later start by bringing this process's windows forward."""

    raise_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Listen, first removing a socket file a killed window left (we hold the lock: it is stale)."""
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(partial(self._read, sock))
            sock.disconnected.connect(sock.deleteLater)
            QTimer.singleShot(4 * ANSWER_WAIT_MS, sock, sock.abort)  # a client that never speaks
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > MAX_LINE:
                sock.abort()
            return
        line = bytes(sock.readLine(MAX_LINE + 1).data())
        if line == REQUEST:
            self.bring_forward()
            sock.write(ANSWER)
            sock.flush()
        sock.disconnectFromServer()

    def bring_forward(self) -> list[QWidget]:
        """Show, un-minimise, raise and activate the main window (or, before it exists, any dialog)."""
        self.raise_requested.emit()
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible() or w.isMinimized()]
        targets: list[QWidget] = [w for w in tops if isinstance(w, QMainWindow)] or tops
        modal = QApplication.activeModalWidget()
        if modal is not None and modal not in targets:
            targets.append(modal)  # last, so a dialog stays above its window
        for widget in targets:
            if widget.isMinimized():
                state = widget.windowState() & ~Qt.WindowState.WindowMinimized
                widget.setWindowState(state | Qt.WindowState.WindowActive)
            widget.show()
            widget.raise_()
            widget.activateWindow()
        return targets


class SingleInstance:
    """What the first window keeps until it quits: the folder's lock and the listening server."""

    def __init__(self, lock: InstanceLock, server: InstanceServer) -> None:
        self.lock = lock
        self.server = server

    def close(self) -> None:
        self.server.close()
        self.lock.release()


def ask_to_raise(folder: Path, timeout_ms: int = ANSWER_WAIT_MS) -> bool:
    """Ask the window on `folder` to come forward; True once it answered that it did."""
    deadline = time.monotonic() + timeout_ms / 1000
    sock = QLocalSocket()
    try:
        sock.connectToServer(server_name(folder))
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(REQUEST)
        sock.flush()
        while not sock.canReadLine():
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not sock.waitForReadyRead(left):
                return False
        return bytes(sock.readLine(MAX_LINE + 1).data()) == ANSWER
    finally:
        sock.abort()


def claim(folder: Path, wait_ms: int = ANSWER_WAIT_MS) -> SingleInstance | int:
    """Take the folder for this window, or hand over to the window that has it.

    Returns the held claim, or the exit status once the other window came
    forward (0) or did not answer within `wait_ms` (1). The journal file is
    never opened here. A lock taken only for a moment (the command line
    asking whether the window is open) is retried until the time is up.
    """
    lock = InstanceLock(folder)
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        try:
            taken = lock.acquire()
        except OSError as err:
            reason = err.strerror or str(err)
            _tell("The journal cannot be opened", f"cannot use the data folder {folder}: {reason}")
            return EXIT_OPEN_ELSEWHERE
        if taken:
            server = InstanceServer(folder, QApplication.instance())
            if not server.listen():  # the window still works; a second start will only report it
                print(
                    f"journal: a second start will not find this window: {server.server.errorString()}",
                    file=sys.stderr,
                )
            return SingleInstance(lock, server)
        left = int((deadline - time.monotonic()) * 1000)
        if ask_to_raise(folder, max(left, 1)):
            print(ALREADY_OPEN, flush=True)
            return 0
        if time.monotonic() >= deadline:
            break
        time.sleep(RETRY_S)
    _tell(
        "The journal is already open",
        f"{OPEN_ELSEWHERE} (it holds {lock.path}). Close it, then start the journal again.",
    )
    return EXIT_OPEN_ELSEWHERE


def _tell(title: str, message: str) -> None:
    """One line on stderr, and a message box where someone can see it (not on offscreen Qt)."""
    print(f"journal: {message}", file=sys.stderr, flush=True)
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.warning(None, title, message)
