"""What the journal takes from each cited source text, and where the texts disagree.

The data lives in resources/sources.json. Every quote there is verbatim from its
source file; `misquoted` finds any that are not, so tests (and a careful start-up)
can refuse data that puts words in a source's mouth.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class SourcesDataError(ValueError):
    """The sources data file is malformed."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing the journal uses from a source, with the passage it rests on."""

    claim: str
    quote: str


#: Said of a source whose saved text names neither its author nor the site it came from.
UNKNOWN_BY = "author and site not recorded"


@dataclass(frozen=True, slots=True)
class Source:
    """One source text: its file, a title, what it is about, and the claims used.

    `short` is the few words a report or the window names the source by, and
    `by` its author or site ("" when the saved text does not say); the file
    name belongs in a list of references only.
    """

    file: str
    title: str
    about: str
    claims: tuple[Claim, ...]
    short: str = ""
    by: str = ""

    @property
    def name(self) -> str:
        """The short title (the title when there is none)."""
        return self.short or self.title

    @property
    def credit(self) -> str:
        """Who wrote or published it, or that the saved text does not say."""
        return self.by or UNKNOWN_BY


@dataclass(frozen=True, slots=True)
class Reference:
    """A published work cited for a figure that is not among the source texts (no file, no quotes)."""

    key: str
    short: str
    citation: str
    used_for: str
    #: What the work is to the journal ("measuring instrument" for a scale it asks); "" for a figure.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """One source's word on a disputed point."""

    file: str
    claim: str
    quote: str


@dataclass(frozen=True, slots=True)
class Side:
    """A position on a disputed point and the statements that take it."""

    position: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A point on which the sources contradict each other; the journal takes no side."""

    topic: str
    summary: str
    sides: tuple[Side, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """The source files involved, in order of first appearance."""
        seen: dict[str, None] = {}
        for side in self.sides:
            for statement in side.statements:
                seen.setdefault(statement.file, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Sources:
    """All sources and all disagreements."""

    sources: tuple[Source, ...]
    disagreements: tuple[Disagreement, ...]
    references: tuple[Reference, ...] = ()

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def by_file(self, file: str) -> Source:
        for source in self.sources:
            if source.file == file:
                return source
        raise KeyError(file)

    def title(self, file: str) -> str:
        """The short title of a source file, or the file name if it is not listed."""
        try:
            return self.by_file(file).title
        except KeyError:
            return file

    def name(self, file: str) -> str:
        """The short title of a source file, or the file name if it is not listed."""
        try:
            return self.by_file(file).name
        except KeyError:
            return file

    def reference(self, key: str) -> Reference:
        for ref in self.references:
            if ref.key == key:
                return ref
        raise KeyError(key)

    def quotes(self) -> Iterator[tuple[str, str]]:
        """Every (file, quote) pair, claims and disagreements alike."""
        for source in self.sources:
            for claim in source.claims:
                yield source.file, claim.quote
        for disagreement in self.disagreements:
            for side in disagreement.sides:
                for statement in side.statements:
                    yield statement.file, statement.quote


def load_sources(path: Path) -> Sources:
    """Read and validate the sources data file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise SourcesDataError(f"{path.name}: {err}") from err
    return parse_sources(data)


def parse_sources(data: Any) -> Sources:
    """Validate parsed sources data."""
    if not isinstance(data, dict):
        raise SourcesDataError("sources data must be an object")
    raw_sources = _list(data, "sources", "sources data")
    sources = tuple(_source(raw) for raw in raw_sources)
    files = [s.file for s in sources]
    duplicates = sorted({f for f in files if files.count(f) > 1})
    if duplicates:
        raise SourcesDataError(f"sources listed twice: {', '.join(duplicates)}")
    disagreements = tuple(_disagreement(raw) for raw in _list(data, "disagreements", "sources data"))
    for disagreement in disagreements:
        unknown = [f for f in disagreement.files if f not in files]
        if unknown:
            raise SourcesDataError(f"{disagreement.topic!r} cites unlisted files: {', '.join(unknown)}")
        if len(disagreement.sides) < 2:
            raise SourcesDataError(f"{disagreement.topic!r} needs at least two sides")
    raw_refs = data.get("references", [])
    if not isinstance(raw_refs, list):
        raise SourcesDataError("sources data: 'references' must be a list")
    references = tuple(_reference(raw) for raw in _objects(raw_refs, "references"))
    return Sources(sources, disagreements, references)


def misquoted(sources: Sources, read: Callable[[str], str]) -> list[tuple[str, str]]:
    """The (file, quote) pairs whose quote does not appear verbatim in the file's text."""
    texts: dict[str, str] = {}
    wrong = []
    for file, quote in sources.quotes():
        if file not in texts:
            texts[file] = read(file)
        if quote not in texts[file]:
            wrong.append((file, quote))
    return wrong


def _source(raw: Any) -> Source:
    if not isinstance(raw, dict):
        raise SourcesDataError("each source must be an object")
    file = _text(raw, "file", "a source")
    where = f"source {file!r}"
    claims = tuple(
        Claim(_text(c, "claim", where), _text(c, "quote", where))
        for c in _objects(_list(raw, "claims", where), where)
    )
    if not claims:
        raise SourcesDataError(f"{where}: lists no claims")
    short = raw.get("short", "")
    by = raw.get("by", "")
    if not isinstance(short, str) or not isinstance(by, str):
        raise SourcesDataError(f"{where}: 'short' and 'by' must be text")
    return Source(
        file, _text(raw, "title", where), _text(raw, "about", where), claims, short.strip(), by.strip()
    )


def _reference(raw: dict[str, Any]) -> Reference:
    key = _text(raw, "key", "a reference")
    where = f"reference {key!r}"
    kind = raw.get("kind", "")
    if not isinstance(kind, str):
        raise SourcesDataError(f"{where}: 'kind' must be text")
    return Reference(
        key,
        _text(raw, "short", where),
        _text(raw, "citation", where),
        _text(raw, "used_for", where),
        kind.strip(),
    )


def _disagreement(raw: Any) -> Disagreement:
    if not isinstance(raw, dict):
        raise SourcesDataError("each disagreement must be an object")
    topic = _text(raw, "topic", "a disagreement")
    where = f"disagreement {topic!r}"
    sides = []
    for side in _objects(_list(raw, "sides", where), where):
        statements = tuple(
            Statement(_text(s, "file", where), _text(s, "claim", where), _text(s, "quote", where))
            for s in _objects(_list(side, "statements", where), where)
        )
        if not statements:
            raise SourcesDataError(f"{where}: a side has no statements")
        sides.append(Side(_text(side, "position", where), statements))
    return Disagreement(topic, _text(raw, "summary", where), tuple(sides))


def _list(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key)
    if not isinstance(value, list):
        raise SourcesDataError(f"{where}: {key!r} must be a list")
    return value


def _objects(items: list[Any], where: str) -> Iterator[dict[str, Any]]:
    for item in items:
        if not isinstance(item, dict):
            raise SourcesDataError(f"{where}: each entry must be an object")
        yield item


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourcesDataError(f"{where}: {key!r} must be non-empty text")
    return value
