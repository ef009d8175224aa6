"""`journal photo add|list|export`: photos of hair and skin from a terminal.

`add` saves every file or none: a file that is not a photo (or cannot be
read) is named on stderr with exit status 2 and nothing is saved. What is
stored is the pixels alone, upright, with no metadata (see journal.service.imaging).
`--tag TEXT` (repeatable) puts context tags on each photo added; a bad one is
refused the same way, before any file is read.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.cli import arguments
from journal.cli.arguments import Parents
from journal.cli.output import (
    EXIT_FILE,
    EXIT_INPUT,
    CommandError,
    emit,
    fail,
    local_text,
    table,
    tagged_lines,
    when,
)
from journal.domain.entities import Kind
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.photos import AREAS

if TYPE_CHECKING:
    from journal.domain.photos import Photo
    from journal.service.journal import Journal

_AREA_HELP = ", ".join(a.key for a in AREAS)


def add_arguments(name: str, parser: argparse.ArgumentParser, parents: Parents) -> None:
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    add = what.add_parser(
        "add",
        help="add photos of a body area: journal photo add IMG_1.jpg IMG_2.jpg --area scalp-crown",
        description="Add photos of one body area. Each is stored upright, at most 2048 pixels on its long "
        "side, with none of the file's metadata (no EXIF, GPS, camera, comments). A file that is not a photo "
        "saves nothing.",
        parents=parents.entry,
    )
    add.add_argument("paths", metavar="PATH", nargs="+", help="JPEG or PNG files (HEIC where supported)")
    add.add_argument("--area", required=True, metavar="AREA", help=f"the body area: {_AREA_HELP}")
    add.add_argument(
        "--label", default="", metavar="TEXT", help="which spot, e.g. 'left forearm, dark patch'"
    )
    add.add_argument(
        "--photo-time",
        action="store_true",
        help="use the time each photo was taken, from its file, where it has one (instead of now or --at)",
    )
    arguments.add_tags(add)
    add.set_defaults(func=add_photos)

    listing = what.add_parser(
        "list", help="list the photos, oldest first", parents=[parents.common, parents.json]
    )
    listing.add_argument("--area", metavar="AREA", help=f"only this body area: {_AREA_HELP}")
    listing.set_defaults(func=list_photos)

    export = what.add_parser(
        "export",
        help="write one photo to a file (the stored JPEG, without metadata)",
        parents=[parents.common, parents.json],
    )
    export.add_argument("id", metavar="ID", type=int, help="the photo's number (see `journal photo list`)")
    export.add_argument("-o", "--output", required=True, metavar="PATH", help="the file (or folder) to write")
    export.set_defaults(func=export_photo)


def photo_dict(photo: Photo, tags: Sequence[str] = ()) -> dict[str, Any]:
    """A photo as --json gives it, with its context tags."""
    return {
        "id": photo.id,
        **when(photo.at),
        "area": photo.area,
        "title": photo.title,
        "label": photo.label,
        "notes": photo.notes,
        "sha256": photo.sha256,
        "width": photo.width,
        "height": photo.height,
        "symptom_id": photo.symptom_id,
        "tags": list(tags),
    }


def add_photos(journal: Journal, args: argparse.Namespace) -> int:
    from journal.service.photos import PhotoDraft

    tags = arguments.tags(args)
    at = arguments.moment(journal, args.at) if args.at is not None else None
    draft = PhotoDraft(args.area, args.label, args.note, at, use_taken=args.photo_time, tags=tags)
    files = [Path(p).expanduser() for p in args.paths]
    try:
        added = journal.photos.add_files(files, draft)
    except InvalidInput as err:
        if err.field != "files":
            raise
        raise CommandError(f"{err.message} Nothing was saved.", EXIT_INPUT) from err
    lines = [
        line
        for p in added.photos
        for line in tagged_lines(
            [f"Saved photo {p.id}: {p.title}, {local_text(p.at)} ({p.width}×{p.height}, no metadata kept)"],
            tags,
        )
    ]
    lines += [f"{name} is already in the journal as photo {p.id} ({p.title})." for name, p in added.already]
    had = journal.entries.tags_of(Kind.PHOTO, [p.id for _, p in added.already if p.id is not None])
    data = {
        "photos": [photo_dict(p, tags) for p in added.photos],
        "already": [
            {"file": name, "photo": photo_dict(p, had.get(p.id or 0, ()))} for name, p in added.already
        ],
    }
    return emit(args, data, lines)


def list_photos(journal: Journal, args: argparse.Namespace) -> int:
    from journal.domain.photos import area

    photos = journal.photos.all()
    if args.area:
        wanted = area(args.area).key
        photos = [p for p in photos if p.area == wanted]
    tags = journal.entries.tags_of(Kind.PHOTO) if photos else {}
    rows = [(str(p.id), local_text(p.at), p.title, f"{p.width}×{p.height}", p.notes[:40]) for p in photos]
    lines = table(("ID", "Taken", "Area", "Size", "Note"), rows) if rows else ["No photos yet."]
    return emit(args, {"photos": [photo_dict(p, tags.get(p.id or 0, ())) for p in photos]}, lines)


def export_photo(journal: Journal, args: argparse.Namespace) -> int:
    from journal.reports.photo_export import export_photo as write_photo

    target = Path(args.output).expanduser()
    try:
        written = write_photo(journal, args.id, target)
    except NotFound as err:
        return fail(
            EXIT_FILE, f"no photo {args.id}: {err}" if "missing" in str(err) else f"no photo {args.id}"
        )
    except OSError as err:
        return fail(EXIT_FILE, f"cannot write {target}: {err.strerror or err}")
    return emit(
        args, {"photo": {"id": args.id, "path": str(written)}}, [f"Wrote photo {args.id} to {written}."]
    )
