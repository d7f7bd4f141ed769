"""In a real browser (Debian's Chromium through Playwright): a respondent on a phone answers
the whole questionnaire, and an operator imports an org file."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from berakhlak.accounts.models import Role
from berakhlak.orgs.models import Unit
from berakhlak.responses.models import Response
from helpers.web import PASSWORD, PICKS, PROFILE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop


pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SCREENSHOTS = "/tmp"


def no_horizontal_scroll(page: object) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide"


def unlabelled_checkboxes(page: object) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('input[type=checkbox]'))
        .filter(box => !Array.from(box.labels || []).some(l => l.textContent.trim()))
        .map(box => box.id || box.name)""")


def pick(page: object, codes: list[str]) -> None:
    for code in codes:
        page.locator(f"#item-{code}").check()


def counter(page: object) -> str:
    return page.locator("#pick-counter").inner_text()


def ranks_shown(page: object) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(
        Array.from(document.querySelectorAll('input[name=item]:checked')).map(
            box => [box.value, box.parentNode.querySelector('.rank').textContent]))""")


def consent_and_profile(page: object, link: str) -> None:
    assert page.locator("h1").inner_text() == "Selamat datang"
    no_horizontal_scroll(page)
    assert unlabelled_checkboxes(page) == []
    page.get_by_label("Saya bersedia mengisi survei ini").check()
    page.click("button:has-text('Mulai')")
    page.wait_for_url(f"**/s/{link}/profil/")
    for name, value in PROFILE.items():
        page.locator(f"input[name={name}][value='{value}']").check()
    no_horizontal_scroll(page)
    page.click("button:has-text('Lanjut')")


def personal_values_with_an_eleventh_pick_refused(page: object, link: str) -> None:
    page.wait_for_url(f"**/s/{link}/pv/")
    assert counter(page) == "0/10 dipilih"
    pick(page, PICKS["pv"])
    assert counter(page) == "10/10 dipilih"
    page.locator("#item-BP2").click()
    assert not page.locator("#item-BP2").is_checked()
    expect(page.locator("#pick-message")).to_contain_text("Anda sudah memilih 10")
    assert ranks_shown(page) == {c: str(i) for i, c in enumerate(PICKS["pv"], start=1)}
    no_horizontal_scroll(page)
    assert unlabelled_checkboxes(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=f"{SCREENSHOTS}/berakhlak-phone-picks.png")
    page.click("button:has-text('Lanjut')")


def current_culture_with_a_reload_half_way(page: object, link: str) -> None:
    page.wait_for_url(f"**/s/{link}/cc/")
    pick(page, PICKS["cc"][:6])
    page.reload()
    assert counter(page) == "6/10 dipilih"
    assert ranks_shown(page) == {c: str(i) for i, c in enumerate(PICKS["cc"][:6], start=1)}
    pick(page, PICKS["cc"][6:])
    assert counter(page) == "10/10 dipilih"
    page.click("button:has-text('Lanjut')")


def desired_culture_using_the_search(page: object, link: str) -> None:
    page.wait_for_url(f"**/s/{link}/dc/")
    page.fill("#pick-search", "adaptif")  # the search narrows the list, picks stay
    assert page.locator("li:not([hidden]) input[name=item]").count() < 60
    page.fill("#pick-search", "")
    pick(page, PICKS["dc"])
    page.click("button:has-text('Lanjut')")


def free_text_and_submit(page: object, link: str) -> None:
    page.wait_for_url(f"**/s/{link}/saran/")
    no_horizontal_scroll(page)
    page.fill("textarea[name=harapan]", "Pimpinan lebih sering mendengar staf.")
    page.fill("textarea[name=saran]", "Kurangi rapat yang tidak perlu.")
    page.click("button:has-text('Kirim jawaban')")
    page.wait_for_url(f"**/s/{link}/selesai/")
    assert page.locator("h1").inner_text() == "Terima kasih!"
    no_horizontal_scroll(page)


def test_a_respondent_answers_the_whole_questionnaire_on_a_phone(browser, survey, live_server):
    link = survey.units.get(code="U02").link_token
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/s/{link}/")
    consent_and_profile(page, link)
    personal_values_with_an_eleventh_pick_refused(page, link)
    current_culture_with_a_reload_half_way(page, link)
    desired_culture_using_the_search(page, link)
    free_text_and_submit(page, link)
    context.close()

    [r] = Response.objects.all()
    assert (r.pv.split(";"), r.cc.split(";"), r.dc.split(";")) == (
        PICKS["pv"],
        PICKS["cc"],
        PICKS["dc"],
    )
    assert {f: getattr(r, f) for f in PROFILE} == PROFILE
    assert r.harapan == "Pimpinan lebih sering mendengar staf."
    assert r.cycle_unit.code == "U02" and r.duration_s is not None


def test_an_operator_imports_an_org_file_after_seeing_the_preview(
    browser, make_instansi, make_user, live_server, tmp_path
):
    inst = make_instansi()
    make_user("operator.browser", Role.OPERATOR, inst)
    org = tmp_path / "struktur-organisasi.csv"
    org.write_text(
        "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
        "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,125,barat\n"
        "KAB-T01,Kabupaten Uji,U02,Dinas Pendidikan,400,barat\n"
        "KAB-T01,Kabupaten Uji,U03,Dinas Kesehatan,150,barat\n"
        "KAB-T01,Kabupaten Uji,U04,Kecamatan Kecil,14,barat\n"
        "KAB-T01,Kabupaten Uji,U05,Badan Pendapatan Daerah,88,barat\n",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "operator.browser")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button:has-text('Masuk')")
    page.wait_for_url("**/instansi/KAB-T01/")
    page.click("text=Impor dari berkas")
    page.set_input_files("input[type=file]", str(org))
    page.click("button:has-text('Unggah dan pratinjau')")

    page.wait_for_url("**/instansi/KAB-T01/impor/pratinjau/**")
    assert "1 unit baru, 1 berubah, 3 tetap, 0 tidak ada di berkas." in page.inner_text("main")
    assert page.locator("#import-changes tbody tr").count() == 5
    page.screenshot(path=f"{SCREENSHOTS}/berakhlak-import-preview.png", full_page=True)
    assert Unit.objects.filter(instansi=inst).count() == 4  # nothing saved yet
    page.click("button:has-text('Simpan semua perubahan')")

    page.wait_for_url("**/instansi/KAB-T01/")
    assert "Struktur organisasi diimpor" in page.inner_text("main")
    context.close()
    assert {u.code: u.headcount for u in Unit.objects.filter(instansi=inst)} == {
        "U01": 125,
        "U02": 400,
        "U03": 150,
        "U04": 14,
        "U05": 88,
    }
