"""Limits and hardening: upload sizes, formulas in every CSV and XLSX export, security headers,
rate limits (submissions, personal codes, sign-in) and the entropy of links and codes."""

from __future__ import annotations

import csv
import datetime
import io
import re
import secrets
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from berakhlak.accounts.models import Role
from berakhlak.accounts.views import LOGIN_PER_USER
from berakhlak.common import throttle
from berakhlak.common.export import FORMULA_START
from berakhlak.common.models import Throttle
from berakhlak.orgs.models import Unit
from berakhlak.responses import questionnaire
from berakhlak.responses.models import Receipt, Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import (
    do_create_cycle,
    do_issue_tokens,
    do_open_cycle,
    new_link_token,
)
from berakhlak.surveys.models import Cycle, PersonalToken
from helpers.web import PASSWORD, PICKS, PROFILE, add_responses, answer, login, personal_link

# --- uploads -----------------------------------------------------------------------------------

ORG_HEAD = "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"


def uploads() -> set[str]:
    folder = Path(settings.DATA_DIR) / "uploads"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def org_upload(size: int, name: str = "struktur.csv") -> io.BytesIO:
    row = "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,120,barat\n"
    text = ORG_HEAD + row
    text += "#" * max(0, size - len(text))  # a comment tail: the size is what counts here
    upload = io.BytesIO(text.encode()[:size] if size >= len(text) else text.encode())
    upload.name = name
    return upload


@pytest.fixture
def importer(make_instansi, make_user) -> Client:
    inst = make_instansi()
    return login(Client(), make_user("operator.unggah", Role.OPERATOR, inst))


@override_settings(BERAKHLAK_MAX_UPLOAD_BYTES=4000)
@pytest.mark.parametrize("name", ["struktur.csv", "struktur.xlsx"])
def test_a_file_over_the_upload_limit_is_refused_with_a_message_and_nothing_is_kept(name, importer):
    before, units = uploads(), list(Unit.objects.values_list())
    page = importer.post(reverse("orgs:import", args=["KAB-T01"]), {"file": org_upload(4001, name)})
    assert page.status_code == 200
    assert "Berkas terlalu besar." in page.content.decode()
    assert uploads() == before
    assert "org_uploads" not in importer.session
    assert list(Unit.objects.values_list()) == units
    at_limit = importer.post(reverse("orgs:import", args=["KAB-T01"]), {"file": org_upload(4000)})
    assert at_limit.status_code == 302  # the limit itself is allowed


def test_the_default_upload_limit_is_20_megabytes():
    assert settings.BERAKHLAK_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


# --- formulas in exports -----------------------------------------------------------------------

FORMULAS = {
    "U01": '=HYPERLINK("http://jahat.example","klik")',
    "U02": "+62 812 Dinas",
    "U03": "-2+3 Badan",
    "U04": "@SUM(A1:A9)",
}
TEXTS = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", "\tTAB", "\rCR"]


def cells_of(response: Any) -> list[Any]:
    """Every cell of a CSV or XLSX download; for XLSX also checks no cell is a formula."""
    if "spreadsheetml" in response["Content-Type"]:
        book = load_workbook(io.BytesIO(response.content))
        out = []
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    out.append(cell.value)
        return out
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_neutral(cells: list[Any], must_hold: list[str]) -> None:
    texts = [c for c in cells if isinstance(c, str)]
    for cell in texts:
        assert not cell.startswith(FORMULA_START), cell
    for dangerous in must_hold:  # (XLSX keeps a carriage return as _x000D_)
        assert {"'" + dangerous, "'" + dangerous.replace("\r", "_x000D_")} & set(texts), dangerous


@pytest.fixture
def hostile(make_instansi, make_user):
    """An instansi whose names and free texts are formulas."""
    inst = make_instansi(
        code="KAB-F01",
        name='=HYPERLINK("http://jahat.example")',
        units=[(code, name, 40) for code, name in FORMULAS.items()],
    )
    published = do_open_cycle(do_create_cycle(inst, 2024, actor=None), actor=None)
    add_responses(published, dict.fromkeys(FORMULAS, 12), seed=3)
    Response.objects.filter(cycle=published, cycle_unit__code="U01").update(harapan=TEXTS[0])
    for i, text in enumerate(TEXTS):
        row = Response.objects.filter(cycle=published).order_by("pk")[i + 12]
        Response.objects.filter(pk=row.pk).update(saran=text)
    do_close_cycle(published, actor=None)
    Cycle.objects.filter(pk=published.pk).update(status="published")
    running = do_open_cycle(do_create_cycle(inst, 2025, access="token", actor=None), actor=None)
    return {
        "instansi": inst,
        "published": published,
        "open": running,
        "operator": login(Client(), make_user("operator.f", Role.OPERATOR, inst)),
        "admin": login(Client(), make_user("admin.f", Role.ADMIN)),
    }


def test_every_csv_and_xlsx_export_neutralises_cells_a_spreadsheet_would_run(hostile):
    operator, admin = hostile["operator"], hostile["admin"]
    running, published = hostile["open"], hostile["published"]
    names = [hostile["instansi"].name, *FORMULAS.values()]
    downloads = {
        "participation csv": (operator, "surveys:participation_export", [running.pk, "csv"]),
        "participation xlsx": (operator, "surveys:participation_export", [running.pk, "xlsx"]),
        "results xlsx": (operator, "reports:cycle_xlsx", [published.pk]),
        "national xlsx": (admin, "reports:national_xlsx", [2024]),
    }
    expected = {
        "participation csv": list(FORMULAS.values()),
        "participation xlsx": list(FORMULAS.values()),
        "results xlsx": names + TEXTS,
        "national xlsx": names[:1],
    }
    for name, (client, view, args) in downloads.items():
        response = client.get(reverse(view, args=args))
        assert response.status_code == 200, name
        assert_neutral(cells_of(response), expected[name])

    unit = running.units.get(code="U03")
    codes = operator.post(
        reverse("surveys:tokens", args=[running.pk]), {"unit": unit.pk, "count": 3}
    )
    assert codes.status_code == 200 and codes["Content-Type"].startswith("text/csv")
    assert_neutral(cells_of(codes), [hostile["instansi"].name, FORMULAS["U03"]])


def test_personal_codes_never_start_like_a_formula_and_work_pasted_with_an_apostrophe(hostile):
    """A code starting with '-' would be written to the CSV as '-…; no code starts so, and a
    code pasted with an apostrophe before it (as spreadsheets show such cells) still opens."""
    running, operator = hostile["open"], hostile["operator"]
    unit = running.units.get(code="U01")
    codes = operator.post(
        reverse("surveys:tokens", args=[running.pk]), {"unit": unit.pk, "count": 500}
    )
    rows = list(csv.DictReader(io.StringIO(codes.content.decode().removeprefix("\ufeff"))))
    assert len(rows) == 500
    assert not any(row["kode"].startswith((*FORMULA_START, "'")) for row in rows)
    for row in rows:
        assert row["tautan"].endswith(f"/s/{unit.link_token}/kode/{row['kode']}/")
    typed, pasted = "'" + rows[0]["kode"], " '" + rows[1]["kode"] + " "
    respondent = Client()
    page = respondent.post(reverse("responses:code", args=[unit.link_token]), {"code": typed})
    assert page.status_code == 302 and page["Location"].endswith("/mulai/")
    answer(respondent, unit.link_token)
    assert Response.objects.filter(cycle=running).count() == 1  # the typed code was taken
    stored = Client().post(
        "/api/v1/responses",
        {
            "link": unit.link_token,
            "nonce": "nonce-apostrophe-01",
            "token": pasted,
            "answers": {**PROFILE, **PICKS},
        },
        content_type="application/json",
    )
    assert stored.status_code == 201


# --- security headers --------------------------------------------------------------------------


def test_every_kind_of_page_carries_the_security_headers_and_no_inline_script_or_style(world):
    leader = login(Client(), world.leader)
    link = world.unit(world.open, "U01").link_token
    pages = [
        (Client(), "/"),
        (Client(), reverse("accounts:login")),
        (Client(), f"/s/{link}/"),
        (Client(), "/tidak-ada/"),
        (Client(), reverse("api_openapi")),
        (Client(), reverse("api_cycles")),
        (leader, reverse("results:dashboard", args=[world.published.pk])),
        (leader, reverse("reports:cycle_xlsx", args=[world.published.pk])),
        (leader, reverse("api_cycle", args=[world.published.pk])),
        (leader, reverse("accounts:api_keys")),
    ]
    for client, url in pages:
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
            assert directive in policy, (url, directive)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
            assert "<style" not in html and not re.search(r"\sstyle=", html), url
            assert not re.search(r"\son[a-z]+=", html), url


def test_questionnaire_pages_are_never_cached_and_result_pages_vary_by_session(world):
    link = world.unit(world.open, "U01").link_token
    page = Client().get(f"/s/{link}/mulai/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    leader = login(Client(), world.leader)
    results = leader.get(reverse("results:dashboard", args=[world.published.pk]))
    assert "Cookie" in results["Vary"]


def test_pages_and_files_that_show_a_secret_are_never_stored_by_a_cache(world):
    """A new API key, a password just issued and the CSV of personal codes are shown once;
    a browser's or a proxy's cache must not keep a copy (no-store)."""
    operator = login(Client(), world.operator)
    unit = world.unit(world.open, "U01")
    secrets = {
        "API key": operator.post(reverse("accounts:api_keys"), {"name": "skrip"}),
        "new account": operator.post(
            reverse("accounts:users"),
            {"username": "kepala.cache", "role": "pimpinan", "instansi": str(world.instansi.pk)},
        ),
        "password reset": operator.post(
            reverse("accounts:user_action", kwargs={"pk": world.leader.pk, "action": "reset"})
        ),
        "personal codes": operator.post(
            reverse("surveys:tokens", args=[world.open.pk]), {"unit": str(unit.pk), "count": "2"}
        ),
    }
    for what, response in secrets.items():
        assert response.status_code == 200, what
        cache = response.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, (what, cache)
    assert "bk_" in secrets["API key"].content.decode()
    assert secrets["personal codes"]["Content-Type"].startswith("text/csv")


# --- rate limits -------------------------------------------------------------------------------

OFFICE = "203.0.113.50"


@override_settings(BERAKHLAK_SUBMIT_LIMIT=2)
def test_submissions_beyond_the_limit_per_address_are_refused_and_store_nothing(survey):
    link = survey.units.get(code="U01").link_token
    for _ in range(2):
        answer(Client(REMOTE_ADDR=OFFICE), link, REMOTE_ADDR=OFFICE)
    third = Client(REMOTE_ADDR=OFFICE)
    answer(third, link, until="saran", REMOTE_ADDR=OFFICE)
    refused = third.post(f"/s/{link}/saran/", {"harapan": "", "saran": ""}, REMOTE_ADDR=OFFICE)
    assert refused.status_code == 429
    api = Client(REMOTE_ADDR=OFFICE).post(
        "/api/v1/responses",
        {"link": link, "nonce": "nonce-limit-test-01", "answers": {**PROFILE, **PICKS}},
        content_type="application/json",
    )
    assert api.status_code == 429 and "too many" in api.json()["error"]
    assert Response.objects.count() == Receipt.objects.count() == 2
    answer(Client(), link)  # another address is not affected
    assert Response.objects.count() == 3


def api_submit(link: str, nonce: str, **headers: str) -> int:
    body = {"link": link, "nonce": nonce, "answers": {**PROFILE, **PICKS}}
    response = Client(**headers).post("/api/v1/responses", body, content_type="application/json")
    return response.status_code


@override_settings(BERAKHLAK_SUBMIT_LIMIT=2)
def test_a_forged_forwarded_for_header_does_not_get_around_the_limit(survey):
    link = survey.units.get(code="U02").link_token
    statuses = [
        api_submit(link, f"nonce-forged-xff-{i:03d}", REMOTE_ADDR=OFFICE,
                   HTTP_X_FORWARDED_FOR=f"10.9.8.{i}")
        for i in range(4)
    ]  # fmt: skip
    assert statuses == [201, 201, 429, 429]  # no trusted proxy: the header is ignored
    with override_settings(BERAKHLAK_TRUSTED_PROXIES=1):  # behind one proxy: its entry
        proxied = [
            api_submit(link, f"nonce-proxied-xff-{i:03d}", REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7")
            for i, forged in enumerate(["1.1.1.1", "2.2.2.2", "3.3.3.3"])
        ]  # fmt: skip
    assert proxied == [201, 201, 429]
    assert Response.objects.count() == 4


@override_settings(BERAKHLAK_CODE_LIMIT=3)
def test_wrong_personal_codes_block_the_address_even_for_a_right_code(token_survey):
    """Codes are checked when a questionnaire is submitted with them: that is where a wrong
    one counts (visiting a personal link or typing a code looks the same for any code)."""
    cu = token_survey.units.get(code="U01")
    [right] = do_issue_tokens(cu, 1, actor=None)
    for i in range(3):
        guesser = Client(REMOTE_ADDR=OFFICE)
        guesser.get(personal_link(cu, f"tebakan-{i}"))
        answer(guesser, cu.link_token, until="saran", REMOTE_ADDR=OFFICE)
        wrong = guesser.post(f"/s/{cu.link_token}/saran/", {"harapan": ""}, REMOTE_ADDR=OFFICE)
        assert "tidak dikenal atau sudah dipakai" in wrong.content.decode()
    guesser = Client(REMOTE_ADDR=OFFICE)
    guesser.get(personal_link(cu, right))
    answer(guesser, cu.link_token, until="saran", REMOTE_ADDR=OFFICE)
    blocked = guesser.post(f"/s/{cu.link_token}/saran/", {"harapan": ""}, REMOTE_ADDR=OFFICE)
    assert blocked.status_code == 429
    page = guesser.post(reverse("responses:code", args=[cu.link_token]), {"code": right})
    assert page.status_code == 429
    api = guesser.post(
        "/api/v1/responses",
        {"link": cu.link_token, "nonce": "nonce-code-limit-1", "token": right,
         "answers": {**PROFILE, **PICKS}},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 429
    assert PersonalToken.objects.count() == 1 and Response.objects.count() == 0
    elsewhere = Client()  # from another address the code works
    elsewhere.get(personal_link(cu, right))
    answer(elsewhere, cu.link_token)
    assert PersonalToken.objects.count() == 0 and Response.objects.count() == 1


def test_closing_a_cycle_deletes_the_questionnaire_s_rate_limit_rows(world):
    """Each row holds when an address (hashed) last answered: closing removes the order of
    the responses, and these rows go with it. Sign-in lockouts stay."""
    link = world.unit(world.open, "U01").link_token
    office = Client(REMOTE_ADDR=OFFICE)
    answer(office, link, REMOTE_ADDR=OFFICE)
    office.post("/api/v1/responses", b"not json", content_type="application/json")
    Client(REMOTE_ADDR=OFFICE).post(
        reverse("accounts:login"), {"username": "operator.t", "password": "salah-sekali"}
    )
    assert Throttle.objects.count() == 4  # submission, malformed, sign-in per user and address
    login(Client(), world.operator).post(
        reverse("surveys:transition", kwargs={"pk": world.open.pk, "action": "tutup"}),
        {"konfirmasi": "ya"},
    )
    assert Throttle.objects.count() == 2
    assert throttle.hit(LOGIN_PER_USER, "operator.t") is False  # still counting: 2 of 5


def test_thirty_wrong_sign_ins_from_one_address_lock_it_for_fifteen_minutes(world):
    url = reverse("accounts:login")
    office = Client(REMOTE_ADDR=OFFICE)
    for i in range(30):
        office.post(url, {"username": f"tebakan{i % 6}", "password": "salah-sekali-123"})
    locked = office.post(url, {"username": "pimpinan.t", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "_auth_user_id" not in office.session
    elsewhere = Client(REMOTE_ADDR="192.0.2.1").post(
        url, {"username": "pimpinan.t", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302
    later = timezone.now() + datetime.timedelta(minutes=16)
    with mock.patch("berakhlak.common.throttle.timezone.now", return_value=later):
        again = office.post(url, {"username": "pimpinan.t", "password": PASSWORD})
    assert again.status_code == 302


# --- entropy -----------------------------------------------------------------------------------


def test_personal_codes_unit_links_nonces_and_api_keys_carry_at_least_128_random_bits(survey):
    real = secrets.token_urlsafe
    asked: list[int] = []

    def spy(nbytes: int | None = None) -> str:
        asked.append(nbytes or 32)
        return real(nbytes)

    with mock.patch("berakhlak.surveys.actions.secrets.token_urlsafe", side_effect=spy):
        codes = do_issue_tokens(survey.units.get(code="U01"), 300, actor=None)
        links = [new_link_token() for _ in range(50)]
    assert asked and min(asked) >= 16  # bytes: 128 bits
    for value in codes + links:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", value)
    assert len(set(codes + links)) == len(codes + links)
    assert not (set(codes) & set(PersonalToken.objects.values_list("token_hash", flat=True)))

    client = Client()
    client.get(f"/s/{links[0]}/")  # an unknown link: nothing
    real_link = survey.units.get(code="U02").link_token
    client.get(f"/s/{real_link}/")

    cookie = client.cookies[questionnaire.cookie_name(survey.units.get(code="U02"))].value
    nonce = signing.loads(cookie, salt=questionnaire.SALT)["n"]
    assert len(nonce) >= 32  # token_urlsafe(24): 192 bits
