"""JSON documents read as a stream, value by value, with the standard library's C scanner.

An export of 100,000 intakes is over 100 MB of JSON; parsing it whole holds the
text and every object at once. `JsonStream` reads the text in chunks and
decodes one value at a time (`JSONDecoder.raw_decode`), so an array of
entries is handed over entry by entry and memory holds one chunk and what the
reader keeps. A problem found later names its line by finding the entry's
path in the text again (`locate_json`), which happens only when one is reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from journal.reports.importing.errors import ImportFileError

_WS = re.compile(r"[ \t\n\r]*")
#: A value still unparsed after this many characters is not cut by a chunk's end: it is broken.
MAX_VALUE_CHARS = 64 * 1024 * 1024


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def decoder() -> json.JSONDecoder:
    """Exact decimals for numbers with a fraction; NaN and Infinity refused."""
    return json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constants)


class JsonStream:
    """A JSON document from a stream of text chunks, read value by value.

    `members()` walks an object's keys; after each key the caller reads its
    value with `value()` or walks it with `elements()` (an array). Syntax
    errors are refused with their line and column.
    """

    def __init__(self, chunks: Iterator[str], file: str) -> None:
        self._chunks = chunks
        self.file = file
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._decode = decoder().raw_decode
        #: Newlines, and characters after the last of them, in the text dropped before `buf`.
        self._lines = 0
        self._column = 0
        #: Characters of the document read so far (for a progress bar).
        self.offset = 0

    # -- the buffer ----------------------------------------------------------------------

    def _more(self) -> bool:
        """Drop what was read, append the next chunk; False at the end of the text."""
        if self.eof:
            return False
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            return False
        pos, buf = self.pos, self.buf
        newline = buf.rfind("\n", 0, pos)
        self._lines += buf.count("\n", 0, pos)
        self._column = pos - newline - 1 if newline >= 0 else self._column + pos
        self.offset += pos
        self.buf = buf[pos:] + chunk
        self.pos = 0
        return True

    def place(self, pos: int) -> tuple[int, int]:
        """Line and column (from 1) of `pos` in the buffer."""
        newline = self.buf.rfind("\n", 0, pos)
        line = self._lines + self.buf.count("\n", 0, pos) + 1
        column = pos - newline if newline >= 0 else self._column + pos + 1
        return line, column

    @property
    def done(self) -> int:
        """Characters read so far."""
        return self.offset + self.pos

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the text)."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def _expect(self, chars: str, what: str) -> str:
        found = self.peek()
        if not found or found not in chars:
            self.fail(f"expecting {what}", self.pos)
        self.pos += 1
        return found

    # -- values --------------------------------------------------------------------------

    def value(self) -> Any:
        """The next value, whole."""
        if not self.peek():
            self.fail("expecting a value", self.pos)
        while True:
            start = self.pos
            try:
                value, end = self._decode(self.buf, start)
            except json.JSONDecodeError as err:
                cut = err.msg.startswith("Unterminated string") or err.pos >= len(self.buf) - 64
                if cut and len(self.buf) - start < MAX_VALUE_CHARS and self._more():
                    continue
                self.fail(err.msg, err.pos)
            except ValueError as err:  # NaN or Infinity (parse_constant)
                line, column = self.place(start)
                raise ImportFileError(
                    f"this is not valid JSON ({err}).", file=self.file, line=line, column=column
                ) from None
            except RecursionError:
                raise ImportFileError(
                    "the JSON is nested too deeply to be a journal export.", file=self.file
                ) from None
            # A number or word at the end of the buffer may go on in the next chunk.
            if end >= len(self.buf) and self._more():
                continue
            self.pos = end
            return value

    def key(self) -> str:
        """The next object key (a string), with its colon."""
        if self.peek() != '"':
            self.fail("expecting a property name enclosed in double quotes", self.pos)
        while True:
            try:
                key, end = scanstring(self.buf, self.pos + 1)
                break
            except json.JSONDecodeError as err:
                if not (err.msg.startswith("Unterminated string") and self._more()):
                    self.fail(err.msg, err.pos)
        self.pos = end
        self._expect(":", "':' delimiter")
        return str(key)

    def members(self) -> Iterator[str]:
        """An object's keys, one at a time; read each value before asking for the next key."""
        self._expect("{", "an object")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            yield self.key()
            if self._expect(",}", "',' delimiter") == "}":
                return

    def elements(self) -> Iterator[Any]:
        """An array's values, one at a time."""
        self._expect("[", "an array")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.pos < len(self.buf) and self.buf[self.pos] == ",":  # the usual case, quickly
                self.pos += 1
                continue
            if self._expect(",]", "',' delimiter") == "]":
                return

    def end(self) -> None:
        """Nothing but white space may follow the document."""
        if self.peek():
            self.fail("extra data", self.pos)

    def fail(self, message: str, pos: int) -> None:
        """Refuse the document at `pos` of the buffer: cut off at its end, or not valid JSON there."""
        line, column = self.place(min(pos, len(self.buf)))
        cut = self.eof and (pos >= len(self.buf.rstrip()) or message.startswith("Unterminated string"))
        why = (
            "the file ends in the middle of the data: it was probably cut off while being saved or copied"
            if cut
            else f"this is not valid JSON ({message})"
        )
        raise ImportFileError(f"{why}.", file=self.file, line=line, column=column)


def whole(text: str, file: str) -> Any:
    """A whole JSON document (a small one), refused with its place if it is not valid JSON."""
    stream = JsonStream(iter((text,)), file)
    value = stream.value()
    stream.end()
    return value


# -- finding a value's place again -------------------------------------------------------------


def locate_json(text: str, path: Sequence[str | int]) -> int | None:
    """The offset in `text` of the value at `path` (keys and indexes), or None.

    Only used to name the line of a problem, so it skips whole values with the
    standard decoder instead of building a position map of the whole file.
    """
    decode = json.JSONDecoder().raw_decode
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        for step in path:
            opening = text[pos]
            if opening == "{" and isinstance(step, str):
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                while text[pos] != "}":
                    key, pos = scanstring(text, pos + 1)
                    pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]  # the colon
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if key == step:
                        break
                    _, pos = decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                else:
                    return None
            elif opening == "[" and isinstance(step, int):
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                for _ in range(step):
                    if text[pos] == "]":
                        return None
                    _, pos = decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return None
            else:
                return None
        return pos
    except (IndexError, ValueError):
        return None


def line_column(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def locator(load: Callable[[], str]) -> Callable[[Sequence[str | int]], tuple[int, int] | None]:
    """Line and column of a path in a document, loading its text only the first time one is asked."""
    cache: list[str] = []

    def locate(path: Sequence[str | int]) -> tuple[int, int] | None:
        if not cache:
            cache.append(load())
        pos = locate_json(cache[0], path)
        return None if pos is None else line_column(cache[0], pos)

    return locate
