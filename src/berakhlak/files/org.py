"""The organisation file `org.csv` (docs/method.md §14): instansi, their units and headcounts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..method.instrument import REGIONS
from ..method.results import InstansiInfo, UnitInfo
from .problems import Message, ProblemLog, msg
from .tables import open_table

ORG_COLUMNS = ("instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region")


@dataclass
class Org:
    instansi: dict[str, InstansiInfo]

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
    return out


class _OrgBuilder:
    """Collects the rows of an org file; problems go to `log`."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.instansi: dict[str, tuple[str, str, list[UnitInfo]]] = {}
        self.seen_units: set[tuple[str, str]] = set()

    def add_rows(self, columns: list[list[str]], first: int) -> None:
        """Rows given column by column (in ORG_COLUMNS order), stripped; `first` is the
        record number of the first. The common row, well-formed, takes the short way."""
        instansi, seen = self.instansi, self.seen_units
        for record, row in enumerate(zip(*columns, strict=True), start=first):
            code, name, unit_code, unit_name, headcount, region = row
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
            ):
                seen.add((code, unit_code))
                if known is None:
                    known = instansi[code] = (name, region, [])
                known[2].append(UnitInfo(unit_code, unit_name, int(headcount)))
            else:
                self.add_row(dict(zip(ORG_COLUMNS, row, strict=True)), record)

    def add_row(self, row: dict[str, str], record: int) -> None:
        """One row, checked field by field and against the rows before it."""
        log = self.log
        problems = _row_problems(row)
        for message in problems:
            log.add(record, message)
        if problems:
            return
        code, name, region = row["instansi_code"], row["instansi_name"], row["region"].lower()
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
        known[2].append(UnitInfo(code=row["unit_code"], name=row["unit_name"], headcount=headcount))

    def org(self) -> Org:
        return Org(
            {
                code: InstansiInfo(code=code, name=name, region=region, units=tuple(units))
                for code, (name, region, units) in self.instansi.items()
            }
        )


def read_org(path: Path) -> Org:
    """Read and validate an org file; InputError names every bad row, nothing partial."""
    table = open_table(path, ORG_COLUMNS)
    log = ProblemLog(table.name)
    builder = _OrgBuilder(log)
    record = 0
    for batch in table.batches():
        columns = [
            [(v or "").strip() for v in batch.column(name).to_pylist()] for name in ORG_COLUMNS
        ]
        builder.add_rows(columns, record)
        record += batch.num_rows
    if record == 0:
        log.add(None, msg("no_units"))
    if log:
        raise log.error(table.row_of)
    return builder.org()
