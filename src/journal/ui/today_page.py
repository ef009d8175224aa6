"""Today: time since the last dose, today's and the rolling 24-hour total, breaks, latest check-ins."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from journal.domain.amounts import format_g
from journal.service import Journal, Today
from journal.ui.text import duration


class TodayPage(QWidget):
    """A calm summary of where things stand right now."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setAccessibleName("Today heading")
        layout.addWidget(self.heading)
        self.empty = QLabel(
            "<p>No intakes yet. Log your first one on the <b>Log</b> page (Ctrl+2): type the "
            "amount and press Enter.</p><p>Everything you log stays on this computer.</p>"
        )
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Getting started")
        layout.addWidget(self.empty)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        rows = [
            ("since", "Since the last dose"),
            ("today", "Today's total"),
            ("rolling", "Rolling 24-hour total"),
            ("break", "Break"),
            ("pain", "Latest pain check-in"),
            ("symptoms", "Symptoms this week"),
        ]
        for row, (key, title) in enumerate(rows):
            name = QLabel(f"<b>{title}</b>")
            value = QLabel()
            value.setWordWrap(True)
            value.setAccessibleName(title)
            name.setBuddy(value)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        box = QFrame()
        box.setLayout(grid)
        layout.addWidget(box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> Today:
        today = self.journal.today()
        upper = self.journal.guidance.upper
        self.heading.setText(f"<h2>Today, {self.journal.now().local:%A %d %B}</h2>")
        self.empty.setVisible(today.last_intake is None)
        since = today.since_last
        self.values["since"].setText("No intakes logged yet" if since is None else f"{duration(since)} ago")
        est = " (includes estimates)"
        self.values["today"].setText(format_g(today.today_mg) + (est if today.today_estimate else ""))
        rolling = format_g(today.rolling_mg) + (est if today.rolling_estimate else "")
        if today.rolling_mg > upper.high_mg:
            rolling += f" — above the cited upper limit of {upper.range_text}"
        elif today.rolling_mg > upper.low_mg:
            rolling += f" — within the cited upper limit of {upper.range_text}, past its lower end"
        else:
            rolling += f" (cited upper limit {upper.range_text})"
        self.values["rolling"].setText(rolling)
        self.values["break"].setText(_break_text(today))
        pain = today.latest_pain
        self.values["pain"].setText(
            "None in the last 30 days"
            if pain is None
            else f"Pain {pain.pain_now}/10"
            + (f", PEG {pain.peg_score}" if pain.peg else "")
            + (f", mood {pain.mood}/10" if pain.mood is not None else "")
            + f" — {pain.at.local:%a %d %b %H:%M}"
        )
        names = {t.key: t.label for t in self.journal.store.symptom_types()}
        self.values["symptoms"].setText(
            "None logged this week"
            if not today.latest_symptoms
            else "<br>".join(
                f"{escape(names.get(s.type_key, s.type_key))}: {s.severity.word} ({s.at.local:%a %H:%M})"
                for s in today.latest_symptoms
            )
        )
        return today


def _break_text(today: Today) -> str:
    day = today.break_day
    if day is not None:
        n, planned = day
        return f"Day {n} of {planned}" if planned else f"Day {n} (no goal date)"
    free = today.streaks.current_dose_free
    if today.last_intake is None:
        return "No break running"
    return (
        f"No break running; {free} dose-free day{'s' if free != 1 else ''} in a row"
        if free
        else "No break running"
    )
