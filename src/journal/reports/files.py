"""Writing a file the person asked for (an export, a PDF): private, whole or not at all.

The file is 0600 from its first byte whatever the umask, written through a
temporary file in the same folder and renamed into place, so a failure leaves
nothing behind; a full or read-only disk is said in words.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from journal import paths

#: Exports and PDFs hold health data: the user's alone.
PRIVATE_FILE = 0o600


def write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a private temporary file in the same folder, then rename it into place.

    The file is 0600 from its first byte whatever the umask. A full or read-only
    disk leaves nothing behind and is said in words (see `disk_refusal`).
    """
    if path.is_dir():
        raise IsADirectoryError(21, "Is a folder", str(path))
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise disk_refusal(err, path) from err
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)  # os.replace: atomic within one folder
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise disk_refusal(err, path) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    paths.sync_folder(folder)


_REFUSALS = {
    errno.ENOSPC: "No space left on device: the disk is full. Nothing was written; free some space.",
    errno.EDQUOT: "Disk quota exceeded: your share of the disk is full. Nothing was written.",
    errno.EROFS: "Read-only file system: nothing was written. Choose another folder.",
}


def disk_refusal(err: OSError, path: Path) -> OSError:
    """`err` in plain words when the disk refused the write, else `err` itself.

    Still an OSError with the same errno, so every caller that shows
    `strerror` (the command line, the window) says "the disk is full".
    """
    words = _REFUSALS.get(err.errno or 0)
    return err if words is None else OSError(err.errno, words, str(path))
