"""The organisation file `org.csv` (METHOD.md §9): instansi, their units and headcounts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..method.results import REGIONS, InstansiInfo, UnitInfo
from .problems import ProblemLog
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
    return int(t) if t.isdigit() and int(t) >= 1 else None


def _row_problems(row: dict[str, str]) -> list[str]:
    out = []
    for column in ("instansi_code", "instansi_name", "unit_code", "unit_name"):
        if not row[column]:
            out.append(f"{column} is empty")
    if parse_headcount(row["headcount"]) is None:
        out.append(f"headcount {row['headcount']!r} is not a whole number of at least 1")
    if row["region"].lower() not in REGIONS:
        out.append(f"region {row['region']!r} is not one of {', '.join(REGIONS)}")
    return out


def read_org(path: Path) -> Org:
    """Read and validate an org file; InputError names every bad row, nothing partial."""
    table = open_table(path, ORG_COLUMNS)
    log = ProblemLog(table.name)
    instansi: dict[str, dict[str, object]] = {}
    seen_units: dict[tuple[str, str], int] = {}
    record = 0
    for batch in table.batches():
        columns = {name: batch.column(name).to_pylist() for name in ORG_COLUMNS}
        for i in range(batch.num_rows):
            row = {name: (columns[name][i] or "").strip() for name in ORG_COLUMNS}
            _check_row(row, record, log, instansi, seen_units)
            record += 1
    if record == 0:
        log.add(None, "has a header but no units")
    if log:
        raise log.error(table.row_of)
    return Org(
        {
            code: InstansiInfo(
                code=code,
                name=str(data["name"]),
                region=str(data["region"]),
                units=tuple(data["units"]),  # type: ignore[arg-type]
            )
            for code, data in instansi.items()
        }
    )


def _check_row(
    row: dict[str, str],
    record: int,
    log: ProblemLog,
    instansi: dict[str, dict[str, object]],
    seen_units: dict[tuple[str, str], int],
) -> None:
    problems = _row_problems(row)
    for message in problems:
        log.add(record, message)
    if problems:
        return
    code, region = row["instansi_code"], row["region"].lower()
    data = instansi.setdefault(code, {"name": row["instansi_name"], "region": region, "units": []})
    if data["name"] != row["instansi_name"]:
        log.add(record, f"instansi {code} is named {data['name']!r} on an earlier row")
    if data["region"] != region:
        log.add(record, f"instansi {code} has region {data['region']!r} on an earlier row")
    key = (code, row["unit_code"])
    if key in seen_units:
        log.add(record, f"unit {row['unit_code']} of instansi {code} appears twice")
        return
    seen_units[key] = record
    units = data["units"]
    assert isinstance(units, list)
    headcount = parse_headcount(row["headcount"])
    assert headcount is not None
    units.append(UnitInfo(code=row["unit_code"], name=row["unit_name"], headcount=headcount))
