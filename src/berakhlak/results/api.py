"""The read-only results API (JSON), in the shapes of the results JSON of docs/method.md §14.

Authentication: the signed-in session, or `Authorization: Bearer <personal API key>`.
Scope is the same as on the pages (the same access helpers); out of scope is a 404, and
every figure obeys the same suppression as the dashboards, because it is the same
computation. The OpenAPI description is at /api/v1/openapi.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from ..accounts.access import cycles_for_user, is_admin, membership_of
from ..accounts.apikeys import user_from_key
from ..method.params import METHOD_ID
from ..method.results_data import instansi_data, results_json
from .cycle_results import cycle_results
from .national import national_view

OPENAPI = Path(__file__).resolve().parent / "openapi.json"


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., HttpResponse]:
    """GET only; a session or an API key; JSON 401/404 instead of pages."""

    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            user = user_from_key(request)
            if user is None:
                return _error(401, "authentication required (session or Bearer API key)")
            request.user = user
        if membership_of(request.user) is None:
            return _error(404, "not found")
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error(404, "not found")

    return wrapped


@api_view
def cycles(request: HttpRequest) -> JsonResponse:
    """Cycles with results that the caller may read at instansi level."""
    rows = cycles_for_user(request.user).filter(status__in=["closed", "published"])
    return JsonResponse(
        {
            "cycles": [
                {
                    "id": c.pk,
                    "year": c.year,
                    "status": c.status,
                    "instansi": {
                        "code": c.instansi.code,
                        "name": c.instansi.name,
                        "region": c.instansi.region,
                    },
                }
                for c in rows.order_by("instansi__code", "year")
            ]
        }
    )


@api_view
def cycle(request: HttpRequest, pk: int) -> JsonResponse:
    """One instansi-year with its units, as an entry of docs/method.md §14's `instansi` list
    (its national rank is null here: that is the national roll-up's)."""
    found = cycles_for_user(request.user).filter(pk=pk, status__in=["closed", "published"]).first()
    if found is None:
        raise Http404
    results, _counts = cycle_results(found)
    r = results.find(found.instansi.code, found.year)
    assert r is not None
    return JsonResponse(
        {
            "method": METHOD_ID,
            "params": results.params.as_dict(),
            "instansi": [instansi_data(r, None, "id")],
        }
    )


@api_view
def national(request: HttpRequest, year: int) -> JsonResponse:
    """The national roll-up of a year (national admin only), as docs/method.md §14: ranks
    and national figures over the included instansi only (eligible and shown)."""
    if not is_admin(request.user):
        raise Http404
    view = national_view(year)
    if view.results is None or view.year != year:
        raise Http404
    return JsonResponse(results_json(view.results, "id", year=year))


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/json")


def load_openapi() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text())
