"""A request body over the upload limit, refused with a page that says the limits (413):
by UploadLimitMiddleware before Django reads the body, and by nginx for a body over its own
limit (its `error_page 413` leads here). Nothing of such a request is read or stored."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from ..followup.forms import MAX_REPORT_FILES


def limits() -> dict[str, int]:
    """The limits as the forms say them: MB a request, MB a file, files a report."""
    return {
        "total": settings.BERAKHLAK_MAX_UPLOAD_BYTES >> 20,
        "file": settings.BERAKHLAK_FILE_MAX_BYTES >> 20,
        "files": MAX_REPORT_FILES,
    }


def too_large_page(request: HttpRequest, back: str | None) -> HttpResponse:
    """The page, in the language the visitor chose (the language middleware has not run
    when the upload limit refuses a body)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    safe = back if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None) else None
    with translation.override(language):
        return render(request, "site/too_large.html", {"back": safe, **limits()}, status=413)


def too_large(request: HttpRequest) -> HttpResponse:
    """Where nginx sends a body over its limit (`error_page 413 /terlalu-besar/?dari=...`)."""
    return too_large_page(request, request.GET.get("dari"))
