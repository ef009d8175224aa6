"""The look: follow the system, or a light or dark Fusion palette. Pure Qt."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

SYSTEM = "system"
LIGHT = "light"
DARK = "dark"
THEMES = (SYSTEM, LIGHT, DARK)
THEME_LABELS = {SYSTEM: "Follow the system", LIGHT: "Light", DARK: "Dark"}

_ROLE = QPalette.ColorRole
_GROUP = QPalette.ColorGroup

#: The style the application had before the journal changed it, keyed by the
#: application object, so "system" can put it back.
_original_style: dict[int, str] = {}

# Contrast ratios (WCAG) are noted for text on its background.
_DARK = {
    # Fields (Base) are a step lighter than the window so their edges show.
    _ROLE.Window: "#202020",
    _ROLE.WindowText: "#f0f0f0",  # 15.1:1
    _ROLE.Base: "#2d2d2d",
    _ROLE.AlternateBase: "#353535",
    _ROLE.Text: "#f0f0f0",  # 12.3:1
    _ROLE.PlaceholderText: "#a8a8a8",  # 6.2:1 on Base
    _ROLE.Button: "#3a3a3a",
    _ROLE.ButtonText: "#f0f0f0",  # 10.6:1
    _ROLE.BrightText: "#ff8a80",
    _ROLE.ToolTipBase: "#3a3a3a",
    _ROLE.ToolTipText: "#f0f0f0",
    _ROLE.Highlight: "#2f65ca",
    _ROLE.HighlightedText: "#ffffff",  # 5.6:1
    _ROLE.Link: "#8ab4f8",  # 6.9:1 on Base
    _ROLE.LinkVisited: "#c58af9",
    _ROLE.Light: "#5a5a5a",
    _ROLE.Midlight: "#484848",
    _ROLE.Mid: "#333333",
    _ROLE.Dark: "#141414",
    _ROLE.Shadow: "#000000",
}
_DARK_DISABLED = {
    _ROLE.WindowText: "#9a9a9a",  # 5.5:1: dimmed, still readable
    _ROLE.Text: "#9a9a9a",
    _ROLE.ButtonText: "#9a9a9a",
    _ROLE.Button: "#2c2c2c",
    _ROLE.Base: "#262626",
    _ROLE.Highlight: "#4a4a4a",
    _ROLE.HighlightedText: "#d0d0d0",
}
_LIGHT = {
    _ROLE.Window: "#efefef",
    _ROLE.WindowText: "#000000",
    _ROLE.Base: "#ffffff",
    _ROLE.AlternateBase: "#f5f5f5",
    _ROLE.Text: "#000000",
    _ROLE.PlaceholderText: "#6e6e6e",  # 5.1:1 on Base
    _ROLE.Button: "#efefef",
    _ROLE.ButtonText: "#000000",
    _ROLE.BrightText: "#ffffff",
    _ROLE.ToolTipBase: "#ffffdc",
    _ROLE.ToolTipText: "#000000",
    _ROLE.Highlight: "#1f6fbf",
    _ROLE.HighlightedText: "#ffffff",  # 5.3:1
    _ROLE.Link: "#0b57d0",
    _ROLE.LinkVisited: "#6b2fb3",
    _ROLE.Light: "#ffffff",
    _ROLE.Midlight: "#e3e3e3",
    _ROLE.Mid: "#a0a0a0",
    _ROLE.Dark: "#9f9f9f",
    _ROLE.Shadow: "#767676",
}
_LIGHT_DISABLED = {
    _ROLE.WindowText: "#666666",  # 5.0:1 on Window
    _ROLE.Text: "#666666",
    _ROLE.ButtonText: "#666666",
    _ROLE.Base: "#efefef",
    _ROLE.Highlight: "#c8c8c8",
    _ROLE.HighlightedText: "#000000",
}


def palette(theme: str) -> QPalette:
    """The explicit palette for "light" or "dark"."""
    if theme not in (LIGHT, DARK):
        raise ValueError(f"no explicit palette for theme {theme!r}")
    colours, disabled = (_DARK, _DARK_DISABLED) if theme == DARK else (_LIGHT, _LIGHT_DISABLED)
    pal = QPalette()
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role, colour in disabled.items():
        pal.setColor(_GROUP.Disabled, role, QColor(colour))
    return pal


class OutlinedFusion(QProxyStyle):
    """Fusion, with check box and radio button edges drawn in a contrasting colour.

    Fusion outlines them in a shade darker than the window, which all but
    vanishes on a dark window; here the edge is drawn in the text colour at
    reduced strength, so it stands out at 3:1 or more on light and dark alike.
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in (_RADIO, _CHECK):
            return
        edge = QColor(option.palette.color(_ROLE.WindowText))
        edge.setAlphaF(0.6 if option.state & QStyle.StateFlag.State_Enabled else 0.35)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(edge, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(1.0, 1.0, -1.0, -1.0)
        if element == _RADIO:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 1.5, 1.5)
        painter.restore()


_RADIO = QStyle.PrimitiveElement.PE_IndicatorRadioButton
_CHECK = QStyle.PrimitiveElement.PE_IndicatorCheckBox


def apply_theme(app: QApplication, theme: str) -> None:
    """Follow the system ("system"), or use Fusion with a light or dark palette.

    "system" puts back the style the application started with and drops the
    explicit palette, so Qt's own palette for the platform (and its light or
    dark setting) applies again. An unknown theme name is treated as "system".
    """
    style_name = _original_style.setdefault(id(app), app.style().name())
    hints = QGuiApplication.styleHints()
    if theme in (LIGHT, DARK):
        if hasattr(hints, "setColorScheme"):  # Qt 6.8+: tell native parts too
            hints.setColorScheme(Qt.ColorScheme.Dark if theme == DARK else Qt.ColorScheme.Light)
        if not isinstance(app.style(), OutlinedFusion):
            app.setStyle(OutlinedFusion())
        app.setPalette(palette(theme))
        return
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
    if isinstance(app.style(), OutlinedFusion) or app.style().name().lower() != style_name.lower():
        style = QStyleFactory.create(style_name)
        if style is not None:
            app.setStyle(style)
    # An empty palette (no roles set) resets the application to the default one.
    app.setPalette(QPalette())


def current_window_colour(app: QApplication) -> QColor:
    """The window background colour now in use (for checks and tests)."""
    return app.palette().color(_ROLE.Window)
