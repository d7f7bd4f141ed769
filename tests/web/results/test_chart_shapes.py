"""The charts' geometry as data (results/chart_shapes.py, laid out by results/charts.py) and
its drawing by the template: bars where the figures put them, and every text escaped by the
template's autoescaping rather than by Python."""

from __future__ import annotations

import pytest

from berakhlak.results.chart_shapes import Chart, Hatch, Rect, Text
from berakhlak.results.charts import (
    Bar,
    area_bars_chart,
    benchmark_chart,
    draw,
    trend_chart,
    value_bars_chart,
)

BARS = [Bar("Adaptif", 82.9, "A", (78.9, 86.2), 17.5), Bar("Loyal", None, note="sedikit")]


def test_a_value_bar_is_a_rectangle_as_long_as_its_value_with_its_category_colour():
    chart = value_bars_chart(BARS, title="Nilai")
    [bar] = [s for s in chart.shapes if isinstance(s, Rect) and s.rx == 3]
    assert bar.x == 200 and bar.width == pytest.approx((680 - 200 - 56) * 0.829)
    assert bar.fill == "#2e7d32"  # kategori A
    assert any(isinstance(s, Text) and s.content == "sedikit" for s in chart.shapes)


def test_the_phone_variant_of_each_chart_is_360_wide_and_says_so():
    charts = [
        value_bars_chart(BARS, title="t", compact=True),
        area_bars_chart(
            [("q", [50.0, 50.0, 0, 0, 0, 0], [0.0] * 6)],
            list("abcdef"),
            title="t",
            limiting_label="l",
            compact=True,
        ),
        benchmark_chart([("I", 60.0, 55.0, 61.0, 66.0)], title="t", compact=True),
        trend_chart([("I", [(2022, 60.0), (2024, 67.3)])], title="t", compact=True),
    ]
    assert [(c.width, c.css) for c in charts] == [(360, "chart phone")] * 4


def test_the_hatching_of_the_phone_chart_has_an_id_of_its_own():
    rows = [("q", [50.0, 50.0, 0, 0, 0, 0], [10.0, 0, 0, 0, 0, 0])]
    ids = {
        compact: [
            s.id
            for s in area_bars_chart(
                rows, list("abcdef"), title="t", limiting_label="l", compact=compact
            ).shapes
            if isinstance(s, Hatch)
        ]
        for compact in (False, True)
    }
    assert ids == {False: ["hatch"], True: ["hatch-phone"]}


def test_the_template_escapes_titles_and_labels_and_draws_floats_to_one_decimal():
    chart = Chart(
        100,
        50,
        'Judul <script>"x"</script>',
        "wide",
        [Text(1, 2.26, "<b>&'"), Rect(1.25, 3, 4.0, 5, "#fff")],
    )
    svg = draw(chart)
    assert "<script>" not in svg and "<b>" not in svg
    assert 'aria-label="Judul &lt;script&gt;&quot;x&quot;&lt;/script&gt;"' in svg
    assert ">&lt;b&gt;&amp;&#x27;</text>" in svg
    assert '<text x="1.0" y="2.3"' in svg  # a text's x and y always to one decimal
    assert '<rect x="1.2" y="3" width="4.0" height="5" fill="#fff"/>' in svg
