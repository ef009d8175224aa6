"""The command line's data-safety commands: backup, restore, check, passphrase.

`restore` works on the folder, not on an open journal, so it can replace a file
too damaged to open. Passphrases come from the terminal (never echoed) or, for
scripts, from JOURNAL_PASSPHRASE and JOURNAL_NEW_PASSPHRASE.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal import paths

if TYPE_CHECKING:  # the parser is built on every start; storage loads only when a command runs
    from journal.service import Journal
    from journal.storage import backups
    from journal.storage import engine as eng

PASSPHRASE_ENV = "JOURNAL_PASSPHRASE"
NEW_PASSPHRASE_ENV = "JOURNAL_NEW_PASSPHRASE"
FORGOTTEN = (
    "A forgotten passphrase cannot be recovered: without it nobody, you included, can read the journal "
    "or its backups."
)


class CommandError(Exception):
    """A problem to print in one line, with the exit status to use."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def add_commands(commands: Any, common: argparse.ArgumentParser, json_flag: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup", help="back up the journal now (a verified copy in backups/)", parents=[common, json_flag]
    )
    backup.add_argument("--list", action="store_true", help="list the backups instead")
    backup.set_defaults(func=_backup)

    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the journal (the current one is backed up first)",
        parents=[common],
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file, or its name in backups/")
    which.add_argument("--latest", action="store_true", help="the newest backup that passes the checks")
    restore.set_defaults(folder_func=_restore)

    check = commands.add_parser(
        "check", help="run the full integrity and link checks and say what they found", parents=[common]
    )
    check.set_defaults(func=_check)

    phrase = commands.add_parser(
        "passphrase", help="encrypt the journal with a passphrase, change it, or remove it", parents=[common]
    )
    phrase.add_argument("action", choices=["set", "change", "remove"])
    phrase.set_defaults(func=_passphrase)


# -- passphrases ------------------------------------------------------------------------


def read_secret(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CommandError(f"the journal is protected by a passphrase: run this in a terminal, or set {env}.")
    return getpass.getpass(prompt)


def passphrase_for(folder: Path) -> str | None:
    """Ask for the passphrase only when the journal is encrypted."""
    from journal.storage import crypto

    if not crypto.is_encrypted(paths.db_path(folder)):
        return None
    return read_secret("Passphrase: ", PASSPHRASE_ENV)


def _new_passphrase() -> str:
    from journal.storage import crypto

    if NEW_PASSPHRASE_ENV in os.environ:
        new = repeated = os.environ[NEW_PASSPHRASE_ENV]
    else:
        print(FORGOTTEN, file=sys.stderr)
        new = read_secret("New passphrase: ", NEW_PASSPHRASE_ENV)
        repeated = read_secret("The same again: ", NEW_PASSPHRASE_ENV)
    try:
        crypto.check_new_passphrase(new, repeated)
    except crypto.PassphraseError as err:
        raise CommandError(str(err), status=2) from err
    return new


def _passphrase(journal: Journal, args: argparse.Namespace) -> int:
    if args.action == "set" and journal.encrypted:
        raise CommandError("the journal already has a passphrase; use: journal passphrase change", 2)
    if args.action in ("change", "remove") and not journal.encrypted:
        raise CommandError("the journal has no passphrase; use: journal passphrase set", 2)
    new = None if args.action == "remove" else _new_passphrase()
    journal.change_passphrase(new)
    count = len(journal.store.backups())
    if new is None:
        print(f"The passphrase is removed: the journal and its {count} backups are no longer encrypted.")
    else:
        print(f"The journal and its {count} backups are encrypted with the new passphrase. {FORGOTTEN}")
    return 0


# -- backups, restore, check ---------------------------------------------------------


def _backup(journal: Journal, args: argparse.Namespace) -> int:
    from journal.cli import _emit as emit

    if args.list:
        found = journal.store.backups()
        lines = [
            f"{b.taken.astimezone():%Y-%m-%d %H:%M}  {b.size_text:>8}  {b.why:<28}  {b.path.name}"
            for b in found
        ]
        if not found:
            lines = [f"No backups yet in {journal.store.folder / 'backups'}."]
        doc = {"backups": [_backup_json(b) for b in found]}
        return emit(args, doc, lines)
    made = journal.store.backup("manual")
    kept = len(journal.store.backups())
    return emit(args, _backup_json(made), [f"Backed up to {made.path} ({kept} backups kept)."])


def _backup_json(b: backups.Backup) -> dict[str, Any]:
    return {"path": str(b.path), "taken_utc": b.taken.isoformat(), "reason": b.reason, "bytes": b.size}


def _check(journal: Journal, args: argparse.Namespace) -> int:
    from journal.cli import warn_if_synced

    warn_if_synced(journal)
    health = journal.store.check()
    print(health.summary())
    return 0 if health.ok else 1


def _restore(folder: Path, args: argparse.Namespace) -> int:
    from journal.storage import backups, crypto
    from journal.storage.usage import UsageLock

    lock = UsageLock(folder)
    try:
        if not lock.exclusive():
            raise CommandError(
                "the journal is open in a window or another command; close it first. Nothing was changed."
            )
        listed = backups.list_backups(folder)
        needs_key = any(crypto.is_encrypted(b.path) for b in listed) or (
            args.backup is not None and crypto.is_encrypted(_source(folder, args.backup))
        )
        passphrase = read_secret("Passphrase of the backup: ", PASSPHRASE_ENV) if needs_key else None
        if args.latest:
            good = backups.newest_good(folder, passphrase)
            if good is None:
                raise CommandError(
                    f"no backup in {folder / 'backups'} passes the checks; nothing was changed."
                )
            source = good.path
        else:
            source = _source(folder, args.backup)
        done = backups.restore(folder, source, datetime.now(UTC), passphrase)
    finally:
        lock.close()
    print(f"Restored {source.name}.")
    if done.safety is not None:
        print(f"The journal it replaced was backed up first: {done.safety.path.name}.")
    if done.set_aside is not None:
        print(f"The damaged journal it replaced was kept, unchanged, as {done.set_aside}.")
    return 0


def _source(folder: Path, given: str) -> Path:
    """A path as given, or a name in the backups folder."""
    path = Path(given).expanduser()
    if not path.exists() and (folder / "backups" / given).exists():
        path = folder / "backups" / given
    if not path.is_file():
        raise CommandError(
            f"there is no backup {given} (see: journal backup --list); nothing was changed.", 2
        )
    return path


def open_failure(folder: Path, err: eng.JournalFileError) -> str:
    """The reason a journal cannot be opened, and what to do when a backup can help."""
    from journal.storage import backups
    from journal.storage import engine as eng

    message = str(err)
    if isinstance(err, (eng.DamagedJournalError, eng.NotAJournalError)) and backups.list_backups(folder):
        message += "\nA backup can replace it (the damaged file is kept): journal restore --latest"
    return message
