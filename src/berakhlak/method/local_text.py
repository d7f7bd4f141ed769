"""The "local" objects of the results JSON (docs/method.md §14, §18) as text: the local value
set's figures of an instansi-year, written by their known shape (a few times faster than
`encode`), and those of every unit of every instansi-year at once, from arrays
(`all_unit_local_texts`). The text is what json.dumps gives for `results_data.local_data`
(tested).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .json_encoding import float_text, number_text, pair_text
from .local import MAX_VALUES
from .local_results import LocalResult
from .results_data import Data, local_change_data
from .rounding import category_array

if TYPE_CHECKING:
    from .results import InstansiResult

Floats = npt.NDArray[np.float64]
Texts = npt.NDArray[np.object_]


def local_change_text(c: Data | None, level: int) -> str:
    if c is None:
        return "null"
    pad, end = "\n" + " " * (level + 1), "\n" + " " * level + "}"
    significant = c["significant"]
    flag = "null" if significant is None else "true" if significant else "false"
    delta, shown = float_text(c["delta"]), float_text(c["delta_shown"])
    return (
        f'{{{pad}"delta": {delta},{pad}"delta_shown": {shown},'
        f'{pad}"direction": {encode_basestring(c["direction"])},{pad}"significant": {flag}{end}'
    )


def local_text(data: Data | None, level: int) -> str:
    """`encode` of a "local" object (results_data.local_data), written by its known shape."""
    if data is None:
        return "null"
    p = ["\n" + " " * (level + i) for i in range(6)]
    e = ["\n" + " " * (level + i) + "}" for i in range(6)]
    index = data["index"]
    category = index["category"]
    index_text = (
        f'{{{p[2]}"value": {number_text(index["value"])},{p[2]}"category": '
        f'{"null" if category is None else encode_basestring(category)},{p[2]}"ci95": '
        f"{pair_text(index['ci95'], level + 2)}{e[1]}"
    )
    values = []
    for code, v in data["values"].items():
        reaches = []
        for key in ("current", "desired"):
            r = v[key]
            reaches.append(
                f'"{key}": {{{p[4]}"value": {number_text(r["value"])},{p[4]}"ci95": '
                f"{pair_text(r['ci95'], level + 4)}{e[3]}"
            )
        values.append(f"{encode_basestring(code)}: {{{p[3]}{(',' + p[3]).join(reaches)}{e[2]}")
    values_text = f"{{{p[2]}{(',' + p[2]).join(values)}{e[1]}" if values else "{}"
    change_text = local_change_object_text(data["change"], level + 1)
    return (
        f'{{{p[1]}"set": {encode_basestring(data["set"])},{p[1]}"index": {index_text},'
        f'{p[1]}"values": {values_text},{p[1]}"change": {change_text}{e[0]}'
    )


def local_change_object_text(change: Data | None, level: int) -> str:
    """The "change" of a local object (results_data.local_change_data), at `level`."""
    if change is None:
        return "null"
    p = ["\n" + " " * (level + i) for i in range(3)]
    e = ["\n" + " " * (level + i) + "}" for i in range(3)]
    changes = [
        f"{encode_basestring(code)}: {local_change_text(c, level + 2)}"
        for code, c in change["values"].items()
    ]
    change_values = f"{{{p[2]}{(',' + p[2]).join(changes)}{e[1]}" if changes else "{}"
    return (
        f'{{{p[1]}"baseline_year": {int.__repr__(change["baseline_year"])},{p[1]}"index": '
        f'{local_change_text(change["index"], level + 1)},{p[1]}"values": {change_values}{e[0]}'
    )


# --- Every unit's local object at once -----------------------------------------------------
# The units' objects are written from arrays (each figure formatted once per distinct value,
# one template per set), as results_text's `_figure_blocks` does for the BerAKHLAK figures:
# one at a time, ~12,000 unit objects were most of what --local-values added to
# `berakhlak compute --json` (bench/RESULTS.md). The text is the same (tested).


def _distinct_texts(x: Floats, encode: Callable[[list[str], Floats], list[str]]) -> Texts:
    """An object array of x's shape: encode(JSON of the floats, the floats), once per
    distinct value (by its bits, so that 0.0 and -0.0 stay apart)."""
    bits, inverse = np.unique(np.ascontiguousarray(x).view(np.int64), return_inverse=True)
    distinct = bits.view(np.float64)
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = encode(list(map(float.__repr__, distinct.tolist())), distinct)
    return texts[inverse.reshape(x.shape)]


def _check_finite(*arrays: Floats) -> None:
    """Raise as json.dumps does for an infinite figure (NaN is "no figure")."""
    for x in arrays:
        bad = np.isinf(x)
        if bad.any():
            value = float(x[bad][0])
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")


def _values(x: Floats) -> Texts:
    return _distinct_texts(
        x, lambda t, v: ["null" if n else s for s, n in zip(t, np.isnan(v).tolist(), strict=True)]
    )


def _pairs(lo: Floats, hi: Floats, level: int) -> tuple[Texts, Texts]:
    """The two slots of a "ci95" pair at `level`: "[" and the lower bound, or "null"; the
    upper bound and "]", or "" (NaN lower bound: no interval)."""
    pad, close = "\n" + " " * (level + 1), "\n" + " " * level + "]"
    none = np.isnan(lo)
    hi = np.where(none, np.nan, hi)
    lower = _distinct_texts(
        lo,
        lambda t, v: [
            "null" if n else f"[{pad}{s},{pad}"
            for s, n in zip(t, np.isnan(v).tolist(), strict=True)
        ],
    )
    upper = _distinct_texts(
        hi,
        lambda t, v: [
            "" if n else f"{s}{close}" for s, n in zip(t, np.isnan(v).tolist(), strict=True)
        ],
    )
    return lower, upper


def _template(set_code: str, value_codes: list[str], level: int) -> str:
    """A unit's local object with a %s for each figure's slot and one for its change."""
    p = ["\n" + " " * (level + i) for i in range(6)]
    e = [q + "}" for q in p]
    index = f'{{{p[2]}"value": %s,{p[2]}"category": %s,{p[2]}"ci95": %s%s{e[1]}'
    reach = f'{{{p[4]}"value": %s,{p[4]}"ci95": %s%s{e[3]}'
    values = [
        f'{_literal(code)}: {{{p[3]}"current": {reach},{p[3]}"desired": {reach}{e[2]}'
        for code in value_codes
    ]
    values_text = f"{{{p[2]}{(',' + p[2]).join(values)}{e[1]}" if values else "{}"
    return (
        f'{{{p[1]}"set": {_literal(set_code)},{p[1]}"index": {index},'
        f'{p[1]}"values": {values_text},{p[1]}"change": %s{e[0]}'
    )


def _literal(text: str) -> str:
    """A JSON string inside a %-template."""
    return encode_basestring(text).replace("%", "%%")


def all_unit_local_texts(results: Sequence[InstansiResult], level: int) -> list[list[str]]:
    """The encoded "local" object of each unit (at `level`) of each of `results`: "null"
    without a set and for a hidden unit; a unit without responses shows no figure (all null,
    no change). Every figure of all of them is formatted at once."""
    out = [["null"] * len(r.info.units) for r in results]
    parts: list[tuple[int, InstansiResult, LocalResult, npt.NDArray[np.intp]]] = []
    for i, r in enumerate(results):
        rows = np.flatnonzero(~np.asarray(r.unit_hidden, dtype=bool))
        if r.local is not None and len(rows):
            parts.append((i, r, r.local, rows))
    if not parts:
        return out
    params = parts[0][1].params

    def stack(name: str) -> Floats:
        return np.concatenate([getattr(lr.unit_stats, name)[rows] for _, _, lr, rows in parts])

    blank = np.concatenate([np.asarray(r.unit_stats.n)[rows] == 0 for _, r, _, rows in parts])
    k = np.concatenate([np.full(len(rows), len(lr.local_set.values)) for _, _, lr, rows in parts])
    outside = blank[:, None] | (np.arange(MAX_VALUES)[None, :] >= k[:, None])  # no figure
    index = np.where(blank, np.nan, stack("index"))
    index_ci = np.where(blank[:, None], np.nan, stack("index_ci"))
    reaches = []
    for value, ci in (("current", "current_ci"), ("desired", "desired_ci")):
        v = np.where(outside, np.nan, stack(value))
        bounds = stack(ci)
        lo = np.where(np.isnan(v), np.nan, bounds[..., 0])  # no value: no interval
        reaches.append((v, lo, bounds[..., 1]))
    _check_finite(index, index_ci[~np.isnan(index_ci[:, 0])], *[x for t in reaches for x in t])
    categories = np.empty(len(index), dtype=object)
    categories[:] = ["null" if c is None else f'"{c}"' for c in category_array(index, params)]
    slots = [_values(index)[:, None], categories[:, None]]
    slots += [s[:, None] for s in _pairs(index_ci[:, 0], index_ci[:, 1], level + 2)]
    per_value = []
    for v, lo, hi in reaches:
        lower, upper = _pairs(lo, hi, level + 4)
        per_value.append(np.stack([_values(v), lower, upper], axis=2))  # (N, MAX_VALUES, 3)
    values = np.concatenate(per_value, axis=2).reshape(len(index), MAX_VALUES * 6)
    table = np.concatenate([*slots, values], axis=1).tolist()
    templates: dict[tuple[str, tuple[str, ...]], str] = {}
    at = 0
    for i, r, local, rows in parts:
        local_set = local.local_set
        codes = tuple(local_set.value_codes)
        key = (local_set.code, codes)
        if key not in templates:
            templates[key] = _template(key[0], list(codes), level)
        template, width = templates[key], 4 + 6 * len(codes)
        comparisons = r.local_unit_comparisons
        for j in rows.tolist():
            cmp = comparisons[j]
            change = (
                "null"
                if blank[at] or cmp is None
                else local_change_object_text(local_change_data(cmp), level + 1)
            )
            out[i][j] = template % (*table[at][:width], change)
            at += 1
    return out
