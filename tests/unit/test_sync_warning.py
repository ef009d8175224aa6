"""The synced or network folder warning, on fake folders and a fake mount table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.paths import is_unc, mount_of, sync_warning

LOCAL_TABLE = "/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def local_mounts(tmp_path: Path) -> Path:
    table = tmp_path / "mounts"
    table.write_text(LOCAL_TABLE, encoding="utf-8")
    return table


def mounts(tmp_path: Path, *lines: str) -> Path:
    table = tmp_path / "mounts"
    table.write_text(LOCAL_TABLE + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return table


def warn(folder: Path, table: Path, home: Path, environ: dict[str, str] | None = None) -> str | None:
    return sync_warning(folder, mounts=table, home=home, environ=environ or {})


def test_a_plain_local_folder_gets_no_warning(home: Path, local_mounts: Path) -> None:
    assert warn(home / ".local" / "share" / "kratom-journal", local_mounts, home) is None


@pytest.mark.parametrize(
    ("where", "client"),
    [
        ("Dropbox", "Dropbox"),
        ("Dropbox (Company)", "Dropbox"),
        ("OneDrive", "OneDrive"),
        ("OneDrive - Contoso", "OneDrive"),
        ("Google Drive", "Google Drive"),
        ("Library/CloudStorage/GoogleDrive-me@example.org/My Drive", "Google Drive"),
        ("Library/CloudStorage/OneDrive-Personal", "OneDrive"),
        ("Library/CloudStorage/SomethingNew", "a cloud service"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("iCloudDrive", "iCloud Drive"),
        ("Nextcloud", "Nextcloud"),
        ("ownCloud", "ownCloud"),
        ("pCloudDrive", "pCloud"),
        ("MEGA", "MEGA"),
        ("Box", "Box"),
        ("Seafile", "Seafile"),
    ],
)
def test_a_folder_inside_a_sync_clients_folder_is_named(
    home: Path, local_mounts: Path, where: str, client: str
) -> None:
    folder = home / where / "journal"
    text = warn(folder, local_mounts, home)
    assert text is not None
    assert f"inside {client}'s synced folder" in text
    assert str(folder) in text


def test_the_sentence_says_why_and_what_to_do(home: Path, local_mounts: Path, tmp_path: Path) -> None:
    text = warn(home / "Dropbox" / "journal", local_mounts, home)
    assert text is not None
    assert "while it is being written" in text
    assert "broken or conflicting copies" in text
    assert "leave this computer" in text
    default = tmp_path / "xdg-data" / "kratom-journal"  # conftest points XDG_DATA_HOME here
    assert f"the default folder on this computer, {default}," in text
    assert "move it with an export or a backup" in text


def test_syncthing_is_found_by_its_marker_in_the_folder_or_a_parent(home: Path, local_mounts: Path) -> None:
    shared = home / "notes"
    (shared / "journal").mkdir(parents=True)
    assert warn(shared / "journal", local_mounts, home) is None
    (shared / ".stfolder").mkdir()
    assert "Syncthing" in (warn(shared / "journal", local_mounts, home) or "")
    assert "Syncthing" in (warn(shared, local_mounts, home) or "")


def test_a_nextcloud_folder_in_a_custom_place_is_found_by_its_sync_journal(
    home: Path, local_mounts: Path
) -> None:
    root = home / "work-files"
    root.mkdir()
    (root / ".sync_1a2b3c4d5e6f.db").write_bytes(b"")
    assert "Nextcloud or ownCloud" in (warn(root / "journal", local_mounts, home) or "")


def test_a_moved_dropbox_is_found_through_its_info_file(
    home: Path, local_mounts: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "elsewhere" / "Files"
    (home / ".dropbox").mkdir()
    (home / ".dropbox" / "info.json").write_text(
        json.dumps({"personal": {"path": str(moved), "host": 1}}), encoding="utf-8"
    )
    assert "Dropbox" in (warn(moved / "journal", local_mounts, home) or "")
    assert warn(tmp_path / "elsewhere" / "journal", local_mounts, home) is None


def test_onedrive_from_its_environment_variable(home: Path, local_mounts: Path, tmp_path: Path) -> None:
    business = tmp_path / "Work Sync"
    text = warn(business / "journal", local_mounts, home, {"OneDriveCommercial": str(business)})
    assert "OneDrive" in (text or "")


def test_names_above_the_home_folder_do_not_count(tmp_path: Path, local_mounts: Path) -> None:
    """A user called "box" or "mega" does not live in a Box or MEGA folder."""
    home = tmp_path / "box"
    assert warn(home / ".local" / "share" / "kratom-journal", local_mounts, home) is None
    assert warn(home, local_mounts, home) is None


@pytest.mark.parametrize(
    ("fstype", "words"),
    [
        ("nfs4", "on a network drive (nfs4"),
        ("cifs", "on a network drive (cifs"),
        ("smb3", "on a network drive (smb3"),
        ("9p", "on a network drive (9p"),
        ("fuse.sshfs", "on a FUSE file system that may be remote (fuse.sshfs"),
        ("fuse.rclone", "on a FUSE file system that may be remote (fuse.rclone"),
    ],
)
def test_network_and_remote_fuse_mounts_are_warned_about(
    home: Path, tmp_path: Path, fstype: str, words: str
) -> None:
    share = tmp_path / "share"
    table = mounts(tmp_path, f"server:/export {share} {fstype} rw 0 0")
    text = warn(share / "journal", table, home)
    assert text is not None
    assert words in text
    assert str(share) in text
    assert "may not lock the journal file" in text


def test_the_longest_mount_point_wins(home: Path, tmp_path: Path) -> None:
    net, disk = tmp_path / "net", tmp_path / "net" / "local-disk"
    table = mounts(tmp_path, f"server:/x {net} nfs rw 0 0", f"/dev/sdb1 {disk} ext4 rw 0 0")
    assert mount_of(disk / "journal", table) == (str(disk), "ext4")
    assert warn(disk / "journal", table, home) is None
    assert warn(net / "journal", table, home) is not None


def test_a_mount_point_matches_whole_folder_names_only(home: Path, tmp_path: Path) -> None:
    table = mounts(tmp_path, f"server:/x {tmp_path / 'nf'} nfs rw 0 0")
    assert warn(tmp_path / "nfsdata" / "journal", table, home) is None


def test_escaped_spaces_in_the_mount_table_are_understood(home: Path, tmp_path: Path) -> None:
    share = tmp_path / "My Share"
    table = mounts(tmp_path, f"//server/s {str(share).replace(' ', chr(92) + '040')} cifs rw 0 0")
    assert "cifs" in (warn(share / "journal", table, home) or "")


def test_local_fuse_and_a_missing_mount_table_give_no_warning(home: Path, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    table = mounts(tmp_path, f"/home/x/.vault {vault} fuse.gocryptfs rw 0 0")
    assert warn(vault / "journal", table, home) is None
    assert warn(home / "journal", tmp_path / "no-such-table", home) is None


def test_when_the_default_folder_is_remote_too_the_advice_changes(home: Path, tmp_path: Path) -> None:
    """A home folder on NFS: "use the default folder" would not help."""
    table = tmp_path / "mounts"
    table.write_text("server:/ / nfs4 rw 0 0\n", encoding="utf-8")
    text = warn(home / "journal", table, home)
    assert text is not None
    assert "the default folder" not in text
    assert "a folder on this computer's own disk" in text


@pytest.mark.parametrize(
    ("text", "unc"),
    [
        (r"\\server\share\journal", True),
        (r"\\?\UNC\server\share", True),
        ("//server/share", True),
        (r"\\?\C:\Users\me", False),
        (r"\\.\PhysicalDrive0", False),
        (r"C:\Users\me\AppData\Local\kratom-journal", False),
    ],
)
def test_windows_network_paths(text: str, unc: bool) -> None:
    assert is_unc(text) is unc


def test_journal_today_prints_the_warning_on_stderr_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal import cli

    synced = tmp_path / "Dropbox" / "journal"
    assert cli.main(["--data-dir", str(synced), "today", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["today_g"] == "0"
    assert out.err.startswith("journal: warning: Your journal folder")
    assert "Dropbox" in out.err
    assert cli.main(["--data-dir", str(tmp_path / "plain"), "today"]) == 0
    assert capsys.readouterr().err == ""
