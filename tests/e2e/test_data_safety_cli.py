"""`journal backup`, `restore`, `check` and `passphrase`, and refusing damaged files, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from journal import cli, paths
from journal.storage import backups, crypto

PASS = "a long enough passphrase"
COMMANDS = [
    ("today",),
    ("log", "intake", "2"),
    ("log", "pain", "5"),
    ("export", "-o", "x.json"),
    ("report", "--from", "2026-01-01", "--to", "2026-01-31", "-o", "x.pdf"),
    ("backup",),
    ("check",),
    ("products",),
]


def run(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", **env)
    full_env.pop("DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
        cwd=data.parent,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert run(folder, "log", "intake", "3", "--note", "first").returncode == 0
    return folder


def test_backup_list_check_and_restore(data: Path) -> None:
    made = run(data, "backup")
    assert made.returncode == 0 and "Backed up to" in made.stdout
    assert run(data, "log", "intake", "4", "--note", "second").returncode == 0
    listed = run(data, "backup", "--list")
    assert "made on request" in listed.stdout
    checked = run(data, "check")
    assert checked.returncode == 0 and checked.stdout.startswith("The journal is healthy")
    (manual,) = [b for b in backups.list_backups(data) if b.reason == "manual"]
    restored = run(data, "restore", manual.path.name)
    assert restored.returncode == 0, restored.stderr
    assert "backed up first" in restored.stdout
    assert run(data, "export", "-o", "after.json").returncode == 0
    exported = (data.parent / "after.json").read_text(encoding="utf-8")
    assert "first" in exported and "second" not in exported


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda db: db.write_bytes(db.read_bytes()[:3000]), id="truncated"),
        pytest.param(lambda db: db.write_bytes(b"plain text, not a database\n" * 40), id="not-sqlite"),
        pytest.param(
            lambda db: db.write_bytes(db.read_bytes()[:68] + b"\x00\x00\x00\x07" + db.read_bytes()[72:]),
            id="foreign-application-id",
        ),
        pytest.param(
            lambda db: db.write_bytes(db.read_bytes()[:4096] + b"\xee" * 4096 + db.read_bytes()[8192:]),
            id="bad-page",
        ),
    ],
)
def test_every_command_refuses_a_damaged_file_in_two_lines_and_restore_fixes_it(
    data: Path,
    damage: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(data, "backup").returncode == 0
    db = paths.db_path(data)
    damage(db)
    damaged = db.read_bytes()
    in_process = run(data, "today")  # one real process; the rest in-process, for speed
    assert in_process.returncode == 1 and db.read_bytes() == damaged
    monkeypatch.chdir(data.parent)
    for command in COMMANDS:
        status = cli.main(["--data-dir", str(data), *command])
        err = capsys.readouterr().err
        assert status == 1, command
        assert 1 <= len(err.strip().splitlines()) <= 2, err
        assert db.read_bytes() == damaged, f"{command} changed the damaged file"
        assert not Path(f"{db}-wal").exists()
    assert "journal restore --latest" in err or "newer" in err
    restored = run(data, "restore", "--latest")
    assert restored.returncode == 0, restored.stderr
    (aside,) = (data / "backups").glob("damaged-*.sqlite3")
    assert aside.read_bytes() == damaged
    assert run(data, "check").returncode == 0


def test_passphrase_set_change_remove(data: Path) -> None:
    refused = run(data, "passphrase", "set", JOURNAL_NEW_PASSPHRASE="short")
    assert refused.returncode == 2 and "at least 8" in refused.stderr
    on = run(data, "passphrase", "set", JOURNAL_NEW_PASSPHRASE=PASS)
    assert on.returncode == 0 and "cannot be recovered" in on.stdout
    assert crypto.is_encrypted(paths.db_path(data))
    locked = run(data, "today")
    assert locked.returncode == 1 and "JOURNAL_PASSPHRASE" in locked.stderr
    wrong = run(data, "today", JOURNAL_PASSPHRASE="not the passphrase")
    assert wrong.returncode == 1 and "does not open" in wrong.stderr
    assert run(data, "log", "intake", "1", JOURNAL_PASSPHRASE=PASS).returncode == 0
    changed = run(data, "passphrase", "change", JOURNAL_PASSPHRASE=PASS, JOURNAL_NEW_PASSPHRASE=PASS + "!")
    assert changed.returncode == 0
    assert run(data, "today", JOURNAL_PASSPHRASE=PASS).returncode == 1
    off = run(data, "passphrase", "remove", JOURNAL_PASSPHRASE=PASS + "!")
    assert off.returncode == 0 and not crypto.is_encrypted(paths.db_path(data))
    assert run(data, "today").returncode == 0
    for said in (on, locked, wrong, changed, off):  # right or wrong, no passphrase is ever echoed
        assert PASS not in said.stdout + said.stderr and "not the passphrase" not in said.stderr


def test_a_backup_the_passphrase_does_not_open_is_named_then_rekeyed_or_deleted(data: Path) -> None:
    from journal.storage import rekey

    old, new = "an old passphrase long", "the new passphrase"
    assert run(data, "backup").returncode == 0  # the daily backup at open, and this one
    assert run(data, "passphrase", "set", JOURNAL_NEW_PASSPHRASE=PASS).returncode == 0
    stray, other = (b.path for b in backups.list_backups(data))
    rekey.run(data, [rekey.Job(stray, crypto.key_for(stray, PASS))], crypto.Secret(old).new_key())

    changed = run(data, "passphrase", "change", JOURNAL_PASSPHRASE=PASS, JOURNAL_NEW_PASSPHRASE=new)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith(
        "The journal and 1 of its 2 backups are encrypted with the new passphrase; 1 is not, as said below."
    )
    assert f"{stray.name} does not open with the journal's passphrase" in changed.stderr
    assert f"journal backup rekey {stray.name}" in changed.stderr
    assert f"journal backup delete {stray.name}" in changed.stderr

    checked = run(data, "check", JOURNAL_PASSPHRASE=new)
    assert checked.returncode == 1
    assert "1 of 2 backups open with the journal's passphrase; 1 does not:" in checked.stdout
    assert stray.name in checked.stdout

    wrong = run(data, "backup", "rekey", stray.name, JOURNAL_PASSPHRASE=new, JOURNAL_BACKUP_PASSPHRASE=PASS)
    assert wrong.returncode == 1 and f"does not open {stray.name}; nothing was changed" in wrong.stderr
    fixed = run(data, "backup", "rekey", stray.name, JOURNAL_PASSPHRASE=new, JOURNAL_BACKUP_PASSPHRASE=old)
    assert fixed.returncode == 0 and "now opens with the journal's passphrase" in fixed.stdout
    checked = run(data, "check", JOURNAL_PASSPHRASE=new)
    assert checked.returncode == 0 and "All 2 backups open with the journal's passphrase" in checked.stdout

    gone = run(data, "backup", "delete", other.name, JOURNAL_PASSPHRASE=new)
    assert gone.returncode == 0 and not other.exists() and stray.exists()


def test_an_interrupted_change_is_finished_before_the_passphrase_is_asked_for(data: Path) -> None:
    """Decided but killed before the files were renamed: the next command opens with the new one."""
    from journal.storage import rekey

    assert run(data, "backup").returncode == 0
    assert run(data, "passphrase", "set", JOURNAL_NEW_PASSPHRASE=PASS).returncode == 0
    files = [paths.db_path(data), *(b.path for b in backups.list_backups(data))]
    secret = crypto.Secret(PASS)
    rekey.prepare(
        data, [rekey.Job(f, crypto.key_for(f, secret)) for f in files], crypto.Secret("later one").new_key()
    )
    old = run(data, "today", JOURNAL_PASSPHRASE=PASS)
    assert old.returncode == 1
    assert "An interrupted passphrase change was completed just now" in old.stderr
    assert "does not open" in old.stderr
    assert run(data, "today", JOURNAL_PASSPHRASE="later one").returncode == 0
    assert not list(data.glob("*.rekey")) and not list((data / "backups").glob("*.rekey"))


def test_no_option_takes_a_passphrase() -> None:
    """Passphrases come from the terminal or the environment, never from argv (other users can read it)."""
    import argparse

    def options(parser: argparse.ArgumentParser) -> list[str]:
        found = []
        for action in parser._actions:
            found += action.option_strings + ([action.dest] if not action.option_strings else [])
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += options(sub)
        return found

    names = options(cli.build_parser())
    assert "action" in names and "--data-dir" in names
    assert not [n for n in names if "pass" in n.lower() or "key" in n.lower() or "secret" in n.lower()]
