"""The operator's live participation table sorts by any column and is searched, with links
and a GET form (htmx swaps the table when there is a script), and the automatic refresh
keeps the order and search the reader chose."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from helpers.web import add_responses, login


def units(html: str) -> list[str]:
    body = html.split('id="participation-table"')[1].split("</table>", maxsplit=1)[0]
    return re.findall(r'data-unit="(U\d\d)"', body)


def test_the_table_sorts_by_a_column_and_back_without_a_script(world):
    add_responses(world.open, {"U01": 40, "U02": 20, "U03": 60, "U04": 6}, seed=3, texts=False)
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    page = client.get(url).content.decode()
    link = re.search(r'id="partisipasi-by-sah" href="([^"]+)"', page)
    assert link is not None and units(page) == ["U01", "U02", "U03", "U04"]
    down = client.get(url + link.group(1).split("#")[0].replace("&amp;", "&")).content.decode()
    assert 'aria-sort="descending"' in down
    assert units(down)[:3] == ["U03", "U01", "U02"]  # 60, 40 + 12, 20 + 30 valid answers
    back = re.search(r'id="partisipasi-by-sah" href="([^"]+)"', down)
    assert back is not None and "partisipasi-arah=naik" in back.group(1).replace("&amp;", "&")


def test_a_search_keeps_the_matching_units_and_says_how_many(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    page = client.get(url, {"partisipasi-cari": "dinas"}).content.decode()
    assert re.search(r'<form[^>]*id="partisipasi-search" method="get"', page)
    assert units(page) == ["U02", "U03"]
    assert "2 dari 4 baris memuat “dinas”" in page
    none = client.get(url, {"partisipasi-cari": "tidak ada"}).content.decode()
    assert "Tidak ada unit yang cocok." in none and not units(none)


def test_the_automatic_refresh_keeps_the_order_and_search_the_browser_shows(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    shown = f"http://testserver{url}?partisipasi-cari=dinas&partisipasi-urut=sah&partisipasi-arah=naik&k=1"
    fragment = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=shown).content.decode()
    assert units(fragment) == ["U03", "U02"]  # 0 and 30 valid answers, the fewest first
    assert "k=1" not in fragment and 'name="k"' not in fragment  # no foreign parameter echoed
    plain = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert units(plain) == ["U01", "U02", "U03", "U04"]
