"""The results JSON (docs/method.md §14) as text, fast: what the command line writes.

The JSON is written as text straight from the arrays: building a dict for every figure of
tens of thousands of units and encoding them with json.dumps(indent=1), which has no fast
path for indented output, takes many times longer than computing the results. The text is
exactly what json.dumps(data, ensure_ascii=False, allow_nan=False, indent=1) gives for the
data that `results_data.results_json` builds (a test holds the two together); the figures of
all units are formatted at once from templates, everything else by `json_encoding.encode`
(the local value sets' objects by `local_text`).

`json_pieces` writes it on two cores where a national file makes that worth a process.
"""

from __future__ import annotations

import functools
import itertools
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring

import numpy as np
import numpy.typing as npt

from .change import Change
from .comparison import Comparison
from .indices import INDEX_NAMES, GroupStats
from .items import ItemPool
from .json_encoding import array_text, encode, float_text, object_text
from .local_text import all_unit_local_texts, local_text
from .params import METHOD_ID, Params
from .results import InstansiResult, Results
from .results_data import combined_data, groups_data, local_data, national_data
from .rounding import category_array


def _texts(
    x: npt.NDArray[np.float64], encode: Callable[[list[str], npt.NDArray[np.float64]], list[str]]
) -> npt.NDArray[np.object_]:
    """An object array of x's shape: encode(JSON of the floats, the floats) of each value.

    Many figures repeat (a share k/n for small n), so each distinct value is encoded once;
    distinct by its bits, so that 0.0 and -0.0 stay apart.
    """
    bits, inverse = np.unique(np.ascontiguousarray(x).view(np.int64), return_inverse=True)
    distinct = bits.view(np.float64)
    texts = np.array(encode(list(map(float.__repr__, distinct.tolist())), distinct), dtype=object)
    return texts[inverse.reshape(x.shape)]


def _figure_blocks(
    values: npt.NDArray[np.float64],
    cis: npt.NDArray[np.float64],
    names: Sequence[str],
    params: Params,
    level: int,
) -> list[str]:
    """Per row of `values` (G, K) and `cis` (G, K, 2): the encoded object
    {name: {"value", "category", "ci95"}} of its K figures; NaN is "no figure" (null)."""
    if len(values) == 0:
        return []
    lo = cis[..., 0]
    interval = ~np.isnan(lo)
    for x in (values[~np.isnan(values)], lo[interval], cis[..., 1][interval]):
        if not np.isfinite(x).all():
            float_text(float(x[~np.isfinite(x)][0]))  # raises as json.dumps does
    hi = np.where(interval, cis[..., 1], np.nan)
    p1 = "\n" + " " * (level + 2)  # the fields of a figure
    p2 = p1 + " "  # the bounds of its interval

    def value_and_category(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        categories = category_array(x, params)
        return [
            f'null,{p1}"category": null' if c is None else f'{t},{p1}"category": "{c}"'
            for t, c in zip(texts, categories, strict=True)
        ]

    def lower(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        nan = np.isnan(x).tolist()
        return ["null" if n else f"[{p2}{t},{p2}" for t, n in zip(texts, nan, strict=True)]

    def upper(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        nan = np.isnan(x).tolist()
        return ["" if n else f"{t}{p1}]" for t, n in zip(texts, nan, strict=True)]

    # The block with three %s per figure: value and category; "[" and the lower bound, or
    # "null"; the upper bound and "]", or "".
    figure = f'{{{p1}"value": %s,{p1}"ci95": %s%s{p1[:-1]}}}'
    template = (
        "{"
        + ",".join(
            f"\n{' ' * (level + 1)}{encode_basestring(name).replace('%', '%%')}: {figure}"
            for name in names
        )
        + "\n"
        + " " * level
        + "}"
    )
    slots = [_texts(values, value_and_category), _texts(lo, lower), _texts(hi, upper)]
    rows = np.stack(slots, axis=2).reshape(len(values), -1)  # the %s of a block in order
    return [template % row for row in zip(*rows.T.tolist(), strict=True)]


def _comparison_text(cmp: Comparison | None, level: int) -> str:
    """The encoded "change" object at `level`: what `encode` gives for its data, written
    straight from the Change objects (a national file has thirteen of them per instansi)."""
    if cmp is None:
        return "null"
    pad = "\n" + " " * (level + 1)
    names, fields = pad + " ", pad + "  "
    close = pad + " }"
    template = (
        f'{{{fields}"delta": %s,{fields}"delta_shown": %s,{fields}"direction": "%s",'
        f'{fields}"significant": %s{close}'
    )
    significant = {None: "null", True: "true", False: "false"}

    def part(changes: dict[str, Change | None]) -> str:
        items = [
            f"{names}{encode_basestring(key)}: "
            + (
                "null"
                if c is None
                else template
                % (
                    float_text(c.delta),
                    float_text(c.delta_shown),
                    c.direction,
                    significant[c.significant],
                )
            )
            for key, c in changes.items()
        ]
        return "{" + ",".join(items) + pad + "}" if items else "{}"

    return (
        f'{{{pad}"baseline_year": {cmp.baseline_year},{pad}"indices": {part(cmp.indices)},'
        f'{pad}"values": {part(cmp.values)}\n{" " * level}}}'
    )


def _encoded_figures(
    stats: Sequence[GroupStats],
    rows: npt.NDArray[np.intp],
    blank: npt.NDArray[np.bool_],
    pool: ItemPool,
    params: Params,
    level: int,
) -> list[tuple[str, str]]:
    """The encoded "indices" and "values" objects of `rows` of the concatenated `stats`;
    a blank row shows no figures (all null)."""
    arrays = []
    for name in ("indices", "indices_ci", "values", "values_ci"):
        x = np.concatenate([getattr(s, name) for s in stats])[rows]
        arrays.append(np.where(blank.reshape((-1,) + (1,) * (x.ndim - 1)), np.nan, x))
    indices = _figure_blocks(arrays[0], arrays[1], INDEX_NAMES, params, level)
    values = _figure_blocks(arrays[2], arrays[3], pool.value_codes, params, level)
    return list(zip(indices, values, strict=True))


def _instansi_text(
    r: InstansiResult,
    figures: tuple[str, str],
    unit_figures: Sequence[tuple[str, str] | None],
    locals_: Sequence[str],
    rank: tuple[int, int] | None,
    lang: str,
    level: int,
) -> str:
    """One entry of "instansi", given its encoded figures, those of each unit that is not
    hidden (None for a hidden unit), each unit's "local" object, and its national ranks
    (None when not included)."""
    pad = "\n" + " " * (level + 3)
    keys = ("code", "name", "n", "headcount", "suppressed", "indices", "values")
    slots = [f"{pad}{encode_basestring(key)}: %s" for key in keys]
    # A hidden unit shows no local figure, and of the combined index its E alone (§12).
    later = f'{pad}"combined": %s,{pad}"local": '
    group_slot = f',{pad}"group": %s'
    close = "\n" + " " * (level + 2) + "}"
    hidden_unit = "{" + ",".join(slots[:5]) + "," + later + "null" + group_slot + close
    shown_unit = "{" + ",".join(slots) + "," + later + "%s" + group_slot + close
    units = []
    combined = r.unit_combined if r.unit_evidence is not None else None
    for j, (unit, n, hidden, shown) in enumerate(
        zip(r.info.units, r.unit_stats.n.tolist(), r.unit_hidden, unit_figures, strict=True)
    ):
        head = (encode_basestring(unit.code), encode_basestring(unit.name), n, unit.headcount)
        group = "null" if unit.group is None else encode_basestring(unit.group)
        c = "null" if combined is None else encode(combined_data(combined[j], hidden), level + 3)
        flag = "true" if hidden else "false"
        if shown is None:
            units.append(hidden_unit % (*head, flag, c, group))
        else:
            units.append(shown_unit % (*head, flag, *shown, c, locals_[j], group))
    local_cmp = r.local_comparison
    fields = [
        ("code", encode_basestring(r.info.code)),
        ("name", encode_basestring(r.info.name)),
        ("region", encode_basestring(r.info.region)),
        ("year", str(r.year)),
        ("n", str(r.n)),
        ("n_excluded", str(int(r.stats.n_excluded[0]))),
        ("headcount", str(r.info.headcount)),
        ("min_required", str(r.min_required)),
        ("eligible", "true" if r.eligible else "false"),
        ("rank", "null" if rank is None else str(rank[0])),
        ("rank_region", "null" if rank is None else str(rank[1])),
        ("indices", figures[0]),
        ("values", figures[1]),
        ("change", _comparison_text(r.comparison if r.shown else None, level + 1)),
        ("narrative", encode_basestring(r.narrative(lang))),
        ("warnings", encode(r.warnings(lang), level + 1)),
        ("combined", encode(combined_data(r.combined, False), level + 1)),
        (
            "local",
            local_text(local_data(r.local, None, not r.shown, local_cmp, r.params), level + 1),
        ),
        ("units", array_text(units, level + 1)),
        ("groups", encode(groups_data(r), level + 1)),
    ]
    return object_text(fields, level)


def _all_figures(
    results: Sequence[InstansiResult], level: int
) -> tuple[list[tuple[str, str]], list[list[tuple[str, str] | None]]]:
    """Encoded figures of every instansi-year (at `level`) and of each of its units (two
    levels deeper; None for a hidden unit), computed for all of them at once."""
    if not results:
        return [], []
    pool, params = results[0].pool, results[0].params
    blank = np.array([not r.shown for r in results])
    instansi = _encoded_figures(
        [r.stats for r in results], np.arange(len(results)), blank, pool, params, level
    )
    stats = [r.unit_stats for r in results]
    hidden = np.concatenate([np.asarray(r.unit_hidden, dtype=bool) for r in results])
    shown = np.flatnonzero(~hidden)
    n = np.concatenate([s.n for s in stats])[shown]
    encoded = _encoded_figures(stats, shown, n == 0, pool, params, level + 2)
    flat: list[tuple[str, str] | None] = [None] * len(hidden)
    for i, row in enumerate(shown.tolist()):
        flat[row] = encoded[i]
    units = []
    start = 0
    for r in results:
        units.append(flat[start : start + len(r.info.units)])
        start += len(r.info.units)
    return instansi, units


def results_json_text(results: Results, lang: str = "id") -> Iterator[str]:
    """The results JSON (docs/method.md §14) in pieces, narratives in `lang`; ends with a newline.

    Joined, the pieces are json.dumps(results_data.results_json(results, lang),
    ensure_ascii=False, allow_nan=False, indent=1) + "\n" (tested).
    """
    yield results_json_head(results)
    yield from instansi_json_texts(results, lang, 0, len(results.instansi))
    yield results_json_tail(results)


def results_json_head(results: Results) -> str:
    """The results JSON up to the list of instansi."""
    params = encode(results.params.as_dict(), 1)
    return f'{{\n "method": {encode_basestring(METHOD_ID)},\n "params": {params},\n "instansi": '


def instansi_json_texts(results: Results, lang: str, start: int, stop: int) -> Iterator[str]:
    """The entries start..stop of the JSON list of instansi, each with the "[" or "," before
    it, and after the last entry of all the "]" that closes the list: the texts of
    consecutive spans, joined, are those of their union."""
    entries = results.instansi[start:stop]
    if entries:
        figures, unit_figures = _all_figures(entries, level=3)
        locals_ = all_unit_local_texts(entries, level=5)  # each unit's "local" object
        ranks = results.ranks
        for i, r in enumerate(entries):
            rank = ranks.get((r.info.code, r.year))
            text = _instansi_text(r, figures[i], unit_figures[i], locals_[i], rank, lang, level=2)
            yield ("[\n  " if start + i == 0 else ",\n  ") + text
    if stop >= len(results.instansi):
        yield "\n ]" if results.instansi else "[]"


def results_json_tail(results: Results) -> str:
    """The results JSON after the list of instansi: the national roll-up."""
    national = [national_data(n) for n in results.national]
    return f',\n "national": {encode(national, 1)}\n}}\n'


# --- Two cores ------------------------------------------------------------------------------

FORK_MIN_UNITS = 5_000  # below this, forking costs more than it saves
# Forking a process whose libraries have started threads is safe on Linux (Arrow, jemalloc
# and OpenBLAS prepare for it); on macOS system libraries may not be, so it stays serial.
FORK_SAFE = sys.platform.startswith("linux")


def json_pieces(results: Results, lang: str) -> Iterator[bytes]:
    """The results JSON (docs/method.md §14) in pieces of UTF-8: `results_json_text`, sped up.

    Writing it is Python work on one core: for a national file, the figures of tens of
    thousands of units (1M respondents: 0.5 s). So where there are several cores, a forked
    copy of this process writes the last 45% of the instansi, by units, to a temporary file
    meanwhile, and that file follows the first part. Should the copy fail, its half is
    written here after all: the text is the same either way (tested).
    """
    total = len(results.instansi)
    units = [len(r.info.units) for r in results.instansi]
    split, share = total, sum(units) * 0.55
    if sum(units) >= FORK_MIN_UNITS and (os.cpu_count() or 1) > 1 and FORK_SAFE:
        # The copy takes the instansi from where 55% of the units are done: this process
        # also writes out both parts (1M: 0.05-0.14 s sooner than at 50%).
        split = next(i for i, done in enumerate(itertools.accumulate(units)) if done >= share)
    yield results_json_head(results).encode()
    if split == total:
        yield from (text.encode() for text in instansi_json_texts(results, lang, 0, total))
        yield results_json_tail(results).encode()
        return
    with tempfile.TemporaryFile() as spill:
        child = os.fork()
        if child == 0:  # the copy: its half into `spill`, then gone without any clean-up
            status = 1
            try:
                for text in instansi_json_texts(results, lang, split, total):
                    spill.write(text.encode())
                spill.flush()
                status = 0
            finally:
                os._exit(status)
        try:
            yield from (text.encode() for text in instansi_json_texts(results, lang, 0, split))
            _, status = os.waitpid(child, 0)
            child = 0
            if status == 0:
                spill.seek(0)
                yield from iter(functools.partial(spill.read, 1 << 20), b"")
            else:
                second = instansi_json_texts(results, lang, split, total)
                yield from (text.encode() for text in second)
        finally:
            if child:  # the consumer stopped early
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
    yield results_json_tail(results).encode()
