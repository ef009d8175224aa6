"""One photo written to a file (the Photos page's Save, `journal photo export`): the stored JPEG as it
is, which holds the pixels and nothing else, private and whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journal.domain.errors import NotFound
from journal.domain.photos import Photo
from journal.reports.files import write_atomically

if TYPE_CHECKING:
    from journal.service.journal import Journal


def file_name(photo: Photo) -> str:
    """ "scalp-crown-2026-03-08-12.jpg": the area, the local day, the id (nothing else about it)."""
    return f"{photo.area}-{photo.at.local:%Y-%m-%d}-{photo.id}.jpg"


def export_photo(journal: Journal, photo_id: int, target: Path) -> Path:
    """Write a photo's stored JPEG to `target` (a folder gets `file_name`); returns the file written.

    Raises NotFound for a photo that is not there or whose picture is missing, OSError when the file
    cannot be written (nothing is left behind then).
    """
    photo = journal.photos.get(photo_id)
    data = journal.photos.image(photo)
    if data is None:
        raise NotFound(f"the picture of photo {photo_id} is missing from the photo store")
    if target.is_dir():
        target = target / file_name(photo)
    write_atomically(target, lambda fh: fh.write(data))
    return target
