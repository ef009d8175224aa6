"""Today: time since the last dose, today's and the rolling 24-hour total, breaks,
the latest check-ins, and quick actions to log more."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_g
from journal.domain.withdrawal import trend_text
from journal.service.journal import Journal
from journal.service.today import Today
from journal.ui.tasks import SAVE_DELAY_MS, BusyIndicator
from journal.ui.text import duration
from journal.ui.widgets.band_bar import BandBar

BREAK_CHECKIN = ("cravings", "withdrawal")


class TodayPage(QWidget):
    """A calm summary of where things stand right now, with quick actions."""

    log_intake_requested = Signal()
    preset_clicked = Signal(object)
    symptoms_requested = Signal(tuple)
    pain_requested = Signal()
    withdrawal_requested = Signal()
    break_requested = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setAccessibleName("Today heading")
        layout.addWidget(self.heading)
        self.empty = QLabel(
            "<p>No intakes yet. Press <b>Log intake</b> (Ctrl+N), type the amount and press "
            "Enter. Add your products on the Products page so capsules convert to grams.</p>"
            "<p>Everything you log stays on this computer.</p>"
        )
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Getting started")
        layout.addWidget(self.empty)

        self.break_invite = QFrame()
        self.break_invite.setFrameShape(QFrame.Shape.StyledPanel)
        invite = QHBoxLayout(self.break_invite)
        self.break_invite_text = QLabel()
        self.break_invite_text.setWordWrap(True)
        invite_button = _button("Check in on cravings and withdrawal", "Rate cravings and withdrawal now")
        invite_button.clicked.connect(lambda: self.symptoms_requested.emit(BREAK_CHECKIN))
        self.sows_button = _button(
            "Withdrawal check-in (SOWS)…",
            "Score withdrawal on the Subjective Opiate Withdrawal Scale: 16 statements, 0 to 4 each "
            "(Ctrl+Shift+W)",
        )
        self.sows_button.clicked.connect(self.withdrawal_requested)
        invite.addWidget(self.break_invite_text, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(invite_button)
        buttons.addWidget(self.sows_button)
        invite.addLayout(buttons)
        layout.addWidget(self.break_invite)

        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        rows = [
            ("since", "Since the last dose"),
            ("today", "Today's total"),
            ("rolling", "Rolling 24-hour total"),
            ("break", "Break"),
            ("pain", "Latest pain check-in"),
            ("withdrawal", "Withdrawal (SOWS) this break"),
            ("symptoms", "Symptoms this week"),
        ]
        upper = journal.guidance.upper
        self.band = BandBar(upper.low_mg, upper.high_mg)
        for row, (key, title) in enumerate(rows):
            name = QLabel(f"<b>{title}</b>")
            value = QLabel()
            value.setWordWrap(True)
            value.setAccessibleName(title)
            name.setBuddy(value)
            grid.addWidget(name, row * 2, 0)
            grid.addWidget(value, row * 2, 1)
            self.values[key] = value
            self.names[key] = name
            if key == "rolling":
                grid.addWidget(self.band, row * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        summary = QGroupBox("Where things stand")
        summary.setLayout(grid)
        layout.addWidget(summary)

        actions = QGroupBox("Quick actions")
        self.actions_layout = QVBoxLayout(actions)
        row1 = QHBoxLayout()
        self.log_button = _button("Log intake…", "Log an intake (Ctrl+N)")
        self.symptom_button = _button("Symptom check-in…", "Rate symptoms (Ctrl+Shift+S)")
        self.pain_button = _button("Pain check-in…", "Pain, PEG and mood (Ctrl+Shift+K)")
        self.break_button = _button("Start a break…", "Start or end a break (Ctrl+B)")
        self.log_button.clicked.connect(self.log_intake_requested)
        self.symptom_button.clicked.connect(lambda: self.symptoms_requested.emit(()))
        self.pain_button.clicked.connect(self.pain_requested)
        self.break_button.clicked.connect(self.break_requested)
        for button in (self.log_button, self.symptom_button, self.pain_button, self.break_button):
            row1.addWidget(button)
        row1.addStretch(1)
        self.actions_layout.addLayout(row1)
        self.presets_row = QHBoxLayout()
        self.actions_layout.addLayout(self.presets_row)
        self.preset_buttons: list[QPushButton] = []
        #: Shows a preset being logged when that takes a while (the main window runs it).
        self.busy = BusyIndicator(delay_ms=SAVE_DELAY_MS)
        self.actions_layout.addWidget(self.busy)
        layout.addWidget(actions)
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
        self.band.set_value(today.rolling_mg)
        self.values["break"].setText(_break_text(today))
        running = today.running_break is not None
        self.break_button.setText("End the break…" if running else "Start a break…")
        self.break_invite.setVisible(running)
        if running:
            scored = (
                "The withdrawal scale is scored for today."
                if today.withdrawal_today
                else "Today's withdrawal scale (SOWS) is not scored yet."
            )
            self.break_invite_text.setText(
                f"{_break_text(today)}. How are cravings and withdrawal today? A quick check-in "
                f"helps you and your clinician see how the break goes. {scored}"
            )
        sows = "Withdrawal check-in (SOWS)…" if today.withdrawal_due else "Another withdrawal check-in…"
        self.sows_button.setText(sows)
        self.sows_button.setAccessibleName(sows.rstrip("…"))
        self.sows_button.setDefault(today.withdrawal_due)
        for part in (self.names["withdrawal"], self.values["withdrawal"]):
            part.setVisible(running)
        self.values["withdrawal"].setText(_withdrawal_text(today))
        pain = today.latest_pain
        self.values["pain"].setText(
            "None in the last 30 days"
            if pain is None
            else f"Pain {pain.pain_now}/10"
            + (f", PEG {pain.peg_score}" if pain.peg else "")
            + (f", mood {pain.mood}/10" if pain.mood is not None else "")
            + f" — {pain.at.local:%a %d %b %H:%M}"
        )
        names = {t.key: t.label for t in self.journal.entries.symptom_types()}
        rated = today.latest_symptoms
        self.values["symptoms"].setText(
            "None rated above “none” this week"
            if not rated
            else "<br>".join(
                f"{escape(names.get(s.type_key, s.type_key))}: {s.severity.word} ({s.at.local:%a %H:%M})"
                for s in rated
            )
        )
        self._refresh_presets()
        return today

    def quick_actions(self) -> list[QPushButton]:
        """The buttons that log or open a form: they wait while a preset is being logged."""
        return [
            self.log_button,
            self.symptom_button,
            self.pain_button,
            self.sows_button,
            self.break_button,
            *self.preset_buttons,
        ]

    def _refresh_presets(self) -> None:
        while self.presets_row.count():
            item = self.presets_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater only acts once control returns to the event loop
                widget.deleteLater()
        self.preset_buttons = []
        for preset in self.journal.presets():
            button = _button(
                f"Log {preset.label} now", f"Log your usual {preset.label} with the time now, in one click"
            )
            button.clicked.connect(lambda _=False, p=preset: self.preset_clicked.emit(p))
            self.presets_row.addWidget(button)
            self.preset_buttons.append(button)
        if self.preset_buttons:
            self.presets_row.addStretch(1)


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(text.rstrip("…"))
    return button


def _withdrawal_text(today: Today) -> str:
    """The break's SOWS totals, oldest first: numbers only (no cited source bands them)."""
    scores = today.break_withdrawal
    if not scores:
        return "Not scored yet this break"
    last = scores[-1]
    many = len(scores) != 1
    trend = trend_text(scores)
    return (
        f"{trend}; latest {last.at.local:%a %d %b %H:%M}. {len(scores)} check-in{'s' if many else ''} "
        f"this break{', the latest five shown' if len(scores) > 5 else ''}."
    )


def _break_text(today: Today) -> str:
    day = today.break_day
    if day is not None:
        n, planned = day
        return f"Break: day {n} of {planned}" if planned else f"Break: day {n} (no goal date)"
    # Today is not over, so only the days before it count as dose-free days.
    free = today.streaks.current_dose_free - 1
    if today.last_intake is None or free < 1:
        return "No break running"
    return f"No break running; {free} full dose-free day{'s' if free != 1 else ''} before today"
