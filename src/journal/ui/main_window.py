"""The main window: a page list on the left, the pages on the right, a menu for every action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from journal.service import IntakeCheck, Journal
from journal.ui.intake_form import IntakeForm
from journal.ui.today_page import TodayPage


class MainWindow(QMainWindow):
    """Today and Log pages over one open journal."""

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.setWindowTitle("Kratom Journal")
        self.resize(1000, 640)

        self.today = TodayPage(journal)
        self.log = IntakeForm(journal)
        self.pages = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setMaximumWidth(140)
        self.page_actions: list[QAction] = []
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setToolTip("Quit (Ctrl+Q)")
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view = self.menuBar().addMenu("&View")
        for number, (title, page) in enumerate([("Today", self.today), ("Log", self.log)], 1):
            self.pages.addWidget(page)
            self.nav.addItem(title)
            action = QAction(f"&{title}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(f"Show the {title} page (Ctrl+{number})")
            action.triggered.connect(lambda _=False, i=number - 1: self.show_page(i))
            view.addAction(action)
            self.page_actions.append(action)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        log_menu = self.menuBar().addMenu("&Log")
        self.log_intake_action = QAction("Log &intake…", self)
        self.log_intake_action.setShortcut(QKeySequence("Ctrl+N"))
        self.log_intake_action.setToolTip("Log an intake (Ctrl+N)")
        self.log_intake_action.triggered.connect(self.start_intake)
        log_menu.addAction(self.log_intake_action)

        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Journal: {journal.store.path}  ·  stays on this computer")

        self.log.saved.connect(self._intake_saved)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)
        if self.pages.widget(index) is self.today:
            self.today.refresh()

    def start_intake(self) -> None:
        self.show_page(1)
        self.log.amount.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _intake_saved(self, check: IntakeCheck) -> None:
        self.today.refresh()
        self.statusBar().showMessage(self.log.status.text(), 8000)
