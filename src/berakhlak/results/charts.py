"""Charts as SVG, drawn on the server: the same picture on the dashboard and in the PDF.

Only presentation attributes are used (no style attributes, no script), so the strict
content security policy holds and WeasyPrint draws them exactly as the browser does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ..method.rounding import format_decimal

FONT = "DejaVu Sans, Verdana, sans-serif"
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
class Bar:
    label: str
    value: float | None
    category: str | None = None
    ci: tuple[float, float] | None = None
    baseline: float | None = None
    note: str = ""  # shown instead of a bar when value is None


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 12,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}" font-weight="{weight}">{escape(content)}</text>'
    )


def _svg(width: int, height: int, body: list[str], title: str, variant: str = "") -> SafeString:
    """`variant` "wide" or "phone": a chart drawn twice, the page shows the one that fits."""
    css = f"chart {variant}" if variant else "chart"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _label(compact: bool, left: int, y: float, row: float, label: str) -> str:
    """A row's label: left of its bar, or above it in a compact (phone) chart."""
    if compact:
        return _text(left, y + 13, label, size=12)
    return _text(left - 8, y + row / 2 + 4, label, size=12, anchor="end")


def value_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    lang: str = "id",
    baseline_label: str = "",
    compact: bool = False,
) -> SafeString:
    """Horizontal bars on 0-100 over the category bands, with 95% intervals and last year.

    `compact` draws a narrow chart for phones, each label above its bar."""
    width, left, right, top, row, head = 680, 200, 56, 26, 34, 0
    if compact:
        width, left, right, row, head = 360, 10, 44, 50, 18
    plot = width - left - right
    height = top + row * len(bars) + 30 + (16 if compact else 0)
    x = lambda v: left + plot * max(0.0, min(100.0, v)) / 100.0  # noqa: E731
    body = []
    for letter, lo, hi in (("D", 0, 25), ("C", 25, 50), ("B", 50, 75), ("A", 75, 100)):
        body.append(
            f'<rect x="{x(lo):.1f}" y="{top - 6}" width="{x(hi) - x(lo):.1f}" '
            f'height="{row * len(bars) + 6}" fill="{BAND_COLOURS[letter]}"/>'
        )
        body.append(
            _text(
                (x(lo) + x(hi)) / 2,
                top - 10,
                letter,
                size=11,
                anchor="middle",
                fill=MUTED,
                weight="bold",
            )
        )
    for tick in range(0, 101, 25):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" '
            f'y2="{top + row * len(bars)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(
                x(tick), top + row * len(bars) + 16, str(tick), size=10, anchor="middle", fill=MUTED
            )
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        mid = y + head + (row - head) / 2
        body.append(_label(compact, left, y, row, bar.label))
        if bar.value is None or math.isnan(bar.value):
            body.append(_text(left + 6, mid + 4, bar.note, size=11, fill=MUTED))
            continue
        colour = CATEGORY_COLOURS.get(bar.category or "", "#0b4f6c")
        body.append(
            f'<rect x="{left}" y="{y + head + 8}" width="{x(bar.value) - left:.1f}" '
            f'height="{row - head - 16}" rx="3" fill="{colour}"/>'
        )
        if bar.ci is not None:
            lo, hi = x(bar.ci[0]), x(bar.ci[1])
            body.append(
                f'<line x1="{lo:.1f}" y1="{mid:.1f}" x2="{hi:.1f}" y2="{mid:.1f}" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
            for end in (lo, hi):
                body.append(
                    f'<line x1="{end:.1f}" y1="{mid - 5:.1f}" x2="{end:.1f}" '
                    f'y2="{mid + 5:.1f}" stroke="{INK}" stroke-width="1.5"/>'
                )
        if bar.baseline is not None and not math.isnan(bar.baseline):
            bx = x(bar.baseline)
            body.append(
                f'<path d="M{bx:.1f} {y + 3:.1f} l5 -5 l-5 -5 l-5 5 z" '
                f'transform="translate(0 {row - 2})" fill="{INK}" stroke="#fff" '
                f'stroke-width="1"/>'
            )
        end = x(bar.ci[1]) if bar.ci is not None else x(bar.value)
        body.append(
            _text(
                min(end + 6, width - right + 4),
                mid + 4,
                format_decimal(bar.value, lang),
                size=12,
                weight="bold",
            )
        )
    if baseline_label and any(b.baseline is not None for b in bars):
        ly = height - 6 if compact else top - 10  # below the axis when the bands start at 10
        body.append(f'<path d="M14 {ly + 1} l5 -5 l-5 -5 l-5 5 z" fill="{INK}"/>')
        body.append(_text(24, ly, baseline_label, size=10, fill=MUTED))
    return _svg(width, height, body, title, "phone" if compact else "wide")


def area_bars(
    rows: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    area_names: Sequence[str],
    *,
    title: str,
    limiting_label: str,
    lang: str = "id",
    compact: bool = False,
) -> SafeString:
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
    body = [
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff" '
        f'fill-opacity="0"/><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" '
        'stroke-width="2"/></pattern></defs>'
    ]
    for i, (label, shares, limiting) in enumerate(rows):
        y = top + i * row
        body.append(_label(compact, left, y, row, label))
        cursor = float(left)
        for a, share in enumerate(shares):
            w = plot * share / 100.0
            if w <= 0:
                continue
            body.append(
                f'<rect x="{cursor:.1f}" y="{y + head + 6}" width="{w:.1f}" '
                f'height="{row - head - 12}" fill="{AREA_COLOURS[a]}" stroke="#fff"/>'
            )
            lim = plot * limiting[a] / 100.0
            if lim > 0:
                body.append(
                    f'<rect x="{cursor + w - lim:.1f}" y="{y + head + 6}" width="{lim:.1f}" '
                    f'height="{row - head - 12}" fill="url(#{hatch})"/>'
                )
            inside = _area_label(a, share, w - lim, lang)
            if inside:  # in the part that is not hatched
                body.append(
                    _text(
                        cursor + (w - lim) / 2,
                        y + head + (row - head) / 2 + 4,
                        inside,
                        size=10,
                        anchor="middle",
                        weight="bold",
                    )
                )
            cursor += w
    ly = top + row * len(rows) + 16
    for a, name in enumerate(area_names):
        lx = left + (a % per_row) * (plot / per_row)
        yy = ly + (a // per_row) * 20
        body.append(
            f'<rect x="{lx:.1f}" y="{yy - 9}" width="10" height="10" fill="{AREA_COLOURS[a]}"/>'
        )
        body.append(_text(lx + 14, yy, f"{a + 1}. {name}", size=10, fill=MUTED))
    hy = ly + 60 if compact else ly  # the hatching: under the areas, or left of them
    body.append(
        f'<rect x="8" y="{hy - 9}" width="10" height="10" fill="#fff" stroke="{MUTED}"/>'
        f'<rect x="8" y="{hy - 9}" width="10" height="10" fill="url(#{hatch})"/>'
    )
    body.append(_text(22, hy, limiting_label, size=10, fill=MUTED))
    return _svg(width, height, body, title, "phone" if compact else "wide")


def _marker(series: int, cx: float, cy: float, colour: str) -> str:
    """A point of a line, in a shape of its own (circle, square, triangle, diamond) so that
    the lines and their labels are told apart by more than colour."""
    shape = series % 4
    if shape == 0:
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == 2:
        return f'<path d="M{cx:.1f} {cy - 4.5:.1f} l4.5 8 h-9 z" fill="{colour}"/>'
    return f'<path d="M{cx:.1f} {cy - 5:.1f} l5 5 l-5 5 l-5 -5 z" fill="{colour}"/>'


def _area_label(area: int, share: float, room: float, lang: str) -> str:
    """The text inside an area's part of a bar: its number and share when both fit, its
    number alone when only that fits (DejaVu Sans bold at 10 px: about 6.5 px a character)."""
    full = f"{area + 1}: {format_decimal(share, lang)}%"
    if room >= 6.5 * len(full) + 6:
        return full
    return str(area + 1) if room >= 13 else ""


def trend(
    series: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> SafeString:
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

    body = []
    for tick in range(int(lo), int(hi) + 1, 10):
        body.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" '
            f'y2="{y(tick):.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y(tick) + 4, str(tick), size=10, anchor="end", fill=MUTED))
    for yr in years:
        body.append(_text(x(yr), height - 10, str(yr), size=11, anchor="middle", fill=MUTED))
    palette = TREND_COLOURS
    labels = []
    for s, (name, points) in enumerate(series):
        colour = palette[s % len(palette)]
        pts = [(x(yr), y(v)) for yr, v in points if v is not None]
        if len(pts) > 1:
            d = " ".join(
                f"{'M' if j == 0 else 'L'}{px:.1f} {py:.1f}" for j, (px, py) in enumerate(pts)
            )
            body.append(
                f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{3 if s == 0 else 2}"/>'
            )
        for px, py in pts:
            body.append(_marker(s, px, py, colour))
        if pts:
            last = [v for _, v in points if v is not None][-1]
            labels.append([pts[-1][1] + 4, f"{name} {format_decimal(last, lang)}", colour, s])
    if compact:
        for i, (_ly, text, colour, s) in enumerate(sorted(labels, key=lambda label: label[0])):
            ly = height + 4 + 18 * i
            body.append(_marker(s, left + 5, ly - 4, colour))
            body.append(_text(left + 16, ly, text, size=12))
        extra = 18 * len(labels) + 8
        return _svg(width, height + extra, body, title, "phone")
    # Labels at the right end, pushed apart so that close values stay readable.
    labels.sort(key=lambda label: label[0])
    gap = 13.0
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + gap)
    overflow = labels[-1][0] - (height - bottom) if labels else 0
    if overflow > 0:
        for label in labels:
            label[0] -= overflow
        for i in range(len(labels) - 2, -1, -1):
            labels[i][0] = min(labels[i][0], labels[i + 1][0] - gap)
    for ly, text, colour, s in labels:
        body.append(_marker(s, left + plot_w + 12, ly - 4, colour))
        body.append(
            _text(left + plot_w + 20, ly, text, size=11, weight="bold" if s == 0 else "normal")
        )
    return _svg(width, height, body, title, "wide")


def benchmark_bars(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    *,
    title: str,
    lang: str = "id",
    compact: bool = False,
) -> SafeString:
    """Per row (label, mean, q1, median, q3): the spread between quartiles, the median tick
    and the mean as a dot, on 0-100. `compact`: narrow, for phones."""
    width, left, right, top, row, head = 760, 280, 56, 10, 30, 0
    if compact:
        width, left, right, row, head = 360, 10, 44, 44, 16
    plot = width - left - right
    height = top + row * len(rows) + 24
    x = lambda v: left + plot * max(0.0, min(100.0, v)) / 100.0  # noqa: E731
    body = []
    for tick in range(0, 101, 25):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" '
            f'y2="{top + row * len(rows)}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                x(tick), top + row * len(rows) + 14, str(tick), size=10, anchor="middle", fill=MUTED
            )
        )
    for i, (label, mean, q1, med, q3) in enumerate(rows):
        yy = top + i * row
        mid = yy + head + (row - head) / 2
        body.append(_label(compact, left, yy, row, label))
        if None in (mean, q1, med, q3):
            continue
        assert mean is not None and q1 is not None and med is not None and q3 is not None
        body.append(
            f'<rect x="{x(q1):.1f}" y="{yy + head + 8}" width="{max(x(q3) - x(q1), 1):.1f}" '
            f'height="{row - head - 16}" fill="#b9d3e0" stroke="#0b4f6c"/>'
        )
        body.append(
            f'<line x1="{x(med):.1f}" y1="{yy + head + 5}" x2="{x(med):.1f}" '
            f'y2="{yy + row - 5}" stroke="#0b4f6c" stroke-width="2.5"/>'
        )
        body.append(f'<circle cx="{x(mean):.1f}" cy="{mid:.1f}" r="4" fill="{INK}"/>')
        body.append(_text(x(q3) + 6, mid + 4, format_decimal(mean, lang), size=11, weight="bold"))
    return _svg(width, height, body, title, "phone" if compact else "wide")
