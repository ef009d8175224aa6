"""Context tags of entries, written and read within a transaction another part of the store holds.

Tags name their entry by kind ("intake", "symptom", ...) and id; they stay while
the entry is soft-deleted (hidden with it, back with an undo) and go when the
purge removes the entry for good.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, exists, insert, select
from sqlalchemy.orm import Session

from journal.storage.models import (
    BreakRow,
    EntryTagRow,
    IntakeRow,
    PainRow,
    PhotoRow,
    SymptomEntryRow,
    WithdrawalRow,
)

#: The entries tags can be put on: each kind's name (as `Kind` spells it) and table.
TAGGED: dict[str, Any] = {
    "intake": IntakeRow,
    "symptom": SymptomEntryRow,
    "pain": PainRow,
    "withdrawal": WithdrawalRow,
    "break": BreakRow,
    "photo": PhotoRow,
}
_KIND_OF = {model: kind for kind, model in TAGGED.items()}


def kind_of(model: Any) -> str | None:
    """The kind name of an entry table, or None when its entries take no tags."""
    return _KIND_OF.get(model)


def write_tags(s: Session, kind: str, entry_id: int, tags: Sequence[str]) -> None:
    """Make `tags` (already checked, `domain.tags.check_tags`) the entry's tags, in `s`'s transaction."""
    s.execute(delete(EntryTagRow).where(EntryTagRow.kind == kind, EntryTagRow.entry_id == entry_id))
    if tags:
        s.execute(insert(EntryTagRow), [{"kind": kind, "entry_id": entry_id, "tag": tag} for tag in tags])


def read_tags(s: Session, kind: str, entry_ids: Iterable[int] | None = None) -> dict[int, tuple[str, ...]]:
    """The tags of entries of `kind` (those of `entry_ids`, or all), sorted, by entry id."""
    query = select(EntryTagRow.entry_id, EntryTagRow.tag).where(EntryTagRow.kind == kind)
    if entry_ids is not None:
        query = query.where(EntryTagRow.entry_id.in_(list(entry_ids)))
    found: dict[int, list[str]] = {}
    for entry_id, tag in s.execute(query.order_by(EntryTagRow.entry_id, EntryTagRow.tag)):
        found.setdefault(entry_id, []).append(tag)
    return {entry_id: tuple(tags) for entry_id, tags in found.items()}


def live_tag(kind: str) -> Any:
    """A condition on EntryTagRow: its entry (of `kind`) is live, not soft-deleted."""
    model = TAGGED[kind]
    return and_(
        EntryTagRow.kind == kind, exists().where(model.id == EntryTagRow.entry_id, model.deleted.is_(None))
    )


def purge_orphans(s: Session) -> int:
    """Remove the tags whose entry no longer exists (after the purge removed it for good)."""
    removed = 0
    for kind, model in TAGGED.items():
        orphan = and_(EntryTagRow.kind == kind, ~exists().where(model.id == EntryTagRow.entry_id))
        removed += s.execute(delete(EntryTagRow).where(orphan)).rowcount  # type: ignore[attr-defined]
    return removed
