"""Wording and small things a first-time user tripped over: the questionnaire's first page
does not say "Langkah 0 dari 5"; dates are written in full (2 November 2026); the personal
codes page names its units; the import preview lists what changes first; the ranking page
without a script has a way back to the picks, which are kept."""

from __future__ import annotations

import datetime
import io
import re

from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from berakhlak.accounts.models import Role
from helpers.web import answer, login, step_url

TEN = ["AK1", "P18", "P21", "P07", "LO1", "KO1", "P03", "HA1", "P09", "P06"]


def test_the_first_page_of_the_questionnaire_says_how_long_not_step_0(survey):
    link = survey.units.get(code="U01").link_token
    page = Client().get(reverse("responses:start", kwargs={"link": link})).content.decode()
    assert "Langkah 0" not in page
    assert "5 langkah, sekitar 10 menit" in page
    second = Client()
    answer(second, link, until="profil")
    assert "Langkah 1 dari 5" in second.get(step_url(link, "profil")).content.decode()


def test_dates_are_written_in_full_in_both_languages():
    day = Template("{{ day|date }}")
    context = Context({"day": datetime.date(2026, 11, 2)})
    with translation.override("id"):
        assert day.render(context) == "2 November 2026"
        assert Template("{{ day|date }}").render(Context({"day": datetime.date(2026, 8, 17)})) == (
            "17 Agustus 2026"
        )
    with translation.override("en"):
        assert day.render(context) == "2 November 2026"


def test_the_cycle_page_writes_its_dates_in_full(world):
    world.open.closes_on = datetime.date(2025, 11, 2)
    world.open.save()
    page = login(Client(), world.operator).get(reverse("surveys:detail", args=[world.open.pk]))
    assert "2 November 2025" in page.content.decode()
    assert "Nov." not in page.content.decode()


def test_the_personal_codes_page_names_each_unit(token_survey, make_user):
    operator = login(Client(), make_user("operator.kode", Role.OPERATOR, token_survey.instansi))
    page = operator.get(reverse("surveys:tokens", args=[token_survey.pk])).content.decode()
    for unit in token_survey.units.all():
        row = re.search(rf'<tr data-unit="{unit.code}">(.*?)</tr>', page, re.S)
        assert row is not None and unit.name in row.group(1)


def test_the_import_preview_lists_the_changes_before_the_units_that_stay(make_instansi, make_user):
    inst = make_instansi()
    operator = login(Client(), make_user("operator.impor", Role.OPERATOR, inst))
    rows = [
        "instansi_code,instansi_name,unit_code,unit_name,headcount,region",
        "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,120,barat",  # the same
        "KAB-T01,Kabupaten Uji,U02,Dinas Pendidikan,410,barat",  # changed
        "KAB-T01,Kabupaten Uji,U03,Dinas Kesehatan,150,barat",  # the same
        "KAB-T01,Kabupaten Uji,U05,Badan Baru,30,barat",  # new
    ]
    upload = io.BytesIO(("\n".join(rows) + "\n").encode())
    upload.name = "org.csv"
    page = operator.post(reverse("orgs:import", args=["KAB-T01"]), {"file": upload}, follow=True)
    body = page.content.decode().split('id="import-changes"')[1]
    order = re.findall(r"<td>KAB-T01</td><td>(\w+)</td>", body)
    assert order == ["U02", "U05", "U04", "U01", "U03"]  # changed, new, gone, then the same


def test_the_ranking_page_without_script_leads_back_to_the_picks_which_are_kept(survey):
    client = Client()
    link = survey.units.get(code="U01").link_token
    answer(client, link, until="pv")
    client.post(step_url(link, "pv"), {"item": TEN})  # no order: the script did not run
    rank = client.get(reverse("responses:rank", kwargs={"link": link, "step": "pv"}))
    back = step_url(link, "pv")
    assert f'href="{back}"' in rank.content.decode()
    picks = client.get(back).content.decode()
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', picks)
    checked += re.findall(r'<input[^>]*checked[^>]*value="(\w+)"', picks)
    assert sorted(set(checked)) == sorted(TEN)
