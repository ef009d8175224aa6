"""What a screen reader and a keyboard meet: the accessibility tree's names, and the Tab order.

`unnamed(root)` walks the tree Qt hands to assistive technology (AT-SPI on Linux)
from `root` and lists every control a screen reader could not name. A control's
name is what the tree says, not `accessibleName()`: on Linux Qt gives a combo box
its current value as its name, whatever accessibleName says, and a screen reader
takes its label from the "labelled by" relation, which only a QLabel whose buddy
it is (or a titled group box, which names the group, not the control) provides.

`tab_chain(qtbot, start)` presses Tab from `start` as a person does and lists the
widgets that take the focus; `backwards(chain)` names each step that goes back up
or to the left instead of on in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

_R = QAccessible.Role
#: Controls a person operates: each needs a name of its own.
CONTROLS = {
    _R.Button,
    _R.CheckBox,
    _R.RadioButton,
    _R.ComboBox,
    _R.EditableText,
    _R.SpinBox,
    _R.Slider,
    _R.PageTab,
    _R.Link,
    _R.ButtonMenu,
    _R.ButtonDropDown,
    _R.Table,
    _R.List,
    _R.Tree,
}
#: Controls whose name Qt may give as their value: a label must name them.
VALUED = {_R.ComboBox, _R.SpinBox, _R.EditableText}
#: Their items and parts are named by what they hold.
LEAVES = {_R.ComboBox, _R.Table, _R.List, _R.Tree, _R.ScrollBar, _R.PageTabList}


@dataclass(frozen=True)
class Unnamed:
    role: str
    widget: str
    value: str
    path: str

    def __str__(self) -> str:
        return f"{self.role} {self.widget} (value {self.value!r}) at {self.path}"


def spoken_name(node: QAccessibleInterface) -> str:
    """The name a screen reader says: the tree's name, or the label that names the control.

    A name that is only the control's value does not count, nor a group box's title.
    """
    name = node.text(QAccessible.Text.Name).strip()
    value = node.text(QAccessible.Text.Value).strip()
    if name and not (node.role() in VALUED and name == value):
        return name
    for other, _relation in node.relations(QAccessible.RelationFlag.Label):
        if other.role() == _R.StaticText and (label := other.text(QAccessible.Text.Name).strip()):
            return label
    return ""


def unnamed(root: QWidget) -> list[Unnamed]:
    """Every visible control under `root` (itself included) that has no name to speak."""
    found: list[Unnamed] = []

    def walk(node: QAccessibleInterface | None, path: str) -> None:
        if node is None or not node.isValid() or node.state().invisible:
            return
        role = node.role()
        here = f"{path}/{node.text(QAccessible.Text.Name)[:30] or role.name}"
        if role in CONTROLS and not spoken_name(node):
            widget = node.object()
            found.append(
                Unnamed(
                    role.name,
                    type(widget).__name__ if widget is not None else "?",
                    node.text(QAccessible.Text.Value),
                    here,
                )
            )
        if role in LEAVES:
            return
        for index in range(node.childCount()):
            walk(node.child(index), here)

    walk(QAccessible.queryAccessibleInterface(root), "")
    return found


def tab_chain(qtbot: QtBot, start: QWidget, within: QWidget | None = None, limit: int = 200) -> list[QWidget]:
    """Focus `start`, then press Tab until the focus is back at `start` or leaves `within`."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    chain = [start]
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is None or now is start or (within is not None and not within.isAncestorOf(now)):
            return chain
        chain.append(now)
    raise AssertionError(f"Tab never came back to {start!r}")


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def backwards(chain: list[QWidget], slack: int = 4) -> list[str]:
    """The steps of `chain` that go against reading order.

    A step reads on when the next widget is below the last one, beside it to the
    right on the same line, in a column further right (a panel beside a form), or
    inside it (a scroll area's fields).
    """
    bad = []
    # Tab inside a date and time field moves through its parts: one stop for the order.
    stops = [w for i, w in enumerate(chain) if i == 0 or w is not chain[i - 1]]
    for before, after in pairwise(stops):
        if before.isAncestorOf(after):  # into a group or scroll area's fields
            continue
        a, b = _rect(before), _rect(after)
        below = b.top() >= a.bottom() - slack
        right = b.left() >= a.right() - slack
        same_line = b.top() < a.bottom() and b.bottom() > a.top()
        if not (below or right) or (same_line and b.left() < a.left()):
            bad.append(f"{_describe(before)} {a.getRect()} -> {_describe(after)} {b.getRect()}")
    return bad


def _describe(widget: QWidget) -> str:
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or widget.objectName()
    return f"{type(widget).__name__} {name!r}"
