"""Context tags in an import: read beside each entry (a JSON list, a CSV cell), checked, kept by the
entry's place in the file until the plan pairs the entry with the journal's.

Tags are merged, never replaced: an entry the journal has already takes the
file's tags it lacks, a new one all of them, so the same file twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from journal.domain.errors import InvalidInput
from journal.domain.tags import TAG_SEPARATOR, check_tags
from journal.reports.importing.errors import ImportFileError, Where

#: The arrays (and CSV files) whose entries carry tags, and the entry kind each holds.
TAGGED_ARRAYS = {
    "intakes": "intake",
    "symptoms": "symptom",
    "pain_checkins": "pain",
    "withdrawal_scores": "withdrawal",
    "breaks": "break",
    "photos": "photo",
}
TagKey = tuple[str, int | None, tuple[Any, ...]]


def tag_key(where: Where) -> TagKey:
    """An entry's place in its file (a CSV line, or a JSON array and index): what its tags are kept by."""
    return (where.file, where.line, tuple(where.steps[:2]))


def json_tags(value: Any, where: Where) -> tuple[str, ...]:
    """A JSON entry's "tags": a list of texts (missing or null: none), checked as typed tags are."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error('"tags" must be a list of texts, such as ["poor sleep", "stress"].', "tags")
    try:
        return check_tags(value)
    except InvalidInput as err:
        raise where.error(err.message, "tags") from None


def csv_tags(cell: str, file: str, line: int, column: int) -> tuple[str, ...]:
    """A CSV "tags" cell: tags separated by semicolons (as exported: "poor sleep; stress"), checked."""
    try:
        return check_tags(part for part in cell.split(TAG_SEPARATOR.strip()) if part.strip())
    except InvalidInput as err:
        raise ImportFileError(err.message, file=file, line=line, column=column, field="tags") from None
