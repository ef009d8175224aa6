"""The sources data: every quote verbatim in its file, every source file listed, disagreements two-sided."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journal import resources
from journal.domain.sources import (
    Sources,
    SourcesDataError,
    load_sources,
    misquoted,
    parse_sources,
)


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(resources.path("sources.json"))


def test_every_quote_is_verbatim_in_its_file(sources: Sources) -> None:
    pairs = list(sources.quotes())
    assert len(pairs) > 20
    for file, quote in pairs:
        assert quote in resources.source_text(file), f"{file}: not verbatim: {quote!r}"
    assert misquoted(sources, resources.source_text) == []


def test_every_source_file_has_an_entry_and_nothing_else_does(sources: Sources) -> None:
    on_disk = sorted(p.name for p in resources.path("sources").glob("*.txt"))
    assert len(on_disk) == 5
    assert sorted(s.file for s in sources) == on_disk
    for source in sources:
        assert source.title.strip() and source.about.strip() and source.claims


def test_every_file_the_guidance_cites_is_listed(sources: Sources) -> None:
    listed = {s.file for s in sources}
    for rule in resources.guidance().rules.values():
        for citation in rule.citations:
            assert citation.file in listed
            # The rule's own quote is among the claims used from that file.
            assert citation.quote in {c.quote for c in sources.by_file(citation.file).claims}, rule.id


def test_disagreements_cover_dependence_and_hair_loss(sources: Sources) -> None:
    topics = {d.topic: d for d in sources.disagreements}
    dependence = topics["Addiction and dependence"]
    quotes = {s.quote for side in dependence.sides for s in side.statements}
    assert any("lower potential for addiction and dependence" in q for q in quotes)
    assert any("without addiction risks" in q for q in quotes)
    assert any("without the risk of addiction" in q for q in quotes)
    assert any("psychological dependence" in q for q in quotes)
    assert any("dependence or addiction" in q for q in quotes)
    assert {"001_3df793e56db52cdc.txt", "002_8d8250643712a73f.txt", "003_33c004e3696618e7.txt"} <= set(
        dependence.files
    )
    hair = topics["Does kratom cause hair loss?"]
    hair_quotes = {s.quote for side in hair.sides for s in side.statements}
    assert any("kratom itself does not directly cause hair loss" in q for q in hair_quotes)
    assert any("prolonged kratom use can lead to alopecia" in q for q in hair_quotes)
    assert any("after consistent kratom use" in q for q in hair_quotes)
    for disagreement in sources.disagreements:
        assert len(disagreement.sides) >= 2
        assert disagreement.summary.strip()


def test_misquoted_finds_words_not_in_the_source(sources: Sources) -> None:
    fake = {s.file: "" for s in sources}
    wrong = misquoted(sources, fake.__getitem__)
    assert len(wrong) == len(list(sources.quotes()))


def _minimal() -> dict[str, Any]:
    return {
        "sources": [{"file": "a.txt", "title": "A", "about": "x", "claims": [{"claim": "c", "quote": "q"}]}],
        "disagreements": [],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("sources"), "'sources' must be a list"),
        (lambda d: d["sources"][0].update(title=""), "'title' must be non-empty"),
        (lambda d: d["sources"][0].update(claims=[]), "lists no claims"),
        (lambda d: d["sources"].append(dict(d["sources"][0])), "listed twice"),
        (
            lambda d: d["disagreements"].append(
                {
                    "topic": "t",
                    "summary": "s",
                    "sides": [
                        {"position": "p", "statements": [{"file": "b.txt", "claim": "c", "quote": "q"}]},
                        {"position": "o", "statements": [{"file": "a.txt", "claim": "c", "quote": "q"}]},
                    ],
                }
            ),
            "unlisted files: b.txt",
        ),
        (
            lambda d: d["disagreements"].append(
                {
                    "topic": "t",
                    "summary": "s",
                    "sides": [
                        {"position": "p", "statements": [{"file": "a.txt", "claim": "c", "quote": "q"}]}
                    ],
                }
            ),
            "at least two sides",
        ),
    ],
)
def test_malformed_data_is_refused(change: Any, message: str) -> None:
    data = _minimal()
    parse_sources(data)
    change(data)
    with pytest.raises(SourcesDataError, match=message):
        parse_sources(data)


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "sources.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourcesDataError, match=r"sources\.json"):
        load_sources(bad)


def test_the_withdrawal_scale_is_cited_as_a_measuring_instrument() -> None:
    from journal.domain.withdrawal import SOWS_REFERENCE

    ref = resources.sources().reference(SOWS_REFERENCE)
    assert ref.kind == "measuring instrument"
    assert ref.citation.startswith("Handelsman LD, Cochrane KJ, Aronson MJ, Ness R, Rubinstein KJ, Kanof PD.")
    assert "1987;13(3):293-308" in ref.citation
    assert "no severity bands" in ref.used_for
    assert resources.sources().reference("immpact-2008").kind == ""
