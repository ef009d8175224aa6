"""A dialog that shows the passages a finding rests on."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from journal.domain.entities import Finding
from journal.domain.guidance import CITED
from journal.ui.text import citation_html


class SourceDialog(QDialog):
    """The quoted passage, its source file and section, for one finding."""

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Where this comes from")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        body = "".join(citation_html(c) for c in finding.citations)
        if not finding.citations:
            intro = f"This rests on {finding.basis}, set in Settings, not on a cited source."
        elif finding.basis != CITED:
            intro = (
                f"This rests on {finding.basis}. The sources say breaks matter but give no number of days:"
            )
        else:
            intro = (
                "This comes from the source texts the journal cites. "
                "It is not medical advice: talk to a clinician about your own use."
            )
        self.text = QLabel(f"<p>{intro}</p>{body}")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(
            self.text.textInteractionFlags() | self.text.textInteractionFlags().TextSelectableByMouse
        )
        self.text.setAccessibleName("Quoted source passage")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
