"""Pieces every form shares: messages next to their field, buddies, time fields, a grid, an hour box."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import (
    Citation,
    Finding,
    Level,
)
from journal.domain.errors import InvalidInput, WriteFailed
from journal.domain.times import Fold, Moment, check_not_future, resolve_local

if TYPE_CHECKING:  # types only: the start's passphrase dialog uses these helpers before the rest loads
    from journal.service.journal import Journal

ERROR_STYLE = "color: palette(text); background: rgba(213, 94, 0, 0.15); padding: 2px 4px;"


def error_label(name: str) -> QLabel:
    """A message shown next to its field: the words say what is wrong, not only a colour."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName(name)
    label.hide()
    return label


def form_rows(layout: QFormLayout, rows: Iterable[tuple[str, QWidget, str]]) -> dict[str, QLabel]:
    """Add (label, field, key) rows, each keyed one with its message line under it; the lines by key."""
    errors: dict[str, QLabel] = {}
    for label, widget, key in rows:
        layout.addRow(label, widget)
        if key:
            error = error_label(f"{label.replace('&', '')} problem")
            layout.addRow("", error)
            errors[key] = error
    return errors


def _show(label: QLabel, message: str) -> None:
    label.setText(f"⚠ {message}")
    label.setToolTip(message)
    label.show()


def named(widget: QWidget, name: str, tip: str) -> QWidget:
    """`widget` with the name a screen reader says and the tip shown on hover."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


def local_action(
    owner: QWidget, text: str, keys: list[QKeySequence], slot: Callable[[], object], tip: str = ""
) -> QAction:
    """An action of `owner` whose shortcuts work while the focus is in it; its tip names the first key."""
    action = QAction(text, owner)
    action.setShortcuts(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(f"{tip or text} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose Alt shortcut moves focus to `widget`."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def show_error(label: QLabel, message: str) -> None:
    """The shared message next to a field, then the dialog grows to fit it."""
    _show(label, message)
    window = label.window()
    if isinstance(window, QDialog):
        fit_height(window)


def show_write_failed(status: QLabel, err: WriteFailed) -> None:
    """A save the disk refused, said where the person pressed Save.

    Nothing is cleared: every field keeps its text, so saving again once there
    is space (or the folder is writable) needs no retyping.
    """
    status.setWordWrap(True)
    status.setText(f"⚠ {err}")
    status.show()
    window = status.window()
    if isinstance(window, QDialog):
        fit_height(window)


def say_refused(err: BaseException, status: QLabel, at_field: Callable[[InvalidInput], None]) -> None:
    """A save the journal refused, said where it belongs; any other error is raised again.

    WriteFailed goes in the status line where Save was pressed, InvalidInput (and
    NeedsConfirmation) to `at_field`, which shows it next to the field concerned.
    """
    if isinstance(err, WriteFailed):
        show_write_failed(status, err)
    elif isinstance(err, InvalidInput):
        at_field(err)
    else:
        raise err


class FieldGrid(QGridLayout):
    """Labels on the left, fields on the right, like QFormLayout.

    A grid rather than QFormLayout because QFormLayout sizes a wrapped message by
    its size hint, not its height at the real width: short messages became tall
    boxes and longer ones were clipped.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setColumnStretch(1, 1)

    def addRow(self, label: str | QWidget, field: QWidget | QLayout | None = None) -> None:
        row = self.rowCount() if self.count() else 0
        if field is None:
            assert isinstance(label, QWidget)
            self.addWidget(label, row, 0, 1, 2)
            return
        # No widget for an empty label: an empty QLabel would keep a hidden message's row open.
        caption = (QLabel(label) if label else None) if isinstance(label, str) else label
        if caption is not None:
            caption.setContentsMargins(0, 4, 0, 0)  # level with the text of a one-line field
            self.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QLayout):
            self.addLayout(field, row, 1)
        elif isinstance(field, QCheckBox):
            # As wide as its text, so a click beside it does not tick it (nor miss it).
            self.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft)
        else:
            self.addWidget(field, row, 1)


def note_edit(name: str, placeholder: str, tip: str, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tip)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    return edit


def set_tab_order(widgets: list[QWidget]) -> None:
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def resize_on_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to `width` x `height`, or less on a smaller screen: at 1024x600 no button runs off it.

    Room is left for the window's frame and title bar; never below the window's minimum size.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))


def fit_height(dialog: QDialog) -> None:
    """Grow a dialog so wrapped text (messages, questions) is never clipped at its width.

    The screen's height is the ceiling. (Qt's height-for-width undercounts wrapped
    labels nested in a form row's grid, so such labels carry their own line breaks.)
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    need = (
        layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    )
    screen = dialog.screen()
    if screen is not None:
        need = min(need, screen.availableGeometry().height())
    dialog.setMinimumHeight(need)
    if dialog.height() < need:
        dialog.resize(width, need)


def citation_finding(rule_id: str, message: str, citations: tuple[Citation, ...], basis: str) -> Finding:
    """A Finding carrying a rule's citations, so SourceDialog can show the passage."""
    return Finding(Level.NOTICE, rule_id, message, basis, citations)


def qdatetime(local: datetime) -> QDateTime:
    """A local wall-clock time for a date-time field, to the minute."""
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def datetime_edit(name: str) -> QDateTimeEdit:
    """A date and time to the minute, with a calendar to pick the day from."""
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setAccessibleName(name)
    return edit


def later_fold_box() -> QCheckBox:
    """Shown only for an hour that happened twice (the clocks went back): which one is meant."""
    box = QCheckBox("The second time (after the clocks went back)")
    box.setAccessibleName("Second occurrence of a repeated hour")
    box.setToolTip("This hour happened twice; tick if you mean the second time")
    box.hide()
    return box


def typed_moment(edit: QDateTimeEdit, zone: str, later_fold: QCheckBox) -> Moment:
    """The time typed in `edit`, read in `zone`.

    An hour that happened twice shows `later_fold`, whose tick says which of the
    two is meant; an hour that never happened raises InvalidInput("time").
    """
    typed = edit.dateTime().toPython()
    assert isinstance(typed, datetime)
    naive = typed.replace(second=0, microsecond=0)
    try:
        resolve_local(naive, zone, Fold.ASK)
        later_fold.hide()
    except InvalidInput as err:
        if "twice" not in err.message:
            raise
        later_fold.show()
    return resolve_local(naive, zone, Fold.LATER if later_fold.isChecked() else Fold.EARLIER)


class TimeField(QWidget):
    """When something happened: now by default, back-dated by editing; the future is refused.

    Until the person edits it, the time is read from the journal's clock when
    asked, so a dialog left open for a while still saves "now".
    """

    def __init__(self, journal: Journal, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.touched = False
        self.edit = datetime_edit(name)
        self.edit.setToolTip(
            f"{name}: now unless you change it. Change it to record something earlier; "
            "times in the future are refused."
        )
        self.now_button = QPushButton("Now")
        self.now_button.setAccessibleName("Set time to now")
        self.now_button.setToolTip("Set the time back to now")
        self.later_fold = later_fold_box()
        self.error = error_label(f"{name} problem")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.edit.setMinimumWidth(170)
        row.addWidget(self.edit)
        row.addWidget(self.now_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.later_fold)
        layout.addWidget(self.error)

        self.edit.dateTimeChanged.connect(self._changed)
        self.later_fold.toggled.connect(self.error.hide)
        self.now_button.clicked.connect(self.set_now)
        self.set_now()

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit, self.now_button, self.later_fold]

    def set_now(self) -> None:
        self.edit.blockSignals(True)
        self.edit.setDateTime(qdatetime(self.journal.now().local))
        self.edit.blockSignals(False)
        self.touched = False
        self.later_fold.hide()
        self.error.hide()

    def _changed(self) -> None:
        """Check the time as it is edited: a future or skipped time is said at once, and a
        repeated hour (clocks going back) offers the choice of which one."""
        self.touched = True
        self.error.hide()
        try:
            self.moment()
        except InvalidInput as err:
            self.show_error(err.message)

    def moment(self) -> Moment:
        """The time shown, as a Moment; raises InvalidInput("time") for a future or impossible time."""
        if not self.touched:
            return self.journal.now()
        at = typed_moment(self.edit, self.journal.zone, self.later_fold)
        check_not_future(at, self.journal.clock())
        return at

    def show_error(self, message: str) -> None:
        show_error(self.error, message)


class HourSpinBox(QSpinBox):
    """An hour of the day shown as "04:00"; typing "4", "04" or "04:00" all work."""

    _TYPED = re.compile(r"\s*(\d{0,2})\s*(?::\s*0{0,2})?\s*")

    def textFromValue(self, value: int) -> str:
        return f"{value:02d}:00"

    def valueFromText(self, text: str) -> int:
        match = self._TYPED.fullmatch(text)
        if match is None or not match[1]:
            return self.value()
        return int(match[1])

    def validate(self, text: str, pos: int) -> object:
        match = self._TYPED.fullmatch(text)
        if match is None:
            return QValidator.State.Invalid, text, pos
        if not match[1]:
            return QValidator.State.Intermediate, text, pos
        hour = int(match[1])
        if hour > self.maximum():
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos
