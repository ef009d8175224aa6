"""Photo series of hair and skin: the body areas, a photo as an entry, and the series they make.

The texts dwell on hair thinning and skin darkening, which change over weeks; a
series of photos of one area shows a clinician what a rating from 0 to 4
cannot. A photo is an entry like the others (a time, a note, deleted with
undo); its pixels live apart from the journal's rows, addressed by the sha256
of the stored bytes, which never change once stored (`PhotoImage`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from journal.domain.amounts import format_g
from journal.domain.errors import InvalidInput
from journal.domain.times import Moment

#: The longest side of a stored photo, and of its thumbnail, in pixels.
PHOTO_EDGE = 2048
THUMB_EDGE = 320
MAX_LABEL_CHARS = 200
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True, slots=True)
class Area:
    """A body area a series follows: its key, its group (scalp or skin) and its words."""

    key: str
    group: str
    name: str

    @property
    def label(self) -> str:
        """ "Scalp: crown" """
        return f"{self.group.capitalize()}: {self.name}"


#: The areas offered, in the order they are shown: the scalp (hair thinning and shedding), then the
#: skin (darkening, dark spots in sun-exposed areas, dryness, rashes).
AREAS = (
    Area("scalp-crown", "scalp", "crown"),
    Area("scalp-hairline", "scalp", "hairline"),
    Area("scalp-part", "scalp", "part"),
    Area("skin-face", "skin", "face"),
    Area("skin-hands", "skin", "hands"),
    Area("skin-arms", "skin", "arms"),
    Area("skin-legs", "skin", "legs"),
    Area("skin-other", "skin", "other"),
)
_BY_KEY = {a.key: a for a in AREAS}


def area(key: str) -> Area:
    """The area with this key; InvalidInput names the ones there are."""
    found = _BY_KEY.get(key.strip().lower())
    if found is None:
        raise InvalidInput("area", f"Unknown body area “{key}”: use one of {', '.join(_BY_KEY)}.")
    return found


def check_label(label: str) -> str:
    """A free label for the spot (“left forearm, dark patch”), up to 200 characters on one line."""
    text = " ".join(label.split())
    if len(text) > MAX_LABEL_CHARS:
        raise InvalidInput("label", f"A label can be up to {MAX_LABEL_CHARS} characters ({len(text)} typed).")
    return text


def check_sha256(value: str) -> str:
    if not _SHA256.match(value):
        raise InvalidInput("sha256", "A photo's hash is 64 lower-case hexadecimal digits (sha256).")
    return value


@dataclass(frozen=True, slots=True)
class PhotoImage:
    """A photo's stored pixels: freshly encoded JPEG without any metadata, its thumbnail, its hash."""

    sha256: str
    data: bytes
    thumb: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Photo:
    """One photo of a body area: when it was taken, the area and a label, a note, and its pixels' hash.

    `symptom_id` links it to a symptom rating of a check-in (None: no link).
    """

    at: Moment
    area: str
    sha256: str
    width: int
    height: int
    label: str = ""
    notes: str = ""
    symptom_id: int | None = None
    id: int | None = None
    created: datetime | None = None

    def __post_init__(self) -> None:
        area(self.area)
        check_sha256(self.sha256)
        if self.width <= 0 or self.height <= 0:
            raise InvalidInput("size", "A photo has a width and a height.")

    @property
    def series(self) -> SeriesKey:
        return series_key(self.area, self.label)

    @property
    def title(self) -> str:
        """ "Skin: other, left forearm" """
        name = area(self.area).label
        return f"{name}, {self.label}" if self.label else name


@dataclass(frozen=True, slots=True)
class NewPhoto:
    """A photo written in bulk (an import): its entry, its created and updated times, its pixels, and
    the symptom rating it is linked to, as that rating's UTC time and symptom key (ids differ between
    journals)."""

    photo: Photo
    created: datetime
    updated: datetime
    image: PhotoImage
    symptom: tuple[datetime, str] | None = None


#: A series: the photos of one area with the same label (ignoring case), e.g. ("skin-other", "mole").
SeriesKey = tuple[str, str]


def series_key(area_key: str, label: str) -> SeriesKey:
    return area_key, " ".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class Series:
    """The photos of one area (and label), oldest first."""

    key: SeriesKey
    title: str
    photos: tuple[Photo, ...]

    @property
    def first(self) -> Photo:
        return self.photos[0]

    @property
    def last(self) -> Photo:
        return self.photos[-1]


def group_series(photos: Iterable[Photo]) -> list[Series]:
    """Photos grouped into series, in the order of AREAS (then by label), each oldest first."""
    groups: dict[SeriesKey, list[Photo]] = {}
    for photo in photos:
        groups.setdefault(photo.series, []).append(photo)
    order = {a.key: n for n, a in enumerate(AREAS)}
    out = []
    for key in sorted(groups, key=lambda k: (order.get(k[0], len(order)), k[1])):
        shots = sorted(groups[key], key=lambda p: (p.at.utc, p.id or 0))
        out.append(Series(key, shots[-1].title, tuple(shots)))
    return out


def series_title(key: SeriesKey, photos: Sequence[Photo]) -> str:
    """The title of a series: its newest photo's (the label as last typed)."""
    return photos[-1].title if photos else area(key[0]).label


@dataclass(frozen=True, slots=True)
class Between:
    """What happened between two photos: the amount used, on how many days, and the breaks.

    `uncounted` intakes had no leaf amount (an extract without a factor); `estimate`
    says some of the grams are leaf-equivalent estimates.
    """

    start: datetime
    end: datetime
    grams_mg: int
    estimate: bool
    intakes: int
    uncounted: int
    use_days: int
    days: int
    breaks: tuple[tuple[datetime, datetime | None], ...]

    @property
    def words(self) -> str:
        """The stretch in one sentence, as the Photos page and the clinician PDF give it."""

        def count(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n != 1 else ''}"

        used = format_g(self.grams_mg) + (" (partly estimated)" if self.estimate else "")
        span, use = count(self.days, "day"), count(self.use_days, "day")
        words = f"From the first day to the last, {span}: {used} used on {use}"
        if self.uncounted:
            words += f" ({count(self.uncounted, 'intake')} not counted in grams)"
        if self.breaks:
            words += f"; {count(len(self.breaks), 'break')}, {count(self.break_days, 'day')}"
        else:
            words += "; no break"
        return words + "."

    @property
    def break_days(self) -> int:
        """Whole days of the stretch spent on a break (overlaps counted once)."""
        spans = sorted((max(s, self.start), min(e or self.end, self.end)) for s, e in self.breaks)
        total, reach = 0.0, self.start
        for start, end in spans:
            start = max(start, reach)
            if end > start:
                total += (end - start).total_seconds()
                reach = end
        return int(total // 86_400)


def between(
    first: Photo,
    second: Photo,
    doses: Iterable[tuple[datetime, int | None, bool, int]],
    breaks: Iterable[tuple[datetime, datetime | None]],
) -> Between:
    """The stretch from the earlier photo to the later: doses are (UTC time, leaf mg, estimate,
    local day ordinal) of the intakes in it, breaks (start, end or None) that overlap it."""
    start, end = sorted((first.at.utc, second.at.utc))
    grams, estimate, count, uncounted, days = 0, False, 0, 0, set()
    for at, mg, est, day in doses:
        if not start <= at < end:
            continue
        count += 1
        days.add(day)
        if mg is None:
            uncounted += 1
        else:
            grams += mg
            estimate = estimate or est
    kept = tuple((s, e) for s, e in breaks if s < end and (e is None or e > start))
    # Calendar days from the earlier photo's day to the later's, both counted, as `use_days` counts.
    earlier, later = sorted((first, second), key=lambda p: p.at.utc)
    length = (later.at.local.date() - earlier.at.local.date()).days + 1
    return Between(start, end, grams, estimate, count, uncounted, len(days), length, kept)
