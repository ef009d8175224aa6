"""The clinician summary: choose a period and options, preview the PDF in the app, save what was seen.

Preview writes the PDF in the background into a private temp folder (0700) and
shows its pages; "Save PDF…" copies exactly that file to the chosen place. Changing
an option marks the preview out of date until it is made again. The temp folder is
removed when the dialog closes, after any work still running has finished.

"Save FHIR record…" writes the same period (and name) as a FHIR R4 record that a
clinic's system can take in; it needs no preview, since it holds no pages to see.
"""

from __future__ import annotations

import html
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.photos import AREAS, area
from journal.reports.pdf_appendix import Appendix
from journal.service.journal import Journal
from journal.ui import tasks
from journal.ui.tasks import BusyIndicator, sentence
from journal.ui.widgets.fields import error_label, set_tab_order, show_error
from journal.ui.widgets.link_button import link_button
from journal.ui.widgets.pdf_preview import PdfPreview

PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last year", 365), ("Custom…", 0))
STALE_STYLE = "background: rgba(240, 180, 0, 0.18); padding: 4px 6px;"
APPENDIX_CHOICES = (
    ("None (the summary only)", Appendix.OFF),
    ("Every entry, without “none” ratings", Appendix.RATED),
    ("Every entry and every rating", Appendix.ALL),
)

#: (from, to, notes, name, appendix, the photo page's areas: None for no photo page).
Options = tuple[date, date, bool, str | None, Appendix, tuple[str, ...] | None]


class ReportDialog(QDialog):
    """The clinician summary: a period, notes, a name, the raw entries or not; preview, then save.

    The same period and name can be saved as a FHIR record for a clinic's system.
    """

    saved = Signal(object)
    previewed = Signal(int)  # pages shown

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
        self.appendix = QComboBox()
        self.appendix.setAccessibleName("Raw entries appendix")
        self.appendix.setToolTip(
            "Add the entries themselves after the summary, one line each. Long periods make many pages."
        )
        for label, choice in APPENDIX_CHOICES:
            self.appendix.addItem(label, choice)
        self.photos = QCheckBox("Add a &photo page")
        self.photos.setAccessibleName("Add a photo page")
        self.photos.setToolTip(
            "Off unless you choose it: the first and the last photo of the period for each area ticked below"
        )
        self.photo_areas = QListWidget()
        self.photo_areas.setAccessibleName("Body areas on the photo page")
        self.photo_areas.setToolTip("Tick the areas whose photos the clinician may see (Space ticks)")
        self.photo_areas.setMaximumHeight(96)
        self.photo_areas.setEnabled(False)
        for one in sorted({p.area for p in journal.photos.all()}, key=[a.key for a in AREAS].index):
            item = QListWidgetItem(area(one).label)
            item.setData(Qt.ItemDataRole.UserRole, one)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.photo_areas.addItem(item)
        self.photos.setEnabled(self.photo_areas.count() > 0)
        if not self.photo_areas.count():
            self.photos.setToolTip("There are no photos in the journal yet (the Photos page adds them)")
        self.error = error_label("Report problem")
        self.busy = BusyIndicator()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        #: Shown once a PDF is saved: opens it (a button, so Tab reaches it and Enter opens it).
        self.open_saved_button = link_button(
            "Open it", "Open the saved PDF", "Open the PDF you saved in your PDF reader (Enter or Space)"
        )
        self.open_saved_button.clicked.connect(self._open_saved)
        self.open_saved_button.hide()
        self.stale = QLabel(
            "The options have changed since this preview. Press Preview (Enter) to update it before saving."
        )
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet(STALE_STYLE)
        self.stale.setAccessibleName("Preview out of date")
        self.stale.hide()
        self.preview = PdfPreview()
        self.preview.show_message(
            "Choose the period and options, then press Preview (Enter) to see the summary here."
        )
        self.preview.loaded.connect(self._preview_loaded)
        self.preview.failed.connect(self._preview_failed)

        self.last_saved: Path | None = None
        #: The file on show and the options it was made with.
        self.previewed_file: Path | None = None
        self.previewed_options: Options | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._made = 0

        intro = QLabel(
            "A summary a clinician can read in two minutes: daily amounts, days over the "
            "cited limits, breaks, symptoms and pain, marked as self-reported. The same "
            "period can be saved as a FHIR record for a clinic's system."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Period", self.period)
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow("", self.notes)
        form.addRow("&Name", self.name)
        form.addRow("Raw &entries", self.appendix)
        form.addRow("", self.photos)
        form.addRow("", self.photo_areas)
        side = QWidget()
        side.setFixedWidth(320)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(self.busy)
        column.addWidget(self.status)
        column.addWidget(self.open_saved_button)
        column.addStretch(1)
        pages = QVBoxLayout()
        pages.addWidget(self.stale)
        pages.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(side)
        body.addLayout(pages, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button: QPushButton = self.buttons.addButton(
            "&Preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.setToolTip("Make the summary with these options and show it here (Enter)")
        self.preview_button.setAccessibleName("Preview")
        self.save_button: QPushButton = self.buttons.addButton(
            "&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Save the previewed summary as a PDF file (Ctrl+S)")
        self.save_button.setAccessibleName("Save PDF")
        self.fhir_button: QPushButton = self.buttons.addButton(
            "Save F&HIR record…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.fhir_button.setToolTip(
            "Save this period as a FHIR R4 record (JSON) that a clinic's system can take in; "
            "it leaves your notes and product names out"
        )
        self.fhir_button.setAccessibleName("Save FHIR record")
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        for button in (self.save_button, self.fhir_button, self.close_button):
            button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.start_preview)
        self.save_button.clicked.connect(self.choose_and_save)
        self.fhir_button.clicked.connect(self.choose_and_save_fhir)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        # Once in the dialog, so it stays Enter's button (else the first button that may be, "Open it").
        self.preview_button.setDefault(True)
        # The buttons as they stand, left to right (Close was made first, with the box).
        set_tab_order([self.preview_button, self.save_button, self.fhir_button, self.close_button])
        self.setMinimumSize(820, 560)
        self._fit_to_screen(1040, 740)

        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_changed()
        self.start.dateChanged.connect(self._options_changed)
        self.end.dateChanged.connect(self._options_changed)
        self.notes.toggled.connect(self._options_changed)
        self.name.textChanged.connect(self._options_changed)
        self.appendix.currentIndexChanged.connect(self._options_changed)
        self.photos.toggled.connect(self.photo_areas.setEnabled)
        self.photos.toggled.connect(self._options_changed)
        self.photo_areas.itemChanged.connect(self._options_changed)
        self._options_changed()

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    # -- options ---------------------------------------------------------------------------------

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

    def dates(self) -> tuple[date, date]:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return start, end

    def options(self) -> Options:
        start, end = self.dates()
        name = self.name.text().strip() or None
        photos = None
        if self.photos.isChecked():
            items = [self.photo_areas.item(n) for n in range(self.photo_areas.count())]
            photos = tuple(
                str(i.data(Qt.ItemDataRole.UserRole))
                for i in items
                if i.checkState() == Qt.CheckState.Checked
            )
        return start, end, self.notes.isChecked(), name, Appendix(self.appendix.currentData()), photos

    @property
    def is_stale(self) -> bool:
        """A preview is on show but the options have changed since it was made."""
        return self.previewed_file is not None and self.previewed_options != self.options()

    def _options_changed(self) -> None:
        self.stale.setVisible(self.is_stale)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        if self.busy.busy:
            return  # the busy indicator gives them back when the work ends
        self.preview_button.setEnabled(True)
        self.fhir_button.setEnabled(True)
        self.save_button.setEnabled(self.previewed_file is not None and not self.is_stale)

    # -- preview -------------------------------------------------------------------------------

    @property
    def preview_folder(self) -> Path | None:
        """The private temp folder holding the preview, while the dialog has one."""
        return Path(self._folder.name) if self._folder is not None else None

    def start_preview(self) -> None:
        """Write the summary with the current options in the background, then show its pages."""
        if self.busy.busy:
            return
        options = self.options()
        start, end, include_notes, name, appendix, photos = options
        if not self._period_is_valid():
            return
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="kratom-summary-")  # mode 0700
        self._made += 1
        target = Path(self._folder.name) / f"summary-{self._made}.pdf"
        journal = self.journal

        def write() -> tuple[Path, Options]:
            from journal.reports.pdf import write_report  # reportlab loads only when needed

            write_report(
                journal,
                start,
                end,
                target,
                include_notes=include_notes,
                name=name,
                appendix=appendix,
                photos=photos is not None,
                photo_areas=photos,
            )
            return target, options

        self.status.clear()
        self.open_saved_button.hide()
        self.busy.run(
            write,
            f"Writing the summary for {start:%d %b %Y} to {end:%d %b %Y}…",
            self._written,
            self._write_failed,
            self._buttons(),
        )

    def _period_is_valid(self) -> bool:
        start, end = self.dates()
        if end < start:
            show_error(self.error, "The end of the period is before its start.")
            return False
        self.error.hide()
        return True

    def _buttons(self) -> list[QWidget]:
        """What the busy state holds while work runs."""
        return [self.preview_button, self.save_button, self.fhir_button]

    def _written(self, result: tuple[Path, Options]) -> None:
        path, options = result
        old, self.previewed_file, self.previewed_options = self.previewed_file, path, options
        if old is not None and old != path:
            old.unlink(missing_ok=True)
        self.preview.load(path)
        self._options_changed()

    def _write_failed(self, error: BaseException) -> None:
        show_error(
            self.error, _unsaved(f"The summary could not be made: {sentence(error)}", "Nothing was saved.")
        )
        self._sync_buttons()

    def _preview_loaded(self, pages: int) -> None:
        self.status.setText(
            f"Preview: {pages} page{'s' if pages != 1 else ''}. Page Up and Page Down move between pages; "
            "Save PDF… keeps exactly this file."
        )
        self.open_saved_button.hide()
        self.preview.area.setFocus()
        self.previewed.emit(pages)

    def _preview_failed(self, message: str) -> None:
        self.previewed_file = self.previewed_options = None
        show_error(self.error, message)
        self._options_changed()

    # -- save ----------------------------------------------------------------------------------

    def choose_and_save(self) -> None:
        """Ask where to save, then copy the previewed file there in the background."""
        if self.previewed_file is None or self.is_stale or self.busy.busy:
            return
        start, end = self.dates()
        name = f"kratom-summary-{start.isoformat()}-to-{end.isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the clinician summary", str(Path.home() / name), "PDF (*.pdf)"
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.save(target)

    def save(self, target: Path) -> None:
        """Copy the previewed file to `target` (complete or not at all, 0600); `saved` says when."""
        source = self.previewed_file
        if source is None:
            return
        self.busy.run(
            lambda: copy_private(source, target),
            f"Saving {target.name}…",
            self._saved,
            lambda error: self._save_failed(target, error),
            self._buttons(),
        )

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.error.hide()
        self.status.setText(f"Saved {html.escape(str(path))}.")
        self.open_saved_button.show()
        self._sync_buttons()
        self.saved.emit(path)

    def _save_failed(self, target: Path, error: BaseException, what: str = "PDF") -> None:
        show_error(
            self.error,
            _unsaved(
                f"The {what} could not be saved to {target}: {sentence(error)}", "Nothing was saved there."
            ),
        )
        self._sync_buttons()

    def choose_and_save_fhir(self) -> None:
        """Ask where to save the FHIR record of the period, then write it in the background."""
        if self.busy.busy or not self._period_is_valid():
            return
        start, end = self.dates()
        name = f"kratom-record-{start.isoformat()}-to-{end.isoformat()}.fhir.json"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the FHIR record", str(Path.home() / name), "FHIR JSON (*.json)"
        )
        if chosen:
            target = Path(chosen)
            if target.suffix.lower() != ".json":
                target = target.with_name(target.name + ".json")
            self.save_fhir(target)

    def save_fhir(self, target: Path) -> None:
        """Write the period as a FHIR record to `target` (complete or not at all, 0600); `saved` says when."""
        start, end = self.dates()
        name = self.name.text().strip()
        journal = self.journal

        def write() -> tuple[Path, str]:
            from journal.reports.fhir_export import export_fhir

            written = export_fhir(journal, target, start, end, name=name)
            return written.path, written.summary()

        self.status.clear()
        self.open_saved_button.hide()
        self.busy.run(
            write,
            f"Writing the FHIR record for {start:%d %b %Y} to {end:%d %b %Y}…",
            self._fhir_saved,
            lambda error: self._save_failed(target, error, "FHIR record"),
            self._buttons(),
        )

    def _fhir_saved(self, result: tuple[Path, str]) -> None:
        path, summary = result
        self.last_saved = path
        self.error.hide()
        self.status.setText(f"{html.escape(summary)}.")
        self.open_saved_button.hide()
        self._sync_buttons()
        self.saved.emit(path)

    def _open_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved)))

    # -- closing -------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close at once; work still running finishes on the worker, its result is dropped."""
        self.busy.cancel()
        self.preview.clear()
        self.previewed_file = self.previewed_options = None
        folder, self._folder = self._folder, None
        if folder is not None:
            # Queued behind any write still running into the folder, so it goes after that.
            tasks.run_in_background(folder.cleanup, "Removing the preview")
        super().done(result)


def _unsaved(message: str, nothing: str) -> str:
    """`message`, then `nothing` unless the words already say nothing was written."""
    return message if "nothing was written" in message.lower() else f"{message} {nothing}"


def copy_private(source: Path, target: Path) -> Path:
    """Copy `source` to `target` so it appears complete or not at all, readable by the user alone.

    A full or read-only disk is said in words and leaves nothing behind, like the exports.
    """
    from journal.reports.files import write_atomically

    data = source.read_bytes()
    write_atomically(target, lambda out: out.write(data))
    return target


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    edit.setToolTip(f"{name} (used with a custom period)")
    return edit
