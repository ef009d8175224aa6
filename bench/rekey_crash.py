"""The re-key crash test, longer: SIGKILL `journal passphrase set/change/remove` N times, print JSON.

    python bench/rekey_crash.py                 # 1000 kills (about ten minutes)
    python bench/rekey_crash.py --kills 200 --seed 7 -o rekey.json

The rounds are those of tests/e2e/test_rekey_crash.py (which runs 120 of them in
the test suite): the real command runs on a journal with several backups and is
killed at a seeded random moment; the folder is then opened as a person would
and every file checked: one passphrase for the journal and every backup, every
row kept, no leftovers, no plain text once a passphrase is set. Exits 1 if any
round failed; `problems` counts what was found, by kind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.test_rekey_crash import KDF_ITER, run  # noqa: E402  (the repository root is on the path only now)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many commands to kill (default 1000)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="the random seed (default: now)")
    parser.add_argument("-o", "--output", help="also write the JSON to this file")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journal-rekey-crash-") as base:
        tally = run(args.kills, args.seed, Path(base))
    seconds = time.perf_counter() - start
    out = {
        "benchmark": "rekey_crash",
        "seed": args.seed,
        "kdf_iterations": KDF_ITER,
        "kills": tally.kills,
        "kills_by_command": dict(tally.by_action),
        "kills_before_the_command_finished": tally.before_done,
        "kills_after_it_finished": tally.after_done,
        "new_passphrase_in_place": tally.new_passphrase_won,
        "old_passphrase_kept": tally.old_passphrase_kept,
        "kills_that_left_a_decided_change_to_finish": tally.left_decided,
        "kills_that_left_copies_to_undo": tally.left_undecided,
        "failed_rounds": tally.failed_rounds,
        "failed_rounds_by_problem": dict(tally.rounds_with),
        "problems_by_file": dict(tally.problems),
        "seconds": round(seconds, 2),
        "load_average_1m": os.getloadavg()[0],
        "failures": tally.failures[:50],
    }
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0 if not tally.failures and tally.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
