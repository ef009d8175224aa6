"""Context tags: the one stored form, the limits, and the suggested ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.domain.errors import InvalidInput
from journal.domain.tags import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    SUGGESTED_TAGS,
    canonical_tag,
    check_tags,
    join_tags,
    parse_tags,
)


def test_a_tag_is_trimmed_collapsed_and_lower_case() -> None:
    assert canonical_tag("  Poor   Sleep\t") == "poor sleep"
    assert canonical_tag("STRESS") == "stress"


def test_tags_differing_in_case_or_spacing_are_one() -> None:
    assert check_tags(["Stress", "stress ", " poor  sleep", "Poor sleep"]) == ("poor sleep", "stress")


@pytest.mark.parametrize("bad", ["", "   ", "a" * (MAX_TAG_CHARS + 1), "sleep; stress", "a,b"])
def test_bad_tags_are_refused_with_the_field_named(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        canonical_tag(bad)
    assert err.value.field == "tags"


def test_a_tag_of_the_longest_length_is_kept() -> None:
    assert canonical_tag("b" * MAX_TAG_CHARS) == "b" * MAX_TAG_CHARS


def test_at_most_ten_tags_per_entry() -> None:
    assert len(check_tags(f"t{i}" for i in range(MAX_TAGS))) == MAX_TAGS
    with pytest.raises(InvalidInput, match="at most 10 tags"):
        check_tags(f"t{i}" for i in range(MAX_TAGS + 1))
    # The same tag typed twice counts once.
    assert check_tags([*(f"t{i}" for i in range(MAX_TAGS)), "T0"]) == check_tags(
        f"t{i}" for i in range(MAX_TAGS)
    )


def test_typed_tags_split_on_commas_and_semicolons() -> None:
    assert parse_tags("travel, Poor sleep;;  stress ,") == ("poor sleep", "stress", "travel")
    assert parse_tags("  ") == ()


def test_suggested_tags_are_already_in_their_stored_form() -> None:
    assert check_tags(SUGGESTED_TAGS) == tuple(sorted(SUGGESTED_TAGS))
    assert {"poor sleep", "stress", "flare"} <= set(SUGGESTED_TAGS)


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=";,"), max_size=30), max_size=10))
def test_joined_tags_read_back_as_the_same_tags(raw: list[str]) -> None:
    try:
        tags = check_tags(raw)
    except InvalidInput:
        return
    assert parse_tags(join_tags(tags)) == tags
    assert all(canonical_tag(tag) == tag for tag in tags)
