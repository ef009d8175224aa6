"""The errors the core raises, for the window and the command line to show.

They live here, below everything that raises them: storage raises the file
errors, the service the input errors, and the window and the command line
catch both without knowing where they came from. Every message is for a person.
"""

from __future__ import annotations

from pathlib import Path


class InvalidInput(ValueError):
    """Input that cannot be saved; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NeedsConfirmation(InvalidInput):
    """Input that is allowed but unusual enough to need an explicit "yes, this is right"."""


class PassphraseError(ValueError):
    """A new passphrase that cannot be used, with the reason for a person."""


class NotFound(LookupError):
    """No live entry with that id."""


# -- the journal file --------------------------------------------------------------


class JournalFileError(Exception):
    """The journal file cannot be opened or used; the message says why, for a person."""


class NotAJournalError(JournalFileError):
    pass


class NewerJournalError(JournalFileError):
    pass


class DamagedJournalError(JournalFileError):
    pass


class PassphraseRequired(JournalFileError):
    """The file is encrypted (or looks it) and no passphrase was given."""


class WrongPassphrase(JournalFileError):
    """The passphrase does not open the file; nothing was changed."""


class JournalLocked(JournalFileError):
    """The journal is locked: its key was dropped, so nothing can be read until it is unlocked."""


class JournalInUse(JournalFileError):
    """Another window or command has the journal open."""


#: WriteFailed.reason values.
FULL = "full"
READ_ONLY = "read-only"


class WriteFailed(JournalFileError):
    """A save the disk refused (full, or read-only); the transaction was rolled back.

    One type for every form and the command line to catch: the message is for a
    person, and `reason` ("full" or "read-only") is for code.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        where = "the disk is full" if reason == FULL else "its file or folder is read-only"
        fix = "Free some space" if reason == FULL else "Make the folder writable"
        super().__init__(
            f"The journal could not be saved because {where}. {fix} and save again; nothing was changed."
        )


class EraseIncomplete(OSError):
    """Some of the journal's files could not be removed; `removed` says which ones were."""

    def __init__(self, removed: list[Path], cause: OSError) -> None:
        super().__init__(cause.errno, f"{cause.strerror or cause}: {cause.filename}")
        self.removed = removed
