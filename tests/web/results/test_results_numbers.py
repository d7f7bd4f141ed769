"""The figures on the pages and in the API are the method core's: the dashboard, the unit
pages and the national view in Indonesian and English, and the JSON API, read back and
compared with `compute_results` on counts made from the stored responses."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.template import Context, Template
from django.utils import translation

from berakhlak.method.indices import INDEX_LABELS, INDEX_NAMES, GroupStats
from berakhlak.method.items import default_pool
from berakhlak.method.narrative import baseline_note
from berakhlak.method.results import Results
from berakhlak.method.results_data import results_json
from berakhlak.method.rounding import category
from berakhlak.results.counts import cycle_counts
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from helpers.results_world import (
    FORMULA,
    LABELS,
    MAIN,
    SMALL,
    YEAR,
    change_text,
    ci_text,
    count,
    element,
    insert_responses,
    instansi_year_from_responses,
    num1,
    pct,
    rows_with,
    section,
    strip_tags,
)

pytestmark = pytest.mark.django_db


POOL = default_pool()


def index_cards(html: str) -> dict[str, str]:
    """{index: the text of its card} of the index cards of a page."""
    cards = re.split(
        r'<div class="index-card[^"]*" data-index="', element(html, 'class="index-cards"')
    )
    return {card.split('"', 1)[0]: strip_tags(card.split(">", 1)[1]) for card in cards[1:]}


def expected_card(stats, j: int, name: str, cmp, lang: str) -> str:
    value, (lo, hi) = stats.indices[0, j], stats.indices_ci[0, j]
    label = INDEX_LABELS[name][1 if lang == "en" else 0]
    category = _category(value)
    interval = (
        LABELS[lang]["no ci"] if np.isnan(lo) else f"{LABELS[lang]['ci']}: {ci_text(lo, hi, lang)}"
    )
    text = f"{label} {pct(value, lang)} {category} {interval}"
    change = cmp.indices[name] if cmp else None
    return text if change is None else f"{text} {change_text(change, lang)}"


def _category(value: float) -> str:

    return category(value) or ""


def expected_value_row(stats, j: int, code: str, cmp, lang: str) -> list[str]:
    value = stats.values[0, j]
    row = [
        POOL.value(code).name(lang),
        pct(value, lang),
        _category(value),
        ci_text(*stats.values_ci[0, j], lang),
    ]
    if cmp is not None:
        change = cmp.values[code]
        row += [pct(value - change.delta, lang), change_text(change, lang)]
    return row


def one_row(stats: GroupStats, j: int) -> GroupStats:
    return GroupStats(**{f: getattr(stats, f)[j : j + 1] for f in stats.__dataclass_fields__})


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_dashboards_index_cards_and_value_table_are_the_cores_figures(rendered, lang):
    html = rendered.pages["dashboard" if lang == "id" else "dashboard-en"]
    r = rendered.result(MAIN)
    cards = index_cards(section(html, "ringkasan"))
    assert list(cards) == list(INDEX_NAMES)
    for j, name in enumerate(INDEX_NAMES):
        assert cards[name] == expected_card(r.stats, j, name, r.comparison, lang)
    rows = rows_with(section(html, "nilai"), "data-value")
    assert list(rows) == list(POOL.value_codes)
    for j, code in enumerate(POOL.value_codes):
        assert rows[code] == expected_value_row(r.stats, j, code, r.comparison, lang)
    assert strip_tags(section(html, "narrative")) == r.narrative(lang)


def test_the_headline_is_written_with_the_decimal_comma_in_indonesian_and_a_point_in_english(
    rendered,
):
    value = rendered.result(MAIN).implementasi
    assert f"Indeks BerAKHLAK 2024 sebesar {pct(value)}" in rendered.pages["dashboard"]
    assert f"The BerAKHLAK Index 2024 is {pct(value, 'en')}" in rendered.pages["dashboard-en"]
    assert re.fullmatch(r"\d+,\d%", pct(value)) and re.fullmatch(r"\d+\.\d%", pct(value, "en"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_unit_heatmap_shows_the_core_figures_and_categories_of_the_visible_units_only(
    rendered, lang
):
    html = rendered.pages["dashboard" if lang == "id" else "dashboard-en"]
    r = rendered.result(MAIN)
    rows = rows_with(section(html, "unit-heatmap"), "data-unit")
    assert list(rows) == [u.code for u in r.info.units]
    for j, unit in enumerate(r.info.units):
        n = int(r.unit_stats.n[j])
        if r.unit_hidden[j]:
            expected = [unit.name, count(n, lang), LABELS[lang]["hidden unit"]]
        elif n == 0:
            expected = [unit.name, "0", LABELS[lang]["no responses"]]
        else:
            figures = [r.unit_stats.indices[j, 0], *r.unit_stats.values[j]]
            word = "kategori" if lang == "id" else "category"  # read out, not shown
            cells = [f"{num1(v, lang)} {word} {_category(v)}" for v in figures]
            expected = [unit.name, count(n, lang), *cells]
        assert rows[unit.code] == expected


def test_the_unit_ranking_orders_the_visible_units_by_the_cores_index(rendered):
    r = rendered.result(MAIN)
    table = section(rendered.pages["dashboard"], "unit-ranking")
    body = table.split("<tbody>", 1)[1]
    shown = [
        [strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    visible = [
        j for j in range(len(r.info.units)) if not r.unit_hidden[j] and r.unit_stats.n[j] > 0
    ]
    visible.sort(key=lambda j: (-r.unit_stats.indices[j, 0], r.info.units[j].code))
    comparisons = r.unit_comparisons
    expected = []
    for rank, j in enumerate(visible, start=1):
        value = r.unit_stats.indices[j, 0]
        cmp = comparisons[j] if comparisons else None
        change = cmp.indices["implementasi"] if cmp else None
        expected.append(
            [
                str(rank),
                r.info.units[j].name,
                count(int(r.unit_stats.n[j])),
                pct(value),
                _category(value),
                change_text(change),
            ]
        )
    assert shown == expected


@pytest.mark.parametrize(
    ("page", "code", "lang"),
    [("unit-U04", "U04", "id"), ("unit-U04-en", "U04", "en"), ("unit-U03", "U03", "id")],
)
def test_a_visible_units_page_shows_the_cores_figures_of_that_unit(rendered, page, code, lang):
    r = rendered.result(MAIN)
    j = [u.code for u in r.info.units].index(code)
    stats = one_row(r.unit_stats, j)
    comparisons = r.unit_comparisons
    cmp = comparisons[j] if comparisons else None
    html = rendered.pages[page]
    cards = index_cards(section(html, "main"))
    for i, name in enumerate(INDEX_NAMES):
        assert cards[name] == expected_card(stats, i, name, cmp, lang)
    rows = rows_with(section(html, "nilai"), "data-value")
    for i, value in enumerate(POOL.value_codes):
        assert rows[value] == expected_value_row(stats, i, value, cmp, lang)
    n, head = count(int(stats.n[0]), lang), count(r.info.units[j].headcount, lang)
    intro = (
        f"{n} responden sah dari {head} pegawai."
        if lang == "id"
        else f"{n} valid respondents out of {head} employees."
    )
    assert intro in strip_tags(html)


def test_the_national_view_ranks_eligible_instansi_with_the_cores_figures(rendered):
    nat = next(n for n in rendered.national.national if n.year == YEAR)
    html = rendered.pages["national"]
    s = nat.indices["implementasi"]
    summary = strip_tags(section(html, "national-summary"))
    assert summary.startswith(
        f"Indeks BerAKHLAK nasional 2024: {pct(s.value)} (kategori {s.category}), rata-rata "
        f"tanpa bobot dari {nat.eligible_instansi} instansi"
    )
    assert f"Median {pct(s.median)}, kuartil {pct(s.q1)}–{pct(s.q3)}" in summary
    assert f"rata-rata berbobot responden {pct(s.weighted)}" in summary
    assert (nat.eligible_instansi, nat.instansi_total) == (2, 3)
    rows = rows_with(section(html, "national-ranking"), "data-instansi")
    assert list(rows) == [code for code, _rank, _region in nat.ranking]
    for code, rank, region_rank in nat.ranking:
        r = rendered.national.find(code, YEAR)
        change = r.comparison.indices["implementasi"] if r.comparison else None
        note = baseline_note(2022, r.comparison.unreported) if r.comparison else ""
        assert rows[code] == [
            str(rank),
            r.info.name,
            r.info.region.capitalize(),
            str(region_rank),
            count(r.n),
            pct(r.implementasi),
            ci_text(*r.stats.indices_ci[0, 0]),
            _category(r.implementasi),
            "–" if change is None else change_text(change) + (" (dibanding 2022)" if note else ""),
            "belum ada rencana",  # the action plan (issue 14): none in this world
        ]
        if note:
            assert f"{r.info.name}: {note}." in strip_tags(section(html, "peringkat"))
    out = rows_with(section(html, "national-out"), "data-instansi")
    assert out["KAB-R03"] == ["Kabupaten Sepi", "Tengah", "7", "45", "kurang dari 10 responden"]
    assert out["KOT-R04"][-1] == "tidak ada siklus survei"


def test_the_national_view_in_english_and_of_an_earlier_year(rendered):
    nat = {n.year: n for n in rendered.national.national}
    english = strip_tags(section(rendered.pages["national-en"], "national-summary"))
    assert pct(nat[YEAR].indices["implementasi"].value, "en") in english
    earlier = strip_tags(section(rendered.pages["national-2022"], "national-summary"))
    assert earlier.startswith(
        f"Indeks BerAKHLAK nasional 2022: {pct(nat[2022].indices['implementasi'].value)}"
    )
    ranked = rows_with(
        section(rendered.pages["national-2022"], "national-ranking"), "data-instansi"
    )
    assert list(ranked) == [MAIN]


def test_a_unit_leader_is_sent_to_their_unit_in_the_latest_cycle_with_results(rendered):
    assert (
        rendered.redirects["unit-saya"] == f"/hasil/siklus/{rendered.cycles[MAIN, YEAR]}/unit/U03/"
    )


# --- the JSON API ---------------------------------------------------------------------------


def expected_entry(results: Results, code: str, year: int = YEAR) -> dict:
    r = results.find(code, year)
    assert r is not None
    data = results_json(Results(results.pool, results.params, [r], []))
    (entry,) = data["instansi"]
    assert entry["rank"] is None  # a national rank is the national roll-up's
    return entry


@pytest.mark.parametrize(
    ("answer", "code"), [("cycle", MAIN), ("cycle-formula", FORMULA), ("cycle-small", SMALL)]
)
def test_the_api_gives_an_instansi_year_as_the_core_computes_it(rendered, answer, code):
    data = rendered.api[answer]
    assert data["method"] == "berakhlak-terbuka/2" and data["params"]["k"] == 10
    (entry,) = data["instansi"]
    assert entry == expected_entry(rendered.expected, code)


def test_the_api_gives_unrounded_values_in_the_shape_of_method_section_10(rendered):
    (entry,) = rendered.api["cycle"]["instansi"]
    r = rendered.result(MAIN)
    assert entry["indices"]["implementasi"]["value"] == r.implementasi
    assert entry["indices"]["implementasi"]["value"] != round(r.implementasi, 1)
    assert entry["values"]["KO"] == {
        "value": float(r.stats.values[0, 2]),
        "category": _category(r.stats.values[0, 2]),
        "ci95": [float(v) for v in r.stats.values_ci[0, 2]],
    }
    assert entry["indices"]["keseimbangan"]["ci95"] is None
    assert set(entry["change"]) == {"baseline_year", "indices", "values"}
    assert entry["change"]["indices"]["keseimbangan"]["significant"] is None
    for unit in entry["units"]:
        assert set(unit) >= {"code", "name", "n", "headcount", "suppressed"}


def test_the_national_api_is_the_cores_roll_up_of_the_year(rendered):
    data = rendered.api["national"]
    expected = results_json(rendered.national)
    assert data["national"] == [e for e in expected["national"] if e["year"] == YEAR]
    assert data["instansi"] == [e for e in expected["instansi"] if e["year"] == YEAR]


def test_the_api_lists_the_cycles_with_results(rendered):
    listed = {(c["instansi"]["code"], c["year"]) for c in rendered.api["cycles"]["cycles"]}
    assert listed == {(MAIN, 2022), (MAIN, YEAR), (FORMULA, YEAR), (SMALL, YEAR)}


# --- the cached counts ----------------------------------------------------------------------


def test_the_cached_counts_equal_the_responses_counts_and_follow_new_responses(make_instansi):
    cycle = do_open_cycle(do_create_cycle(make_instansi(), 2025, actor=None), actor=None)
    insert_responses(cycle, {"U01": 12, "U03": 5}, seed=3)
    first = cycle_counts(cycle)
    assert np.array_equal(first.totals, instansi_year_from_responses(cycle).unit_counts)
    insert_responses(cycle, {"U02": 20, "U03": 4}, seed=4)
    again = cycle_counts(cycle)
    assert np.array_equal(again.totals, instansi_year_from_responses(cycle).unit_counts)
    assert [int(n) for n in again.totals[:, 0]] == [12, 20, 9, 0]
    per_gender = again.by_dimension["gender"].sum(axis=1)
    assert np.array_equal(per_gender, again.totals)


# --- number formatting in templates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", ["61,1%", "75,0%", "–", "1,3", "0,8", "0,0", "4.123", "B", "Cukup Sehat"]),
        ("en", ["61.1%", "75.0%", "–", "1.3", "0.8", "0.0", "4,123", "B", "Fairly healthy"]),
    ],
)
def test_the_template_filters_write_numbers_the_indonesian_or_english_way(lang, expected):

    template = Template(
        "{% load berakhlak %}{{ a|pct }}|{{ b|pct }}|{{ none|pct }}|{{ c|points }}|"
        "{{ d|points }}|{{ e|points }}|{{ n|count }}|{{ a|cat }}|{{ 'B'|category_name }}"
    )
    context = Context({"a": 61.14, "b": 74.95, "none": None, "c": 1.25, "d": -0.8, "e": -0.04})
    context["n"] = 4123
    with translation.override(lang):
        assert template.render(context).split("|") == expected
