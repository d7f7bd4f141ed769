"""A plain pandas implementation of the implementation index, for comparison.

I1 of an instansi-year is the mean over the seven values of R_v, the share of respondents
whose cc picks include at least one of the value's three behaviours (docs/method.md §4.1). Unlike
`berakhlak compute` this neither validates the file nor leaves out speeders and
straight-liners, and it computes nothing else.

Usage: python bench/pandas_implementasi.py RESPONSES(.csv|.parquet)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ITEMS = Path(__file__).resolve().parents[1] / "src" / "berakhlak" / "data" / "items.csv"


def implementasi(responses: pd.DataFrame, items: pd.DataFrame) -> pd.Series:
    """I1 per (instansi_code, year)."""
    reach = pd.DataFrame(index=responses.index)
    for value, codes in items.dropna(subset=["value"]).groupby("value", sort=False)["code"]:
        # A whole code between separators: BP1 must not match inside another code.
        pattern = rf"(?:^|;)(?:{'|'.join(codes)})(?:;|$)"
        reach[value] = responses["cc"].str.contains(pattern, regex=True)
    groups = [responses["instansi_code"], responses["year"]]
    return 100.0 * reach.groupby(groups).mean().mean(axis=1)


def main(path: str) -> None:
    columns = ["instansi_code", "year", "cc"]
    if path.endswith(".parquet"):
        responses = pd.read_parquet(path, columns=columns)
    else:
        responses = pd.read_csv(path, usecols=columns)
    result = implementasi(responses, pd.read_csv(ITEMS))
    print(f"{len(result)} instansi-years, mean I1 {result.mean():.1f}")


if __name__ == "__main__":
    main(sys.argv[1])
