"""The follow-up walked in a real browser (issue 14 item 8), at a phone width (360 px) and a
desktop width (1280 px): the leader chooses focus values and adds an activity, a unit head
updates its status, a change agent reports with a photo. Screenshots of each step are saved
to /tmp/berakhlak-followup-<width>-<step>.png for a person to look at."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from berakhlak.followup.models import Activity, AgentReport, Plan
from helpers.uploads import photo
from helpers.web import World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser

WIDTHS = {
    360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 900}},
}


def page_of(browser: Any, live_server: Any, user: object, width: int) -> Any:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(**WIDTHS[width])
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def shot(page: Any, width: int, step: str) -> None:
    page.screenshot(path=f"/tmp/berakhlak-followup-{width}-{step}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= page.viewport_size["width"], f"{step}: the page is {wide} px wide"


def submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_leader_unit_head_and_change_agent_walk_the_follow_up(
    browser, live_server, world: World, width, tmp_path: Path
):
    added = leader_chooses_the_focus_and_adds_an_activity(browser, live_server, world, width)
    unit_head_updates_its_status(browser, live_server, world, width, added)
    change_agent_reports_with_a_photo(browser, live_server, world, width, added, tmp_path)


def leader_chooses_the_focus_and_adds_an_activity(
    browser: Any, live_server: Any, world: World, width: int
) -> Activity:
    """The leader, from the results: the proposals, the focus, a new activity."""
    leader = page_of(browser, live_server, world.leader, width)
    leader.goto(f"{live_server.url}/hasil/siklus/{world.published.pk}/")
    with leader.expect_navigation():
        leader.click("#tindak-lanjut a:has-text('Lihat rencana aksi')")
    with leader.expect_navigation():
        leader.click("a:has-text('Ubah nilai fokus')")
    assert leader.locator("text=Nilai terlemah").count() == 1
    shot(leader, width, "1-focus")
    for box in leader.locator("input[name=values]").all():
        box.uncheck()
    leader.check("input[name=values][value=KO]")
    leader.check("input[name=values][value=AD]")
    leader.check("input[name=limiting][value=N10]")
    submit(leader)
    assert "Nilai fokus disimpan." in leader.content()
    with leader.expect_navigation():
        leader.click("a:has-text('Tambah kegiatan')")
    leader.fill("input[name=title]", "Pelatihan coaching untuk atasan")
    leader.check("input[name=addresses][value=KO]")
    leader.select_option("select[name=unit]", label="U03 Dinas Kesehatan")
    leader.fill("input[name=person_name]", "dr. Ratna Sari")
    leader.fill("input[name=person_position]", "Kepala Dinas Kesehatan")
    leader.fill("input[name=starts_on]", "2025-04-01")
    leader.fill("input[name=ends_on]", "2025-12-15")
    leader.fill("input[name=target]", "30 atasan terlatih")
    shot(leader, width, "2-activity-form")
    submit(leader)
    assert "Kegiatan ditambahkan." in leader.content()
    shot(leader, width, "3-activity")
    plan = Plan.objects.get(cycle=world.published)
    assert (plan.focus_values, plan.focus_limiting) == (["KO", "AD"], ["N01", "N10"])
    added = Activity.objects.get(title="Pelatihan coaching untuk atasan")
    assert added.unit.code == "U03" and added.addresses == ["KO"]
    leader.context.close()
    return added


def unit_head_updates_its_status(
    browser: Any, live_server: Any, world: World, width: int, added: Activity
) -> None:
    """The head of Dinas Kesehatan: the new activity is under way."""
    head = page_of(browser, live_server, world.unit_leader, width)
    head.goto(f"{live_server.url}/tindak-lanjut/siklus/{world.published.pk}/")
    assert head.locator("text=Apel nilai").count() == 0  # another unit's
    with head.expect_navigation():
        head.click("a:has-text('Pelatihan coaching untuk atasan')")
    head.select_option("select[name=status]", "berjalan")
    head.fill("textarea[name=note]", "Angkatan pertama, 12 atasan, sudah dilatih.")
    submit(head)
    assert "Kegiatan diperbarui." in head.content()
    assert "Angkatan pertama, 12 atasan, sudah dilatih." in head.content()
    shot(head, width, "4-status")
    added.refresh_from_db()
    assert added.status == "berjalan"
    head.context.close()


def change_agent_reports_with_a_photo(
    browser: Any, live_server: Any, world: World, width: int, added: Activity, tmp_path: Path
) -> None:
    """A change agent of the same unit reports with a photo (GPS in its EXIF)."""
    picture = tmp_path / "IMG_2025_0412.jpg"
    picture.write_bytes(photo(size=(800, 600)))
    agent = page_of(browser, live_server, world.change_agent, width)
    agent.goto(f"{live_server.url}/")
    assert "Laporan agen perubahan" in agent.content()
    agent.select_option("select[name=agent]", label="Agen U03")
    agent.select_option("select[name=activity]", label="Pelatihan coaching untuk atasan")
    agent.fill("input[name=on]", "2025-04-12")
    agent.fill("input[name=title]", "Sosialisasi nilai Kompeten")
    agent.fill("textarea[name=description]", "Berbagi praktik baik pelayanan.")
    agent.fill("input[name=participants]", "18")
    agent.set_input_files("input[name=files]", str(picture))
    submit(agent)
    assert "Laporan disimpan." in agent.content()
    shot(agent, width, "5-report")
    report = AgentReport.objects.get(title="Sosialisasi nilai Kompeten")
    stored = report.files.get().file
    assert report.activity_id == added.pk and stored.name == "IMG_2025_0412.jpg"
    with default_storage.open(stored.storage_name) as f:
        assert dict(Image.open(io.BytesIO(f.read())).getexif()) == {}
    agent.context.close()
