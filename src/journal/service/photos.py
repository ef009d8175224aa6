"""Photo series of hair and skin: `journal.photos`, for the Photos page, the PDF and `journal photo`.

Adding a photo reads the file, makes it safe to keep (`imaging.prepare`: upright,
no metadata, at most 2048 px) and saves the picture and its entry together.
A file that is not a readable photo stops the whole batch with its name and
why, before anything is saved, so nothing is half-added. A picture already in
the journal (the same bytes once prepared) is not added twice: it is named as
already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from journal.domain.entities import SymptomEntry, check_note
from journal.domain.errors import InvalidInput, NotFound
from journal.domain.photos import Between, Photo, PhotoImage, Series, area, between, check_label, group_series
from journal.domain.progress import Progress
from journal.domain.tags import check_tags
from journal.domain.times import Moment, check_not_future, local_day
from journal.service import imaging
from journal.storage.store import Clock, Store

#: Symptom ratings logged this close together, one after another, are one check-in.
CHECKIN_SPAN = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class PhotoDraft:
    """What a person chose for the photos being added: the area, a label, a note, when, a link.

    `at` None: when each photo was taken (from its file) if `use_taken`, where
    it says, otherwise now.
    """

    area: str
    label: str = ""
    notes: str = ""
    at: Moment | None = None
    use_taken: bool = False
    symptom_id: int | None = None
    #: Context tags put on each photo added, as typed (checked with the rest).
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Added:
    """What adding photos did: the new entries, and the files whose picture was already there."""

    photos: tuple[Photo, ...]
    already: tuple[tuple[str, Photo], ...] = ()

    def summary(self) -> str:
        n = len(self.photos)
        text = f"Added {n} photo{'s' if n != 1 else ''}." if n else "No photo added."
        for name, photo in self.already:
            text += f" {name} is already in the journal ({photo.title}, {photo.at.local:%d %b %Y})."
        return text


@dataclass(frozen=True, slots=True)
class Checkin:
    """A symptom check-in a photo can be linked to: its first rating's id, its time, what was rated."""

    symptom_id: int
    at: Moment
    text: str


class Photos:
    """`journal.photos`: add, list, group, show and correct photos of body areas."""

    def __init__(self, store: Store, clock: Clock, zone: Callable[[], str]) -> None:
        self._store = store
        self._clock = clock
        self._zone = zone

    # -- adding ----------------------------------------------------------------------------

    def check(self, draft: PhotoDraft) -> PhotoDraft:
        """Check what was chosen (area, label, note, time, link, tags); raises InvalidInput at its field."""
        area(draft.area)
        label = check_label(draft.label)
        notes = check_note(draft.notes)
        if draft.at is not None:
            check_not_future(draft.at, self._clock())
        tags = check_tags(draft.tags)
        if draft.symptom_id is not None:
            try:
                self._store.symptom_entry(draft.symptom_id)
            except NotFound as err:
                raise InvalidInput("symptom", "That symptom check-in no longer exists.") from err
        return replace(draft, area=area(draft.area).key, label=label, notes=notes, tags=tags)

    def add_files(self, files: Sequence[Path], draft: PhotoDraft, progress: Progress | None = None) -> Added:
        """Add photos from files: each read and prepared first (nothing is saved if one is not a
        photo: NotAnImage names it), then all saved in one go."""
        draft = self.check(draft)
        if not files:
            raise InvalidInput("files", "Choose one or more photos to add.")
        raw: list[tuple[str, bytes]] = []
        for path in files:
            raw.append((path.name, imaging.read_file(path)))
        return self.add_data(raw, draft, progress)

    def add_data(
        self, items: Sequence[tuple[str, bytes]], draft: PhotoDraft, progress: Progress | None = None
    ) -> Added:
        """Add photos given as (name, bytes), as `add_files` does."""
        draft = self.check(draft)
        now = Moment.from_utc(self._clock().replace(microsecond=0), self._zone())
        prepared: list[tuple[str, Photo, PhotoImage]] = []
        total = len(items) + 1
        for n, (name, data) in enumerate(items):
            image = imaging.prepare(data, name)
            at = draft.at
            if at is None and draft.use_taken:
                taken = imaging.taken_at(data, self._zone())
                at = taken if taken is not None and taken.utc <= self._clock() else None
            photo = Photo(
                at or now,
                draft.area,
                image.sha256,
                image.width,
                image.height,
                draft.label,
                draft.notes,
                draft.symptom_id,
            )
            prepared.append((name, photo, image))
            if progress is not None:
                progress(n + 1, total)
        new: list[tuple[Photo, PhotoImage]] = []
        already: list[tuple[str, Photo]] = []
        seen: dict[str, Photo] = {}
        for name, photo, image in prepared:
            found = seen.get(image.sha256) or self._store.photo_with_hash(image.sha256)
            if found is not None:
                already.append((name, found))
                continue
            seen[image.sha256] = photo
            new.append((photo, image))
        saved = self._store.add_photos(new, draft.tags) if new else []
        if progress is not None:
            progress(total, total)
        return Added(tuple(saved), tuple(already))

    # -- reading ---------------------------------------------------------------------------

    def all(self, start: datetime | None = None, end: datetime | None = None) -> list[Photo]:
        """Live photos with start <= time < end, oldest first."""
        return self._store.photos(start, end)

    def get(self, photo_id: int) -> Photo:
        return self._store.photo(photo_id)

    def series(self, start: datetime | None = None, end: datetime | None = None) -> list[Series]:
        """The photos grouped by area and label, each series oldest first."""
        return group_series(self._store.photos(start, end))

    def image(self, photo: Photo) -> bytes | None:
        """The stored JPEG (no metadata), or None when the photo store lacks it."""
        return self._store.picture(photo.sha256)

    def thumbnails(self, photos: Sequence[Photo]) -> dict[str, bytes]:
        """The thumbnails of these photos, by hash (those the store has)."""
        return self._store.thumbnails({p.sha256 for p in photos})

    def between(self, first: Photo, second: Photo) -> Between:
        """The amount used, the days with use and the breaks between two photos."""
        start, end = sorted((first.at.utc, second.at.utc))
        hour = self._store.settings().day_start_hour
        doses = [
            (d.at, d.mg, d.estimate, local_day(d.at, d.offset_min, hour).toordinal())
            for d in self._store.doses(start, end)
        ]
        breaks = [
            (b.start.utc, b.actual_end.utc if b.actual_end is not None else None)
            for b in self._store.breaks()
        ]
        return between(first, second, doses, breaks)

    def checkins(self, days: int = 60) -> list[Checkin]:
        """Symptom check-ins of the last `days` days a photo can be linked to, newest first."""
        since = self._clock() - timedelta(days=days)
        return self._group(self._store.symptoms(since, None))[::-1]

    def checkin_of(self, symptom_id: int) -> Checkin | None:
        """The check-in a linked rating belongs to, named as `checkins` names it (None: it is gone)."""
        try:
            entry = self._store.symptom_entry(symptom_id)
        except NotFound:
            return None
        span = CHECKIN_SPAN * 12  # a check-in's ratings lie close together: read around this one
        near = self._store.symptoms(entry.at.utc - span, entry.at.utc + span)
        for checkin, ids in zip(self._group(near), self._group_ids(near), strict=True):
            if symptom_id in ids:
                return checkin
        return None

    def _runs(self, entries: Sequence[SymptomEntry]) -> list[list[SymptomEntry]]:
        groups: list[list[SymptomEntry]] = []
        for entry in sorted(entries, key=lambda e: (e.at.utc, e.id or 0)):
            if groups and entry.at.utc - groups[-1][-1].at.utc <= CHECKIN_SPAN:
                groups[-1].append(entry)
            else:
                groups.append([entry])
        return [g for g in groups if g[0].id is not None]

    def _group_ids(self, entries: Sequence[SymptomEntry]) -> list[set[int | None]]:
        return [{e.id for e in group} for group in self._runs(entries)]

    def _group(self, entries: Sequence[SymptomEntry]) -> list[Checkin]:
        """Ratings logged one after another (CHECKIN_SPAN apart at most) as check-ins, oldest first."""
        labels = {t.key: t.label for t in self._store.symptom_types()}
        out: list[Checkin] = []
        for group in self._runs(entries):
            shown = [e for e in group if e.severity > 0] or group
            words = ", ".join(f"{labels.get(e.type_key, e.type_key)} {e.severity.word}" for e in shown[:4])
            if len(shown) > 4:
                words += f" and {len(shown) - 4} more"
            first_id = group[0].id
            assert first_id is not None
            out.append(Checkin(first_id, group[0].at, words))
        return out

    # -- correcting ------------------------------------------------------------

    def edit(self, photo: Photo, tags: Iterable[str] | None = None) -> Photo:
        """Save a corrected photo entry (time, area, label, note, link; never its pixels) and its
        context tags (unless None: they stay as they are), in one transaction."""
        if photo.id is None:
            raise ValueError("edit needs the id of the photo")
        checked = self.check(
            PhotoDraft(
                photo.area, photo.label, photo.notes, photo.at, False, photo.symptom_id, tuple(tags or ())
            )
        )
        return self._store.update_photo(
            replace(photo, area=checked.area, label=checked.label, notes=checked.notes),
            None if tags is None else checked.tags,
        )
