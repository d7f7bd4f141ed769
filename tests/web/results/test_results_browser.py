"""The results pages in a real browser (Debian's Chromium through Playwright), at a desktop
width of 1280 px and a phone width of 390 px: nothing but a table scrolls sideways, the
charts are drawn, and the browser reports no error and no content-security violation.
Screenshots are saved to /tmp for a person to look at."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from helpers.results_world import MAIN, SMALL, YEAR, build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SCREENSHOTS = "/tmp"

WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
"""
OVERFLOW = """() => Array.from(document.querySelectorAll('body *'))
    .filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > window.innerWidth + 1 && !el.closest('.table-wrap');
    })
    .map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + el.textContent.slice(0, 40))"""
WRAPS = """() => Array.from(document.querySelectorAll('.table-wrap'))
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => getComputedStyle(el).overflowX)"""


@pytest.fixture
def signed_in(live_server: Any) -> dict[str, Any]:
    """The results world in the live server's database, and the admin's session cookie."""
    built = build_world()
    client = Client()
    client.force_login(built["admin"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    cycles = built["cycles"]
    return {
        "cookie": {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url},
        "main": cycles[MAIN, YEAR].pk,
        "small": cycles[SMALL, YEAR].pk,
    }


def visit(browser: Any, live_server: Any, signed_in: dict, path: str, device: dict, shot: str):
    """Open a page as the admin; returns (page, problems reported by the browser)."""
    context = browser.new_context(**device)
    context.add_cookies([signed_in["cookie"]])
    context.add_init_script(WATCH)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")
    page.screenshot(path=f"{SCREENSHOTS}/{shot}", full_page=True)
    problems += page.evaluate("window.__problems")
    return page, problems


def charts_drawn(page: Any) -> int:
    """The charts the page shows (each is drawn wide and narrow; one of the two is shown):
    each fits the screen and its text is drawn at least three quarters of its size."""
    charts = page.locator("svg.chart")
    width = page.viewport_size["width"]
    shown = 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not chart.is_visible():
            continue
        shown += 1
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        scale = box["width"] / chart.evaluate("svg => svg.viewBox.baseVal.width")
        assert scale >= 0.75, f"chart {i} is drawn at {scale:.2f} of its size"
    return shown


@pytest.mark.parametrize(("device", "width"), [(DESKTOP, 1280), (PHONE, 390)])
def test_the_dashboard_fits_the_screen_and_draws_its_charts(
    browser, live_server, signed_in, device, width
):
    path = f"/hasil/siklus/{signed_in['main']}/"
    page, problems = visit(
        browser, live_server, signed_in, path, device, f"berakhlak-dashboard-{width}.png"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOW) == []
    assert set(page.evaluate(WRAPS)) <= {"auto", "scroll"}
    assert charts_drawn(page) == 3  # the values, the trend over every year and the areas
    assert page.locator("[data-index]").count() == 6
    assert problems == []
    page.context.close()


PHONE_PAGES = [
    ("/hasil/siklus/{main}/unit/U04/", "berakhlak-unit-390.png", 3),  # values, areas, trend
    ("/hasil/siklus/{small}/", "berakhlak-dashboard-small-390.png", 0),
    ("/hasil/nasional/", "berakhlak-national-390.png", 3),
]


def test_the_unit_the_small_instansi_and_the_national_pages_fit_a_phone(
    browser, live_server, signed_in
):
    for path, shot, charts in PHONE_PAGES:
        url = path.format(**signed_in)
        page, problems = visit(browser, live_server, signed_in, url, PHONE, shot)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        assert page.evaluate(OVERFLOW) == [], url
        assert charts_drawn(page) == charts, url
        assert problems == [], url
        page.context.close()
