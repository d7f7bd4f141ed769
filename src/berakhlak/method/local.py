"""Local value sets (docs/method.md §18): a regional government's own work-culture values,
measured from the same answers as BerAKHLAK, with no extra question.

Each local value is mapped to one or more positive items of the pool; its current reach is
the share of respondents whose `cc` picks include at least one of them, its desired reach the
same over `dc`. This module holds what a set is, what makes one invalid (as problem codes of
the file readers, so that a file, a form and the command line word them alike), the set as
plain data (frozen into a survey cycle) and the masks that count it. The counting itself is
in counts.py, in the same pass as the BerAKHLAK counts; the figures in local_results.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .items import ItemPool

MAX_VALUES = 8
"""A set has at most this many values; the counts of a group keep this many slots."""

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
"""A set's and a value's code: 1-16 letters, digits, '_' or '-' (it is a key of the JSON)."""

MAX_NAME = 100
MAX_BASIS = 200


@dataclass(frozen=True)
class LocalValue:
    code: str
    name_id: str
    name_en: str
    items: tuple[str, ...]
    """Pool codes of the positive items the value is mapped to, in the order given."""

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_id


@dataclass(frozen=True)
class LocalSet:
    """An instansi's own set of work-culture values (KREATIF of Kudus, ...) and its legal
    basis (a Perbup, a Permen), each value mapped to items of the pool."""

    code: str
    name: str
    legal_basis: str
    values: tuple[LocalValue, ...]

    @property
    def value_codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def value(self, code: str) -> LocalValue | None:
        return next((v for v in self.values if v.code == code), None)

    def measures_alike(self, other: LocalSet | None, code: str | None = None) -> bool:
        """Whether `other` measures value `code` (or, without a code, the whole set and so
        its index) exactly as this set does: the same set code and the same items. Only then
        is a change between two years' figures a change of the culture."""
        if other is None or other.code != self.code:
            return False
        if code is None:
            return [(v.code, set(v.items)) for v in self.values] == [
                (v.code, set(v.items)) for v in other.values
            ]
        mine, theirs = self.value(code), other.value(code)
        return mine is not None and theirs is not None and set(mine.items) == set(theirs.items)


# --- What makes a set invalid ----------------------------------------------------------------


@dataclass(frozen=True)
class LocalProblem:
    """Why a set or one of its values cannot be used: a code of the file readers' problems
    (files/problems.py) and its arguments (str as shown, int a count)."""

    code: str
    args: dict[str, str | int]


def parse_items(text: str) -> list[str]:
    """'P05; p14;KL2' -> ['P05', 'P14', 'KL2']: codes of a value, upper case, none empty."""
    return [c.strip().upper() for c in text.split(";") if c.strip()]


def item_problems(value_code: str, codes: Sequence[str], pool: ItemPool) -> list[LocalProblem]:
    """What is wrong with the items of one value: none at all, an unknown code, a limiting
    item (a local value is a value: only positive items express one), a code twice."""
    shown = repr(value_code)
    if not codes:
        return [LocalProblem("local_no_items", {"value": shown})]
    out = []
    unknown = [c for c in codes if pool.get(c) is None]
    if unknown:
        out.append(LocalProblem("local_unknown_item", {"value": shown, "codes": _listed(unknown)}))
    limiting = [c for c in codes if (item := pool.get(c)) is not None and item.limiting]
    if limiting:
        out.append(
            LocalProblem("local_limiting_item", {"value": shown, "items": _listed(limiting)})
        )
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        out.append(LocalProblem("local_item_twice", {"value": shown, "items": ", ".join(twice)}))
    return out


def code_problems(code: str) -> list[LocalProblem]:
    """A code that cannot be a key of the results: empty, too long, odd characters."""
    if CODE_RE.fullmatch(code):
        return []
    return [LocalProblem("local_code_unfit", {"code": repr(code)})]


def set_problems(local: LocalSet, pool: ItemPool) -> list[LocalProblem]:
    """Everything wrong with a set: its codes, no value or more than MAX_VALUES, a value code
    twice, a value without a name, and each value's items (`item_problems`)."""
    out = code_problems(local.code)
    if not local.name.strip():
        out.append(LocalProblem("local_set_unnamed", {"set": repr(local.code)}))
    if not local.values:
        out.append(LocalProblem("local_no_values", {"set": repr(local.code)}))
    if len(local.values) > MAX_VALUES:
        out.append(
            LocalProblem(
                "local_too_many_values",
                {"set": repr(local.code), "n": len(local.values), "max": str(MAX_VALUES)},
            )
        )
    seen: set[str] = set()
    for value in local.values:
        out += code_problems(value.code)
        if value.code in seen:
            out.append(
                LocalProblem("local_value_twice", {"value": repr(value.code), "set": local.code})
            )
        seen.add(value.code)
        if not value.name_id.strip():
            out.append(LocalProblem("local_value_unnamed", {"value": repr(value.code)}))
        out += item_problems(value.code, value.items, pool)
    return out


def _listed(codes: Sequence[str]) -> str:
    return ", ".join(repr(c) for c in codes)


# --- The set as plain data (frozen into a survey cycle) -------------------------------------


def local_set_data(local: LocalSet) -> dict[str, Any]:
    """The set as JSON-ready data: what a survey cycle keeps from the day it opened."""
    return {
        "code": local.code,
        "name": local.name,
        "legal_basis": local.legal_basis,
        "values": [
            {"code": v.code, "name_id": v.name_id, "name_en": v.name_en, "items": list(v.items)}
            for v in local.values
        ],
    }


def local_set_from_data(data: Mapping[str, Any]) -> LocalSet:
    """The set of `local_set_data`; KeyError or TypeError when the data are not one."""
    return LocalSet(
        code=str(data["code"]),
        name=str(data["name"]),
        legal_basis=str(data.get("legal_basis", "")),
        values=tuple(
            LocalValue(
                code=str(v["code"]),
                name_id=str(v["name_id"]),
                name_en=str(v.get("name_en", "")),
                items=tuple(str(c) for c in v["items"]),
            )
            for v in data["values"]
        ),
    )


# --- Counting --------------------------------------------------------------------------------


class LocalLayout:
    """Where each count of a local set sits in a group's row of local counts: per value slot
    (MAX_VALUES of them, unused slots 0), respondents whose cc picks reach the value, then
    those whose dc picks do; the sum and the sum of squares of the number of the set's values
    each respondent's cc reaches (the index and its interval). Rows add up like the
    BerAKHLAK counts, from units to the instansi."""

    CURRENT = slice(0, MAX_VALUES)
    DESIRED = slice(MAX_VALUES, 2 * MAX_VALUES)
    SUM_REACHED = 2 * MAX_VALUES
    SUM_REACHED_SQ = 2 * MAX_VALUES + 1
    WIDTH = 2 * MAX_VALUES + 2

    @classmethod
    def empty(cls, groups: int | None = None) -> npt.NDArray[np.int64]:
        shape = (cls.WIDTH,) if groups is None else (groups, cls.WIDTH)
        return np.zeros(shape, dtype=np.int64)


@dataclass(frozen=True)
class LocalMasks:
    """The sets of one count as membership tables: members[s, v, i] says whether pool item
    i expresses value slot v of set s. One more set, all False, comes last, so that the set
    index -1 ("no set") picks it."""

    members: npt.NDArray[np.bool_]  # (S + 1, MAX_VALUES, items)

    @classmethod
    def of(cls, sets: Sequence[LocalSet], pool: ItemPool) -> LocalMasks:
        members = np.zeros((len(sets) + 1, MAX_VALUES, len(pool)), dtype=bool)
        for s, local in enumerate(sets):
            for v, value in enumerate(local.values[:MAX_VALUES]):
                members[s, v, [pool.index(c) for c in value.items]] = True
        return cls(members)

    def bits(self) -> npt.NDArray[np.uint64]:
        """(S + 1, MAX_VALUES) the members as bitmasks of pool positions (pools of 64 or
        fewer items)."""
        out = np.zeros(self.members.shape[:2], dtype=np.uint64)
        for i in range(self.members.shape[2]):
            out[self.members[:, :, i]] |= np.uint64(1) << np.uint64(i)
        return out
