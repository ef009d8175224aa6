"""The evening check-in: "Anything to log today?", today's entries, and a button for each kind to add.

Opened by the evening reminder (its notification, or the tray's menu). It
saves nothing itself: each button opens the form that does (the Log page,
the symptom or pain check-in), and the list shows what was added once it is
saved (`reload`, called by whoever opened it after each change).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from journal.domain.errors import JournalLocked
from journal.service.daily import DayEntry, entries_today
from journal.service.journal import Journal
from journal.ui.widgets.entry_table import page_button

TITLE = "Anything to log today?"


class DailyCheckin(QDialog):
    """Today's entries, oldest first, and buttons to add an intake, symptoms or pain."""

    log_intake_requested = Signal()
    symptoms_requested = Signal()
    pain_requested = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle("Evening check-in")
        self.setAccessibleName("Evening check-in")
        self.setMinimumWidth(460)
        heading = QLabel(f"<h3>{escape(TITLE)}</h3>")
        heading.setAccessibleName(TITLE)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What is logged today")
        self.entries = QListWidget()
        self.entries.setAccessibleName("Today's entries")
        self.entries.setToolTip("Everything logged today, oldest first")
        buttons = QHBoxLayout()
        self.intake_button = page_button("Log an &intake…", "Open the Log page to add an intake")
        self.symptom_button = page_button("&Symptom check-in…", "Rate symptoms")
        self.pain_button = page_button("&Pain check-in…", "Pain, PEG and mood")
        self.intake_button.clicked.connect(self.log_intake_requested)
        self.symptom_button.clicked.connect(self.symptoms_requested)
        self.pain_button.clicked.connect(self.pain_requested)
        for button in (self.intake_button, self.symptom_button, self.pain_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox()
        self.done_button = close.addButton("&Nothing more to add", QDialogButtonBox.ButtonRole.AcceptRole)
        assert self.done_button is not None
        self.done_button.setAccessibleName("Nothing more to add")
        self.done_button.setToolTip("Close the evening check-in (Escape)")
        close.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.entries, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> list[DayEntry]:
        """Read today's entries again (after a form saved, or at the minute)."""
        try:
            rows = entries_today(self.journal)
        except JournalLocked:
            return []
        self.entries.clear()
        for row in rows:
            self.entries.addItem(f"{row.at.local:%H:%M}  {row.text}")
        self.summary.setText(
            "Nothing logged today yet. Add what you took and how you felt, even roughly: "
            "a rough entry is better than a gap."
            if not rows
            else "Logged today, below. Anything missing? Add it now; the time can be set to when it happened."
        )
        return rows
