"""The question a one-click preset asks when its amount is unusually large, as the Log form does.

The Log form has "Confirm unusually large amount"; a preset has no form, so it
asks: the journal's own words about the amount, and Log it / Don't log. Only
"Log it" saves, with the confirmation; nothing is saved otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from journal.domain.errors import NeedsConfirmation
from journal.service.intakes import Preset


def ask_unusual_preset(
    parent: QWidget | None, preset: Preset, err: NeedsConfirmation, confirmed: Callable[[], object]
) -> QMessageBox:
    """Open the question (window-modal, not blocking); `confirmed()` runs only on "Log it"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unusually large amount")
    box.setText(f"Log {preset.label} now?")
    box.setInformativeText(err.message)
    box.setAccessibleName("Unusually large amount")
    log_it = box.addButton("&Log it", QMessageBox.ButtonRole.AcceptRole)
    dont = box.addButton("&Don't log", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(dont)  # Enter does not save an amount the journal questions
    box.setEscapeButton(dont)

    def answered(_result: int) -> None:
        if box.clickedButton() is log_it:
            confirmed()

    box.finished.connect(answered)
    box.open()
    return box
