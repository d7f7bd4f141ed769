"""The evaluation files of the combined index (docs/method.md §12): `evidence.csv`, the
evaluators' score per unit and criterion, and the optional `rubric.csv`.

Each bad row is one problem (file, row, reason), every problem of the file at once, and
nothing is computed while one remains: an unknown unit or criterion, a score that is not a
whole number of the rubric's scale, or a unit and criterion scored twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..method.combined import Criterion, Evaluation, Rubric
from .org import Org
from .problems import Message, ProblemLog, msg
from .responses import MAX_YEAR, MIN_YEAR, bad_year
from .tables import Table, open_table

EVIDENCE_COLUMNS = ("year", "instansi_code", "unit_code", "criterion", "score")
RUBRIC_COLUMNS = ("criterion", "name_id", "name_en", "weight", "scale_max")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(table: Table, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(record, row) of every data row of the table, every field as stripped text."""
    record = 0
    for batch in table.batches():
        data = [[_text(v) for v in batch.column(name).to_pylist()] for name in columns]
        for values in zip(*data, strict=True):
            yield record, dict(zip(columns, values, strict=True))
            record += 1


def _columns(table: Table, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every data row of the table as a tuple of stripped texts (no dict per row: the
    evidence of every unit of 600 instansi is some 370,000 rows)."""
    for batch in table.batches():
        data = []
        for name in columns:
            column = batch.column(name)
            if not pa.types.is_string(column.type):
                column = column.cast(pa.string())
            column = pc.fill_null(pc.utf8_trim_whitespace(column), "")
            data.append(column.to_pylist())
        yield from zip(*data, strict=True)


def _whole(text: str) -> int | None:
    t = text.removesuffix(".0")
    return int(t) if t.isascii() and t.isdigit() else None


def read_rubric(path: Path) -> Rubric:
    """The rubric of a `rubric.csv`: one row per criterion, one `scale_max` for all rows."""
    table = open_table(path, RUBRIC_COLUMNS)
    log = ProblemLog(table.name)
    criteria: list[Criterion] = []
    scales: set[int] = set()
    record = -1
    for record, row in _rows(table, RUBRIC_COLUMNS):
        problems = [msg("empty_field", column=c) for c in RUBRIC_COLUMNS if not row[c]]
        try:
            weight = float(row["weight"].replace(",", "."))
        except ValueError:
            weight = math.nan
        if row["weight"] and not (weight > 0 and math.isfinite(weight)):
            problems.append(msg("weight", value=repr(row["weight"])))
        scale = _whole(row["scale_max"])
        if row["scale_max"] and (scale is None or scale < 1):
            problems.append(msg("scale_max", value=repr(row["scale_max"])))
        elif scale is not None and scales and scale not in scales:
            problems.append(msg("scale_max_differs", value=str(scale), first=str(min(scales))))
        if row["criterion"] and any(c.code == row["criterion"] for c in criteria):
            problems.append(msg("criterion_twice", criterion=repr(row["criterion"])))
        for message in problems:
            log.add(record, message)
        if not problems and scale is not None:
            scales.add(scale)
            criteria.append(Criterion(row["criterion"], row["name_id"], row["name_en"], weight))
    if record < 0:
        log.add(None, msg("no_criteria"))
    if log:
        raise log.error(table.row_of)
    return Rubric(tuple(criteria), scales.pop())


def _row_problems(row: dict[str, str], org: Org, rubric: Rubric) -> list[Message]:
    """What is wrong with a row of `evidence.csv`, each problem once."""
    problems = [msg("empty_field", column=c) for c in EVIDENCE_COLUMNS if not row[c]]
    year = _whole(row["year"])
    if row["year"] and (year is None or not MIN_YEAR <= year <= MAX_YEAR):
        problems.append(bad_year(repr(row["year"])))
    code, unit, criterion = row["instansi_code"], row["unit_code"], row["criterion"]
    instansi = org.instansi.get(code)
    if code and instansi is None:
        problems.append(msg("instansi_unknown", code=repr(code)))
    elif instansi is not None and unit and (code, unit) not in org.unit_ids:
        problems.append(msg("unit_unknown", unit=repr(unit), code=code))
    if criterion and rubric.find(criterion) is None:
        problems.append(
            msg("criterion_unknown", criterion=repr(criterion), options=", ".join(rubric.codes))
        )
    score = _whole(row["score"])
    if row["score"] and (score is None or score > rubric.scale_max):
        problems.append(msg("score_range", value=repr(row["score"]), high=rubric.scale_max))
    return problems


def read_evidence(path: Path, org: Org, rubric: Rubric) -> dict[tuple[str, int], Evaluation]:
    """The evaluators' scores per (instansi code, year), checked against the org file and the
    rubric; InputError names every bad row, and nothing is kept of a file that has one."""
    table = open_table(path, EVIDENCE_COLUMNS)
    log = ProblemLog(table.name)
    scores: dict[tuple[str, int], dict[str, dict[str, int]]] = {}
    first_row: dict[tuple[str, int, str, str], int] = {}
    records: list[tuple[int, tuple[str, int, str, str]]] = []
    criteria, units, scale_max = set(rubric.codes), org.unit_ids, rubric.scale_max
    for record, values in enumerate(_columns(table, EVIDENCE_COLUMNS)):
        year, score = _whole(values[0]), _whole(values[4])
        code, unit, criterion = values[1], values[2], values[3]
        if (
            year is not None
            and MIN_YEAR <= year <= MAX_YEAR
            and score is not None
            and score <= scale_max
            and criterion in criteria
            and (code, unit) in units
        ):  # a good row (most are): kept without building its problems
            key = (code, year, unit, criterion)
            if key in first_row:
                records.append((record, key))
                continue
            first_row[key] = record
            scores.setdefault((code, year), {}).setdefault(unit, {})[criterion] = score
            continue
        problems = _row_problems(dict(zip(EVIDENCE_COLUMNS, values, strict=True)), org, rubric)
        for message in problems:  # a row the fast path did not keep always has one
            log.add(record, message)
    if records:
        earlier = sorted({first_row[key] for _, key in records})
        rows = dict(zip(earlier, table.row_of(earlier), strict=True))
        for record, key in records:
            _code, year, unit, criterion = key
            first = rows[first_row[key]]
            log.add(
                record,
                msg("score_twice", unit=unit, criterion=criterion, year=str(year), row=first),
            )
    if log:
        raise log.error(table.row_of)
    return {key: Evaluation(rubric, units) for key, units in scores.items()}
