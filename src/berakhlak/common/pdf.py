"""HTML to PDF with WeasyPrint: one template for screen and paper, no network access."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.template.loader import render_to_string

STATIC = Path(__file__).resolve().parent.parent / "static"


def _fetcher() -> Any:
    """A URL fetcher that loads only the package's static files and data: URLs."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 - WeasyPrint takes a second to import: not at start-up

    class PackageFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(STATIC):
                    return super().fetch(url, headers)
            raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")

    return PackageFiles(allowed_protocols=("file", "data"), fail_on_errors=True)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return pdf_from_html(render_to_string(template, context))


def pdf_from_html(html: str) -> bytes:
    """The PDF of a page rendered from one of the package's templates."""
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint takes a second to import: not at start-up

    pdf = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)
