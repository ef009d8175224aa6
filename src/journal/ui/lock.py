"""Locking the window: on demand (Ctrl+L) or after a while without use, the journal is hidden.

While locked the window shows only a lock screen: the pages are swapped out,
open dialogs are hidden, every action but Quit is disabled and the title and
status bar say nothing about the journal. A journal with a passphrase asks for
it to unlock; one without offers a button, and says a passphrase would make
unlocking ask for it. Locking also drops the journal's key and closes its
connections; unlocking derives the key again from the passphrase typed. Idle
time is measured by an application-wide event filter that restarts a timer on
every key and mouse input.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.widgets.fields import error_label

#: Minutes become timer milliseconds here, in one place (tests shorten it).
MS_PER_MINUTE = 60_000
#: After the second wrong passphrase in a row, input pauses this long per extra try...
RETRY_DELAY_MS = 1000
#: ...up to this much.
MAX_RETRY_DELAY_MS = 5000
WRONG_PASSPHRASE = "That passphrase is not right."
LOCKED_TITLE = "Kratom Journal (locked)"
#: "Lock the journal after … minutes without use": the choices offered in Settings.
LOCK_CHOICES: tuple[int | None, ...] = (None, 1, 5, 15, 30, 60)

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


def lock_choice_text(minutes: int | None) -> str:
    if minutes is None:
        return "Never"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class IdleTimer(QObject):
    """Emits `idle` after the set number of minutes without keyboard or mouse input in the app."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # Precise: a coarse timer may shift its deadline by 5%, and a restart should mean "full time again".
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.idle)
        self.minutes: int | None = None
        self._paused = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int | None) -> None:
        """Apply a new setting at once; None turns idle locking off."""
        self.minutes = minutes
        self._restart()

    def pause(self) -> None:
        self._paused = True
        self.timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._restart()

    def _restart(self) -> None:
        if self.minutes is None or self._paused:
            self.timer.stop()
        else:
            self.timer.start(self.minutes * MS_PER_MINUTE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Cheap for every other event: one set lookup, and only while the timer runs.
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        return False


class LockScreen(QWidget):
    """What a locked window shows: a passphrase field, or a button when there is no passphrase."""

    unlocked = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setAccessibleName("Journal locked")
        self.failures = 0

        heading = QLabel("<h2>The journal is locked</h2>")
        heading.setAccessibleName("The journal is locked")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setToolTip("Type the journal's passphrase and press Enter")
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setMinimumWidth(260)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock the journal")
        self.unlock_button.setToolTip("Unlock with the passphrase (Enter)")
        self.error = error_label("Passphrase problem")
        self.ask = QWidget()
        ask_column = QVBoxLayout(self.ask)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.passphrase)
        ask_row.addWidget(self.unlock_button)
        ask_column.addWidget(_centred_label("Type your passphrase to show the journal again.", "Unlock help"))
        ask_column.addLayout(ask_row)
        ask_column.addWidget(self.error)

        self.show_button = QPushButton("&Show journal")
        self.show_button.setAccessibleName("Show journal")
        self.show_button.setToolTip("Show the journal again (Enter)")
        self.offer = QWidget()
        offer_column = QVBoxLayout(self.offer)
        offer_column.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignHCenter)
        offer_column.addWidget(
            _centred_label(
                "Anyone at this computer can show it again. Set a passphrase in Settings "
                "and unlocking will ask for it.",
                "Passphrase hint",
            )
        )

        content = QWidget()
        content.setMaximumWidth(480)
        column = QVBoxLayout(content)
        column.addWidget(heading)
        column.addWidget(
            _centred_label("Nothing of your journal is shown until it is unlocked.", "Lock explanation")
        )
        column.addWidget(self.ask)
        column.addWidget(self.offer)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(content, 3)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.timeout.connect(self._accept_input)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.show_button.clicked.connect(self.try_unlock)

    @property
    def asks_passphrase(self) -> bool:
        return not self.ask.isHidden()

    def prepare(self) -> None:
        """Fresh for a new lock: asks for the passphrase only if the journal has one (now)."""
        encrypted = self.journal.encrypted
        self.ask.setVisible(encrypted)
        self.offer.setVisible(not encrypted)
        self.passphrase.clear()
        self.error.hide()
        self.failures = 0
        self._pause.stop()
        self._accept_input()

    def focus(self) -> None:
        target = self.passphrase if self.asks_passphrase else self.show_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> bool:
        """Unlock if the passphrase is right (or there is none); otherwise say so and slow down."""
        if not self.asks_passphrase:
            self.unlocked.emit()
            return True
        if self._pause.isActive():
            return False
        attempt = self.passphrase.text()
        self.passphrase.clear()
        if self.journal.unlock(attempt):
            self.failures = 0
            self.error.hide()
            self.unlocked.emit()
            return True
        self.failures += 1
        self.error.setText(f"⚠ {WRONG_PASSPHRASE}")
        self.error.show()
        self.passphrase.setAccessibleDescription(WRONG_PASSPHRASE)
        if self.failures >= 2:
            self.passphrase.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self._pause.start(min(RETRY_DELAY_MS * (self.failures - 1), MAX_RETRY_DELAY_MS))
        return False

    def _accept_input(self) -> None:
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        if self.isVisible() and self.asks_passphrase:
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.asks_passphrase:
            self.try_unlock()
            return
        super().keyPressEvent(event)


class WindowLock(QObject):
    """Puts a lock screen in front of a main window's journal view and takes it away again.

    It becomes the window's central widget (a stack of the journal view and the
    lock screen). `keep` are the actions that stay usable while locked (Quit).
    """

    locked_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, view: QWidget, journal: Journal, keep: Iterable[QAction] = ()
    ) -> None:
        super().__init__(window)
        self.window = window
        self.journal = journal
        self.view = view
        self.keep = set(keep)
        self.screen = LockScreen(journal)
        self.body = QStackedWidget()
        self.body.addWidget(view)
        self.body.addWidget(self.screen)
        window.setCentralWidget(self.body)
        self.idle = IdleTimer(self)
        self.idle.idle.connect(self.lock)
        self.screen.unlocked.connect(self.unlock)
        self._disabled: list[QAction] = []
        self._hidden: list[QDialog] = []
        self._title = ""
        self._focus: QWidget | None = None
        self._status_shown = False
        self._waiting = False

    @property
    def locked(self) -> bool:
        return self.body.currentWidget() is self.screen

    def keep_action(self, action: QAction) -> None:
        self.keep.add(action)

    def lock(self) -> None:
        """Hide everything of the journal until `unlock`.

        A save under way is written, and its form told, first: the lock drops the
        journal's key, and a form must not come back showing a save as still running.
        """
        if self.locked or self._waiting:
            return
        self._waiting = True
        tasks.after_writes(self._lock_now)

    def _lock_now(self) -> None:
        self._waiting = False
        if self.locked:
            return
        app = QApplication.instance()
        focus = app.focusWidget() if isinstance(app, QApplication) else None
        self._focus = focus if focus is not None and self.view.isAncestorOf(focus) else None
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        self._hide_dialogs()
        self._disable_actions()
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(LOCKED_TITLE)
        self._status_shown = self.window.statusBar().isVisible()
        self.window.statusBar().hide()
        self.idle.pause()
        self.journal.lock()  # the key goes; nothing reads the journal until it is unlocked
        self.screen.prepare()
        self.body.setCurrentWidget(self.screen)
        self.view.setEnabled(False)
        self.screen.focus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if not self.locked:
            return
        self.view.setEnabled(True)
        self.body.setCurrentWidget(self.view)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled.clear()
        self.window.setWindowTitle(self._title)
        self.window.statusBar().setVisible(self._status_shown)
        for dialog in self._hidden:
            dialog.show()
        self._hidden.clear()
        if self._focus is not None:
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle.resume()
        self.locked_changed.emit(False)

    def _hide_dialogs(self) -> None:
        """Dialogs opened alongside the window are hidden and come back; modal questions are cancelled."""
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or not widget.isVisible():
                continue
            if widget.windowModality() == Qt.WindowModality.ApplicationModal:
                widget.reject()  # a question waiting in its own event loop: answering "no" is safe
            else:
                widget.hide()
                self._hidden.append(widget)

    def _disable_actions(self) -> None:
        actions = list(self.window.actions())
        for menu in self.window.menuBar().findChildren(QMenu):
            entries = menu.actions()
            actions.extend(entries)
            if not self.keep.intersection(entries):  # a menu with nothing usable is greyed out whole
                actions.append(menu.menuAction())
        for action in dict.fromkeys(actions):
            if action not in self.keep and action.isEnabled() and not action.isSeparator():
                action.setEnabled(False)
                self._disabled.append(action)


def _centred_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName(name)
    return label
