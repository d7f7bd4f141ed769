"""Anonymity under attack: suppression that no URL parameter, export, JSON endpoint or
combination of demographic cuts gets around.

`small` is an instansi whose units and demographic categories are small on purpose: one
NON_ASN respondent, a unit of three, units hidden only to protect others (complementary
suppression), and a unit that was hidden in the baseline year. Every results surface
(page, unit page, PDF, Excel, JSON API, national view) is read and checked against what the
method says must be hidden.
"""

from __future__ import annotations

import io
import json
import random
import re
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from berakhlak.accounts.models import Role
from berakhlak.method.counts import Layout
from berakhlak.method.instrument import CATEGORY_LABELS, DEMOGRAPHIC_LABELS, DEMOGRAPHICS
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.orgs.models import Instansi
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import build_dashboard, build_unit_dashboard
from berakhlak.results.demographic_cuts import demographic_cuts
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle, PersonalToken
from helpers.results_world import machine_sheets
from helpers.web import PICKS, PROFILE, add_responses, answer, body, login

K = 10
UNITS = [
    ("A01", "Sekretariat Daerah", 40),
    ("A02", "Dinas Pendidikan", 30),
    ("A03", "Inspektorat", 20),
    ("A04", "Dinas Sosial", 10),
    ("A05", "Kecamatan Sunyi", 8),
]
SIZES = {
    2024: {"A01": 20, "A02": 15, "A03": 4, "A04": 12},
    2025: {"A01": 25, "A02": 12, "A03": 13, "A04": 3},
}
HIDDEN_UNITS = {2024: {"A03", "A04"}, 2025: {"A02", "A04"}}  # A02, 2024's A04: complements
SPLITS = {  # 2025, 53 valid responses: category -> respondents
    "status": {"PNS": 43, "PPPK": 9, "NON_ASN": 1},
    "jabatan": {"struktural": 4, "fungsional": 12, "pelaksana": 37},
    "gender": {"L": 28, "P": 25},
    "age_band": {"<30": 0, "30-39": 20, "40-49": 20, "50+": 13},
    "tenure_band": {"<5": 5, "5-14": 5, "15+": 43},
}
HIDDEN_CATEGORIES = {
    "status": {"PPPK", "NON_ASN"},  # PPPK protects the one NON_ASN respondent
    "jabatan": {"struktural", "fungsional"},
    "gender": set(),
    "age_band": set(),
    "tenure_band": {"<5", "5-14"},
}
PROBES = {  # URL parameters an attacker might try on every results URL
    "unit": "A04",
    "code": "A04",
    "dimension": "status",
    "kategori": "NON_ASN",
    "category": "NON_ASN",
    "k": "1",
    "min_n": "1",
    "suppressed": "0",
    "show_hidden": "1",
    "lang": "en",
    "year": "2024",
    "by": "status,unit",
    "crosstab": "1",
    "format": "json",
    "debug": "1",
}


@dataclass
class Small:
    instansi: Instansi
    cycles: dict[int, Cycle]
    leader: object
    operator: object
    admin: object
    unit_leader: object  # of A04, hidden in 2025

    @property
    def cycle(self) -> Cycle:
        return self.cycles[2025]


def shape_demographics(cycle: Cycle) -> None:
    """Give the cycle's responses the categories of SPLITS, spread over the units, and a
    free text that names the unit it came from."""
    rows = sorted(Response.objects.filter(cycle=cycle), key=lambda r: (r.cycle_unit.code, r.pk))
    for name, split in SPLITS.items():
        labels = [code for code, n in split.items() for _ in range(n)]
        assert len(labels) == len(rows)
        random.Random(name).shuffle(labels)
        for row, label in zip(rows, labels, strict=True):
            setattr(row, name, label)
    for i, row in enumerate(rows):
        row.harapan = f"TEKS-{row.cycle_unit.code}-{i}"
        row.saran = ""
    Response.objects.bulk_update(rows, [*SPLITS, "harapan", "saran"])


def published(instansi: Instansi, year: int, sizes: dict[str, int], k: int = K) -> Cycle:
    cycle = do_open_cycle(do_create_cycle(instansi, year, k=k, actor=None), actor=None)
    add_responses(cycle, sizes, seed=year, texts=False)
    do_close_cycle(cycle, actor=None)
    Cycle.objects.filter(pk=cycle.pk).update(status="published")
    return Cycle.objects.get(pk=cycle.pk)


@pytest.fixture
def small(make_instansi, make_user) -> Small:
    inst = make_instansi(code="KAB-K01", name="Kabupaten Kecil", units=UNITS)
    cycles = {year: published(inst, year, sizes) for year, sizes in SIZES.items()}
    shape_demographics(cycles[2025])
    Response.objects.update(duration_s=600)  # every response valid: n is what SIZES says
    return Small(
        instansi=inst,
        cycles=cycles,
        leader=make_user("pimpinan.k", Role.LEADER, inst),
        operator=make_user("operator.k", Role.OPERATOR, inst),
        admin=make_user("admin.k", Role.ADMIN),
        unit_leader=make_user("kepala.a04", Role.LEADER, inst, inst.units.get(code="A04")),
    )


# --- reading every surface -----------------------------------------------------------------


def get(user: object, url: str, **params: str) -> Any:
    response = login(Client(), user).get(url, params, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response


def sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every data sheet, headed by its machine names (the readable headers are words)."""
    return machine_sheets(load_workbook(io.BytesIO(response.content)))


def table(html: str, attribute: str) -> str:
    match = re.search(rf"<table[^>]*{attribute}[^>]*>(.*?)</table>", html, re.S)
    assert match, attribute
    return match.group(1)


def rows_of(fragment: str) -> list[str]:
    return re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)


FIGURE = re.compile(r"\d+,\d")  # a figure with one decimal (Indonesian), e.g. 61,4


def test_hidden_units_show_their_n_and_nothing_else_on_every_surface(small):
    cycle = small.cycle
    hidden = HIDDEN_UNITS[2025]
    html = get(small.leader, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    html = html.decode()
    for code, _name, _head in UNITS:
        [row] = re.findall(rf'<tr data-unit="{code}">(.*?)</tr>', html, re.S)
        if code in hidden:
            assert "disembunyikan" in row and not FIGURE.search(row), code
            assert f"/unit/{code}/" not in row  # no link to a unit page either
        elif SIZES[2025].get(code):
            assert FIGURE.search(row), code
    ranking = table(html, 'id="unit-ranking"')
    assert not any(name in ranking for code, name, _ in UNITS if code in hidden)

    api = get(small.leader, reverse("api_cycle", kwargs={"pk": cycle.pk})).json()
    [entry] = api["instansi"]
    for unit in entry["units"]:
        assert unit["suppressed"] is (unit["code"] in hidden)
        assert ("indices" in unit) is (unit["code"] not in hidden), unit["code"]
        assert unit["n"] == SIZES[2025].get(unit["code"], 0)

    book = sheets(get(small.leader, reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})))
    head, *units = book["Unit"]
    for row in units:
        record = dict(zip(head, row, strict=True))
        figures = [row[i] for i, h in enumerate(head) if h == "indeks_berakhlak" or i >= 7]
        if record["unit_code"] in hidden:
            assert record["disembunyikan"] == "ya" and record["peringkat"] is None
            assert all(v is None for v in figures), record
        assert record["n"] == SIZES[2025].get(record["unit_code"], 0)

    for code in hidden:
        page = get(small.leader, reverse("results:unit", kwargs={"pk": cycle.pk, "code": code}))
        text = page.content.decode()
        assert 'id="unit-hidden"' in text and not FIGURE.search(text.split('id="unit-hidden"')[1])
        assert f"TEKS-{code}-" not in text
    own = get(small.unit_leader, reverse("results:my_unit")).content.decode()
    assert 'id="unit-hidden"' in own and "TEKS-" not in own


def test_hidden_demographic_categories_show_no_figure_on_the_page_or_in_excel(small):
    cycle = small.cycle
    html = get(small.leader, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    html = html.decode()
    for name, hidden in HIDDEN_CATEGORIES.items():
        rows = rows_of(table(html, f'data-dimension="{name}"'))[1:]  # after the header row
        assert len(rows) == len(DEMOGRAPHICS[name])
        for code, row in zip(DEMOGRAPHICS[name], rows, strict=True):
            assert escape(CATEGORY_LABELS[code][0]) in row
            if code in hidden:
                assert "disembunyikan" in row and not FIGURE.search(row), (name, code)
            elif SPLITS[name][code]:
                assert FIGURE.search(row), (name, code)

    book = sheets(get(small.leader, reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})))
    _head, *rows = book["Demografi"]
    labels = {CATEGORY_LABELS[code][0]: code for codes in DEMOGRAPHICS.values() for code in codes}
    for row in rows:
        code = labels[row[1]]
        dimension = next(d for d, codes in DEMOGRAPHICS.items() if code in codes)
        if code in HIDDEN_CATEGORIES[dimension]:
            assert row[3] == "ya" and all(v is None for v in row[4:]), row


def test_parent_minus_visible_siblings_never_leaves_a_small_group(small):
    """Units of the instansi, and the categories of each demographic: what is hidden adds up
    to 0 or at least k respondents, so no subtraction reveals a group of 1..k-1."""
    cycle = small.cycle
    [entry] = get(small.leader, reverse("api_cycle", kwargs={"pk": cycle.pk})).json()["instansi"]
    visible = sum(u["n"] for u in entry["units"] if "indices" in u)
    assert not 0 < entry["n"] - visible < K
    assert entry["n"] - visible == SIZES[2025]["A02"] + SIZES[2025]["A04"]

    book = sheets(get(small.leader, reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})))
    _head, *rows = book["Demografi"]
    by_dimension: dict[str, list[tuple[int, bool]]] = {}
    for row in rows:
        by_dimension.setdefault(row[0], []).append((row[2], row[3] == "ya"))
    assert len(by_dimension) == len(DEMOGRAPHICS)
    for dimension, cells in by_dimension.items():
        assert sum(n for n, _ in cells) == entry["n"], dimension
        remainder = sum(n for n, hidden in cells if hidden)
        assert remainder == 0 or remainder >= K, dimension


counts_per_category = st.lists(st.integers(0, 30), min_size=2, max_size=4)


@settings(max_examples=80, deadline=None)
@given(
    units=st.integers(1, 3),
    layout=st.fixed_dictionaries(dict.fromkeys(DEMOGRAPHICS, counts_per_category)),
    k=st.integers(5, 15),
)
def test_demographic_cuts_never_leave_a_small_remainder_whatever_the_counts(units, layout, k):
    pool = default_pool()
    width = Layout.for_pool(pool).width
    by_dimension = {}
    for name, options in DEMOGRAPHICS.items():
        ns = (layout[name] + [0] * len(options))[: len(options)]
        block = np.zeros((units, len(options), width), dtype=np.int64)
        block[0, :, Layout.N] = ns  # all in the first unit; the cut is instansi-level
        by_dimension[name] = block
    cuts = demographic_cuts(by_dimension, pool, Params(k=k), "id")
    for cut in cuts:
        hidden = sum(row.n for row in cut.rows if row.hidden)
        assert hidden == 0 or hidden >= k or all(row.hidden for row in cut.rows if row.n)
        for row in cut.rows:
            if 0 < row.n < k:
                assert row.hidden and row.implementasi is None and not row.values
            if row.hidden:
                assert row.implementasi is None and not row.values


def test_no_view_offers_a_cross_tabulation(small):
    """Demographic cuts exist at instansi level only, one demographic at a time."""
    cycle = small.cycle
    html = get(small.leader, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    html = html.decode()
    assert html.count("data-dimension=") == len(DEMOGRAPHICS)
    for name in DEMOGRAPHICS:
        others = {c for d, codes in DEMOGRAPHICS.items() if d != name for c in codes}
        fragment = table(html, f'data-dimension="{name}"')
        assert not any(f"<td>{escape(CATEGORY_LABELS[c][0])}</td>" in fragment for c in others)
        assert not any(f">{u[1]}<" in fragment for u in UNITS)
    demographic_labels = {
        escape(CATEGORY_LABELS[c][0]) for codes in DEMOGRAPHICS.values() for c in codes
    }
    for code in ("A01", "A03"):  # visible units: no demographic table on their pages
        page = get(small.leader, reverse("results:unit", kwargs={"pk": cycle.pk, "code": code}))
        text = page.content.decode()
        assert "data-dimension" not in text
        assert not any(f"<td>{label}</td>" in text for label in demographic_labels)
    api = get(small.leader, reverse("api_cycle", kwargs={"pk": cycle.pk})).content.decode()
    assert not any(f'"{c}"' in api for codes in DEMOGRAPHICS.values() for c in codes)
    book = sheets(get(small.leader, reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})))
    head, *rows = book["Demografi"]
    assert head[:4] == ("dimensi", "kelompok", "n", "disembunyikan")
    for row in rows:
        dimension = next(d for d in DEMOGRAPHICS if row[0].lower() in _dimension_labels(d))
        assert row[1] in {CATEGORY_LABELS[c][0] for c in DEMOGRAPHICS[dimension]}


def _dimension_labels(dimension: str) -> set[str]:

    return {label.lower() for label in DEMOGRAPHIC_LABELS[dimension]}


def test_a_unit_hidden_in_the_baseline_year_shows_no_change_against_it(small):
    """A03 had 4 respondents in 2024 and 13 in 2025: its 2025 figures are shown, but a
    change against 2024 would give away the hidden 2024 figures (2025 minus the change)."""
    cycle = small.cycle
    d = build_dashboard(cycle)
    a03 = next(u for u in d.units if u.code == "A03")
    assert a03.implementasi is not None  # shown in 2025
    assert a03.change is None
    assert all(f.change is None and f.baseline is None for f in a03.values)
    unit = build_unit_dashboard(cycle, "A03")
    assert all(f.change is None and f.baseline is None for f in unit.indices + unit.values)
    a01 = next(u for u in d.units if u.code == "A01")
    assert a01.change is not None  # shown in both years: the change is shown

    html = get(small.leader, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    [row] = [r for r in rows_of(table(html.decode(), 'id="unit-ranking"')) if "Inspektorat" in r]
    assert row.rstrip().endswith('<td class="change ">–</td>'), row


def test_free_text_is_shown_for_groups_of_k_or_more_in_an_order_unrelated_to_submission(small):
    cycle = small.cycle
    first = get(small.leader, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    again = get(small.operator, reverse("results:dashboard", kwargs={"pk": cycle.pk})).content
    shown = re.findall(r"<li>(TEKS-[^<]+)</li>", first.decode())
    assert shown == re.findall(r"<li>(TEKS-[^<]+)</li>", again.decode())  # stable
    stored = list(Response.objects.filter(cycle=cycle).values_list("harapan", flat=True))
    assert len(shown) == 50 and set(shown) <= set(stored)  # the instansi (n >= k): 50 of 53
    by_key = [
        t for _, t in sorted(Response.objects.filter(cycle=cycle).values_list("pk", "harapan"))
    ]
    assert shown not in (stored[:50], sorted(stored)[:50], by_key[:50])  # in no telling order
    assert "2025-09-15" not in first.decode() and "15 Sep" not in first.decode()  # no dates
    a03 = get(small.leader, reverse("results:unit", kwargs={"pk": cycle.pk, "code": "A03"}))
    texts = set(re.findall(r"<li>(TEKS-[^<]+)</li>", a03.content.decode()))
    assert texts and all(t.startswith("TEKS-A03-") for t in texts)


# --- URL parameters change nothing ------------------------------------------------------------


def normalised(response: Any) -> Any:
    """What a reader gets, without what legitimately differs per request (CSRF tokens)."""
    kind = response.get("Content-Type", "")
    if kind == "application/json":
        return json.loads(response.content)
    if "spreadsheetml" in kind:
        return sheets(response)
    text = body(response)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'name="next" value="[^"]+"', "", text)  # the language switch comes back here


def results_urls(s: Small) -> list[tuple[str, object, str]]:
    pk = s.cycle.pk
    urls: list[tuple[str, object, str]] = [
        ("dashboard", s.leader, reverse("results:dashboard", kwargs={"pk": pk})),
        ("my unit", s.unit_leader, reverse("results:my_unit")),
        ("xlsx", s.leader, reverse("reports:cycle_xlsx", kwargs={"pk": pk})),
        ("pdf", s.leader, reverse("reports:cycle_pdf", kwargs={"pk": pk})),
        ("api cycles", s.leader, reverse("api_cycles")),
        ("api cycle", s.leader, reverse("api_cycle", kwargs={"pk": pk})),
        ("national", s.admin, reverse("results:national")),
        ("national year", s.admin, reverse("results:national_year", kwargs={"year": 2025})),
        ("national xlsx", s.admin, reverse("reports:national_xlsx", kwargs={"year": 2025})),
        ("national pdf", s.admin, reverse("reports:national_pdf", kwargs={"year": 2025})),
        ("api national", s.admin, reverse("api_national", kwargs={"year": 2025})),
    ]
    for code, _name, _head in UNITS:
        url = reverse("results:unit", kwargs={"pk": pk, "code": code})
        urls.append((f"unit {code}", s.operator, url))
    return urls


def test_no_url_parameter_shows_anything_new_on_any_results_url(small):
    for name, user, url in results_urls(small):
        plain = normalised(get(user, url))
        probed = normalised(get(user, url, **PROBES))
        assert probed == plain, name


def test_a_unit_leader_of_a_hidden_unit_cannot_reach_figures_through_any_parameter(small):
    client = login(Client(), small.unit_leader)
    pk = small.cycle.pk
    for url in (
        reverse("results:dashboard", kwargs={"pk": pk}),
        reverse("reports:cycle_xlsx", kwargs={"pk": pk}),
        reverse("api_cycle", kwargs={"pk": pk}),
        reverse("results:unit", kwargs={"pk": pk, "code": "A01"}),
    ):
        assert client.get(url, PROBES).status_code == 404, url
    own = client.get(reverse("results:unit", kwargs={"pk": pk, "code": "A04"}), PROBES)
    assert own.status_code == 200 and not FIGURE.search(own.content.decode().split("<h1>")[1])


def test_no_change_is_shown_against_what_the_baseline_hid_with_its_own_larger_k(
    make_instansi, make_user
):
    """2024 was published with k = 15, which hid both units (12, and 40 to protect it);
    2025 uses k = 10 and shows both. A change against 2024 would give 2024's unit figures
    away, although the 2024 pages never showed them."""
    inst = make_instansi(
        code="KAB-K17",
        name="Kabupaten Ambang",
        units=[("X1", "Dinas X", 14), ("Y1", "Dinas Y", 60)],
    )
    published(inst, 2024, {"X1": 12, "Y1": 40}, k=15)
    current = published(inst, 2025, {"X1": 12, "Y1": 40})
    Response.objects.update(duration_s=600)
    d = build_dashboard(current)
    assert [u.implementasi is not None for u in d.units] == [True, True]
    assert [u.change for u in d.units] == [None, None]
    assert all(f.baseline is None for u in d.units for f in u.values)
    assert d.baseline_year == 2024  # the instansi itself (52 >= 15) is compared


# --- the national view obeys each cycle's own threshold ---------------------------------------


def test_the_national_view_hides_what_each_cycle_hides_with_its_own_k(make_instansi, make_user):
    """A cycle published with k = 15: a unit of 12 is hidden on its pages, and must not
    appear with figures in the national view, its exports or the national JSON."""
    inst = make_instansi(
        code="KAB-K15",
        name="Kabupaten Lima Belas",
        units=[("B01", "Dinas Kecil", 14), ("B02", "Dinas Besar", 60)],
    )
    cycle = published(inst, 2025, {"B01": 12, "B02": 40}, k=15)
    Response.objects.update(duration_s=600)
    admin = make_user("admin.k15", Role.ADMIN)
    [entry] = get(admin, reverse("api_cycle", kwargs={"pk": cycle.pk})).json()["instansi"]
    assert [u["suppressed"] for u in entry["units"]] == [True, True]  # B02 protects B01

    national = get(admin, reverse("api_national", kwargs={"year": 2025})).json()
    [entry] = [e for e in national["instansi"] if e["code"] == "KAB-K15"]
    for unit in entry["units"]:
        assert unit["suppressed"] and "indices" not in unit, unit["code"]

    small_inst = make_instansi(code="KAB-K16", name="Kabupaten Dua Belas", units=[("C01", "X", 13)])
    published(small_inst, 2025, {"C01": 12}, k=15)
    Response.objects.update(duration_s=600)
    national = get(admin, reverse("api_national", kwargs={"year": 2025})).json()
    [entry] = [e for e in national["instansi"] if e["code"] == "KAB-K16"]
    assert entry["indices"]["implementasi"]["value"] is None  # n = 12 < k = 15
    page = get(admin, reverse("results:national_year", kwargs={"year": 2025})).content.decode()
    [row] = [r for r in rows_of(page) if "Kabupaten Dua Belas" in r]
    assert not FIGURE.search(row)


# --- a hidden instansi in the national figures ------------------------------------------------


def national_surfaces(admin: object, year: int) -> dict[str, Any]:
    """What the national view, its exports and the API give for a year."""
    return {
        "api": get(admin, reverse("api_national", kwargs={"year": year})).json(),
        "page": get(admin, reverse("results:national_year", kwargs={"year": year})).content,
        "xlsx": sheets(get(admin, reverse("reports:national_xlsx", kwargs={"year": year}))),
        "pdf": body(get(admin, reverse("reports:national_pdf", kwargs={"year": year}))),
    }


def test_an_eligible_instansi_hidden_by_k_is_in_no_national_figure(make_instansi, make_user):
    """Kabupaten Mungil has 9 staff, all of whom answered: eligible (the minimum of 9 is 9),
    hidden (9 < k). Were it in the national mean, 4 x the mean minus the 3 shown figures
    would give its index, and the national page would show its rank next to "–"."""
    admin = make_user("admin.mungil", Role.ADMIN)
    for i, (code, region, n) in enumerate(
        (("KAB-N01", "barat", 30), ("KAB-N02", "timur", 25), ("KOT-N03", "barat", 20))
    ):
        inst = make_instansi(code=code, name=f"Instansi {code}", region=region,
                             units=[("U01", "Sekretariat", n)])  # fmt: skip
        published(inst, 2025, {"U01": n})
        del i
    Response.objects.update(duration_s=600)
    before = national_surfaces(admin, 2025)
    tiny = make_instansi(code="KAB-N09", name="Kabupaten Mungil", units=[("U01", "Kantor", 9)])
    published(tiny, 2025, {"U01": 9})
    Response.objects.update(duration_s=600)
    after = national_surfaces(admin, 2025)

    [nat_after], [nat_before] = after["api"]["national"], before["api"]["national"]
    assert nat_after["instansi_total"] == nat_before["instansi_total"] + 1  # it has results
    nat_after["instansi_total"] -= 1
    assert nat_after == nat_before  # mean, median, quartiles, count of included instansi
    ranks = {e["code"]: (e["rank"], e["rank_region"]) for e in after["api"]["instansi"]}
    assert ranks == {
        e["code"]: (e["rank"], e["rank_region"]) for e in before["api"]["instansi"]
    } | {"KAB-N09": (None, None)}
    [entry] = [e for e in after["api"]["instansi"] if e["code"] == "KAB-N09"]
    assert entry["eligible"] and entry["indices"]["implementasi"]["value"] is None

    page = after["page"].decode()
    assert "Kabupaten Mungil" not in table(page, 'id="national-ranking"')
    [row] = [r for r in rows_of(table(page, 'id="national-out"')) if "Kabupaten Mungil" in r]
    assert "kurang dari 10 responden" in row and not FIGURE.search(row)
    summary = re.search(r'id="national-summary">(.*?)</p>', page, re.S)
    assert (
        summary and "dari 3 instansi" in summary.group(1) and "dari 4 instansi" in summary.group(1)
    )

    ranking, excluded = after["xlsx"]["Peringkat"], after["xlsx"]["Tidak diikutkan"]
    assert "KAB-N09" not in {row[2] for row in ranking[1:]}
    assert [row[-1] for row in excluded[1:] if row[0] == "KAB-N09"] == ["kurang dari 10 responden"]
    assert after["xlsx"]["Ringkasan"] == before["xlsx"]["Ringkasan"]
    pdf_lines = after["pdf"].splitlines()
    assert "Kabupaten Mungil 9 9 kurang dari 10 responden" in pdf_lines
    assert not [line for line in pdf_lines if "Mungil" in line and FIGURE.search(line)]


# --- the PDF report ------------------------------------------------------------------------


def test_the_pdf_report_shows_hidden_units_and_categories_with_their_n_only(small):
    cycle = small.cycle
    pdf = body(get(small.leader, reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})))
    lines = pdf.splitlines()
    for code, name, _head in UNITS:
        n = SIZES[2025].get(code, 0)
        [line] = [x for x in lines if x.startswith(f"{name} {n} ")]
        if code in HIDDEN_UNITS[2025]:
            assert line == f"{name} {n} disembunyikan", line
        elif n:
            assert FIGURE.search(line), line
    for dimension, hidden in HIDDEN_CATEGORIES.items():
        for code in DEMOGRAPHICS[dimension]:
            label, n = CATEGORY_LABELS[code][0], SPLITS[dimension][code]
            [line] = [x for x in lines if x.startswith(f"{label} {n} ")]
            if code in hidden:
                assert line == f"{label} {n} disembunyikan", line
            elif n:
                assert FIGURE.search(line), line


# --- reopen and diff -------------------------------------------------------------------------


def test_a_closed_cycle_cannot_be_reopened_so_two_downloads_never_differ_by_one_person(
    make_instansi, make_user
):
    """The attack: close, download the workbook, reopen, let one person answer, close and
    download again; the difference of the two workbooks would be that person's answers."""
    inst = make_instansi(code="KAB-R01", name="Kabupaten Ulang")
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 30, "U02": 40, "U03": 20}, seed=5)
    operator = login(Client(), make_user("operator.r", Role.OPERATOR, inst))
    workbook = reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})

    def step(action: str) -> None:
        url = reverse("surveys:transition", kwargs={"pk": cycle.pk, "action": action})
        operator.post(url, {"konfirmasi": "ya"})

    step("tutup")
    before = sheets(operator.get(workbook))
    step("buka")
    one_person = Client().post(
        "/api/v1/responses",
        {
            "link": cycle.units.get(code="U04").link_token,
            "nonce": "one-person-answers-1",
            "answers": {**PROFILE, **PICKS, "duration_s": 600, "harapan": "jawaban saya"},
        },
        content_type="application/json",
    )
    step("tutup")
    after = sheets(operator.get(workbook))
    assert Cycle.objects.get(pk=cycle.pk).status == "closed"
    assert one_person.status_code == 409, one_person.content
    assert Response.objects.filter(cycle=cycle).count() == 90
    assert after == before


# --- who answered, from the codes list ---------------------------------------------------------


def test_polling_the_personal_links_does_not_tell_who_has_answered(make_instansi, make_user):
    """The operator holds the CSV of codes (and usually merges it with names). Visiting each
    link, or typing each code, must look the same for a code that was used, one that was
    not and one that never existed, or polling the list tells who answered and when."""
    inst = make_instansi(code="KAB-P01", name="Kabupaten Kode")
    cycle = do_open_cycle(do_create_cycle(inst, 2025, access="token", actor=None), actor=None)
    operator = login(Client(), make_user("operator.p", Role.OPERATOR, inst))
    unit = cycle.units.get(code="U02")
    csv_file = operator.post(
        reverse("surveys:tokens", kwargs={"pk": cycle.pk}), {"unit": str(unit.pk), "count": "2"}
    )
    rows = [line.split(",") for line in csv_file.content.decode("utf-8-sig").splitlines()[1:]]
    (used_code, used_url), (unused_code, unused_url) = [(r[3], r[4]) for r in rows]
    unknown_code = "Z" * len(used_code)
    unknown_url = used_url.replace(used_code, unknown_code)
    respondent = Client()
    respondent.get(used_url)
    answer(respondent, unit.link_token)
    assert Response.objects.filter(cycle=cycle).count() == 1

    def seen(response: Any) -> tuple[Any, ...]:
        page = response.content.decode()
        for code in (used_code, unused_code, unknown_code):
            page = page.replace(code, "CODE")
        return response.status_code, response.get("Location"), sorted(response.cookies), page

    visits = [seen(Client().get(url)) for url in (used_url, unused_url, unknown_url)]
    assert visits[0] == visits[1] == visits[2], visits
    typed = [
        seen(Client().post(reverse("responses:code", args=[unit.link_token]), {"code": code}))
        for code in (used_code, unused_code, unknown_code)
    ]
    assert typed[0] == typed[1] == typed[2], typed
    assert PersonalToken.objects.filter(cycle_unit=unit).count() == 1  # nothing burnt
