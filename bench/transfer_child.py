"""The app's side of the import and export benchmarks: one whole process per run.

    python bench/transfer_child.py import FOLDER FILE     # import FILE into the journal in FOLDER
    python bench/transfer_child.py export FOLDER OUT FMT  # export that journal as json or csv

Through the same calls as the command line (`journal import --yes`, `journal
export`): preview, back up, write in one transaction; or read and write the
file atomically. Prints what it did and its peak resident memory as JSON.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

ZONE = "Europe/Berlin"


def peak_kb() -> int:
    """This process's peak resident memory in kB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the process that
    forked this one, so a child of a large benchmark process would report its parent's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    mode, folder, *rest = argv
    from journal.service.journal import Journal

    journal = Journal.open(Path(folder), zone=ZONE)
    try:
        if mode == "import":
            from journal.reports.importing import import_file

            result = import_file(journal, Path(rest[0]))
            done = {"added": result.added}
        else:
            from journal.reports.export import export_journal

            exported = export_journal(journal, Path(rest[0]), rest[1])
            done = {"counts": exported.counts}
    finally:
        journal.close()
    print(json.dumps({**done, "maxrss_kb": peak_kb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
