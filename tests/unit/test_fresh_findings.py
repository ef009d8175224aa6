"""Stored findings always equal findings computed from scratch, whatever was done to the journal.

A random sequence of back-dated logs, edits, deletes, undos, break changes,
settings changes and imports; after every step each live intake's stored
findings must be what `evaluate` gives it against every other live intake,
the journal's settings and the break its time falls in.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from journal.domain.entities import Break, Finding, Form, Kind, Unit
from journal.domain.guidance import Dose, break_at, evaluate
from journal.domain.times import Moment
from journal.reports.importing import import_file
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import ZONE

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
START = NOW - timedelta(days=8)
#: Half-hour steps over eight days: same instants, exact 24-hour gaps and day edges come up often.
slots = st.integers(min_value=0, max_value=8 * 48)
grams = st.sampled_from(["0.5", "2", "3.5", "4", "5", "6", "7.5", "9"])
forms = st.sampled_from([Form.POWDER, Form.POWDER, Form.POWDER, Form.EXTRACT])


def at(slot: int) -> Moment:
    return Moment.from_utc(START + timedelta(minutes=30 * slot), ZONE)


def from_scratch(journal: Journal) -> dict[int, tuple[Finding, ...]]:
    store = journal._store
    intakes = store.intakes()
    doses = [Dose(i.at.utc, i.leaf_mg, i.counts_as_estimate, i.at.offset_min, i.id) for i in intakes]
    current, breaks = store.settings(), store.breaks()
    out = {}
    for intake, dose in zip(intakes, doses, strict=True):
        assert intake.id is not None
        others = [d for d in doses if d.id != intake.id]
        out[intake.id] = evaluate(
            dose,
            intake.form,
            others,
            journal.guidance,
            current,
            in_break=break_at(dose.at, breaks),
        )
    return out


@cache
def empty_journal() -> Path:
    """A new journal made once; each example starts from a copy (creating one runs the migrations)."""
    folder = Path(tempfile.mkdtemp(prefix="fresh-findings-template-")) / "journal"
    Journal.open(folder, zone=ZONE, clock=lambda: NOW).close()
    return folder


class FindingsStayFresh(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="fresh-findings-"))
        shutil.copytree(empty_journal(), self.folder / "journal")
        self.journal = Journal.open(self.folder / "journal", zone=ZONE, clock=lambda: NOW)
        self.deleted: list[tuple[Kind, int]] = []
        self.imports = 0

    def teardown(self) -> None:
        self.journal.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ids(self, kind: Kind) -> list[int]:
        store = self.journal._store
        items = store.intakes() if kind is Kind.INTAKE else store.breaks()
        return [i.id for i in items if i.id is not None]

    @rule(slot=slots, amount=grams, form=forms)
    def log(self, slot: int, amount: str, form: Form) -> None:
        self.journal.log_intake(IntakeDraft(amount, at(slot), form=form))

    @precondition(lambda self: bool(self._ids(Kind.INTAKE)))
    @rule(data=st.data(), slot=slots, amount=grams)
    def edit(self, data: st.DataObject, slot: int, amount: str) -> None:
        ident = data.draw(st.sampled_from(self._ids(Kind.INTAKE)))
        old = self.journal.entries.intake(ident)
        self.journal.edit_intake(IntakeDraft(amount, at(slot), form=old.form, id=ident))

    @precondition(lambda self: bool(self._ids(Kind.INTAKE) or self._ids(Kind.BREAK)))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        choices = [(Kind.INTAKE, i) for i in self._ids(Kind.INTAKE)]
        choices += [(Kind.BREAK, i) for i in self._ids(Kind.BREAK)]
        kind, ident = data.draw(st.sampled_from(choices))
        self.journal.delete(kind, ident)
        self.deleted.append((kind, ident))

    @precondition(lambda self: bool(self.deleted))
    @rule(data=st.data())
    def undo(self, data: st.DataObject) -> None:
        kind, ident = data.draw(st.sampled_from(self.deleted))
        self.deleted.remove((kind, ident))
        self.journal.undo_delete(kind, ident)

    @rule(start=slots, length=st.one_of(st.none(), st.integers(min_value=1, max_value=6 * 48)))
    def take_a_break(self, start: int, length: int | None) -> None:
        store = self.journal._store
        while (running := store.running_break()) is not None and running.id is not None:
            store.end_break(running.id, max(running.start, at(start), key=lambda m: m.utc))
        begin = at(start)
        brk = store.start_break(Break(begin, begin.local.date() + timedelta(days=3)))
        if length is not None and brk.id is not None:
            store.end_break(brk.id, at(min(start + length, 8 * 48)))

    @precondition(lambda self: bool(self._ids(Kind.BREAK)))
    @rule(data=st.data(), start=slots, length=st.integers(min_value=0, max_value=6 * 48))
    def edit_break(self, data: st.DataObject, start: int, length: int) -> None:
        store = self.journal._store
        brk = store.get_break(data.draw(st.sampled_from(self._ids(Kind.BREAK))))
        end = None if brk.actual_end is None else at(min(start + length, 8 * 48))
        store.update_break(replace(brk, start=at(start), actual_end=end, planned_end=date(2026, 3, 25)))

    @rule(
        day_start=st.sampled_from([0, 4, 12]),
        per_intake=st.sampled_from([None, Decimal(4), Decimal(6)]),
        daily=st.sampled_from([None, Decimal(8), Decimal(14)]),
        plan=st.sampled_from([None, 1, 2, 3]),
        starting=st.sampled_from([None, date(2026, 3, 14), date(2026, 3, 17)]),
    )
    def change_settings(
        self,
        day_start: int,
        per_intake: Decimal | None,
        daily: Decimal | None,
        plan: int | None,
        starting: date | None,
    ) -> None:
        store = self.journal._store
        store.save_settings(
            replace(
                store.settings(),
                day_start_hour=day_start,
                personal_intake_limit_g=per_intake,
                personal_daily_limit_g=daily,
                max_use_days_in_row=plan,
                starting_since=starting,
            )
        )

    @rule(entries=st.lists(st.tuples(slots, grams), min_size=1, max_size=4))
    def import_json(self, entries: list[tuple[int, str]]) -> None:
        """A JSON export from elsewhere, with findings its own app gave (here: none at all)."""
        self.imports += 1
        intakes = [
            {
                "time_utc": at(slot).utc.isoformat().replace("+00:00", "Z"),
                "zone": ZONE,
                "amount": amount,
                "unit": Unit.G.value,
                "form": Form.POWDER.value,
                "leaf_g": amount,
                "notes": f"import {self.imports}",
                "findings": [],
            }
            for slot, amount in entries
        ]
        path = self.folder / f"import-{self.imports}.json"
        path.write_text(json.dumps({"format": "kratom-journal", "version": 1, "intakes": intakes}))
        import_file(self.journal, path)

    @invariant()
    def stored_findings_are_fresh(self) -> None:
        stored = {i.id: i.findings for i in self.journal.entries.intakes()}
        assert stored == from_scratch(self.journal)

    @invariant()
    def the_store_finds_the_break_the_rules_pick(self) -> None:
        store = self.journal._store
        breaks = store.breaks()
        for instant in {i.at.utc for i in store.intakes()} | {b.start.utc for b in breaks}:
            assert store.break_at(instant) == break_at(instant, breaks)


FindingsStayFresh.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_stored_findings_stay_fresh = FindingsStayFresh.TestCase
