"""WSGI entry point: gunicorn berakhlak.site.wsgi.

Django serves every request; the busiest one of a survey takes a shorter way through it.
A questionnaire sent to POST /api/v1/responses is passed to its view (the same function,
responses.api.submit) without Django's request signals, URL resolver and middleware
chain, which cost about 0.1 ms of CPU a request, a third of a submission's own time on
the app server (measured in-process). What they would do for such a request is done here:
the host checked against ALLOWED_HOSTS, the HTTPS redirect, the database connection
recycled before and after, the security headers of SecurityMiddleware,
SecurityHeadersMiddleware and XFrameOptionsMiddleware added to the answer. A request
that needs anything more (another method, a body over the limit, a cookie, a host not
allowed) goes through Django as every other request does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

import django
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import close_old_connections
from django.http import HttpRequest, JsonResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

SUBMIT_PATH = "/api/v1/responses"
logger = logging.getLogger("django.request")


class Application:
    def __init__(self) -> None:
        # Only now: the submission view imports models, which need django.setup() (below).
        from ..responses import api  # noqa: PLC0415 - after django.setup()
        from .middleware import SecurityHeadersMiddleware  # noqa: PLC0415 - after django.setup()

        self.django = WSGIHandler()
        self.submit, self.max_body = api.submit, api.MAX_BODY
        self.security = SecurityMiddleware(self.django)
        # The headers these middlewares add to a JSON answer, over plain HTTP and HTTPS,
        # found once by letting them add them to one.
        adds = (
            self.security.process_response,
            SecurityHeadersMiddleware.process_response,
            XFrameOptionsMiddleware(self.django).process_response,
        )
        self.security_headers = {}
        for secure in (False, True):
            probe = HttpRequest()
            probe.is_secure = lambda secure=secure: secure  # type: ignore[method-assign]
            plain = JsonResponse({})
            headers = JsonResponse({})
            for add in adds:
                headers = add(probe, headers)
            self.security_headers[secure] = [
                item for item in headers.items() if item not in plain.items()
            ]

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if (
            environ.get("PATH_INFO") == SUBMIT_PATH
            and environ.get("REQUEST_METHOD") == "POST"
            and "HTTP_COOKIE" not in environ
        ):
            request = WSGIRequest(environ)
            if self._plain(request):
                return self._submission(request, start_response)
        return self.django(environ, start_response)

    def _plain(self, request: WSGIRequest) -> bool:
        """A submission that nothing but its view has to answer."""
        try:
            request.get_host()
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except (DisallowedHost, ValueError):
            return False
        return length <= self.max_body

    def _submission(
        self, request: WSGIRequest, start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        close_old_connections()  # what Django does when a request starts and ends
        try:
            response = self.security.process_request(request) or self.submit(request)
        except Exception:
            logger.exception("Internal Server Error: %s", request.path)
            response = JsonResponse({"error": "server error"}, status=500)
        finally:
            close_old_connections()
        content = response.content
        headers = [
            *response.items(),
            *self.security_headers[request.is_secure()],
            ("Content-Length", str(len(content))),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [content]


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
django.setup(set_prefix=False)
application = Application()
