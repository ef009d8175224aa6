"""Context tags on entries: what makes a tag, its one stored form, and the few suggested ones.

A tag is a short word or phrase a person puts on an entry ("poor sleep",
"stress"). Tags are only counted and filtered by: the journal claims no link
between a tag and anything else. Two tags that differ only in case or spacing
are the same tag, stored once in lower case with single inner spaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput

#: The longest tag, in characters (the column holds 40).
MAX_TAG_CHARS = 40
#: The most tags one entry carries.
MAX_TAGS = 10
#: Everyday contexts offered as one click; free tags are typed beside them.
SUGGESTED_TAGS = (
    "poor sleep",
    "stress",
    "flare",
    "illness",
    "travel",
    "exercise",
    "missed meal",
    "work",
)
#: The kinds of entry a person tags (the window, the command line, exports and imports).
TAGGED_KINDS = (Kind.INTAKE, Kind.SYMPTOM, Kind.PAIN, Kind.WITHDRAWAL, Kind.BREAK, Kind.PHOTO)
#: How tags are joined in one line of text (a CSV column, a list on the terminal).
TAG_SEPARATOR = "; "
E = TypeVar("E")


def canonical_tag(text: str) -> str:
    """`text` as a tag is stored: trimmed, inner spaces as one, lower case; InvalidInput if it cannot be one.

    Semicolons and commas are refused: they separate tags where tags are typed or joined.
    """
    tag = " ".join(text.split()).casefold()
    if not tag:
        raise InvalidInput("tags", "A tag needs at least one character.")
    if len(tag) > MAX_TAG_CHARS:
        raise InvalidInput("tags", f"A tag is at most {MAX_TAG_CHARS} characters: “{tag[:20]}…” is longer.")
    if ";" in tag or "," in tag:
        raise InvalidInput("tags", f"A tag cannot hold a comma or semicolon (“{tag}”): they separate tags.")
    return tag


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags in their stored form, each once, sorted; InvalidInput for a bad one or more than MAX_TAGS."""
    found = sorted({canonical_tag(tag) for tag in tags})
    if len(found) > MAX_TAGS:
        raise InvalidInput("tags", f"An entry takes at most {MAX_TAGS} tags ({len(found)} given).")
    return tuple(found)


def split_tags(text: str) -> list[str]:
    """The tags typed in one line, separated by semicolons or commas (blank parts skipped), unchecked."""
    return [part for part in text.replace(",", ";").split(";") if part.strip()]


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed in one line, separated by semicolons or commas, checked (`check_tags`)."""
    return check_tags(split_tags(text))


def join_tags(tags: Iterable[str]) -> str:
    """Tags as one line of text, as CSV and the terminal show them."""
    return TAG_SEPARATOR.join(tags)


@dataclass(frozen=True, slots=True)
class TagUse:
    """One tag on one entry: the entry's kind and id, and the journal day it belongs to."""

    tag: str
    kind: str
    entry_id: int
    day: date


@dataclass(frozen=True, slots=True)
class TagTally:
    """How often a tag was put on entries in a period: entries, and days with at least one."""

    tag: str
    entries: int
    days: int


def tally_tags(uses: Iterable[TagUse]) -> list[TagTally]:
    """Each tag's count of entries and of days, most entries first (then by name): counts only."""
    entries: dict[str, set[tuple[str, int]]] = {}
    days: dict[str, set[date]] = {}
    for use in uses:
        entries.setdefault(use.tag, set()).add((use.kind, use.entry_id))
        days.setdefault(use.tag, set()).add(use.day)
    tallies = [TagTally(tag, len(entries[tag]), len(days[tag])) for tag in entries]
    return sorted(tallies, key=lambda t: (-t.entries, t.tag))


@dataclass(frozen=True, slots=True)
class Tagged(Generic[E]):
    """An entry as it was (or is) saved together with its tags: what undoing a correction puts back."""

    entry: E
    tags: tuple[str, ...]
