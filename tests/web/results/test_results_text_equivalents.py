"""What the results pages say in text as well as in colour and pictures: each chart has a
table of its figures, heatmap cells name their category (tested with the heatmap's numbers
in test_results_numbers.py), and items of the top-ten lists say in words that they are
limiting items or also in the top ten of the column compared."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from berakhlak.results.chart_tables import area_table, benchmark_table, trend_table
from helpers.results_world import strip_tags
from helpers.web import limiting_culture

pytestmark = pytest.mark.django_db


AREAS = [
    ("Nilai pribadi", [14.3, 21.3, 12.7, 18.6, 18.6, 14.5], [0.0] * 6),
    ("Budaya saat ini", [20.0, 25.5, 10.0, 15.0, 14.5, 15.0], [4.25, 0.0, 1.0, 0.0, 0.0, 0.0]),
]
AREA_NAMES = ["Satu", "Dua", "Tiga", "Empat", "Lima", "Enam"]


def test_the_area_table_gives_each_areas_share_of_each_question_and_its_limiting_part():
    table = area_table(
        AREAS,
        AREA_NAMES,
        caption="Sebaran",
        area_label="Area kesadaran",
        limiting_label="bagian butir pembatas",
    )
    assert table.columns == ("Area kesadaran", "Nilai pribadi", "Budaya saat ini")
    assert table.rows[0] == ("1. Satu", "14,3%", "20,0% (bagian butir pembatas 4,3%)")
    assert table.rows[5] == ("6. Enam", "14,5%", "15,0%")
    assert len(table.rows) == 6


def test_the_benchmark_table_gives_mean_and_quartiles_in_the_pages_language():
    rows = [("Implementasi", 60.04, 55.0, 61.25, 66.0), ("Adaptif", None, None, None, None)]
    head = ("Indeks", "Mean", "Q1", "Median", "Q3")
    table = benchmark_table(rows, caption="c", columns=head, lang="en")
    assert table.columns == head
    assert table.rows == (
        ("Implementasi", "60.0", "55.0", "61.3", "66.0"),
        ("Adaptif",) + ("–",) * 4,
    )


def test_the_trend_table_has_a_column_per_year_and_a_dash_where_a_line_has_no_point():
    series = [("Indeks", [(2022, 60.0), (2024, 67.34)]), ("Adaptif", [(2023, 50.0), (2024, None)])]
    table = trend_table(series, caption="Tren", series_label="Indeks dan nilai")
    assert table.columns == ("Indeks dan nilai", "2022", "2023", "2024")
    assert table.rows == (("Indeks", "60,0", "–", "67,3"), ("Adaptif", "–", "50,0", "–"))


def chart_tables(html: str) -> list[tuple[str, list[str]]]:
    """(caption, first cells of the rows) of every chart's table on a page."""
    out = []
    for block in re.findall(r'<details class="chart-data.*?</details>', html, re.S):
        caption = strip_tags(re.search(r"<caption[^>]*>(.*?)</caption>", block, re.S).group(1))
        heads = re.findall(r'<th scope="row">(.*?)</th>', block, re.S)
        out.append((caption, [strip_tags(h) for h in heads]))
    return out


def test_every_chart_of_the_results_pages_has_a_table_of_its_figures(rendered):
    areas = ("Sebaran pilihan per area kesadaran", [f"{i}." for i in range(1, 7)])
    [(caption, rows)] = chart_tables(rendered.pages["unit-U04"])
    assert (caption, [r[:2] for r in rows]) == areas
    trend, (caption, rows) = chart_tables(rendered.pages["dashboard"])
    assert (caption, [r[:2] for r in rows]) == areas
    assert trend[0] == "Tren Indeks BerAKHLAK dan nilai instansi" and len(trend[1]) == 8
    national = chart_tables(rendered.pages["national"])
    assert [caption for caption, _ in national] == [
        "Indeks: rata-rata, median dan kuartil",
        "Nilai: rata-rata, median dan kuartil",
        "Tren nasional",
    ]
    assert len(national[0][1]) == 6 and len(national[1][1]) == 7 and len(national[2][1]) == 8
    # the values chart of an instansi or unit is followed by its own table already
    assert 'class="values-table"' in rendered.pages["dashboard"]


def test_limiting_and_matching_items_of_the_top_ten_say_so_in_words(world):
    limiting_culture(world)
    client = Client()
    client.force_login(world.leader)
    html = client.get(f"/hasil/siklus/{world.published.pk}/").content.decode()
    top10 = html[html.index('id="top10"') : html.index('id="area"')]
    items = re.findall(r'<li class="([^"]*)">(.*?)</li>', top10, re.S)
    limiting = [strip_tags(text) for kind, text in items if "limiting" in kind]
    matching = [strip_tags(text) for kind, text in items if "match" in kind]
    others = [strip_tags(text) for kind, text in items if not kind.strip()]
    assert len(limiting) >= 3 and len(matching) >= 2 and others
    assert all("⚠ butir pembatas" in text for text in limiting)
    assert all("✓ (juga di sepuluh teratas kolom pembanding)" in text for text in matching)
    assert not any("pembatas" in text or "✓" in text for text in others)
