"""The clinician summary PDF, read back and held to the journal's own statistics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from journal.domain.entities import PainCheckin
from journal.domain.guidance import FINDING_TITLES
from journal.domain.periods import Period
from journal.domain.stats import daily_max_rolling, daily_totals
from journal.domain.times import Moment
from journal.domain.trends import segments, use_figures
from journal.reports import pdf
from journal.reports.pdf import write_report
from journal.reports.pdf_appendix import Appendix
from journal.reports.summary import read, summarise
from journal.service.demo.story import generate
from journal.service.demo.writing import write_demo
from journal.service.intakes import IntakeDraft
from journal.service.journal import Journal
from tests.conftest import FakeClock

ZONE = "Europe/Berlin"
START, END = date(2026, 3, 1), date(2026, 3, 10)
NAME = "Zoë Łukaszewicz-Ñúñez"
NOTE = "Übelkeit nach der Dosis – ça va ✓ (≈ 2 h)"
HASHED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def at(day: int, hour: int, month: int = 3) -> Moment:
    return Moment.from_utc(datetime(2026, month, day, hour, tzinfo=UTC), ZONE)


@pytest.fixture
def known(journal: Journal) -> Journal:
    """Four days of use: 13 g (over 12), 16 g (over 15), 4 g with a note, 3 g; a break now.

    The clock says 10 March 13:00 in Berlin: today has no use yet.
    """
    for day, hour, grams, note in [
        (1, 8, "5", ""),
        (1, 18, "8", ""),
        (3, 9, "10", ""),
        (3, 20, "6", ""),
        (5, 9, "4", NOTE),
        (8, 9, "3", ""),
    ]:
        journal.log_intake(IntakeDraft(grams, at(day, hour), notes=note, confirm_large=True))
    journal.log_symptom("nausea", 2, at(3, 21))
    journal.log_symptom("nausea", 1, at(8, 10))
    journal.log_symptom("jaundice", 1, at(9, 10), notes="Gelbliche Augen?")
    journal.log_pain(PainCheckin(at(5, 10), 6, (6, 4, 5), 5))
    journal.start_break(date(2026, 3, 15), reason="Pause für die Leber")
    return journal


def pages_text(path: Path, first: int = 1, last: int | None = None) -> str:
    pages = PdfReader(path).pages
    return "\n".join(p.extract_text() or "" for p in pages[first - 1 : last])


def text_of(path: Path) -> str:
    return pages_text(path)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- the first pages -----------------------------------------------------------------------------


def test_figures_match_the_journal_statistics(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    summary = write_report(known, START, END, target, name=NAME)

    doses = known.entries.doses()
    totals = {d: t for d, t in daily_totals(doses).items() if START <= d <= END}
    rolling = {d: mg for d, mg in daily_max_rolling(doses).items() if START <= d <= END}
    upper = known.guidance.upper
    assert summary.days == 10
    assert summary.counted_days == 9, "10 March is today, not over and without use: not a dose-free day"
    assert summary.use_days == len(totals) == 4
    assert summary.dose_free_days == 5
    assert summary.days_over_low == sum(mg > upper.low_mg for mg in rolling.values()) == 2
    assert summary.days_over_high == sum(mg > upper.high_mg for mg in rolling.values()) == 1
    mean = sum(t.mg for t in totals.values()) / len(totals)
    assert summary.mean_daily_mg == round(mean) == 9000
    assert summary.max_daily_mg == 16000
    assert summary.breaks.count == 1 and summary.breaks.running == 1
    assert [r.key for r in summary.symptoms] == ["jaundice", "nausea"]  # red flag first

    first = flat(pages_text(target, 1, 2))
    assert "Self-reported by the patient" in first
    assert "Everything in this summary is self-reported" in first
    assert "4 of 9 days (44%); 5 days without use; longest run without use 2 days" in first
    assert "median 8.5 g, mean 9.0 g; highest 16.0 g on 3 Mar 2026" in first
    assert "1.5 intakes a day of use (median 1.5); 4.7 intakes a week; 6 intakes in all" in first
    assert "on 2 days a rolling 24-hour total went over 12 g, on 1 of them over 15 g" in first
    assert "1 break in the period: 1 with a planned end" in first and "1 still running" in first
    assert "Pain now (0 to 10) 6 at the only check-in" in first
    assert "PEG score (0 to 10) 5.0 at the only check-in with the PEG" in first
    assert "Reported: Yellowing of skin or eyes on 1 day, worst mild (last 9 Mar 2026)" in first
    assert "Rated severe or extreme none" in first
    assert "No scored withdrawal check-ins (SOWS)" in first
    assert "10 of 10 entries (100%) were logged more than 12 hours after" in first
    everything = flat(text_of(target))
    pages = len(PdfReader(target).pages)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in everything


def test_the_trend_and_pain_change_are_the_domains_figures(journal: Journal, clock: FakeClock) -> None:
    """Use rises from 4 g to 6 g a day and pain falls from 6 to 3 between the first and last 30 days."""
    clock.now = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    first_day = date(2026, 3, 3)
    for n in range(120):
        day = first_day + timedelta(days=n)
        when = Moment.from_utc(datetime(day.year, day.month, day.day, 8, tzinfo=UTC), ZONE)
        grams = "4" if n < 30 else "6" if n >= 90 else "5"
        journal.log_intake(IntakeDraft(grams, when))
        if n % 3 == 0:
            journal.log_pain(
                PainCheckin(when, 6 if n < 30 else 3 if n >= 90 else 5, (6, 6, 6) if n < 30 else None)
            )
    period_end = first_day + timedelta(days=119)
    data = read(journal, Period(first_day, period_end))
    s = summarise(data)
    assert s.counted_days == 120 and s.trend is not None
    segs = segments(Period(first_day, period_end))
    assert segs is not None and s.trend.segments == segs
    low = journal.guidance.upper.low_mg
    assert s.trend.first == use_figures(data.totals, data.max_rolling, segs.first, low)
    assert (s.trend.first.mean_mg, s.trend.last.mean_mg) == (4000, 6000)
    assert (s.pain.first, s.pain.last, s.pain.percent) == (6, 3, -50)

    target = journal.folder / "trend.pdf"
    write_report(journal, first_day, period_end, target)
    first = flat(pages_text(target, 1, 2))
    assert "Trend: first 30 days and last 30 days" in first
    assert "Mean amount a day of use 4.0 g 6.0 g +50%" in first
    assert "6.0 in the first 30 days, 3.0 in the last 30 days: −50%" in first
    assert "moderately important [" in first  # the 30% benchmark, with its reference
    assert "Dworkin RH" in flat(text_of(target))


def test_no_rule_id_and_no_file_name_outside_the_references(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, appendix=Appendix.ALL)
    text = flat(text_of(target))
    for rule_id in [*known.guidance.rules, *FINDING_TITLES]:
        assert rule_id not in text, rule_id
    assert "Rolling 24-hour total over the cited upper limit of 12 to 15 g" in text
    assert "on 2 days a 24-hour window ending that day went over 12 g" in text
    refs = text.index("References")
    appendix = text.index("Appendix: the entries")
    names = [m.start() for m in HASHED.finditer(text)]
    assert names and all(refs < n < appendix for n in names)
    assert "[3] Side effects, dosage and regulation" in text
    assert text.count("Kratom for chronic pain: how it works") == 0, "the short title, not the long one"


def test_every_font_is_embedded_truetype(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    fonts = list(_fonts(PdfReader(target)))
    assert len(fonts) >= 3  # the page text, bold, and the charts' own
    for font in fonts:
        name = str(font.get("/BaseFont"))
        assert "Helvetica" not in name
        assert font["/Subtype"] in ("/TrueType", "/Type0"), name
        descriptor = (font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font)[
            "/FontDescriptor"
        ]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def _fonts(reader: PdfReader) -> Iterator[DictionaryObject]:
    seen: set[int] = set()

    def walk(resources: Any) -> Iterator[DictionaryObject]:
        resources = resources.get_object() if resources is not None else {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))

    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def test_metadata_holds_title_period_and_producer_and_says_pdfa(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    reader = PdfReader(target)
    meta = reader.metadata
    assert meta is not None
    assert {str(k): str(v) for k, v in meta.items()} == {
        "/Title": "Kratom use summary",
        "/Subject": "Period 1 Mar – 10 Mar 2026",
        "/Producer": pdf.PRODUCER,
    }
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "Kratom use summary" in xmp and "1 Mar – 10 Mar 2026" in xmp
    [intent] = root["/OutputIntents"]
    profile = intent.get_object()["/DestOutputProfile"].get_object().get_data()
    assert profile[36:40] == b"acsp" and profile[8] == 2 and intent.get_object()["/S"] == "/GTS_PDFA1"
    assert reader.trailer.get("/ID") is not None
    raw = target.read_bytes()
    assert str(tmp_path).encode() not in raw and NAME.encode() not in raw  # the name only as page text
    for word in (b"/Author", b"/Creator", b"ReportLab", b"Matplotlib"):
        assert word not in raw


def test_unicode_name_and_note_come_back_intact_and_emoji_as_words(known: Journal, tmp_path: Path) -> None:
    known.log_pain(PainCheckin(at(6, 10), 4, notes="long walk 🚶 with orange juice 🍊 ☀"))
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    text = flat(text_of(target))
    assert NAME in text
    assert NOTE in text
    assert "long walk ‹pedestrian› with orange juice ‹tangerine› ☀" in text
    assert "🚶" not in text and "🍊" not in text


def test_notes_can_be_left_out(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, include_notes=False)
    text = flat(text_of(target))
    assert "Übelkeit" not in text
    assert "Gelbliche" not in text
    assert "Pause für" not in text
    assert "Days with use" in text


def test_a_note_written_many_times_is_given_once(known: Journal, tmp_path: Path) -> None:
    for day in (2, 4, 6):
        known.log_symptom("nausea", 1, at(day, 10), notes="after  lunch")
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    text = flat(text_of(target))
    assert text.count("after lunch") == 1
    assert "2 Mar 2026 to 6 Mar 2026 · 3 times · symptom, Nausea: after lunch" in text


# -- the appendix --------------------------------------------------------------------------------


def test_the_appendix_is_a_choice_one_line_per_entry(known: Journal, tmp_path: Path) -> None:
    known.log_symptom("itching", 0, at(3, 21))
    plain, rated, every = (tmp_path / f"{n}.pdf" for n in ("plain", "rated", "all"))
    write_report(known, START, END, plain)
    write_report(known, START, END, rated, appendix=Appendix.RATED)
    write_report(known, START, END, every, appendix="all")
    assert "Appendix" not in text_of(plain)
    lines = text_of(rated).splitlines()
    intake = [line for line in lines if "Intake" in line and "3 Mar 2026 10:00" in line]
    assert intake == ["3 Mar 2026 10:00 Intake 10 g leaf powder late"], "no conversion where none was made"
    assert any(line.startswith("3 Mar 2026 22:00 Symptoms Nausea 2 moderate") for line in lines)
    assert "none: Itching" not in text_of(rated)
    assert "Nausea 2 moderate; none: Itching" in flat(text_of(every))
    assert len(PdfReader(plain).pages) < len(PdfReader(every).pages)


# -- the period ----------------------------------------------------------------------------------


def test_the_period_is_clipped_to_itself(journal: Journal, clock: FakeClock, tmp_path: Path) -> None:
    """A break begun before the period counts only its days inside it; today without use is not counted."""
    clock.now = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)
    journal.start_break(date(2026, 3, 6), reason="before")
    clock.now = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    journal.end_break("kept")
    clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    for day in (7, 8, 9):
        journal.log_intake(IntakeDraft("3", at(day, 8)))
    data = read(journal, Period(START, END))
    s = summarise(data)
    assert s.breaks.lengths_days == (6,) and s.breaks.began_before == 1 and s.breaks.kept == 1
    assert s.longest_dose_free == 6 and s.counted_days == 9 and s.dose_free_days == 6
    target = tmp_path / "summary.pdf"
    write_report(journal, START, END, target)
    text = flat(text_of(target))
    assert "1 of them begun before it" in text and "Days of each break inside the period: 6." in text
    assert "today" in text and "so 9 days are counted" in text


def test_a_failure_mid_write_leaves_no_file(
    known: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(doc: Any, story: list[Any]) -> None:
        Path(doc.filename).write_bytes(b"%PDF-1.4 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "_build", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(known, START, END, folder / "summary.pdf")
    assert list(folder.iterdir()) == []


def test_an_existing_file_is_replaced_whole(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    write_report(known, START, END, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_an_empty_period(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    summary = write_report(journal, END - timedelta(days=29), END, target)
    assert summary.use_days == 0 and summary.mean_daily_mg is None
    text = flat(text_of(target))
    assert "0 of 29 days" in text
    assert "No symptoms rated" in text and "No pain check-ins in this period." in text


# -- the ten-year demonstration journal ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    end = datetime(2026, 12, 7, 4, 15, tzinfo=UTC)
    folder = tmp_path_factory.mktemp("demo10")
    journal = Journal.open(folder, zone=ZONE, clock=lambda: end)
    write_demo(journal, generate(10, 1, end, ZONE))
    yield journal
    journal.close()


@pytest.mark.parametrize(("days", "most"), [(365, 8), (91, 5)])
def test_the_demo_summary_fits_its_pages(demo: Journal, days: int, most: int, tmp_path: Path) -> None:
    end = date(2026, 12, 7)
    target = tmp_path / "summary.pdf"
    write_report(demo, end - timedelta(days=days - 1), end, target)
    reader = PdfReader(target)
    assert len(reader.pages) <= most
    first = flat(pages_text(target, 1, 2))
    for words in (
        "Days with use",
        "intakes a day of use",
        "intakes a week",
        "Trend: first",
        "Breaks",
        "Pain now",
        "Red flags: liver warning signs",
        "Withdrawal",
        "Entered late",
    ):
        assert words in first, words
    text = text_of(target)
    assert all(text.index("References") < m.start() for m in HASHED.finditer(text))


def test_the_output_intent_profile_is_srgb() -> None:
    """LittleCMS reads the built profile, and sRGB colours go through it unchanged."""
    import io

    from PIL import Image, ImageCms

    from journal.reports.pdf_archive import srgb_profile

    profile = ImageCms.ImageCmsProfile(io.BytesIO(srgb_profile()))
    assert profile.profile.profile_description == "sRGB IEC61966-2.1"
    colours = [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 128, 0), (30, 60, 200), (200, 150, 100)]
    image = Image.new("RGB", (len(colours), 1))
    for x, colour in enumerate(colours):
        image.putpixel((x, 0), colour)
    srgb = ImageCms.createProfile("sRGB")
    out = ImageCms.applyTransform(image, ImageCms.buildTransform(srgb, profile, "RGB", "RGB"))
    assert out is not None
    assert [out.getpixel((x, 0)) for x in range(len(colours))] == colours


# -- scored withdrawal check-ins (SOWS) ------------------------------------------------------------


def test_withdrawal_totals_first_last_highest_a_chart_and_the_scale_cited(
    known: Journal, tmp_path: Path
) -> None:
    from journal.domain.withdrawal import WithdrawalScore

    for day, value in ((2, 1), (4, 3), (9, 2)):  # totals 16, 48, 32
        known.log_withdrawal(WithdrawalScore(at(day, 9), (value,) * 16))
    known.log_withdrawal(WithdrawalScore(at(20, 9, month=2), (4,) * 16))  # before the period: left out
    target = tmp_path / "summary.pdf"
    summary = write_report(known, START, END, target, name=NAME)
    assert summary.withdrawal is not None and summary.withdrawal.count == 3
    first = flat(pages_text(target, 1, 2))
    refs = flat(text_of(target)[text_of(target).index("References") :])
    number = re.search(r"\[(\d+)\] Handelsman LD, Cochrane KJ, Aronson MJ", refs)
    assert number is not None
    assert (
        f"SOWS total [{number.group(1)}] (0 to 64, no bands): first 16 (2 Mar 2026), last 32 (9 Mar 2026), "
        "highest 48 (4 Mar 2026); 3 scored check-ins." in first
    )
    assert "Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse. 1987;13(3):293-308" in refs
    assert "A published measuring instrument, not one of the app's source texts" in refs
    text = flat(text_of(target))
    assert "Withdrawal (SOWS)" in text  # the small trend chart, drawn as text the reader can find
    every = tmp_path / "appendix.pdf"
    write_report(known, START, END, every, appendix="all")
    lines = text_of(every).splitlines()
    answers = " ".join(["3"] * 16)
    assert f"4 Mar 2026 10:00 SOWS total 48 of 64; answers 1-16: {answers} late" in lines  # logged on 10 Mar


def test_no_withdrawal_chart_or_citation_without_scores(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target, name=NAME)
    text = flat(text_of(target))
    assert "No scored withdrawal check-ins (SOWS) in this period." in text
    assert "Withdrawal (SOWS)" not in text and "Handelsman" not in text


# -- other medications ---------------------------------------------------------------------------


def test_other_medications_are_on_the_first_two_pages_with_the_cited_passage(
    known: Journal, tmp_path: Path
) -> None:
    from journal.domain.medications import Medication

    known.medications.add(Medication("Ibuprofen", "400 mg", "as needed", "back pain", date(2026, 1, 5)))
    known.medications.add(
        Medication("Codeine", "30 mg", "", "", date(2026, 1, 1), date(2026, 2, 1))
    )  # before
    known.medications.add(Medication("Melatonin", "3 mg", "at night", "", None, date(2026, 3, 6)))
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    first = flat(pages_text(target, 1, 2))
    assert "Other medications reported" in first
    assert "Ibuprofen 400 mg, as needed; for back pain; since 2026-01-05" in first
    assert "Melatonin 3 mg, at night; stopped 2026-03-06" in first
    assert "Codeine" not in flat(text_of(target))  # stopped before the period
    assert "the journal checks no interactions" in first
    assert "currently taking other medications" in first
    text = flat(text_of(target))
    cited = text[text.index("currently taking other medications") :]
    number = cited[cited.index("[") + 1 : cited.index("]")]
    references = text[text.rindex("References") :]
    assert f"[{number}]" in references or f"{number}." in references


def test_no_other_medications_says_none_were_reported(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    first = flat(pages_text(target, 1, 2))
    assert "Other medications reported None reported" in first


def test_the_plan_days_kept_and_planned_against_actual_per_week(known: Journal, tmp_path: Path) -> None:
    """8 g down to 4 g, 1 g less every 2 days from 1 March: planned 8 8 7 7 6 6 5 | 5 4 on 1-9 March
    against 13, 0, 16, 0, 4, 0, 0 | 3, 0 g taken (10 March is today, not over)."""
    known.taper.set("8", "4", "1", 2, date(2026, 3, 1))
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    first = flat(pages_text(target, 1, 2))
    assert "Your taper plan (your own, not guidance)" in first
    assert "8 g to 4 g, 1 g less every 2 days, from 2026-03-01" in first
    assert "7 of 9 days (78%) at or under the plan" in first
    # A small table, a line a week: week from, days, planned and actual g a day, days kept.
    assert (
        "Per week (mean a day) Week from Days Planned g/day Actual g/day Days kept "
        "1 Mar 2026 7 6.7 g 4.7 g 5 of 7 8 Mar 2026 2 4.5 g 1.5 g 2 of 2"
    ) in first


def test_a_table_plan_says_so_with_its_days_on_the_first_pages(known: Journal, tmp_path: Path) -> None:
    """Listed 9 g from 2 March, 6.5 g from 5 March, 3 g from 8 March, paused on 6 March for a day:
    planned 9 9 9 6.5 6.5 6.5 6.5 | 3 on 2-9 March (8 March's 3 g comes on the 9th) against
    0 16 0 4 0 0 3 | 0 g taken."""
    known.taper.set_table([("2026-03-02", "9"), ("2026-03-05", "6.5"), ("2026-03-08", "3")])
    known.taper.pause(date(2026, 3, 6))
    known.taper.resume(date(2026, 3, 7))
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    first = flat(pages_text(target, 1, 2))
    assert "Your taper plan (your own, not guidance) Plan 9 g to 3 g, day by day (3 days listed)" in first
    assert (
        "Day-by-day table The patient's own table: each amount holds until the next listed day. "
        "2 Mar 2026: 9 g; 5 Mar 2026: 6.5 g; 8 Mar 2026: 3 g. "
        "A pause shifts the listed days later by the days paused."
    ) in first
    assert "7 of 8 days (88%) at or under the plan" in first  # 3 March, 16 g over 9 g
    # (9+9+9+6.5+6.5+6.5+6.5) / 7 = 7.57 g planned, 23 / 7 = 3.29 g taken; then 9 March alone.
    assert "2 Mar 2026 7 7.6 g 3.3 g 6 of 7 9 Mar 2026 1 3.0 g 0.0 g 1 of 1" in first


def test_no_plan_no_plan_block(known: Journal, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    write_report(known, START, END, target)
    assert "taper plan" not in flat(text_of(target))
