"""The files of a published year, written from its frozen figures: CSV, Parquet, Excel, and a
Frictionless Data Package (`datapackage.json`) that describes every column.

The names are the stable addresses under /data/<year>/ (`FILES`); the contents depend on
nothing but the figures frozen at publication.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import translation

from ..common.export import safe_cell, xlsx_bytes
from ..reports.columns import column
from ..reports.dictionary import DICTIONARY
from .figures import NATIONAL_COLUMNS, Column, instansi_columns

LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

TABLES = ("nasional", "instansi")
KINDS = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string()}


def file_name(year: int, table: str | None, kind: str) -> str:
    """berakhlak-2025-instansi.csv, berakhlak-2025-nasional.parquet, berakhlak-2025.xlsx."""
    return f"berakhlak-{year}-{table}.{kind}" if table else f"berakhlak-{year}.{kind}"


def columns(table: str) -> tuple[Column, ...]:
    return NATIONAL_COLUMNS if table == "nasional" else instansi_columns()


def rows(data: dict[str, Any], table: str) -> list[list[Any]]:
    return list(data[table])


def csv_bytes(data: dict[str, Any], table: str) -> bytes:
    """UTF-8 without a byte order mark, comma-separated, a header row; an empty cell is a
    figure that does not exist; text that a spreadsheet would run as a formula is quoted
    with an apostrophe (common.export)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns(table)])
    for row in rows(data, table):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def parquet_bytes(data: dict[str, Any], table: str) -> bytes:
    """Typed columns (int64, float64, string), each with its descriptions as field metadata."""
    cols = columns(table)
    schema = pa.schema(
        [
            pa.field(
                c.name,
                ARROW_TYPES[c.type],
                metadata={"description": c.id, "description_en": c.en},
            )
            for c in cols
        ]
    )
    values = list(zip(*rows(data, table), strict=True)) or [() for _ in cols]
    arrays = [pa.array(list(v), type=f.type) for v, f in zip(values, schema, strict=True)]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), buffer, compression="zstd")
    return buffer.getvalue()


TYPE_UNITS = {"integer": "bilangan bulat", "number": "bilangan", "string": "teks"}


def xlsx_file(data: dict[str, Any]) -> bytes:
    """Both tables as sheets headed by readable Indonesian headers, and a "Kamus data" sheet
    giving each column's machine name (the CSV and Parquet column name), unit and
    description (the Data Package's)."""
    sheets: dict[str, tuple[Sequence[str], list[list[Any]]]] = {}
    dictionary: list[list[Any]] = []
    with translation.override("id"):
        for table in TABLES:
            headers = []
            for c in columns(table):
                known = column("", c.name)
                header = known.header if known is not None else c.id
                unit = known.unit if known is not None else TYPE_UNITS[c.type]
                section = known.section if known is not None else ""
                headers.append(header)
                dictionary.append([table, header, c.name, unit, c.id, section or None])
            sheets[table] = (headers, rows(data, table))
        sheets[DICTIONARY] = (
            ["Lembar", "Judul kolom", "Nama mesin", "Satuan", "Keterangan",
             "Metode (docs/method.md)"],
            dictionary,
        )  # fmt: skip
    return xlsx_bytes(sheets)


def _schema(table: str) -> dict[str, Any]:
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.id, "description_en": c.en}
            for c in columns(table)
        ],
        "primaryKey": ["kode"],
        "missingValues": [""],
    }


def datapackage(data: dict[str, Any], published_at: str) -> dict[str, Any]:
    """The Frictionless Data Package of the year (https://specs.frictionlessdata.io/)."""
    year = data["year"]
    resources: list[dict[str, Any]] = []
    for kind in KINDS:
        for table in TABLES:
            resources.append(
                {
                    "name": f"{table}-{kind}",
                    "path": file_name(year, table, kind),
                    "profile": "tabular-data-resource",
                    "format": kind,
                    "mediatype": KINDS[kind].split(";")[0],
                    **({"encoding": "utf-8"} if kind == "csv" else {}),
                    "description": (
                        "Ringkasan nasional: setiap indeks dan nilai"
                        if table == "nasional"
                        else "Setiap instansi yang diikutkan dalam angka nasional"
                    ),
                    "description_en": (
                        "National summary: every index and value"
                        if table == "nasional"
                        else "Every instansi included in the national figures"
                    ),
                    "schema": _schema(table),
                }
            )
    resources.append(
        {
            "name": "excel",
            "path": file_name(year, None, "xlsx"),
            "format": "xlsx",
            "mediatype": XLSX,
            "description": (
                "Kedua tabel di atas sebagai lembar kerja 'nasional' dan 'instansi' dengan judul "
                "kolom yang dapat dibaca; lembar 'Kamus data' memberi nama kolom CSV-nya"
            ),
            "description_en": (
                "Both tables above as the worksheets 'nasional' and 'instansi' with readable "
                "headers; the sheet 'Kamus data' gives their CSV column names"
            ),
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": f"indeks-berakhlak-{year}",
        "title": f"Indeks BerAKHLAK nasional {year}",
        "description": (
            f"Indeks BerAKHLAK {year}: angka nasional dan setiap instansi yang memenuhi minimum "
            "responden dan hasilnya ditampilkan. Instansi lain tidak disebut. "
            f"Metode {data['method']}."
        ),
        "description_en": (
            f"BerAKHLAK index {year}: the national figures and every instansi that met its "
            "minimum of respondents and whose results are shown. Other instansi are not "
            f"named. Method {data['method']}."
        ),
        "version": published_at,
        "created": published_at,
        "licenses": [LICENCE],
        "keywords": ["BerAKHLAK", "ASN", "budaya kerja", "Indonesia"],
        "resources": resources,
    }
