"""The results JSON is written as text straight from the arrays (docs/method.md §14): it must
be exactly what json.dumps(data, ensure_ascii=False, allow_nan=False, indent=1) gives."""

from __future__ import annotations

import json

import numpy as np

from berakhlak.method.compute import compute_results
from berakhlak.method.counts import Counts, Layout, count_responses
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.results_text import results_json_text

POOL = default_pool()
LAYOUT = Layout.for_pool(POOL)


def random_counts(rng: np.random.Generator, n: int) -> Counts:
    def answers() -> np.ndarray:
        return np.argsort(rng.random((n, len(POOL))), axis=1)[:, :10].astype(np.int8)

    duration = rng.choice([np.nan, 30.0, 300.0], n)
    return count_responses(
        np.zeros(n, dtype=np.intp), 1, answers(), answers(), answers(), duration, POOL, Params()
    )[0]


def instansi(code: str, name: str, sizes: list[int]) -> InstansiInfo:
    units = tuple(UnitInfo(f"U{j:02d}", f'{name} "unit" {j}%\n', 40 + j) for j in range(len(sizes)))
    return InstansiInfo(code, name, "timur", units)


def test_the_text_is_json_dumps_of_the_data_with_one_space_indent():
    rng = np.random.default_rng(7)
    data = []
    for code, name, sizes in [
        ("KAB-001", 'Kabupaten Ñusa 100% \\ "Tenggara"', [0, 1, 3, 12, 40, 2, 90]),  # over 46
        ("KOT-002", "Kota \u00e9\u4e2d\t", [25, 30]),
        ("KL-003", "Kementerian", [0, 0]),
    ]:
        info = instansi(code, name, sizes)
        for year in (2025, 2026):
            rows = [random_counts(rng, n) if n else LAYOUT.empty() for n in sizes]
            data.append(InstansiYear(info, year, np.stack(rows)))
    # A year hidden between two shown ones (an older baseline), and one just like another
    # instansi (a shared rank).
    info = instansi("KOT-004", "Kota Empat", [20])
    for year, n in ((2024, 25), (2025, 4), (2026, 25)):
        data.append(InstansiYear(info, year, np.stack([random_counts(rng, n)])))
    twin = instansi("KOT-005", "Kota Lima", [20])
    data.append(InstansiYear(twin, 2026, data[-1].unit_counts))
    for params in (Params(), Params(k=1), Params(k=50)):
        results = compute_results(data, POOL, params)
        for lang in ("id", "en"):
            text = "".join(results_json_text(results, lang))
            expected = results_json(results, lang)
            assert (
                text == json.dumps(expected, ensure_ascii=False, allow_nan=False, indent=1) + "\n"
            )
    text = "".join(results_json_text(compute_results(data, POOL, Params())))
    entries = {(e["code"], e["year"]): e for e in json.loads(text)["instansi"]}
    assert entries["KOT-004", 2026]["change"]["baseline_year"] == 2024
    assert entries["KOT-004", 2026]["rank"] == entries["KOT-005", 2026]["rank"]
    assert entries["KAB-001", 2025]["warnings"]


def test_no_instansi_gives_an_empty_list():
    text = "".join(results_json_text(compute_results([], POOL, Params())))
    assert json.loads(text)["instansi"] == []
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_the_data_of_one_year_is_that_year_s_part_of_the_whole():
    info = instansi("KAB-001", "Kabupaten", [20, 30])
    rng = np.random.default_rng(3)
    data = [
        InstansiYear(info, year, np.stack([random_counts(rng, 20), random_counts(rng, 30)]))
        for year in (2024, 2025)
    ]
    results = compute_results(data, POOL, Params())
    whole = json.loads("".join(results_json_text(results)))
    of_2025 = results_json(results, year=2025)
    assert of_2025["instansi"] == [e for e in whole["instansi"] if e["year"] == 2025]
    assert of_2025["national"] == [e for e in whole["national"] if e["year"] == 2025]
    assert list(of_2025) == ["method", "params", "instansi", "national"]
