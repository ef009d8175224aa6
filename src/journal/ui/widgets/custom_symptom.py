"""A symptom of your own: the small form the symptom check-in reveals, and the key it is given.

The form checks the name against the list (empty, too long, already there) and
makes a key from it; the check-in saves the new symptom and shows it, ready to rate.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLineEdit, QPushButton, QWidget

from journal.domain.catalogue import Catalogue
from journal.domain.entities import SymptomType
from journal.ui.widgets.fields import buddy, error_label, show_error

LIVER = "liver"
MAX_LABEL_CHARS = 200


def slug(text: str) -> str:
    """A key-friendly form of a label: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "symptom"


class CustomSymptomForm(QFrame):
    """Name and category; Enter in the name or "Add to the list" emits `submitted`."""

    submitted = Signal()

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name of your symptom")
        self.name.setToolTip("What to call the symptom; press Enter to add it")
        self.name.setPlaceholderText("e.g. Headache")
        self.name.setMaxLength(MAX_LABEL_CHARS + 1)
        self.category = QComboBox()
        self.category.setAccessibleName("Category of your symptom")
        self.category.setToolTip("The group your symptom is listed in")
        for key, label in catalogue.categories:
            self.category.addItem(label, key)
        self.add = QPushButton("Add to the list")
        self.add.setAccessibleName("Add this symptom to the list")
        self.add.setToolTip("Add the symptom to the list so you can rate it now and later")
        self.error = error_label("Your symptom problem")
        layout = QGridLayout(self)
        layout.addWidget(buddy("&Name", self.name), 0, 0)
        layout.addWidget(self.name, 0, 1)
        layout.addWidget(buddy("Cate&gory", self.category), 0, 2)
        layout.addWidget(self.category, 0, 3)
        layout.addWidget(self.add, 0, 4)
        layout.addWidget(self.error, 1, 1, 1, 4)
        layout.setColumnStretch(1, 1)
        self.add.clicked.connect(self.submitted)
        self.name.installEventFilter(self)
        self.name.textEdited.connect(self.error.hide)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the name adds the symptom, rather than pressing the dialog's Save."""
        if (
            watched is self.name
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)

    def new_type(self, types: list[SymptomType]) -> SymptomType | None:
        """The symptom typed, with a key none of `types` has; None (and why, at the name) if refused."""
        self.error.hide()
        label = " ".join(self.name.text().split())
        category = str(self.category.currentData())
        problem = ""
        same = next((t for t in types if t.label.lower() == label.lower()), None)
        if not label:
            problem = "Give your symptom a name."
        elif len(label) > MAX_LABEL_CHARS:
            problem = f"Keep the name to {MAX_LABEL_CHARS} characters."
        elif same is not None:
            where = self.catalogue.category_label(same.category)
            problem = f"“{same.label}” is already in the list, under {where}."
        if problem:
            show_error(self.error, problem)
            self.name.setFocus()
            return None
        keys = {t.key for t in types}
        base = f"custom-{slug(label)}"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        return SymptomType(key=key, label=label, category=category, red_flag=category == LIVER, builtin=False)
