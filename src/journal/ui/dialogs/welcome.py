"""The first-run welcome: your journal stays here, where the warnings come from, not medical advice.

For a demonstration journal it first says what that is: made-up entries, thrown away on closing.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal import resources
from journal.domain.entities import Settings
from journal.service.journal import Journal
from journal.ui.dialogs.sources import RULE_TITLES, SourcesPage
from journal.ui.text import home_path
from journal.ui.widgets.fields import resize_on_screen


class WelcomeDialog(QDialog):
    """Shown once, on first run. "Start" closes it and remembers that it was seen."""

    #: Emitted with the saved Settings when the person presses Start.
    welcomed = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.journal = journal
        self.sources_page: SourcesPage | None = None
        self.setWindowTitle(
            "Welcome to the demonstration journal" if demo else "Welcome to your kratom journal"
        )
        resize_on_screen(self, 720, 540)

        self.text = QLabel(welcome_html(journal, demo=demo))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Welcome")
        self.text.setContentsMargins(4, 0, 12, 0)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.text)

        buttons = QDialogButtonBox()
        self.sources_button = QPushButton("&Read the sources")
        self.sources_button.setAccessibleName("Read the sources")
        self.sources_button.setToolTip(
            "Open the Sources page: each source, the claims used, where they disagree"
        )
        self.start_button = QPushButton("&Start")
        self.start_button.setAccessibleName("Start using the journal")
        self.start_button.setToolTip("Close this welcome and start (it will not be shown again)")
        self.start_button.setDefault(True)
        buttons.addButton(self.sources_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.sources_button.clicked.connect(self.open_sources)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.start_button, self.sources_button)
        self.start_button.setFocus()

    def open_sources(self) -> SourcesPage:
        """Show the Sources page beside the welcome (non-modal; one at a time)."""
        if self.sources_page is None:
            self.sources_page = SourcesPage(self)
        self.sources_page.show()
        self.sources_page.raise_()
        self.sources_page.activateWindow()
        return self.sources_page

    def accept(self) -> None:
        """Start: remember that the welcome was seen, then close."""
        settings: Settings = replace(self.journal.settings, welcomed=True)
        self.journal.save_settings(settings)
        if self.sources_page is not None:
            self.sources_page.close()
        super().accept()
        self.welcomed.emit(settings)


def welcome_html(journal: Journal, *, demo: bool = False) -> str:
    """The welcome text: privacy, the cited rules with their sources, not medical advice."""
    rules = []
    for rule_id, title in RULE_TITLES.items():
        rule = journal.guidance.rules.get(rule_id)
        if rule is None:
            continue
        value = f" {rule.range_text}" if rule.low is not None else ""
        named = resources.sources().name
        files = ", ".join(escape(named(file)) for file in dict.fromkeys(c.file for c in rule.citations))
        rules.append(f"<li><b>{escape(title)}{escape(value)}</b>: {files}</li>")
    if demo:
        start = (
            "<h2>Welcome to the demonstration journal</h2>"
            "<p>This journal helps you record kratom doses, breaks, symptoms and pain, and shows "
            "guidance as you type. Try it here on made-up entries.</p>"
            "<h3>Made-up entries, thrown away when you close it</h3>"
            "<p>Everything in this demonstration is made up: an imaginary person's doses, breaks, "
            "symptoms and pain check-ins over the last years. It is kept in a temporary folder and thrown "
            "away when you close the window, with anything you log in it; if you logged something, the "
            "window asks before it closes. Your own journal opens when you start Kratom Journal without "
            "<code>--demo</code>.</p>"
            "<h3>It stays on this computer</h3>"
            "<p>There is no account and no network connection, here as in your own journal. Nothing "
            "leaves this computer unless you export it.</p>"
        )
    else:
        folder = escape(home_path(journal.folder))
        start = (
            "<h2>Welcome</h2>"
            "<p>This journal helps you record kratom doses, breaks, symptoms and pain, and shows "
            "guidance as you type.</p>"
            "<h3>It stays on this computer</h3>"
            "<p>There is no account and no network connection. Your journal is one file in "
            f"<b>{folder}</b>, readable by you alone. Nothing leaves this computer unless you "
            "export it.</p>"
        )
    return (
        f"{start}"
        "<h3>Where the warnings come from</h3>"
        f"<p>Each warning quotes one of the {len(resources.sources().sources)} source texts that ship with "
        "the journal (named below; their quoted passages are on the Sources page):</p>"
        f"<ul>{''.join(rules)}</ul>"
        "<p>The sources disagree in places (for example on dependence and on hair loss); the "
        "Sources page shows both sides. Limits and plans you set yourself in Settings are labelled "
        "“your personal limit” and “your break plan”.</p>"
        "<h3>Not medical advice</h3>"
        "<p>The journal records what happened and never stops you saving. It is not medical advice: "
        "talk to a clinician about your use, as every source also says.</p>"
        "<p>You can open the Sources page at any time from the Help menu.</p>"
    )


def maybe_welcome(
    journal: Journal, parent: QWidget | None = None, *, demo: bool = False
) -> WelcomeDialog | None:
    """Open the welcome (with .open(), not blocking) if it has not been seen; else None."""
    if journal.settings.welcomed:
        return None
    dialog = WelcomeDialog(journal, parent, demo=demo)
    dialog.open()
    return dialog
