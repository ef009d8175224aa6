"""Photos (issue 18): adding phone photos, the Photos page with 500 of them, and the disk they take.

- "photos_add_20": `journal.photos.add_files` of 20 phone-sized photos (4032 x 3024
  JPEGs with EXIF and GPS, made here: smooth shapes with noise, about 1.2 MB
  each) into a journal: each read, turned upright, decoded, brought down to
  2048 px, stripped, encoded, hashed and stored with its thumbnail. Floor:
  Pillow alone decoding the same 20 files (at the reduced scale the app asks
  for) and encoding them again (open, draft, load, thumbnail, save as JPEG).
- "photos_add_ui_stall": the longest time the window's event loop did not run
  while the Add photos dialog saved those 20 photos (the work runs on the
  worker thread, with its progress bar). Floor: the same loop's longest gap
  with nothing to do.
- "photos_page_500": the Photos page of a journal with 500 photos, from
  `refresh()` until the series, every thumbnail and the two compared photos
  are on screen (the reads and decoding run on the worker thread; the event
  loop runs all along). Floor: Pillow decoding the same 500 stored thumbnails.
- "photos_page_ui_stall": the longest event-loop gap during that load. Floor: as above.
- "photos_disk": the disk the data folder takes with 500 photos (the journal,
  the photo store, the photo backup store and the dated backups), before any
  backup, after the first and after a month of daily backups (31 more), in MB. For
  reference, `details.photos_in_every_backup_mb`: what the same backups would
  take if each copied the pictures, as a journal holding them would. Floor: the
  pictures' own bytes.

`--quick`: 5 photos added, 60 on the page and on the disk.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import Options, Result, Samples, figure, stats_ms

PHONE = (4032, 3024)
#: The phone photos are generated once per run and reused (their bytes differ by seed).
_CACHE: dict[tuple[int, int, int], bytes] = {}


def phone_photo(seed: int, size: tuple[int, int] = PHONE) -> bytes:
    """A phone-like JPEG: smooth shapes with sensor noise (so it compresses like a photo), EXIF with
    GPS, the camera and the time taken, an orientation tag, 92 % quality."""
    key = (seed, *size)
    if key in _CACHE:
        return _CACHE[key]
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    small = Image.new("RGB", (32, 24))
    small.putdata(
        [(rng.randrange(90, 240), rng.randrange(60, 200), rng.randrange(40, 180)) for _ in range(32 * 24)]
    )
    image = small.resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, noise, 0.12).filter(ImageFilter.SMOOTH)
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"
    exif[0x0112] = 6
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "2026:03:08 09:15:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 31.0, 12.5), "E", (13.0, 24.0, 5.5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    _CACHE[key] = out.getvalue()
    return _CACHE[key]


def pillow_floor(files: list[Path]) -> Samples:
    """Pillow alone: decode each file (at the reduced scale the app asks for) and encode it again at
    2048 px at most (what any such app must do)."""
    from PIL import Image

    samples = Samples()

    def work() -> None:
        for path in files:
            with Image.open(path) as image:
                image.draft("RGB", (1800, 1350))
                image.load()
                image.thumbnail((2048, 2048), Image.Resampling.LANCZOS, reducing_gap=3.0)
                image.save(io.BytesIO(), "JPEG", quality=88)

    samples.time(work)
    return samples


def _journal(folder: Path, now: datetime) -> Any:
    from journal.service.journal import Journal

    return Journal.open(folder, zone="Europe/Berlin", clock=lambda: now)


def add_twenty(root: Path, files: list[Path], runs: int) -> tuple[Samples, Samples]:
    """`add_files` of the photos into a fresh journal each run, and the Pillow floor, interleaved."""
    from journal.service.photos import PhotoDraft

    service, floor = Samples(), Samples()
    now = datetime.now(UTC).replace(microsecond=0)
    for run in range(runs):
        journal = _journal(root / f"add-{run}", now)
        try:
            service.time(lambda journal=journal: journal.photos.add_files(files, PhotoDraft("scalp-crown")))
        finally:
            journal.close()
        once = pillow_floor(files)
        floor.add(once.wall[0], once.cpu[0])
    return service, floor


class Gaps:
    """The longest time the event loop did not run: a 5 ms timer notes each tick."""

    def __init__(self) -> None:
        import qt
        from PySide6.QtCore import QTimer

        qt.app()  # a timer needs the application first
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest


def idle_gap(seconds: float = 1.0) -> float:
    """The loop's longest gap with nothing to do (the floor of the stall figures)."""
    import qt

    gaps = Gaps()
    gaps.start()
    qt.settle(seconds)
    return gaps.stop()


def add_in_window(root: Path, files: list[Path]) -> tuple[float, float]:
    """The Add photos dialog saving the files: (seconds until saved, longest event-loop gap)."""
    import qt

    from journal.ui.main_window import MainWindow

    qapp = qt.app()
    journal = _journal(root / "window-add", datetime.now(UTC).replace(microsecond=0))
    window = MainWindow(journal)
    window.show()
    qt.settle()
    dialog = window.add_photos(files)
    qt.settle()
    gaps = Gaps()
    gaps.start()
    start = time.perf_counter()
    task = dialog.save()
    while task is not None and task.running:
        qapp.processEvents()
        time.sleep(0.001)
    took = time.perf_counter() - start
    stall = gaps.stop()
    window.close()
    qt.settle()
    journal.close()
    return took, stall


def fill(folder: Path, count: int, now: datetime) -> tuple[Any, int]:
    """A journal with `count` photos in series of a few areas, one every other day; returns it and the
    pictures' own bytes. The photos are added from 2048 px JPEGs (what is stored), in batches."""
    from journal.domain.photos import AREAS
    from journal.service.photos import PhotoDraft

    clock = [now - timedelta(days=2 * count)]
    from journal.service.journal import Journal

    journal = Journal.open(folder, zone="Europe/Berlin", clock=lambda: clock[0])
    for n in range(count):
        clock[0] += timedelta(days=2)
        picture = phone_photo(1000 + n, (2048, 1536))
        journal.photos.add_data([(f"p{n}.jpg", picture)], PhotoDraft(AREAS[n % 4].key))
        _CACHE.pop((1000 + n, 2048, 1536), None)
    from journal.storage import pictures

    with pictures.connect(pictures.store_path(folder), None) as con:
        total = sum(len(r[0]) for r in con.execute("SELECT image FROM pictures"))
    clock[0] = now
    return journal, total


def page_load(journal: Any, runs: int) -> tuple[Samples, list[float]]:
    """The Photos page reloading until every thumbnail and the compared pair are shown."""
    import qt

    from journal.ui import tasks
    from journal.ui.main_window import MainWindow

    qapp = qt.app()
    window = MainWindow(journal)
    window.show()
    window.show_page(window.pages.indexOf(window.photos))
    page = window.photos
    qt.settle()
    tasks.wait_for_idle()
    qt.settle()
    samples, stalls = Samples(), []
    for _ in range(runs):
        gaps = Gaps()
        gaps.start()

        def load() -> None:
            page.refresh()
            while page.busy.busy or page._pair_task is not None or page.pair is None:
                qapp.processEvents()
                time.sleep(0.001)
            qt.flush()

        page.pair = None
        samples.time(load)
        stalls.append(gaps.stop())
        assert page.strip.count() > 0 and page.earlier.image is not None
    window.close()
    qt.settle()
    return samples, stalls


def thumbs_floor(folder: Path) -> Samples:
    """Pillow decoding every stored thumbnail, read with one raw query."""
    from PIL import Image

    from journal.storage import pictures

    samples = Samples()

    def work() -> None:
        with pictures.connect(pictures.store_path(folder), None) as con:
            for (thumb,) in con.execute("SELECT thumb FROM pictures"):
                with Image.open(io.BytesIO(thumb)) as image:
                    image.load()

    samples.time(work)
    return samples


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def disk(journal: Any, folder: Path, pictures_bytes: int, now: datetime) -> dict[str, Any]:
    """The folder's size after the first backup and after a month of daily backups (thinned as usual)."""
    from journal.storage import pictures

    store = journal._store
    none = du(folder)
    journal.backups.take("daily")
    first = du(folder)
    for day in range(1, 32):
        store.clock = lambda day=day: now + timedelta(days=day)
        journal.backups.take("daily")
    month = du(folder)
    backups = journal.backups.all()
    kept = pictures.backup_store_path(folder).stat().st_size
    journal_file = journal.path.stat().st_size
    return {
        "before_any_backup_mb": round(none / 1e6, 1),
        "after_first_backup_mb": round(first / 1e6, 1),
        "after_a_month_of_daily_backups_mb": round(month / 1e6, 1),
        "dated_backups_kept": len(backups),
        "journal_file_kb": round(journal_file / 1e3),
        "photo_store_mb": round(pictures.store_path(folder).stat().st_size / 1e6, 1),
        "photo_backup_store_mb": round(kept / 1e6, 1),
        "dated_backups_mb": round(sum(b.size for b in backups) / 1e6, 2),
        "photos_in_every_backup_mb": round((month - kept + len(backups) * pictures_bytes) / 1e6, 1),
        "pictures_mb": round(pictures_bytes / 1e6, 1),
    }


def run(work: Any, opts: Options) -> list[Result]:
    root = work.root / "photos"
    root.mkdir(exist_ok=True)
    added = 5 if opts.quick else 20
    on_page = 60 if opts.quick else 500
    files = []
    for n in range(added):
        path = root / f"IMG_{n:04d}.jpg"
        path.write_bytes(phone_photo(n))
        files.append(path)
    sizes = [p.stat().st_size for p in files]
    results: list[Result] = []

    service, floor = add_twenty(root, files, opts.repeats(3, 1))
    results.append(
        figure(
            f"photos_add_{added}",
            "phone photos",
            value=round(service.median * 1e3, 1),
            unit="ms",
            stat="median",
            floor=round(floor.median * 1e3, 1),
            floor_what=f"Pillow decoding the {added} files and encoding them again at 2048 px",
            target=None,
            cpu=round(sorted(service.cpu)[len(service.cpu) // 2] * 1e3, 1),
            details={
                "files": added,
                "file_mb_min_max": [round(min(sizes) / 1e6, 1), round(max(sizes) / 1e6, 1)],
                "per_photo_ms": round(service.median * 1e3 / added, 1),
                **stats_ms(service.wall),
            },
        )
    )
    idle = idle_gap()
    took, stall = add_in_window(root, files)
    results.append(
        figure(
            "photos_add_ui_stall",
            "phone photos",
            value=round(stall * 1e3, 1),
            unit="ms",
            stat="max",
            floor=round(idle * 1e3, 1),
            floor_what="the event loop's longest gap with nothing to do",
            target=None,
            details={"saved_after_ms": round(took * 1e3, 1)},
        )
    )

    now = datetime.now(UTC).replace(microsecond=0)
    folder = root / "page"
    journal, pictures_bytes = fill(folder, on_page, now)
    try:
        samples, stalls = page_load(journal, opts.repeats(5, 2))
        floor_thumbs = Samples()
        for _ in range(3):
            floor_thumbs.wall += thumbs_floor(folder).wall
        results.append(
            figure(
                f"photos_page_{on_page}",
                f"{on_page} photos",
                value=round(samples.median * 1e3, 1),
                unit="ms",
                stat="median",
                floor=round(sorted(floor_thumbs.wall)[1] * 1e3, 1),
                floor_what=f"Pillow decoding the {on_page} stored thumbnails",
                target=None,
                details=stats_ms(samples.wall),
            )
        )
        results.append(
            figure(
                "photos_page_ui_stall",
                f"{on_page} photos",
                value=round(max(stalls) * 1e3, 1),
                unit="ms",
                stat="max",
                floor=round(idle * 1e3, 1),
                floor_what="the event loop's longest gap with nothing to do",
                target=None,
            )
        )
        space = disk(journal, folder, pictures_bytes, now)
        results.append(
            figure(
                "photos_disk",
                f"{on_page} photos",
                value=space["after_a_month_of_daily_backups_mb"],
                unit="MB",
                stat="size",
                floor=space["pictures_mb"],
                floor_what="the pictures' own bytes",
                target=None,
                details=space,
            )
        )
    finally:
        journal.close()
        shutil.rmtree(root, ignore_errors=True)
    return results


if __name__ == "__main__":
    import json
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workloads import Workloads

    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        print(json.dumps(run(Workloads(Path(tmp), quick=quick), Options(quick=quick)), indent=1))
