"""Checking a file a user uploads as evidence, and removing what it says about its maker.

The type is read from the content, never from the name or the browser's word: PDF, JPEG,
PNG, DOCX and XLSX are the five accepted. Then:

* a photo (JPEG, PNG) is decoded and encoded again by Pillow from its pixels alone, turned
  upright first: its EXIF (GPS position, camera, time), XMP, comments and text chunks are
  gone, and so is anything hidden after or inside the image data (a polyglot's HTML or
  script). A picture over MAX_PIXELS is refused before it is decoded (a pixel bomb);
* a DOCX or XLSX (a zip archive of XML) is checked like files/xlsx.py checks a workbook:
  safe member names, at most MAX_MEMBERS members and MAX_UNPACKED bytes unpacked (counted
  as it unpacks, not as the archive declares), no member over RATIO_FROM packing better than
  MAX_RATIO; its [Content_Types].xml must declare the main part of a document or workbook
  without macros. It is written again, member by member, with docProps/core.xml, app.xml
  and custom.xml replaced by empty properties (author, last editor, company, times,
  template, custom fields);
* a PDF is kept byte for byte: rewriting it needs a full PDF parser and writer on untrusted
  input, and it would break a signed document (decrees are often signed). Its author fields
  stay, which is said on the upload form. A PDF with JavaScript or a launch action is
  refused. Every file is served as an attachment with `nosniff` (uploads/store.py), so no
  browser renders one inside the site.

A refusal is UploadRefused with a problem code of files/problems.py.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageOps

from .problems import Message, msg
from .xlsx import CHUNK, MAX_RATIO, RATIO_FROM, UNREADABLE

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_MEMBERS = 2_000
MAX_UNPACKED = 100 * 1024 * 1024
MAX_TYPES_XML = 1 << 20

PDF, JPEG, PNG, DOCX, XLSX = "pdf", "jpeg", "png", "docx", "xlsx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}
_MAIN_PART = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_EMPTY_PROPERTIES = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties"/>'
    ),
}
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch)\b")


class UploadRefused(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text())


@dataclass(frozen=True)
class Attachment:
    kind: str  # pdf, jpeg, png, docx, xlsx
    content: bytes  # as it will be stored: re-encoded or rewritten
    name: str  # a safe file name to download it as

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def sniff(data: bytes) -> str | None:
    """The kind of a file from its first bytes (a DOCX/XLSX is told from its content types
    later); None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def safe_name(name: str, kind: str) -> str:
    """The uploader's name without a directory, in letters, digits, '.', '-' and '_', ending
    in the extension of its real kind: '../../etc/passwd.png' of a PDF is 'passwd.png.pdf'."""
    base = re.split(r"[/\\]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._-")[:80]
    stem, _, ext = base.rpartition(".")
    if ext.lower() in (EXTENSIONS[kind], kind) and stem:
        base = stem
    return f"{base or 'berkas'}.{EXTENSIONS[kind]}"


def _image(data: bytes, kind: str) -> bytes:
    label = kind.upper()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[label])
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UploadRefused(
                    msg("upload_pixels", width=width, height=height, limit=MAX_PIXELS // 10**6)
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except UploadRefused:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning) as e:
        raise UploadRefused(msg("upload_image", kind=label)) from e
    # Only the pixels go on: a new image has no info (EXIF, XMP, ICC, comments, text).
    mode = "RGB" if kind == JPEG else ("RGBA" if "A" in upright.getbands() else "RGB")
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if kind == JPEG:
        clean.save(out, "JPEG", quality=88, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()


def _safe_member(name: str) -> bool:
    return not (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in name.split("/")
        or re.match(r"^[A-Za-z]:", name) is not None
        or "\x00" in name
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, kind: str) -> bytes:
    """A member's bytes, refused once the archive's unpacked total would pass the budget or
    a large member packs better than MAX_RATIO."""
    chunks, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > budget:
                raise UploadRefused(
                    msg("upload_unpacked", kind=kind.upper(), limit=MAX_UNPACKED >> 20)
                )
            if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                raise UploadRefused(
                    msg("upload_unpacked", kind=kind.upper(), limit=MAX_UNPACKED >> 20)
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _office(data: bytes) -> tuple[str, bytes]:
    """The kind of an OOXML document and the document rewritten without its properties."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except UNREADABLE as e:
        raise UploadRefused(msg("upload_type")) from e
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise UploadRefused(msg("upload_type"))
    if (
        len(infos) > MAX_MEMBERS
        or not all(_safe_member(n) for n in names)
        or len(names) < len(infos)
    ):
        raise UploadRefused(msg("upload_archive", kind="ZIP"))
    try:
        types_info = archive.getinfo("[Content_Types].xml")
        if types_info.file_size > MAX_TYPES_XML:
            raise UploadRefused(msg("upload_archive", kind="ZIP"))
        types = _read_member(archive, types_info, MAX_TYPES_XML, "zip")
    except UNREADABLE as e:
        raise UploadRefused(msg("upload_archive", kind="ZIP")) from e
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(msg("upload_macro"))
    kinds = [k for k, main in _MAIN_PART.items() if main in types]
    if len(kinds) != 1:
        raise UploadRefused(msg("upload_type"))
    kind = kinds[0]
    out = io.BytesIO()
    budget = MAX_UNPACKED
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as clean:
            for info in infos:
                content = _read_member(archive, info, budget, kind)
                budget -= len(content)
                if info.filename in _EMPTY_PROPERTIES:
                    content = _EMPTY_PROPERTIES[info.filename]
                clean.writestr(info.filename, content)
    except UNREADABLE as e:
        raise UploadRefused(msg("upload_archive", kind=kind.upper())) from e
    return kind, out.getvalue()


def check_attachment(data: bytes, name: str) -> Attachment:
    """The file as it will be stored, or UploadRefused saying why not."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(msg("upload_too_big", size=_mb(len(data)), limit=MAX_BYTES >> 20))
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(msg("upload_type"))
    if kind == PDF:
        if _PDF_ACTIVE.search(data):
            raise UploadRefused(msg("upload_pdf_active"))
        content = data
    elif kind in (JPEG, PNG):
        content = _image(data, kind)
    else:
        kind, content = _office(data)
    if len(content) > MAX_BYTES:
        raise UploadRefused(msg("upload_too_big", size=_mb(len(content)), limit=MAX_BYTES >> 20))
    return Attachment(kind, content, safe_name(name, kind))
