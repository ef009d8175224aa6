"""The clinician summary's references: each source numbered once, named by its short title.

The body cites "[3] Side effects, dosage and regulation"; file names appear in
the References section only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journal.domain.guidance import Rule
from journal.domain.sources import Reference, Sources
from journal.domain.withdrawal import SOWS_REFERENCE

#: The published work cited for the size of a change in pain that trials call important.
PAIN_CHANGE_REFERENCE = "immpact-2008"


@dataclass(frozen=True, slots=True)
class References:
    """The sources the report cites, numbered in order of their file names, then other works."""

    sources: Sources
    files: tuple[str, ...]
    works: tuple[Reference, ...]

    def number(self, file: str) -> int:
        return self.files.index(file) + 1

    def has(self, key: str) -> bool:
        """Whether the report cites the published work `key`."""
        return any(w.key == key for w in self.works)

    def work_number(self, key: str) -> int:
        return len(self.files) + 1 + [w.key for w in self.works].index(key)

    def cite(self, files: Iterable[str]) -> str:
        """ "[3] Side effects, dosage and regulation; [2] Dosage, breaks and skin" (each file once)."""
        seen: dict[str, None] = dict.fromkeys(f for f in files if f in self.files)
        return "; ".join(f"[{self.number(f)}] {self.sources.name(f)}" for f in seen)

    def marks(self, files: Iterable[str]) -> str:
        """ "[3]" or "[2, 3]": the numbers only, for a sentence that names its sources elsewhere."""
        numbers = sorted({self.number(f) for f in files if f in self.files})
        return f"[{', '.join(map(str, numbers))}]" if numbers else ""


def references(
    rules: Iterable[Rule],
    sources: Sources,
    *,
    pain_change: bool,
    withdrawal: bool = False,
    files: Iterable[str] = (),
) -> References:
    """The files the rules cite, the pain-change benchmark when the report states one, and the
    withdrawal scale when the report shows its totals; `files`, source files quoted besides the rules."""
    files = sorted({c.file for rule in rules for c in rule.citations} | set(files))
    wanted = ((PAIN_CHANGE_REFERENCE, pain_change), (SOWS_REFERENCE, withdrawal))
    known = {r.key: r for r in sources.references}
    works = tuple(known[key] for key, used in wanted if used and key in known)
    return References(sources, tuple(files), works)
