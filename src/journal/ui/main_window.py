"""The main window: a page list on the left, the pages on the right, a menu for every action."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind, Settings
from journal.domain.errors import InvalidInput, NeedsConfirmation, WriteFailed
from journal.domain.taper import TaperPlan
from journal.paths import sync_warning
from journal.service.intakes import IntakeCheck, Preset
from journal.service.journal import Journal
from journal.ui.dialogs.about import AboutDialog
from journal.ui.dialogs.add_photos import dropped_files
from journal.ui.dialogs.breaks import EndBreakDialog, StartBreakDialog
from journal.ui.dialogs.pain_checkin import PainCheckin
from journal.ui.dialogs.sources import SourcesPage
from journal.ui.dialogs.symptom_checkin import SymptomCheckin
from journal.ui.dialogs.taper_plan import TaperPlanDialog
from journal.ui.dialogs.unusual_preset import ask_unusual_preset
from journal.ui.dialogs.welcome import WelcomeDialog, maybe_welcome
from journal.ui.dialogs.withdrawal_checkin import WithdrawalCheckin
from journal.ui.lock import WindowLock
from journal.ui.pages.log import IntakeForm
from journal.ui.pages.today import TodayPage
from journal.ui.tasks import Task
from journal.ui.text import home_path
from journal.ui.undo import DeleteEntry, EditEntry, LoggedEntry, PlanReplaced
from journal.ui.widgets.demo_banner import DemoBanner
from journal.ui.widgets.folder_warning import FolderWarning

if TYPE_CHECKING:
    from journal.ui.pages.charts import ChartsPage
    from journal.ui.pages.history import HistoryPage
    from journal.ui.pages.medications import MedicationsPage
    from journal.ui.pages.photos import PhotosPage
    from journal.ui.pages.products import ProductsPage
    from journal.ui.pages.settings import SettingsPage
    from journal.ui.pages.stash import StashPage

log = logging.getLogger(__name__)
#: The pages made when first shown or used, not with the window (`MainWindow._page`).
LATER_PAGES = ("history", "charts", "products", "settings", "photos", "medications", "stash")
#: Pages that show journal data and are brought up to date after a change, once made.
REFRESHED = ("history", "products", "charts", "photos", "medications", "stash")


class MainWindow(QMainWindow):
    """All pages over one open journal; every action has a menu entry and a shortcut.

    With `demo`, the journal is a throwaway demonstration (`journal --demo`): the title, a band
    over every page, the status bar and the welcome say so, and closing asks first when
    something was logged in it.
    """

    #: After any change to the journal (every page was brought up to date): the tray reads it again.
    changed = Signal()
    #: The window closed for good (not hidden in the tray).
    closed = Signal()

    def __init__(self, journal: Journal, *, demo: bool = False) -> None:
        super().__init__()
        self.journal = journal
        self.demo = demo
        self.setWindowTitle(
            "Kratom Journal — demonstration journal (made-up entries)" if demo else "Kratom Journal"
        )
        #: What the demonstration journal held when the window opened; None for a real journal.
        self.demo_counts: dict[str, int] | None = journal.transfer.existing() if demo else None
        #: The question asked on closing a demonstration journal something was logged in, while it is open.
        self.demo_question: QMessageBox | None = None
        # No larger than the screen's free area: at 1024x600 the window must fit, not run off it.
        free = self.screen().availableGeometry()
        self.resize(min(1100, free.width()), min(720, free.height()))
        self.undo_stack = QUndoStack(self)

        self.today = TodayPage(journal)
        self.log = IntakeForm(journal)
        #: The other pages, once made: each is made (its module loaded too) when first shown or used.
        self.made: dict[str, QWidget] = {}
        self.pages = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setMaximumWidth(150)
        self.dialog: QDialog | None = None
        #: Set once "Delete all my data" has run: the journal is closed and its files are gone.
        self.journal_erased = False
        #: Set by the tray: True when it kept the journal there instead of closing (ui/tray.py).
        self.keep_in_tray: Callable[[], bool] | None = None
        #: Quit was asked for (File → Quit, the tray's Quit, a signal): closing really closes.
        self.quitting = False

        file_menu = self.menuBar().addMenu("&File")
        self._action(
            file_menu,
            "&Export journal…",
            "Ctrl+Shift+E",
            self.export_journal,
            "Write the whole journal to JSON, or to CSV files for spreadsheets",
        )
        self._action(
            file_menu,
            "&Import…",
            "Ctrl+Shift+I",
            self.import_journal,
            "Add entries from an export of this app or of PsychonautWiki Journal",
        )
        self._action(
            file_menu,
            "Clinician &summary (PDF)…",
            "Ctrl+P",
            self.clinician_summary,
            "Write a PDF summary of a period for your clinician",
        )
        file_menu.addSeparator()
        self._action(
            file_menu,
            "&Back up now",
            "Ctrl+Shift+B",
            lambda: self.settings_page.safety.backup_now(),
            "Write a verified backup now",
        )
        self._action(
            file_menu,
            "&Restore a backup…",
            "Ctrl+Shift+R",
            lambda: self.settings_page.safety.choose_restore(),
            "Put a backup in place of the journal (the journal is backed up first)",
        )
        self._action(
            file_menu,
            "&Check the journal",
            "Ctrl+Shift+C",
            self.check_journal,
            "Run the full integrity and link checks and say what they found",
        )
        file_menu.addSeparator()
        self.lock_action = self._action(
            file_menu, "&Lock", "Ctrl+L", self.lock, "Hide the journal until you unlock it"
        )
        self.quit_action = self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([undo, redo])
        view = self.menuBar().addMenu("&View")
        self.page_actions: list[QAction] = []
        pages: list[tuple[str, QWidget]] = [("Today", self.today), ("Log", self.log)]
        # Until made, each later page is an empty widget in its place.
        pages += [(name.capitalize(), QWidget()) for name in LATER_PAGES]
        for number, (title, page) in enumerate(pages, 1):
            self.pages.addWidget(page)
            self.nav.addItem(f"{title}")
            self.nav.item(number - 1).setToolTip(f"{title} (Ctrl+{number})")
            self.page_actions.append(
                self._action(
                    view,
                    f"&{title}",
                    f"Ctrl+{number}",
                    partial(self.show_page, number - 1),
                    f"Show the {title} page",
                )
            )
        self.nav.currentRowChanged.connect(self._page_changed)

        log_menu = self.menuBar().addMenu("&Log")
        self.log_intake_action = self._action(
            log_menu, "Log &intake…", "Ctrl+N", self.start_intake, "Log an intake"
        )
        self.symptom_action = self._action(
            log_menu, "&Symptom check-in…", "Ctrl+Shift+S", self.symptom_checkin, "Rate symptoms"
        )
        self.pain_action = self._action(
            log_menu, "&Pain check-in…", "Ctrl+Shift+K", self.pain_checkin, "Pain, PEG and mood"
        )
        self.withdrawal_action = self._action(
            log_menu,
            "&Withdrawal check-in (SOWS)…",
            "Ctrl+Shift+W",
            self.withdrawal_checkin,
            "The Subjective Opiate Withdrawal Scale: 16 statements, each 0 to 4",
        )
        self.break_action = self._action(
            log_menu,
            "Start or end a &break…",
            "Ctrl+B",
            self.toggle_break,
            "Start a break, or end the one running",
        )
        self.photos_action = self._action(
            log_menu,
            "Add p&hotos…",
            "Ctrl+Shift+O",
            self.add_photos,
            "Add photos of your scalp or skin (or drop photo files onto the window)",
        )
        self.taper_action = self._action(
            log_menu,
            "Your &taper plan…",
            "Ctrl+Shift+T",
            self.taper_plan,
            "Set your own plan to reduce (start, target, step), pause, resume or end it",
        )
        log_menu.addSeparator()
        self._action(log_menu, "Add &product…", "Ctrl+Shift+P", self.add_product, "Add a product")
        help_menu = self.menuBar().addMenu("&Help")
        self._action(
            help_menu,
            "&Sources and cited ranges…",
            "F1",
            self.show_sources,
            "The source texts, what the journal uses from each, and where they disagree",
        )
        self._action(help_menu, "&Welcome…", None, self.show_welcome, "Show the welcome again")
        help_menu.addSeparator()
        self.about_action = self._action(
            help_menu,
            "&About Kratom Journal…",
            None,
            lambda: self._open(AboutDialog(journal.folder, self)),
            "Version, licence, the cited texts, and the folder your journal is in",
        )

        central = QWidget()
        column = QVBoxLayout(central)
        self.demo_banner = DemoBanner() if demo else None
        if self.demo_banner is not None:
            column.addWidget(self.demo_banner)
        # At start-up, on top and dismissible: the folder is synced or on a network drive.
        warning = sync_warning(journal.folder)
        self.folder_banner = FolderWarning(warning or "", dismissible=True)
        self.folder_banner.setVisible(warning is not None)
        column.addWidget(self.folder_banner)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        row.addWidget(self.nav)
        # A page wider or taller than a small screen scrolls instead of pushing the window off it;
        # only the page shown counts toward the size (see _page_changed).
        self.page_area = QScrollArea()
        self.page_area.setWidget(self.pages)
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        row.addWidget(self.page_area, 1)
        self._size_to_current()
        # The lock puts a stack of the journal and a lock screen in the middle of the window.
        self.locker = WindowLock(self, central, journal, keep=[self.quit_action])
        self.locker.idle.set_minutes(journal.settings.lock_after_min)
        where = "stays on this computer" if warning is None else "in a synced or network folder: see Settings"
        if demo:
            self.statusBar().showMessage(
                "Demonstration journal in a temporary folder · thrown away when you close the window"
            )
        else:
            self.statusBar().showMessage(f"Journal: {home_path(journal.path)} · {where}")

        self.log.saved.connect(self._intake_saved)
        self.today.log_intake_requested.connect(self.start_intake)
        self.today.preset_clicked.connect(self.log_preset)
        self.today.symptoms_requested.connect(self.symptom_checkin)
        self.today.pain_requested.connect(self.pain_checkin)
        self.today.withdrawal_requested.connect(self.withdrawal_checkin)
        self.today.break_requested.connect(self.toggle_break)
        self.today.plan_requested.connect(self.taper_plan)
        self.today.explain_requested.connect(self.explain)
        self.setAcceptDrops(True)  # photo files dropped anywhere on the window are offered for adding
        told = list(journal.notices)
        if journal.backup_problem:
            told.append(f"⚠ {journal.backup_problem}")
        if told:
            self.statusBar().showMessage(" ".join(told))
        # Today read the journal as it was made: show it without reading it again.
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(0)
        self._size_to_current()

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        label = tip or text.replace("&", "").rstrip("…")
        action.setToolTip(f"{label} ({keys})" if keys else label)
        action.setStatusTip(label)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    # -- pages made when first needed ----------------------------------------------

    def _page(self, name: str) -> QWidget:
        """The page `name`, made now if this is its first use, in its place in the page list.

        Only Today and Log are made with the window: the window paints sooner, and a page
        never opened costs nothing. A page made later reads the journal as it then is.
        """
        page = self.made.get(name)
        if page is not None:
            return page
        journal, undo = self.journal, self.undo_stack
        if name == "history":
            from journal.ui.pages.history import HistoryPage

            page = HistoryPage(journal, undo)
            page.changed.connect(self.refresh)
        elif name == "charts":
            from journal.ui.pages.charts import ChartsPage

            page = ChartsPage(journal)
        elif name == "products":
            from journal.ui.pages.products import ProductsPage

            page = ProductsPage(journal)
            page.changed.connect(self.refresh)
        elif name == "settings":
            from journal.ui.pages.settings import SettingsPage

            page = SettingsPage(journal)
            page.changed.connect(self._settings_changed)
            page.data_erased.connect(self._data_erased)
            page.safety.replaced.connect(self._file_replaced)
        elif name == "photos":
            from journal.ui.pages.photos import PhotosPage

            page = PhotosPage(journal, undo)  # reads its photos when first shown
        elif name == "medications":
            from journal.ui.pages.medications import MedicationsPage

            page = MedicationsPage(journal, undo)
            page.changed.connect(self.changed)
        else:
            from journal.ui.pages.stash import StashPage

            page = StashPage(journal, undo)  # reads the stash when first shown
            page.changed.connect(self.refresh)
        index = 2 + LATER_PAGES.index(name)
        stand_in = self.pages.widget(index)
        assert stand_in is not None
        showing = self.pages.currentIndex() == index
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.made[name] = page
        if showing:
            self.pages.setCurrentIndex(index)
        self._size_to_current()
        return page

    @property
    def history(self) -> HistoryPage:
        return cast("HistoryPage", self._page("history"))

    @property
    def charts(self) -> ChartsPage:
        return cast("ChartsPage", self._page("charts"))

    @property
    def products(self) -> ProductsPage:
        return cast("ProductsPage", self._page("products"))

    @property
    def settings_page(self) -> SettingsPage:
        return cast("SettingsPage", self._page("settings"))

    @property
    def photos(self) -> PhotosPage:
        return cast("PhotosPage", self._page("photos"))

    @property
    def medications(self) -> MedicationsPage:
        return cast("MedicationsPage", self._page("medications"))

    @property
    def stash(self) -> StashPage:
        return cast("StashPage", self._page("stash"))

    # -- navigation ---------------------------------------------------------------

    def show_page(self, index: int) -> None:
        """Show a page; Today is read again (once: a changed row calls `_page_changed` itself)."""
        if self.nav.currentRow() == index:
            self._page_changed(index)
        else:
            self.nav.setCurrentRow(index)

    def _page_changed(self, index: int) -> None:
        if 2 <= index < 2 + len(LATER_PAGES):
            self._page(LATER_PAGES[index - 2])
        self.pages.setCurrentIndex(index)
        self._size_to_current()
        if self.pages.currentWidget() is self.today:
            self.today.refresh()

    def _size_to_current(self) -> None:
        """Only the page shown sets the smallest size: the others are ignored until shown."""
        ignored, kept = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            policy = kept if page is self.pages.currentWidget() else ignored
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.updateGeometry()

    def explain(self, page: str) -> None:
        """A Today figure's link: open the page that explains it."""
        if page == "sources":
            self.show_sources()
            return
        self.show_page(2 + LATER_PAGES.index(page))

    def refresh(self) -> None:
        """After any change: every page that shows journal data is brought up to date.

        Today is redrawn when it is shown (see _page_changed), so a save on the Log
        page does not pay for it.
        """
        if self.pages.currentWidget() is self.today:
            self.today.refresh()
        for name in REFRESHED:
            page = self.made.get(name)
            if page is not None:
                page.refresh()  # type: ignore[attr-defined]
        self.log.reload_products()
        self.log.recheck()
        self.changed.emit()

    # -- actions ------------------------------------------------------------------

    def check_journal(self) -> None:
        """Run the full check from the menu and show the words in the status bar and Settings."""
        safety = self.settings_page.safety
        safety.check()
        self.statusBar().showMessage(safety.result.text())

    def _file_replaced(self) -> None:
        """A restore or a passphrase change replaced the file: old undo steps no longer apply."""
        self.undo_stack.clear()
        self.settings_page.reload()
        self.refresh()
        self.statusBar().showMessage(self.settings_page.safety.result.text())

    def start_intake(self) -> None:
        self.show_page(1)
        self.log.amount.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _intake_saved(self, check: IntakeCheck) -> None:
        self._push_logged(Kind.INTAKE, check, "intake")
        self.statusBar().showMessage(f"{self.log.status.text()} Ctrl+Z to undo.", 10000)

    def log_preset(
        self,
        preset: Preset,
        *,
        confirmed: bool = False,
        after: Callable[[IntakeCheck], object] | None = None,
    ) -> Task | None:
        """Log a preset (Today's one-click buttons, the tray's) in the background; Today's actions wait
        meanwhile. An unusually large amount is logged only once confirmed; `after` runs once logged."""
        busy = self.today.busy
        if busy.busy:
            return None
        journal = self.journal

        def logged(check: IntakeCheck) -> None:
            self._preset_logged(preset, check)
            if after is not None:
                after(check)

        return busy.run(
            lambda: journal.log_preset(preset, confirm_large=confirmed),
            f"Logging {preset.label}…",
            logged,
            lambda err: self._preset_refused(err, preset, after),
            self.today.quick_actions(),
            write=True,
        )

    def _preset_logged(self, preset: Preset, check: IntakeCheck) -> None:
        self._push_logged(Kind.INTAKE, check, preset.label)
        count = len(check.findings)
        kept = f" {count} finding{'s' if count != 1 else ''} kept with it." if count else ""
        self.statusBar().showMessage(
            f"Logged {preset.label} at {check.intake.at.local:%H:%M}.{kept} Ctrl+Z to undo.", 10000
        )

    def _preset_refused(
        self, err: BaseException, preset: Preset, after: Callable[[IntakeCheck], object] | None = None
    ) -> None:
        if isinstance(err, NeedsConfirmation):  # asked, as the Log form asks for its confirmation
            again = partial(self.log_preset, preset, confirmed=True, after=after)
            self.dialog = ask_unusual_preset(self, preset, err, again)
            return
        if not isinstance(err, InvalidInput | WriteFailed):
            raise err
        words = err.message if isinstance(err, InvalidInput) else str(err)
        self.statusBar().showMessage(f"⚠ Not logged: {words}")

    def _push_logged(self, kind: Kind, check: IntakeCheck, description: str) -> None:
        assert check.intake.id is not None
        self.undo_stack.push(LoggedEntry(self.journal, kind, check.intake.id, description, self.refresh))
        self.refresh()

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(lambda *_: self.refresh())
        dialog.open()
        return dialog

    def symptom_checkin(self, preselect: tuple[str, ...] = ()) -> QDialog:
        dialog = SymptomCheckin(self.journal, self, preselect=tuple(preselect))
        dialog.withdrawal_requested.connect(self.withdrawal_checkin)
        return self._open(dialog)

    def withdrawal_checkin(self) -> QDialog:
        return self._open(WithdrawalCheckin(self.journal, self))

    def pain_checkin(self) -> QDialog:
        return self._open(PainCheckin(self.journal, self))

    def toggle_break(self) -> QDialog:
        if self.journal.entries.running_break() is None:
            return self._open(StartBreakDialog(self.journal, self))
        return self._open(EndBreakDialog(self.journal, self))

    def taper_plan(self) -> QDialog:
        dialog = TaperPlanDialog(self.journal, self)

        def after() -> None:
            if dialog.isVisible():
                dialog.show_plans()
            self.refresh()

        dialog.plan_set.connect(
            lambda before, plan: self.undo_stack.push(
                PlanReplaced(self.journal, before, plan, "your taper plan", after)
            )
        )
        dialog.plan_changed.connect(
            lambda before, changed, what: self.undo_stack.push(
                EditEntry(self.journal, Kind.PLAN, before, changed, what, lambda _undone: after())
            )
        )

        def delete(plan: TaperPlan) -> None:
            assert plan.id is not None
            what = f"your taper plan {plan.describe()}"
            self.undo_stack.push(DeleteEntry(self.journal, Kind.PLAN, plan.id, what, after))

        dialog.plan_deleted.connect(delete)
        return self._open(dialog)

    def add_photos(self, files: list[Path] | None = None) -> QDialog:
        """The Photos page, with its Add photos dialog open (holding `files`, when dropped)."""
        self.show_page(2 + LATER_PAGES.index("photos"))
        return self._open(self.photos.add_photos(files or []))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in dropped_files(event) if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_photos(files)

    def add_product(self) -> QDialog:
        self.show_page(2 + LATER_PAGES.index("products"))
        return self.products.add()

    def show_sources(self) -> QDialog:
        return self._open(SourcesPage(self))

    def show_welcome(self) -> QDialog:
        return self._open(WelcomeDialog(self.journal, self, demo=self.demo))

    def maybe_welcome(self) -> QDialog | None:
        dialog = maybe_welcome(self.journal, self, demo=self.demo)
        self.dialog = dialog or self.dialog
        return dialog

    def export_journal(self) -> None:
        from journal.ui.dialogs.transfer import export_journal  # loaded when first used, not at start-up

        export_journal(self, self.journal)

    def import_journal(self) -> None:
        from journal.ui.dialogs.transfer import import_journal  # loaded when first used, not at start-up

        if import_journal(self, self.journal) is not None:
            self.refresh()

    def clinician_summary(self) -> QDialog:
        from journal.ui.dialogs.report import ReportDialog  # loaded when first used, not at start-up

        self.dialog = ReportDialog(self.journal, self)  # writes a file; nothing to refresh after
        self.dialog.open()
        return self.dialog

    def _settings_changed(self, settings: Settings) -> None:
        self.locker.idle.set_minutes(settings.lock_after_min)  # a new idle time applies at once
        self.refresh()

    def lock(self) -> None:
        """Hide the journal behind the lock screen (Ctrl+L)."""
        self.locker.lock()

    def quit(self) -> None:
        """Close for good, even where closing the window keeps the journal in the tray."""
        self.quitting = True
        self.close()

    def _data_erased(self, dialog: QDialog) -> None:
        """The journal is closed and its files gone: touch nothing, close when the dialog does."""
        self.journal_erased = True
        self.locker.idle.pause()
        dialog.finished.connect(lambda _result: self.close())

    def logged_in_demo(self) -> dict[str, int]:
        """What was added to the demonstration journal since the window opened, by kind (deleted ones too)."""
        if self.demo_counts is None or self.journal_erased or self.journal.locked:
            return {}
        now = self.journal.transfer.existing()
        return {
            kind: n - self.demo_counts.get(kind, 0)
            for kind, n in now.items()
            if n > self.demo_counts.get(kind, 0)
        }

    def _demo_may_close(self) -> bool:
        """Ask before a demonstration journal that something was logged in is thrown away."""
        logged = self.logged_in_demo()
        if not logged:
            return True
        what = ", ".join(f"{n:,} {kind.removesuffix('s') if n == 1 else kind}" for kind, n in logged.items())
        box = QMessageBox(QMessageBox.Icon.Question, "Close the demonstration journal?", "", parent=self)
        box.setText(f"You logged {what} in this demonstration journal.")
        box.setInformativeText(
            "A demonstration journal is thrown away when its window closes, with everything logged in it. "
            "Your own journal, which keeps what you log, opens when you start Kratom Journal without --demo."
        )
        throw = box.addButton("Close and throw it away", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it open", QMessageBox.ButtonRole.RejectRole)
        throw.setAccessibleName("Close and throw the demonstration journal away")
        keep.setAccessibleName("Keep the demonstration journal open")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.demo_question = box
        try:
            box.exec()
        finally:
            self.demo_question = None
        return box.clickedButton() is throw

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing ends undo, so the entries deleted in this session are erased from the file.

        Not while locked: the key is gone, and the next close erases them. Closed by the person
        with the tray chosen, the window only hides there (`keep_in_tray`). A demonstration
        journal something was logged in asks first (see `_demo_may_close`).
        """
        if not self.quitting and self.keep_in_tray is not None and self.keep_in_tray():
            event.ignore()
            return
        if self.demo and not self.journal_erased and not self._demo_may_close():
            self.quitting = False
            event.ignore()
            return
        if not self.journal_erased and not self.journal.locked:
            self.undo_stack.clear()
            try:
                self.journal.purge_deleted()
            except Exception:  # never keep the window open over it; the next close tries again
                log.exception("could not purge deleted entries")
        super().closeEvent(event)
        self.closed.emit()
