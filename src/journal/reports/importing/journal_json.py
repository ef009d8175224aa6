"""This app's JSON export: one versioned document, read entry by entry as it streams past.

The document's arrays (products, symptom types, intakes, symptom ratings, pain
check-ins, withdrawal check-ins, breaks, other medications, photos with their pictures) are validated
one entry at a time while the text streams through `JsonStream`, so an export
of years of heavy use never sits in memory whole. An array that comes before
the format version (not as this app writes them) is read whole and validated
once the version is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from journal.domain.progress import Progress
from journal.reports.export import FORMAT, VERSION
from journal.reports.importing import as_exported, records
from journal.reports.importing.errors import Where, show
from journal.reports.importing.fields import Fields, JsonFields, JsonSource
from journal.reports.importing.incoming import Incoming
from journal.reports.importing.json_columns import json_intake_batch, json_symptom_batch
from journal.reports.importing.jsondoc import JsonStream
from journal.reports.importing.reading import Context
from journal.reports.importing.tags import TAGGED_ARRAYS, json_tags, tag_key

#: The member that marks a JSON document as this format's, and its value.
KEY, VALUE = "format", FORMAT


def _reader(kind: str, ctx: Context) -> Callable[[Fields], Any]:
    """How one entry of an array is read, and where it goes in the Incoming."""
    if kind == "products":
        return lambda f: records.product(f, ctx)
    if kind == "symptom_types":
        return lambda f: records.symptom_type(f, ctx)
    if kind == "intakes":
        return lambda f: records.intake(f, ctx, keep=f.has("findings"))
    if kind == "symptoms":
        return lambda f: records.symptom(f, ctx)
    if kind == "pain_checkins":
        return lambda f: records.pain(f, ctx)
    if kind == "withdrawal_scores":
        return lambda f: records.withdrawal(f, ctx)
    if kind == "photos":
        return lambda f: records.photo(f, ctx)
    if kind == "medications":
        return lambda f: records.medication(f, ctx)
    if kind == "purchases":
        return lambda f: records.purchase(f, ctx)
    if kind == "taper_plans":
        return lambda f: records.taper_plan(f, ctx)
    return lambda f: records.brk(f, ctx)


#: Entries read together (a progress report after each batch).
_BATCH = 500
ARRAYS = (
    "products",
    "symptom_types",
    "intakes",
    "symptoms",
    "pain_checkins",
    "withdrawal_scores",
    "breaks",
    "medications",
    "taper_plans",
    "purchases",
    "photos",
)
_TARGETS = {
    "products": "products",
    "symptom_types": "symptom_types",
    "intakes": "intakes",
    "symptoms": "symptoms",
    "pain_checkins": "pain",
    "withdrawal_scores": "withdrawal",
    "breaks": "breaks",
    "photos": "photos",
    "medications": "medications",
    "taper_plans": "plans",
    "purchases": "purchases",
}


class _Reader:
    def __init__(
        self, stream: JsonStream, src: JsonSource, ctx: Context, progress: Progress | None, size: int
    ) -> None:
        self.stream = stream
        self.src = src
        self.ctx = ctx
        self.progress = progress
        self.size = max(size, 1)
        self.inc: Incoming | None = None
        #: Arrays and settings met before the version: read whole, validated once it is known.
        self.held: dict[str, Any] = {}

    def member(self, key: str, value: Any = None, *, read: bool = True) -> None:
        """One member of the document; `read` False: its value is still in the stream."""
        if key == "version":
            self._version(self.stream.value() if not read else value)
        elif key in ARRAYS or key == "settings":
            if self.inc is None:
                self.held[key] = self.stream.value() if not read else value
            elif not read:
                self._stream_array(key) if key in ARRAYS else self._settings(self.stream.value())
            else:
                self._array(key, value) if key in ARRAYS else self._settings(value)
        elif not read:
            self.stream.value()  # "exported", "app", "counts": not needed

    def _version(self, version: Any) -> None:
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.src.where(("version",)).error(
                f"the format version must be a whole number, not {show(version)}."
            )
        if version > VERSION:
            raise self.src.where(("version",)).error(
                f"this file has format version {version}, written by a newer version of the journal; "
                f"this one reads up to version {VERSION}. Update the app to import it."
            )
        self.inc = Incoming(f"journal JSON export (format version {version})", self.ctx.file)
        for key, value in self.held.items():
            self._array(key, value) if key in ARRAYS else self._settings(value)
        self.held.clear()

    def _settings(self, settings: Any) -> None:
        assert self.inc is not None
        if settings is None:
            return
        fields = self.src.fields(settings, ("settings",))
        self.inc.settings, unknown = records.settings(fields, settings.keys())
        self.inc.settings_where = fields.where
        if unknown:
            self.inc.notes.append(f"Ignored unknown settings: {', '.join(sorted(unknown))}.")

    def _array(self, key: str, values: Any) -> None:
        assert self.inc is not None
        read, out = _reader(key, self.ctx), getattr(self.inc, _TARGETS[key])
        for f in self.src.items({key: values}, key):
            out.append(read(f))
        if isinstance(values, list):
            self._tags(key, values, 0)

    def _tags(self, key: str, objs: list[Any], first: int) -> None:
        """The context tags of entries `first`, `first + 1`, ... of the array `key` (those that have some)."""
        if key not in TAGGED_ARRAYS:
            return
        assert self.inc is not None
        found = self.inc.tags
        for n, obj in enumerate(objs, first):
            if obj.__class__ is dict and obj.get("tags"):
                where = Where(self.src.file, None, (key, n), self.src.locate)
                found[tag_key(where)] = json_tags(obj["tags"], where)

    def _stream_array(self, key: str) -> None:
        assert self.inc is not None
        stream = self.stream
        if stream.peek() != "[":
            self._array(key, stream.value())  # null, or refused as not a list
            return
        read, out, fields = _reader(key, self.ctx), getattr(self.inc, _TARGETS[key]), self.src.fields
        progress, size = self.progress, self.size
        if key == "intakes":
            self._stream_intakes(read, out)
            return
        if key == "symptoms":
            self._stream_symptoms(read, out)
            return
        for n, obj in enumerate(stream.elements()):
            out.append(read(fields(obj, (key, n))))
            self._tags(key, [obj], n)
            if progress is not None and (n % _BATCH == _BATCH - 1 or key == "photos"):  # a photo is large
                progress(min(stream.done, size), size)

    def _stream_intakes(self, read: Callable[[Fields], Any], out: list[Any]) -> None:
        """Intakes a batch at a time, key by key; a batch that path does not take, one by one."""
        stream, progress, size = self.stream, self.progress, self.size
        file, locate, ctx = self.src.file, self.src.locate, self.ctx
        elements = stream.elements()
        first = 0
        while batch := list(islice(elements, _BATCH)):
            found = json_intake_batch(batch, first, ctx, "intakes", file, locate, records.findings_ok)
            self._tags("intakes", batch, first)
            if found is not None:
                out.extend(found)
            else:
                for n, obj in enumerate(batch, first):
                    out.append(self._intake(obj, n, read))
            first += len(batch)
            if progress is not None:
                progress(min(stream.done, size), size)

    def _stream_symptoms(self, read: Callable[[Fields], Any], out: list[Any]) -> None:
        """Symptom ratings a batch at a time, key by key; a batch that path does not take, one by one."""
        stream, progress, size, src = self.stream, self.progress, self.size, self.src
        elements = stream.elements()
        first = 0
        while batch := list(islice(elements, _BATCH)):
            found = json_symptom_batch(batch, first, self.ctx, src.file, src.locate)
            self._tags("symptoms", batch, first)
            if found is not None:
                out.extend(found)
            else:
                out.extend(read(src.fields(obj, ("symptoms", n))) for n, obj in enumerate(batch, first))
            first += len(batch)
            if progress is not None:
                progress(min(stream.done, size), size)

    def _intake(self, obj: Any, n: int, read: Callable[[Fields], Any]) -> Any:
        if obj.__class__ is not dict:
            return read(self.src.fields(obj, ("intakes", n)))
        where = Where(self.src.file, None, ("intakes", n), self.src.locate)
        found = as_exported.json_intake(obj, self.ctx, "findings" in obj, where, records.findings_ok)
        return found if found is not None else read(JsonFields(obj, where))

    def finish(self) -> Incoming:
        if self.inc is None:
            self._version(None)
        assert self.inc is not None
        return self.inc


def read(
    stream: JsonStream,
    keys: Iterator[str],
    seen: dict[str, Any],
    src: JsonSource,
    ctx: Context,
    progress: Progress | None = None,
    size: int = 0,
) -> Incoming:
    """The document from the stream; `keys` walks its members, `seen` holds those already read."""
    reader = _Reader(stream, src, ctx, progress, size)
    for key, value in seen.items():
        reader.member(key, value)
    for key in keys:
        reader.member(key, read=False)
    stream.end()
    return reader.finish()
