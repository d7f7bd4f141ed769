"""The questionnaire, answered through the Django test client: steps, rules, progress,
double submission, closed cycles and personal codes."""

from __future__ import annotations

import copy
import datetime
import re
import time
import types
from unittest import mock

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.common.hashing import hash_secret
from berakhlak.method.items import default_pool
from berakhlak.responses import questionnaire
from berakhlak.responses.actions import Answers, SubmissionRefused, do_submit_response
from berakhlak.responses.models import Receipt, Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_extend_cycle, do_issue_tokens
from berakhlak.surveys.models import Cycle, CycleUnit, PersonalToken
from helpers.web import PICKS, PROFILE, answer, personal_link, step_url


def link_of(cycle: Cycle, code: str = "U01") -> str:
    return cycle.units.get(code=code).link_token


def saved_ranks(client: Client, link: str, step: str) -> list[str]:
    """The picks a pick page shows as saved, in rank order."""
    page = text(client.get(step_url(link, step)))
    found = re.findall(r'value="(\w+)" id="item-\w+" checked data-rank="(\d+)"', page)
    return [code for code, _ in sorted(found, key=lambda f: int(f[1]))]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """The questionnaire's clock, to be moved forward by `offset` seconds."""
    fake = types.SimpleNamespace(offset=0)
    fake.time = lambda: time.time() + fake.offset
    monkeypatch.setattr(questionnaire, "time", fake)
    return fake


def item_order(page: str) -> list[str]:
    return re.findall(r'name="item" value="(\w+)"', page)


def text(response) -> str:
    return response.content.decode()


# --- the whole way ------------------------------------------------------------------------


def test_a_respondent_answers_every_step_and_exactly_one_response_is_stored(survey, client, clock):
    link = link_of(survey)
    intro = client.get(f"/s/{link}/")
    assert intro.status_code == 200
    assert "Selamat datang" in text(intro) and "Kabupaten Uji" in text(intro)
    answer(client, link, until="saran")
    clock.offset = 420  # seven minutes later

    done = client.post(
        step_url(link, "saran"),
        {"harapan": "  Lebih terbuka  ", "saran": "Rapat lebih singkat"},
        follow=True,
    )

    assert done.redirect_chain == [(step_url(link, "selesai"), 302)]
    assert "Terima kasih!" in text(done)
    [r] = Response.objects.all()
    assert r.cycle == survey and r.cycle_unit.code == "U01"
    assert [r.pv, r.cc, r.dc] == [";".join(PICKS[q]) for q in ("pv", "cc", "dc")]
    assert {f: getattr(r, f) for f in PROFILE} == PROFILE
    assert r.harapan == "Lebih terbuka" and r.saran == "Rapat lebih singkat"
    assert type(r.submitted_on) is datetime.date
    assert r.submitted_on == timezone.localdate()
    assert 420 <= r.duration_s <= 425
    assert Receipt.objects.count() == 1


def test_the_picks_are_stored_in_the_order_given_not_the_order_of_the_list(survey, client):
    link = link_of(survey)
    reordered = {q: list(reversed(p)) for q, p in PICKS.items()}
    answer(client, link, picks=reordered)
    r = Response.objects.get()
    assert r.pv.split(";") == reordered["pv"]
    assert r.dc.split(";")[0] == "BP3"


def test_a_step_cannot_be_skipped(survey, client):
    link = link_of(survey)
    skipped = client.get(step_url(link, "cc"))
    assert skipped.status_code == 302 and skipped["Location"] == step_url(link, "mulai")
    answer(client, link, until="pv")
    assert client.get(step_url(link, "dc"))["Location"] == step_url(link, "pv")
    assert client.get(step_url(link, "selesai"))["Location"] == step_url(link, "pv")
    assert client.get(f"/s/{link}/langkah-palsu/").status_code == 404
    assert Response.objects.count() == 0


def test_consent_and_every_demographic_question_are_required(survey, client):
    link = link_of(survey)
    refused = client.post(step_url(link, "mulai"), {"consent": ""})
    assert refused.status_code == 200
    assert "Centang persetujuan untuk memulai." in text(refused)
    client.post(step_url(link, "mulai"), {"consent": "on"})
    partial = client.post(step_url(link, "profil"), {**PROFILE, "gender": ""})
    assert partial.status_code == 200
    assert "Lengkapi semua pertanyaan di bawah." in text(partial)
    wrong = client.post(step_url(link, "profil"), {**PROFILE, "age_band": "99+"})
    assert wrong.status_code == 200
    assert client.get(step_url(link, "pv"))["Location"] == step_url(link, "profil")


def test_an_unknown_unit_link_is_not_found(db, client):
    response = client.get("/s/bukan-tautan-yang-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text(response)


# --- exactly ten distinct picks, on the server ------------------------------------------


TEN = PICKS["pv"]
BAD_PICKS = {
    "nine": (TEN[:9], ",".join(TEN[:9]), "Anda memilih 9 butir"),
    "eleven": ([*TEN, "BP2"], ",".join([*TEN, "BP2"]), "Anda memilih 11 butir"),
    "a duplicate": ([*TEN[:9], TEN[0]], ",".join([*TEN[:9], TEN[0]]), "Anda memilih 9 butir"),
    "an unknown code": ([*TEN[:9], "XX9"], ",".join([*TEN[:9], "XX9"]), "Pilih tepat 10 butir"),
    "none": ([], "", "Anda memilih 0 butir"),
}


@pytest.mark.parametrize("case", list(BAD_PICKS))
def test_a_pick_step_refuses_anything_but_ten_distinct_items_of_the_list(case, survey, client):
    items, order, message = BAD_PICKS[case]
    link = link_of(survey)
    answer(client, link, until="pv")
    response = client.post(step_url(link, "pv"), {"item": items, "order": order})
    assert response.status_code == 200
    assert message in text(response)
    assert 'id="picks-error"' in text(response)
    assert client.get(step_url(link, "cc"))["Location"] == step_url(link, "pv")
    assert saved_ranks(client, link, "pv") == []


@pytest.mark.parametrize(
    "order",
    [
        ",".join([*TEN[:9], "BP2"]),  # a code that was not picked
        ",".join([*TEN[:9], TEN[0]]),  # a pick twice
        ",".join(TEN[:5]),  # too short
        "<script>,1,2",
    ],
)
def test_a_tampered_hidden_order_never_becomes_the_ranking(order, survey, client):
    link = link_of(survey)
    answer(client, link, until="pv")
    response = client.post(step_url(link, "pv"), {"item": TEN, "order": order})
    # Not usable as a rank: the respondent is asked for the order on the no-script page.
    assert response["Location"] == reverse("responses:rank", kwargs={"link": link, "step": "pv"})
    page = text(client.get(response["Location"]))
    assert sorted(re.findall(r'name="rank_(\w+)"', page)) == sorted(TEN)
    assert client.get(step_url(link, "cc"))["Location"] == step_url(link, "pv")


def test_the_server_refuses_malformed_answers_even_without_the_forms(survey):
    cu = survey.units.get(code="U01")
    good = {q: list(p) for q, p in PICKS.items()}
    bad_answers = [
        Answers(PROFILE, {**good, "cc": good["cc"][:9]}),
        Answers(PROFILE, {**good, "cc": [*good["cc"], "BP2"]}),
        Answers(PROFILE, {**good, "dc": [*good["dc"][:9], good["dc"][0]]}),
        Answers(PROFILE, {**good, "pv": [*good["pv"][:9], "XX9"]}),
        Answers({**PROFILE, "gender": "X"}, good),
        Answers(PROFILE, good, harapan="x" * 1001),
    ]
    for answers in bad_answers:
        with pytest.raises(SubmissionRefused):
            do_submit_response(cu, answers, nonce=f"n-{id(answers)}")
    assert Response.objects.count() == 0 and Receipt.objects.count() == 0


# --- the page without its script -----------------------------------------------------------


def test_without_the_script_the_ranking_page_asks_for_the_order_of_the_ten_picks(survey, client):
    link = link_of(survey)
    answer(client, link, until="pv")
    moved = client.post(step_url(link, "pv"), {"item": TEN})  # no order: the script did not run
    rank_url = reverse("responses:rank", kwargs={"link": link, "step": "pv"})
    assert moved["Location"] == rank_url
    page = client.get(rank_url)
    assert page.status_code == 200 and "Urutkan pilihan Anda" in text(page)
    assert sorted(re.findall(r'name="rank_(\w+)"', text(page))) == sorted(TEN)
    label = default_pool().get("AK1").label("id")
    assert label in text(page)

    same = client.post(rank_url, {f"rank_{c}": "1" for c in TEN})
    assert same.status_code == 200
    assert "Setiap urutan 1 sampai 10 dipakai tepat satu kali." in text(same)

    wanted = list(reversed(TEN))
    ranked = client.post(rank_url, {f"rank_{c}": str(wanted.index(c) + 1) for c in TEN})
    assert ranked["Location"] == step_url(link, "cc")
    assert saved_ranks(client, link, "pv") == wanted
    answer(client, link, picks={"cc": PICKS["cc"], "dc": PICKS["dc"]})  # the rest
    assert Response.objects.get().pv.split(";") == wanted


def test_the_ranking_page_without_picks_sends_the_respondent_back(survey, client):
    link = link_of(survey)
    answer(client, link, until="pv")
    response = client.get(reverse("responses:rank", kwargs={"link": link, "step": "pv"}))
    assert response["Location"] == step_url(link, "pv")
    bogus = client.get(reverse("responses:rank", kwargs={"link": link, "step": "profil"}))
    assert bogus.status_code == 302


# --- item order and progress ---------------------------------------------------------------


def test_the_item_order_is_shuffled_per_respondent_and_stable_across_reloads(survey):
    link = link_of(survey)
    orders = []
    for _ in range(2):
        client = Client()
        answer(client, link, until="pv")
        first = item_order(text(client.get(step_url(link, "pv"))))
        again = item_order(text(client.get(step_url(link, "pv"))))
        assert first == again
        assert sorted(first) == sorted(default_pool().codes)
        orders.append(first)
    assert orders[0] != orders[1]


def test_each_pick_question_has_its_own_order(survey, client):
    link = link_of(survey)
    answer(client, link, until="cc")
    pv = item_order(text(client.get(step_url(link, "pv"))))
    cc = item_order(text(client.get(step_url(link, "cc"))))
    assert pv != cc and sorted(pv) == sorted(cc)


def test_revisiting_the_link_half_way_continues_at_the_first_open_step(survey, client):
    link = link_of(survey)
    answer(client, link, until="cc")
    back = client.get(f"/s/{link}/")
    assert back.status_code == 302 and back["Location"] == step_url(link, "cc")
    # A finished step shows the saved answers, in rank order.
    pv = text(client.get(step_url(link, "pv")))
    assert re.search(r'value="AK1" id="item-AK1" checked data-rank="1"', pv)
    assert re.search(r'value="P06" id="item-P06" checked data-rank="10"', pv)


def test_the_back_button_of_every_step_leads_to_a_page(survey, client):
    link = link_of(survey)
    for until in ("profil", "pv", "cc", "dc", "saran"):
        answer(client, link, until=until)
        page = text(client.get(step_url(link, until)))
        [back] = re.findall(r'href="([^"]+)">Kembali<', page)
        assert client.get(back).status_code == 200, (until, back)


def test_a_finished_step_can_be_changed_before_submission(survey, client):
    link = link_of(survey)
    answer(client, link, until="saran")
    changed = list(reversed(PICKS["cc"]))
    client.post(step_url(link, "cc"), {"item": changed, "order": ",".join(changed)})
    client.post(step_url(link, "saran"), {"saran": ""})
    assert Response.objects.get().cc.split(";") == changed


# --- double submission ---------------------------------------------------------------------


def test_posting_the_last_step_twice_stores_one_response(survey, client):
    link = link_of(survey)
    answer(client, link)
    again = client.post(step_url(link, "saran"), {"harapan": "lagi"})
    assert again["Location"] == step_url(link, "selesai")
    assert Response.objects.count() == 1
    assert client.get(f"/s/{link}/", follow=True).redirect_chain[-1][0] == step_url(link, "selesai")


def test_a_retry_of_the_same_questionnaire_racing_the_first_stores_one_response(survey, client):
    """Two requests sent with the same unfinished progress: the same nonce twice."""
    link = link_of(survey)
    answer(client, link, until="saran")
    before = copy.deepcopy(client.cookies)
    client.post(step_url(link, "saran"), {"saran": ""})
    client.cookies = before  # the retry still carries the unfinished questionnaire
    stored = []
    with mock.patch(
        "berakhlak.responses.views.do_submit_response",
        lambda *args: stored.append(do_submit_response(*args)),
    ):
        retry = client.post(step_url(link, "saran"), {"saran": ""})
    assert stored == [False]  # the same nonce reached the database again, and was refused
    assert retry["Location"] == step_url(link, "selesai")
    assert Response.objects.count() == 1 and Receipt.objects.count() == 1


def test_the_submit_action_is_idempotent_by_nonce(survey):
    cu = survey.units.get(code="U01")
    answers = Answers(PROFILE, {q: list(p) for q, p in PICKS.items()})
    assert do_submit_response(cu, answers, "nonce-1") is True
    assert do_submit_response(cu, answers, "nonce-1") is False
    assert do_submit_response(cu, answers, "nonce-2") is True
    assert Response.objects.count() == 2
    assert set(Receipt.objects.values_list("nonce_hash", flat=True)) == {
        hash_secret("nonce-1"),
        hash_secret("nonce-2"),
    }


def test_a_retry_with_a_personal_code_is_the_same_questionnaire_not_a_used_code(
    token_survey, client
):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    client.get(personal_link(cu, token))
    answer(client, cu.link_token, until="saran")
    before = copy.deepcopy(client.cookies)
    client.post(step_url(cu.link_token, "saran"), {"saran": ""})
    client.cookies = before
    retry = client.post(step_url(cu.link_token, "saran"), {"saran": ""}, follow=True)
    assert retry.redirect_chain == [(step_url(cu.link_token, "selesai"), 302)]
    assert "Terima kasih!" in text(retry)
    assert Response.objects.count() == 1


def test_the_submit_action_is_idempotent_by_nonce_with_a_personal_code(token_survey):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    answers = Answers(PROFILE, {q: list(p) for q, p in PICKS.items()})
    assert do_submit_response(cu, answers, "nonce-1", hash_secret(token)) is True
    assert do_submit_response(cu, answers, "nonce-1", hash_secret(token)) is False
    with pytest.raises(SubmissionRefused):
        do_submit_response(cu, answers, "nonce-2", hash_secret(token))
    assert Response.objects.count() == 1


# --- closed and draft cycles -----------------------------------------------------------------


def test_a_closed_cycle_shows_the_friendly_closed_page_and_stores_nothing(survey, client):
    link = link_of(survey)
    answer(client, link, until="saran")
    do_close_cycle(survey, actor=None)
    for url in (f"/s/{link}/", step_url(link, "pv"), reverse("responses:code", args=[link])):
        page = client.get(url)
        assert page.status_code == 200
        assert "Survei sudah ditutup" in text(page)
    late = client.post(step_url(link, "saran"), {"harapan": "terlambat"})
    assert late.status_code == 200 and "Survei sudah ditutup" in text(late)
    assert Response.objects.count() == 0 and Receipt.objects.count() == 0


def test_a_cycle_past_its_closing_date_is_closed_for_answers(survey, client):
    Cycle.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    link = link_of(survey)
    page = client.get(f"/s/{link}/")
    assert page.status_code == 200 and "Survei sudah ditutup" in text(page)
    client.post(step_url(link, "mulai"), {"consent": "on"})
    assert Response.objects.count() == 0


def test_a_draft_cycle_shows_the_not_yet_open_page_and_stores_nothing(survey, client):
    link = link_of(survey)
    answer(client, link, until="saran")
    Cycle.objects.filter(pk=survey.pk).update(status="draft")
    page = client.get(f"/s/{link}/")
    assert page.status_code == 200
    assert "Survei belum dibuka" in text(page)
    submitted = client.post(step_url(link, "saran"), {"saran": ""})
    assert submitted.status_code == 200 and "Survei belum dibuka" in text(submitted)
    assert Response.objects.count() == 0


def test_a_cycle_past_its_closing_date_takes_answers_again_once_extended(survey, client):
    Cycle.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    link = link_of(survey)
    assert "Survei sudah ditutup" in text(client.get(f"/s/{link}/"))
    do_extend_cycle(survey, timezone.localdate() + datetime.timedelta(days=7), actor=None)
    assert "Selamat datang" in text(client.get(f"/s/{link}/", follow=True))
    answer(client, link)
    assert Response.objects.count() == 1


# --- personal codes --------------------------------------------------------------------------


def test_the_unit_link_of_a_personal_code_cycle_asks_for_a_code(token_survey, client):
    link = link_of(token_survey)
    response = client.get(f"/s/{link}/", follow=True)
    assert response.redirect_chain == [(reverse("responses:code", args=[link]), 302)]
    assert "Masukkan kode pribadi Anda" in text(response)
    for step in ("profil", "pv", "saran"):
        assert client.post(step_url(link, step), {})["Location"] == reverse(
            "responses:code", args=[link]
        )
    typed = client.post(reverse("responses:code", args=[link]), {"code": "tebakan"})
    assert typed["Location"] == step_url(link, "mulai")  # checked only at submission


def test_a_personal_link_starts_the_questionnaire_and_the_code_is_burnt_at_submission(
    token_survey, client
):
    cu = token_survey.units.get(code="U02")
    [token, spare] = do_issue_tokens(cu, 2, actor=None)
    start = client.get(personal_link(cu, token), follow=True)
    assert start.redirect_chain == [(step_url(cu.link_token, "mulai"), 302)]
    assert "Selamat datang" in text(start)
    answer(client, cu.link_token, until="saran")
    assert PersonalToken.objects.get(token_hash=hash_secret(token)).used_on is None

    answer(client, cu.link_token)

    assert not PersonalToken.objects.filter(token_hash=hash_secret(token)).exists()  # burnt
    assert PersonalToken.objects.get(token_hash=hash_secret(spare)).used_on is None
    assert Response.objects.get().cycle_unit == cu
    assert client.get(f"/s/{cu.link_token}/")["Location"] == step_url(cu.link_token, "selesai")


REFUSED_CODE = "Kode pribadi ini tidak dikenal atau sudah dipakai, sehingga jawaban Anda belum"


def test_a_used_code_is_refused_when_the_questionnaire_is_submitted_and_nothing_is_lost(
    token_survey, client
):
    cu = token_survey.units.get(code="U01")
    [token, spare] = do_issue_tokens(cu, 2, actor=None)
    client.get(personal_link(cu, token))
    answer(client, cu.link_token)

    again = Client()
    assert again.get(personal_link(cu, token))["Location"] == step_url(cu.link_token, "mulai")
    answer(again, cu.link_token, until="saran")
    refused = again.post(step_url(cu.link_token, "saran"), {"harapan": "tetap ada"})
    assert refused.status_code == 200 and REFUSED_CODE in text(refused)
    assert Response.objects.count() == 1
    form = refused.content.decode()
    assert f'action="{reverse("responses:code", args=[cu.link_token])}"' in form
    other = again.post(reverse("responses:code", args=[cu.link_token]), {"code": spare})
    assert other["Location"] == step_url(cu.link_token, "saran")  # the answers are kept
    assert again.post(step_url(cu.link_token, "saran"), {"harapan": "tetap ada"}).status_code == 302
    assert Response.objects.count() == 2 and not PersonalToken.objects.exists()
    assert Response.objects.filter(harapan="tetap ada").count() == 1


def test_a_code_typed_by_hand_counts_only_for_its_own_unit(token_survey):
    u1, u2 = token_survey.units.get(code="U01"), token_survey.units.get(code="U02")
    [token] = do_issue_tokens(u2, 1, actor=None)
    elsewhere = Client()
    elsewhere.post(reverse("responses:code", args=[u1.link_token]), {"code": token})
    answer(elsewhere, u1.link_token, until="saran")
    refused = elsewhere.post(step_url(u1.link_token, "saran"), {"harapan": ""})
    assert REFUSED_CODE in text(refused) and PersonalToken.objects.count() == 1
    client = Client()
    right = client.post(reverse("responses:code", args=[u2.link_token]), {"code": f" {token} "})
    assert right["Location"] == step_url(u2.link_token, "mulai")
    answer(client, u2.link_token)
    assert Response.objects.get().cycle_unit == u2


def test_a_code_used_in_another_browser_meanwhile_stores_nothing_the_second_time(
    token_survey,
):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    first, second = Client(), Client()
    for c in (first, second):
        c.get(personal_link(cu, token))
        answer(c, cu.link_token, until="saran")
    first.post(step_url(cu.link_token, "saran"), {"saran": ""})
    late = second.post(step_url(cu.link_token, "saran"), {"saran": ""})
    assert late.status_code == 200 and REFUSED_CODE in text(late)
    assert Response.objects.count() == 1


IDENTIFYING = re.compile(r"token|ip|addr|agent|session|user|nip|email|name|time|_at$")


@pytest.mark.parametrize("model", [Response, Receipt])
def test_no_column_of_a_response_or_receipt_can_link_it_to_a_person_or_a_code(model):
    fields = model._meta.get_fields()
    for field in fields:
        if field.is_relation:
            assert field.related_model in (Cycle, CycleUnit), field.name
            assert field.related_model is not PersonalToken
        assert not IDENTIFYING.search(field.name) or field.name in ("cycle", "cycle_unit"), (
            field.name
        )
        assert not isinstance(field, (models.DateTimeField, models.TimeField)), field.name
    assert isinstance(model._meta.get_field("submitted_on"), models.DateField)
    assert not isinstance(model._meta.get_field("submitted_on"), models.DateTimeField)
    assert not any(
        f.related_model is model for f in PersonalToken._meta.get_fields() if f.is_relation
    )
