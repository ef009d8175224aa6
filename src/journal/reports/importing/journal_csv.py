"""This app's CSV export: a zip of one CSV file per kind, the files in a folder, or one of them.

Rows are read as a stream (`csv.reader` over text decoded chunk by chunk from
the zip), so memory holds what is kept, not the files. A file's kind comes
from its name, or else from its columns; its delimiter (comma, semicolon or
tab) from its header line, and with a semicolon its decimal mark is a comma.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from journal.domain.progress import Progress
from journal.reports.export import CSV_FILES, CSV_FORMAT_FILE, VERSION, csv_unsafe
from journal.reports.importing import as_exported, records
from journal.reports.importing.csv_columns import csv_intake_batches, csv_symptom_batches
from journal.reports.importing.errors import ImportFileError, Where
from journal.reports.importing.fields import CsvRow, Fields
from journal.reports.importing.incoming import Incoming
from journal.reports.importing.reading import (
    MAX_FILE_BYTES,
    Context,
    decode_text,
    open_capped,
    read_capped,
    text_chunks,
)
from journal.reports.importing.tags import TAGGED_ARRAYS, csv_tags, tag_key

KINDS = {name: kind for kind, name in CSV_FILES.items()}
#: The columns a CSV file of each kind must have (one of each group).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "products": (("name",),),
    "symptom_types": (("key",), ("label",), ("category",)),
    "intakes": (("time_utc", "time_local"), ("amount",)),
    "symptoms": (("time_utc", "time_local"), ("symptom",), ("severity",)),
    "pain_checkins": (("time_utc", "time_local"), ("pain_now",)),
    "withdrawal_scores": (("time_utc", "time_local"), ("sows_1",), ("sows_16",)),
    "photos": (("sha256",), ("area",)),
    "breaks": (("start_utc", "start_local"),),
    "medications": (("name",), ("dose",), ("how_often",)),
    "purchases": (("time_utc", "time_local"), ("amount",), ("correction",)),
    "taper_plans": (("start_g",), ("target_g",), ("step_g",), ("every_days",), ("first_day",)),
    "settings": (("setting",), ("value",)),
}
#: The order records are read in: what the others refer to first.
ORDER = (
    "settings",
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


class CsvFields(CsvRow):
    def __init__(self, table: CsvTable, line: int, cells: list[str]) -> None:
        self.table = table
        self.index = table.index
        self.cells = cells
        self.where = Where(table.file, line)
        self.decimal_sep = table.decimal_sep

    def raw(self, name: str) -> Any:
        index = self.table.index.get(name)
        if index is None:
            return None
        return csv_unsafe(self.cells[index])

    def has(self, name: str) -> bool:
        return name in self.table.index

    def fail(self, name: str, message: str) -> ImportFileError:
        index = self.table.index.get(name)
        column = None if index is None else index + 1
        return ImportFileError(message, file=self.table.file, line=self.where.line, column=column, field=name)


def lines(chunks: Iterator[str], seen: list[int]) -> Iterator[str]:
    """Text chunks as lines ending in "\\n" (only that ends a line: other breaks may be in a cell).

    `seen[0]` counts the characters handed out, for a progress bar. The lines
    of each chunk come from `io.StringIO` (newline="\\n" ends lines there and
    nowhere else), chained in C: no Python step for each line.
    """

    def whole(chunks: Iterator[str]) -> Iterator[io.StringIO]:
        rest = ""
        for chunk in chunks:
            seen[0] += len(chunk)
            text = rest + chunk
            cut = text.rfind("\n") + 1
            rest = text[cut:]
            yield io.StringIO(text[:cut], newline="\n")
        if rest:
            yield io.StringIO(rest, newline="\n")

    return chain.from_iterable(whole(chunks))


def delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvTable:
    """One CSV file: its header checked, its rows read on demand, each checked as it comes."""

    def __init__(self, text: Iterator[str], file: str, kind: str | None) -> None:
        first = next(text, "")
        self.file = file
        self.delimiter = delimiter(first)
        self.decimal_sep = "," if self.delimiter == ";" else "."
        self._reader = csv.reader(chain((first,), text), delimiter=self.delimiter, strict=True)
        header = self._header()
        self.kind = kind if kind is not None else guess_kind(header, file)
        seen = set(header)
        missing = [" or ".join(group) for group in REQUIRED[self.kind] if not any(g in seen for g in group)]
        if missing:
            hint = ""
            if len(header) == 1 and self.delimiter == ",":
                hint = " (is the file separated by something other than commas or semicolons?)"
            raise ImportFileError(
                f"{CSV_FILES[self.kind]} needs the column(s) {', '.join(missing)}; the header has "
                f"{', '.join(h for h in header if h) or 'none'}{hint}.",
                file=file,
                line=1,
            )
        self.header = header
        self.index = {name: n for n, name in enumerate(header) if name}
        #: The context tags of the rows that have some, by line (a "tags" column of a tagged kind).
        self.tags: dict[int, tuple[str, ...]] = {}
        # (photos.csv is only listed, never imported: its tags travel with the JSON's photos)
        tagged = self.kind in TAGGED_ARRAYS and self.kind != "photos"
        self._tag_column = self.index.get("tags") if tagged else None

    def _header(self) -> list[str]:
        try:
            cells = next(self._reader, [])
        except csv.Error as err:
            raise ImportFileError(f"the CSV cannot be read: {err}.", file=self.file, line=1) from None
        header = [c.strip().lower() for c in cells]
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if not any(header):
            raise ImportFileError("the CSV file has no header line.", file=self.file, line=1)
        seen: set[str] = set()
        for n, name in enumerate(header, 1):
            if name and name in seen:
                raise ImportFileError(f"the column {name} appears twice.", file=self.file, line=1, column=n)
            seen.add(name)
        return header

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of each row that is not blank, its width checked."""
        reader, width, tagged = self._reader, len(self.header), self._tag_column
        line = reader.line_num + 1
        try:
            for cells in reader:
                # Most rows start with a cell that is not blank and have the header's width.
                first = cells[0] if cells else ""
                if not (first and not first.isspace() and len(cells) == width):
                    blank = not (first and not first.isspace()) and not any(c.strip() for c in cells)
                    if blank:
                        line = reader.line_num + 1
                        continue
                    if len(cells) != width:
                        raise self._width(line, cells)
                if tagged is not None and cells[tagged].strip():
                    self.tags[line] = csv_tags(csv_unsafe(cells[tagged]), self.file, line, tagged + 1)
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as err:
            raise ImportFileError(
                f"the CSV cannot be read: {err}.", file=self.file, line=reader.line_num
            ) from None

    def _width(self, line: int, cells: list[str]) -> ImportFileError:
        extra = ""
        if len(cells) > len(self.header) and self.delimiter == ",":
            extra = (
                ": a value such as 1,5 needs quotes in a comma-separated file, or save the file "
                "separated by semicolons"
            )
        return ImportFileError(
            f"this row has {len(cells)} cells but the header has {len(self.header)}{extra}.",
            file=self.file,
            line=line,
        )

    def records(self) -> Iterator[CsvFields]:
        for line, cells in self.rows():
            yield CsvFields(self, line, cells)


def guess_kind(header: list[str], file: str) -> str:
    columns = set(header)
    kinds = (
        "purchases",  # before intakes: its columns are an intake's and more
        "intakes",
        "symptoms",
        "pain_checkins",
        "withdrawal_scores",
        "photos",
        "breaks",
        "medications",
        "taper_plans",
        "symptom_types",
        "settings",
    )
    for kind in (*kinds, "products"):
        if all(any(g in columns for g in group) for group in REQUIRED[kind]):
            return kind
    raise ImportFileError(
        "cannot tell what this CSV file holds: its columns match none of the journal's CSV files "
        f"({', '.join(CSV_FILES.values())}).",
        file=file,
        line=1,
    )


def kind_for(name: str) -> str | None:
    lower = Path(name).name.lower()
    if lower in KINDS:
        return KINDS[lower]
    stem = Path(lower).stem
    return stem if stem in CSV_FILES else None


# -- where the files come from ------------------------------------------------------------------


#: A CSV file to read: its label in messages, its kind (None: from its columns), how to open it, its size.
Source = tuple[str, str | None, Callable[[], IO[bytes]], int]


def read_single(path: Path, ctx: Context, progress: Progress | None) -> Incoming:
    """One CSV file (intakes.csv, or another kind told by its name or columns)."""
    source = (ctx.file, kind_for(ctx.file), partial(open_capped, path), path.stat().st_size)
    return read_tables([source], ctx, "journal CSV file", progress)


def read_zip(path: Path, ctx: Context, progress: Progress | None) -> Incoming:
    """The CSV export as written: a zip holding one file per kind and format.txt."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ImportFileError(
            f"this is not a readable zip archive ({err}); it may have been cut off.", file=ctx.file
        ) from None
    with archive:
        sources: list[Source] = []
        ignored: list[str] = []
        kinds: set[str] = set()
        for info in archive.infolist():
            if info.is_dir():
                continue
            base = Path(info.filename).name
            if base.lower() == CSV_FORMAT_FILE:
                label = f"{ctx.file}/{base}"
                with _member(archive, info, ctx) as fh:
                    check_version(decode_text(fh.read(64 * 1024), label), label)
                continue
            kind = KINDS.get(base.lower())
            if kind is None:
                ignored.append(base)
                continue
            if kind in kinds:
                raise ImportFileError(f"the archive holds {base} twice.", file=ctx.file)
            if info.file_size > MAX_FILE_BYTES:
                raise ImportFileError(
                    f"{info.filename} unpacks to more than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                    "it was not read.",
                    file=ctx.file,
                )
            kinds.add(kind)

            def opener(info: zipfile.ZipInfo = info) -> IO[bytes]:
                return _member(archive, info, ctx)

            sources.append((f"{ctx.file}/{base}", kind, opener, info.file_size))
        if not sources:
            raise ImportFileError(
                f"the zip archive holds none of the journal's CSV files ({', '.join(CSV_FILES.values())}).",
                file=ctx.file,
            )
        try:
            inc = read_tables(sources, ctx, "journal CSV export (zip)", progress)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as err:
            raise ImportFileError(
                f"a file in the archive cannot be unpacked ({err}).", file=ctx.file
            ) from None
    if ignored:
        inc.notes.append(f"Ignored files in the archive: {', '.join(sorted(ignored))}.")
    return inc


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: Context) -> IO[bytes]:
    try:
        return archive.open(info)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as err:
        raise ImportFileError(f"{info.filename} cannot be unpacked ({err}).", file=ctx.file) from None


def read_folder(folder: Path, ctx: Context, progress: Progress | None) -> Incoming:
    """The files of the zip, unpacked into a folder."""
    sources: list[Source] = []
    for kind, name in CSV_FILES.items():
        path = folder / name
        if path.is_file():
            sources.append((f"{ctx.file}/{name}", kind, partial(open_capped, path), path.stat().st_size))
    note = folder / CSV_FORMAT_FILE
    if note.is_file():
        check_version(decode_text(read_capped(note), CSV_FORMAT_FILE), f"{ctx.file}/{CSV_FORMAT_FILE}")
    if not sources:
        raise ImportFileError(
            f"the folder holds none of the journal's CSV files ({', '.join(CSV_FILES.values())}).",
            file=ctx.file,
        )
    return read_tables(sources, ctx, "journal CSV files (folder)", progress)


def check_version(note: str, file: str) -> None:
    found = re.search(r"format version (\d+)", note)
    if found and int(found[1]) > VERSION:
        raise ImportFileError(
            f"these CSV files have format version {found[1]}, written by a newer version of the journal; "
            f"this one reads up to version {VERSION}. Update the app to import them.",
            file=file,
            line=1,
        )


# -- reading the tables -----------------------------------------------------------------------------


def read_tables(sources: list[Source], ctx: Context, what: str, progress: Progress | None) -> Incoming:
    """Every table's records, validated as they stream past; progress by characters read."""
    inc = Incoming(what, ctx.file)
    total = sum(size for *_, size in sources) or 1
    done = 0
    order = {kind: n for n, kind in enumerate(ORDER)}
    for label, kind, opener, size in sorted(sources, key=lambda s: order.get(s[1] or "", len(ORDER))):
        seen = [0]

        def where(done: int = done, seen: list[int] = seen) -> tuple[int, int]:
            return min(done + seen[0], total), total

        with opener() as fh:
            table = CsvTable(lines(text_chunks(fh, label), seen), label, kind)
            _read_table(table, inc, ctx, progress, where)
            inc.tags.update((tag_key(Where(table.file, line)), tags) for line, tags in table.tags.items())
        done += size
        if progress is not None:
            progress(min(done, total), total)
    return inc


def _read_table(
    table: CsvTable,
    inc: Incoming,
    ctx: Context,
    progress: Progress | None,
    where: Callable[[], tuple[int, int]],
) -> None:
    kind = table.kind
    if kind == "settings":
        settings = CsvSettings(table)
        inc.settings, unknown = records.settings(settings, settings.values.keys())
        inc.settings_where = Where(table.file)
        if unknown:
            inc.notes.append(f"Ignored unknown settings: {', '.join(sorted(unknown))}.")
        return
    if kind == "photos":  # listed for reading; their pictures travel only in the JSON export
        listed = sum(1 for _ in table.rows())
        if listed:
            inc.notes.append(
                f"{table.file} lists {listed:,} photo{'s' if listed != 1 else ''} without their pictures: "
                "not imported (the JSON export carries photos)."
            )
        return
    if kind == "intakes":
        _read_intakes(table, inc, ctx, progress, where)
        return
    if kind == "symptoms":
        _read_symptoms(table, inc, ctx, progress, where)
        return
    for n, f in enumerate(table.records(), 1):
        if kind == "pain_checkins":
            inc.pain.append(records.pain(f, ctx))
        elif kind == "withdrawal_scores":
            inc.withdrawal.append(records.withdrawal(f, ctx))
        elif kind == "breaks":
            inc.breaks.append(records.brk(f, ctx))
        elif kind == "products":
            inc.products.append(records.product(f, ctx))
        elif kind == "medications":
            inc.medications.append(records.medication(f, ctx))
        elif kind == "taper_plans":
            inc.plans.append(records.taper_plan(f, ctx))
        elif kind == "purchases":
            inc.purchases.append(records.purchase(f, ctx))
        else:
            inc.symptom_types.append(records.symptom_type(f, ctx))
        if progress is not None and n % _BATCH == 0:
            progress(*where())


def _read_intakes(
    table: CsvTable,
    inc: Incoming,
    ctx: Context,
    progress: Progress | None,
    where: Callable[[], tuple[int, int]],
) -> None:
    """Intake rows a batch at a time, column by column; a batch that path does not take, row by row."""
    batches = csv_intake_batches(table.index, ctx, table.decimal_sep, table.file)
    quick = as_exported.csv_intakes(table.index, ctx, table.decimal_sep)
    file, out = table.file, inc.intakes
    rows = table.rows()
    while batch := list(islice(rows, _BATCH)):
        found = batches(batch)
        if found is not None:
            out.extend(found)
        else:
            for line, cells in batch:
                one = quick(cells, Where(file, line))
                out.append(
                    one if one is not None else records.intake(CsvFields(table, line, cells), ctx, keep=False)
                )
        if progress is not None:
            progress(*where())


def _read_symptoms(
    table: CsvTable,
    inc: Incoming,
    ctx: Context,
    progress: Progress | None,
    where: Callable[[], tuple[int, int]],
) -> None:
    """Symptom rating rows a batch at a time, column by column; a batch it does not take, row by row."""
    batches = csv_symptom_batches(table.index, ctx, table.file)
    out = inc.symptoms
    rows = table.rows()
    while batch := list(islice(rows, _BATCH)):
        found = batches(batch)
        if found is not None:
            out.extend(found)
        else:
            out.extend(records.symptom(CsvFields(table, line, cells), ctx) for line, cells in batch)
        if progress is not None:
            progress(*where())


#: Intake rows read and checked together (a progress report after each batch).
_BATCH = 500


class CsvSettings(Fields):
    """settings.csv: one setting per row; errors name the row of the setting."""

    textual = True

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.where = Where(table.file)
        self.decimal_sep = table.decimal_sep
        self.values: dict[str, tuple[int, str]] = {}
        for line, cells in table.rows():
            name = csv_unsafe(cells[table.index["setting"]]).strip()
            if name in self.values:
                raise ImportFileError(f"the setting {name} appears twice.", file=table.file, line=line)
            self.values[name] = (line, csv_unsafe(cells[table.index["value"]]))

    def raw(self, name: str) -> Any:
        found = self.values.get(name)
        return None if found is None else found[1]

    def has(self, name: str) -> bool:
        return name in self.values

    def fail(self, name: str, message: str) -> ImportFileError:
        line = self.values.get(name, (None, ""))[0]
        column = self.table.index["value"] + 1
        return ImportFileError(message, file=self.table.file, line=line, column=column, field=name)
