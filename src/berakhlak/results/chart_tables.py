"""The text equivalents of the charts (charts.py): each chart's figures as a table, for
screen readers and for anyone who wants the numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..method.rounding import format_decimal


@dataclass(frozen=True)
class ChartTable:
    """A chart's figures as a table: its text equivalent, for screen readers and for anyone
    who wants the numbers. The first column names the rows."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: bool = True  # the cells are plain numbers (aligned right)


def area_table(
    rows: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    area_names: Sequence[str],
    *,
    caption: str,
    area_label: str,
    limiting_label: str,
    lang: str = "id",
) -> ChartTable:
    """The figures of `area_bars`: per area, the share of each question's votes, with the
    part that is limiting items when there is one."""

    def cell(share: float, limiting: float) -> str:
        text = f"{format_decimal(share, lang)}%"
        if limiting > 0:
            text += f" ({limiting_label} {format_decimal(limiting, lang)}%)"
        return text

    return ChartTable(
        caption,
        (area_label, *(label for label, _, _ in rows)),
        tuple(
            (f"{a + 1}. {name}", *(cell(shares[a], lim[a]) for _, shares, lim in rows))
            for a, name in enumerate(area_names)
        ),
        numeric=False,
    )


def benchmark_table(
    rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]],
    *,
    caption: str,
    columns: tuple[str, str, str, str, str],
    lang: str = "id",
) -> ChartTable:
    """The figures of `benchmark_bars`: mean, first quartile, median and third quartile
    (`columns`: the header of the row names, then of those four)."""

    def cell(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else format_decimal(value, lang)

    return ChartTable(
        caption, columns, tuple((label, *(cell(v) for v in values)) for label, *values in rows)
    )


def trend_table(
    series: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    *,
    caption: str,
    series_label: str,
    lang: str = "id",
) -> ChartTable:
    """The figures of `trend`: one row per line, one column per year."""
    years = sorted({year for _, points in series for year, _ in points})

    def cell(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else format_decimal(value, lang)

    return ChartTable(
        caption,
        (series_label, *(str(y) for y in years)),
        tuple((name, *(cell(dict(points).get(y)) for y in years)) for name, points in series),
    )
