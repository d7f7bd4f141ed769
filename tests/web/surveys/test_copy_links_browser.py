"""The "Salin tautan" button beside each unit's anonymous link (issue 17 item 8), in a real
browser (Debian's Chromium through Playwright): with scripts, it copies the link and says
so in a live region; without them there is no button and the link is selectable text."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser


def operator_page(browser: Any, live_server: Any, world: Any, **options: Any) -> Any:
    client = Client()
    client.force_login(world.operator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 360, "height": 740}, **options)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("surveys:links", kwargs={"pk": world.open.pk}))
    return page


def test_the_copy_button_copies_the_units_link_and_says_so(browser, live_server, world):
    page = operator_page(
        browser, live_server, world, permissions=["clipboard-read", "clipboard-write"]
    )
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    buttons = page.locator("button.copy-button")
    assert buttons.count() == world.open.units.count()
    assert buttons.first.inner_text() == "Salin tautan"
    field = page.locator("input[data-copy]").nth(1)
    link = field.input_value()
    unit = world.open.units.get(code=field.get_attribute("id").removeprefix("link-"))
    assert link.startswith(live_server.url) and unit.link_token in link
    page.locator("button.copy-button").nth(1).click()
    status = page.locator(f"#{field.get_attribute('data-copy-status')}")
    status.wait_for(state="attached")
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())
    assert status.inner_text() == "Tautan disalin"
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert problems == []
    page.screenshot(path="/tmp/copy-link-360.png", full_page=False)
    page.context.close()


def test_without_scripts_there_is_no_button_and_the_link_is_selectable(browser, live_server, world):
    page = operator_page(browser, live_server, world, java_script_enabled=False)
    assert page.locator("button.copy-button").count() == 0
    field = page.locator("input[data-copy]").first
    assert field.get_attribute("readonly") is not None and field.input_value().startswith("http")
    page.context.close()
