"""Colours that WCAG 2.1 AA asks to contrast, computed from the stylesheet and the chart
module themselves (axe cannot see them all: it skips the text of SVG charts and does not
look at focus rings): text 4.5:1, the focus ring and graphics 3:1, and neighbouring
categories of the heatmap told apart by lightness as well as hue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from berakhlak.results.chart_shapes import AREA_COLOURS, INK, TREND_COLOURS

CSS = (
    Path(__file__).resolve().parents[3] / "src/berakhlak/static/berakhlak/css/site.css"
).read_text(encoding="utf-8")


def variable(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)  # type: ignore[union-attr]


def rule(selector: str, prop: str) -> str:
    block = re.search(rf"{re.escape(selector)}\s*\{{([^}}]*)\}}", CSS).group(1)  # type: ignore[union-attr]
    value = re.search(rf"(?<![-\w]){prop}:\s*([^;]+);", block).group(1).strip()  # type: ignore[union-attr]
    found = re.fullmatch(r"var\(--([\w-]+)\)", value)
    if found:
        return variable(found.group(1))
    short = re.fullmatch(r"#(\w)(\w)(\w)", value)
    return "#" + "".join(c * 2 for c in short.groups()) if short else value


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_focus_ring_stands_out_on_every_background_of_the_site():
    """Two rings (WCAG technique C40): the outer one dark, the inner one yellow."""
    focus = rule(":focus-visible", "outline")
    assert re.fullmatch(r"3px solid var\(--ink\)", focus)
    assert rule(":focus-visible", "box-shadow") == "0 0 0 3px var(--focus)"
    ink, yellow = variable("ink"), variable("focus")
    assert contrast(ink, yellow) >= 3
    for light in (variable("paper"), variable("wash"), "#e8f1f5"):  # pages, cards, picked rows
        assert contrast(ink, light) >= 3, light
    assert contrast(yellow, variable("brand")) >= 3  # the dark header and the buttons


@pytest.mark.parametrize("letter", "ABCD")
def test_each_category_badge_is_readable(letter):
    assert contrast(rule(f".cat-{letter}", "color"), rule(f".cat-{letter}", "background")) >= 4.5


def heat(letter: str) -> str:
    return rule(f".heat .h-{letter}", "background")


@pytest.mark.parametrize("letter", "ABCD")
def test_the_figures_of_the_heatmap_are_readable_on_every_category(letter):
    assert contrast(variable("ink"), heat(letter)) >= 4.5


@pytest.mark.parametrize(("one", "other"), [("A", "B"), ("B", "C"), ("C", "D")])
def test_neighbouring_categories_of_the_heatmap_differ_in_lightness_too(one, other):
    assert contrast(heat(one), heat(other)) >= 1.4


@pytest.mark.parametrize("colour", AREA_COLOURS)
def test_the_numbers_inside_the_area_chart_are_readable(colour):
    assert contrast(INK, colour) >= 4.5


@pytest.mark.parametrize("colour", TREND_COLOURS)
def test_each_trend_line_stands_out_on_white(colour):
    assert contrast(colour, "#ffffff") >= 3
