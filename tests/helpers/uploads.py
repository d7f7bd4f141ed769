"""Files for the upload tests, made here: photos with EXIF (GPS, camera, time), documents
with an author, and the attacker's files (a polyglot, a zip bomb, HTML in disguise)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_LATITUDE = 2  # EXIF GPS tag ids
MAKE, MODEL, DATETIME, GPS_IFD = 0x010F, 0x0110, 0x0132, 0x8825


def photo(kind: str = "JPEG", size: tuple[int, int] = (64, 48), exif: bool = True) -> bytes:
    """A small picture; with EXIF: a camera, a time and a GPS position (Jakarta)."""
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(size[0]):
        image.putpixel((x, x % size[1]), (20, 60, 160))
    data = image.getexif()
    if exif:
        data[MAKE], data[MODEL], data[DATETIME] = "KameraUji", "Model X9", "2026:05:01 09:30:00"
        data.get_ifd(GPS_IFD).update({1: "S", GPS_LATITUDE: (6.0, 12.0, 30.0), 3: "E"})
    out = io.BytesIO()
    image.save(out, kind, exif=data.tobytes() if exif else b"")
    return out.getvalue()


CORE = (
    b'<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
    b'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
    b'elements/1.1/"><dc:creator>Budi Penulis</dc:creator><cp:lastModifiedBy>Budi Penulis'
    b"</cp:lastModifiedBy></cp:coreProperties>"
)
DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)


def office(types: bytes = DOCX_TYPES, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", b"<w:document>Laporan kegiatan</w:document>")
        z.writestr("docProps/core.xml", CORE)
        z.writestr("docProps/app.xml", b"<Properties><Company>Dinas Rahasia</Company></Properties>")
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return out.getvalue()


def upload(content: bytes, name: str, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
