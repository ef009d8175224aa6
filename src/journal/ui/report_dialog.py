"""Choose a period and options, then save the clinician summary PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from journal.service import Journal
from journal.ui.fields import error_label, show_error

PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last year", 365), ("Custom…", 0))


class ReportDialog(QDialog):
    """The clinician summary: a period, notes on or off, a name or none."""

    saved = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setWindowTitle("Clinician summary")
        today = journal.now().local.date()
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        self.period.setToolTip("Which days the summary covers")
        for label, days in PERIODS:
            self.period.addItem(label, days)
        self.period.setCurrentIndex(1)
        self.start = _date_edit(today - timedelta(days=89), "From")
        self.end = _date_edit(today, "To")
        self.notes = QCheckBox("Include my notes")
        self.notes.setChecked(True)
        self.notes.setAccessibleName("Include my notes")
        self.notes.setToolTip("Your notes are printed in their own section and in the appendix")
        self.name = QLineEdit()
        self.name.setPlaceholderText("none")
        self.name.setAccessibleName("Name on the report")
        self.name.setToolTip("Printed in the header; leave empty for no name")
        self.error = error_label("Report problem")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        self.last_saved: Path | None = None
        self.status.linkActivated.connect(self._open_saved)
        form = QFormLayout(self)
        intro = QLabel(
            "A summary a clinician can read in a minute: daily amounts, days over the "
            "cited limits, breaks, symptoms and pain, marked as self-reported."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.setMinimumWidth(460)
        self.setMaximumWidth(560)
        form.addRow("&Period", self.period)
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow("", self.notes)
        form.addRow("&Name", self.name)
        form.addRow("", self.error)
        form.addRow("", self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save PDF…")
        buttons.accepted.connect(self.choose_and_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_changed()

    def _period_changed(self) -> None:
        days = int(self.period.currentData())
        custom = days == 0
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            today = self.journal.now().local.date()
            self.end.setDate(QDate(today.year, today.month, today.day))
            first = today - timedelta(days=days - 1)
            self.start.setDate(QDate(first.year, first.month, first.day))

    def _open_saved(self, _link: str) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved)))

    def dates(self) -> tuple[date, date]:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return start, end

    def choose_and_save(self) -> Path | None:
        start, end = self.dates()
        if end < start:
            show_error(self.error, "The end of the period is before its start.")
            return None
        self.error.hide()
        name = f"kratom-summary-{start.isoformat()}-to-{end.isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the clinician summary", str(Path.home() / name), "PDF (*.pdf)"
        )
        return self.save(Path(chosen)) if chosen else None

    def save(self, path: Path) -> Path | None:
        from journal.reports.pdf import write_report  # reportlab loads only when needed

        start, end = self.dates()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_report(
                self.journal,
                start,
                end,
                path,
                include_notes=self.notes.isChecked(),
                name=self.name.text().strip() or None,
            )
        except OSError as err:
            show_error(self.error, f"The PDF could not be written: {err.strerror or err}. Nothing was saved.")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.status.setText(f"Saved {path}. <a href='open'>Open it</a>")
        self.status.linkActivated.connect(lambda _: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        self.saved.emit(path)
        return path


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    edit.setToolTip(f"{name} (used with a custom period)")
    return edit
