"""The one-pass floor: one DuckDB query counting cc votes per item per instansi-year.

Usage: python bench/floor_duckdb.py RESPONSES(.csv|.parquet)
"""

from __future__ import annotations

import sys

import duckdb


def main(path: str) -> None:
    reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
    quoted = path.replace("'", "''")
    rows = (
        duckdb.connect()
        .execute(
            "SELECT instansi_code, year, item, count(*) AS votes FROM ("
            "  SELECT instansi_code, year, unnest(string_split(cc, ';')) AS item"
            f"  FROM {reader}('{quoted}')"
            ") GROUP BY ALL"
        )
        .fetchall()
    )
    print(f"{len(rows)} (instansi, year, item) counts")


if __name__ == "__main__":
    main(sys.argv[1])
