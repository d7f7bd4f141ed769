"""The local values file `local_values.csv` (docs/method.md §18): each instansi's own set of
work-culture values, one row per value, mapped to positive items of the pool.

Columns: instansi_code, set_code, set_name, value_code, name_id, name_en, items (pool codes
joined by ';'), and optionally legal_basis. `instansi_code` `*` gives the set of every
instansi that has none of its own. Every bad row is named; nothing partial is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..method.items import ItemPool
from ..method.local import (
    MAX_VALUES,
    LocalProblem,
    LocalSet,
    LocalValue,
    code_problems,
    item_problems,
    parse_items,
)
from .org import Org
from .problems import Message, ProblemLog, msg
from .tables import open_table

LOCAL_COLUMNS = (
    "instansi_code",
    "set_code",
    "set_name",
    "value_code",
    "name_id",
    "name_en",
    "items",
)
LOCAL_OPTIONAL = ("legal_basis",)
EVERY_INSTANSI = "*"
REQUIRED = ("instansi_code", "set_code", "set_name", "value_code", "name_id")


@dataclass(frozen=True)
class LocalSets:
    """The sets of a local values file: each instansi's own, and the one for every other
    instansi (`*`), if any."""

    own: dict[str, LocalSet] = field(default_factory=dict)
    default: LocalSet | None = None

    def for_instansi(self, code: str) -> LocalSet | None:
        return self.own.get(code, self.default)

    def by_unit(self, org: Org) -> tuple[list[LocalSet], npt.NDArray[np.intp]]:
        """The distinct sets of the org's instansi, and per unit of the org (its global id)
        the position of its instansi's set among them, -1 for none."""
        sets: list[LocalSet] = []
        position: dict[int, int] = {}
        index = np.full(org.n_units, -1, dtype=np.intp)
        for code in org.instansi:
            local = self.for_instansi(code)
            if local is None:
                continue
            s = position.setdefault(id(local), len(sets))
            if s == len(sets):
                sets.append(local)
            first = org.first_unit_id(code)
            index[first : first + len(org.instansi[code].units)] = s
        return sets, index


def _message(problem: LocalProblem) -> Message:
    return msg(problem.code, **problem.args)


@dataclass
class _Draft:
    """The rows of one instansi's set read so far."""

    code: str
    name: str
    legal_basis: str
    values: list[tuple[int, LocalValue]] = field(default_factory=list)


class _LocalBuilder:
    def __init__(self, log: ProblemLog, org: Org, pool: ItemPool) -> None:
        self.log, self.org, self.pool = log, org, pool
        self.drafts: dict[str, _Draft] = {}

    def add(self, row: dict[str, str], record: int) -> None:
        problems = [msg("empty_field", column=c) for c in REQUIRED if not row[c]]
        owner = row["instansi_code"]
        if owner and owner != EVERY_INSTANSI and owner not in self.org.instansi:
            problems.append(msg("instansi_unknown", code=repr(owner)))
        for code in (row["set_code"], row["value_code"]):
            if code:
                problems += [_message(p) for p in code_problems(code)]
        items = parse_items(row["items"])
        problems += [_message(p) for p in item_problems(row["value_code"], items, self.pool)]
        if not problems and owner:
            problems = self._into_set(row, items, record)
        for message in problems:
            self.log.add(record, message)

    def _into_set(self, row: dict[str, str], items: list[str], record: int) -> list[Message]:
        owner, code = row["instansi_code"], row["set_code"]
        basis = row.get("legal_basis", "")
        draft = self.drafts.setdefault(owner, _Draft(code, row["set_name"], basis))
        if draft.code != code:
            return [msg("local_second_set", code=owner, set=repr(draft.code))]
        problems = []
        if draft.name != row["set_name"]:
            problems.append(msg("local_set_named_earlier", set=code, name=repr(draft.name)))
        if draft.legal_basis != basis:
            problems.append(msg("local_basis_earlier", set=code, basis=repr(draft.legal_basis)))
        if any(v.code == row["value_code"] for _, v in draft.values):
            problems.append(msg("local_value_twice", value=repr(row["value_code"]), set=code))
        if not problems:
            value = LocalValue(row["value_code"], row["name_id"], row["name_en"], tuple(items))
            draft.values.append((record, value))
        return problems

    def sets(self) -> LocalSets:
        own: dict[str, LocalSet] = {}
        for owner, draft in self.drafts.items():
            if len(draft.values) > MAX_VALUES:
                record = draft.values[MAX_VALUES][0]
                self.log.add(
                    record,
                    msg(
                        "local_too_many_values",
                        set=repr(draft.code),
                        n=len(draft.values),
                        max=str(MAX_VALUES),
                    ),
                )
            values = tuple(v for _, v in draft.values)
            own[owner] = LocalSet(draft.code, draft.name, draft.legal_basis, values)
        default = own.pop(EVERY_INSTANSI, None)
        return LocalSets(own, default)


def read_local_values(path: Path, org: Org, pool: ItemPool) -> LocalSets:
    """Read and validate a local values file against the org and the pool; InputError names
    every bad row (an unknown item, a limiting item, a value without items, ...)."""
    table = open_table(path, LOCAL_COLUMNS, LOCAL_OPTIONAL)
    log = ProblemLog(table.name)
    builder = _LocalBuilder(log, org, pool)
    names = [c for c in (*LOCAL_COLUMNS, *LOCAL_OPTIONAL) if c in table.columns]
    record = 0
    for batch in table.batches():
        columns = [[(v or "").strip() for v in batch.column(n).to_pylist()] for n in names]
        for row in zip(*columns, strict=True):
            builder.add({"legal_basis": "", **dict(zip(names, row, strict=True))}, record)
            record += 1
    if record == 0:
        log.add(None, msg("no_local_values"))
    sets = builder.sets()
    if log:
        raise log.error(table.row_of)
    return sets
