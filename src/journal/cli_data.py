"""The command line's data-safety commands: backup, restore, check, passphrase.

`restore` works on the folder, not on an open journal, so it can replace a file
too damaged to open. Passphrases come from the terminal (never echoed) or, for
scripts, from JOURNAL_PASSPHRASE, JOURNAL_NEW_PASSPHRASE and (a backup's own,
for `backup rekey`) JOURNAL_BACKUP_PASSPHRASE.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser is built on every start; storage loads only when a command runs
    from journal.service import Journal
    from journal.storage import backups
    from journal.storage import engine as eng
    from journal.storage.crypto import Secret

PASSPHRASE_ENV = "JOURNAL_PASSPHRASE"
NEW_PASSPHRASE_ENV = "JOURNAL_NEW_PASSPHRASE"
BACKUP_PASSPHRASE_ENV = "JOURNAL_BACKUP_PASSPHRASE"
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
    backup.add_argument(
        "action",
        nargs="?",
        choices=["rekey", "delete"],
        help="rekey: put backup NAME under the journal's passphrase (asks for the one it was made "
        "under); delete: remove it for good",
    )
    backup.add_argument("name", nargs="?", metavar="NAME", help="a backup's file name in backups/")
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


def passphrase_for(folder: Path) -> Secret | None:
    """Ask for the passphrase only when the journal is encrypted, and start deriving its key.

    Runs before the rest of the app is loaded (only `crypto` and `rekey`, no
    SQLAlchemy): the key is derived on another core meanwhile. The file asked
    about is the one the open will use (an interrupted change's copy, if the
    change was decided).
    """
    from journal.storage import crypto, rekey

    salt = crypto.salt_of(rekey.journal_to_open(folder))
    if salt is None:
        return None
    secret = crypto.Secret(read_secret("Passphrase: ", PASSPHRASE_ENV))
    secret.prepare(salt)
    return secret


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
    done = journal.change_passphrase(new)
    print(done.summary(encrypted=new is not None) + (f" {FORGOTTEN}" if new is not None else ""))
    _name_mismatches(done.left)
    return 0


def _name_mismatches(standing: Sequence[backups.Standing]) -> None:
    """On stderr, each backup that does not open as the journal does, and what to do about it."""
    from journal.cli import PROG

    for s in standing:
        print(f"{PROG}: warning: {s.describe()}. {what_to_do(s)}", file=sys.stderr)


def what_to_do(s: backups.Standing) -> str:
    """The commands that put a mismatched backup right."""
    from journal.storage import backups

    name = s.backup.path.name
    delete = f"journal backup delete {name}"
    if s.problem == backups.DAMAGED:
        return f"It cannot be restored; delete it: {delete}"
    if s.problem == backups.PLAIN:
        return f"Encrypt it with the journal's key: journal backup rekey {name}; or delete it: {delete}"
    return (
        f"Re-key it with the passphrase it was made under: journal backup rekey {name} "
        f"(asks for that passphrase); or delete it: {delete}"
    )


# -- backups, restore, check ---------------------------------------------------------


def _backup(journal: Journal, args: argparse.Namespace) -> int:
    from journal.cli import _emit as emit

    if args.action is not None:
        return _one_backup(journal, args)
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


def _one_backup(journal: Journal, args: argparse.Namespace) -> int:
    """`journal backup rekey NAME` and `journal backup delete NAME`."""
    from journal.storage import crypto
    from journal.storage import engine as eng

    if args.name is None or args.list:
        listing = "see: journal backup --list"
        raise CommandError(f"name the backup: journal backup {args.action} NAME ({listing})", 2)
    found = {b.path.name: b.path for b in journal.store.backups()}
    path = found.get(Path(args.name).name)
    if path is None:
        raise CommandError(f"there is no backup {args.name} (see: journal backup --list); nothing changed", 2)
    if args.action == "delete":
        journal.delete_backup(path)
        print(f"Deleted {path.name} (its bytes were overwritten first).")
        return 0
    passphrase = None
    if crypto.is_encrypted(path):
        passphrase = read_secret(f"Passphrase {path.name} was made under: ", BACKUP_PASSPHRASE_ENV)
    try:
        journal.rekey_backup(path, passphrase)
    except eng.WrongPassphrase as err:
        raise CommandError(f"that passphrase does not open {path.name}; nothing was changed.") from err
    if journal.encrypted:
        print(f"{path.name} now opens with the journal's passphrase.")
    else:
        print(f"{path.name} is no longer encrypted, like the journal.")
    return 0


def _backup_json(b: backups.Backup) -> dict[str, Any]:
    return {"path": str(b.path), "taken_utc": b.taken.isoformat(), "reason": b.reason, "bytes": b.size}


def _check(journal: Journal, args: argparse.Namespace) -> int:
    from journal.cli import warn_if_synced
    from journal.storage import backups

    warn_if_synced(journal)
    health = journal.store.check()
    print(health.summary())
    standing = journal.backup_standing()
    wrong = [s for s in standing if s.problem is not None]
    print(backups.standing_summary(standing, journal.encrypted))
    for s in wrong:
        print(f"  {s.describe()}. {what_to_do(s)}")
    return 0 if health.ok and not wrong else 1


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
        typed = read_secret("Passphrase of the backup: ", PASSPHRASE_ENV) if needs_key else None
        passphrase = crypto.Secret(typed) if typed is not None else None  # derived once per salt
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
