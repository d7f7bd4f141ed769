"""Charts as SVG, drawn on the server: the same picture on the dashboard and in the PDF.

Each chart is laid out here as typed shapes (chart_shapes.py: coordinates, labels,
colours), pure computation that the tests can read; the template
results/charts/chart.svg.html draws them, with autoescaping for every text. Only
presentation attributes are used (no style attributes, no script), so the strict content
security policy holds and WeasyPrint draws them exactly as the browser does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string

from ..method.rounding import format_decimal
from .chart_shapes import (
    AREA_COLOURS,
    BAND_COLOURS,
    CATEGORY_COLOURS,
    GRID,
    INK,
    MUTED,
    TREND_COLOURS,
    Chart,
    Circle,
    Hatch,
    Line,
    Path,
    Rect,
    Shape,
    Text,
    area_label,
    label,
    marker,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    category: str | None = None
    ci: tuple[float, float] | None = None
    baseline: float | None = None
    note: str = ""  # shown instead of a bar when value is None


def draw(chart: Chart) -> str:
    """The chart as SVG markup (a safe string: the template escaped every text)."""
    # Each shape as a dict: the template's lookups then find its fields at the first try.
    shapes = [{"kind": s.kind, **vars(s)} for s in chart.shapes]
    return render_to_string("results/charts/chart.svg.html", {"chart": chart, "shapes": shapes})


def value_bars_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    lang: str = "id",
    baseline_label: str = "",
    compact: bool = False,
) -> Chart:
    """Horizontal bars on 0-100 over the category bands, with 95% intervals and last year.

    `compact` draws a narrow chart for phones, each label above its bar."""
    width, left, right, top, row, head = 680, 200, 56, 26, 34, 0
    if compact:
        width, left, right, row, head = 360, 10, 44, 50, 18
    plot = width - left - right
    height = top + row * len(bars) + 30 + (16 if compact else 0)
    x = lambda v: left + plot * max(0.0, min(100.0, v)) / 100.0  # noqa: E731
    body: list[Shape] = []
    for letter, lo, hi in (("D", 0, 25), ("C", 25, 50), ("B", 50, 75), ("A", 75, 100)):
        body.append(
            Rect(x(lo), top - 6, float(x(hi) - x(lo)), row * len(bars) + 6, BAND_COLOURS[letter])
        )
        body.append(
            Text((x(lo) + x(hi)) / 2, top - 10, letter, 11, "middle", MUTED, "bold"),
        )
    for tick in range(0, 101, 25):
        body.append(Line(x(tick), top - 6, x(tick), top + row * len(bars), GRID, "1"))
        body.append(Text(x(tick), top + row * len(bars) + 16, str(tick), 10, "middle", MUTED))
    for i, bar in enumerate(bars):
        y = top + i * row
        mid = y + head + (row - head) / 2
        body.append(label(compact, left, y, row, bar.label))
        if bar.value is None or math.isnan(bar.value):
            body.append(Text(left + 6, mid + 4, bar.note, 11, fill=MUTED))
            continue
        colour = CATEGORY_COLOURS.get(bar.category or "", "#0b4f6c")
        body.append(
            Rect(left, y + head + 8, float(x(bar.value) - left), row - head - 16, colour, rx=3)
        )
        if bar.ci is not None:
            lo, hi = x(bar.ci[0]), x(bar.ci[1])
            body.append(Line(float(lo), float(mid), float(hi), float(mid), INK, "1.5"))
            for end in (lo, hi):
                body.append(Line(float(end), mid - 5.0, float(end), mid + 5.0, INK, "1.5"))
        if bar.baseline is not None and not math.isnan(bar.baseline):
            bx = x(bar.baseline)
            body.append(
                Path(
                    f"M{bx:.1f} {y + 3:.1f} l5 -5 l-5 -5 l-5 5 z",
                    INK,
                    stroke="#fff",
                    stroke_width="1",
                    transform=f"translate(0 {row - 2})",
                )
            )
        end = x(bar.ci[1]) if bar.ci is not None else x(bar.value)
        text = format_decimal(bar.value, lang)
        body.append(Text(min(end + 6, width - right + 4), mid + 4, text, 12, weight="bold"))
    if baseline_label and any(b.baseline is not None for b in bars):
        ly = height - 6 if compact else top - 10  # below the axis when the bands start at 10
        body.append(Path(f"M14 {ly + 1} l5 -5 l-5 -5 l-5 5 z", INK))
        body.append(Text(24, ly, baseline_label, 10, fill=MUTED))
    return Chart(width, height, title, "phone" if compact else "wide", body)


def value_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    lang: str = "id",
    baseline_label: str = "",
    compact: bool = False,
) -> str:
    chart = value_bars_chart(
        bars, title=title, lang=lang, baseline_label=baseline_label, compact=compact
    )
    return draw(chart)


def area_bars_chart(
    rows: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    area_names: Sequence[str],
    *,
    title: str,
    limiting_label: str,
    lang: str = "id",
    compact: bool = False,
) -> Chart:
    """One stacked bar per question: share of votes in each of the six areas, each part
    numbered like the legend; the part of each area that is limiting items is drawn hatched.
    `compact`: narrow, for phones."""
    width, left, right, top, row, head = 680, 200, 20, 10, 40, 0
    per_row, legend_rows = 3, 2
    if compact:
        width, left, right, row, head = 360, 10, 10, 52, 18
        per_row, legend_rows = 2, 4  # three rows of areas, then the hatching
    plot = width - left - right
    height = top + row * len(rows) + 24 * legend_rows + 10
    # An id of its own: a page holds both charts, and the hidden one's pattern is not drawn.
    hatch = "hatch-phone" if compact else "hatch"
    body: list[Shape] = [Hatch(hatch)]
    for i, (name, shares, limiting) in enumerate(rows):
        y = top + i * row
        body.append(label(compact, left, y, row, name))
        cursor = float(left)
        for a, share in enumerate(shares):
            w = plot * share / 100.0
            if w <= 0:
                continue
            h = row - head - 12
            body.append(Rect(cursor, y + head + 6, float(w), h, AREA_COLOURS[a], stroke="#fff"))
            lim = plot * limiting[a] / 100.0
            if lim > 0:
                body.append(Rect(cursor + w - lim, y + head + 6, float(lim), h, f"url(#{hatch})"))
            inside = area_label(a, share, w - lim, lang)
            if inside:  # in the part that is not hatched
                body.append(
                    Text(
                        cursor + (w - lim) / 2,
                        y + head + (row - head) / 2 + 4,
                        inside,
                        10,
                        "middle",
                        weight="bold",
                    )
                )
            cursor += w
    ly = top + row * len(rows) + 16
    for a, name in enumerate(area_names):
        lx = left + (a % per_row) * (plot / per_row)
        yy = ly + (a // per_row) * 20
        body.append(Rect(float(lx), yy - 9, 10, 10, AREA_COLOURS[a]))
        body.append(Text(lx + 14, yy, f"{a + 1}. {name}", 10, fill=MUTED))
    hy = ly + 60 if compact else ly  # the hatching: under the areas, or left of them
    body.append(Rect(8, hy - 9, 10, 10, "#fff", stroke=MUTED))
    body.append(Rect(8, hy - 9, 10, 10, f"url(#{hatch})"))
    body.append(Text(22, hy, limiting_label, 10, fill=MUTED))
    return Chart(width, height, title, "phone" if compact else "wide", body)


def area_bars(
    rows: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    area_names: Sequence[str],
    *,
    title: str,
    limiting_label: str,
    lang: str = "id",
    compact: bool = False,
) -> str:
    chart = area_bars_chart(
        rows, area_names, title=title, limiting_label=limiting_label, lang=lang, compact=compact
    )
    return draw(chart)


def trend_chart(
    series: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> Chart:
    """Lines over years on 0-100 (national index and values); `compact`: narrow, for phones,
    with the labels listed under the chart instead of at the lines' ends."""
    years = sorted({year for _, points in series for year, _ in points})
    width, left, top, bottom = 680, 44, 14, 30
    height = 260
    # Room for the longest end label ("Berorientasi Pelayanan 67,3": about 6.5 px a character).
    right = max(160, 28 + 7 * max((len(name) + 6 for name, _ in series), default=0))
    if compact:
        width, right, height = 360, 24, 220
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, pts in series for _, v in pts if v is not None]
    lo = max(0.0, math.floor((min(values, default=0) - 5) / 10) * 10)
    hi = min(100.0, math.ceil((max(values, default=100) + 5) / 10) * 10)
    if hi <= lo:
        lo, hi = 0.0, 100.0

    def x(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * years.index(year) / (len(years) - 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - lo) / (hi - lo))

    body: list[Shape] = []
    for tick in range(int(lo), int(hi) + 1, 10):
        body.append(Line(left, float(y(tick)), left + plot_w, float(y(tick)), GRID))
        body.append(Text(left - 6, y(tick) + 4, str(tick), 10, "end", MUTED))
    for yr in years:
        body.append(Text(x(yr), height - 10, str(yr), 11, "middle", MUTED))
    palette = TREND_COLOURS
    labels = []
    for s, (name, points) in enumerate(series):
        colour = palette[s % len(palette)]
        pts = [(x(yr), y(v)) for yr, v in points if v is not None]
        if len(pts) > 1:
            d = " ".join(
                f"{'M' if j == 0 else 'L'}{px:.1f} {py:.1f}" for j, (px, py) in enumerate(pts)
            )
            body.append(Path(d, "none", stroke=colour, stroke_width=str(3 if s == 0 else 2)))
        for px, py in pts:
            body.append(marker(s, px, py, colour))
        if pts:
            last = [v for _, v in points if v is not None][-1]
            labels.append([pts[-1][1] + 4, f"{name} {format_decimal(last, lang)}", colour, s])
    if compact:
        for i, (_ly, text, colour, s) in enumerate(sorted(labels, key=lambda lb: lb[0])):
            ly = height + 4 + 18 * i
            body.append(marker(s, left + 5, ly - 4, colour))
            body.append(Text(left + 16, ly, text, 12))
        extra = 18 * len(labels) + 8
        return Chart(width, height + extra, title, "phone", body)
    # Labels at the right end, pushed apart so that close values stay readable.
    labels.sort(key=lambda lb: lb[0])
    gap = 13.0
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + gap)
    overflow = labels[-1][0] - (height - bottom) if labels else 0
    if overflow > 0:
        for lb in labels:
            lb[0] -= overflow
        for i in range(len(labels) - 2, -1, -1):
            labels[i][0] = min(labels[i][0], labels[i + 1][0] - gap)
    for ly, text, colour, s in labels:
        body.append(marker(s, left + plot_w + 12, ly - 4, colour))
        body.append(Text(left + plot_w + 20, ly, text, 11, weight="bold" if s == 0 else "normal"))
    return Chart(width, height, title, "wide", body)


def trend(
    series: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> str:
    return draw(trend_chart(series, title=title, lang=lang, compact=compact))


def benchmark_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> Chart:
    """Per row (label, mean, q1, median, q3): the spread between quartiles, the median tick
    and the mean as a dot, on 0-100. `compact`: narrow, for phones."""
    width, left, right, top, row, head = 760, 280, 56, 10, 30, 0
    if compact:
        width, left, right, row, head = 360, 10, 44, 44, 16
    plot = width - left - right
    height = top + row * len(rows) + 24
    x = lambda v: left + plot * max(0.0, min(100.0, v)) / 100.0  # noqa: E731
    body: list[Shape] = []
    for tick in range(0, 101, 25):
        body.append(Line(x(tick), top, x(tick), top + row * len(rows), GRID))
        body.append(Text(x(tick), top + row * len(rows) + 14, str(tick), 10, "middle", MUTED))
    for i, (name, mean, q1, med, q3) in enumerate(rows):
        yy = top + i * row
        mid = yy + head + (row - head) / 2
        body.append(label(compact, left, yy, row, name))
        if None in (mean, q1, med, q3):
            continue
        assert mean is not None and q1 is not None and med is not None and q3 is not None
        spread = float(max(x(q3) - x(q1), 1))
        body.append(Rect(x(q1), yy + head + 8, spread, row - head - 16, "#b9d3e0", "#0b4f6c"))
        body.append(Line(x(med), yy + head + 5, x(med), yy + row - 5, "#0b4f6c", "2.5"))
        body.append(Circle(x(mean), float(mid), 4, INK))
        body.append(Text(x(q3) + 6, mid + 4, format_decimal(mean, lang), 11, weight="bold"))
    return Chart(width, height, title, "phone" if compact else "wide", body)


def benchmark_bars(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> str:
    return draw(benchmark_chart(rows, title=title, lang=lang, compact=compact))
