"""An instansi's trend over every year with results, on its dashboard: the Indeks BerAKHLAK
and each value as each year showed them, hidden years as gaps with their reason, and each
year's change against its own baseline year (the latest earlier year shown: the method's
rule, docs/method.md §7). The same trend points as a unit's trend (`dashboard.unit_trend`),
from the same results: every earlier cycle of the instansi, computed with the current one."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from ..method.change import Change
from ..method.compute import instansi_status
from ..method.indices import IMPLEMENTASI, INDEX_NAMES
from ..method.items import ItemPool
from ..method.narrative import unreported_reason
from ..method.results import InstansiResult
from ..method.rounding import category_array
from .chart_tables import ChartTable, trend_table
from .charts import trend
from .unit_trend import TrendPoint


@dataclass
class InstansiTrendYear:
    point: TrendPoint  # the index, its category, or the gap's reason
    values: list[float | None]  # each value's figure, None in a gap
    change: Change | None  # of the index, against `baseline_year`
    baseline_year: int | None


@dataclass
class InstansiTrend:
    years: list[InstansiTrendYear]
    value_codes: list[str]
    value_names: list[str]
    charts: dict[str, object]
    table: ChartTable | None

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(code, name) of each value, the table's columns."""
        return list(zip(self.value_codes, self.value_names, strict=True))

    @property
    def gaps(self) -> list[TrendPoint]:
        return [y.point for y in self.years if y.point.value is None]


def trend_years(r: InstansiResult, pool: ItemPool, lang: str) -> list[InstansiTrendYear]:
    """Every year of the instansi's results up to r's, oldest first."""
    out = []
    for year_result in [*r.history, r]:
        status = instansi_status(year_result)
        if status is not None:
            point = TrendPoint(year_result.year, None, None, None, unreported_reason(status, lang))
            out.append(InstansiTrendYear(point, [None] * len(pool.values), None, None))
            continue
        value = float(year_result.stats.indices[0, 0])
        [category] = category_array(np.array([value]), year_result.params)
        values: list[float | None] = [float(v) for v in year_result.stats.values[0]]
        cmp = year_result.comparison
        change = cmp.indices.get(INDEX_NAMES[IMPLEMENTASI]) if cmp is not None else None
        point = TrendPoint(year_result.year, value, category, None)
        out.append(InstansiTrendYear(point, values, change, cmp.baseline_year if cmp else None))
    return out


def instansi_trend(r: InstansiResult, pool: ItemPool, lang: str) -> InstansiTrend | None:
    """The trend of the dashboard's instansi; None when it has a single year of results or
    is not shown this year."""
    if not r.shown or not r.history:
        return None
    years = trend_years(r, pool, lang)
    names = [v.name(lang) for v in pool.values]
    series = [(_("Indeks BerAKHLAK"), [(y.point.year, y.point.value) for y in years])]
    series += [(name, [(y.point.year, y.values[j]) for y in years]) for j, name in enumerate(names)]
    charts: dict[str, object] = {}
    table = None
    if sum(1 for y in years if y.point.value is not None) >= 2:
        title = _("Tren Indeks BerAKHLAK dan nilai instansi")
        charts = {
            "trend": trend(series, title=title, lang=lang),
            "trend_phone": trend(series, title=title, lang=lang, compact=True),
        }
        table = trend_table(series, caption=title, series_label=_("Indeks dan nilai"), lang=lang)
    return InstansiTrend(years, list(pool.value_codes), names, charts, table)
