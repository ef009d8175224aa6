"""Where the journal lives: one place, resolved on first use.

Order: an explicit --data-dir, then JOURNAL_DATA_DIR, then the platform's user
data folder. The folder is created private (0700) whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "kratom-journal"
DB_NAME = "journal.sqlite3"
ENV_VAR = "JOURNAL_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, created 0700 if missing."""
    chosen = explicit or os.environ.get(ENV_VAR) or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def backup_dir(folder: Path) -> Path:
    path = folder / "backups"
    path.mkdir(exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path
