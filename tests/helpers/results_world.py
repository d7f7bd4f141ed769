"""The results world that the results and reports tests read, and what it rendered.

Four instansi: KAB-R01 with units of n = 3, 12, 15, 40 and one without responses (the
suppression example of docs/method.md §9), a 2022 baseline of different culture and an
abandoned 2023 cycle that is still open; KOT-R02 whose name and unit names start with = + -
@; KAB-R03 with only seven respondents; KOT-R04 without any cycle. The world is built once
per test process inside a transaction that is rolled back, and everything the tests look at
is fetched through the test client while it exists: the pages in Indonesian and English, the
PDF reports, the Excel workbooks and the JSON API. The expected figures are computed here
from the stored responses by the method core alone (`count_responses`, `compute_results`),
without the cached counts or the dashboard code.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import subprocess
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from berakhlak.accounts.apikeys import do_create_api_key
from berakhlak.accounts.models import Membership, Role
from berakhlak.generate.model import InstansiModel, Vocabulary, draw_answers, unit_models
from berakhlak.method import (
    InstansiInfo,
    InstansiYear,
    Params,
    Results,
    UnitInfo,
    compute_results,
    count_responses,
    default_pool,
    group_stats,
)
from berakhlak.method.instrument import DEMOGRAPHICS
from berakhlak.method.rounding import format_count, format_decimal, format_percent
from berakhlak.method.suppression import suppress_siblings
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle, Status

K = 10
YEAR, BASELINE_YEAR, OPEN_YEAR = 2024, 2022, 2023

MAIN = "KAB-R01"
FORMULA = "KOT-R02"
SMALL = "KAB-R03"
NO_CYCLE = "KOT-R04"

INSTANSI = {
    MAIN: ("Kabupaten Sukamaju Uji", "barat"),
    FORMULA: ("=1+1 Kota Rumus", "timur"),
    SMALL: ("Kabupaten Sepi", "tengah"),
    NO_CYCLE: ("Kota Tanpa Survei", "pusat"),
}
UNITS = {
    MAIN: [
        ("U01", "Inspektorat", 5),
        ("U02", "Bagian Umum", 15),
        ("U03", "Dinas Kesehatan", 18),
        ("U04", "Dinas Pendidikan dan Kebudayaan", 42),
        ("U05", "Kecamatan Baru", 4),
    ],
    FORMULA: [
        ("U01", "@Bagian Satu", 30),
        ("U02", "+Dinas Dua", 25),
        ("U03", "-Unit Tiga", 10),
    ],
    SMALL: [("U01", "Sekretariat", 30), ("U02", "Dinas Sosial", 20)],
    NO_CYCLE: [("U01", "Sekretariat", 50)],
}
SIZES = {
    (MAIN, YEAR): {"U01": 3, "U02": 12, "U03": 15, "U04": 40},
    (MAIN, BASELINE_YEAR): {"U01": 8, "U02": 20, "U03": 16, "U04": 36},
    (MAIN, OPEN_YEAR): {"U03": 11, "U04": 20},
    (FORMULA, YEAR): {"U01": 30, "U02": 25, "U03": 10},
    (SMALL, YEAR): {"U01": 4, "U02": 3},
}
EXCLUDED = {(MAIN, YEAR): ("U04", 2, 1)}
"""Extra stored responses that the method excludes: (unit, speeders, straight-liners)."""

# Expected value reach (BP, AK, KO, HA, LO, AD, KL): Adaptif and Harmonis rise a lot from
# 2022 to 2024, the others stay near where they were.
CULTURE = {
    BASELINE_YEAR: (0.58, 0.74, 0.57, 0.35, 0.66, 0.15, 0.69),
    YEAR: (0.60, 0.72, 0.55, 0.80, 0.64, 0.85, 0.70),
}

PAGES_OF_UNITS = ("U01", "U02", "U03", "U04", "U05")


def text_of(code: str, unit: str, i: int, kind: str) -> str:
    """The free text of response i of a unit: says whose it is, so tests can find it."""
    return f"{kind} {code}/{unit} nomor {i}"


def insert_responses(cycle: Cycle, sizes: dict[str, int], seed: int) -> None:
    """Generated valid responses (n per unit as given) plus the excluded ones, with texts."""
    pool = default_pool()
    vocab = Vocabulary(pool)
    rng = np.random.default_rng(seed)
    code = cycle.instansi.code
    units = {u.code: u for u in cycle.units.all()}
    ordered = sorted(sizes)
    culture = CULTURE.get(cycle.year, CULTURE[YEAR])
    target = InstansiModel(np.array(culture), 0.24)
    effects = rng.normal(0, 0.15, (len(ordered), len(pool.values)))
    models = unit_models(rng, target, np.array([sizes[c] for c in ordered]), effects, vocab)
    codes = np.asarray(pool.codes)
    unit_of_excluded, speeders, straight = EXCLUDED.get((code, cycle.year), ("", 0, 0))
    records = []
    for unit, model in zip(ordered, models, strict=True):
        extra = speeders + straight if unit == unit_of_excluded else 0
        n = sizes[unit] + extra
        a = draw_answers(rng, model, n, vocab, 0.0, 0.0, 0.0)
        for i in range(n):
            pv, cc, dc = (";".join(codes[q[i]]) for q in (a.pv, a.cc, a.dc))
            duration = int(a.duration_s[i])
            if i >= sizes[unit] and i < sizes[unit] + speeders:
                duration = 30
            elif i >= sizes[unit]:
                pv = dc = cc
            records.append(
                Response(
                    cycle=cycle,
                    cycle_unit=units[unit],
                    submitted_on=datetime.date(cycle.year, 9, 17),
                    duration_s=duration,
                    pv=pv,
                    cc=cc,
                    dc=dc,
                    harapan=text_of(code, unit, i, "harapan") if i % 2 == 0 else "",
                    saran=text_of(code, unit, i, "saran") if i % 3 == 0 else "",
                    **{
                        name: options[int(a.demographics[name][i])]
                        for name, options in DEMOGRAPHICS.items()
                    },
                )
            )
    Response.objects.bulk_create(records)


def make_cycle(inst: Instansi, year: int, status: str, seed: int) -> Cycle:
    cycle = do_open_cycle(do_create_cycle(inst, year, actor=None), actor=None)
    insert_responses(cycle, SIZES.get((inst.code, year), {}), seed)
    if status != Status.OPEN:
        do_close_cycle(cycle, actor=None)
        Cycle.objects.filter(pk=cycle.pk).update(status=status)
    return Cycle.objects.get(pk=cycle.pk)


# --- the expected figures: the method core on the stored responses ------------------------


def stored(cycle: Cycle) -> tuple[list[Response], list[np.ndarray], np.ndarray]:
    """The stored responses of a cycle, their picks as pool positions and their durations."""
    pool = default_pool()
    rows = list(Response.objects.filter(cycle=cycle).select_related("cycle_unit"))
    picks = [
        np.array([[pool.index(c) for c in getattr(r, q).split(";")] for r in rows]).reshape(
            len(rows), 10
        )
        for q in ("pv", "cc", "dc")
    ]
    duration = np.array([np.nan if r.duration_s is None else r.duration_s for r in rows])
    return rows, picks, duration


def instansi_year_from_responses(cycle: Cycle) -> InstansiYear:
    """Counts of a cycle computed straight from its stored responses by the method core."""
    units = list(cycle.units.order_by("code"))
    position = {u.code: j for j, u in enumerate(units)}
    rows, picks, duration = stored(cycle)
    groups = np.array([position[r.cycle_unit.code] for r in rows], dtype=np.intp)
    counts = count_responses(
        groups, len(units), *picks, duration, default_pool(), cycle.method_params()
    )
    info = InstansiInfo(
        cycle.instansi.code,
        cycle.instansi.name,
        cycle.instansi.region,
        tuple(UnitInfo(u.code, u.name, u.headcount) for u in units),
    )
    return InstansiYear(info, cycle.year, counts)


@dataclass(frozen=True)
class CutRow:
    code: str
    n: int
    hidden: bool
    implementasi: float | None


def expected_cuts(cycle: Cycle) -> dict[str, list[CutRow]]:
    """Each demographic of the instansi: n, hidden (threshold and complement) and I1 per
    category, from the stored responses by the method core."""
    pool, params = default_pool(), cycle.method_params()
    rows, picks, duration = stored(cycle)
    out = {}
    for name, options in DEMOGRAPHICS.items():
        groups = np.array([options.index(getattr(r, name)) for r in rows], dtype=np.intp)
        counts = count_responses(groups, len(options), *picks, duration, pool, params)
        stats = group_stats(counts, np.nan, pool, params)
        ns = [int(n) for n in stats.n]
        hidden = suppress_siblings(ns, list(options), params.k)
        out[name] = [
            CutRow(c, ns[j], hidden[j], None if hidden[j] else float(stats.indices[j, 0]))
            for j, c in enumerate(options)
        ]
    return out


def excluded(r: Response) -> bool:
    """A speeder or a straight-liner (docs/method.md §3), decided here without the core."""
    speeder = r.duration_s is not None and r.duration_s < 60
    return speeder or set(r.pv.split(";")) == set(r.cc.split(";")) == set(r.dc.split(";"))


def demographic_counts(cycle: Cycle) -> dict[str, dict[str, int]]:
    """Valid respondents per demographic category of a cycle, counted without the core."""
    out: dict[str, dict[str, int]] = {name: dict.fromkeys(o, 0) for name, o in DEMOGRAPHICS.items()}
    for r in Response.objects.filter(cycle=cycle):
        if excluded(r):
            continue
        for name in DEMOGRAPHICS:
            out[name][getattr(r, name)] += 1
    return out


# --- what the world rendered ----------------------------------------------------------------


@dataclass
class Rendered:
    """Everything fetched from the world, and the figures it must show."""

    cycles: dict[tuple[str, int], int]  # (instansi, year) -> cycle pk
    expected: Results  # MAIN 2024 against its 2022 baseline, FORMULA and SMALL 2024
    national: Results  # every published instansi-year
    demographics: dict[str, dict[str, int]]  # MAIN 2024, valid respondents per category
    cuts: dict[str, list[CutRow]]  # MAIN 2024
    cc_picks: list[list[str]]  # MAIN 2024, valid responses' cc codes
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    api: dict[str, Any] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    def result(self, code: str, year: int = YEAR) -> Any:
        r = self.expected.find(code, year)
        assert r is not None
        return r


def fetch(client: Client, url: str, **extra: Any) -> Any:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    return response


def build_world() -> dict[str, Any]:
    user_model = get_user_model()
    admin = user_model.objects.create_user("admin.hasil", password="x-test-password-1")
    Membership.objects.create(user=admin, role=Role.ADMIN)
    instansi = {}
    for code, (name, region) in INSTANSI.items():
        inst = Instansi.objects.create(code=code, name=name, region=region)
        for unit_code, unit_name, headcount in UNITS[code]:
            Unit.objects.create(instansi=inst, code=unit_code, name=unit_name, headcount=headcount)
        instansi[code] = inst
    leader = user_model.objects.create_user("kepala.hasil", password="x-test-password-1")
    Membership.objects.create(
        user=leader,
        role=Role.LEADER,
        instansi=instansi[MAIN],
        unit=instansi[MAIN].units.get(code="U03"),
    )
    cycles = {
        (MAIN, BASELINE_YEAR): make_cycle(instansi[MAIN], BASELINE_YEAR, Status.PUBLISHED, 22),
        (MAIN, OPEN_YEAR): make_cycle(instansi[MAIN], OPEN_YEAR, Status.OPEN, 23),
        (MAIN, YEAR): make_cycle(instansi[MAIN], YEAR, Status.PUBLISHED, 24),
        (FORMULA, YEAR): make_cycle(instansi[FORMULA], YEAR, Status.PUBLISHED, 5),
        (SMALL, YEAR): make_cycle(instansi[SMALL], YEAR, Status.PUBLISHED, 6),
    }
    return {"admin": admin, "leader": leader, "cycles": cycles}


def expected_figures(cycles: dict[tuple[str, int], Cycle]) -> tuple[Results, Results]:
    pool, params = default_pool(), Params(k=K)
    data = {key: instansi_year_from_responses(c) for key, c in cycles.items()}
    published = [data[key] for key, c in cycles.items() if c.status == Status.PUBLISHED]
    own = [
        data[key] for key in ((MAIN, YEAR), (MAIN, BASELINE_YEAR), (FORMULA, YEAR), (SMALL, YEAR))
    ]
    return compute_results(own, pool, params), compute_results(published, pool, params)


PAGES = {
    "dashboard": "/hasil/siklus/{main}/",
    "dashboard-small": "/hasil/siklus/{small}/",
    "dashboard-formula": "/hasil/siklus/{formula}/",
    **{f"unit-{u}": "/hasil/siklus/{main}/unit/" + u + "/" for u in PAGES_OF_UNITS},
    "unit-small-U01": "/hasil/siklus/{small}/unit/U01/",
    "national": "/hasil/nasional/",
    "national-2022": "/hasil/nasional/2022/",
}
PAGES_EN = ("dashboard", "unit-U04", "unit-U02", "national", "dashboard-small")
FILES = {
    "pdf": "/laporan/siklus/{main}/laporan.pdf",
    "pdf-small": "/laporan/siklus/{small}/laporan.pdf",
    "pdf-national": "/laporan/nasional/2024/laporan.pdf",
    "xlsx": "/laporan/siklus/{main}/hasil.xlsx",
    "xlsx-small": "/laporan/siklus/{small}/hasil.xlsx",
    "xlsx-formula": "/laporan/siklus/{formula}/hasil.xlsx",
    "xlsx-national": "/laporan/nasional/2024/hasil.xlsx",
}
FILES_EN = ("pdf", "xlsx", "xlsx-national")
API = {
    "cycles": "/api/v1/cycles",
    "cycle": "/api/v1/cycles/{main}/results",
    "cycle-small": "/api/v1/cycles/{small}/results",
    "cycle-formula": "/api/v1/cycles/{formula}/results",
    "national": "/api/v1/national/2024",
}


def render(built: dict[str, Any]) -> Rendered:
    cycles = built["cycles"]
    pks = {
        "main": cycles[MAIN, YEAR].pk,
        "small": cycles[SMALL, YEAR].pk,
        "formula": cycles[FORMULA, YEAR].pk,
    }
    expected, national = expected_figures(cycles)
    main = cycles[MAIN, YEAR]
    valid = [r for r in Response.objects.filter(cycle=main) if not excluded(r)]
    out = Rendered(
        cycles={key: c.pk for key, c in cycles.items()},
        expected=expected,
        national=national,
        demographics=demographic_counts(main),
        cuts=expected_cuts(main),
        cc_picks=[r.cc.split(";") for r in valid],
    )
    indonesian, english = Client(), Client()
    indonesian.force_login(built["admin"])
    english.force_login(built["admin"])
    switched = english.post("/bahasa/", {"language": "en", "next": "/"})
    assert switched.status_code == 302 and english.cookies["django_language"].value == "en"
    for name, url in PAGES.items():
        out.pages[name] = fetch(indonesian, url.format(**pks)).content.decode()
        if name in PAGES_EN:
            out.pages[f"{name}-en"] = fetch(english, url.format(**pks)).content.decode()
    for name, url in FILES.items():
        out.files[name] = fetch(indonesian, url.format(**pks)).content
        if name in FILES_EN:
            out.files[f"{name}-en"] = fetch(english, url.format(**pks)).content
    leader = Client()
    leader.force_login(built["leader"])
    out.redirects["unit-saya"] = leader.get("/hasil/unit-saya/")["Location"]
    key = do_create_api_key(built["admin"], "uji", actor=built["admin"])
    bearer = Client()
    for name, url in API.items():
        answer = fetch(bearer, url.format(**pks), HTTP_AUTHORIZATION=f"Bearer {key}")
        out.api[name] = answer.json()
    return out


@functools.cache
def rendered_world() -> Rendered:
    """Built once per test process, in a transaction that is rolled back (the fixture
    `rendered` in tests/web/conftest.py)."""
    with transaction.atomic():
        built = build_world()
        rendered = render(built)
        transaction.set_rollback(True)
    return rendered


# --- reading numbers back ------------------------------------------------------------------


def pct(value: float, lang: str = "id") -> str:
    return format_percent(value, lang)


def num1(value: float, lang: str = "id") -> str:
    return format_decimal(value, lang)


def count(n: int, lang: str = "id") -> str:
    return format_count(n, lang)


def strip_tags(html: str) -> str:
    """The text of some HTML, without the help links next to terms (they are not content)."""
    html = re.sub(r'<a class="term-help[^"]*"[^>]*>.*?</a>', "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, element_id: str) -> str:
    """The HTML of the element with this id (up to its closing tag)."""
    return element(html, f'id="{element_id}"')


def element(html: str, marker: str) -> str:
    """The HTML of the first element whose opening tag holds `marker` (e.g. 'class="x"')."""
    start = html.index(marker)
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)  # type: ignore[union-attr]
    depth = 0
    for m in re.finditer(rf"<(/?){name}\b", html[tag:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = tag + m.end()
            return html[tag : html.index(">", end) + 1]
    raise AssertionError(f"{marker} is not closed")


def rows_with(html: str, attribute: str) -> dict[str, list[str]]:
    """{attribute value: the texts of its cells} of every <tr attribute="…">."""
    out = {}
    for m in re.finditer(rf'<tr {attribute}="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)
        out[m.group(1)] = [strip_tags(c) for c in cells]
    return out


def pdf_text(data: bytes) -> str:
    """The text of a PDF (poppler's pdftotext), whitespace collapsed to single spaces."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


def xlsx(data: bytes) -> Any:

    return load_workbook(io.BytesIO(data))


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    """The rows of a sheet as {machine name: value}: the first row holds readable headers,
    the data dictionary (the last sheet) gives each column's machine name, in order."""
    rows = list(book[name].iter_rows(values_only=True))
    if name == book.sheetnames[-1]:  # the dictionary itself: its own headers
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    names = machine_names(book)[name]
    assert len(names) == len(rows[0]), name
    return [dict(zip(names, row, strict=True)) for row in rows[1:]]


def machine_sheets(book: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every data sheet's rows, the first one the machine names instead of the readable
    headers (the data dictionary, the last sheet, is left out)."""
    names = machine_names(book)
    return {
        sheet.title: [tuple(names[sheet.title]), *list(sheet.iter_rows(values_only=True))[1:]]
        for sheet in book.worksheets[:-1]
    }


def machine_names(book: Any) -> dict[str, list[str]]:
    """Sheet -> its columns' machine names, from the workbook's data dictionary, after
    checking the dictionary lists every column of every sheet, in order, with the header the
    sheet shows, and nothing else."""
    dictionary = list(book[book.sheetnames[-1]].iter_rows(values_only=True))
    assert dictionary[0][:3] in {
        ("Lembar", "Judul kolom", "Nama mesin"),
        ("Sheet", "Column header", "Machine name"),
    }, book.sheetnames
    names: dict[str, list[str]] = {}
    headers: dict[str, list[str]] = {}
    for row in dictionary[1:]:
        names.setdefault(row[0], []).append(row[2])
        headers.setdefault(row[0], []).append(row[1])
    shown = {
        sheet.title: [c.value for c in next(sheet.iter_rows(max_row=1))]
        for sheet in book.worksheets[:-1]
    }
    assert headers == shown, "the data dictionary does not list exactly the sheets' columns"
    return names


LABELS = {
    "id": {
        "naik": "naik",
        "turun": "turun",
        "tetap": "tetap",
        True: "bermakna",
        False: "dalam batas kesalahan",
        "ci": "IK 95%",
        "no ci": "tanpa interval",
        "hidden unit": "disembunyikan (kurang dari 10 responden atau perlindungan unit lain)",
        "no responses": "belum ada respons sah",
        "hidden": "disembunyikan",
    },
    "en": {
        "naik": "up",
        "turun": "down",
        "tetap": "unchanged",
        True: "significant",
        False: "within the margin of error",
        "ci": "95% CI",
        "no ci": "no interval",
        "hidden unit": "hidden (fewer than 10 respondents, or to protect another unit)",
        "no responses": "no valid responses yet",
        "hidden": "hidden",
    },
}


def change_text(c: Any, lang: str = "id") -> str:
    """A change as the pages write it: the shown change with its word, no sign
    ('naik 16,3 · bermakna', 'turun 0,8 · dalam batas kesalahan', 'tetap')."""
    if c is None:
        return "–"
    if c.direction == "tetap":
        return LABELS[lang]["tetap"]
    text = f"{LABELS[lang][c.direction]} {format_decimal(abs(c.delta_shown), lang)}"
    if c.significant is not None:
        text += " · " + LABELS[lang][c.significant]
    return text


def ci_text(lo: float, hi: float, lang: str = "id") -> str:
    return "–" if np.isnan(lo) else f"{num1(lo, lang)}–{num1(hi, lang)}"


def valid_texts(code: str, unit: str | None = None) -> set[str]:
    """The free texts of valid responses of MAIN or SMALL in 2024 (of one unit or all)."""
    out = set()
    for u, n in SIZES[code, YEAR].items():
        if unit is None or u == unit:
            out |= {text_of(code, u, i, "harapan") for i in range(0, n, 2)}
            out |= {text_of(code, u, i, "saran") for i in range(0, n, 3)}
    return out


TEXT = re.compile(r"(harapan|saran) ([A-Z]{3}-R0\d)/(U0\d) nomor (\d+)")
"""A free text of the world, wherever it is shown."""


def texts_shown(text: str) -> set[tuple[str, str, str, int]]:
    return {(m[1], m[2], m[3], int(m[4])) for m in TEXT.finditer(text)}
