"""The "local" objects of the results JSON (docs/method.md §14, §18) as text: the local value
set's figures of an instansi-year and of each of its units, written by their known shape
(a few times faster than `encode`, which the JSON of every unit of a million responses
needs). The text is what json.dumps gives for `results_data.local_data` (tested).
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from .json_encoding import float_text, number_text, pair_text
from .results_data import Data, local_data

if TYPE_CHECKING:
    from .results import InstansiResult


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
    change = data["change"]
    if change is None:
        change_text = "null"
    else:
        changes = [
            f"{encode_basestring(code)}: {local_change_text(c, level + 3)}"
            for code, c in change["values"].items()
        ]
        change_values = f"{{{p[3]}{(',' + p[3]).join(changes)}{e[2]}" if changes else "{}"
        change_text = (
            f'{{{p[2]}"baseline_year": {int.__repr__(change["baseline_year"])},{p[2]}"index": '
            f'{local_change_text(change["index"], level + 2)},{p[2]}"values": {change_values}{e[1]}'
        )
    return (
        f'{{{p[1]}"set": {encode_basestring(data["set"])},{p[1]}"index": {index_text},'
        f'{p[1]}"values": {values_text},{p[1]}"change": {change_text}{e[0]}'
    )


def unit_local_texts(r: InstansiResult, level: int) -> list[str]:
    """The encoded "local" object of each unit (at `level`): "null" without a set, and for
    a hidden unit (which shows no figure at all)."""
    if r.local is None:
        return ["null"] * len(r.info.units)
    n = r.unit_stats.n.tolist()
    comparisons = r.local_unit_comparisons
    return [
        "null"
        if hidden
        else local_text(local_data(r.local, j, n[j] == 0, comparisons[j], r.params), level)
        for j, hidden in enumerate(r.unit_hidden)
    ]
