"""The controls above History's table: kinds, a day range, a product, a symptom, a tag and a search.

The bar only reads its controls into a `Filters` value and says when they
changed (`changed`; the search box after a pause in typing); the page applies
them to its proxy. The product, symptom and tag lists come from the journal's entries.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.domain.entities import Kind
from journal.service.timeline import TimelineChoices
from journal.ui.models.timeline import NO_PRODUCT, Filters
from journal.ui.widgets.fields import named

#: Each kind's box: its text, and what it shows in words (the short "Pain", "SOWS" and "Meds" keep
#: the row within 1024x600 with nine kinds; the tooltip and spoken name say what each is).
KIND_FILTERS = {
    Kind.INTAKE: ("Intakes", "intakes"),
    Kind.SYMPTOM: ("Symptoms", "symptoms"),
    Kind.PAIN: ("Pain", "pain check-ins"),
    Kind.WITHDRAWAL: ("SOWS", "withdrawal check-ins (SOWS)"),
    Kind.BREAK: ("Breaks", "breaks"),
    Kind.PHOTO: ("Photos", "photos"),
    Kind.MEDICATION: ("Meds", "other medications and substances"),
    Kind.PLAN: ("Plans", "your taper plans"),
    Kind.PURCHASE: ("Stash", "purchases and weighed amounts"),
}
SEARCH_DELAY_MS = 150


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def filter_choices(choices: TimelineChoices) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The product and symptom filter items the journal's entries call for, each sorted by name.

    From the database (`timeline_choices`), so they are complete while History
    still loads its rows.
    """
    product_items: list[tuple[str, Any]] = [("All products", None)]
    product_items += [
        ("No product", NO_PRODUCT) if pid is None else (name, pid) for pid, name in choices.products
    ]
    symptom_items: list[tuple[str, Any]] = [("All symptoms", None)]
    symptom_items += [(label, key) for key, label in choices.symptoms]
    return product_items, symptom_items


def tag_items(choices: TimelineChoices) -> list[tuple[str, Any]]:
    """The tag filter's items: any tag, then each tag in use."""
    return [("Any tag", None), *((tag, tag) for tag in choices.tags)]


class TimelineFilterBar(QWidget):
    """Two rows of filter controls; `filters()` is what they say, `changed` when that may differ."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_boxes: dict[Kind, QCheckBox] = {}
        kinds_row = QHBoxLayout()
        show = QLabel("Show:")
        kinds_row.addWidget(show)
        for kind, (label, words) in KIND_FILTERS.items():
            box = QCheckBox(label)
            box.setChecked(True)
            named(box, f"Show {words}", f"Show or hide {words}")
            box.toggled.connect(self.changed)
            self.kind_boxes[kind] = box
            kinds_row.addWidget(box)
        self.none_ratings = QCheckBox("“&None” ratings")
        named(
            self.none_ratings,
            "Show symptom ratings of none",
            "Show symptom ratings of “none” too; they are hidden unless ticked, since a check-in "
            "rates every symptom and most ratings are none",
        )
        self.none_ratings.toggled.connect(self.changed)
        kinds_row.addWidget(self.none_ratings)
        kinds_row.addStretch(1)
        #: The notes search: the page places it (beside its heading), the bar reads it.
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.setMaximumWidth(260)
        named(self.search, "Search notes", "Show entries whose notes contain this text, any case (Ctrl+F)")

        self.all_time = QCheckBox("All time")
        self.all_time.setChecked(True)
        named(self.all_time, "All time", "Untick to show only the days between From and To")
        self.date_from = QDateEdit(_qdate(today - timedelta(days=30)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            named(edit, f"{name} date", f"{name} this day (inclusive); untick All time to use it")
            edit.dateChanged.connect(self.changed)
        self.all_time.toggled.connect(self._all_time_toggled)
        self.product = QComboBox()
        named(self.product, "Product filter", "Show only intakes of this product")
        self.symptom = QComboBox()
        named(self.symptom, "Symptom filter", "Show only entries of this symptom")
        self.tag = QComboBox()
        named(self.tag, "Tag filter", "Show only entries with this context tag")
        self.product.currentIndexChanged.connect(self.changed)
        self.symptom.currentIndexChanged.connect(self.changed)
        self.tag.currentIndexChanged.connect(self.changed)
        self.clear_button = QPushButton("Clear filters")
        named(self.clear_button, "Clear filters", "Show every entry again")

        range_row = QHBoxLayout()
        range_row.addWidget(self.all_time)
        from_label, to_label = QLabel("&From"), QLabel("&To")
        from_label.setBuddy(self.date_from)
        to_label.setBuddy(self.date_to)
        range_row.addSpacing(4)
        range_row.addWidget(from_label)
        range_row.addWidget(self.date_from)
        range_row.addSpacing(4)
        range_row.addWidget(to_label)
        range_row.addWidget(self.date_to)
        range_row.addSpacing(8)
        product_label, symptom_label, tag_label = QLabel("&Product"), QLabel("S&ymptom"), QLabel("Ta&g")
        product_label.setBuddy(self.product)
        symptom_label.setBuddy(self.symptom)
        tag_label.setBuddy(self.tag)
        for field_label in (from_label, to_label, product_label, symptom_label, tag_label):
            # A mnemonic's underline undoes kerning, so the text needs a little more than its hint.
            field_label.setMinimumWidth(field_label.sizeHint().width() + 4)
        for combo in (self.product, self.symptom, self.tag):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)  # they stretch when there is room; the list shows names whole
        range_row.addWidget(product_label)
        range_row.addWidget(self.product, 1)
        range_row.addWidget(symptom_label)
        range_row.addWidget(self.symptom, 1)
        range_row.addWidget(tag_label)
        range_row.addWidget(self.tag, 1)
        # "Clear filters" is the page's to place (beside the count of entries shown): with the tag
        # filter, both rows still fit the page at 1024x600.

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(self.search_timer.start)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(kinds_row)
        layout.addLayout(range_row)

    def filters(self) -> Filters:
        """What the controls say now (a search still waiting for a pause counts as typed)."""
        dated = not self.all_time.isChecked()
        first = self.date_from.date().toPython() if dated else None
        last = self.date_to.date().toPython() if dated else None
        assert first is None or isinstance(first, date)
        assert last is None or isinstance(last, date)
        return Filters(
            kinds=frozenset(kind for kind, box in self.kind_boxes.items() if box.isChecked()),
            first_day=first,
            last_day=last,
            product_id=self.product.currentData(),
            symptom_key=self.symptom.currentData(),
            text=self.search.text().strip(),
            none_ratings=self.none_ratings.isChecked(),
            tag=self.tag.currentData(),
        )

    def fill_choices(self, choices: TimelineChoices) -> None:
        """Offer the products, symptoms and tags of `choices`; a chosen one that went stays chosen."""
        product_items, symptom_items = filter_choices(choices)
        for combo, items in (
            (self.product, product_items),
            (self.symptom, symptom_items),
            (self.tag, tag_items(choices)),
        ):
            current = combo.currentData()
            if current is not None and all(data != current for _text, data in items):
                # Its last entry just went (deleted, or corrected): keep the filter as chosen.
                items.append((combo.currentText(), current))
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def clear(self) -> None:
        """Every kind, all time, no product, symptom or search; `changed` is not emitted."""
        controls: list[QWidget] = [
            *self.kind_boxes.values(),
            self.none_ratings,
            self.all_time,
            self.search,
            self.product,
            self.symptom,
            self.tag,
        ]
        for control in controls:
            control.blockSignals(True)
        for box in self.kind_boxes.values():
            box.setChecked(True)
        self.none_ratings.setChecked(False)
        self.all_time.setChecked(True)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.search.clear()
        self.product.setCurrentIndex(0)
        self.symptom.setCurrentIndex(0)
        self.tag.setCurrentIndex(0)
        for control in controls:
            control.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _all_time_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(not checked)
        self.date_to.setEnabled(not checked)
        self.changed.emit()
