"""The built-in symptom catalogue, drawn from the source texts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.domain.entities import SymptomType


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Categories in display order and the symptom types in each."""

    categories: tuple[tuple[str, str], ...]
    types: tuple[SymptomType, ...]

    def category_label(self, key: str) -> str:
        return dict(self.categories).get(key, key.title())

    def by_key(self) -> dict[str, SymptomType]:
        return {t.key: t for t in self.types}


def load_catalogue(path: Path) -> Catalogue:
    return parse_catalogue(json.loads(path.read_text(encoding="utf-8")))


def parse_catalogue(data: Any) -> Catalogue:
    try:
        cats = tuple((c["key"], c["label"]) for c in data["categories"])
        keys = {k for k, _ in cats}
        types = []
        for raw in data["symptoms"]:
            if raw["category"] not in keys:
                raise CatalogueError(f"{raw['key']}: unknown category {raw['category']!r}")
            types.append(
                SymptomType(
                    key=raw["key"],
                    label=raw["label"],
                    category=raw["category"],
                    body_areas=tuple(raw.get("body_areas", ())),
                    red_flag=bool(raw.get("red_flag")),
                    source=raw.get("source"),
                    builtin=True,
                )
            )
    except (KeyError, TypeError) as err:
        raise CatalogueError(f"malformed symptom catalogue: {err}") from err
    if len({t.key for t in types}) != len(types):
        raise CatalogueError("symptom keys must be unique")
    return Catalogue(cats, tuple(types))
