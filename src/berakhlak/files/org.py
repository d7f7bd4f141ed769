"""The organisation file `org.csv` (docs/method.md §14): instansi, their units and headcounts,
and optionally each unit's reporting group (docs/method.md §9)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..method.instrument import REGIONS
from ..method.results import GroupInfo, InstansiInfo, UnitInfo
from .problems import Message, ProblemLog, msg
from .tables import open_table

ORG_COLUMNS = ("instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region")
GROUP_COLUMNS = ("group_code", "group_name")
"""Optional: the unit's reporting group; both empty when it has none."""
OPERATOR_COLUMN = "operator_email"
"""Optional: e-mail addresses of the instansi's operators, to be invited (the national
admin's import); several in one cell separated by ';', and any row of the instansi may
name them: its operators are all the addresses of its rows."""

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(
    rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})"
)
"""A plain address (dot-atom local part, a domain of at least two labels): stricter than
the RFC, as strict as the addresses of government mail."""


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """The addresses of an operator_email cell (';', ',' or spaces between them), in lower
    case, and the parts that are not addresses."""
    good, bad = [], []
    for part in re.split(r"[;,\s]+", text.strip()):
        if not part:
            continue
        local = part.rsplit("@", 1)[0]
        if len(part) <= 254 and len(local) <= 64 and EMAIL.fullmatch(part):
            good.append(part.lower())
        else:
            bad.append(part)
    return good, bad


@dataclass
class Org:
    instansi: dict[str, InstansiInfo]
    grouped: bool = False
    """Whether the file had the group columns (a file without them says nothing of groups)."""
    operators: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Instansi code -> the operators' e-mail addresses the file names (OPERATOR_COLUMN)."""

    def __post_init__(self) -> None:
        self.unit_ids: dict[tuple[str, str], int] = {}
        self.unit_owner: list[InstansiInfo] = []
        for inst in self.instansi.values():
            for unit in inst.units:
                self.unit_ids[(inst.code, unit.code)] = len(self.unit_owner)
                self.unit_owner.append(inst)

    @property
    def n_units(self) -> int:
        return len(self.unit_owner)

    def first_unit_id(self, instansi_code: str) -> int:
        return self.unit_ids[(instansi_code, self.instansi[instansi_code].units[0].code)]


def parse_headcount(text: str) -> int | None:
    """A whole number of at least 1 ('1.200' and '1,200' are thousands), or None."""
    t = text.strip().replace(" ", "")
    if t.endswith(".0"):
        t = t[:-2]
    if (t.count(".") == 1 and len(t.split(".")[1]) == 3) or (
        t.count(",") == 1 and len(t.split(",")[1]) == 3
    ):
        t = t.replace(".", "").replace(",", "")
    return int(t) if t.isascii() and t.isdigit() and int(t) >= 1 else None


def _row_problems(row: dict[str, str]) -> list[Message]:
    out = []
    for column in ("instansi_code", "instansi_name", "unit_code", "unit_name"):
        if not row[column]:
            out.append(msg("empty_field", column=column))
    if parse_headcount(row["headcount"]) is None:
        out.append(msg("headcount", value=repr(row["headcount"])))
    if row["region"].lower() not in REGIONS:
        out.append(msg("region", value=repr(row["region"]), options=", ".join(REGIONS)))
    if bool(row.get("group_code")) != bool(row.get("group_name")):
        out.append(msg("group_incomplete"))
    return out


class _OrgBuilder:
    """Collects the rows of an org file; problems go to `log`."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.instansi: dict[str, tuple[str, str, list[UnitInfo]]] = {}
        self.seen_units: set[tuple[str, str]] = set()
        self.grouped = False
        self.groups: dict[str, tuple[str, str, int]] = {}
        """Reporting group code -> (its instansi's code, its name, the record that named it)."""
        self.operators: dict[str, dict[str, None]] = {}
        """Instansi code -> its operators' addresses (ordered, once each)."""
        self.email_owner: dict[str, str] = {}

    def add_rows(
        self, columns: list[list[str]], first: int, names: tuple[str, ...] = ORG_COLUMNS
    ) -> None:
        """Rows given column by column (`names`: ORG_COLUMNS, then the group columns the file
        has), stripped; `first` is the record number of the first. The common row,
        well-formed and without a group, takes the short way."""
        instansi, seen = self.instansi, self.seen_units
        for record, row in enumerate(zip(*columns, strict=True), start=first):
            code, name, unit_code, unit_name, headcount, region = row[:6]
            known = instansi.get(code)
            if (
                code
                and name
                and unit_code
                and unit_name
                and headcount.isascii()
                and headcount.isdigit()
                and headcount.strip("0")
                and region in REGIONS
                and (known is None or (known[0] == name and known[1] == region))
                and (code, unit_code) not in seen
                and not any(row[6:])
            ):
                seen.add((code, unit_code))
                if known is None:
                    known = instansi[code] = (name, region, [])
                known[2].append(UnitInfo(unit_code, unit_name, int(headcount)))
            else:
                self.add_row(dict(zip(names, row, strict=True)), record)

    def add_row(self, row: dict[str, str], record: int) -> None:
        """One row, checked field by field and against the rows before it."""
        log = self.log
        problems = _row_problems(row)
        for message in problems:
            log.add(record, message)
        if problems:
            return
        code, name, region = row["instansi_code"], row["instansi_name"], row["region"].lower()
        self._add_operators(code, row.get(OPERATOR_COLUMN, ""), record)
        known = self.instansi.setdefault(code, (name, region, []))
        if known[0] != name:
            log.add(record, msg("named_earlier", code=code, name=repr(known[0])))
        if known[1] != region:
            log.add(record, msg("region_earlier", code=code, region=repr(known[1])))
        key = (code, row["unit_code"])
        if key in self.seen_units:
            log.add(record, msg("unit_twice", unit=row["unit_code"], code=code))
            return
        self.seen_units.add(key)
        headcount = parse_headcount(row["headcount"])
        assert headcount is not None
        group = row.get("group_code") or None
        if group is not None:
            group_name = row["group_name"]
            earlier = self.groups.setdefault(group, (code, group_name, record))
            if earlier[0] != code:
                log.add(record, msg("group_other_instansi", group=group, code=earlier[0]))
            elif earlier[1] != group_name:
                log.add(record, msg("group_named_earlier", group=group, name=repr(earlier[1])))
        known[2].append(
            UnitInfo(code=row["unit_code"], name=row["unit_name"], headcount=headcount, group=group)
        )

    def _add_operators(self, code: str, cell: str, record: int) -> None:
        """The operator addresses of a row; one address is the operator of one instansi."""
        good, bad = parse_emails(cell)
        for part in bad:
            self.log.add(record, msg("operator_email", value=repr(part[:80])))
        for email in good:
            owner = self.email_owner.setdefault(email, code)
            if owner != code:
                self.log.add(record, msg("operator_other_instansi", email=email, code=owner))
            else:
                self.operators.setdefault(code, {})[email] = None

    def org(self) -> Org:
        """The org, once every row is in (a group's code is checked against every unit)."""
        return Org(
            {
                code: InstansiInfo(
                    code=code,
                    name=name,
                    region=region,
                    units=tuple(units),
                    groups=self._groups_of(units),
                )
                for code, (name, region, units) in self.instansi.items()
            },
            grouped=self.grouped,
            operators={code: tuple(emails) for code, emails in self.operators.items()},
        )

    def _groups_of(self, units: list[UnitInfo]) -> tuple[GroupInfo, ...]:
        """The reporting groups named by `units`, in the order they were first named."""
        codes = dict.fromkeys(u.group for u in units if u.group is not None)
        return tuple(GroupInfo(code, self.groups[code][1]) for code in codes)

    def check_groups(self) -> None:
        """A group's code may not be the code of a unit of its instansi (docs/method.md §9:
        the siblings of the first step are told apart by code)."""
        for group, (code, _name, record) in self.groups.items():
            if (code, group) in self.seen_units:
                self.log.add(record, msg("group_is_unit", group=group, code=code))


def read_org(path: Path) -> Org:
    """Read and validate an org file; InputError names every bad row, nothing partial."""
    table = open_table(path, ORG_COLUMNS, (*GROUP_COLUMNS, OPERATOR_COLUMN))
    log = ProblemLog(table.name)
    builder = _OrgBuilder(log)
    optional = (*GROUP_COLUMNS, OPERATOR_COLUMN)
    names = ORG_COLUMNS + tuple(c for c in optional if c in table.columns)
    record = 0
    for batch in table.batches():
        columns = [[(v or "").strip() for v in batch.column(name).to_pylist()] for name in names]
        builder.add_rows(columns, record, names)
        record += batch.num_rows
    if record == 0:
        log.add(None, msg("no_units"))
    builder.check_groups()
    builder.grouped = "group_code" in names
    if log:
        raise log.error(table.row_of)
    return builder.org()
