"""`journal backup`, `restore`, `check` and `passphrase`: the journal's data safety from a terminal.

`restore` works on the folder, not on an open journal, so it can replace a file
too damaged to open. Passphrases come from the terminal (never echoed) or, for
scripts, from JOURNAL_PASSPHRASE, JOURNAL_NEW_PASSPHRASE and (a backup's own,
for `backup rekey`) JOURNAL_BACKUP_PASSPHRASE.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.cli.arguments import Parents, add_json
from journal.cli.opening import BACKUP_PASSPHRASE_ENV, PASSPHRASE_ENV, read_secret
from journal.cli.output import EXIT_INPUT, CommandError, emit, warn, warn_if_synced
from journal.domain.entities import check_new_passphrase
from journal.domain.errors import PassphraseError, WrongPassphrase
from journal.domain.safety import DAMAGED, PLAIN, Backup, Standing, standing_summary

if TYPE_CHECKING:
    from journal.service.journal import Journal

NEW_PASSPHRASE_ENV = "JOURNAL_NEW_PASSPHRASE"
FORGOTTEN = (
    "A forgotten passphrase cannot be recovered: without it nobody, you included, can read the journal "
    "or its backups."
)


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    if name == "backup":
        add_json(parser)
        parser.add_argument("--list", action="store_true", help="list the backups instead")
        parser.add_argument(
            "action",
            nargs="?",
            choices=["rekey", "delete"],
            help="rekey: put backup NAME under the journal's passphrase (asks for the one it was made "
            "under); delete: remove it for good",
        )
        parser.add_argument("name", nargs="?", metavar="NAME", help="a backup's file name in backups/")
        parser.set_defaults(func=backup)
    elif name == "restore":
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "backup", nargs="?", metavar="BACKUP", help="a backup file, or its name in backups/"
        )
        which.add_argument("--latest", action="store_true", help="the newest backup that passes the checks")
        parser.set_defaults(folder_func=restore)
    elif name == "check":
        parser.set_defaults(func=check)
    else:
        parser.add_argument("action", choices=["set", "change", "remove"])
        parser.set_defaults(func=passphrase)


# -- passphrases ------------------------------------------------------------------------


def _new_passphrase() -> str:
    if NEW_PASSPHRASE_ENV in os.environ:
        new = repeated = os.environ[NEW_PASSPHRASE_ENV]
    else:
        print(FORGOTTEN, file=sys.stderr)
        new = read_secret("New passphrase: ", NEW_PASSPHRASE_ENV)
        repeated = read_secret("The same again: ", NEW_PASSPHRASE_ENV)
    try:
        check_new_passphrase(new, repeated)
    except PassphraseError as err:
        raise CommandError(str(err), status=EXIT_INPUT) from err
    return new


def passphrase(journal: Journal, args: argparse.Namespace) -> int:
    if args.action == "set" and journal.encrypted:
        raise CommandError("the journal already has a passphrase; use: journal passphrase change", EXIT_INPUT)
    if args.action in ("change", "remove") and not journal.encrypted:
        raise CommandError("the journal has no passphrase; use: journal passphrase set", EXIT_INPUT)
    new = None if args.action == "remove" else _new_passphrase()
    done = journal.change_passphrase(new)
    print(done.summary(encrypted=new is not None) + (f" {FORGOTTEN}" if new is not None else ""))
    _name_mismatches(done.left)
    return 0


def _name_mismatches(standing: Sequence[Standing]) -> None:
    """On stderr, each backup that does not open as the journal does, and what to do about it."""
    for s in standing:
        warn(f"{s.describe()}. {what_to_do(s)}")


def what_to_do(s: Standing) -> str:
    """The commands that put a mismatched backup right."""
    name = s.backup.path.name
    delete = f"journal backup delete {name}"
    if s.problem == DAMAGED:
        return f"It cannot be restored; delete it: {delete}"
    if s.problem == PLAIN:
        return f"Encrypt it with the journal's key: journal backup rekey {name}; or delete it: {delete}"
    return (
        f"Re-key it with the passphrase it was made under: journal backup rekey {name} "
        f"(asks for that passphrase); or delete it: {delete}"
    )


# -- backups, restore, check ---------------------------------------------------------


def backup(journal: Journal, args: argparse.Namespace) -> int:
    if args.action is not None:
        return _one_backup(journal, args)
    if args.list:
        found = journal.backups.all()
        lines = [
            f"{b.taken.astimezone():%Y-%m-%d %H:%M}  {b.size_text:>8}  {b.why:<28}  {b.path.name}"
            for b in found
        ]
        if not found:
            lines = [f"No backups yet in {journal.backups.folder}."]
        doc = {"backups": [_backup_json(b) for b in found]}
        return emit(args, doc, lines)
    made = journal.backups.take("manual")
    kept = len(journal.backups.all())
    return emit(args, _backup_json(made), [f"Backed up to {made.path} ({kept} backups kept)."])


def _one_backup(journal: Journal, args: argparse.Namespace) -> int:
    """`journal backup rekey NAME` and `journal backup delete NAME`."""
    if args.name is None or args.list:
        listing = "see: journal backup --list"
        raise CommandError(f"name the backup: journal backup {args.action} NAME ({listing})", EXIT_INPUT)
    found = {b.path.name: b.path for b in journal.backups.all()}
    path = found.get(Path(args.name).name)
    if path is None:
        raise CommandError(
            f"there is no backup {args.name} (see: journal backup --list); nothing changed", EXIT_INPUT
        )
    if args.action == "delete":
        journal.backups.delete(path)
        print(f"Deleted {path.name} (its bytes were overwritten first).")
        return 0
    passphrase = None
    if journal.backups.encrypted(path):
        passphrase = read_secret(f"Passphrase {path.name} was made under: ", BACKUP_PASSPHRASE_ENV)
    try:
        journal.backups.rekey(path, passphrase)
    except WrongPassphrase as err:
        raise CommandError(f"that passphrase does not open {path.name}; nothing was changed.") from err
    if journal.encrypted:
        print(f"{path.name} now opens with the journal's passphrase.")
    else:
        print(f"{path.name} is no longer encrypted, like the journal.")
    return 0


def _backup_json(b: Backup) -> dict[str, Any]:
    return {"path": str(b.path), "taken_utc": b.taken.isoformat(), "reason": b.reason, "bytes": b.size}


def check(journal: Journal, args: argparse.Namespace) -> int:
    warn_if_synced(journal)
    health = journal.check()
    print(health.summary())
    standing = journal.backups.standing()
    wrong = [s for s in standing if s.problem is not None]
    print(standing_summary(standing, journal.encrypted))
    for s in wrong:
        print(f"  {s.describe()}. {what_to_do(s)}")
    return 0 if health.ok and not wrong else 1


def restore(folder: Path, args: argparse.Namespace) -> int:
    from journal.service.opening import restore_folder

    source = None if args.latest else _source(folder, args.backup)
    done = restore_folder(folder, source, lambda: read_secret("Passphrase of the backup: ", PASSPHRASE_ENV))
    print(f"Restored {done.source.name}.")
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
            f"there is no backup {given} (see: journal backup --list); nothing was changed.", EXIT_INPUT
        )
    return path
