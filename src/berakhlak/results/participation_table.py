"""The live participation table of a cycle, sortable and searchable like the dashboard's
tables (common/tables.py: header links and a GET form, htmx swapping the table).

The page refreshes itself every 15 seconds during fieldwork with a plain request to its own
address; that request carries no parameter, so the table's order and search are then read
from the address the reader's browser shows (htmx's HX-Current-URL), which the sort links
and the search form keep up to date. Only the table's own parameters are read from it."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from django.http import HttpRequest
from django.utils.translation import gettext as _

from ..common.tables import DESCENDING, Column, SortedTable, sort_table
from .participation import UnitParticipation

NAME = "partisipasi"


def table_params(request: HttpRequest) -> Mapping[str, str]:
    """The table's parameters: the request's own, or, for the page's automatic refresh
    (an htmx request without any), those of the address the browser shows."""
    if any(k.startswith(f"{NAME}-") for k in request.GET):
        return request.GET
    current = request.headers.get("HX-Current-URL", "") if request.headers.get("HX-Request") else ""
    if not current:
        return request.GET
    return {k: v for k, v in parse_qsl(urlsplit(current).query) if k.startswith(f"{NAME}-")}


def participation_table(
    params: Mapping[str, str], units: list[UnitParticipation]
) -> SortedTable[UnitParticipation]:
    columns: list[Column[UnitParticipation]] = [
        Column("unit", _("Unit"), lambda u: u.unit.name),
        Column("pegawai", _("Pegawai"), lambda u: u.unit.headcount, True, DESCENDING),
        Column("target", _("Target"), lambda u: u.target, True, DESCENDING),
        Column("sah", _("Sah"), lambda u: u.valid, True, DESCENDING),
        Column("capaian", _("Capaian"), lambda u: u.attainment, True),
    ]
    return sort_table(
        NAME,
        params,
        units,
        columns,
        lambda u: f"{u.unit.name} {u.unit.code} {u.unit.group_name or ''}",
    )
