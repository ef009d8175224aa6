"""Settings: when a day starts, your personal limits, starting or restarting, your break plan, the data
folder, the look.

Everything is checked when you save. A problem is shown at its field, the text
you typed stays, and nothing is saved until every field is right; then all of
it is saved at once, in the journal file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.domain.amounts import format_amount, parse_amount
from journal.domain.entities import Settings
from journal.domain.errors import InvalidInput
from journal.paths import sync_warning
from journal.service.journal import Journal
from journal.ui.dialogs.delete_data import DeleteDataDialog
from journal.ui.dialogs.safety import SafetyBox
from journal.ui.lock import LOCK_CHOICES, lock_choice_text
from journal.ui.tasks import SAVE_DELAY_MS, BusyIndicator, Task
from journal.ui.theme import DARK, LIGHT, SYSTEM, THEME_LABELS, THEMES, apply_theme
from journal.ui.widgets.fields import HourSpinBox, buddy, error_label, say_refused
from journal.ui.widgets.folder_warning import FolderWarning
from journal.ui.widgets.reminder_settings import ReminderSettings

PERSONAL_NOTE = "your personal limit — set by you or your clinician, not from the sources"
MAX_BREAK_DAYS = 365
#: A red frame that sets the "Delete all my data" area apart from everything else; the red is
#: darker on a light window and lighter on a dark one, so the title reads at 4.5:1 on both.
DANGER_BOX_STYLE = (
    "QGroupBox {{ border: 1px solid {0}; border-radius: 4px; margin-top: 1.4em; padding-top: 0.4em; }}"
    "QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {0}; }}"
)


class DangerBox(QGroupBox):
    """The "Delete all my data" frame, its red following the look."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self._restyle()

    def _restyle(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        style = DANGER_BOX_STYLE.format("#ff8a80" if dark else "#b3261e")
        if style != self.styleSheet():  # a style sheet set again would change the palette again
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()


def _open_url(url: QUrl) -> bool:
    """Hand a URL to the desktop (a seam so tests need not open a file manager)."""
    return QDesktopServices.openUrl(url)


class SettingsPage(QWidget):
    """The person's own choices, saved in the journal file. Emits `changed(Settings)` on save."""

    changed = Signal(object)
    #: The person deleted all their data (the DeleteDataDialog, still open, is passed):
    #: the journal is closed and the window must close when that dialog does.
    data_erased = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setAccessibleName("Settings")
        guidance = journal.guidance

        # -- the day --------------------------------------------------------
        self.day_start = HourSpinBox()
        self.day_start.setRange(0, 12)
        self.day_start.setMaximumWidth(120)
        self.day_start.setAccessibleName("A day starts at")
        self.day_start.setToolTip(
            "The hour a new day starts, 00:00 (midnight) to 12:00 (noon). "
            "Intakes before it count towards the previous day."
        )
        self.day_start_help = _help("Day start explanation")
        day_box = QGroupBox("When a day starts")
        day_form = QFormLayout(day_box)
        day_form.addRow(buddy("A &day starts at", self.day_start), self.day_start)
        day_form.addRow(self.day_start_help)

        # -- personal limits ----------------------------------------------------
        self.intake_limit = _grams_field(
            "Your personal limit per intake, in grams",
            "Your personal limit for one intake, in grams of leaf. Leave empty for none. "
            "Set by you or your clinician; it is not from the sources.",
        )
        self.intake_limit_error = error_label("Problem with the limit per intake")
        self.daily_limit = _grams_field(
            "Your personal limit per 24 hours, in grams",
            "Your personal limit for any 24 hours (a rolling window), in grams of leaf. "
            "Leave empty for none. Set by you or your clinician; it is not from the sources.",
        )
        self.daily_limit_error = error_label("Problem with the limit per 24 hours")
        limits_box = QGroupBox("Your personal limits")
        limits_box.setAccessibleName("Your personal limits")
        limits_form = QFormLayout(limits_box)
        limits_form.addRow(_help("Personal limits note", f"<i>{PERSONAL_NOTE.capitalize()}.</i>"))
        limits_form.addRow(buddy("Per &intake", self.intake_limit), _with_unit(self.intake_limit, "g"))
        limits_form.addRow("", self.intake_limit_error)
        limits_form.addRow(buddy("Per &24 hours", self.daily_limit), _with_unit(self.daily_limit, "g"))
        limits_form.addRow("", self.daily_limit_error)
        limits_form.addRow(
            _help(
                "Personal limits help",
                "Leave a field empty for no personal limit. The journal notes when an intake "
                "goes over one of them; it never stops you saving. For comparison, the sources "
                f"cite a starting dose of {guidance.starting.range_text} and an upper limit of "
                f"{guidance.upper.range_text} within 24 hours; those warnings apply whatever you "
                "set here.",
            )
        )

        # -- starting or restarting -------------------------------------------
        start = guidance.starting
        self.starting = QCheckBox("I'm &starting or restarting")
        self.starting.setAccessibleName("I'm starting or restarting")
        self.starting.setToolTip(
            f"Show the cited starting dose ({start.range_text}) beside each intake from the day below"
        )
        self.starting_since = QDateEdit()
        self.starting_since.setCalendarPopup(True)
        self.starting_since.setDisplayFormat("yyyy-MM-dd")
        self.starting_since.setAccessibleName("Starting or restarting since")
        self.starting_since.setToolTip("The day you started or restarted; intakes from then on are checked")
        self.starting_since.setMaximumWidth(160)
        starting_box = QGroupBox("Starting or restarting")
        starting_box.setAccessibleName("Starting or restarting")
        starting_form = QFormLayout(starting_box)
        starting_row = QHBoxLayout()
        starting_row.addWidget(self.starting)
        starting_row.addWidget(buddy("sinc&e", self.starting_since))
        starting_row.addWidget(self.starting_since)
        starting_row.addStretch(1)
        starting_form.addRow(starting_row)
        starting_form.addRow(
            _help(
                "Starting dose note",
                f"The sources give a starting dose of {start.range_text} and say to start low and "
                "increase gradually; they do not say how long starting lasts. So the journal notes an "
                "intake above it only while you are starting: your first intake in the journal, and "
                "every intake from the day you tick this until you untick it.",
            )
        )

        # -- break plan -----------------------------------------------------
        self.break_plan = QSpinBox()
        self.break_plan.setRange(0, MAX_BREAK_DAYS)
        self.break_plan.setSpecialValueText("no plan")
        self.break_plan.setSuffix(" days")
        self.break_plan.setMaximumWidth(140)
        self.break_plan.setAccessibleName("Your break plan: at most this many days of use in a row")
        self.break_plan.setToolTip(
            "Your break plan: at most this many days of use in a row, then a dose-free day. "
            "0 means no plan. For example 6 = at least one dose-free day in every 7."
        )
        self.break_plan_error = error_label("Problem with the break plan")
        self.break_plan_help = _help("Break plan explanation")
        break_box = QGroupBox("Your break plan")
        break_box.setAccessibleName("Your break plan")
        break_form = QFormLayout(break_box)
        break_form.addRow(buddy("Days of use in a row, at &most", self.break_plan), self.break_plan)
        break_form.addRow("", self.break_plan_error)
        break_form.addRow(self.break_plan_help)

        # -- data folder ----------------------------------------------------
        self.folder = QLineEdit(str(self.data_folder))
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Data folder")
        self.folder.setToolTip("The folder that holds your journal file and its backups")
        self.open_folder_button = QPushButton("&Open folder")
        self.open_folder_button.setAccessibleName("Open the data folder")
        self.open_folder_button.setToolTip("Open the data folder in your file manager")
        folder_box = QGroupBox("Your data")
        folder_form = QFormLayout(folder_box)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder_button)
        folder_form.addRow(buddy("Data &folder", self.folder), folder_row)
        #: Why this folder is risky (synced, or on a network drive), or None: shown beside it.
        self.folder_warning_text = sync_warning(self.data_folder)
        self.folder_warning = FolderWarning(self.folder_warning_text or "")
        self.folder_warning.setVisible(self.folder_warning_text is not None)
        folder_form.addRow(self.folder_warning)
        stays = (
            " It stays on this computer: no account, no network. Nothing leaves unless you export it."
            if self.folder_warning_text is None
            else ""
        )
        folder_form.addRow(
            _help(
                "Data folder note",
                f"Your journal is the file {self.journal.path.name} in this folder.{stays}",
            )
        )

        # -- look -----------------------------------------------------------
        self.theme_buttons: dict[str, QRadioButton] = {}
        self.theme_group = QButtonGroup(self)
        look_box = QGroupBox("Look")
        look_box.setAccessibleName("Look")
        look_row = QHBoxLayout(look_box)
        tips = {
            SYSTEM: "Use the light or dark look your system uses",
            LIGHT: "Always use the light look",
            DARK: "Always use the dark look",
        }
        for theme in THEMES:
            button = QRadioButton(THEME_LABELS[theme])
            button.setAccessibleName(f"Look: {THEME_LABELS[theme]}")
            button.setToolTip(tips[theme])
            self.theme_group.addButton(button)
            self.theme_buttons[theme] = button
            look_row.addWidget(button)
        look_row.addStretch(1)

        # -- locking --------------------------------------------------------
        self.lock_after = QComboBox()
        for minutes in LOCK_CHOICES:
            self.lock_after.addItem(lock_choice_text(minutes), minutes)
        self.lock_after.setAccessibleName("Lock the journal after this many minutes without use")
        self.lock_after.setToolTip(
            "Hide the journal behind a lock screen after this long without keyboard or mouse use. "
            "File → Lock (Ctrl+L) locks it at once."
        )
        lock_box = QGroupBox("Locking")
        lock_box.setAccessibleName("Locking")
        lock_row = QHBoxLayout()
        lock_row.addWidget(buddy("Loc&k the journal after", self.lock_after))
        lock_row.addWidget(self.lock_after)
        lock_row.addWidget(QLabel("without use"))
        lock_row.addStretch(1)
        lock_column = QVBoxLayout(lock_box)
        lock_column.addLayout(lock_row)
        lock_column.addWidget(
            _help(
                "Locking note",
                "Locked, the window shows nothing of your journal until you unlock it. With a "
                "passphrase set, unlocking asks for it. Ctrl+L locks at once.",
            )
        )

        # -- delete all data --------------------------------------------------
        self.delete_data_button = QPushButton("Delete all my data…")
        self.delete_data_button.setAccessibleName("Delete all my data")
        self.delete_data_button.setToolTip(
            "Delete the journal, its backups and settings from this computer; asks you to confirm"
        )
        danger_box = DangerBox("Delete all my data")
        danger_box.setAccessibleName("Danger: delete all my data")
        danger_column = QVBoxLayout(danger_box)
        danger_column.addWidget(
            _help(
                "Delete all my data note",
                "Removes your journal file, every backup and your settings from this computer. "
                "Exports you saved elsewhere are not touched. This cannot be undone.",
            )
        )
        danger_column.addWidget(self.delete_data_button, 0, Qt.AlignmentFlag.AlignLeft)

        # -- save -----------------------------------------------------------
        self.save_button = QPushButton("&Save settings")
        self.save_button.setAccessibleName("Save settings")
        self.save_button.setToolTip("Save all settings (Ctrl+S)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Settings status")
        self.busy = BusyIndicator(delay_ms=SAVE_DELAY_MS)

        content = QWidget()
        column = QVBoxLayout(content)
        heading = QLabel("<h2>Settings</h2>")
        heading.setAccessibleName("Settings heading")
        column.addWidget(heading)
        #: Backups and the passphrase (the File menu uses the same box).
        self.safety = SafetyBox(journal)
        for box in (day_box, limits_box, starting_box, break_box, folder_box, self.safety, look_box):
            column.addWidget(box)
        column.addWidget(lock_box)
        #: Reminders, the tray and notifications: applied as they are changed (no Save).
        self.reminders = ReminderSettings(journal)
        column.addWidget(self.reminders)
        column.addSpacing(24)  # the danger area stands apart from everything else
        column.addWidget(danger_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; it scrolls to them
        footer = QHBoxLayout()
        footer.addWidget(self.save_button)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.busy, 1)
        #: What a save disables while it runs: every field, and Save.
        self._form: list[QWidget] = [content, self.save_button]
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        # Save stays in view under the scrolling groups, on a bar of its own: it saves the whole page.
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(rule)
        outer.addLayout(footer)

        order: list[QWidget] = [
            self.day_start,
            self.intake_limit,
            self.daily_limit,
            self.starting,
            self.starting_since,
            self.break_plan,
            self.folder,
            self.open_folder_button,
            *self.safety.tab_stops,
            *self.theme_buttons.values(),
            self.lock_after,
            *self.reminders.focus_order(),
            self.delete_data_button,
            self.save_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.day_start.valueChanged.connect(self._explain_day_start)
        self.break_plan.valueChanged.connect(self._explain_break_plan)
        self.starting.toggled.connect(self.starting_since.setEnabled)
        self.intake_limit.textEdited.connect(lambda _t: self._clear(self.intake_limit))
        self.daily_limit.textEdited.connect(lambda _t: self._clear(self.daily_limit))
        self.break_plan.valueChanged.connect(lambda _v: self._clear(self.break_plan))
        self.intake_limit.returnPressed.connect(self.save)
        self.daily_limit.returnPressed.connect(self.save)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.delete_data_button.clicked.connect(self.delete_all_data)
        self.save_button.clicked.connect(self.save)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self.save)

        self._errors = {
            self.intake_limit: self.intake_limit_error,
            self.daily_limit: self.daily_limit_error,
            self.break_plan: self.break_plan_error,
        }
        self.reload()

    # -- values ---------------------------------------------------------------

    @property
    def data_folder(self) -> Path:
        return self.journal.folder

    def _decimal_sep(self) -> str:
        return QLocale().decimalPoint()

    def reload(self) -> Settings:
        """Show the saved settings, dropping anything typed and not saved."""
        settings = self.journal.settings
        self.day_start.setValue(settings.day_start_hour)
        sep = self._decimal_sep()
        for field, value in (
            (self.intake_limit, settings.personal_intake_limit_g),
            (self.daily_limit, settings.personal_daily_limit_g),
        ):
            field.setText("" if value is None else format_amount(value, decimal_sep=sep))
        self.break_plan.setValue(settings.max_use_days_in_row or 0)
        today = self.journal.now().local.date()
        since = settings.starting_since or today
        self.starting_since.setMaximumDate(QDate(today.year, today.month, today.day))
        self.starting_since.setDate(QDate(since.year, since.month, since.day))
        self.starting.setChecked(settings.starting_since is not None)
        self.starting_since.setEnabled(self.starting.isChecked())
        self.theme_buttons.get(settings.theme, self.theme_buttons[SYSTEM]).setChecked(True)
        if self.lock_after.findData(settings.lock_after_min) < 0:  # a value set elsewhere, kept
            self.lock_after.addItem(lock_choice_text(settings.lock_after_min), settings.lock_after_min)
        self.lock_after.setCurrentIndex(self.lock_after.findData(settings.lock_after_min))
        for bad in self._errors:
            self._clear(bad)
        self._explain_day_start(settings.day_start_hour)
        self._explain_break_plan(self.break_plan.value())
        return settings

    def _starting_since(self) -> date | None:
        if not self.starting.isChecked():
            return None
        day = self.starting_since.date().toPython()
        assert isinstance(day, date)
        return day

    def selected_theme(self) -> str:
        return next((t for t, b in self.theme_buttons.items() if b.isChecked()), SYSTEM)

    def _limit(self, field: QLineEdit, name: str, errors: dict[QWidget, str]) -> Decimal | None:
        text = field.text()
        if not text.strip():
            return None
        try:
            return parse_amount(text, decimal_sep=self._decimal_sep(), field=name)
        except InvalidInput as err:
            errors[field] = _limit_message(err.message)
            return None

    # -- actions --------------------------------------------------------------

    def save(self) -> Task | None:
        """Check every field; show every problem at its field; save all or nothing, in the background.

        A change to a setting the rules read (limits, break plan, day start) works out every
        intake's findings again, which takes a moment on a journal of years: the window stays
        live meanwhile, with the form disabled.
        """
        if self.busy.busy:
            return None
        errors: dict[QWidget, str] = {}
        intake = self._limit(self.intake_limit, "personal_intake_limit_g", errors)
        daily = self._limit(self.daily_limit, "personal_daily_limit_g", errors)
        if intake is not None and daily is not None and intake > daily:
            errors[self.daily_limit] = (
                "Your limit per 24 hours is lower than your limit per intake. "
                "Make it at least as large, or leave one of them empty."
            )
        self.break_plan.interpretText()
        plan = self.break_plan.value() or None
        self.day_start.interpretText()
        current = self.journal.settings
        new: Settings | None = None
        if not errors:
            try:
                new = replace(
                    current,
                    day_start_hour=self.day_start.value(),
                    personal_intake_limit_g=intake,
                    personal_daily_limit_g=daily,
                    max_use_days_in_row=plan,
                    starting_since=self._starting_since(),
                    theme=self.selected_theme(),
                    lock_after_min=self.lock_after.currentData(),
                )
            except InvalidInput as err:
                field = {
                    "personal_intake_limit_g": self.intake_limit,
                    "personal_daily_limit_g": self.daily_limit,
                    "max_use_days_in_row": self.break_plan,
                }.get(err.field, self.intake_limit)
                errors[field] = err.message
        for field in self._errors:
            if field in errors:
                self._show_error(field, errors[field])
            else:
                self._clear(field)
        if errors or new is None:
            count = len(errors)
            self.status.setText(
                f"⚠ Not saved: {count} field{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
                "a look (marked above)."
            )
            next(iter(f for f in self._errors if f in errors)).setFocus()
            return None
        journal, saved = self.journal, new

        def write() -> Settings:
            journal.save_settings(saved)
            return saved

        self.status.setText("")
        return self.busy.run(
            write, "Saving the settings…", self._saved, self._refused, self._form, write=True
        )

    def _refused(self, err: BaseException) -> None:
        say_refused(err, self.status, lambda problem: self.status.setText(f"⚠ {problem.message}"))

    def _saved(self, new: Settings) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, new.theme)
        self.status.setText("✓ Settings saved.")
        self.changed.emit(new)

    def delete_all_data(self) -> DeleteDataDialog:
        """Open the confirmation dialog; nothing is deleted until the phrase is typed there."""
        dialog = DeleteDataDialog(self.journal, self)
        dialog.erased.connect(lambda _removed: self.data_erased.emit(dialog))
        dialog.open()
        return dialog

    def open_folder(self) -> QUrl:
        """Open the data folder in the desktop's file manager."""
        url = QUrl.fromLocalFile(str(self.data_folder))
        if not _open_url(url):
            self.status.setText(f"Could not open the folder. It is {self.data_folder}")
        return url

    # -- reactions ------------------------------------------------------------

    def _explain_day_start(self, hour: int) -> None:
        if hour == 0:
            text = (
                "A day starts at 00:00 (midnight): each calendar day is one day. Set a later hour "
                "if you are often up after midnight, so a late dose counts towards the day before."
            )
        else:
            text = (
                f"A day starts at {hour:02d}:00. Intakes before {hour:02d}:00 count towards the "
                f"previous day, so a dose at {hour - 1:02d}:30 after a late night is part of the day "
                "before. Daily totals and dose-free days use this; the rolling 24-hour total does not."
            )
        self.day_start_help.setText(text)

    def _explain_break_plan(self, days: int) -> None:
        if days == 0:
            text = (
                "No break plan. The sources say regular breaks help prevent tolerance but give no "
                "number of days, so a plan is yours to set, for example 6 = at least one dose-free "
                "day in every 7."
            )
        else:
            text = (
                f"At most {days} day{'s' if days != 1 else ''} of use in a row: at least one "
                f"dose-free day in every {days + 1}. The journal notes when an intake goes past it, "
                "labelled “your break plan”; it never stops you saving."
            )
        self.break_plan_help.setText(text)

    def _show_error(self, field: QWidget, message: str) -> None:
        label = self._errors[field]
        label.setText(f"⚠ {message}")
        label.show()
        field.setAccessibleDescription(message)

    def _clear(self, field: QWidget) -> None:
        label = self._errors[field]
        label.clear()
        label.hide()
        field.setAccessibleDescription("")

    def error_text(self, field: QWidget) -> str:
        """The problem shown at a field, or "" (for tests and screen readers)."""
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""


def _limit_message(message: str) -> str:
    """parse_amount speaks of "the amount"; here the field is a limit."""
    return message.replace("The amount", "The limit").replace("Enter an amount", "Enter a limit")


def _grams_field(name: str, tip: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText("none")
    field.setAccessibleName(name)
    field.setToolTip(tip)
    field.setMaximumWidth(140)
    return field


def _with_unit(field: QLineEdit, unit: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field)
    label = QLabel(unit)
    label.setBuddy(field)
    row.addWidget(label)
    row.addStretch(1)
    return row


def _help(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label
