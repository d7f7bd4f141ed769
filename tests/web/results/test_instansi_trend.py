"""The instansi's trend over every year on its dashboard: the index and each value of every
year with results, a hidden year as a gap with its reason, and each year's change against
the latest earlier year shown (the method's baseline), the same figures as each year's own
dashboard."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from helpers.web import add_responses, login

UNITS = [("T01", "Sekretariat", 60), ("T02", "Dinas Sosial", 60)]


def trend_rows(html: str) -> dict[int, list[str]]:
    body = html.split('id="instansi-trend"')[1].split("</table>", maxsplit=1)[0]
    out = {}
    for year, row in re.findall(r'<tr data-year="(\d+)">(.*?)</tr>', body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        out[int(year)] = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]
    return out


def index_of(html: str) -> str:
    match = re.search(r'data-index="implementasi".*?<div class="value">([^<]*)</div>', html, re.S)
    assert match, "no index card"
    return match.group(1)


def test_every_year_is_in_the_trend_a_hidden_year_as_a_gap_and_changes_against_the_baseline(
    make_instansi, make_user
):
    inst = make_instansi(code="KAB-TR1", name="Kabupaten Tren", units=UNITS)
    cycles = {}
    for year, sizes in (
        (2022, {"T01": 25, "T02": 20}),
        (2023, {"T01": 4, "T02": 3}),
        (2024, {"T01": 30, "T02": 22}),
        (2025, {"T01": 28, "T02": 26}),
    ):
        cycle = do_open_cycle(do_create_cycle(inst, year, actor=None), actor=None)
        add_responses(cycle, sizes, seed=year, texts=False)
        cycles[year] = do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    client = login(Client(), make_user("pimpinan.tr", Role.LEADER, inst))
    page = client.get(reverse("results:dashboard", args=[cycles[2025].pk])).content.decode()
    rows = trend_rows(page)
    assert list(rows) == [2022, 2023, 2024, 2025]
    assert rows[2023][1] == "–" and "tidak ditampilkan: kurang dari 10 responden" in rows[2023][-1]
    assert all(cell == "–" for cell in rows[2023][3:10])  # no value of a hidden year
    assert "dibanding 2022" in rows[2024][-2]  # 2023 was hidden: the baseline is 2022
    assert "dibanding 2024" in rows[2025][-2] and rows[2022][-2] == "–"
    for year in (2022, 2024):  # each year as its own dashboard shows it
        own = client.get(reverse("results:dashboard", args=[cycles[year].pk])).content.decode()
        assert rows[year][1] == index_of(own)
    assert len(rows[2025]) == 3 + 7 + 2  # year, index, category, seven values, change, reason
    assert 'class="chart-data' in page.split('id="tren"')[1]  # the chart's figures as a table


def test_a_first_year_has_no_trend_and_a_hidden_year_shows_none(world):
    client = login(Client(), world.leader)
    other = client.get(reverse("results:dashboard", args=[world.published.pk])).content.decode()
    assert 'id="instansi-trend"' in other  # 2024, with 2023 before it
    first = world.published.instansi.cycles.get(year=2023)
    page = client.get(reverse("results:dashboard", args=[first.pk])).content.decode()
    assert 'id="instansi-trend"' not in page
