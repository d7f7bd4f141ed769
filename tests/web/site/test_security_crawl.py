"""Crawling the site as each role: every link a user can reach answers without a server
error or a broken link, and every answer carries the security headers.

The crawler signs in as each account of the test world (the national admin, the operator,
the instansi leader, the unit leader, another instansi's operator and leader, and nobody)
and follows every link (`href`, `src`, and `hx-get` of the live pages) from the start page,
GET only: forms (sign-out, the language switch, every action) are never submitted, so
nothing changes but the audit records of downloads.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from helpers.web import login

ROLES = [
    "admin",
    "operator",
    "leader",
    "unit_leader",
    "other_operator",
    "other_leader",
    "anonymous",
]
LINK = re.compile(r"""\s(href|hx-get|src)="([^"]+)\"""")
SKIP = ("/static/",)  # files of the package, served by WhiteNoise
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MUST_REACH = {  # pages each crawl must have found: proof that it went everywhere it should
    "admin": ["results:national", "audit:log", "orgs:list", "reports:national_pdf"],
    "operator": ["surveys:participation", "surveys:tokens", "surveys:extend", "results:unit"],
    "leader": ["results:dashboard", "reports:cycle_xlsx", "results:unit"],
    "unit_leader": ["results:unit", "accounts:api_keys"],
    "other_operator": ["orgs:instansi", "results:dashboard"],
    "other_leader": ["results:dashboard", "reports:cycle_pdf"],
    "anonymous": ["accounts:login"],
}


def local(base: str, raw: str) -> str | None:
    """A link as a path of this site with its query, or None for another site's (the
    WhatsApp share link), a data: URL or a file of the package."""
    url = urlsplit(urljoin(base, unescape(raw)))
    if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    return None if path.startswith(SKIP) else path


def links(base: str, html: str) -> list[tuple[str, bool]]:
    """(URL, whether htmx asks for it) of every link of a page."""
    found = []
    for attribute, raw in LINK.findall(html):
        url = local(base, raw)
        if url is not None:
            found.append((url, attribute == "hx-get"))
    return found


def check(url: str, response: Any) -> None:
    assert response.status_code < 400, (url, response.status_code)  # no 5xx, no dead link
    for name, value in HEADERS.items():
        assert response.get(name) == value, (url, name, response.get(name))
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy, (url, directive)
    assert "unsafe-inline" not in policy and "camera=()" in response["Permissions-Policy"]
    if response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "<style" not in html and not re.search(r"\s(?:style|on[a-z]+)=", html), url


def crawl(client: Client) -> dict[str, Any]:
    """Every URL reachable from the start page by GET, with its answer (the parts that
    htmx asks for under their URL with ' (htmx)' added)."""
    seen: dict[str, Any] = {}
    queue: deque[tuple[str, bool]] = deque([("/", False)])
    while queue:
        url, htmx = queue.popleft()
        key = f"{url} (htmx)" if htmx else url
        if key in seen:
            continue
        response = client.get(url, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        seen[key] = response
        check(key, response)
        if response.status_code in (301, 302):
            target = local(url, response["Location"])
            if target is not None:
                queue.append((target, False))
        elif response["Content-Type"].startswith("text/html"):
            queue.extend(links(url, response.content.decode()))
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_can_reach_answers_with_the_security_headers(world, role):
    client = Client() if role == "anonymous" else login(Client(), getattr(world, role))
    seen = crawl(client)
    reached = set()
    for url in seen:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        reached.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    missing = [name for name in MUST_REACH[role] if name not in reached]
    assert not missing, (missing, sorted(reached))
    if role != "admin":
        assert not any(url.startswith(("/audit/", "/hasil/nasional/")) for url in seen)
    if role.startswith("other"):
        assert not any(f"/{world.instansi.code}/" in url for url in seen)
