"""The done-criterion of issue 17: a real browser (Debian's Chromium through Playwright)
walks the leader, the unit head and the operator through their pages at a phone width of
360 px and a desktop width of 1280 px. Each page must show its real content (the figures the
database gives, the words the issue asked for), take no horizontal scroll at 360 px (only a
table may scroll inside its own box), and leave a screenshot in the folder named by
BERAKHLAK_WALK_SCREENSHOTS (a new temporary folder by default) for a person to look at."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import build_dashboard, build_unit_dashboard
from berakhlak.surveys.models import Cycle
from helpers.web import World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser

PHONE = {"is_mobile": True, "has_touch": True}
WIDTHS = {
    360: {"viewport": {"width": 360, "height": 740}, **PHONE},
    1280: {"viewport": {"width": 1280, "height": 900}},
}
SHOTS = Path(os.environ.get("BERAKHLAK_WALK_SCREENSHOTS") or tempfile.mkdtemp(prefix="walk-"))
SIDEWAYS = """() => document.documentElement.scrollWidth - window.innerWidth"""
ORG_FILE = (
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
    "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,120,barat\n"
    "KAB-T01,Kabupaten Uji,U02,Dinas Pendidikan,410,barat\n"
    "KAB-T01,Kabupaten Uji,U03,Dinas Kesehatan,150,barat\n"
    "KAB-T01,Kabupaten Uji,U04,Kecamatan Kecil,4,barat\n"
    "KAB-T01,Kabupaten Uji,U05,Badan Baru,30,barat\n"
)


def pct(value: float | None) -> str:
    """A figure as the pages write it (the template filter itself)."""
    return Template("{% load berakhlak %}{{ v|pct }}").render(Context({"v": value}))


class Walk:
    """One person's browser at one width: each page looked at is checked and kept."""

    def __init__(self, browser: Any, live_server: Any, user: object, who: str, width: int):
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.context = browser.new_context(accept_downloads=True, **WIDTHS[width])
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.problems: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.url, self.who, self.width, self.seen = live_server.url, who, width, 0

    def go(self, path: str) -> None:
        response = self.page.goto(self.url + path)
        assert response is not None and response.status == 200, path

    def look(self, name: str, *texts: str, part: str = "", whole: bool = True) -> str:
        """Check the page in view: its main content holds `texts`, nothing scrolls sideways
        at the phone width, no script failed; then keep a screenshot of it (of the `part`
        the step is about, or of the first screen only of a very long page)."""
        self.page.wait_for_load_state("load")
        self.seen += 1
        shot = SHOTS / f"{self.width}-{self.who}-{self.seen:02d}-{name}.png"
        if part:
            self.page.locator(part).screenshot(path=str(shot))
        else:
            self.page.screenshot(path=str(shot), full_page=whole)
        main = self.page.inner_text("main")
        for text in texts:
            assert text in main, f"{self.who} {name} at {self.width} px: no {text!r}"
        if self.width == 360:
            assert self.page.evaluate(SIDEWAYS) <= 1, f"{name}: the page scrolls sideways"
        assert self.problems == [], self.problems
        return main

    def download(self, selector: str, name: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.click(selector)
        path = SHOTS / f"{self.width}-{self.who}-{name}"
        info.value.save_as(str(path))
        return path.read_bytes()


def leader_walk(walk: Walk, world: World) -> None:
    cycle = world.published
    d = build_dashboard(cycle)
    dashboard = reverse("results:dashboard", kwargs={"pk": cycle.pk})
    walk.go(dashboard)
    walk.look(
        "dashboard",
        "Indeks BerAKHLAK",
        pct(d.implementasi.value),
        f"kategori {d.implementasi.category}",
    )
    assert walk.download("main a[href$='laporan.pdf']", "laporan.pdf").startswith(b"%PDF")
    sort = walk.page.get_attribute("#heatmap-by-indeks", "href")  # a link: works without JS
    assert sort is not None and "heatmap-urut" in sort
    walk.go(dashboard + sort.split("#")[0] + "&heatmap-cari=dinas")
    heatmap = walk.look("heatmap-sorted-searched", "2 dari 4 baris memuat “dinas”", part="#heatmap")
    assert "Sekretariat Daerah" not in heatmap.split("Peringkat")[0].split("baris memuat")[1]
    assert walk.page.locator("#unit-heatmap th[aria-sort]").count() == 1
    walk.go(dashboard + "#ringkasan")
    baseline = d.baseline_year
    assert baseline is not None
    walk.look(
        "trend-against-the-baseline-year", str(baseline), "Perubahan", "bermakna", part="#ringkasan"
    )
    # the same page: the trend over every year is further down the dashboard
    walk.look("trend-over-every-year", "Tren setiap tahun", part="#tren")
    rows = walk.page.inner_text("#instansi-trend tbody").split("\n")
    years = [row.split("\t")[0] for row in rows]
    assert str(baseline) in years and str(cycle.year) in years, years
    assert years.index(str(baseline)) < years.index(str(cycle.year)), years  # oldest first
    walk.go(reverse("glossary"))
    walk.look("glossary", "Glosarium", "IK 95%", "Keterjangkauan", "Butir pembatas")
    walk.go(reverse("method"))
    walk.look(
        "method", "Metode Pengukuran Indeks BerAKHLAK", "Jumlah responden minimum", whole=False
    )


def unit_head_walk(walk: Walk, world: World) -> None:
    cycle = world.published
    d = build_unit_dashboard(cycle, "U03")
    walk.go(reverse("results:unit", kwargs={"pk": cycle.pk, "code": "U03"}))
    walk.look("unit-page", "Dinas Kesehatan", pct(d.indices[0].value), "Dibanding")
    walk.page.click(f"nav.year-switch a:text-is('{world.previous.year}')")
    walk.page.wait_for_load_state("load")
    assert f"/siklus/{world.previous.pk}/unit/U03/" in walk.page.url
    walk.look("unit-page-earlier-year", "Dinas Kesehatan", str(world.previous.year))
    walk.page.click(f"nav.year-switch a:text-is('{cycle.year}')")
    walk.page.wait_for_load_state("load")
    assert walk.download("main a[href$='.pdf']", "unit.pdf").startswith(b"%PDF")
    book = load_workbook(io.BytesIO(walk.download("main a[href$='.xlsx']", "unit.xlsx")))
    assert book.sheetnames[-1] == "Kamus data"
    assert "Indeks BerAKHLAK (%)" in [c.value for c in book["Tren"][1]]


def operator_walk(walk: Walk, world: World) -> None:
    cycle = world.open
    walk.go(reverse("surveys:participation", kwargs={"pk": cycle.pk}))
    walk.look(
        "participation",
        "Respons sah",
        "Akan disembunyikan kecuali mencapai 10 responden",
        "Kecamatan Kecil",
    )
    walk.go(reverse("surveys:tokens", kwargs={"pk": cycle.pk}))
    walk.look("personal-codes", *[u.name for u in cycle.units.all()])
    walk.go(reverse("orgs:import", kwargs={"code": world.instansi.code}))
    org = SHOTS / f"{walk.width}-struktur.csv"
    org.write_text(ORG_FILE, encoding="utf-8")
    walk.page.set_input_files("input[type=file]", str(org))
    with walk.page.expect_navigation():
        walk.page.click("main button[type=submit]")
    preview = walk.look("import-preview", "Badan Baru", "Dinas Pendidikan")
    assert preview.index("Dinas Pendidikan") < preview.index("Sekretariat Daerah")  # changed first
    do_close_cycle(Cycle.objects.get(pk=cycle.pk), actor=None)
    walk.go(reverse("surveys:confirm", kwargs={"pk": cycle.pk, "action": "publikasi"}))
    walk.look(
        "publish-confirmation",
        f"Publikasikan hasil {cycle.year}?",
        "Hasil tidak masuk rata-rata nasional karena jumlah respons sah",
        "Kecamatan Kecil",
    )


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_leader_the_unit_head_and_the_operator_walk_through_their_pages(
    browser, live_server, world, width
):
    for who, walk_through in (
        ("leader", leader_walk),
        ("unit_leader", unit_head_walk),
        ("operator", operator_walk),
    ):
        walk = Walk(browser, live_server, getattr(world, who), who, width)
        try:
            walk_through(walk, world)
        finally:
            walk.context.close()
    assert len(list(SHOTS.glob(f"{width}-*.png"))) >= 11  # every page looked at was kept
