"""The clinician summary as a file to keep: charts stamped in, metadata, and what PDF/A-2b asks for.

After reportlab has laid out the pages, one pypdf pass places the charts,
sets the metadata (a title, the period and the producer, nothing about the
person or the machine), and adds what an archival PDF (PDF/A-2b) needs beyond
embedded fonts: XMP metadata that matches the document information, an sRGB
output intent with its ICC profile (built here from the sRGB standard's
published values, so no profile file is shipped), and a file identifier.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from journal.reports.pdf_charts import stamp_charts

SRGB = "sRGB IEC61966-2.1"


def finish(target: Path, charts: Sequence[Any], *, title: str, subject: str, producer: str) -> None:
    """Rewrite `target` with the charts placed and the archival parts added."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(target))
    writer.pdf_header = "%PDF-1.7"  # transparency and output intents need more than reportlab's 1.3
    stamp_charts(writer, charts)
    archival(writer, title=title, subject=subject, producer=producer)
    with target.open("wb") as out:
        writer.write(out)


def archival(writer: Any, *, title: str, subject: str, producer: str) -> None:
    """Metadata (document information and matching XMP), the sRGB output intent and a file identifier."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer.metadata = {"/Title": title, "/Subject": subject, "/Producer": producer}
    root = writer._root_object
    xmp = DecodedStreamObject()  # left uncompressed, as archival checkers expect to read it
    xmp.set_data(xmp_packet(title, subject, producer))
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    root[NameObject("/Metadata")] = writer._add_object(xmp)

    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB),
            NameObject("/Info"): TextStringObject(SRGB),
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    if getattr(writer, "_ID", None) is None:
        writer.generate_file_identifiers()


def xmp_packet(title: str, subject: str, producer: str) -> bytes:
    """XMP metadata saying the same as the document information, and that the file is PDF/A-2b."""
    t, s, p = escape(title), escape(subject), escape(producer)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{s}</rdf:li></rdf:Alt></dc:description>
   <pdf:Producer>{p}</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


@cache
def srgb_profile() -> bytes:
    """An sRGB display profile, ICC version 2.1 (matrix and tone curves), as PDF/A-2 output intents use.

    Built from the sRGB standard's values (IEC 61966-2-1: primaries adapted to the
    D50 white the ICC connection space uses, and its tone curve as a 1024-point
    table), so no profile file with its own licence needs shipping. Version 2
    because PDF/A-2 predates the newer profile versions LittleCMS writes.
    """
    curve = [
        round(65535 * (x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4))
        for x in (i / 1023 for i in range(1024))
    ]
    tags = [
        (b"desc", _text_description("sRGB IEC61966-2.1")),
        (b"cprt", b"text" + bytes(4) + b"No copyright, use freely\0"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.4360747, 0.2225045, 0.0139322)),
        (b"gXYZ", _xyz(0.3850649, 0.7168786, 0.0971045)),
        (b"bXYZ", _xyz(0.1430804, 0.0606169, 0.7141733)),
        (
            b"rTRC",
            b"curv" + bytes(4) + struct.pack(">I", len(curve)) + struct.pack(f">{len(curve)}H", *curve),
        ),
    ]
    table_size = 4 + 12 * (len(tags) + 2)  # the green and blue curves share the red one's data
    offset = 128 + table_size
    entries, data = [], b""
    for sig, body in tags:
        entries.append((sig, offset + len(data), len(body)))
        data += body + bytes(-len(body) % 4)
    red = entries[-1]
    entries += [(b"gTRC", red[1], red[2]), (b"bTRC", red[1], red[2])]
    table = struct.pack(">I", len(entries)) + b"".join(struct.pack(">4sII", *e) for e in entries)
    size = 128 + len(table) + len(data)
    header = struct.pack(
        ">I4sI4s4s4s6H4s4sI4s4s8sI12s4s16s28s",
        size,
        b"\0\0\0\0",
        0x02100000,
        b"mntr",
        b"RGB ",
        b"XYZ ",
        2026,
        1,
        1,
        0,
        0,
        0,
        b"acsp",
        b"\0\0\0\0",
        0,
        b"\0\0\0\0",
        b"\0\0\0\0",
        bytes(8),
        0,
        _s15(0.9642) + _s15(1.0) + _s15(0.8249),
        b"\0\0\0\0",
        bytes(16),
        bytes(28),
    )
    return header + table + data


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _text_description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc"
        + bytes(4)
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)  # no ScriptCode description
        + bytes(67)
    )
