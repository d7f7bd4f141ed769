"""The counts of docs/method.md §4.10, computed inside PostgreSQL with GROUP BY.

The app counts a cycle's responses in NumPy (`counts.compute_counts`): one process reads
the rows. Past one machine (README, "Scale beyond one machine"), the same counts can be
computed where the rows live, by the database (or by each shard of a partitioned or
distributed one, Citus for instance), and only the count rows travel: one row per unit,
summed into instansi and the nation by the method core (`compute_results`). This module
is that query, one statement whose every figure is a GROUP BY; the PostgreSQL test pass
checks that it gives exactly the app's counts and the national results of `berakhlak
compute` (tests/web/results/test_sql_counts.py). PostgreSQL only (arrays, unnest).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db import connection

from ..method.counts import Counts, Layout
from ..method.items import default_pool
from ..method.params import Params

COUNTS_SQL = """
WITH items (code, pos, value, limiting) AS (
    SELECT * FROM unnest(%(codes)s::text[], %(positions)s::int[], %(values)s::int[],
                         %(limiting)s::bool[])
),
r AS (
    SELECT id, cycle_unit_id AS unit,
           string_to_array(pv, ';') AS pv, string_to_array(cc, ';') AS cc,
           string_to_array(dc, ';') AS dc,
           coalesce(duration_s < %(speeder_seconds)s, false) AS speeder
    FROM responses_response WHERE cycle_id = ANY(%(cycles)s)
),
f AS (  -- a straight-liner picked the same set of items in all three questions
    SELECT r.*,
           (SELECT array_agg(x ORDER BY x) FROM unnest(pv) x)
               = (SELECT array_agg(x ORDER BY x) FROM unnest(cc) x)
           AND (SELECT array_agg(x ORDER BY x) FROM unnest(cc) x)
               = (SELECT array_agg(x ORDER BY x) FROM unnest(dc) x) AS straight
    FROM r
),
v AS (SELECT id, unit, pv, cc, dc FROM f WHERE NOT speeder AND NOT straight),
picks AS (  -- the current-culture (cc) picks of valid responses, with their item
    SELECT v.id, v.unit, items.value, items.limiting
    FROM v CROSS JOIN LATERAL unnest(v.cc) AS c (code) JOIN items USING (code)
),
per AS (  -- per valid response: values its cc picks reach, limiting cc picks
    SELECT unit, count(DISTINCT value) FILTER (WHERE value >= 0) AS reached,
           count(*) FILTER (WHERE limiting) AS lim
    FROM picks GROUP BY id, unit
)
SELECT unit, %(n)s, count(*) FILTER (WHERE NOT speeder AND NOT straight) FROM f GROUP BY unit
UNION ALL
SELECT unit, %(speeders)s, count(*) FILTER (WHERE speeder) FROM f GROUP BY unit
UNION ALL
SELECT unit, %(straight)s, count(*) FILTER (WHERE straight AND NOT speeder) FROM f GROUP BY unit
UNION ALL
SELECT unit, %(reach0)s + value, count(DISTINCT id) FROM picks WHERE value >= 0
GROUP BY unit, value
UNION ALL SELECT unit, %(sum_reached)s, sum(reached) FROM per GROUP BY unit
UNION ALL SELECT unit, %(sum_reached)s + 1, sum(reached * reached) FROM per GROUP BY unit
UNION ALL SELECT unit, %(sum_reached)s + 2, sum(lim) FROM per GROUP BY unit
UNION ALL SELECT unit, %(sum_reached)s + 3, sum(lim * lim) FROM per GROUP BY unit
UNION ALL
SELECT x.unit, x.start + items.pos, count(*)
FROM (
    SELECT unit, %(pv)s AS start, unnest(pv) AS code FROM v
    UNION ALL SELECT unit, %(cc)s, unnest(cc) FROM v
    UNION ALL SELECT unit, %(dc)s, unnest(dc) FROM v
) AS x JOIN items USING (code)
GROUP BY x.unit, x.start + items.pos
"""


def group_by_counts(cycle_ids: list[int], params: Params | None = None) -> dict[int, Counts]:
    """Counts row of every cycle unit (by its id) that has responses in the cycles, each
    figure counted by PostgreSQL; Python only puts the numbers in their columns."""
    params = params or Params()
    pool = default_pool()
    layout = Layout.for_pool(pool)
    arguments = {
        "codes": [item.code for item in pool.items],
        "positions": list(range(len(pool))),
        "values": [int(v) for v in pool.value_of_item],
        "limiting": [bool(x) for x in pool.limiting],
        "speeder_seconds": params.speeder_seconds,
        "cycles": list(cycle_ids),
        "n": Layout.N,
        "speeders": Layout.SPEEDERS,
        "straight": Layout.STRAIGHT,
        "reach0": Layout.REACH0,
        "sum_reached": layout.sum_reached,
        **{q: layout.votes(q).start for q in ("pv", "cc", "dc")},
    }
    out: dict[int, Counts] = defaultdict(layout.empty)
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL, arguments)
        for unit, column, value in cursor.fetchall():
            out[unit][column] = value
    return {unit: np.asarray(row, dtype=np.int64) for unit, row in out.items()}
