"""A page's heading: every page starts with its name, as Today, Products and Settings do."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel


def page_heading(title: str) -> QLabel:
    heading = QLabel(f"<h2>{escape(title)}</h2>")
    heading.setAccessibleName(f"{title} heading")
    return heading
