"""What the data-safety operations report: backups, how each stands, restores, checks, re-keying.

Plain values that storage returns and the window and the command line show,
each with the words for a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REASONS = {
    "daily": "daily, at start",
    "manual": "made on request",
    "before-import": "before an import",
    "before-restore": "before a restore",
    "before-passphrase": "before a passphrase change",
}


def size_text(n: int) -> str:
    """Bytes as a person reads them: 840 kB, 12.4 MB."""
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken: datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def why(self) -> str:
        """The reason in words: "daily, at start", "before an upgrade from version 1"."""
        if self.reason.startswith("before-upgrade-v"):
            return f"before an upgrade from version {self.reason.removeprefix('before-upgrade-v')}"
        return REASONS.get(self.reason, self.reason.replace("-", " "))


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the backup put in place and where the replaced file went."""

    source: Path
    safety: Backup | None
    set_aside: Path | None
    #: What could not be done about the photos (a photo store under another passphrase, pictures missing).
    photo_notes: tuple[str, ...] = ()


#: Standing.problem: how a backup differs from the rule "it opens exactly as the journal does".
OTHER_PASSPHRASE = "other-passphrase"
ENCRYPTED = "encrypted"
PLAIN = "plain"
DAMAGED = "damaged"


@dataclass(frozen=True, slots=True)
class Standing:
    """A backup measured against the journal: whether its passphrase reads it, and what differs.

    `readable` backups can be re-keyed with what is in memory. `problem` is None
    when the backup opens with exactly the journal's passphrase, or with none
    when the journal has none.
    """

    backup: Backup
    readable: bool
    problem: str | None

    def describe(self) -> str:
        """What is wrong, in words, naming the file; the caller says what to do about it."""
        name = self.backup.path.name
        return {
            OTHER_PASSPHRASE: f"{name} does not open with the journal's passphrase (it was made under "
            "another one)",
            ENCRYPTED: f"{name} is encrypted with a passphrase, and the journal has none",
            PLAIN: f"{name} is not encrypted, and the journal is",
            DAMAGED: f"{name} is damaged or not a journal",
        }.get(self.problem or "", f"{name} opens as the journal does")


def standing_summary(standing: Sequence[Standing], encrypted: bool) -> str:
    """The backups against the rule, counted: "All 4 backups open with the journal's passphrase …"."""
    rule = "with the journal's passphrase" if encrypted else "without a passphrase, like the journal"
    wrong = [s for s in standing if s.problem is not None]
    n = len(standing)
    if not n:
        return "There are no backups yet."
    if not wrong:
        return f"{'The backup opens' if n == 1 else f'All {n} backups open'} {rule} and pass the quick check."
    them = "1 does not" if len(wrong) == 1 else f"{len(wrong)} do not"
    return f"{n - len(wrong)} of {n} backup{'' if n == 1 else 's'} open {rule}; {them}:"


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """What a passphrase change did, counted, and the backups it could not re-key."""

    backups: int
    rekeyed: int
    left: tuple[Standing, ...]

    def summary(self, encrypted: bool) -> str:
        """What was done, counted as it was: "The journal and 3 of its 4 backups are …"."""
        n, done = self.backups, self.rekeyed
        if n == 0:
            which = "The journal (it has no backups yet) is"
        elif done == n:
            which = "The journal and its backup are" if n == 1 else f"The journal and its {n} backups are"
        else:
            which = f"The journal and {done} of its {n} backup{'' if n == 1 else 's'} are"
        state = "encrypted with the new passphrase" if encrypted else "no longer encrypted"
        rest = ""
        if self.left:
            rest = f"; {len(self.left)} {'is' if len(self.left) == 1 else 'are'} not, as said below"
        return f"{which} {state}{rest}."


@dataclass(frozen=True, slots=True)
class Health:
    """What the full check found: problems in words, live entries counted, the file's size."""

    problems: tuple[str, ...]
    counts: dict[str, int]
    size_bytes: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One or two sentences for a person."""
        held = ", ".join(f"{n:,} {word}{'' if n == 1 else 's'}" for word, n in self.counts.items() if n)
        size = size_text(self.size_bytes)
        held = f"{held}; {size}" if held else size
        if self.ok:
            return (
                f"The journal is healthy: the full integrity check passed and every link is intact ({held})."
            )
        shown = "; ".join(self.problems[:5]) + ("; …" if len(self.problems) > 5 else "")
        return (
            f"The journal has {len(self.problems)} problem{'' if len(self.problems) == 1 else 's'}: {shown}. "
            "Restore the newest good backup, or export what can still be read."
        )
