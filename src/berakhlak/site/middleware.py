"""Security headers every response carries."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from .too_large import too_large_page

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """A strict CSP (no inline script or style anywhere) and a restrictive permissions policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.process_response(request, self.get_response(request))

    @staticmethod
    def process_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NulRejectMiddleware:
    """A request with a NUL character in its URL or a cookie is not found. Such values go
    into database lookups (a link, a code, a session key), and PostgreSQL refuses text with
    NUL: a server error otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in value for value in request.COOKIES.values())
        ):
            raise Http404
        return self.get_response(request)


class LanguageMiddleware:
    """Indonesian unless the user chose English with the language switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many
    phones in Indonesia are set to English, and the survey must still open in Indonesian.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


class UploadLimitMiddleware:
    """Refuse a request body larger than the upload limit before Django reads it (413).

    Django checks an uploaded file's size only after receiving it; a reverse proxy should
    cap request bodies too (see docs/SECURITY.md). A page is answered with the limits said
    (site/too_large.py), the API with a line of text.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.BERAKHLAK_MAX_UPLOAD_BYTES + 65_536:
            if request.path.startswith("/api/"):
                return HttpResponse(
                    "Request body too large.", status=413, content_type="text/plain; charset=utf-8"
                )
            return too_large_page(request, back=request.path)  # a page that says the limits
        return self.get_response(request)
