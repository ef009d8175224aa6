"""Killed at any moment, the journal keeps every save it reported and nothing half-written.

A writer process logs intakes, symptoms and pain check-ins, edits and deletes
intakes, all through `Journal`, and prints each entry's id and content only after
the save returned. The test kills it with SIGKILL after a seeded random delay,
then reopens the journal as the app does (`Journal.open`: the usage lock, the
quick check, migrations) and checks the file: integrity_check ok, no foreign key
broken, every reported save there with its content, every row complete, and every
intake's stored findings what the rules give for the journal as it is (a kill never
leaves them half refreshed).

Writers are forked from a small server process that has already imported the
journal, so a round costs a fork, not an interpreter start. Some rounds start a
new journal, so kills also land in its creation and first migration.
`bench/crash.py` runs the same rounds for longer (`--kills 1000`).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
ZONE = "Europe/Berlin"
#: Every note starts with a marker naming its save and says how long its padding is,
#: so a note cut short, or another entry's note, is seen at once.
NOTE = re.compile(r"^(k\d+-\d+) (\d+) (x*)$")
#: A new journal every this many rounds on average: kills in creation and migration.
NEW_JOURNAL_EVERY = 6


# -- the writer (runs in a forked child of the server) ------------------------------------------


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write(2) below PIPE_BUF: never interleaved


def write_forever(folder: Path, seed: int) -> None:
    """Save entries until killed; report each one only after its save returned."""
    from journal.domain.entities import Kind, PainCheckin
    from journal.service.intakes import IntakeDraft
    from journal.service.journal import Journal

    rng = random.Random(seed)
    journal = Journal.open(folder, zone=ZONE)
    _say("opened")
    mine: dict[int, Any] = {}  # intake id -> its time, for edits
    n = 0
    while True:
        n += 1
        marker = f"k{seed}-{n}"
        pad = rng.choice((0, rng.randint(1, 200), rng.randint(1000, 5000)))
        note = f"{marker} {pad} {'x' * pad}"
        amount = str(Decimal(rng.randint(1, 80)) / 10)
        pick = rng.random()
        if pick < 0.5 or not mine:
            check = journal.log_intake(IntakeDraft(amount, journal.now(), notes=note))
            entry = check.intake
            assert entry.id is not None
            mine[entry.id] = entry.at
            _say(f"intake {entry.id} {amount} {marker} {len(entry.findings)}")
        elif pick < 0.65:
            severity = rng.randint(0, 4)
            symptom = journal.log_symptom("nausea", severity, journal.now(), notes=note)
            _say(f"symptom {symptom.id} {severity} {marker}")
        elif pick < 0.78:
            pain = rng.randint(0, 10)
            checkin = journal.log_pain(PainCheckin(journal.now(), pain, notes=note))
            _say(f"pain {checkin.id} {pain} {marker}")
        elif pick < 0.92:
            target = rng.choice(sorted(mine))
            _say(f"try-edit {target} {amount} {marker}")
            check = journal.edit_intake(IntakeDraft(amount, mine[target], notes=note, id=target))
            _say(f"edit {target} {amount} {marker} {len(check.intake.findings)}")
        else:
            target = rng.choice(sorted(mine))
            _say(f"try-delete {target}")
            journal.delete(Kind.INTAKE, target)
            del mine[target]
            _say(f"delete {target}")


def serve() -> None:
    """Read "FOLDER SEED" lines; fork a writer for each, say its pid, and how it ended once reaped."""
    import tempfile

    from journal.service.intakes import IntakeDraft
    from journal.service.journal import Journal

    # Everything a writer loads lazily is loaded once here: a round costs a fork, not imports.
    with tempfile.TemporaryDirectory() as warm:
        journal = Journal.open(Path(warm), zone=ZONE)
        journal.log_intake(IntakeDraft("1", journal.now()))
        journal.close()
    for line in sys.stdin:
        folder, seed = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(Path(folder), int(seed))
            except BaseException:
                _say("error " + repr(traceback.format_exc()))
            os._exit(1)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"dead {pid} {status}")


# -- the checker (the test process) -------------------------------------------------------------


@dataclass
class Expected:
    """What a reported save promises: an intake's content, or that it is deleted."""

    kind: str
    values: tuple[Any, ...] = ()
    deleted: bool = False


@dataclass
class Tally:
    kills: int = 0
    survived: int = 0
    entries_checked: int = 0
    during_creation: int = 0
    during_open: int = 0
    during_writes: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> str:
        return (
            f"crash test: {self.kills} SIGKILLs, {self.survived} survived; {self.entries_checked} "
            f"reported entries checked; kills while creating a journal {self.during_creation}, "
            f"while opening one {self.during_open}, while saving {self.during_writes}; {seconds:.1f} s"
        )


class Folder:
    """One journal folder and every save its writers reported so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.expected: dict[tuple[str, int], Expected] = {}
        self.created = False

    def record(self, lines: list[str]) -> dict[tuple[str, int], Expected]:
        """Take in one round's reports; returns the saves in flight when it was killed."""
        in_flight: dict[tuple[str, int], Expected] = {}
        for line in lines:
            word, *rest = line.split()
            if word in ("intake", "edit"):
                key = ("intake", int(rest[0]))
                # Not its findings: those follow the entries saved after it (`fresh_findings`).
                self.expected[key] = Expected("intake", (Decimal(rest[1]), rest[2]))
                in_flight.pop(key, None)
            elif word in ("symptom", "pain"):
                self.expected[(word, int(rest[0]))] = Expected(word, (int(rest[1]), rest[2]))
            elif word == "try-edit":
                in_flight[("intake", int(rest[0]))] = Expected("intake", (Decimal(rest[1]), rest[2]))
            elif word == "try-delete":
                in_flight[("intake", int(rest[0]))] = Expected("intake", deleted=True)
            elif word == "delete":
                self.expected[("intake", int(rest[0]))] = Expected("intake", deleted=True)
                in_flight.pop(("intake", int(rest[0])), None)
        return in_flight

    def check(self, in_flight: dict[tuple[str, int], Expected]) -> tuple[list[str], int]:
        """Reopen as the app does and check the file; returns the problems and entries checked."""
        from journal.service.journal import Journal

        problems: list[str] = []
        journal = Journal.open(self.path, zone=ZONE)
        try:
            db = journal.path
            with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as con:
                integrity = con.execute("PRAGMA integrity_check").fetchall()
                if integrity != [("ok",)]:
                    problems.append(f"integrity_check: {integrity[:3]}")
                broken = con.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    problems.append(f"foreign_key_check: {broken[:3]}")
                found = _rows(con, problems)
            problems += fresh_findings(journal)
        finally:
            journal.close()
        checked = 0
        for key, want in self.expected.items():
            have = found.get(key)
            alternative = in_flight.get(key)
            if _matches(have, want) or (alternative is not None and _matches(have, alternative)):
                checked += 1
                if alternative is not None and have is not None:
                    self.expected[key] = have  # whichever it is now is what later rounds must keep
            else:
                problems.append(f"{key}: reported {want}, found {have}")
        return problems, checked


def _matches(have: Expected | None, want: Expected) -> bool:
    if have is None:
        return False
    if want.deleted or have.deleted:
        return want.deleted == have.deleted
    return have.values == want.values


def fresh_findings(journal: Any) -> list[str]:
    """Intakes whose stored findings differ from what the sweep gives the journal as it is."""
    from journal.domain.guidance import Dose
    from journal.domain.sweep import sweep_findings

    store = journal._store
    intakes = store.intakes()
    doses = [Dose(i.at.utc, i.leaf_mg, i.counts_as_estimate, i.at.offset_min, i.id) for i in intakes]
    forms = {i.id: i.form for i in intakes}
    fresh = sweep_findings(doses, forms, journal.guidance, store.settings(), store.breaks())
    return [f"intake {i.id}: stale findings {i.findings}" for i in intakes if i.findings != fresh[i.id]]


def _note(text: str, problems: list[str], where: str) -> str:
    """The marker of a complete note; a note cut short or mixed up is a problem."""
    match = NOTE.match(text or "")
    if match is None or len(match.group(3)) != int(match.group(2)):
        problems.append(f"{where}: incomplete note {text[:40]!r}…")
        return ""
    return match.group(1)


def _rows(con: sqlite3.Connection, problems: list[str]) -> dict[tuple[str, int], Expected]:
    """Every entry row, checked for completeness, as what a report would have said."""
    from journal.storage.findings import findings_from_json

    found: dict[tuple[str, int], Expected] = {}
    query = (
        "SELECT id, amount, unit, form, leaf_mg, notes, findings, at_utc, created, updated, deleted "
        "FROM intakes"
    )
    for iid, amount, unit, form, leaf_mg, notes, findings, at, created, updated, deleted in con.execute(
        query
    ):
        where = f"intake {iid}"
        if None in (amount, unit, form, leaf_mg, findings, at, created, updated):
            problems.append(f"{where}: empty column")
            continue
        if leaf_mg != int(Decimal(amount) * 1000) or (unit, form) != ("g", "powder"):
            problems.append(f"{where}: amount {amount} {unit} {form} but {leaf_mg} mg of leaf")
        try:
            findings_from_json(findings)
        except (ValueError, KeyError, TypeError) as err:
            problems.append(f"{where}: findings unreadable ({err})")
            continue
        marker = _note(notes, problems, where)
        found[("intake", iid)] = Expected("intake", (Decimal(amount), marker), deleted is not None)
    query = (
        "SELECT e.id, e.severity, e.notes, t.key "
        "FROM symptom_entries e JOIN symptom_types t ON t.id = e.type_id"
    )
    for sid, severity, notes, key in con.execute(query):
        if key != "nausea" or severity not in range(5):
            problems.append(f"symptom {sid}: {key} severity {severity}")
        found[("symptom", sid)] = Expected("symptom", (severity, _note(notes, problems, f"symptom {sid}")))
    for pid, pain, notes in con.execute("SELECT id, pain_now, notes FROM pain_checkins"):
        found[("pain", pid)] = Expected("pain", (pain, _note(notes, problems, f"pain {pid}")))
    return found


class Writers:
    """The fork server: one per run, killed at the end; `module` has the `serve` to run."""

    def __init__(self, module: str = "tests.e2e.test_crash") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", f"from {module} import serve; serve()"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the writer server stopped")
        return line.strip()

    def round(
        self, folder: Path, seed: int | str, delay: float, after: str | None = None
    ) -> tuple[list[str], int]:
        """Start a writer, kill it after `delay` seconds; its reports and its wait status.

        `seed` is the rest of the server's request line (a number here; more words elsewhere).
        With `after`, the delay counts from the writer's first report starting with that word.
        """
        stdin: IO[str] | None = self.proc.stdin
        assert stdin is not None
        stdin.write(f"{folder} {seed}\n")
        stdin.flush()
        lines: list[str] = []
        pid = 0
        while not pid:
            line = self._line()
            if line.startswith("pid "):
                pid = int(line.split()[1])
            else:
                lines.append(line)
        while after is not None and not any(line.startswith(after) for line in lines):
            line = self._line()
            if line.startswith(f"dead {pid} "):  # it ended by itself before that report
                return lines, int(line.split()[2])
            lines.append(line)
            if line.startswith(("done ", "error ")):
                break
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while True:
            line = self._line()
            if line.startswith(f"dead {pid} "):
                return lines, int(line.split()[2])
            lines.append(line)

    def close(self) -> None:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def run(kills: int, seed: int, base: Path) -> Tally:
    """Kill `kills` writers at seeded random moments; check the journal after each."""
    rng = random.Random(seed)
    tally = Tally()
    writers = Writers()
    current: Folder | None = None
    try:
        for n in range(kills):
            if current is None or rng.randrange(NEW_JOURNAL_EVERY) == 0:
                current = Folder(base / f"journal-{n}")
            new = not current.created
            # Creating a journal takes ~0.2 s and opening one ~0.05 s here, a save ~0.01 s:
            # the delays spread kills over creation, opening and saving.
            if new:
                delay = rng.uniform(0, 0.25)
            else:
                delay = rng.uniform(0, 0.06) if rng.random() < 0.4 else rng.uniform(0.06, 0.15)
            lines, status = writers.round(current.path, rng.randrange(1 << 30), delay)
            errors = [line for line in lines if line.startswith("error ")]
            if errors or not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                tally.failures.append(f"round {n}: the writer was not killed but ended ({status}): {errors}")
                continue
            tally.kills += 1
            opened = "opened" in lines
            if not opened:
                if new:
                    tally.during_creation += 1
                else:
                    tally.during_open += 1
            else:
                tally.during_writes += 1
            in_flight = current.record(lines)
            try:
                problems, checked = current.check(in_flight)
            except Exception as err:  # the journal would not open: the worst failure there is
                problems, checked = [f"reopening failed: {err!r}"], 0
            current.created = True
            tally.entries_checked += checked
            if problems:
                tally.failures.append(f"round {n} (seed {seed}, delay {delay:.3f} s): {problems[:5]}")
            else:
                tally.survived += 1
    finally:
        writers.close()
    return tally


def test_sigkill_at_random_moments_loses_no_reported_save(tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", "20261122"))
    start = time.perf_counter()
    tally = run(100, seed, tmp_path)
    print(tally.summary(time.perf_counter() - start))
    assert tally.failures == []
    assert tally.kills == 100
    assert tally.survived == tally.kills
    assert tally.during_creation > 0 and tally.during_writes > 0
    assert tally.entries_checked > 100
