"""The shapes a chart is drawn with, as typed data: rectangles, lines, paths, circles, texts
and the hatching pattern, each with its coordinates and presentation attributes, and the
chart that holds them (size, title, phone or wide). `charts.py` lays the charts out in
these shapes; the template results/charts/chart.svg.html draws them as SVG, escaping every
text. Pure computation: nothing here renders or reads Django.

A coordinate that is a float is drawn to one decimal, an int as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..method.rounding import format_decimal

INK, MUTED, GRID = "#1b2430", "#5a6473", "#d8dde5"
CATEGORY_COLOURS = {"A": "#2e7d32", "B": "#f2b705", "C": "#e56b1f", "D": "#c62828"}
BAND_COLOURS = {"A": "#e3f1e4", "B": "#fdf5d6", "C": "#fce5d6", "D": "#f8dcdc"}
# Light enough for dark text (5.4:1 or more against INK); the areas are also numbered in the
# bars and separated by white lines, so colour is not the only cue.
AREA_COLOURS = ("#b08fac", "#7fa6d2", "#4fb3a5", "#8ab17d", "#e9c46a", "#f4a261")

# Lines of the trend: 3:1 or more against white (WCAG 1.4.11), each with a marker shape too.
TREND_COLOURS = (
    "#0b4f6c",
    "#1f7a70",
    "#c4502f",
    "#7a5876",
    "#3b6796",
    "#8a6d00",
    "#4f7a3a",
    "#a33a3c",
)


@dataclass(frozen=True)
class Rect:
    kind: ClassVar[str] = "rect"
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str = ""
    rx: int = 0


@dataclass(frozen=True)
class Line:
    kind: ClassVar[str] = "line"
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    stroke_width: str = ""


@dataclass(frozen=True)
class Path:
    kind: ClassVar[str] = "path"
    d: str
    fill: str
    stroke: str = ""
    stroke_width: str = ""
    transform: str = ""


@dataclass(frozen=True)
class Circle:
    kind: ClassVar[str] = "circle"
    cx: float
    cy: float
    r: int
    fill: str


@dataclass(frozen=True)
class Text:
    """A text; its x and y are drawn to one decimal, in the charts' font (DejaVu Sans, as
    WeasyPrint has it; the template names it)."""

    kind: ClassVar[str] = "text"
    x: float
    y: float
    content: str
    size: int = 12
    anchor: str = "start"
    fill: str = INK
    weight: str = "normal"


@dataclass(frozen=True)
class Hatch:
    """The diagonal hatching pattern, under its own id (a page holds a chart twice)."""

    kind: ClassVar[str] = "hatch"
    id: str
    ink: str = INK


Shape = Rect | Line | Path | Circle | Text | Hatch


@dataclass
class Chart:
    """One SVG picture: `variant` "wide" or "phone" (the page shows the one that fits)."""

    width: int
    height: int
    title: str
    variant: str = ""
    shapes: list[Shape] = field(default_factory=list)

    @property
    def css(self) -> str:
        return f"chart {self.variant}" if self.variant else "chart"


def label(compact: bool, left: int, y: float, row: float, text: str) -> Text:
    """A row's label: left of its bar, or above it in a compact (phone) chart."""
    if compact:
        return Text(left, y + 13, text, size=12)
    return Text(left - 8, y + row / 2 + 4, text, size=12, anchor="end")


def marker(series: int, cx: float, cy: float, colour: str) -> Shape:
    """A point of a line, in a shape of its own (circle, square, triangle, diamond) so that
    the lines and their labels are told apart by more than colour."""
    shape = series % 4
    if shape == 0:
        return Circle(float(cx), float(cy), 4, colour)
    if shape == 1:
        return Rect(float(cx - 3.5), float(cy - 3.5), 7, 7, colour)
    if shape == 2:
        return Path(f"M{cx:.1f} {cy - 4.5:.1f} l4.5 8 h-9 z", colour)
    return Path(f"M{cx:.1f} {cy - 5:.1f} l5 5 l-5 5 l-5 -5 z", colour)


def area_label(area: int, share: float, room: float, lang: str) -> str:
    """The text inside an area's part of a bar: its number and share when both fit, its
    number alone when only that fits (DejaVu Sans bold at 10 px: about 6.5 px a character)."""
    full = f"{area + 1}: {format_decimal(share, lang)}%"
    if room >= 6.5 * len(full) + 6:
        return full
    return str(area + 1) if room >= 13 else ""
