"""What the web tests share: accounts, generated responses, the questionnaire answered
through the test client, requests to the WSGI application, and the text a page shows.
Fixtures are in tests/web/conftest.py; this module holds no test and no fixture."""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from pypdf import PdfReader

from berakhlak.generate.model import InstansiModel, Vocabulary, draw_answers, unit_models
from berakhlak.method.instrument import DEMOGRAPHICS
from berakhlak.method.items import default_pool
from berakhlak.orgs.models import Instansi
from berakhlak.responses.models import Response
from berakhlak.site.wsgi import application
from berakhlak.surveys.models import Cycle, CycleUnit

PASSWORD = "a-test-password-1"


POSTGRES = bool(os.environ.get("DATABASE_URL", "").startswith("postgres"))


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def add_responses(cycle: Cycle, sizes: dict[str, int], seed: int = 7, texts: bool = True) -> int:
    """Insert generated, valid responses: `sizes` maps unit code -> number of responses."""
    pool = default_pool()
    vocab = Vocabulary(pool)
    rng = np.random.default_rng(seed)
    units = {u.code: u for u in cycle.units.all()}
    codes = np.asarray(pool.codes)
    target = InstansiModel(np.array([0.58, 0.74, 0.57, 0.64, 0.66, 0.39, 0.69]), 0.24)
    ordered = sorted(sizes)
    effects = rng.normal(0, 0.2, (len(ordered), len(pool.values)))
    models = unit_models(rng, target, np.array([sizes[c] for c in ordered]), effects, vocab)
    records = []
    for code, model in zip(ordered, models, strict=True):
        answers = draw_answers(
            rng, model, sizes[code], vocab, speeders=0.0, straight_liners=0.0, missing_duration=0.0
        )
        for i in range(sizes[code]):
            records.append(
                Response(
                    cycle=cycle,
                    cycle_unit=units[code],
                    submitted_on=datetime.date(cycle.year, 9, 15),
                    duration_s=int(answers.duration_s[i]),
                    pv=";".join(codes[answers.pv[i]]),
                    cc=";".join(codes[answers.cc[i]]),
                    dc=";".join(codes[answers.dc[i]]),
                    harapan=f"harapan {code} {i}" if texts and i % 3 == 0 else "",
                    saran=f"saran {code} {i}" if texts and i % 4 == 0 else "",
                    **{
                        name: options[int(answers.demographics[name][i])]
                        for name, options in DEMOGRAPHICS.items()
                    },
                )
            )
    Response.objects.bulk_create(records)
    return len(records)


@dataclass
class World:
    """Two instansi, accounts of every role, and cycles in each state."""

    instansi: Instansi
    other: Instansi
    admin: object
    operator: object
    leader: object
    unit_leader: object
    other_operator: object
    other_leader: object
    change_agent: object
    other_unit_leader: object
    draft: Cycle
    open: Cycle
    published: Cycle
    previous: Cycle
    other_published: Cycle

    def unit(self, cycle: Cycle, code: str) -> CycleUnit:
        return cycle.units.get(code=code)


PROFILE = {
    "status": "PPPK",
    "jabatan": "fungsional",
    "gender": "P",
    "age_band": "30-39",
    "tenure_band": "5-14",
}
"""A respondent's answers to the demographic step."""


PICKS = {
    "pv": ["AK1", "P18", "P21", "P07", "LO1", "KO1", "P03", "HA1", "P09", "P06"],
    "cc": ["BP1", "AK1", "KO1", "HA1", "LO1", "AD1", "KL1", "P01", "P05", "P09"],
    "dc": ["AD2", "AD1", "P12", "P03", "P13", "P15", "P22", "KO1", "BP1", "BP3"],
}
"""Ten distinct picks per question, in rank order."""


def step_url(link: str, step: str) -> str:
    return f"/s/{link}/{step}/"


def personal_link(cycle_unit: CycleUnit, code: str) -> str:
    """The personal link of a code, as the CSV of codes gives it."""
    return f"/s/{cycle_unit.link_token}/kode/{code}/"


def answer(
    client: Client,
    link: str,
    *,
    until: str = "selesai",
    picks: dict[str, list[str]] | None = None,
    texts: dict[str, str] | None = None,
    **extra: str,
) -> object:
    """Answer the questionnaire of a unit link step by step up to (not including) `until`;
    'selesai' submits it. Each step must move on to the next one. Returns the last answer."""
    picks = picks or PICKS
    steps = {
        "mulai": {"consent": "on"},
        "profil": PROFILE,
        **{q: {"item": sorted(picks[q]), "order": ",".join(picks[q])} for q in picks},
        "saran": texts if texts is not None else {"harapan": "Lebih terbuka", "saran": ""},
    }
    response = None
    for name, data in steps.items():
        if name == until:
            break
        response = client.post(step_url(link, name), data, **extra)
        assert response.status_code == 302, (name, response.content[:2000])
    return response


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


ORG_FILE = (
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
    "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,125,barat\n"
)


def pattern_names(patterns: list[Any] | None = None, prefix: str = "") -> set[str]:
    """Every URL pattern of the project as 'namespace:name', walking includes recursively."""
    names: set[str] = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            names |= pattern_names(
                p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix
            )
        else:
            assert isinstance(p, URLPattern) and p.name, f"unnamed URL pattern {p.pattern}"
            names.add(prefix + p.name)
    return names


def body(response: HttpResponse) -> str:
    """The text a user would read: HTML/CSV/SVG as text, PDF and XLSX extracted."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/pdf":
        assert content.startswith(b"%PDF")
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if kind.startswith("image/"):
        return content.decode("latin-1")
    return content.decode("utf-8")


def submission(link: str, nonce: str = "nonce-api-0123456789", **answers: Any) -> dict[str, Any]:
    """A questionnaire as the submission API takes it (POST /api/v1/responses)."""
    return {
        "link": link,
        "nonce": nonce,
        "answers": {**PROFILE, **PICKS, "duration_s": 412, **answers},
    }


def call(
    method: str,
    path: str,
    data: bytes = b"",
    host: str = "testserver",
    app: Any = application,
    **extra: str,
) -> tuple[int, dict[str, str], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started["status"], started["headers"] = int(status[:3]), dict(headers)

    chunks = app(environ, start_response)
    content = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return started["status"], started["headers"], content


def limiting_culture(world: World, n: int = 90) -> None:
    """More responses in a published unit, most of whose current-culture picks are limiting
    items: the top-ten lists of its pages then hold limiting items."""
    unit = world.published.units.get(code="U02")
    Response.objects.bulk_create(
        Response(
            cycle=world.published,
            cycle_unit=unit,
            submitted_on=datetime.date(world.published.year, 9, 20),
            duration_s=400,
            pv=";".join(PICKS["pv"]),
            cc="N01;N02;N03;N04;N05;N06;BP1;AK1;KO1;HA1",
            dc=";".join(PICKS["dc"]),
            **PROFILE,
        )
        for _ in range(n)
    )
