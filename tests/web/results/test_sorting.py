"""Comparing: the units' heatmap and ranking of a dashboard and the national ranking sort by
any column and are searched by name, with plain links and a GET form (htmx swaps the table
when there is a script; without one the page reloads). Only the tables' own parameters are
carried in their links, and a national role reaches an instansi's dashboard from its name."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from helpers.web import login


def names(html: str, table: str) -> list[str]:
    body = html.split(f'id="{table}"')[1].split("</table>", maxsplit=1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell)
        for cell in re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", body, re.S)
    ]


def test_the_heatmap_sorts_by_a_column_and_back_without_a_script(world):
    client = login(Client(), world.leader)
    url = reverse("results:dashboard", args=[world.published.pk])
    page = client.get(url).content.decode()
    link = re.search(r'id="heatmap-by-indeks" href="([^"]+)"', page)
    assert link is not None
    down = client.get(url + link.group(1).split("#")[0]).content.decode()
    assert 'aria-sort="descending"' in down
    order = names(down, "unit-heatmap")
    shown = [n for n in order if n in ("Sekretariat Daerah", "Dinas Pendidikan", "Dinas Kesehatan")]
    assert len(shown) == 3
    back = re.search(r'id="heatmap-by-indeks" href="([^"]+)"', down)
    assert back is not None and "heatmap-arah=naik" in back.group(1).replace("&amp;", "&")


def test_a_search_keeps_the_rows_that_match_and_says_how_many(world):
    client = login(Client(), world.leader)
    url = reverse("results:dashboard", args=[world.published.pk])
    page = client.get(url, {"heatmap-cari": "dinas"}).content.decode()
    assert set(names(page, "unit-heatmap")) == {"Dinas Pendidikan", "Dinas Kesehatan"}
    assert "2 dari 4 baris memuat “dinas”" in page
    none = client.get(url, {"peringkat-cari": "tidak ada"}).content.decode()
    assert "Tidak ada unit yang cocok." in none


def test_the_tables_links_carry_no_parameter_they_do_not_own(world):
    client = login(Client(), world.leader)
    url = reverse("results:dashboard", args=[world.published.pk])
    page = client.get(url, {"unit": "U04", "k": "1", "heatmap-cari": "a"}).content.decode()
    tables = page.split('<section class="card" id="unit">')[1].split("</section>")[0]
    assert "peringkat-urut" in tables and "heatmap-cari=a" in tables.replace("&amp;", "&")
    assert "U04" not in re.findall(r'href="([^"]*)"', tables).__str__()
    assert 'name="k"' not in tables and "k=1" not in tables and 'name="unit"' not in tables


def test_the_national_ranking_links_each_name_to_the_instansis_dashboard(world):
    client = login(Client(), world.admin)
    page = client.get(reverse("results:national_year", args=[2024])).content.decode()
    dashboard = reverse("results:dashboard", args=[world.published.pk])
    assert f'<a href="{dashboard}">Kabupaten Uji</a>' in page
    sorted_page = client.get(
        reverse("results:national_year", args=[2024]), {"nasional-urut": "instansi"}
    ).content.decode()
    assert 'aria-sort="ascending"' in sorted_page
