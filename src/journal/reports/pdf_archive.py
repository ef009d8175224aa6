"""The clinician summary as a file to keep: charts stamped in, metadata, and what PDF/A-2b asks for.

After reportlab has laid out the pages, one pypdf pass places the charts,
sets the metadata (a title, the period and the producer, nothing about the
person or the machine), and adds what an archival PDF (PDF/A-2b) needs beyond
embedded fonts: XMP metadata that matches the document information, an sRGB
output intent with its ICC profile (made by Pillow's LittleCMS, so no profile
file is shipped), and a file identifier.
"""

from __future__ import annotations

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
    """The sRGB ICC profile, as LittleCMS builds it (through Pillow, which matplotlib brings)."""
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
