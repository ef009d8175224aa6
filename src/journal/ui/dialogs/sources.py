"""The Sources page: each cited text, what the journal uses from it, and where the texts disagree.

It presents both sides of a disagreement without picking one, and the cited dose
rules with their section and quoted passage. Any source's full text is one click
(or Enter) away.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal import resources
from journal.domain.guidance import STARTING_WHEN, Guidance, Rule
from journal.domain.sources import Reference, Sources
from journal.ui.widgets.fields import resize_on_screen

#: Short names for the cited rules, in the order they are shown.
RULE_TITLES = {
    "starting-dose": "Starting dose",
    "upper-limit-24h": "Upper limit within 24 hours",
    "regular-breaks": "Breaks",
    "forms-not-covered": "Extracts and other forms",
    "see-clinician": "When to see a clinician",
}
SOURCE_LINK = "source:"
#: When a rule is applied, where the sources leave it open (the journal's reading, said as such).
RULE_WHEN = {"starting-dose": STARTING_WHEN}


def _quote(text: str) -> str:
    return f"<i>“{escape(text)}”</i>"


def rule_html(rule: Rule, sources: Sources) -> str:
    """One cited rule: what it says and the passages it rests on."""
    if rule.low is not None:
        kind = {"per_intake": "per intake", "rolling_24h": "within any 24 hours"}.get(rule.kind, "")
        values = f"<br>Cited range: <b>{escape(rule.range_text)}</b> {kind}".rstrip() + "."
    else:
        values = ""
    cites = "".join(
        f"<li style='margin-bottom: 4px'>{_quote(c.quote)}<br>— {escape(sources.name(c.file))}, "
        f"section “{escape(c.section)}”</li>"
        for c in rule.citations
    )
    title = RULE_TITLES.get(rule.id, rule.id)
    when = RULE_WHEN.get(rule.id)
    applied = f"<p>When the journal says it: {escape(when)}</p>" if when else ""
    return f"<h4>{escape(title)}</h4><p>{escape(rule.summary)}{values}</p>{applied}<ul>{cites}</ul>"


def _reference_html(ref: Reference) -> str:
    return (
        f"<h4>{escape(ref.short)}</h4><p>{escape(ref.citation)}.</p><p>Used for: {escape(ref.used_for)}.</p>"
    )


def sources_html(sources: Sources, guidance: Guidance) -> str:
    """The whole page as rich text: rules, sources, disagreements."""
    parts = [
        "<h2>The sources the journal cites</h2>",
        "<p>The journal's warnings quote five texts that ship with it. They are articles, "
        "not clinical guidelines, and they disagree with each other in places; this page shows "
        "where, without taking a side. Nothing here is medical advice: talk to a clinician about "
        "your own use, as every source also says.</p>",
        "<p>Limits and plans you set yourself are labelled “your personal limit” and “your "
        "break plan”; they are not from these sources.</p>",
        "<h3>The rules the warnings use</h3>",
    ]
    ordered = [r for rid in RULE_TITLES if (r := guidance.rules.get(rid)) is not None]
    ordered += [r for rid, r in guidance.rules.items() if rid not in RULE_TITLES]
    parts.extend(rule_html(rule, sources) for rule in ordered)

    parts.append("<h3>Each source and what the journal uses from it</h3>")
    for source in sources:
        claims = "".join(
            f"<li style='margin-bottom: 4px'>{escape(c.claim)}<br>{_quote(c.quote)}</li>"
            for c in source.claims
        )
        parts.append(
            f"<h4>{escape(source.name)}</h4>"
            f"<p><i>{escape(source.title)}</i> · {escape(source.credit)} · "
            f"<a href='{SOURCE_LINK}{escape(source.file)}'>read the full text</a></p>"
            f"<p>{escape(source.about)}</p>"
            f"<p>Claims used:</p><ul>{claims}</ul>"
            f"<p><small>Details: shipped with the journal as the file {escape(source.file)}.</small></p>"
        )

    instruments = [r for r in sources.references if r.kind == "measuring instrument"]
    others = [r for r in sources.references if r.kind != "measuring instrument"]
    if instruments:
        parts.append("<h3>Published measuring instruments</h3>")
        parts.append(
            "<p>Scales the journal asks you to fill in. They are published rating scales, not among "
            "the five texts above, and the journal quotes no warning from them: it records your "
            "answers and their total, and does not interpret them.</p>"
        )
        parts.extend(_reference_html(r) for r in instruments)
    if others:
        parts.append("<h3>Other published works cited</h3>")
        parts.append("<p>Works the journal cites for a figure; they are not among the five texts either.</p>")
        parts.extend(_reference_html(r) for r in others)

    parts.append("<h3>Where the sources disagree</h3>")
    parts.append(
        "<p>These points are contested between the sources (sometimes within one source). "
        "The journal shows each side and takes none; it records what you notice so you and a "
        "clinician can judge.</p>"
    )
    for item in sources.disagreements:
        share = 100 // len(item.sides)
        widths = [share] * (len(item.sides) - 1) + [100 - share * (len(item.sides) - 1)]
        head = "".join(
            f"<th align='left' width='{width}%'>Side {n}: {escape(side.position)}</th>"
            for n, (side, width) in enumerate(zip(item.sides, widths, strict=True), 1)
        )
        cells = "".join(
            "<td valign='top'>"
            + "".join(
                f"<p><b>{escape(sources.name(s.file))}</b>: {escape(s.claim)}<br>{_quote(s.quote)}</p>"
                for s in side.statements
            )
            + "</td>"
            for side in item.sides
        )
        parts.append(
            f"<h4>{escape(item.topic)}</h4><p>{escape(item.summary)}</p>"
            "<table width='100%' cellspacing='0' cellpadding='6' border='1' "
            "style='border-collapse: collapse; border-color: #808080; border-style: solid;'>"
            f"<tr>{head}</tr><tr>{cells}</tr></table>"
        )
    return "".join(parts)


class SourceTextDialog(QDialog):
    """The full text of one source file, read-only and selectable."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_name = file_name
        source = resources.sources().by_file(file_name)
        title = source.name
        self.setWindowTitle(f"{title} — source text")
        resize_on_screen(self, 760, 560)
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<b>{escape(source.title)}</b><br>{escape(source.credit)}<br>"
            f"<small>Shipped with the journal as the file {escape(file_name)}</small>"
        )
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading.setAccessibleName("Source title and file")
        layout.addWidget(heading)
        # One paragraph per line of the file, spaced apart so the text reads easily.
        self.text = QTextBrowser()
        self.text.setHtml(
            "".join(
                f"<p style='margin-bottom: 8px'>{escape(line)}</p>"
                for line in resources.source_text(file_name).splitlines()
            )
        )
        self.text.setAccessibleName(f"Full text of {title}")
        self.text.setToolTip("The source text exactly as the journal ships it")
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setIcon(QIcon())
        close.setAccessibleName("Close the source text")
        close.setToolTip("Close (Esc)")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SourcesPage(QDialog):
    """Each source with the claims used, the cited rules, and where the sources disagree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sources")
        resize_on_screen(self, 900, 680)
        self.sources = resources.sources()
        self.guidance = resources.guidance()
        self.text_dialogs: list[SourceTextDialog] = []

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Sources, the rules they give, and where they disagree")
        self.browser.setToolTip("Select text to copy it; follow a link to read a source in full")
        self.browser.anchorClicked.connect(self._link)
        self._render()

        self.choice = QComboBox()
        self.choice.setAccessibleName("Source to read in full")
        self.choice.setToolTip("Choose a source to read in full")
        for source in self.sources:
            self.choice.addItem(source.name, source.file)
        self.view_button = QPushButton("&View full text")
        self.view_button.setAccessibleName("View the full text of the chosen source")
        self.view_button.setToolTip("Open the chosen source file's full text")
        self.view_button.clicked.connect(lambda: self.show_source(self.choice.currentData()))
        choose_label = QLabel("&Full text of:")
        choose_label.setBuddy(self.choice)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setIcon(QIcon())
        self.close_button.setAccessibleName("Close the sources")
        self.close_button.setToolTip("Close (Esc)")
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(choose_label)
        row.addWidget(self.choice, 1)
        row.addWidget(self.view_button)
        row.addStretch(0)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        QWidget.setTabOrder(self.browser, self.choice)
        QWidget.setTabOrder(self.choice, self.view_button)
        QWidget.setTabOrder(self.view_button, self.close_button)

    def text(self) -> str:
        """The page as plain text."""
        return self.browser.toPlainText()

    def show_source(self, file_name: str) -> SourceTextDialog:
        """Open the full text of a source file beside this page."""
        dialog = SourceTextDialog(file_name, self)
        self.text_dialogs.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        dialog.show()  # not modal: read it beside this page
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, dialog: SourceTextDialog) -> None:
        if dialog in self.text_dialogs:
            self.text_dialogs.remove(dialog)
        dialog.deleteLater()

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(SOURCE_LINK):
            self.show_source(target.removeprefix(SOURCE_LINK))

    def _render(self) -> None:
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(sources_html(self.sources, self.guidance))
        bar.setValue(position)

    def changeEvent(self, event: QEvent) -> None:
        # Link colours are fixed when rich text is laid out: lay it out again for a new look.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "browser"):
            self._render()
        super().changeEvent(event)
