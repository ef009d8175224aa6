"""Text contrast worked out from the palette and the style sheets, as WCAG 2 defines it.

`text_pairs(root)` walks every visible widget that shows text and gives the
colour its text is drawn in and the colour under it: the palette role the widget
paints with in the look's palette (in the Disabled group when it is disabled), overridden by any
`color` or `background` its own or an ancestor's style sheet sets for it, with
translucent backgrounds blended over what lies beneath.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

MINIMUM = 4.5
_ROLE = QPalette.ColorRole
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_ROLES = {
    "window": _ROLE.Window,
    "window-text": _ROLE.WindowText,
    "base": _ROLE.Base,
    "text": _ROLE.Text,
    "button": _ROLE.Button,
    "button-text": _ROLE.ButtonText,
    "mid": _ROLE.Mid,
    "highlight": _ROLE.Highlight,
    "highlighted-text": _ROLE.HighlightedText,
    "link": _ROLE.Link,
}


@dataclass(frozen=True)
class Pair:
    widget: QWidget
    text: str
    fg: QColor
    bg: QColor

    @property
    def ratio(self) -> float:
        return ratio(self.fg, self.bg)

    def __str__(self) -> str:
        name = self.widget.accessibleName() or self.widget.objectName() or type(self.widget).__name__
        return f"{name!r} {self.text[:50]!r}: {self.fg.name()} on {self.bg.name()} = {self.ratio:.2f}:1"


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(top: QColor, under: QColor) -> QColor:
    """A translucent colour as seen over an opaque one."""
    a = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * a + under.redF() * (1 - a),
        top.greenF() * a + under.greenF() * (1 - a),
        top.blueF() * a + under.blueF() * (1 - a),
    )


def _colour(value: str, widget: QWidget, group: QPalette.ColorGroup) -> QColor | None:
    value = value.strip()
    found = re.fullmatch(r"palette\(([\w-]+)\)", value)
    if found:
        return widget.palette().color(group, _ROLES[found.group(1)])
    found = re.fullmatch(r"rgba\(([^)]*)\)", value)
    if found:
        r, g, b, a = (float(x) for x in found.group(1).split(","))
        return QColor.fromRgbF(r / 255, g / 255, b / 255, a)
    colour = QColor(value.split()[0])
    return colour if colour.isValid() else None


def _matches(selector: str, owner: QWidget, widget: QWidget, subcontrol: str | None) -> bool:
    """Whether a style sheet rule set on `owner` applies to `widget` (a simple reading: class,
    #name, :enabled/:disabled, ::subcontrol)."""
    selector = selector.strip()
    if not selector:
        return True
    for part in selector.split(","):
        part = part.strip()
        sub = None
        if "::" in part:
            part, sub = part.split("::", 1)
        if sub != subcontrol:
            continue
        states = part.split(":")
        name, states = states[0], states[1:]
        if "enabled" in states and not widget.isEnabled():
            continue
        if "disabled" in states and widget.isEnabled():
            continue
        if name.startswith("#"):
            if widget.objectName() == name[1:]:
                return True
        elif name == "" or widget.inherits(name):
            return True
    return False


def _declared(widget: QWidget, prop: str, subcontrol: str | None = None) -> list[tuple[QWidget, str]]:
    """The values `prop` is given for `widget` by its own and its ancestors' style sheets, nearest first."""
    out = []
    owner: QWidget | None = widget
    while owner is not None:
        for selector, body in _RULE.findall(owner.styleSheet()) or [("", owner.styleSheet())]:
            if not _matches(selector, owner, widget, subcontrol):
                continue
            for declaration in body.split(";"):
                key, _, value = declaration.partition(":")
                if key.strip() in prop.split("|") and value.strip():
                    out.append((owner, value))
        owner = owner.parentWidget()
    return out


def _roles(widget: QWidget) -> tuple[QPalette.ColorRole, QPalette.ColorRole]:
    if isinstance(widget, QPushButton) and not widget.isFlat():
        return _ROLE.ButtonText, _ROLE.Button
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QTextEdit)):
        return _ROLE.Text, _ROLE.Base
    return _ROLE.WindowText, _ROLE.Window


def colours(widget: QWidget, subcontrol: str | None = None) -> tuple[QColor, QColor]:
    """The text colour of `widget` and the opaque colour under it."""
    group = QPalette.ColorGroup.Normal if widget.isEnabled() else QPalette.ColorGroup.Disabled
    fg_role, bg_role = _roles(widget)
    # The look's palette, not the widget's: a style sheet writes its colours into the widget's
    # palette, translucent ones included, and they are applied below, over what lies beneath.
    look = QApplication.palette(widget)
    fg = look.color(group, fg_role)
    bg = look.color(group, bg_role)
    colour = next(
        (c for _, v in _declared(widget, "color", subcontrol) if (c := _colour(v, widget, group))), None
    )
    backgrounds = [
        c for _, v in _declared(widget, "background|background-color") if (c := _colour(v, widget, group))
    ]
    # A frame that paints its own background (a rule in its style sheet naming it) lies under its children.
    owner = widget.parentWidget()
    while owner is not None:
        for selector, body in _RULE.findall(owner.styleSheet()):
            if selector.strip() and _matches(selector, owner, owner, None):
                for declaration in body.split(";"):
                    key, _, value = declaration.partition(":")
                    wanted = key.strip() in ("background", "background-color") and value.strip()
                    if wanted and (c := _colour(value, owner, group)) is not None:
                        backgrounds.append(c)
        owner = owner.parentWidget()
    for layer in reversed(backgrounds):  # the farthest ancestor's first
        bg = blend(layer, bg) if layer.alpha() < 255 else layer
    if colour is not None:
        fg = blend(colour, bg) if colour.alpha() < 255 else colour
    return fg, bg


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text() if widget.pixmap().isNull() else ""
    if isinstance(widget, (QAbstractButton, QLineEdit)):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    return ""


def text_pairs(root: QWidget) -> Iterator[Pair]:
    """Every visible text under `root` (itself included) with its colours.

    Disabled controls are left out, as WCAG leaves out inactive parts of the
    interface; disabled labels are not: a label is only ever read.
    """
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if not widget.isEnabled() and not isinstance(widget, QLabel):
            continue
        if isinstance(widget, QGroupBox) and widget.title():
            fg, bg = colours(widget, "title")
            yield Pair(widget, widget.title(), fg, bg)
            continue
        if isinstance(widget, QTabBar):
            fg, bg = colours(widget)
            for i in range(widget.count()):
                yield Pair(widget, widget.tabText(i), fg, bg)
            continue
        text = _text(widget)
        if text.strip():
            fg, bg = colours(widget)
            yield Pair(widget, text, fg, bg)
        if isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
            group = QPalette.ColorGroup.Normal
            yield Pair(
                widget,
                widget.placeholderText(),
                widget.palette().color(group, _ROLE.PlaceholderText),
                widget.palette().color(group, _ROLE.Base),
            )
