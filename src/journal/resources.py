"""Files shipped with the app: guidance data, symptom catalogue, source texts.

In a wheel or a frozen build they sit in journal/resources; in a source
checkout they are the repository's top-level resources/ folder.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from journal.domain.catalogue import Catalogue, load_catalogue
from journal.domain.guidance import Guidance, load_guidance
from journal.domain.sources import Sources, load_sources


@cache
def root() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "resources",
        Path(getattr(sys, "_MEIPASS", here)) / "resources",
        here.parent.parent / "resources",
    ):
        if (candidate / "guidance").is_dir():
            return candidate
    raise FileNotFoundError("the journal's resources folder is missing from this installation")


def path(*parts: str) -> Path:
    return root().joinpath(*parts)


@cache
def guidance() -> Guidance:
    """The cited rules, validated at load."""
    return load_guidance(path("guidance", "rules.json"))


@cache
def catalogue() -> Catalogue:
    """The built-in symptom catalogue."""
    return load_catalogue(path("symptoms.json"))


@cache
def sources() -> Sources:
    """What the journal uses from each source text, and where the sources disagree."""
    return load_sources(path("sources.json"))


def source_text(file_name: str) -> str:
    """The full text of a cited source file."""
    return path("sources", Path(file_name).name).read_text(encoding="utf-8")
