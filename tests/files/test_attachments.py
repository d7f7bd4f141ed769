"""Checking uploaded files by their content and removing their metadata (files/attachments.py):
the attacker's files first (issue 14 item 6; docs/SECURITY.md, "Files people upload")."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from berakhlak.files.attachments import (
    MAX_BYTES,
    UploadRefused,
    check_attachment,
    safe_name,
)
from helpers.uploads import DOCX_TYPES, GPS_IFD, MAKE, office, photo


def refused(data: bytes, name: str = "berkas.png") -> str:
    with pytest.raises(UploadRefused) as caught:
        check_attachment(data, name)
    return caught.value.message.code


@pytest.mark.parametrize(
    "content",
    [
        b"<!doctype html><script>alert(document.cookie)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"GIF89a<script>alert(1)</script>",
        b"",
    ],
    ids=["html", "svg", "gif", "empty"],
)
def test_a_file_named_png_that_is_html_or_svg_is_refused_by_its_content(content):
    assert refused(content, "foto.png") == "upload_type"


def test_a_png_header_over_html_is_refused_as_an_unreadable_image():
    assert refused(b"\x89PNG\r\n\x1a\n<html><script>x</script>", "a.png") == "upload_image"


def test_a_jpeg_polyglot_keeps_only_its_pixels_the_html_after_it_is_gone():
    polyglot = photo() + b"<html><script>alert(1)</script></html>"
    stored = check_attachment(polyglot, "foto.jpg")
    assert stored.kind == "jpeg" and b"<script>" not in stored.content
    assert Image.open(io.BytesIO(stored.content)).size == (64, 48)


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_exif_gps_camera_and_time_are_gone_from_a_stored_photo(kind):
    original = photo(kind)
    before = Image.open(io.BytesIO(original)).getexif()
    assert before[MAKE] == "KameraUji" and before.get_ifd(GPS_IFD)  # the attack is real
    stored = check_attachment(original, f"foto.{kind.lower()}")
    image = Image.open(io.BytesIO(stored.content))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info
    for secret in (b"KameraUji", b"Model X9", b"2026:05:01", b"Exif"):
        assert secret not in stored.content


def test_a_pixel_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # 64 megapixels in a few kB
    assert len(out.getvalue()) < 100_000
    assert refused(out.getvalue(), "bom.png") == "upload_pixels"


def test_a_zip_bomb_dressed_as_a_document_is_refused_while_it_unpacks():
    bomb = office(extra={"word/media/bomb.bin": b"\0" * (120 * 1024 * 1024)})
    assert len(bomb) < MAX_BYTES
    assert refused(bomb, "laporan.docx") == "upload_unpacked"


def test_a_zip_with_a_path_traversal_member_is_refused():
    assert refused(office(extra={"../../etc/cron.d/x": b"x"}), "a.docx") == "upload_archive"


def test_a_zip_that_is_no_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("index.html", "<script>alert(1)</script>")
    assert refused(out.getvalue(), "a.docx") == "upload_type"


def test_a_document_with_macros_is_refused():
    types = DOCX_TYPES.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    assert refused(office(types), "a.docm") == "upload_macro"
    assert refused(office(extra={"word/vbaProject.bin": b"x"}), "a.docx") == "upload_macro"


def test_a_documents_author_and_company_are_removed_and_its_text_kept():
    stored = check_attachment(office(), "laporan.docx")
    assert stored.kind == "docx"
    with zipfile.ZipFile(io.BytesIO(stored.content)) as z:
        assert b"Budi Penulis" not in z.read("docProps/core.xml")
        assert b"Dinas Rahasia" not in z.read("docProps/app.xml")
        assert z.read("word/document.xml") == b"<w:document>Laporan kegiatan</w:document>"


def test_a_pdf_is_kept_as_it_is_but_one_with_javascript_is_refused():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
    assert check_attachment(pdf, "sk.pdf").content == pdf
    active = pdf.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>")
    assert refused(active, "sk.pdf") == "upload_pdf_active"


def test_a_file_over_ten_megabytes_is_refused():
    big = b"%PDF-1.4\n" + b"0" * MAX_BYTES
    assert refused(big, "besar.pdf") == "upload_too_big"


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("../../etc/passwd.png", "pdf", "passwd.png.pdf"),
        ("..\\..\\windows\\win.ini", "png", "win.ini.png"),
        ('foto "liburan"; x.jpg', "jpeg", "foto_liburan_x.jpg"),
        ("Laporan Kegiatan.PDF", "pdf", "Laporan_Kegiatan.pdf"),
        ("....", "docx", "berkas.docx"),
        ("évaluation.xlsx", "xlsx", "evaluation.xlsx"),
    ],
)
def test_the_download_name_has_no_directory_no_quote_and_the_real_extension(name, kind, safe):
    assert safe_name(name, kind) == safe
