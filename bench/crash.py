"""The crash test, longer: SIGKILL a writer N times, check the journal after each, print JSON.

    python bench/crash.py                 # 1000 kills (a few minutes)
    python bench/crash.py --kills 200 --seed 7 -o crash.json

The rounds are those of tests/e2e/test_crash.py (which runs 100 of them in the
test suite): a writer saves entries through `Journal` and reports each only after
the save returned; it is killed at a seeded random moment, and the journal is
reopened as the app does and checked. Exits 1 if any round lost or broke anything.
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

from tests.e2e.test_crash import run  # noqa: E402  (the repository root is on the path only now)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many writers to kill (default 1000)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="the random seed (default: now)")
    parser.add_argument("-o", "--output", help="also write the JSON to this file")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journal-crash-") as base:
        tally = run(args.kills, args.seed, Path(base))
    seconds = time.perf_counter() - start
    out = {
        "benchmark": "crash",
        "seed": args.seed,
        "kills": tally.kills,
        "survived": tally.survived,
        "entries_checked": tally.entries_checked,
        "kills_while_creating": tally.during_creation,
        "kills_while_opening": tally.during_open,
        "kills_while_saving": tally.during_writes,
        "seconds": round(seconds, 2),
        "load_average_1m": os.getloadavg()[0],
        "failures": tally.failures,
    }
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0 if not tally.failures and tally.survived == tally.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
