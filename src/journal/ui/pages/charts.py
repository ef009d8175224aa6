"""Charts: amount per day, symptoms, pain, use against a symptom, and withdrawal scores, over a
chosen period.

The page is cheap to construct: matplotlib is imported, and the canvases are
made, only when the page is first shown, so the window's first appearance does
not wait for it. Each chart is drawn when its tab is first shown after a
change (period, data, look), from the Qt-free builders in `journal.charts`;
redraws go through `draw_idle`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from journal.charts.data.amount import amount_data
from journal.charts.data.common import FirstDays, first_days, journal_today
from journal.charts.data.pain import pain_data
from journal.charts.data.symptoms import symptom_data
from journal.charts.data.use import UseData, use_data
from journal.charts.data.withdrawal import withdrawal_data
from journal.charts.style import ChartStyle, style_for
from journal.domain.periods import Period, PeriodKind, period_for
from journal.service.journal import Journal

if TYPE_CHECKING:
    from matplotlib.backend_bases import Event
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

HOVER_HINT = "Point at a day in the chart to see its values here."
#: Rebuild a chart (legend columns) when its width changes by more than this many inches.
_REFLOW_INCHES = 0.6


@dataclass(frozen=True, slots=True)
class ChartInfo:
    key: str
    title: str
    tip: str


CHARTS = (
    ChartInfo(
        "amount",
        "Amount per day",
        "Grams per day with the cited ranges, the highest rolling 24-hour totals, your limit and breaks",
    ),
    ChartInfo("symptoms", "Symptoms", "The worst rating of each symptom per day, grouped by category"),
    ChartInfo("pain", "Pain", "Pain now and the PEG score, with their 7-day averages"),
    ChartInfo(
        "use",
        "Use and symptoms",
        "A symptom's worst rating per day beside your 7- and 30-day average amounts",
    ),
    ChartInfo(
        "withdrawal",
        "Withdrawal (SOWS)",
        "The total of each scored withdrawal check-in (0 to 64), with breaks shaded",
    ),
)
_PERIODS = (
    (PeriodKind.DAYS_7, "&7 days", "Alt+7", "the last 7 days"),
    (PeriodKind.DAYS_30, "&30 days", "Alt+3", "the last 30 days"),
    (PeriodKind.DAYS_90, "&90 days", "Alt+9", "the last 90 days"),
    (PeriodKind.YEAR, "1 &year", "Alt+Y", "the last 365 days"),
    (PeriodKind.ALL, "&All", "Alt+A", "everything since the first entry (long periods are shown by week)"),
    (PeriodKind.CUSTOM, "&Custom", "Alt+C", "the days chosen in From and To"),
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def _named(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


class ChartsPage(QWidget):
    """The Charts page over one journal. Call `refresh()` after the journal changes."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.setAccessibleName("Charts")
        self.kind = PeriodKind.DAYS_30
        self.symptom_key: str | None = None
        self.canvases: dict[str, FigureCanvasQTAgg] = {}
        self.data: dict[str, Any] = {}
        self._built_width: dict[str, float] = {}
        self._stale = {c.key for c in CHARTS}
        self._firsts: FirstDays | None = None
        self._style: ChartStyle | None = None

        # Period ------------------------------------------------------------------------
        # Radio buttons, as they act: one period at a time, announced as such, arrows move between
        # them and Tab stops once, at the chosen one (`_tab_to_chosen`).
        self.period_group = QButtonGroup(self)
        self.period_group.setExclusive(True)
        self.period_buttons: dict[PeriodKind, QRadioButton] = {}
        self.period_box = QWidget()
        self.period_box.setAccessibleName("Period")
        period_row = QHBoxLayout(self.period_box)
        period_row.setContentsMargins(0, 0, 0, 0)
        period_label = QLabel("Period:")
        period_row.addWidget(period_label)
        for kind, text, keys, what in _PERIODS:
            button = QRadioButton(text)
            _named(button, f"Period: {kind.label}", f"Show {what} ({keys}; arrow keys choose another)")
            button.toggled.connect(partial(self._period_toggled, kind))
            self.period_group.addButton(button)
            self.period_buttons[kind] = button
            period_row.addWidget(button)
        self.period_group.buttonToggled.connect(lambda _button, _checked: self._tab_to_chosen())
        today = self._today()
        self.date_from = QDateEdit(_qdate(today - timedelta(days=29)))
        self.date_to = QDateEdit(_qdate(today))
        from_label, to_label = QLabel("Fr&om"), QLabel("&To")
        from_label.setBuddy(self.date_from)
        to_label.setBuddy(self.date_to)
        for field_label in (from_label, to_label):
            # A mnemonic's underline undoes kerning, so the text needs a little more than its hint.
            field_label.setMinimumWidth(field_label.sizeHint().width() + 4)
        for edit, name, keys in ((self.date_from, "From", "Alt+O"), (self.date_to, "To", "Alt+T")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
            _named(
                edit,
                f"Custom period: {name.lower()}",
                f"{name} this day, included ({keys}); choose Custom first",
            )
            edit.dateChanged.connect(self._custom_changed)
        period_row.addSpacing(10)
        period_row.addWidget(from_label)
        period_row.addWidget(self.date_from)
        period_row.addWidget(to_label)
        period_row.addWidget(self.date_to)
        period_row.addStretch(1)
        self.save_button = QPushButton("&Save chart…")
        self.save_button.setAutoDefault(False)
        _named(self.save_button, "Save chart", "Save the chart shown as a PNG image or SVG drawing (Ctrl+S)")
        self.save_button.clicked.connect(lambda: self.save_chart())
        self.save_action = QAction("Save chart…", self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(lambda _=False: self.save_chart())
        self.addAction(self.save_action)

        # Charts ----------------------------------------------------------------------------
        self.tabs = QTabWidget()
        _named(self.tabs, "Charts", "Choose a chart (Ctrl+Tab for the next, Ctrl+Shift+Tab for the previous)")
        self.pages: dict[str, QVBoxLayout] = {}
        for n, chart in enumerate(CHARTS):
            page = QWidget()
            page.setAccessibleName(chart.title)
            box = QVBoxLayout(page)
            box.setContentsMargins(4, 4, 4, 4)
            self.pages[chart.key] = box
            self.tabs.addTab(page, chart.title)
            self.tabs.setTabToolTip(n, f"{chart.tip} (Ctrl+Tab for the next chart)")
        self.symptom = QComboBox()
        self.symptom.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        _named(self.symptom, "Symptom to compare", "The symptom shown beside your average amounts (Alt+M)")
        self.symptom.currentIndexChanged.connect(self._symptom_changed)
        # Beside the tabs, shown with the chart it belongs to: the plot keeps the room.
        self.symptom_picker = QWidget()
        symptom_row = QHBoxLayout(self.symptom_picker)
        symptom_row.setContentsMargins(0, 0, 0, 2)
        symptom_label = QLabel("Sy&mptom")
        symptom_label.setBuddy(self.symptom)
        symptom_label.setMinimumWidth(symptom_label.sizeHint().width() + 4)
        symptom_row.addWidget(symptom_label)
        symptom_row.addWidget(self.symptom)
        self.tabs.setCornerWidget(self.symptom_picker, Qt.Corner.TopRightCorner)
        self.symptom_picker.hide()
        self.tabs.currentChanged.connect(lambda _index: self._show_current())

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Chart summary")
        self.hover = QLabel(HOVER_HINT)
        self.hover.setAccessibleName("Value under the pointer")
        self.hover.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        layout = QVBoxLayout(self)
        layout.addWidget(self.period_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        # Save sits under the chart, beside the values line: the period row fits the page at 1024x600.
        footer = QHBoxLayout()
        footer.addWidget(self.hover, 1)
        footer.addWidget(self.save_button)
        layout.addLayout(footer)

        self._reflow = QTimer(self)
        self._reflow.setSingleShot(True)
        self._reflow.setInterval(200)
        self._reflow.timeout.connect(self._reflow_current)
        self.period_buttons[self.kind].setChecked(True)

    # -- state -------------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        """True once the canvases exist (after the page was first shown)."""
        return bool(self.canvases)

    def current_key(self) -> str:
        return CHARTS[self.tabs.currentIndex()].key

    def figure(self, key: str | None = None) -> Figure | None:
        canvas = self.canvases.get(key or self.current_key())
        return None if canvas is None else canvas.figure

    def _today(self) -> date:
        return journal_today(self.journal)

    def _first_days(self) -> FirstDays:
        if self._firsts is None:
            self._firsts = first_days(self.journal)
        return self._firsts

    def period(self) -> Period:
        """The period chosen now."""
        today = self._today()
        if self.kind is PeriodKind.CUSTOM:
            return period_for(
                self.kind, today, start=_pydate(self.date_from.date()), end=_pydate(self.date_to.date())
            )
        first = self._first_days().entry if self.kind is PeriodKind.ALL else None
        return period_for(self.kind, today, first_day=first)

    def chart_style(self) -> ChartStyle:
        """The light or dark chart style, on the window's own colours."""
        pal = self.palette()
        return style_for(
            pal.color(QPalette.ColorRole.Window).name(), pal.color(QPalette.ColorRole.Base).name()
        )

    def set_period(self, kind: PeriodKind) -> None:
        self.period_buttons[kind].setChecked(True)

    def set_custom(self, start: date, end: date) -> None:
        """Choose a custom period from `start` to `end`."""
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        if self.kind is PeriodKind.CUSTOM:
            self._changed()
        else:
            self.set_period(PeriodKind.CUSTOM)

    # -- events ------------------------------------------------------------------------------

    def heightForWidth(self, width: int) -> int:
        """Only the height the page needs: a chart's canvas hints at the size it has, so asked for
        its preferred height the page would keep growing in the window's scroll area and scroll."""
        return self.minimumSizeHint().height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.built:
            self._build_canvases()
        self._show_current()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.built:
            self._changed()

    def refresh(self) -> None:
        """The journal changed: redraw the chart shown, and the others when next shown.

        Cheap until the page has been shown once: nothing is drawn before that.
        """
        self._firsts = None
        if self.built:
            self._changed()

    def _changed(self) -> None:
        self._stale = {c.key for c in CHARTS}
        self._show_period()
        if self.built and self.isVisible():
            self._show_current()

    def _show_period(self) -> None:
        """The From and To fields show the days drawn, whichever period is chosen.

        Greyed out unless Custom is chosen; choosing it starts from the period shown.
        """
        if self.kind is PeriodKind.CUSTOM:
            return
        period = self.period()
        for edit, day in ((self.date_from, period.start), (self.date_to, period.end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _tab_to_chosen(self) -> None:
        """Tab stops at the chosen period only; the arrow keys move between periods."""
        for button in self.period_buttons.values():
            tab = Qt.FocusPolicy.StrongFocus if button.isChecked() else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(tab)

    def _period_toggled(self, kind: PeriodKind, checked: bool) -> None:
        if not checked:
            return
        self.kind = kind
        custom = kind is PeriodKind.CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self._changed()

    def _custom_changed(self) -> None:
        if self.kind is PeriodKind.CUSTOM:
            self._changed()

    def _symptom_changed(self, index: int) -> None:
        key = self.symptom.itemData(index)
        if key is None or key == self.symptom_key:
            return
        self.symptom_key = key
        self._stale.add("use")
        if self.built and self.isVisible() and self.current_key() == "use":
            self._show_current()

    def pick_symptom(self, key: str) -> None:
        """Show `key` in the use-against-symptom chart (it must be one of the choices)."""
        index = self.symptom.findData(key)
        if index < 0:
            raise ValueError(f"{key!r} is not rated in this period")
        self.symptom.setCurrentIndex(index)

    # -- drawing -------------------------------------------------------------------------------

    def _build_canvases(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        for chart in CHARTS:
            canvas = FigureCanvasQTAgg(Figure())  # type: ignore[no-untyped-call]
            canvas.setMinimumSize(320, 240)
            canvas.setAccessibleName(f"{chart.title} chart")
            canvas.setToolTip(f"{chart.tip}. Point at a day to see its values below.")
            canvas.mpl_connect("motion_notify_event", partial(self._hover, chart.key))
            canvas.mpl_connect("figure_leave_event", lambda _event: self.hover.setText(HOVER_HINT))
            canvas.mpl_connect("resize_event", partial(self._resized, chart.key))
            self.pages[chart.key].addWidget(canvas, 1)
            self.canvases[chart.key] = canvas

    def _show_current(self) -> None:
        self.symptom_picker.setVisible(self.current_key() == "use")
        if not self.built:
            return
        key = self.current_key()
        if key in self._stale:
            self.draw_chart(key)
        else:
            self._show_summary(key)

    def draw_chart(self, key: str) -> None:
        """Read the data for the period and draw one chart (the page must have been shown)."""
        canvas = self.canvases[key]
        fig = canvas.figure
        self._fit(canvas)
        style = self.chart_style()
        period = self.period()
        journal = self.journal
        if key == "amount":
            from journal.charts.amount import build_amount

            amount = amount_data(journal, period)
            build_amount(fig, amount, style)
            self.data[key] = amount
        elif key == "symptoms":
            from journal.charts.symptoms import build_symptoms

            symptoms = symptom_data(journal, period)
            build_symptoms(fig, symptoms, style)
            self.data[key] = symptoms
        elif key == "pain":
            from journal.charts.pain import build_pain

            pain = pain_data(journal, period)
            build_pain(fig, pain, style)
            self.data[key] = pain
        elif key == "withdrawal":
            from journal.charts.withdrawal import build_withdrawal

            withdrawal = withdrawal_data(journal, period)
            build_withdrawal(fig, withdrawal, style)
            self.data[key] = withdrawal
        else:
            from journal.charts.use import build_use

            use = use_data(journal, period, self.symptom_key, first_day=self._first_days().intake)
            build_use(fig, use, style)
            self.data[key] = use
            self._fill_symptoms(use)
        self._built_width[key] = fig.get_figwidth()
        self._stale.discard(key)
        canvas.draw_idle()  # type: ignore[no-untyped-call]
        self._show_summary(key)

    def _fit(self, canvas: FigureCanvasQTAgg) -> None:
        """Size the figure to the canvas now, so the legend's columns suit it on the first draw."""
        width, height = canvas.width(), canvas.height()
        if not canvas.isVisible():
            parent = canvas.parentWidget()
            if parent is not None:
                width, height = parent.width() - 8, parent.height() - 8
        fig = canvas.figure
        if width > 50 and height > 50:
            fig.set_size_inches(
                width / fig.dpi * canvas.device_pixel_ratio, height / fig.dpi * canvas.device_pixel_ratio
            )

    def _fill_symptoms(self, use: UseData) -> None:
        self.symptom.blockSignals(True)
        self.symptom.clear()
        for info in use.choices:
            self.symptom.addItem(f"{info.label} ({info.category_label})", info.key)
        if use.symptom is not None:
            self.symptom.setCurrentIndex(self.symptom.findData(use.symptom.key))
            self.symptom_key = use.symptom.key
        self.symptom.setEnabled(bool(use.choices))
        if not use.choices:
            self.symptom.addItem("No symptom rated in this period")
        self.symptom.blockSignals(False)

    def _show_summary(self, key: str) -> None:
        shown = self.data.get(key)
        text = shown.summary if shown is not None else ""
        self.summary.setText(text)
        canvas = self.canvases.get(key)
        if canvas is not None:
            canvas.setAccessibleDescription(text)
        self.hover.setText(HOVER_HINT)

    def _resized(self, key: str, _event: Event) -> None:
        width = self.canvases[key].figure.get_figwidth()
        if abs(width - self._built_width.get(key, width)) > _REFLOW_INCHES:
            self._reflow.start()

    def _reflow_current(self) -> None:
        key = self.current_key()
        if key in self.data and self.isVisible():
            self.draw_chart(key)

    # -- hover -------------------------------------------------------------------------------------

    def _hover(self, key: str, event: Event) -> None:
        self.hover.setText(self.hover_text(key, event) or HOVER_HINT)

    def hover_text(self, key: str, event: Event) -> str | None:
        """The words for the day under a mouse event, or None."""
        from journal.charts.common import MAIN, day_at

        shown = self.data.get(key)
        inaxes = getattr(event, "inaxes", None)
        xdata = getattr(event, "xdata", None)
        if shown is None or inaxes is None or xdata is None:
            return None
        day = day_at(float(xdata))
        if key == "symptoms":
            ydata = getattr(event, "ydata", None)
            if inaxes.get_gid() != MAIN or ydata is None:
                return None
            text: str | None = shown.describe(day, int(ydata))
            return text
        text = shown.describe(day)
        return text

    # -- saving ---------------------------------------------------------------------------------------

    def save_chart(self, path: str | Path | None = None) -> Path | None:
        """Save the chart shown as PNG or SVG (by the file's suffix); ask where when no path is given."""
        if not self.built:
            self._build_canvases()
        key = self.current_key()
        if key in self._stale:
            self.draw_chart(key)
        fig = self.canvases[key].figure
        if path is None:
            period = self.period()
            suggested = Path.home() / f"{key}-{period.start}-to-{period.end}.png"
            name, chosen = QFileDialog.getSaveFileName(
                self, "Save chart", str(suggested), "PNG image (*.png);;SVG drawing (*.svg)"
            )
            if not name:
                return None
            path = Path(name)
            if path.suffix.lower() not in (".png", ".svg"):
                path = path.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        target = Path(path)
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("png", "svg"):
            raise ValueError("a chart is saved as .png or .svg")
        title = f"{CHARTS[self.tabs.currentIndex()].title}, {self.period().text}"
        # Nothing about the person or the machine: a title, no software or date stamp.
        metadata = (
            {"Title": title, "Software": None}
            if fmt == "png"
            else {"Title": title, "Date": None, "Creator": None}
        )
        try:
            _write_atomically(
                target,
                lambda tmp: fig.savefig(
                    tmp,
                    format=fmt,
                    dpi=150 if fmt == "png" else None,
                    facecolor=fig.get_facecolor(),
                    metadata=metadata,
                ),
            )
        except OSError as err:
            QMessageBox.warning(self, "The chart was not saved", f"{target}: {err.strerror or err}")
            return None
        finally:
            # savefig on a Qt canvas may swap in another canvas for SVG; keep the figure on screen.
            self.canvases[key].draw_idle()  # type: ignore[no-untyped-call]
        self.hover.setText(f"Saved {target.name}.")
        return target


def _write_atomically(target: Path, write: Any) -> None:
    """Write through a temp file in the same folder, then rename it into place."""
    fd, name = tempfile.mkstemp(prefix=".chart-", suffix=target.suffix, dir=target.parent)
    try:
        os.fchmod(fd, 0o600)  # the user's alone whatever the umask: a chart is health data too
    finally:
        os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
