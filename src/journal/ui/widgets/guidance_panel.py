"""The panel beside the amount: projected 24-hour total and findings with their sources."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from journal.domain.amounts import format_g
from journal.domain.entities import Finding, Level
from journal.domain.guidance import Guidance
from journal.service.intakes import IntakeCheck
from journal.ui.text import LEVEL_MARK, LEVEL_WORD
from journal.ui.widgets.link_button import link_button
from journal.ui.widgets.source_dialog import SourceDialog


class GuidancePanel(QFrame):
    """Live guidance for the intake being typed. It informs; it never blocks saving."""

    source_opened = Signal(object)

    def __init__(self, guidance: Guidance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guidance = guidance
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Guidance")
        self.setMinimumWidth(300)
        self._layout = QVBoxLayout(self)
        title = QLabel("<b>Guidance</b>")
        self._layout.addWidget(title)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.total.setAccessibleName("Projected rolling 24-hour total")
        self._layout.addWidget(self.total)
        #: Your own taper plan for the intake's day, when one runs: never a finding, never guidance.
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setAccessibleName("Your plan for the day")
        self.plan.hide()
        self._layout.addWidget(self.plan)
        self.findings_box = QVBoxLayout()
        self._layout.addLayout(self.findings_box)
        self._layout.addStretch(1)
        footer = QLabel(
            "Findings inform; they never stop you saving. This is not medical "
            "advice: talk to a clinician about your own use."
        )
        footer.setWordWrap(True)
        footer.setAccessibleName("What findings are")  # in the text colour: dimmed, it read at 1.6:1
        self._layout.addWidget(footer)
        self.finding_labels: list[QLabel] = []
        #: Each finding's "source" link, in the order of the findings (Tab reaches them after `focus_after`).
        self.finding_links: list[QPushButton] = []
        self._finding_frames: list[QWidget] = []
        #: The form's last field: Tab goes from it to the findings' links.
        self.focus_after: QWidget | None = None
        self.show_idle()

    def show_idle(self) -> None:
        """Before an amount is typed: the cited ranges themselves."""
        start, upper = self.guidance.starting, self.guidance.upper
        self.total.setText(
            f"Type an amount to see your rolling 24-hour total.<br><br>Cited ranges: a starting "
            f"dose of {start.range_text}; no more than {upper.range_text} within 24 hours."
        )
        self._set_findings(())

    def show_error(self) -> None:
        self.total.setText("Fix the amount to see the guidance.")
        self._set_findings(())

    def show_check(self, check: IntakeCheck, *, saved: bool = False) -> None:
        leaf = check.leaf
        upper = self.guidance.upper
        est = " (estimate)" if check.rolling_estimate else ""
        head = "Saved." if saved else "If you save this intake:"
        this = (
            f"this intake counts as {format_g(leaf.mg)}"
            f"{' (estimate)' if check.intake.counts_as_estimate else ''} of leaf"
            if leaf.mg is not None
            else "this intake is not counted in the totals"
        )
        self.total.setText(
            f"{head} {escape(this)}.<br><b>Rolling 24-hour total: {format_g(check.rolling)}{est}</b>"
            f" (cited upper limit {upper.range_text})."
        )
        self._set_findings(check.findings, "Within the cited ranges.")

    def show_plan(self, text: str | None) -> None:
        """The line about your own plan beside the cited findings (None: no plan that day)."""
        self.plan.setText(text or "")
        self.plan.setVisible(bool(text))

    def _set_findings(self, findings: tuple[Finding, ...], empty_text: str = "") -> None:
        for frame in self._finding_frames:
            frame.hide()  # deleteLater acts once control returns to the event loop
            frame.deleteLater()
        self._finding_frames, self.finding_labels, self.finding_links = [], [], []
        if not findings and empty_text:
            done = QLabel(f"✓ {empty_text}")
            self._finding_frames.append(done)
            self.finding_labels.append(done)
            self.findings_box.addWidget(done)
        previous = self.focus_after
        for finding in findings:
            frame = QFrame()
            frame.setObjectName("finding")
            frame.setStyleSheet(_STYLE[finding.level])
            column = QVBoxLayout(frame)
            column.setContentsMargins(6, 4, 6, 4)
            column.setSpacing(2)
            label = QLabel(_finding_html(finding))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAccessibleName(f"{LEVEL_WORD[finding.level]}: {finding.message}")
            label.setToolTip(f"Rests on: {finding.basis}")
            link = link_button(
                _basis_words(finding),
                f"Where the {LEVEL_WORD[finding.level].lower()} comes from",
                f"Rests on: {finding.basis}. Opens the quoted passage (Enter or Space)",
            )
            link.setAccessibleDescription(finding.message)
            link.clicked.connect(lambda _=False, f=finding: self.open_source(f))
            column.addWidget(label)
            column.addWidget(link)
            self.findings_box.addWidget(frame)
            frame.show()  # at once (a layout shows it later), so Tab can reach its link straight away
            if previous is not None:
                QWidget.setTabOrder(previous, link)
            previous = link
            self._finding_frames.append(frame)
            self.finding_labels.append(label)
            self.finding_links.append(link)

    def open_source(self, finding: Finding) -> SourceDialog:
        dialog = SourceDialog(finding, self)
        self.source_opened.emit(dialog)
        dialog.open()
        return dialog


_BAR = "#finding {{ border: 0px solid transparent; border-left: 4px solid {}; }}"
_STYLE = {
    Level.NOTICE: _BAR.format("#0072B2"),
    Level.CAUTION: _BAR.format("#E69F00"),
    Level.WARNING: _BAR.format("#D55E00"),
}


def _finding_html(finding: Finding) -> str:
    return f"<b>{LEVEL_MARK[finding.level]} {LEVEL_WORD[finding.level]}</b>: {escape(finding.message)}"


def _basis_words(finding: Finding) -> str:
    """The link's words: "source" for a cited range, else what it rests on ("your personal limit")."""
    return "source" if finding.citations and finding.basis == "cited range" else finding.basis
