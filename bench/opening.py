"""Opening the ten-year journal, plain and encrypted: in this process, and as `journal today`.

- "open_plain" / "open_encrypted": `Journal.open` then `close` in this process,
  on the demo journal and on a copy of it encrypted with a passphrase. Nothing
  runs beside the key derivation here, so the encrypted figure's floor is the
  plain open plus one PBKDF2 (SQLCipher 4's 256,000 iterations of SHA-512, as
  SQLCipher itself runs on `PRAGMA key`), both measured in this run: no open of
  an encrypted file can cost less (target: within 10% of that).
- "today_plain" / "today_encrypted": the command `journal today` as a process,
  start to exit, the passphrase given in JOURNAL_PASSPHRASE. The plain figure's
  floor is `journal --version` (the interpreter and the command line's parser,
  no journal); the encrypted figure's floor is the plain `journal today` of the
  same run (target: within 10%).

Runs of plain and encrypted alternate after one untimed warm-up each. Both
folders have a backup younger than a day, so no open takes the daily one.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import Options, Result, Samples, Target, figure, stats_ms
from startup import child_env
from workloads import DEMO, PASSPHRASE, ZONE, Workloads

WITHIN_10_PERCENT = Target(max_ratio=1.1, text="encrypted within 1.1x plain")
ONE_DERIVATION = Target(max_ratio=1.1, text="encrypted open within 1.1x a plain open plus one key derivation")


def _open_close(folder: Path, passphrase: str | None) -> None:
    from journal.service.journal import Journal

    Journal.open(folder, zone=ZONE, passphrase=passphrase).close()


def _derive(salt: bytes) -> None:
    import hashlib

    hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, 256_000, 32)


def _command(work: Workloads, folder: Path, args: list[str], passphrase: str | None) -> float:
    env = child_env(work)
    env.pop("JOURNAL_PASSPHRASE", None)
    if passphrase is not None:
        env["JOURNAL_PASSPHRASE"] = passphrase
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"journal {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def run(work: Workloads, opts: Options) -> list[Result]:
    plain, locked = work.plain(DEMO), work.encrypted(DEMO)
    runs = opts.repeats(9, 3)
    opened, opened_locked = Samples(), Samples()
    _open_close(plain, None)
    _open_close(locked, PASSPHRASE)
    derivation = Samples()
    salt = locked.joinpath("journal.sqlite3").read_bytes()[:16]
    for _ in range(runs):
        opened.time(lambda: _open_close(plain, None))
        opened_locked.time(lambda: _open_close(locked, PASSPHRASE))
        derivation.time(lambda: _derive(salt))
    version: list[float] = []
    today: list[float] = []
    today_locked: list[float] = []
    # Untimed warm-ups: bytecode cache, disk cache.
    _command(work, plain, ["--version"], None)
    _command(work, plain, ["today"], None)
    _command(work, locked, ["today"], PASSPHRASE)
    for _ in range(runs):
        version.append(_command(work, plain, ["--version"], None))
        today.append(_command(work, plain, ["today"], None))
        today_locked.append(_command(work, locked, ["today"], PASSPHRASE))
    today_s, locked_s = statistics.median(today), statistics.median(today_locked)
    return [
        figure(
            "open_plain",
            DEMO,
            value=round(opened.median, 4),
            unit="s",
            stat="median",
            floor=round(opened.median, 4),
            floor_what="itself (the floor of open_encrypted)",
            target=None,
            details={**opened.stats()},
            cpu=round(statistics.median(opened.cpu), 4),
        ),
        figure(
            "open_encrypted",
            DEMO,
            value=round(opened_locked.median, 4),
            unit="s",
            stat="median",
            floor=round(opened.median + derivation.median, 4),
            floor_what="open_plain plus one PBKDF2-HMAC-SHA512 of 256,000 iterations (this run)",
            target=ONE_DERIVATION,
            details={
                **opened_locked.stats(),
                "one_key_derivation_ms": stats_ms(derivation.wall),
                "minus_open_plain_in_derivations": round(
                    (opened_locked.median - opened.median) / derivation.median, 2
                ),
            },
            cpu=round(statistics.median(opened_locked.cpu), 4),
        ),
        figure(
            "today_plain",
            DEMO,
            value=round(today_s, 3),
            unit="s",
            stat="median",
            floor=round(statistics.median(version), 3),
            floor_what="`journal --version` as a process (interpreter and parser, no journal)",
            target=None,
            details={"runs": runs, **{f"today_{k}": v for k, v in stats_ms(today).items()}},
        ),
        figure(
            "today_encrypted",
            DEMO,
            value=round(locked_s, 3),
            unit="s",
            stat="median",
            floor=round(today_s, 3),
            floor_what="`journal today` on the same journal without a passphrase, as a process (this run)",
            target=WITHIN_10_PERCENT,
            details={"runs": runs, **{f"today_{k}": v for k, v in stats_ms(today_locked).items()}},
        ),
    ]


if __name__ == "__main__":
    from run import main

    main(["opening", *sys.argv[1:]])
