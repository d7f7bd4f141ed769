"""A plain, slow computation of the method from raw answers, written from docs/method.md
without the core's code: the property tests compare the core's vectorised figures with it.

One response is (pv, cc, dc, duration): three lists of item codes and seconds (None when not
known). Nothing here uses NumPy or the core's counts.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from berakhlak.method.items import ItemPool

Answer = tuple[list[str], list[str], list[str], float | None]
Z = 1.96


@dataclass
class Figures:
    n: int
    excluded: int
    values: dict[str, float]  # R_v
    value_cis: dict[str, tuple[float, float]]
    indices: dict[str, float]  # implementasi .. total
    index_cis: dict[str, tuple[float, float] | None]


def is_excluded(answer: Answer) -> bool:
    pv, cc, dc, duration = answer
    speeder = duration is not None and duration < 60
    straight = set(pv) == set(cc) == set(dc)
    return speeder or straight


def correction(n: int, headcount: float | None) -> float:
    """f: 1 when the headcount is unknown or below n; 0 for a census."""
    if headcount is None or math.isnan(headcount) or n > headcount:
        return 1.0
    if n == headcount:
        return 0.0
    return (headcount - n) / (headcount - 1)


def wilson(k: int, n: int, f: float) -> tuple[float, float]:
    p = k / n
    if f == 0:
        return 100 * p, 100 * p
    m = n / f
    denom = 1 + Z * Z / m
    centre = (p + Z * Z / (2 * m)) / denom
    half = Z * math.sqrt(p * (1 - p) / m + Z * Z / (4 * m * m)) / denom
    return max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def mean_interval(scores: Sequence[float], f: float) -> tuple[float, float] | None:
    if len(scores) < 2:
        return None
    mean = statistics.fmean(scores)
    se = statistics.stdev(scores) / math.sqrt(len(scores)) * math.sqrt(f)
    return max(0.0, mean - Z * se), min(100.0, mean + Z * se)


def top10(answers: Sequence[list[str]], pool: ItemPool) -> set[str]:
    votes = dict.fromkeys(pool.codes, 0)
    for picks in answers:
        for code in picks:
            votes[code] += 1
    order = sorted(pool.codes, key=lambda code: (-votes[code], pool.index(code)))
    return {code for code in order[:10] if votes[code] > 0}


def figures(answers: Sequence[Answer], headcount: float | None, pool: ItemPool) -> Figures:
    valid = [a for a in answers if not is_excluded(a)]
    n = len(valid)
    if n == 0:
        return Figures(0, len(answers), {}, {}, {}, {})
    f = correction(n, headcount)
    value_of = {item.code: item.value for item in pool.items}
    limiting = {item.code for item in pool.items if item.limiting}
    area = {item.code: item.area for item in pool.items}
    cc_answers = [a[1] for a in valid]

    values, value_cis = {}, {}
    for v in pool.value_codes:
        reached = sum(1 for cc in cc_answers if any(value_of[c] == v for c in cc))
        values[v] = 100 * reached / n
        value_cis[v] = wilson(reached, n, f)
    implementasi = sum(values.values()) / len(values)

    positive = [c for cc in cc_answers for c in cc if c not in limiting]
    if positive:
        shares = [sum(1 for c in positive if area[c] == a) / len(positive) for a in range(1, 7)]
        tvd = sum(abs(p - 1 / 6) for p in shares) / 2
        balance = 100 * (1 - tvd / (5 / 6))
    else:
        balance = 0.0
    limiting_votes = sum(1 for cc in cc_answers for c in cc if c in limiting)
    energy = 100 * (1 - limiting_votes / (10 * n))
    top = {q: top10([a[j] for a in valid], pool) for j, q in enumerate(("pv", "cc", "dc"))}
    pribadi = 10 * len(top["pv"] & top["cc"])
    harapan = 10 * len(top["cc"] & top["dc"])
    total = (implementasi + balance + energy + pribadi + harapan) / 5

    reached_scores = [
        100 * len({value_of[c] for c in cc if value_of[c]}) / len(pool.value_codes)
        for cc in cc_answers
    ]
    energy_scores = [100 * (1 - sum(1 for c in cc if c in limiting) / 10) for cc in cc_answers]
    return Figures(
        n=n,
        excluded=len(answers) - n,
        values=values,
        value_cis=value_cis,
        indices={
            "implementasi": implementasi,
            "keseimbangan": balance,
            "energi_positif": energy,
            "keselarasan_pribadi": pribadi,
            "keselarasan_harapan": harapan,
            "total": total,
        },
        index_cis={
            "implementasi": mean_interval(reached_scores, f),
            "keseimbangan": None,
            "energi_positif": mean_interval(energy_scores, f),
            "keselarasan_pribadi": None,
            "keselarasan_harapan": None,
            "total": None,
        },
    )


def hidden_siblings(ns: Sequence[int], codes: Sequence[str], k: int) -> list[bool]:
    """Docs §9 word for word: hide every sibling with 0 < n < k; while the hidden total S is
    0 < S < k and a shown sibling with responses is left, hide the shown one with the
    smallest n, the lower code (as text) first among equals."""
    hidden = [0 < n < k for n in ns]
    while True:
        s = sum(n for n, h in zip(ns, hidden, strict=True) if h)
        shown = [i for i, n in enumerate(ns) if not hidden[i] and n > 0]
        if not (0 < s < k) or not shown:
            return hidden
        smallest = min(shown, key=lambda i: (ns[i], codes[i]))
        hidden[smallest] = True


def hidden_with_groups(
    ns: Sequence[int], codes: Sequence[str], groups: Sequence[str | None], k: int
) -> tuple[list[bool], dict[str, bool]]:
    """Docs §9 on reporting groups word for word: a group's n is the sum of its units'; the
    rule runs among the groups and the ungrouped units, then among the units of each shown
    group; a hidden group hides all its units. Returns (units hidden, hidden per group)."""
    names = sorted({g for g in groups if g is not None})
    first_codes = names + [c for c, g in zip(codes, groups, strict=True) if g is None]
    first_ns = [sum(n for n, g in zip(ns, groups, strict=True) if g == name) for name in names]
    first_ns += [n for n, g in zip(ns, groups, strict=True) if g is None]
    first = dict(zip(first_codes, hidden_siblings(first_ns, first_codes, k), strict=True))
    hidden = [first[c] if g is None else first[g] for c, g in zip(codes, groups, strict=True)]
    for name in names:
        if first[name]:
            continue
        inside = [j for j, g in enumerate(groups) if g == name]
        second = hidden_siblings([ns[j] for j in inside], [codes[j] for j in inside], k)
        for j, h in zip(inside, second, strict=True):
            hidden[j] = h
    return hidden, {name: first[name] for name in names}


def round_half_away(x: float) -> float:
    """One decimal, half away from zero, decided in decimal on nine places (docs §5)."""

    return float(Decimal(f"{x:.9f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + 0.0


def competition_ranks(values: Sequence[float]) -> list[int]:
    """1 + how many have a higher rounded figure."""
    rounded = [round_half_away(v) for v in values]
    return [1 + sum(1 for other in rounded if other > mine) for mine in rounded]
