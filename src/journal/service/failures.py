"""What can go wrong reading or writing the journal's files, for the window and the command line.

The journal's own refusals are `JournalFileError`s (domain.errors) with their
words; below them the disk and the database driver have their own errors,
named here so that nothing above the service needs to know the driver.
"""

from __future__ import annotations

from journal.storage.engine import DATABASE_ERRORS
from journal.storage.store import FILE_PROBLEMS

__all__ = ["DATABASE_ERRORS", "FILE_PROBLEMS", "reason"]


def reason(err: BaseException) -> str:
    """The first line of what the driver said (the error it wraps, if it wraps one)."""
    orig = getattr(err, "orig", None)
    return str(orig if orig is not None else err).splitlines()[0]
