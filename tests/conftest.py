"""Small input files shared by the reader and command-line tests.

`inputs` writes a valid org file and responses file (two instansi, three units, one year)
into a temporary directory; each bad-input case in BAD_INPUTS spoils one of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ORG = [
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region",
    "KAB-001,Kabupaten Contoh,U01,Sekretariat Daerah,40,barat",
    "KAB-001,Kabupaten Contoh,U02,Dinas Pendidikan,30,barat",
    "KOT-001,Kota Contoh,U01,Sekretariat Daerah,25,timur",
]
RESPONSES = [
    "response_id,year,instansi_code,unit_code,status,jabatan,gender,age_band,tenure_band,"
    "duration_s,pv,cc,dc",
    "R1,2025,KAB-001,U01,PNS,pelaksana,P,40-49,15+,420,"
    "AK1;P18;P21;P07;LO1;KO1;P03;HA1;P09;P06,BP1;AK1;KO1;HA1;LO1;AD1;KL1;P01;P05;P09,"
    "AD2;AD1;P12;P03;P13;P15;P22;KO1;BP1;BP3",
    "R2,2025,KAB-001,U02,PPPK,fungsional,L,30-39,<5,,"
    "AK1;P18;P21;P07;LO1;KO1;P03;HA1;P09;P06,BP2;AK2;KO2;HA2;LO2;N01;N02;N06;N10;P01,"
    "AD2;AD1;P12;P03;P13;P15;P22;KO1;BP1;BP3",
    "R3,2025,KOT-001,U01,NON_ASN,struktural,L,<30,<5,380,"
    "AK1;P18;P21;P07;LO1;KO1;P03;HA1;P09;P06,BP1;BP2;BP3;N01;N04;N06;N07;N10;N11;P22,"
    "AD2;AD1;P12;P03;P13;P15;P22;KO1;BP1;BP3",
]


@dataclass
class Inputs:
    """An org file and a responses file, as lines of text, written on demand."""

    directory: Path
    org: list[str] = field(default_factory=lambda: list(ORG))
    responses: list[str] = field(default_factory=lambda: list(RESPONSES))
    org_bytes: bytes | None = None
    responses_bytes: bytes | None = None

    def write(self) -> tuple[Path, Path]:
        org_path = self.directory / "org.csv"
        responses_path = self.directory / "responses.csv"
        org_path.write_bytes(self.org_bytes if self.org_bytes is not None else _text(self.org))
        responses_path.write_bytes(
            self.responses_bytes if self.responses_bytes is not None else _text(self.responses)
        )
        return org_path, responses_path


def _text(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode()


@pytest.fixture
def inputs(tmp_path: Path) -> Inputs:
    return Inputs(tmp_path)


def _replace(lines: list[str], row: int, old: str, new: str) -> None:
    """Replace text in a spreadsheet-numbered row (the header is row 1)."""
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new, 1)


def _drop_last_column(lines: list[str]) -> list[str]:
    return [line.rsplit(",", 1)[0] for line in lines]


BadCase = tuple[Callable[[Inputs], None], str, int | None, str]
"""(spoil the inputs, file named in the problem, row or None, text of the reason)."""

BAD_INPUTS: dict[str, BadCase] = {
    "missing column": (
        lambda i: setattr(i, "responses", _drop_last_column(i.responses)),
        "responses.csv", 1, "missing column: dc",
    ),
    "missing org column": (
        lambda i: setattr(i, "org", _drop_last_column(i.org)),
        "org.csv", 1, "missing column: region",
    ),
    "unknown item code": (
        lambda i: _replace(i.responses, 3, "BP2;AK2", "BP2;XX9"),
        "responses.csv", 3, "cc: unknown item code 'XX9'",
    ),
    "nine codes": (
        lambda i: _replace(i.responses, 2, "AK1;P18;", "AK1;"),
        "responses.csv", 2, "pv: has 9 items, expected exactly 10 distinct items",
    ),
    "eleven codes": (
        lambda i: _replace(i.responses, 4, "BP1;BP2;BP3", "BP1;BP2;BP3;KL2"),
        "responses.csv", 4, "cc: has 11 items, expected exactly 10 distinct items",
    ),
    "duplicate code": (
        lambda i: _replace(i.responses, 2, "AD1;P12", "AD1;AD1"),
        "responses.csv", 2, "dc: item AD1 picked more than once",
    ),
    "unit missing from org": (
        lambda i: _replace(i.responses, 4, "KOT-001,U01", "KOT-001,U02"),
        "responses.csv", 4, "unit 'U02' of instansi KOT-001 is not in the org file",
    ),
    "instansi missing from org": (
        lambda i: _replace(i.responses, 3, "KAB-001", "KAB-999"),
        "responses.csv", 3, "instansi 'KAB-999' is not in the org file",
    ),
    "non-numeric headcount": (
        lambda i: _replace(i.org, 3, ",30,", ",tiga puluh,"),
        "org.csv", 3, "headcount 'tiga puluh' is not a whole number of at least 1",
    ),
    "latin-1 bytes": (
        lambda i: setattr(
            i, "responses_bytes", _text(i.responses).replace(b"R2,", b"R2\xe9,")
        ),
        "responses.csv", 3, "not valid UTF-8 text",
    ),
    "latin-1 bytes in org": (
        lambda i: setattr(i, "org_bytes", _text(i.org).replace(b"Kota Contoh", b"Kota C\xf4ntoh")),
        "org.csv", 4, "not valid UTF-8 text",
    ),
    "empty file": (
        lambda i: setattr(i, "responses_bytes", b""),
        "responses.csv", None, "file is empty",
    ),
    "empty org file": (
        lambda i: setattr(i, "org_bytes", b""),
        "org.csv", None, "file is empty",
    ),
    "header only": (
        lambda i: setattr(i, "responses", i.responses[:1]),
        "responses.csv", None, "has a header but no responses",
    ),
    "header-only org": (
        lambda i: setattr(i, "org", i.org[:1]),
        "org.csv", None, "has a header but no units",
    ),
    "semicolon separated": (
        lambda i: setattr(i, "responses", [line.replace(",", ";") for line in i.responses]),
        "responses.csv", 1, "the columns are separated by ';'",
    ),
    "wrong number of fields": (
        lambda i: _replace(i.responses, 3, ",PPPK,", ",PPPK,extra,"),
        "responses.csv", 3, "has 14 fields, the header has 13",
    ),
    "duplicate response_id": (
        lambda i: _replace(i.responses, 4, "R3,", "R1,"),
        "responses.csv", 4, "response_id 'R1' is used again (first on row 2)",
    ),
}  # fmt: skip


@dataclass
class BadInput:
    org: Path
    responses: Path
    file: str
    row: int | None
    reason: str

    @property
    def line(self) -> str:
        """The start of the problem line: 'file: row R: reason' or 'file: reason'."""
        where = self.file if self.row is None else f"{self.file}: row {self.row}"
        return f"{where}: {self.reason}"


@pytest.fixture(params=list(BAD_INPUTS))
def bad_input(request: pytest.FixtureRequest, inputs: Inputs) -> BadInput:
    """Each bad-input case in turn, written to files."""
    spoil, file, row, reason = BAD_INPUTS[request.param]
    spoil(inputs)
    org, responses = inputs.write()
    return BadInput(org, responses, file, row, reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked postgres run only against PostgreSQL (scripts/with_postgres.py)."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="runs in the PostgreSQL pass"))
