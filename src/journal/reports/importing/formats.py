"""Which reader a file needs: this app's JSON or CSV export, or PsychonautWiki Journal's JSON.

A zip is this app's CSV export, a folder its CSV files unpacked; a text file
starting with "{" is JSON, whose members say which format it is (`KEY` and
`VALUE` of each JSON reader); any other text is one of the CSV files. A new
format is a module with a reader, named here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from journal.domain.progress import Progress
from journal.reports.export import FORMAT
from journal.reports.importing import journal_csv, journal_json, psychonautwiki
from journal.reports.importing.errors import ImportFileError
from journal.reports.importing.fields import JsonSource
from journal.reports.importing.incoming import Incoming
from journal.reports.importing.jsondoc import JsonStream, locator
from journal.reports.importing.reading import Context, decode_text, open_capped, read_capped, text_chunks

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def read_import_file(path: Path, *, zone: str, now: datetime, progress: Progress | None = None) -> Incoming:
    """Read and validate a file (or a folder of CSV files) completely; raises ImportFileError.

    `progress` gets (done, total) as the file is read, in bytes (or characters) of it.
    """
    ctx = Context(path.name, zone, now)
    if path.is_dir():
        return journal_csv.read_folder(path, ctx, progress)
    with open_capped(path) as fh:
        if fh.read(4) in _ZIP:
            return journal_csv.read_zip(path, ctx, progress)
        fh.seek(0)
        chunks = text_chunks(fh, ctx.file)
        start, head = _start(chunks)
        if not start:
            raise ImportFileError("the file is empty.", file=ctx.file)
        if start not in "{[":
            return journal_csv.read_single(path, ctx, progress)
        size = path.stat().st_size
        return _read_json(JsonStream(chain(head, chunks), ctx.file), path, ctx, progress, size)


def _start(chunks: Iterator[str]) -> tuple[str, list[str]]:
    """The first character that is not white space, and the chunks read to find it."""
    head: list[str] = []
    for chunk in chunks:
        head.append(chunk)
        text = chunk.lstrip()
        if text:
            return text[0], head
    return "", head


def _read_json(
    stream: JsonStream, path: Path, ctx: Context, progress: Progress | None, size: int
) -> Incoming:
    src = JsonSource(ctx.file, locator(lambda: decode_text(read_capped(path), ctx.file)))
    if stream.peek() == "{":
        seen: dict[str, Any] = {}
        keys = stream.members()
        for key in keys:
            if key == psychonautwiki.KEY:
                doc = {**seen, key: stream.value()}
                for more in keys:
                    doc[more] = stream.value()
                stream.end()
                return psychonautwiki.read(doc, src, ctx)
            seen[key] = stream.value()
            if key == journal_json.KEY and seen[key] == journal_json.VALUE:
                return journal_json.read(stream, keys, seen, src, ctx, progress, size)
    else:
        stream.value()
    stream.end()
    raise ImportFileError(
        f'this JSON is not a journal export: it has neither "format": "{FORMAT}" '
        'nor the "experiences" of a PsychonautWiki Journal export.',
        file=ctx.file,
        line=1,
    )
