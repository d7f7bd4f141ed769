"""The evaluation journey in a real browser (Debian's Chromium through Playwright): a unit
head adds evidence with a photo and submits it, an evaluator sees and downloads the photo,
scores, tries their own unit, and finalises; the cycle's results then show the combined index
and the heatmap E and G. At 360 and 1280 px; screenshots go to /tmp."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from berakhlak.accounts.models import Role
from berakhlak.evaluation.models import Score
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import cycle_results
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from helpers.uploads import photo
from helpers.web import CHROMIUM_ARGS, add_responses

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session(live_server: Any, user: object) -> dict[str, str]:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}


def head_submits(
    browser: Any, cookie: dict[str, str], cycle_url: str, unit_page: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([cookie])
    page = context.new_page()
    page.goto(cycle_url)  # a unit head lands on their own unit
    assert page.url == unit_page
    page.select_option("select[name=criterion]", "AG")
    page.fill("textarea[name=description]", "SK agen perubahan dan laporan kegiatan")
    page.fill("input[name=link]", "https://dinkes.example.go.id/sk-agen")
    picture = Path(f"/tmp/evaluation-foto-apel-{width}.png")
    picture.write_bytes(photo("PNG", size=(120, 80)))
    page.set_input_files("input[name=file]", str(picture))
    page.click("main form:has(input[value=evidence]) button[type=submit]")
    page.wait_for_url(unit_page)
    assert "SK agen perubahan dan laporan kegiatan" in page.content()
    assert page.locator("a.evidence-file").inner_text() == picture.name
    page.click("main form:has(input[value=submit]) button[type=submit]")
    page.wait_for_load_state("load")
    assert "Diajukan" in page.locator("#unit-status").inner_text()
    page.screenshot(path=f"/tmp/evaluation-{width}-unit-head.png", full_page=True)
    context.close()


def evaluator_scores_and_finalises(
    browser: Any, cookie: dict[str, str], cycle_url: str, unit_page: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([cookie])
    page = context.new_page()
    page.goto(unit_page)
    link = page.locator("tr[data-criterion=AG] a.evidence-file")
    assert link.inner_text() == f"evaluation-foto-apel-{width}.png"
    with page.expect_download() as download:
        link.click()
    saved = Path(download.value.path())
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert download.value.suggested_filename == f"evaluation-foto-apel-{width}.png"
    for criterion, score in (("AG", "2"), ("KP", "1")):
        page.select_option("select[name=criterion]", criterion)
        page.select_option("select[name=score]", score)
        page.fill("textarea[name=comment]", "SK lengkap" if score == "2" else "")
        page.click("main form:has(input[value=score]) button[type=submit]")
        page.wait_for_load_state("load")
    assert "2 (hijau)" in page.locator("tr[data-criterion=AG]").inner_text()
    page.screenshot(path=f"/tmp/evaluation-{width}-evaluator.png", full_page=True)
    page.goto(cycle_url + "unit/U01/")  # their own unit
    assert "Evaluator tidak menilai unitnya sendiri." in page.content()
    assert page.locator("input[value=score]").count() == 0
    page.goto(cycle_url)
    page.click("main form:has(input[value=finalise]) button[type=submit]")
    page.wait_for_load_state("load")
    assert "Evaluasi sudah difinalkan" in page.content()
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_unit_head_submits_evidence_and_an_evaluator_scores_and_finalises(
    live_server, make_instansi, make_user, width
):
    from playwright import sync_api  # noqa: PLC0415 - only browser tests load it

    inst = make_instansi(code="KAB-B01")
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 40, "U02": 45, "U03": 30, "U04": 12}, seed=3)
    head = make_user("kepala.b", Role.LEADER, inst, inst.units.get(code="U03"))
    evaluator = make_user("evaluator.b", Role.EVALUATOR, inst, inst.units.get(code="U01"))
    cycle_url = f"{live_server.url}/evaluasi/siklus/{cycle.pk}/"
    unit_page = cycle_url + "unit/U03/"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        head_submits(browser, session(live_server, head), cycle_url, unit_page, width)
        evaluator_scores_and_finalises(
            browser, session(live_server, evaluator), cycle_url, unit_page, width
        )
        do_close_cycle(cycle, actor=None)
        operator = make_user("operator.b", Role.OPERATOR, inst)
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([session(live_server, operator)])
        page = context.new_page()
        page.goto(f"{live_server.url}/hasil/siklus/{cycle.pk}/")
        heatmap = page.locator("#unit-heatmap")
        assert heatmap.locator("th", has_text="G").count() >= 1
        assert heatmap.locator("tr[data-unit=U03] td.unit-g").inner_text() != "–"
        heatmap.scroll_into_view_if_needed()
        page.locator("#heatmap").screenshot(path=f"/tmp/evaluation-{width}-heatmap.png")
        context.close()
        browser.close()
    assert {(s.cycle_unit.code, s.criterion, s.score) for s in Score.objects.all()} == {
        ("U03", "AG", 2),
        ("U03", "KP", 1),
    }
    results, _ = cycle_results(cycle)
    r = results.find("KAB-B01", 2025)
    assert r is not None and r.combined is not None
    assert r.combined.evidence == pytest.approx(100 * 3 / 16 / 4)  # U03: 3 of 16 points
