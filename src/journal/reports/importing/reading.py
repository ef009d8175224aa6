"""Reading an import file's bytes and text: capped in size, UTF-8 or refused with the place.

Files are read as streams wherever the format allows (CSV rows, JSON entries),
so memory stays bounded by what is kept, not by the size of the file; a file
or a member of a zip that is larger than any journal export is refused before
it is read in full.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from journal.reports.importing.errors import ImportFileError

#: The most of a file (or of one member of a zip) that is read. A ten-year journal
#: exports to a few megabytes; 100,000 intakes to about 120 MB of JSON.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Bytes read at a time from a stream.
CHUNK = 1 << 20
MAX_NAME_CHARS = 200
MAX_KEY_CHARS = 64
MAX_OFFSET_MIN = 18 * 60
EARLIEST_YEAR = 1900


@dataclass(frozen=True, slots=True)
class Context:
    """What every reader needs: the file's name (for messages), the person's zone, and now."""

    file: str
    zone: str
    now: datetime


def too_large(name: str, limit: int = MAX_FILE_BYTES) -> ImportFileError:
    return ImportFileError(
        f"the file is larger than {limit // (1024 * 1024)} MB, more than any journal export; "
        "it was not read.",
        file=name,
    )


def open_capped(path: Path, limit: int = MAX_FILE_BYTES) -> IO[bytes]:
    """The file opened for reading, refusing (before reading it) one larger than `limit`."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        raise ImportFileError("there is no such file.", file=str(path)) from None
    except OSError as err:
        raise ImportFileError(f"cannot be read: {err.strerror or err}.", file=str(path)) from None
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > limit:
        fh.close()
        raise too_large(path.name, limit)
    return fh


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing (before reading it all) one larger than `limit`."""
    with open_capped(path, limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as err:
            raise ImportFileError(f"cannot be read: {err.strerror or err}.", file=str(path)) from None
    if len(data) > limit:
        raise too_large(path.name, limit)
    return data


def check_start(head: bytes, name: str) -> int:
    """How many bytes of byte order mark to skip; UTF-16 is refused."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError("the file is UTF-16 text; save it as UTF-8 and import it again.", file=name)
    return len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text, with or without a byte order mark; anything else is refused with its place."""
    data = data[check_start(data[:4], name) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        column = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
        raise not_utf8(data[err.start], name, line, column) from None


def not_utf8(byte: int, name: str, line: int, column: int) -> ImportFileError:
    """The refusal of a byte that is not UTF-8, at its line and column."""
    return ImportFileError(
        f"byte 0x{byte:02X} is not UTF-8 text: the file was probably saved in another "
        "encoding (such as Latin-1 or Windows-1252). Save it as UTF-8 (in a spreadsheet: "
        "“CSV UTF-8”) and import it again.",
        file=name,
        line=line,
        column=column,
    )


def text_chunks(fh: IO[bytes], name: str, limit: int = MAX_FILE_BYTES) -> Iterator[str]:
    """The stream's text, chunk by chunk (UTF-8, a byte order mark skipped, UTF-16 refused).

    A byte that is not UTF-8 is refused with its line and column, counted over
    the text read so far; more than `limit` bytes are refused too.
    """
    carry = b""  # the start of a character cut by the end of the last chunk
    lines = 0  # newlines so far
    column = 0  # characters after the last newline so far
    total = 0
    first = True
    while True:
        data = fh.read(CHUNK)
        total += len(data)
        if total > limit:
            raise too_large(name, limit)
        if first:
            data = data[check_start(data[:4], name) :]
            first = False
        buf, carry = carry + data, b""
        try:
            text = buf.decode("utf-8")
        except UnicodeDecodeError as err:
            cut_short = err.reason == "unexpected end of data" and err.end == len(buf)
            if not (data and cut_short):
                good = buf[: err.start].decode("utf-8")
                newline = good.rfind("\n")
                at = len(good) - newline if newline >= 0 else column + len(good) + 1
                raise not_utf8(buf[err.start], name, lines + good.count("\n") + 1, at) from None
            text, carry = buf[: err.start].decode("utf-8"), buf[err.start :]
        if text:
            newline = text.rfind("\n")
            lines += text.count("\n")
            column = len(text) - newline - 1 if newline >= 0 else column + len(text)
            yield text
        if not data:
            return
