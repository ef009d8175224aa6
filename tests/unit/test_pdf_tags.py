"""The clinician summary counts context tags beside the symptoms, as counts only."""

from __future__ import annotations

from pathlib import Path

from journal.domain.entities import PainCheckin
from journal.domain.tags import TagTally
from journal.reports.pdf import write_report
from journal.reports.pdf_pages import TAGS_NOTE
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from journal.service.photos import PhotoDraft
from tests.photo_files import phone_jpeg
from tests.unit.test_pdf import END, START, at, flat, text_of


def test_tags_are_counted_by_entries_and_days_and_no_pattern_is_claimed(
    journal: Journal, tmp_path: Path
) -> None:
    journal.log_intake(IntakeDraft("3", at(2, 8), tags=("poor sleep", "stress")))
    journal.log_intake(IntakeDraft("2", at(2, 20), tags=("stress",)))
    journal.log_symptom("nausea", 2, at(4, 9), tags=("stress",))
    journal.log_pain(PainCheckin(at(6, 10), 5), tags=("flare",))
    journal.log_intake(IntakeDraft("2", at(20, 8, month=2), tags=("travel",)))  # before the period
    target = tmp_path / "summary.pdf"
    summary = write_report(journal, START, END, target)
    assert summary.tags == (TagTally("stress", 3, 2), TagTally("flare", 1, 1), TagTally("poor sleep", 1, 1))

    text = flat(text_of(target))
    section = text[text.index("Context tags (self-chosen)") :]
    assert "Context tag Entries Days stress 3 2 flare 1 1 poor sleep 1 1" in section
    assert "travel" not in text
    assert flat(TAGS_NOTE) in section
    assert "no link between a tag and amounts, symptoms or pain is claimed" in section
    # Beside the symptoms: right after their table.
    assert text.index("Symptoms (self-rated)") < text.index("Context tags (self-chosen)")


def test_a_period_without_tags_has_no_tag_section(journal: Journal, tmp_path: Path) -> None:
    journal.log_intake(IntakeDraft("3", at(2, 8)))
    target = tmp_path / "summary.pdf"
    summary = write_report(journal, START, END, target)
    assert summary.tags == ()
    assert "Context tag" not in text_of(target)


def test_a_tagged_photo_is_counted_with_the_other_entries(journal: Journal, tmp_path: Path) -> None:
    phone_jpeg(tmp_path / "crown.jpg", seed=1)
    journal.log_pain(PainCheckin(at(3, 10), 5), tags=("flare",))
    draft = PhotoDraft("scalp-crown", at=at(3, 11), tags=("flare", "new shampoo"))
    journal.photos.add_files([tmp_path / "crown.jpg"], draft)
    target = tmp_path / "summary.pdf"
    summary = write_report(journal, START, END, target)
    assert summary.tags == (TagTally("flare", 2, 1), TagTally("new shampoo", 1, 1))
    section = flat(text_of(target))
    assert "Context tag Entries Days flare 2 1 new shampoo 1 1" in section
