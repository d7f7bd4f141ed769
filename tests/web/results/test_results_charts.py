"""The server-drawn SVG charts: bars as long as the figures, nothing the content security
policy would refuse, labels inside the picture, a narrow variant for phones, and pages whose
element ids stay unique although each chart is drawn twice."""

from __future__ import annotations

import re

import pytest

from berakhlak.results.charts import Bar, area_bars, benchmark_bars, trend, value_bars
from helpers.results_world import pdf_text

pytestmark = pytest.mark.django_db


BARS = [
    Bar("Berorientasi Pelayanan", 71.4, "B", (66.9, 75.6), 60.0),
    Bar("Adaptif", 82.9, "A", (78.9, 86.2), 17.5),
    Bar("Loyal", None, note="kurang dari 10 responden"),
]
AREAS = [("Nilai pribadi", [14.3, 21.3, 12.7, 18.6, 18.6, 14.5], [0.0] * 6)]
AREA_NAMES = ["1", "2", "3", "4", "5", "6"]
SERIES = [("Berorientasi Pelayanan", [(2022, 60.0), (2024, 67.3)]), ("Adaptif", [(2024, 86.8)])]


def width_of(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]


def texts(svg: str) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of every text element."""
    return [
        (float(m[1]), m[2], m[3])
        for m in re.finditer(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>([^<]*)</text>', svg)
    ]


@pytest.mark.parametrize("compact", [False, True])
def test_each_bar_is_as_long_as_its_value_on_the_0_to_100_scale(compact):
    svg = str(value_bars(BARS, title="Nilai", compact=compact))
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" rx="3"', svg)
    width = width_of(svg)
    left, right = (10, 44) if compact else (200, 56)
    plot = width - left - right
    assert [round(float(w) / plot * 100, 1) for _x, w in bars] == [71.4, 82.9]
    assert "kurang dari 10 responden" in svg


@pytest.mark.parametrize(
    "chart",
    [
        lambda c: value_bars(BARS, title="t", baseline_label="nilai 2022", compact=c),
        lambda c: area_bars(AREAS, AREA_NAMES, title="t", limiting_label="pembatas", compact=c),
        lambda c: benchmark_bars([("Implementasi", 60.0, 55.0, 61.0, 66.0)], title="t", compact=c),
        lambda c: trend(
            [("Berorientasi Pelayanan", [(2022, 60.0), (2024, 67.3)])], title="t", compact=c
        ),
    ],
)
@pytest.mark.parametrize("compact", [False, True])
def test_a_chart_has_no_style_or_script_and_keeps_its_labels_inside(chart, compact):
    svg = str(chart(compact))
    assert "<script" not in svg and "style=" not in svg and "on" + "load" not in svg
    assert f'class="chart {"phone" if compact else "wide"}"' in svg
    width = width_of(svg)
    assert width == 360 or not compact
    for x, anchor, text in texts(svg):
        size = 6.8 * len(text)  # DejaVu Sans at 11-12 px
        start = {"start": x, "middle": x - size / 2, "end": x - size}[anchor]
        assert start >= 0 and start + size <= width + 2, (text, x, anchor, width)


def test_the_ids_of_a_dashboard_are_unique_though_its_charts_are_drawn_twice(rendered):
    for page in ("dashboard", "unit-U04", "national"):
        ids = re.findall(r'\sid="([^"]+)"', rendered.pages[page])
        assert len(ids) == len(set(ids)), page
        assert rendered.pages[page].count('class="chart wide"') == rendered.pages[page].count(
            'class="chart phone"'
        )


def test_the_pdf_draws_each_chart_once(rendered):
    text = pdf_text(rendered.files["pdf"])
    assert text.count("nilai 2022") == 1  # the legend of the one values chart
    assert text.count("bagian butir pembatas") == 1
