"""The instansi of a cycle for the method core, as it was frozen when the cycle opened: its
units with their headcounts and reporting groups (docs/method.md §9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from ..method.results import GroupInfo, InstansiInfo, UnitInfo
from ..orgs.models import Instansi


class Frozen(Protocol):
    """What the method needs of a frozen unit: a `CycleUnit`, or its plain row."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def headcount(self) -> int: ...
    @property
    def group_code(self) -> str: ...
    @property
    def group_name(self) -> str: ...


class FrozenUnit(NamedTuple):
    """A frozen unit as a plain row: the national view loads 27,000 of them a year, where a
    model object per row took most of the page's time (bench/RESULTS.md, "The whole nation")."""

    pk: int
    code: str
    name: str
    headcount: int
    group_code: str
    group_name: str


def instansi_info(instansi: Instansi, units: Sequence[Frozen]) -> InstansiInfo:
    """`units` in code order. A group takes the name of its first unit (one code has one
    name; `do_save_unit` and the org import keep it so), and a group code that is also a
    unit's code (which the forms refuse) is reported under the unit's code suffixed, so
    that the siblings of the first step stay apart."""
    codes = {u.code for u in units}
    names: dict[str, str] = {}
    group_of: list[str | None] = []
    for u in units:
        if not u.group_code:
            group_of.append(None)
            continue
        code = u.group_code if u.group_code not in codes else f"{u.group_code}~"
        names.setdefault(code, u.group_name or u.group_code)
        group_of.append(code)
    return InstansiInfo(
        code=instansi.code,
        name=instansi.name,
        region=instansi.region,
        units=tuple(
            UnitInfo(u.code, u.name, u.headcount, g) for u, g in zip(units, group_of, strict=True)
        ),
        groups=tuple(GroupInfo(code, name) for code, name in names.items()),
    )
