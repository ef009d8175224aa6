"""Photo files as a phone writes them, made with Pillow for the tests: EXIF with GPS, the make and
a serial number, the time taken, XMP, a comment, a colour profile and an orientation tag.

Each secret is a marker the tests then look for, byte for byte, in everything
the journal writes; `GPS_BYTES` is the GPS latitude's raw rational as stored in
the EXIF block.
"""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path

from PIL import Image, ImageCms

MAKE = "ZqPhoneMaker"
SERIAL = "ZQ-SERIAL-77310"
COMMENT = b"zq-comment-9931"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description zq="zq-xmp-4411"/></x:xmpmeta>'
#: GPS latitude 52 deg 31 min 12.34567 s: its seconds as the EXIF rational (big-endian, as Pillow writes).
GPS_SECONDS = (1234567, 100000)
GPS_BYTES = struct.pack(">II", *GPS_SECONDS)
MARKERS = (MAKE.encode(), SERIAL.encode(), COMMENT, b"zq-xmp-4411", GPS_BYTES)
TAKEN = "2026:03:08 09:15:00"


def exif_block(orientation: int = 1, taken: str | None = TAKEN, offset: str | None = "+01:00") -> bytes:
    """EXIF with the camera's make, a serial, the time taken, an orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = MAKE  # Make
    exif[0x0110] = "ZqModel 3"  # Model
    exif[0x0112] = orientation
    ifd = exif.get_ifd(0x8769)
    ifd[0xA431] = SERIAL  # BodySerialNumber
    if taken is not None:
        ifd[0x9003] = taken  # DateTimeOriginal
    if offset is not None:
        ifd[0x9011] = offset  # OffsetTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 31.0, GPS_SECONDS[0] / GPS_SECONDS[1])
    gps[3] = "E"
    gps[4] = (13.0, 24.0, 5.5)
    return exif.tobytes()


def picture(width: int = 400, height: int = 300, seed: int = 1) -> Image.Image:
    """A picture with a red left half and a blue right half, and noise so each seed is its own photo."""
    image = Image.new("RGB", (width, height), (20, 40, 220))
    image.paste((220, 30, 30), (0, 0, width // 2, height))
    rng = random.Random(seed)
    pixels = image.load()
    assert pixels is not None
    for _ in range(width * height // 50):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    return image


def phone_jpeg(
    path: Path | None = None,
    *,
    width: int = 400,
    height: int = 300,
    seed: int = 1,
    orientation: int = 1,
    taken: str | None = TAKEN,
    offset: str | None = "+01:00",
) -> bytes:
    """A JPEG with every kind of metadata a phone writes; written to `path` too when given."""
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture(width, height, seed).save(
        out,
        "JPEG",
        quality=92,
        exif=exif_block(orientation, taken, offset),
        comment=COMMENT,
        xmp=XMP,
        icc_profile=icc,
    )
    data = out.getvalue()
    for marker in MARKERS:
        assert marker in data, marker  # the control: each secret really is in the file
    if path is not None:
        path.write_bytes(data)
    return data


def png_file(path: Path, seed: int = 5, width: int = 300, height: int = 200) -> bytes:
    """A PNG with a text chunk (PNG's own metadata), transparency and no EXIF."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    image = picture(width, height, seed).convert("RGBA")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def assert_clean(data: bytes) -> None:
    """No marker of the original's metadata, and Pillow finds no EXIF, GPS, XMP, comment or profile."""
    for marker in MARKERS:
        assert marker not in data, marker
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "adobe"):
            assert key not in image.info, key
        assert not getattr(image, "applist", [])[1:], image.applist  # only JFIF's APP0


def not_an_image(path: Path) -> Path:
    path.write_text("these are notes, not a photo\n", encoding="utf-8")
    return path
