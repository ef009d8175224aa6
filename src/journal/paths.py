"""Where the journal lives: one place, resolved on first use.

Order: an explicit --data-dir, then JOURNAL_DATA_DIR, then the platform's user
data folder. The folder is created private (0700) whatever the umask.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "kratom-journal"
DB_NAME = "journal.sqlite3"
ENV_VAR = "JOURNAL_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, created 0700 if missing."""
    chosen = explicit or os.environ.get(ENV_VAR) or platformdirs.user_data_dir(APP_NAME, False)
    return private_dir(Path(chosen).expanduser().resolve())


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by the user alone.

    A folder someone else owns, or a shared sticky folder such as /tmp, is left
    as it is: the journal's own files are private (0600) in any case.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = path.stat()
    ours = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if ours and not info.st_mode & stat.S_ISVTX and stat.S_IMODE(info.st_mode) != 0o700:
        path.chmod(0o700)
    return path


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def backup_dir(folder: Path) -> Path:
    return private_dir(folder / "backups")


# -- synced and network folders ------------------------------------------------------

MOUNTS = Path("/proc/self/mounts")

#: Folder names sync clients create, lower case, and the client's name.
SYNC_FOLDERS: dict[str, str] = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",  # ~/Library/Mobile Documents on macOS
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud": "pCloud",
    "pcloud drive": "pCloud",
    "pclouddrive": "pCloud",
    "mega": "MEGA",
    "megasync": "MEGA",
    "box": "Box",
    "box sync": "Box",
    "seafile": "Seafile",
    "seadrive": "Seafile",
}
#: Name beginnings: "Dropbox (Company)", "OneDrive - Contoso", macOS CloudStorage "GoogleDrive-me@x".
SYNC_PREFIXES: tuple[tuple[str, str], ...] = (
    ("dropbox (", "Dropbox"),
    ("dropbox-", "Dropbox"),
    ("onedrive - ", "OneDrive"),
    ("onedrive-", "OneDrive"),
    ("googledrive-", "Google Drive"),
    ("box-", "Box"),
)
#: File systems whose files live on another machine, or that may not lock files as SQLite needs.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "glusterfs", "9p",
        "lustre", "gpfs", "beegfs", "davfs", "coda", "vboxsf", "vmhgfs", "sshfs",
    }
)  # fmt: skip
#: FUSE file systems that only transform local files (encryption, unions): not warned about.
LOCAL_FUSE = frozenset(
    {
        "fuse.gocryptfs", "fuse.encfs", "fuse.cryfs", "fuse.securefs", "fuse.mergerfs",
        "fuse.bindfs", "fuse.lxcfs", "fuse.portal", "fuse.squashfuse", "fuse.fuse-overlayfs",
        "fuse.unionfs", "fuse.veracrypt",
    }
)  # fmt: skip


def sync_warning(
    folder: Path,
    *,
    mounts: Path = MOUNTS,
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """A plain warning when `folder` is synced to a cloud or on a network drive; None when local.

    Sync tools copy a file as it changes, so a database copied mid-write can
    arrive broken or as a conflicting copy, and the private entries go to
    someone else's computer. `mounts`, `home` and `environ` are seams for tests.
    """
    folder = Path(folder).expanduser().resolve()
    where = _where(folder, mounts, home, environ)
    if where is None:
        return None
    default = Path(platformdirs.user_data_dir(APP_NAME, False)).resolve()
    if folder != default and _where(default, mounts, home, environ) is None:
        advice = f"Keep the journal in the default folder on this computer, {default},"
    else:
        advice = "Keep the journal in a folder on this computer's own disk (see --data-dir),"
    if where.startswith("inside"):
        why = (
            "Sync tools can copy the journal file while it is being written and leave broken or "
            "conflicting copies, and your private entries then leave this computer."
        )
    else:
        why = (
            "Network and FUSE drives may not lock the journal file as it is being written, which can "
            "leave broken or conflicting copies, and your private entries then leave this computer."
        )
    return f"Your journal folder {folder} is {where}. {why} {advice} and move it with an export or a backup."


def _where(folder: Path, mounts: Path, home: Path | None, environ: Mapping[str, str] | None) -> str | None:
    """Where the folder is, as words ("inside Dropbox's synced folder"), or None if local."""
    client = _sync_client(folder, home, os.environ if environ is None else environ)
    if client is not None:
        return f"inside {client}'s synced folder"
    remote = _remote_filesystem(folder, mounts)
    if remote is not None:
        return remote
    return None


def _sync_client(folder: Path, home: Path | None, environ: Mapping[str, str]) -> str | None:
    chain = [folder, *folder.parents]
    for path in chain:
        if (path / ".stfolder").exists():  # Syncthing marks every shared folder with it
            return "Syncthing"
        if any(path.glob(".sync_*.db")) or any(path.glob("._sync_*.db")):
            return "Nextcloud or ownCloud"  # their desktop clients' journal in the synced root
    home = (home or Path.home()).resolve()
    for root, client in _configured_roots(home, environ):
        if root == folder or root in folder.parents:
            return client
    # Below the home folder only its own names count, so a user called "box" is no Box folder.
    inside = folder.relative_to(home) if folder.is_relative_to(home) else folder
    parts = [part.lower() for part in inside.parts]
    for index, part in enumerate(parts):
        if part == "cloudstorage" and index and parts[index - 1] == "library":  # macOS File Provider
            following = parts[index + 1] if index + 1 < len(parts) else ""
            return _named(following) or "a cloud service"
        named = _named(part)
        if named is not None:
            return named
    return None


def _named(part: str) -> str | None:
    if part in SYNC_FOLDERS:
        return SYNC_FOLDERS[part]
    return next((client for prefix, client in SYNC_PREFIXES if part.startswith(prefix)), None)


def _configured_roots(home: Path, environ: Mapping[str, str]) -> list[tuple[Path, str]]:
    """Sync folders moved from their default place: Dropbox's info.json, Windows' OneDrive variables."""
    roots: list[tuple[Path, str]] = []
    for name in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        if environ.get(name):
            roots.append((Path(environ[name]).resolve(), "OneDrive"))
    infos = [home / ".dropbox" / "info.json"]
    infos += [
        Path(environ[v]) / "Dropbox" / "info.json" for v in ("APPDATA", "LOCALAPPDATA") if environ.get(v)
    ]
    for info in infos:
        try:
            accounts = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(accounts, dict):
            for account in accounts.values():
                if isinstance(account, dict) and isinstance(account.get("path"), str):
                    roots.append((Path(account["path"]).resolve(), "Dropbox"))
    return roots


def _remote_filesystem(folder: Path, mounts: Path) -> str | None:
    if sys.platform == "win32":
        return _windows_remote(folder)
    mount = mount_of(folder, mounts)
    if mount is None:
        return None
    point, fstype = mount
    if fstype in NETWORK_FILESYSTEMS or fstype.startswith(("nfs", "smb")):
        return f"on a network drive ({fstype} at {point})"
    if fstype.startswith("fuse.") and fstype not in LOCAL_FUSE:
        return f"on a FUSE file system that may be remote ({fstype} at {point})"
    return None


def mount_of(folder: Path, mounts: Path = MOUNTS) -> tuple[str, str] | None:
    """The mount point holding `folder` and its file system type, from a Linux mount table."""
    try:
        table = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux, or /proc not mounted
        return None
    best: tuple[str, str] | None = None
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[1])
        mounted = Path(point)
        if (mounted == folder or mounted in folder.parents) and (best is None or len(point) >= len(best[0])):
            best = (point, fields[2])  # ">=": a later mount on the same point hides the earlier one
    return best


def is_unc(text: str) -> bool:
    r"""A Windows network path: \\server\share or \\?\UNC\server\share, not \\?\C:\ or \\.\device."""
    text = text.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    return text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\"))


if sys.platform == "win32":

    def _windows_remote(folder: Path) -> str | None:
        if is_unc(str(folder)):
            return "on a network share"
        import ctypes

        drive_remote = 4  # DRIVE_REMOTE
        if folder.drive and ctypes.windll.kernel32.GetDriveTypeW(folder.drive + "\\") == drive_remote:
            return f"on a network drive ({folder.drive})"
        return None


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable: fsync the folder's entry, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable on their own
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
