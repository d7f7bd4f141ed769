"""Writing a synthetic population to org and responses files (CSV or Parquet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .synthetic import Synthetic


def _csv_options(table: pa.Table | pa.RecordBatch) -> pacsv.WriteOptions:
    """Quote only when some text needs it, so plain files stay plain (and small)."""
    for column in table.columns:
        if pa.types.is_string(column.type):
            special = pc.match_substring_regex(column, r'[,"\r\n]')
            if pc.any(special).as_py():
                return pacsv.WriteOptions(quoting_style="needed", quoting_header="none")
    return pacsv.WriteOptions(quoting_style="none", quoting_header="none")


def write_files(synthetic: Synthetic, out: Path, fmt: str = "csv") -> tuple[Path, Path]:
    """Write org and responses files into `out`; returns their paths."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}; use csv or parquet")
    out.mkdir(parents=True, exist_ok=True)
    org_path, responses_path = out / f"org.{fmt}", out / f"responses.{fmt}"
    org = synthetic.org_table()
    batches = synthetic.response_batches()
    first = next(batches, None)
    if first is None:
        raise ValueError("no respondents to write; ask for at least one")
    if fmt == "csv":
        pacsv.write_csv(org, org_path, write_options=_csv_options(org))
        options = pacsv.WriteOptions(
            quoting_style="needed" if synthetic.config.texts else "none", quoting_header="none"
        )
        writer: pacsv.CSVWriter | pq.ParquetWriter = pacsv.CSVWriter(
            responses_path, first.schema, write_options=options
        )
    else:
        pq.write_table(org, org_path)
        writer = pq.ParquetWriter(responses_path, first.schema)
    with writer:
        if isinstance(writer, pq.ParquetWriter):
            # Row groups of ~128k rows, not one per instansi-year: readers decode row groups
            # in parallel, and tiny ones make every reader slow.
            for group in _row_groups(first, batches, ROW_GROUP):
                writer.write_table(group, row_group_size=ROW_GROUP)
        else:
            writer.write_batch(first)
            for batch in batches:
                writer.write_batch(batch)
    return org_path, responses_path


ROW_GROUP = 131_072


def _row_groups(
    first: pa.RecordBatch, rest: Iterator[pa.RecordBatch], size: int
) -> Iterator[pa.Table]:
    pending, rows = [first], first.num_rows
    for batch in rest:
        pending.append(batch)
        rows += batch.num_rows
        if rows >= size:
            yield pa.Table.from_batches(pending)
            pending, rows = [], 0
    if pending:
        yield pa.Table.from_batches(pending)
