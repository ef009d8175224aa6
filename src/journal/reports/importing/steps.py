"""Importing a file in two steps a person sees: the preview, then the write once they confirm.

`preview_import` reads and validates the whole file and compares it with the
journal (the plan, made once); `apply_import` backs the journal up and writes
what the plan adds in one transaction, after checking under the write lock
that the journal has not changed since the preview (its fingerprint). Both take
a progress callback that moves with the work: the bytes of the file read, the
entries compared, the rows written and their findings worked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journal.domain.batch import NewEntries
from journal.domain.collector import collector_paused
from journal.domain.progress import Meter, Progress
from journal.reports.export import describe_counts
from journal.reports.importing.errors import ImportFileError
from journal.reports.importing.formats import read_import_file
from journal.reports.importing.plan import ImportPlan, plan_import

if TYPE_CHECKING:
    from journal.service.journal import Journal

#: Shares of a preview's progress: reading the file, then comparing it with the journal.
READ_SHARE, PLAN_SHARE = 850, 150
#: Shares of writing it: the backup first, then the rows and their findings.
BACKUP_SHARE, WRITE_SHARE = 50, 950


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote."""

    plan: ImportPlan
    #: The backup taken just before anything was written (None when nothing was new).
    backup: Path | None = None

    @property
    def added(self) -> dict[str, int]:
        return self.plan.added

    def summary(self) -> str:
        plan = self.plan
        text = f"Imported {describe_counts(plan.added)} from {plan.path.name}."
        if self.backup is not None:
            text += f" The journal was backed up first ({self.backup.name})."
        if any(plan.already.values()):
            text += f" Already in the journal: {describe_counts(plan.already)}."
        if plan.conflicts:
            n = len(plan.conflicts)
            text += f" {n:,} conflict{'s' if n != 1 else ''} left as in the journal."
        return text


def preview_import(journal: Journal, path: Path, progress: Progress | None = None) -> ImportPlan:
    """Read and validate `path`, and compare it with the journal; writes nothing."""
    meter = Meter(progress)
    reading, planning = meter.stage(READ_SHARE), meter.stage(PLAN_SHARE)
    with collector_paused():  # entries read and planned stay till the end: nothing to collect
        incoming = read_import_file(path, zone=journal.zone, now=journal.clock(), progress=reading)
        reading.finish()
        # Taken before the journal is read for the comparison: any change after it is seen.
        fingerprint = journal.transfer.fingerprint()
        plan = plan_import(journal, incoming, path, fingerprint=fingerprint, progress=planning)
    meter.finish()
    return plan


def apply_import(journal: Journal, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write what `plan` adds, in one transaction.

    The journal is backed up first. Under the journal's write lock, its
    fingerprint is compared with the preview's; if the journal changed since,
    nothing is written and ImportFileError says so.
    """
    meter = Meter(progress)
    backing_up, writing = meter.stage(BACKUP_SHARE), meter.stage(WRITE_SHARE)
    saved = journal.backups.take("before-import").path if plan.new else None
    backing_up.finish()

    def decide() -> NewEntries:
        if journal.transfer.fingerprint() != plan.fingerprint:
            raise ImportFileError(
                "the journal changed since the preview; nothing was imported. Preview the import again.",
                file=plan.path.name,
            )
        return plan.new

    with collector_paused():  # the rows and findings made for the write live as long as it
        journal.transfer.add_entries(decide, progress=writing if progress is not None else None)
    meter.finish()
    return ImportResult(plan, saved)


def import_file(journal: Journal, path: Path, progress: Progress | None = None) -> ImportResult:
    """Preview and apply in one go (for scripts and tests); `progress` follows both, half each."""
    meter = Meter(progress)
    first, second = meter.stage(meter.total // 2), meter.stage(meter.total - meter.total // 2)
    plan = preview_import(journal, path, first)
    result = apply_import(journal, plan, second)
    meter.finish()
    return result
