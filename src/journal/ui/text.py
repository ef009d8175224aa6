"""Words and small formatting helpers shared by the pages."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from pathlib import Path

from journal import resources
from journal.domain.entities import Citation, Level

LEVEL_WORD = {Level.NOTICE: "Notice", Level.CAUTION: "Caution", Level.WARNING: "Warning"}
#: Shapes as well as colours, so the level never rests on colour alone.
LEVEL_MARK = {Level.NOTICE: "ℹ", Level.CAUTION: "△", Level.WARNING: "⚠"}


def duration(delta: timedelta) -> str:
    """'3 h 20 min', '2 days 4 h', or 'just now'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


def ago(delta: timedelta) -> str:
    """'3 h 20 min ago', or 'just now' (never 'just now ago')."""
    text = duration(delta)
    return text if text == "just now" else f"{text} ago"


def home_path(path: Path) -> str:
    """A path as people write it: '~/.local/share/kratom-journal' under the home folder, else in full."""
    try:
        inside = path.relative_to(Path.home())
    except ValueError:
        return str(path)
    return str(Path("~") / inside)


def citation_html(citation: Citation) -> str:
    """A quoted passage with its file and section, for the source dialog."""
    return (
        f"<blockquote><i>“{escape(citation.quote)}”</i></blockquote>"
        f"<p><b>Section:</b> {escape(citation.section)}<br>"
        f"<b>Source:</b> {escape(resources.sources().name(citation.file))}</p>"
    )
