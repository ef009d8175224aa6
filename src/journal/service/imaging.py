"""Photos made safe to keep: decoded with Pillow, turned upright, stripped of every byte of metadata.

A phone photo carries far more than its pixels: EXIF with GPS coordinates, the
phone's make and serial, maker notes, XMP, comments and an embedded thumbnail.
None of it is kept. The EXIF orientation is applied to the pixels first (so a
photo taken sideways stays upright), colours are brought to sRGB when the file
carries a colour profile, and the pixels alone are encoded afresh as a JPEG: a
new image object holds nothing but pixels, and the encoder is given nothing
else to write. The long side is brought down to 2048 pixels, and a small
thumbnail is kept beside it. The same file always gives the same bytes, so
the hash of what is stored identifies a photo.

The only thing read from the metadata, and only when the person asks, is the
time the photo was taken (`taken_at`).
"""

from __future__ import annotations

import hashlib
import importlib
import io
import warnings
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from journal.domain.errors import InvalidInput
from journal.domain.photos import PHOTO_EDGE, THUMB_EDGE, PhotoImage
from journal.domain.times import Fold, Moment, resolve_local

#: A JPEG larger than PHOTO_EDGE is decoded at the smallest scale that keeps its long side at least this.
DRAFT_EDGE = 1800
#: JPEG quality of a stored photo and of its thumbnail.
QUALITY, THUMB_QUALITY = 88, 80
#: What the journal reads, by Pillow's format names (HEIF only where its Pillow plug-in is installed).
READABLE = ("JPEG", "PNG", "MPO", "HEIF")
#: Files larger than this are refused before they are decoded (no phone photo comes near).
MAX_FILE_BYTES = 80 * 1024 * 1024
#: Pixels beyond this are refused rather than decoded (Pillow's own guard against decompression bombs).
MAX_PIXELS = 120_000_000
_EXIF_IFD, _DATETIME_ORIGINAL, _OFFSET_ORIGINAL, _DATETIME = 0x8769, 0x9003, 0x9011, 0x0132
_HEIC_SUFFIXES = (".heic", ".heif", ".hif")


class NotAnImage(InvalidInput):
    """A file the journal cannot read as a photo; nothing was saved."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__("files", f"{name}: {why}")
        self.name = name


@cache
def heif_support() -> bool:
    """Whether HEIC/HEIF photos can be read: only with the pillow-heif plug-in installed."""
    try:
        plugin: Any = importlib.import_module("pillow_heif")
    except ImportError:
        return False
    plugin.register_heif_opener()
    return True


def _open(data: bytes, name: str) -> Any:
    from PIL import Image, UnidentifiedImageError

    heif_support()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombWarning as err:
        raise NotAnImage(name, "the picture is too large to be a photo (over 120 megapixels).") from err
    except Image.DecompressionBombError as err:
        raise NotAnImage(name, "the picture is too large to be a photo (over 120 megapixels).") from err
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
        if name.lower().endswith(_HEIC_SUFFIXES) and not heif_support():
            raise NotAnImage(
                name,
                "HEIC photos cannot be read on this computer (the HEIC plug-in for Pillow, pillow-heif, is "
                "not installed). Save it as JPEG on the phone or computer it came from, and add that.",
            ) from err
        raise NotAnImage(
            name, "this is not a photo the journal can read (JPEG or PNG, and HEIC where supported)."
        ) from err
    if image.format not in READABLE:
        raise NotAnImage(
            name, f"{image.format} images are not taken: add photos as JPEG or PNG (HEIC where supported)."
        )
    return image


def read_file(path: Path) -> bytes:
    """The file's bytes, refused with a message for a person when it cannot be a photo."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise NotAnImage(path.name, f"the file is {size / 1e6:.0f} MB, too large to be a photo.")
        return path.read_bytes()
    except IsADirectoryError as err:
        raise NotAnImage(path.name, "this is a folder, not a photo.") from err
    except FileNotFoundError as err:
        raise NotAnImage(path.name, "there is no such file.") from err
    except OSError as err:
        raise NotAnImage(path.name, f"the file cannot be read ({err.strerror or err}).") from err


def prepare(data: bytes, name: str = "photo") -> PhotoImage:
    """The photo to store: upright, sRGB, at most 2048 px on its long side, no metadata, and its thumbnail.

    Raises NotAnImage (an InvalidInput) for a file that is not a readable photo.
    """
    from PIL import Image, ImageOps

    image = _open(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            width, height = image.size
            long_side = max(width, height)
            if image.format == "JPEG" and long_side > PHOTO_EDGE:
                # Decode at a reduced scale where the JPEG allows it and the long side stays at
                # least DRAFT_EDGE: a 12 MP phone photo decodes at half scale, several times faster.
                image.draft("RGB", (width * DRAFT_EDGE // long_side, height * DRAFT_EDGE // long_side))
            image.load()
            if image.mode in ("P", "1"):
                image = image.convert("RGBA" if "transparency" in image.info else "RGB")
            # Brought down first, so turning and copying work on 2048 px, not on the full photo; the
            # file's EXIF (its orientation) stays with the image object until it is applied.
            image.thumbnail((PHOTO_EDGE, PHOTO_EDGE), Image.Resampling.LANCZOS, reducing_gap=3.0)
            upright = ImageOps.exif_transpose(image) or image
            rgb = _srgb(upright)
    except NotAnImage:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as err:
        raise NotAnImage(name, f"the picture cannot be decoded ({err}); it may be damaged.") from err
    finally:
        image.close()
    stored = _encode(rgb, QUALITY)
    thumb_image = rgb.copy()
    thumb_image.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumb = _encode(thumb_image, THUMB_QUALITY)
    return PhotoImage(hashlib.sha256(stored).hexdigest(), stored, thumb, rgb.width, rgb.height)


def _srgb(image: Any) -> Any:
    """The pixels as 8-bit RGB in sRGB: a colour profile in the file is applied, then forgotten.

    Transparency is laid on white (a photo has none; a PNG screenshot might).
    """
    from PIL import Image

    profile = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode not in ("RGB", "CMYK") or not profile:
        image = image.convert("RGB")  # a profile, if any, is applied to CMYK and RGB pixels below
    if profile:
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                image = converted
        except (ImportError, OSError, ValueError, ImageCms.PyCMSError):
            pass  # an unreadable profile: the pixels as they are
    if image.mode != "RGB":
        image = image.convert("RGB")
    # A new image holds pixels only: nothing of the file's info (comments, profile, EXIF) comes along.
    fresh = Image.new("RGB", image.size)
    fresh.paste(image)
    return fresh


def _encode(image: Any, quality: int) -> bytes:
    """Baseline JPEG of the pixels alone: no EXIF, ICC, XMP, comment or thumbnail is given to write."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False, progressive=False, subsampling="4:2:0")
    return out.getvalue()


def taken_at(data: bytes, zone: str) -> Moment | None:
    """When the photo was taken, from its EXIF (DateTimeOriginal, with its offset when given), or None.

    A time without an offset is read in the journal's zone. Read only when the person asks for it.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            ifd = exif.get_ifd(_EXIF_IFD)
            raw = ifd.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
            offset = ifd.get(_OFFSET_ORIGINAL)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.fromisoformat(raw.strip().rstrip("\x00").replace(":", "-", 2))
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    delta = _offset(offset)
    if delta is not None:
        return Moment((naive - delta).replace(tzinfo=UTC), zone, int(delta.total_seconds() // 60))
    try:
        return resolve_local(naive, zone, Fold.EARLIER)
    except InvalidInput:
        return None


def _offset(text: object) -> timedelta | None:
    """EXIF's OffsetTimeOriginal ("+02:00") as a timedelta, or None."""
    if not isinstance(text, str):
        return None
    words = text.strip().rstrip("\x00")
    try:
        sign = -1 if words.startswith("-") else 1
        hours, minutes = words.lstrip("+-").split(":")
        delta = timedelta(hours=int(hours), minutes=int(minutes)) * sign
    except ValueError:
        return None
    return delta if abs(delta) <= timedelta(hours=14) else None


def reduced(data: bytes, edge: int, quality: int = 80) -> bytes:
    """A smaller JPEG of a stored photo (for the clinician PDF): the pixels alone, re-encoded."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        copy = Image.new("RGB", image.size)
        copy.paste(image.convert("RGB"))
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return _encode(copy, quality)


def is_clean(data: bytes) -> bool:
    """Whether stored bytes are a JPEG with nothing but pixels: no EXIF, XMP, ICC, comment or APPn data.

    Walks the JPEG's markers up to the image data: only JFIF's APP0 and the
    tables the pixels need may come before it.
    """
    if not data.startswith(b"\xff\xd8"):
        return False
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            return True
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xFE or (0xE1 <= marker <= 0xEF):  # a comment, or APP1-APP15 (EXIF, XMP, ICC, ...)
            return False
        if marker == 0xE0 and not data[pos + 4 : pos + 9].startswith(b"JFIF\x00"):
            return False  # an APP0 that is not JFIF's (JFXX thumbnails)
        if marker == 0xE0 and length > 16:
            return False  # JFIF with an embedded thumbnail
        pos += 2 + length
    return False


def check_stored(data: bytes, name: str) -> PhotoImage:
    """A photo from an export: kept as it is when clean (its hash stays), else prepared afresh."""
    if is_clean(data):
        from PIL import Image

        image = _open(data, name)
        try:
            image.load()
            width, height = image.size
            copy = Image.new("RGB", image.size)
            copy.paste(image.convert("RGB"))
        except (OSError, ValueError, SyntaxError) as err:
            raise NotAnImage(name, f"the picture cannot be decoded ({err}); it may be damaged.") from err
        finally:
            image.close()
        copy.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
        return PhotoImage(hashlib.sha256(data).hexdigest(), data, _encode(copy, THUMB_QUALITY), width, height)
    return prepare(data, name)
