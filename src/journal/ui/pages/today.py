"""Today: time since the last dose, today's and the rolling 24-hour total, breaks,
the latest check-ins, and quick actions to log more."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
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
from journal.domain.stash import RATE_DAYS, ProductStash
from journal.domain.withdrawal import trend_text
from journal.service.journal import Journal
from journal.service.taper import PlanDay
from journal.service.today import Today
from journal.ui.tasks import SAVE_DELAY_MS, BusyIndicator
from journal.ui.text import ago
from journal.ui.widgets.band_bar import BandBar
from journal.ui.widgets.day_bars import DayBars

BREAK_CHECKIN = ("cravings", "withdrawal")


class TodayPage(QWidget):
    """A calm summary of where things stand right now, with quick actions."""

    log_intake_requested = Signal()
    preset_clicked = Signal(object)
    symptoms_requested = Signal(tuple)
    pain_requested = Signal()
    withdrawal_requested = Signal()
    break_requested = Signal()
    plan_requested = Signal()
    #: A figure's link: the page that explains it ("history", "charts", "settings", "sources").
    explain_requested = Signal(str)

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

        # -- where things stand: the gauge and the last 30 days side by side, then the figures --
        upper = journal.guidance.upper
        self.values: dict[str, QLabel] = {}
        self.links: dict[str, QPushButton] = {}
        self.band = BandBar(upper.low_mg, upper.high_mg)
        self.band_words = QLabel()
        self.band_words.setWordWrap(True)
        self.band_words.setAccessibleName("The cited band")
        gauge = self._tile(
            "rolling",
            "Rolling 24-hour total",
            "sources",
            "The cited limit: Sources",
            self.band,
            self.band_words,
        )
        self.bars = DayBars(upper.low_mg, upper.high_mg)
        month = self._tile("month", "The last 30 days", "charts", "Every day: Charts", self.bars)
        top = QHBoxLayout()
        top.addWidget(gauge, 3)
        top.addWidget(month, 2)
        layout.addLayout(top)

        grid = QGridLayout()
        tiles = [
            ("since", "Since the last dose", "history", "Your intakes: History"),
            ("today", "Today's total", "history", "Today's intakes: History"),
            ("over", "Days over the cited limit", "sources", "The cited limit: Sources"),
            ("break", "Break", "settings", "Your break plan: Settings"),
            ("pain", "Latest pain check-in", "charts", "Pain over time: Charts"),
            ("symptoms", "Symptoms changed this week", "history", "Every rating: History"),
        ]
        for i, (key, title, page, link) in enumerate(tiles):
            grid.addWidget(self._tile(key, title, page, link), i // 3, i % 3)
        # Only during a break: the scored withdrawal check-ins since it began.
        self.withdrawal_tile = self._tile(
            "withdrawal", "Withdrawal (SOWS) this break", "charts", "The totals over time: Charts"
        )
        grid.addWidget(self.withdrawal_tile, 2, 0, 1, 3)
        # Only while a plan runs: today's planned amount and what is left of it (the person's own).
        self.plan_button = _button("Your plan…", "Set, pause, resume or end your taper plan (Ctrl+Shift+T)")
        self.plan_button.clicked.connect(self.plan_requested)
        self.plan_tile = self._tile(
            "plan",
            "Your plan today (your own, not guidance)",
            "charts",
            "Every day: Charts",
            action=self.plan_button,
        )
        grid.addWidget(self.plan_tile, 3, 0, 1, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)

        actions = QGroupBox("Quick actions")
        self.actions_layout = QVBoxLayout(actions)
        # Tight, so Today with a plan running still fits 1024x600 without scrolling.
        self.actions_layout.setContentsMargins(8, 2, 8, 4)
        self.actions_layout.setSpacing(4)
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
        # Only when a product's stash is forecast to run out within a week (Stash page, Ctrl+9): beside
        # the buttons, so the page keeps its height at 1024x600.
        self.stash_line = QLabel()
        self.stash_line.setWordWrap(True)
        self.stash_line.setAccessibleName("Stash running low")
        self.stash_line.hide()
        row1.addWidget(self.stash_line, 2)
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
        self.values["since"].setText(_since_text(today))
        est = " (includes estimates)"
        self.values["today"].setText(format_g(today.today_mg) + (est if today.today_estimate else ""))
        rolling = format_g(today.rolling_mg) + (est if today.rolling_estimate else "")
        if today.rolling_mg > upper.high_mg:
            rolling += " — above the cited upper limit"
        elif today.rolling_mg > upper.low_mg:
            rolling += " — within the cited upper limit, past its lower end"
        else:
            rolling += " — below the cited upper limit"
        self.values["rolling"].setText(rolling)
        self.band.set_value(today.rolling_mg)
        self.band_words.setText(
            f"Hatched: the {self.band.band_text()} (a cited range, not a personal limit); "
            "the mark shows where you are now."
        )
        self.bars.set_days(today.last_30)
        used = sum(1 for _, mg in today.last_30 if mg)
        self.values["month"].setText(
            f"{used} of {len(today.last_30)} days with intakes; dashed lines: the cited {upper.range_text}"
        )
        self.values["over"].setText(
            f"{_days(today.days_over_week)} in the last 7 days, "
            f"{_days(today.days_over_month)} in the last 30 (a 24-hour total over {format_g(upper.low_mg)})"
        )
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
        self.withdrawal_tile.setVisible(running)
        self.values["withdrawal"].setText(_withdrawal_text(today))
        plan_day = self.journal.taper.day()
        self.plan_tile.setVisible(plan_day is not None)
        if plan_day is not None:
            self.values["plan"].setText(plan_text(plan_day))
        self.values["pain"].setText(_pain_text(today))
        names = {t.key: t.label for t in self.journal.entries.symptom_types()}
        self.values["symptoms"].setText(_changes_text(today, names))
        self._refresh_presets()
        low = self.journal.stash.running_out()
        self.stash_line.setVisible(bool(low))
        self.stash_line.setText(stash_low_text(low))
        return today

    def _tile(
        self, key: str, title: str, page: str, link: str, *extra: QWidget, action: QWidget | None = None
    ) -> QFrame:
        """A figure with its title and a link to the page that explains it.

        With `action`, the link and the action sit on the title's line: a row less, so Today with
        a plan running still fits 1024x600.
        """
        tile = QFrame()
        tile.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(tile)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(2)
        name = QLabel(f"<b>{escape(title)}</b>")
        value = QLabel()
        value.setWordWrap(True)
        value.setAccessibleName(title)
        value.setTextFormat(Qt.TextFormat.RichText if key == "symptoms" else Qt.TextFormat.PlainText)
        name.setBuddy(value)
        button = QPushButton(f"{link} ›")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(f"What “{title}” means, and the detail behind it")
        button.setAccessibleName(f"{title}: open {page.capitalize()}")
        button.setStyleSheet("QPushButton { text-align: left; padding: 0 2px; text-decoration: underline; }")
        button.clicked.connect(lambda _=False, p=page: self.explain_requested.emit(p))
        self.links[key] = button
        self.values[key] = value
        line = QHBoxLayout()
        line.addWidget(name if action is not None else button)
        line.addStretch(1)
        if action is not None:
            line.addWidget(button)
            line.addWidget(action)
            column.addLayout(line)
            column.addWidget(value)
            column.addStretch(1)
            return tile
        column.addWidget(name)
        column.addWidget(value)
        for widget in extra:
            column.addWidget(widget)
        column.addStretch(1)
        column.addLayout(line)
        return tile

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


def stash_low_text(low: list[ProductStash]) -> str:
    """ "Red Bali: about 4 days left at your last 14 days' rate (Stash, Ctrl+9)"."""
    left = "; ".join(f"{s.name}: {s.forecast.left_text()}" for s in low)
    return f"{left} at your last {RATE_DAYS} days' rate (Stash, Ctrl+9)"


def plan_text(day: PlanDay) -> str:
    """ "7.5 g planned · 3 g taken · 4.5 g left" (or how far over), with the plan in words."""
    taken = f"{format_g(day.planned_mg)} planned · {format_g(day.taken_mg)} taken · "
    rest = f"over your plan by {format_g(day.over_mg)}" if day.over_mg else f"{format_g(day.left_mg)} left"
    paused = " (paused)" if day.plan.paused else ""
    return f"{taken}{rest}. Your plan: {day.plan.describe()}{paused}."


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


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _since_text(today: Today) -> str:
    since = today.since_last
    if since is None:
        return "No intakes logged yet"
    full = today.full_dose_free_days
    streak = f"; dose-free for {_days(full)} before today" if full else ""
    return f"{ago(since)}{streak}"


def _break_text(today: Today) -> str:
    day = today.break_day
    if day is not None:
        n, planned = day
        return f"Break: day {n} of {planned}" if planned else f"Break: day {n} (no goal date)"
    return "No break running"


def _pain_text(today: Today) -> str:
    pain = today.latest_pain
    if pain is None:
        return "None in the last 30 days"
    text = (
        f"Pain {pain.pain_now}/10"
        + (f", PEG {pain.peg_score}" if pain.peg else "")
        + (f", mood {pain.mood}/10" if pain.mood is not None else "")
        + f" — {pain.at.local:%a %d %b %H:%M}"
    )
    first = today.first_pain
    if first is not None:
        change = pain.pain_now - first.pain_now
        moved = "no change" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change)}"
        text += f"\nPain {moved} since {first.at.local:%d %b} ({first.pain_now}/10)"
        if pain.peg_score is not None and first.peg_score is not None:
            text += f", PEG {first.peg_score} then"
    return text


def _changes_text(today: Today, names: dict[str, str]) -> str:
    if not today.symptom_changes:
        return "No rating changed this week"
    rows = []
    for before, latest in today.symptom_changes[:4]:
        label = names.get(latest.type_key, latest.type_key)
        area = f" ({latest.body_area})" if latest.body_area else ""
        was = before.severity.word if before is not None else "not rated"
        rows.append(f"{escape(label)}{escape(area)}: {was} → <b>{latest.severity.word}</b>")
    more = len(today.symptom_changes) - 4
    if more > 0:
        rows.append(f"and {more} more")
    return "<br>".join(rows)
