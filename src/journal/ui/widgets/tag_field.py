"""A form's context tags: the suggested ones as toggle chips, and free ones typed with a completer.

The field only holds what is chosen and typed; the journal checks the tags when
the entry is saved (`domain.tags.check_tags`), and a refusal is shown here, under
the field, with everything still chosen and typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCompleter, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from journal.domain.errors import InvalidInput
from journal.domain.tags import SUGGESTED_TAGS, check_tags, split_tags
from journal.ui.widgets.fields import error_label, named, show_error

#: Chips per row: two rows of four fit the narrowest dialog. A pressed chip says so in words too (✓).
CHIPS_PER_ROW = 4
CHIP_STYLE = "QPushButton { padding: 2px 8px; } QPushButton:checked { font-weight: bold; }"


class TagField(QWidget):
    """Suggested tags to toggle and a line for others ("travel, work"); `tags()` is what they say."""

    changed = Signal()

    def __init__(self, known: Callable[[], Iterable[str]] = tuple, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_known = known
        self.chips: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        for n, tag in enumerate(SUGGESTED_TAGS):
            chip = QPushButton(tag)
            chip.setCheckable(True)
            chip.setStyleSheet(CHIP_STYLE)
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            named(chip, f"Tag: {tag}", f"Put the tag “{tag}” on this entry (click again to take it off)")
            chip.toggled.connect(lambda on, chip=chip, tag=tag: chip.setText(f"✓ {tag}" if on else tag))
            chip.toggled.connect(self._edited)
            self.chips[tag] = chip
            grid.addWidget(chip, n // CHIPS_PER_ROW, n % CHIPS_PER_ROW)
        self.free = QLineEdit()
        self.free.setPlaceholderText("Other tags, separated by commas")
        named(
            self.free,
            "Other tags",
            "Tags of your own, separated by commas (at most 10 tags per entry, 40 characters each); "
            "tags you used before are offered as you type",
        )
        self._known = QStringListModel()
        self.completer = QCompleter(self._known, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(self.free)
        self.completer.activated.connect(self._complete)
        self.free.textEdited.connect(self._typed)
        self.error = error_label("Tags problem")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.free)
        layout.addWidget(self.error)

    def focus_widgets(self) -> list[QWidget]:
        return [*self.chips.values(), self.free]

    def showEvent(self, event: QShowEvent) -> None:
        """Offer the tags in use as they are now, each time the form is shown."""
        self.refresh_known()
        super().showEvent(event)

    def refresh_known(self) -> None:
        """Read again the tags the completer offers (those in use on live entries)."""
        self._known.setStringList(sorted(self._read_known()))

    def raw_tags(self) -> list[str]:
        """What is chosen and typed, unchecked."""
        return [tag for tag, chip in self.chips.items() if chip.isChecked()] + split_tags(self.free.text())

    def tags(self) -> tuple[str, ...]:
        """The tags chosen and typed, checked; InvalidInput("tags") names what is wrong."""
        return check_tags(self.raw_tags())

    def set_tags(self, tags: Iterable[str]) -> None:
        """Show `tags`: suggested ones as pressed chips, the others in the line."""
        tags = list(tags)
        self.blockSignals(True)
        for tag, chip in self.chips.items():
            chip.setChecked(tag in tags)
        self.free.setText(", ".join(tag for tag in tags if tag not in self.chips))
        self.blockSignals(False)
        self.error.hide()

    def clear(self) -> None:
        self.set_tags(())

    def show_error(self, message: str) -> None:
        show_error(self.error, message)

    def _edited(self) -> None:
        """Check as the person types or toggles: a problem is said at once, under the field."""
        self.error.hide()
        try:
            self.tags()
        except InvalidInput as err:
            show_error(self.error, err.message)
        self.changed.emit()

    def _typed(self, text: str) -> None:
        """Offer the tags in use that begin like the tag being typed (the text after the last comma)."""
        self._edited()
        current = text.rsplit(",", 1)[-1].strip()
        popup = self.completer.popup()
        if current:
            self.completer.setCompletionPrefix(current)
        if current and self.completer.completionCount() > 0:
            self.completer.complete()
        elif popup is not None:
            popup.hide()

    def _complete(self, tag: str) -> None:
        """Put the chosen tag in place of the one being typed."""
        before = self.free.text().rsplit(",", 1)
        done = [part.strip() for part in before[:-1]] if len(before) > 1 else []
        self.free.setText(", ".join([*done, tag]))
        self._edited()
