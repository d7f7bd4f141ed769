"""The measurement method `berakhlak-terbuka/2` (docs/method.md) as pure functions of additive
counts.

This package imports nothing from Django: the web app, the command line and the reports
all compute their numbers here.
"""

from .compute import compute_results
from .counts import Layout, count_responses
from .indices import INDEX_NAMES, GroupStats, group_stats
from .items import PICKS, ItemPool, default_pool
from .params import METHOD_ID, Params
from .results import InstansiInfo, InstansiYear, Results, UnitInfo

__all__ = [
    "INDEX_NAMES",
    "METHOD_ID",
    "PICKS",
    "GroupStats",
    "InstansiInfo",
    "InstansiYear",
    "ItemPool",
    "Layout",
    "Params",
    "Results",
    "UnitInfo",
    "compute_results",
    "count_responses",
    "default_pool",
    "group_stats",
]
