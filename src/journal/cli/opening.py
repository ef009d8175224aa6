"""Opening the journal for a command, running it, and saying in one line what went wrong.

The passphrase is asked first, before SQLAlchemy and the rest load, so its key
is derived on another core meanwhile (`Opening.use_passphrase`). What opening
did or met (`service.opening.Outcome`) is told on stderr, so --json output
stays one clean object.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from journal.cli.output import EXIT_FILE, EXIT_INPUT, PROG, CommandError, fail, input_message
from journal.domain.errors import DamagedJournalError, InvalidInput, JournalFileError, NotAJournalError

if TYPE_CHECKING:
    from journal.service.journal import Journal
    from journal.service.opening import Opening

PASSPHRASE_ENV = "JOURNAL_PASSPHRASE"
BACKUP_PASSPHRASE_ENV = "JOURNAL_BACKUP_PASSPHRASE"
RESTORE_HINT = "A backup can replace it (the damaged file is kept): journal restore --latest"


def read_secret(prompt: str, env: str) -> str:
    """A passphrase from the environment variable `env`, or typed at the terminal (not echoed)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CommandError(f"the journal is protected by a passphrase: run this in a terminal, or set {env}.")
    return getpass.getpass(prompt)


def asked(folder: Path) -> Opening:
    """An opening of the journal in `folder`, its passphrase asked for now if it has one."""
    from journal.service.opening import Opening

    opening = Opening(folder)
    if opening.needs_passphrase:
        opening.use_passphrase(read_secret("Passphrase: ", PASSPHRASE_ENV))
    return opening


def run(args: argparse.Namespace, folder: Path) -> int:
    """Open the journal in `folder` and run the command; the exit status."""
    folder_func: Callable[[Path, argparse.Namespace], int] | None = getattr(args, "folder_func", None)
    try:  # asked first, so its key is derived on another core while the rest loads
        opening = None if folder_func is not None else asked(folder)
    except CommandError as err:
        return fail(err.status, str(err))
    except OSError as err:
        return fail(EXIT_FILE, f"cannot open the journal in {folder}: {err.strerror or err}")

    from journal.service.failures import DATABASE_ERRORS, reason
    from journal.service.opening import Status, list_backups

    if folder_func is not None:  # restore: works on a journal too damaged to open
        try:
            return folder_func(folder, args)
        except CommandError as err:
            return fail(err.status, str(err))
        except JournalFileError as err:
            damaged = isinstance(err, DamagedJournalError | NotAJournalError)
            return fail(EXIT_FILE, f"{err}\n{RESTORE_HINT}" if damaged and list_backups(folder) else str(err))
        except OSError as err:
            return fail(EXIT_FILE, f"cannot open the journal in {folder}: {err.strerror or err}")
        except DATABASE_ERRORS as err:
            return fail(EXIT_FILE, f"cannot open the journal in {folder}: {reason(err)}")
    assert opening is not None
    outcome = opening.open()
    for notice in outcome.notices:  # an interrupted passphrase change, finished or undone; ...
        print(f"{PROG}: {notice}", file=sys.stderr)
    if outcome.journal is None or outcome.status is not Status.OPENED:
        message = outcome.message
        if outcome.status is Status.DAMAGED and outcome.backups:
            message += f"\n{RESTORE_HINT}"
        return fail(EXIT_FILE, message)
    return _run(outcome.journal, args, DATABASE_ERRORS, reason)


def _run(
    journal: Journal,
    args: argparse.Namespace,
    database_errors: tuple[type[Exception], ...],
    reason: Callable[[BaseException], str],
) -> int:
    func: Callable[[Journal, argparse.Namespace], int] = args.func
    try:
        return func(journal, args)
    except CommandError as err:
        return fail(err.status, str(err))
    except JournalFileError as err:  # a passphrase change refused; a full or read-only disk (WriteFailed)
        return fail(EXIT_FILE, str(err))
    except InvalidInput as err:
        return fail(EXIT_INPUT, input_message(err))
    except database_errors as err:  # locked by another program, disk full, ...
        return fail(EXIT_FILE, f"the journal could not be read or written: {reason(err)}")
    except KeyboardInterrupt:
        return 130
    finally:
        journal.close()
