"""Units too small to be shown on their own, and a proposal of reporting groups for them
(docs/method.md §9), shown on a cycle's page before it opens.

A unit with a headcount below k can never be shown: even if every member answers, it has
fewer than k respondents. A unit whose target (its share of the instansi's minimum,
docs/method.md §8) is below k will be hidden at its target: it is shown only if more of its
staff answer than the survey needs from it. The proposal gathers such units that are in no
group yet: those whose names begin with the same word (Kecamatan, Kelurahan, Puskesmas …)
into a group of that word when together their targets reach k, and the rest into one group
"Unit kecil lainnya". The operator accepts it (`do_apply_group_proposal`), edits units one
by one, or ignores it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..audit.actions import record
from ..method.eligibility import min_required, unit_target
from .models import Instansi, Unit

OTHERS_CODE = "KECIL"
OTHERS_NAME = "Unit kecil lainnya"  # data, like a unit's name: the operator may rename it


@dataclass(frozen=True)
class SmallUnit:
    code: str
    name: str
    headcount: int
    target: int
    group_code: str  # its reporting group, "" for none

    def never_shown(self, k: int) -> bool:
        """Fewer staff than k: it can never be shown on its own."""
        return self.headcount < k


@dataclass
class GroupProposal:
    code: str
    name: str
    units: list[SmallUnit] = field(default_factory=list)

    @property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units)

    @property
    def target(self) -> int:
        return sum(u.target for u in self.units)


def small_units(instansi: Instansi, k: int, margin: float) -> list[SmallUnit]:
    """The active units of the instansi whose target is below k (headcount below k
    included), in code order."""
    units = list(instansi.units.filter(active=True).order_by("code"))
    headcount = sum(u.headcount for u in units)
    need = min_required(headcount, margin)
    out = []
    for u in units:
        target = unit_target(need, u.headcount, headcount)
        if target < k:
            out.append(SmallUnit(u.code, u.name, u.headcount, target, u.group_code))
    return out


def _first_word(name: str) -> str:
    words = re.findall(r"[^\W\d_]+", name)
    return words[0].lower() if words else ""


def _code_of(word: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Z0-9]", "", word.upper())[:28] or "KELOMPOK"
    code, i = base, 2
    while code in taken:
        code, i = f"{base}{i}", i + 1
    return code


def propose_groups(small: list[SmallUnit], k: int, taken: set[str]) -> list[GroupProposal]:
    """Groups for the small units in no group yet: by the first word of their names when
    two or more share it and their targets together reach k, the rest in one group
    (when there are two or more). `taken`: the codes already used by units and groups of
    the instansi (a proposed code is never one of them)."""
    free = [u for u in small if not u.group_code]
    by_word: dict[str, list[SmallUnit]] = defaultdict(list)
    for u in free:
        by_word[_first_word(u.name)].append(u)
    taken = set(taken)
    proposals = []
    rest: list[SmallUnit] = []
    for word, units in sorted(by_word.items()):
        if word and len(units) >= 2 and sum(u.target for u in units) >= k:
            code = _code_of(word, taken)
            taken.add(code)
            name = units[0].name.split()[0]
            proposals.append(GroupProposal(code, name, units))
        else:
            rest.extend(units)
    if len(rest) >= 2:
        code = _code_of(OTHERS_CODE, taken)
        proposals.append(GroupProposal(code, OTHERS_NAME, sorted(rest, key=lambda u: u.code)))
    return proposals


def proposal_for(instansi: Instansi, k: int, margin: float) -> list[GroupProposal]:
    """The proposal for the instansi now."""
    taken = set(instansi.units.values_list("code", flat=True))
    taken |= set(instansi.units.exclude(group_code="").values_list("group_code", flat=True))
    return propose_groups(small_units(instansi, k, margin), k, taken)


@transaction.atomic
def do_apply_group_proposal(
    instansi: Instansi, proposals: list[GroupProposal], *, actor: AbstractBaseUser
) -> int:
    """Put the units of each proposed group in it, for units still in no group; one audit
    record per group. Returns how many units were put in a group."""
    moved = 0
    for p in proposals:
        codes = [u.code for u in p.units]
        changed = Unit.objects.filter(
            instansi=instansi, code__in=codes, group_code="", active=True
        ).update(group_code=p.code, group_name=p.name)
        if changed:
            moved += changed
            record(
                actor,
                "group.create",
                f"Membentuk kelompok pelaporan {p.code} {p.name} ({changed} unit)",
                instansi_code=instansi.code,
                group=p.code,
                units=codes,
            )
    return moved
