"""Fuzzing the public and the operators' inputs with Hypothesis.

The questionnaire's every step (arbitrary form fields, values, unicode, huge values), the
JSON submission API, and the org import (upload, preview, apply) never answer with a server
error and never write anything partial: a POST adds 0 or 1 response, and 1 only for a
complete, valid questionnaire; an org file with one bad row applies nothing.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
import string
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from berakhlak.accounts.actions import do_create_user
from berakhlak.accounts.invitations import invite_on_commit
from berakhlak.accounts.models import ApiKey, Role
from berakhlak.followup.models import Activity, AgentReport, ChangeAgent, Evidence
from berakhlak.method.items import default_pool
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.responses import questionnaire
from berakhlak.responses.models import Receipt, Response
from berakhlak.surveys.actions import do_issue_tokens
from berakhlak.surveys.models import PersonalToken
from helpers.access import VIEWS, role_model_of
from helpers.web import PICKS, PROFILE, login

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

CODES = list(default_pool().codes)
STEPS = ("mulai", "profil", "pv", "cc", "dc", "saran")
COMPLETE = {  # the progress of a respondent who finished every step before the one posted
    "mulai": True,
    "profil": PROFILE,
    **PICKS,
}

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00", "a\x00b", "=1+1", "<script>x</script>", "\u202e", "😀" * 300]),
    st.builds(lambda n: "x" * n, st.integers(990, 20_000)),
)
plausible = st.sampled_from(
    [
        "on",
        "1",
        "10",
        "0",
        "-1",
        *PROFILE.values(),
        "NON_ASN",
        "50+",
        *CODES[:15],
        ",".join(PICKS["pv"]),
        ",".join(reversed(PICKS["dc"])),
    ]
)
field_name = st.one_of(
    st.sampled_from(
        [
            "consent",
            *PROFILE,
            "item",
            "order",
            "harapan",
            "saran",
            "code",
            "nonce",
            *[f"rank_{c}" for c in PICKS["pv"][:4]],
        ]
    ),
    st.text(max_size=12),
)
form = st.dictionaries(
    field_name, st.lists(st.one_of(plausible, odd_text), min_size=1, max_size=12), max_size=7
)


def progress_cookie(cycle_unit: Any, step: str, **extra: Any) -> str:
    """A signed progress cookie of a respondent whose steps before `step` are complete."""
    data: dict[str, Any] = {"n": f"fuzz-{step}-{len(extra)}", "s": 12345, "t": 0}
    for name in STEPS[: STEPS.index(step)]:
        data[name] = COMPLETE[name]
    data.update(extra)
    return signing.dumps(data, salt=questionnaire.SALT, compress=True)


def counts() -> tuple[int, int]:
    return Response.objects.count(), Receipt.objects.count()


@FUZZ
@given(
    step=st.sampled_from([*STEPS, "selesai", "urutan", "bukan-langkah"]),
    data=form,
    nonce=st.text(alphabet=string.ascii_letters, min_size=8, max_size=12),
)
def test_no_questionnaire_post_is_a_server_error_or_a_partial_write(survey, step, data, nonce):
    cu = survey.units.get(code="U01")
    client = Client()
    posted = "pv" if step == "urutan" else step
    extra = {"pv_unranked": sorted(PICKS["pv"]), "n": nonce} if step == "urutan" else {"n": nonce}
    if posted in STEPS:
        client.cookies[questionnaire.cookie_name(cu)] = progress_cookie(cu, posted, **extra)
    url = f"/s/{cu.link_token}/pv/urutan/" if step == "urutan" else f"/s/{cu.link_token}/{step}/"
    before = set(Response.objects.values_list("pk", flat=True))
    receipts = Receipt.objects.count()
    response = client.post(url, data)
    assert response.status_code < 500
    new = Response.objects.exclude(pk__in=before)
    assert Receipt.objects.count() - receipts == len(new)  # a receipt with each response
    assert len(new) in (0, 1)
    for r in new:  # only the last step stores, and only the whole questionnaire
        assert step == "saran" and response.status_code == 302
        assert [r.pv.split(";"), r.cc.split(";"), r.dc.split(";")] == [
            PICKS["pv"],
            PICKS["cc"],
            PICKS["dc"],
        ]
        assert {f: getattr(r, f) for f in PROFILE} == PROFILE


@FUZZ
@given(code=st.one_of(odd_text, plausible), data=form)
def test_no_personal_code_input_is_a_server_error(token_survey, code, data):
    cu = token_survey.units.get(code="U01")
    client = Client()
    assert client.post(f"/s/{cu.link_token}/kode/", {**data, "code": code}).status_code < 500
    if code.replace("/", ""):
        url = f"/s/{cu.link_token}/kode/{code.replace('/', '')}/"
        assert client.get(url).status_code < 500
    assert Response.objects.count() == 0


# --- the JSON API ------------------------------------------------------------------------------

json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        odd_text,
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
answer_keys = st.sampled_from([*PROFILE, "pv", "cc", "dc", "harapan", "saran", "duration_s"])


@FUZZ
@given(
    answer_changes=st.dictionaries(
        answer_keys, st.one_of(json_value, plausible, st.integers(-(2**70), 2**70)), max_size=3
    ),
    top_changes=st.dictionaries(
        st.sampled_from(["link", "nonce", "token", "answers", "extra"]), json_value, max_size=2
    ),
    nonce=st.text(alphabet=string.ascii_letters + "_-", min_size=16, max_size=40),
    surrogate=st.booleans(),
)
def test_no_api_submission_is_a_server_error_or_a_partial_write(
    survey, answer_changes, top_changes, nonce, surrogate
):
    link = survey.units.get(code="U02").link_token
    data: dict[str, Any] = {
        "link": link,
        "nonce": nonce,
        "answers": {**PROFILE, **PICKS, "duration_s": 300, **answer_changes},
    }
    data.update(top_changes)
    raw = json.dumps(data)
    if surrogate:  # a lone surrogate: valid JSON, not encodable text
        raw = raw.replace('"harapan": "', '"harapan": "\\ud800', 1).replace(
            '"link": "', '"link": "\\udfff', 1
        )
    before = counts()
    response = Client().post("/api/v1/responses", raw, content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/json"
    stored = counts()[0] - before[0]
    assert counts()[1] - before[1] == stored
    assert stored == (1 if response.status_code == 201 else 0)


@FUZZ
@given(
    token=st.one_of(odd_text, st.sampled_from(["", " ", "'"])),
    duration=st.integers(-(2**40), 2**70),
)
def test_api_submissions_with_odd_codes_and_durations_are_refused_or_stored_whole(
    token_survey, token, duration
):
    cu = token_survey.units.get(code="U01")
    tokens_before = PersonalToken.objects.count()
    before = counts()
    response = Client().post(
        "/api/v1/responses",
        {
            "link": cu.link_token,
            "nonce": f"nonce-odd-{abs(hash((token, duration)))}",
            "token": token,
            "answers": {**PROFILE, **PICKS, "duration_s": duration},
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 403, 413, 429), response.content[:300]
    assert counts() == before and PersonalToken.objects.count() == tokens_before


def test_a_huge_duration_with_a_good_code_is_refused_without_burning_the_code(token_survey):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    body = {
        "link": cu.link_token,
        "nonce": "nonce-huge-duration-1",
        "token": token,
        "answers": {**PROFILE, **PICKS, "duration_s": 2**63},
    }
    response = Client().post("/api/v1/responses", body, content_type="application/json")
    assert response.status_code == 400
    assert PersonalToken.objects.count() == 1 and Response.objects.count() == 0
    body["answers"]["duration_s"] = 600
    assert (
        Client().post("/api/v1/responses", body, content_type="application/json").status_code == 201
    )


# --- the org import ----------------------------------------------------------------------------

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")  # of the unit form
HEADER = ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
good_code = st.from_regex(r"\A[A-Z0-9][A-Z0-9_.-]{0,7}\Z")
good_name = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=30).map(str.strip)
TARGETED = ["", " ", "a/b", "../x", "%2F", "A B", "x" * 250, "\x00", "-5", "1e9", ".U1", "é"]
odd_cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(TARGETED),
    st.sampled_from(["99999999999", "0", "1.5", "tiga", "=1+1", "2147483648", "10000001"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)


def org_rows(instansi_code: str | None) -> st.SearchStrategy[list[list[str]]]:
    """Rows of an org file: good ones, and good ones with one or two cells spoilt."""
    inst = st.just(instansi_code) if instansi_code else good_code
    good = st.builds(
        lambda i, name, u, unit, head, region: [i, name, u, unit, str(head), region],
        inst,
        st.just("Kabupaten Uji") if instansi_code else good_name,
        good_code,
        good_name,
        st.integers(1, 5000),
        st.sampled_from(["barat", "tengah", "timur", "pusat"]),
    )
    first = 2 if instansi_code else 0  # an operator's file names their own instansi

    def spoil(row: list[str], changes: list[tuple[int, str]]) -> list[str]:
        row = list(row)
        for column, cell in changes:
            row[max(column, first)] = cell
        return row

    spoilt = st.builds(
        spoil,
        good,
        st.lists(
            st.tuples(st.integers(0, 5), st.one_of(st.sampled_from(TARGETED), odd_cell)),
            min_size=1,
            max_size=2,
        ),
    )
    return st.lists(st.one_of(good, spoilt), min_size=1, max_size=5)


def org_bytes(rows: list[list[str]], kind: str) -> io.BytesIO:
    if kind == "xlsx":
        book = Workbook()
        for row in [HEADER, *rows]:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
            for cell in book.active[book.active.max_row]:
                cell.data_type = "s"  # text, as typed with a leading ' ("=0" is no formula)
        out = io.BytesIO()
        book.save(out)
        out.seek(0)
    else:
        text = io.StringIO()
        csv.writer(text).writerows([HEADER, *rows])
        out = io.BytesIO(text.getvalue().encode())
    out.name = f"struktur.{kind}"
    return out


def structure() -> list[tuple[str, str, str, str, int, bool]]:
    return sorted(
        Unit.objects.values_list(
            "instansi__code", "instansi__name", "code", "name", "headcount", "active"
        )
    )


def import_file(client: Client, code: str | None, upload: io.BytesIO) -> tuple[int, bool]:
    """Upload, preview and apply; (status of the apply, whether it was applied)."""
    start = reverse("orgs:import", args=[code]) if code else reverse("orgs:import_all")
    uploaded = client.post(start, {"file": upload})
    assert uploaded.status_code in (200, 302)
    if uploaded.status_code == 200:
        return 200, False
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200
    token = uploaded["Location"].split("berkas=")[1]
    applied = client.post(uploaded["Location"], {"berkas": token, "deactivate_missing": "1"})
    assert applied.status_code in (200, 302)
    return applied.status_code, applied.status_code == 302


def well_formed(rows: list[list[str]]) -> bool:
    """Rows the import must take (a subset of what it may take)."""
    seen = set()
    for i, name, u, unit, head, region in rows:
        if (i, u) in seen:
            return False
        seen.add((i, u))
        ok = all(c and c == c.strip() and c.isprintable() for c in (i, name, u, unit))
        if not ok or region not in ("barat", "tengah", "timur", "pusat"):
            return False
        if not head.isdigit() or not 1 <= int(head) <= 5000:
            return False
        if not (CODE.fullmatch(i) and CODE.fullmatch(u)):
            return False
        if len(name) > 200 or len(unit) > 200:
            return False
    names: dict[str, tuple[str, str]] = {}
    return all(names.setdefault(r[0], (r[1], r[5])) == (r[1], r[5]) for r in rows)


@pytest.fixture
def importers(make_instansi, make_user) -> dict[str, Client]:
    inst = make_instansi()
    return {
        "operator": login(Client(), make_user("operator.fuzz", Role.OPERATOR, inst)),
        "admin": login(Client(), make_user("admin.fuzz", Role.ADMIN)),
    }


def test_a_spreadsheet_text_that_starts_with_an_equals_sign_is_imported_as_text(importers):
    """Found by the fuzz test below: "=0" typed as text ('=0) is a name, not a formula."""
    rows = [["KAB-T01", "Kabupaten Uji", "U01", "=0", "12", "barat"]]
    _status, applied = import_file(importers["operator"], "KAB-T01", org_bytes(rows, "xlsx"))
    assert applied
    assert Unit.objects.get(instansi__code="KAB-T01", code="U01").name == "=0"


@settings(FUZZ, max_examples=40)
@given(
    data=st.data(),
    kind=st.sampled_from(["csv", "xlsx"]),
    who=st.sampled_from(["operator", "admin"]),
)
def test_no_org_file_is_a_server_error_and_a_bad_row_applies_nothing(importers, data, kind, who):
    code = "KAB-T01" if who == "operator" else None
    rows = data.draw(org_rows(code))
    client = importers[who]
    before = structure()
    _status, applied = import_file(client, code, org_bytes(rows, kind))
    if applied:
        for row in rows:
            assert Unit.objects.filter(instansi__code=row[0].strip(), code=row[2].strip()).exists()
        pages = [reverse("orgs:instansi", args=[r[0]]) for r in rows[:2]]
        pages += [reverse("orgs:list")] if who == "admin" else []
        for page in pages:  # whatever was imported can be shown
            assert client.get(page).status_code == 200, page
    else:
        assert structure() == before
    if well_formed(rows):
        assert applied, rows


@settings(FUZZ, max_examples=30)
@given(content=st.binary(max_size=400), kind=st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_are_refused_as_an_org_file_without_a_server_error(importers, content, kind):
    assume(content.strip())
    upload = io.BytesIO(content)
    upload.name = f"acak.{kind}"
    before = structure()
    _status, applied = import_file(importers["admin"], None, upload)
    assert not applied and structure() == before
    assert Instansi.objects.count() == 1


@pytest.mark.parametrize(
    "row, problem",
    [
        (["U/1", "Unit", "5"], "kode unit 'U/1' instansi KAB-T01 harus 1–32 huruf"),
        (["U 1", "Unit", "5"], "kode unit 'U 1' instansi KAB-T01 harus 1–32 huruf"),
        (["x" * 33, "Unit", "5"], "kode unit '" + "x" * 33 + "' instansi KAB-T01 harus"),
        (["U1", "x" * 201, "5"], "nama unit U1 lebih dari 200 karakter"),
        (["U1", "Un\x00it", "5"], "nama unit U1 lebih dari 200 karakter atau memuat karakter"),
        (["U1", "Unit", "99999999999"], "jumlah pegawai unit U1 instansi KAB-T01 melebihi"),
    ],
)
def test_an_org_file_with_what_the_web_cannot_keep_is_refused_in_indonesian(
    row, problem, importers
):
    """Codes end up in URLs, names and headcounts in columns of fixed size: the file reader
    takes them, the import must not (it once stored 'U/1' and broke the instansi page)."""
    before = structure()
    upload = org_bytes([["KAB-T01", "Kabupaten Uji", *row, "barat"]], "csv")
    client = importers["operator"]
    uploaded = client.post(reverse("orgs:import", args=["KAB-T01"]), {"file": upload})
    page = client.get(uploaded["Location"]).content.decode().replace("&#x27;", "'")
    problems = re.findall(r"<li>([^<]+)</li>", page.split('id="import-problems"')[1])
    assert any(p.startswith(problem) for p in problems), problems
    assert structure() == before
    assert client.get(reverse("orgs:instansi", args=["KAB-T01"])).status_code == 200


# --- URL path and query values ------------------------------------------------------------------

ODD_SEGMENTS = ["a\x00b", "x" * 300, "é", "%", "..", "'", "U01 ", "\u202e", "😀", "-", "0"]


def test_no_odd_value_in_a_url_path_or_query_is_a_server_error(world):
    """Every URL pattern with a text parameter, that parameter replaced by odd values, for an
    anonymous visitor and for the national admin (in scope nearly everywhere)."""
    clients = [Client(), login(Client(), world.admin)]
    for name, view in VIEWS.items():
        kwargs = view.kwargs(world)
        for key, value in kwargs.items():
            if not isinstance(value, str):
                continue
            for odd in ODD_SEGMENTS:
                url = reverse(name, kwargs={**kwargs, key: odd})
                for client in clients:
                    assert client.get(url).status_code < 500, (name, url)
    for query in ("instansi=%00", "halaman=%00", "halaman=-1", "berkas=%00", "next=%00"):
        for url in ("/audit/", "/instansi/impor/pratinjau/", "/akun/masuk/"):
            assert clients[1].get(f"{url}?{query}").status_code < 500, (url, query)
    link = world.unit(world.open, "U01").link_token
    for cookie in ("sessionid", "csrftoken", "django_language", f"bkq{world.open.pk}"):
        client = Client()
        client.cookies[cookie] = "abc\x00def" * 3
        for url in ("/", f"/s/{link}/", reverse("results:national")):
            assert client.get(url).status_code < 500, (cookie, url)


# --- ids in forms, and every staff form with arbitrary Unicode ------------------------------

OTHER_DIGITS = {
    "superscript": str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"),
    "arabic-indic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "fullwidth": str.maketrans("0123456789", "０１２３４５６７８９"),
    "devanagari": str.maketrans("0123456789", "०१२३४५६७८९"),
}


@pytest.mark.parametrize("script", list(OTHER_DIGITS))
def test_an_id_written_in_other_digits_is_refused_and_never_a_server_error(world, script):
    """'²'.isdigit() is true and int('²') fails (a server error); int('٣') is 3, so an id
    in another script's digits named a real object. Ids must be ASCII digits."""
    operator = login(Client(), world.operator)
    key = issue_key(operator)

    pk = str(ApiKey.objects.get(user=world.operator).pk)
    revoked = operator.post(
        reverse("accounts:api_keys"), {"revoke": pk.translate(OTHER_DIGITS[script])}
    )
    assert revoked.status_code == 404
    assert ApiKey.objects.filter(user=world.operator).count() == 1, key

    unit = world.unit(world.open, "U02")
    codes = operator.post(
        reverse("surveys:tokens", args=[world.open.pk]),
        {"unit": str(unit.pk).translate(OTHER_DIGITS[script]), "count": "2"},
    )
    assert codes.status_code == 200 and codes["Content-Type"].startswith("text/html")
    assert not PersonalToken.objects.exists()

    created = operator.post(
        reverse("accounts:users"),
        {
            "username": f"kepala.{script}",
            "role": "pimpinan",
            "instansi": str(world.instansi.pk).translate(OTHER_DIGITS[script]),
            "unit": "",
        },
    )
    assert created.status_code == 200 and "Masukkan pilihan yang valid" in created.content.decode()

    assert not get_user_model().objects.filter(username=f"kepala.{script}").exists()


def issue_key(client: Client) -> str:
    page = client.post(reverse("accounts:api_keys"), {"name": "skrip"})
    [key] = re.findall(r'<code id="issued-key">(bk_[^<]+)</code>', page.content.decode())
    return key


unicode_value = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["²", "٣", "１２", "-1", "0", "9" * 30, "1e9", "\x00", "2025-13-40", " "]),
    st.builds(
        lambda n, script: str(n).translate(OTHER_DIGITS[script]),
        st.integers(0, 10**6),
        st.sampled_from(list(OTHER_DIGITS)),
    ),
    st.builds(str, st.integers(-(10**12), 10**12)),
)


def staff_forms(world: Any) -> dict[str, tuple[str, list[str]]]:
    """Every staff page that takes a POST: its URL and the names of its fields."""
    cycle, draft, published = world.open.pk, world.draft.pk, world.published.pk
    activity = Activity.objects.filter(plan__cycle=world.published).first().pk
    unit = {"code": world.instansi.code, "unit_code": "U01"}
    agent_u03 = ChangeAgent.objects.get(unit__instansi=world.instansi, name="Agen U03").pk
    report_u03 = AgentReport.objects.get(agent__pk=agent_u03, title="Sosialisasi U03").pk
    evidence_u03 = Evidence.objects.get(activity__plan__cycle=world.published, label="Foto U03").pk
    return {
        "login": (reverse("accounts:login"), ["username", "password", "next"]),
        "password": (reverse("accounts:password"), ["old_password", "new_password1"]),
        "api keys": (reverse("accounts:api_keys"), ["name", "revoke"]),
        "users": (reverse("accounts:users"), ["username", "role", "instansi", "unit"]),
        "instansi": (reverse("orgs:list"), ["code", "name", "region"]),
        "unit add": (
            reverse("orgs:unit_add", args=[world.instansi.code]),
            ["code", "name", "headcount", "active"],
        ),
        "unit edit": (reverse("orgs:unit_edit", kwargs=unit), ["code", "name", "headcount"]),
        "import": (reverse("orgs:import", args=[world.instansi.code]), ["file"]),
        "import preview": (reverse("orgs:import_preview_all"), ["berkas", "deactivate_missing"]),
        "cycle create": (
            reverse("surveys:create", args=[world.instansi.code]),
            [
                "year",
                "access",
                "opens_on",
                "closes_on",
                "k",
                "margin",
                "mode",
                "evidence_percent",
                "evaluation_opens_on",
                "evaluation_closes_on",
            ],
        ),
        "cycle edit": (
            reverse("surveys:edit", args=[draft]),
            ["access", "opens_on", "closes_on", "k", "margin", "mode", "evidence_percent"],
        ),
        "cycle extend": (reverse("surveys:extend", args=[cycle]), ["closes_on"]),
        "cycle close": (reverse("surveys:transition", args=[cycle, "tutup"]), ["konfirmasi"]),
        "codes": (reverse("surveys:tokens", args=[cycle]), ["unit", "count"]),
        "language": (reverse("set_language"), ["language", "next"]),
        "local values": (
            reverse("orgs:local_values", args=[world.instansi.code]),
            ["code", "name", "legal_basis", "v0_code", "v0_name_id", "v0_items", "template"],
        ),
        "rubric": (reverse("surveys:rubric", args=[2025]), ["scale_max", "criteria"]),
        "evaluation unit": (
            reverse("evaluation:unit", args=[cycle, "U01"]),
            ["action", "criterion", "description", "link", "score", "comment", "note"],
        ),
        "evaluation cycle": (reverse("evaluation:cycle", args=[cycle]), ["action"]),
        "local template": (
            reverse("orgs:local_templates"),
            ["code", "name", "legal_basis", "v0_code", "v0_name_id", "v0_name_en", "v0_items"],
        ),
        "focus": (reverse("followup:focus", args=[published]), ["values", "limiting"]),
        "activity add": (reverse("followup:activity_add", args=[published]), ACTIVITY_FIELDS),
        "activity edit": (reverse("followup:activity_edit", args=[activity]), ACTIVITY_FIELDS),
        "activity update": (
            reverse("followup:activity", args=[activity]),
            ["status", "on", "note"],
        ),
        "evidence": (reverse("followup:evidence_add", args=[activity]), ["label", "url", "file"]),
        "register": (
            reverse("followup:register", args=[world.instansi.code]),
            ["form", "agent-unit", "agent-nip", "agent-decree_date", "model-unit", "model-year"],
        ),
        "agent report": (
            reverse("followup:reports", args=[world.instansi.code, "U03"]),
            ["agent", "activity", "on", "title", "description", "participants", "files"],
        ),
        "agent change": (
            reverse("followup:agent", args=[agent_u03]),
            ["action", "agent-unit", "agent-nip", "agent-decree_date", "agent-period_end"],
        ),
        "role model change": (
            reverse("followup:role_model", args=[role_model_of(world).pk]),
            ["action", "model-unit", "model-year", "model-name"],
        ),
        "report change": (
            reverse("followup:report", args=[report_u03]),
            ["action", "agent", "activity", "on", "participants", "remove_files"],
        ),
        "evidence change": (
            reverse("followup:evidence", args=[evidence_u03]),
            ["action", "label", "url"],
        ),
        "national extend": (
            reverse("results:national_participation_year", kwargs={"year": 2025}),
            ["closes_on", "instansi"],
        ),
        "open data": (reverse("opendata:manage"), ["year", "action"]),
        "invitations": (reverse("accounts:invitations"), ["resend"]),
        "invitation password": (
            reverse("accounts:invitation_password"),
            ["new_password1", "new_password2"],
        ),
    }


STAFF_FORMS = [
    "login", "password", "api keys", "users", "instansi", "unit add", "unit edit", "import",
    "import preview", "cycle create", "cycle edit", "cycle extend", "cycle close", "codes",
    "language",
    "local values", "local template",
    "focus", "activity add", "activity edit", "activity update", "evidence", "register",
    "agent report", "agent change", "role model change", "report change", "evidence change",
    "national extend", "open data", "rubric", "evaluation unit",
    "evaluation cycle", "invitations", "invitation password",
]  # fmt: skip
ACTIVITY_FIELDS = [
    "title", "addresses", "unit", "person_name", "starts_on", "ends_on", "target", "status",
]  # fmt: skip


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_no_staff_form_answers_arbitrary_unicode_with_a_server_error(world, name):
    url, fields = staff_forms(world)[name]
    admin, operator = login(Client(), world.admin), login(Client(), world.operator)

    @settings(FUZZ, max_examples=25)
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, unicode_value)))
    def post(data: dict[str, str]) -> None:
        for client in (admin, operator):
            response = client.post(url, data)
            assert response.status_code < 500, (name, data)

    post()


def test_no_set_password_form_of_a_valid_invitation_is_a_server_error(world):
    """The set-password page of an invitation link (anonymous, the token in the session):
    arbitrary input sets a password only when both fields are one acceptable password."""
    user, _password = do_create_user(
        "fuzz@uji.go.id", Role.OPERATOR, instansi=world.instansi, unit=None, invited=True,
        actor=None,
    )  # fmt: skip
    url = reverse("accounts:invitation_password")

    @settings(FUZZ, max_examples=40)
    @given(
        data=st.fixed_dictionaries(
            {}, optional=dict.fromkeys(["new_password1", "new_password2"], unicode_value)
        )
    )
    def post(data: dict[str, str]) -> None:
        user.set_unusable_password()
        user.save()
        token = invite_on_commit([user], "id")[0].token  # a fresh link for each example
        client = Client()
        client.get(reverse("accounts:invitation", kwargs={"token": token}))
        response = client.post(url, data)
        assert response.status_code in (200, 302), data
        user.refresh_from_db()
        if response.status_code == 302:
            assert data["new_password1"] == data["new_password2"]
            assert user.check_password(data["new_password1"])
        else:
            assert not user.has_usable_password()

    post()


def test_every_view_that_reads_a_posted_form_is_fuzzed(world):
    """A new view that reads request.POST must join staff_forms (or, for the
    questionnaire, the fuzz tests above)."""

    def view_of(url: str) -> Any:
        return inspect.unwrap(resolve(url).func)

    reads_post = {
        view_of(reverse(name, kwargs=view.kwargs(world)))
        for name, view in VIEWS.items()
        if "request.POST" in inspect.getsource(view_of(reverse(name, kwargs=view.kwargs(world))))
    }
    fuzzed = {view_of(url) for url, _fields in staff_forms(world).values()}
    link = world.unit(world.open, "U01").link_token
    questionnaire = {view_of(f"/s/{link}/kode/"), view_of(f"/s/{link}/pv/urutan/")}
    assert reads_post - questionnaire <= fuzzed, reads_post - questionnaire - fuzzed
