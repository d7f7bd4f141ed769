"""The questionnaire with the keyboard alone, and what Chromium gives a screen reader: a
respondent answers every step with Tab, Space, Enter (and typing), seeing the focus ring at
each stop; a picked item's accessible name carries its rank; a refused eleventh pick is
announced again when it is refused again; on a phone every scrolling table is reached with
Tab. The accessibility tree is read through the Chrome DevTools Protocol
(`Accessibility.getFullAXTree`), the tree a screen reader on the machine would be given."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from berakhlak.responses.models import Response
from helpers.web import PROFILE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const inBar = el.closest('.pick-tools, .q-footer');  // the bars themselves stay in view
    const tools = inBar ? null : document.querySelector('.pick-tools');
    const stuck = tools && tools.getBoundingClientRect().top <= 0.5;  // sticky at the top
    const footer = inBar ? null : document.querySelector('.q-footer');
    return {
        tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
        value: el.value || '', text: el.textContent.trim(),
        ring: style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2
            && style.boxShadow.includes('rgb(255, 191, 71)'),
        top: box.top, bottom: box.bottom,
        clear_top: stuck ? tools.getBoundingClientRect().bottom : 0,
        clear_bottom: footer ? footer.getBoundingClientRect().top : window.innerHeight,
    };
}"""


def tab_to(page: Any, wanted: dict[str, str], limit: int = 80) -> dict[str, Any]:
    """Press Tab until the focused element matches `wanted` (tag, type, name, text...); each
    stop on the way must show the focus ring and not be hidden by the sticky pick tools or
    the fixed footer (at least 20 px of it, or all of a smaller one, stays in view)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        assert now["ring"], f"no visible focus ring on {now}"
        seen = min(now["bottom"], now["clear_bottom"]) - max(now["top"], now["clear_top"])
        assert seen >= min(now["bottom"] - now["top"], 20) - 1, f"focus hidden by a bar: {now}"
        if all(now[k] == v for k, v in wanted.items()):
            return now
    raise AssertionError(f"Tab never reached {wanted}")


def press_enter_on(page: Any, wanted: dict[str, str], next_step: str) -> None:
    tab_to(page, wanted)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/{next_step}/")


def ten_picks_by_keyboard(page: Any) -> list[str]:
    """Tab to the list and pick the first ten items with Space; returns them in order."""
    picked = [tab_to(page, {"tag": "input", "name": "item"})["value"]]
    page.keyboard.press("Space")
    for _ in range(9):
        picked.append(tab_to(page, {"tag": "input", "name": "item"})["value"])
        page.keyboard.press("Space")
    expect(page.locator("#pick-counter")).to_have_text("10/10 dipilih")
    return picked


def test_a_respondent_answers_the_whole_questionnaire_with_the_keyboard_alone(
    browser, survey, live_server
):
    link = survey.units.get(code="U02").link_token
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/s/{link}/")

    tab_to(page, {"name": "consent"})
    page.keyboard.press("Space")
    press_enter_on(page, {"tag": "button", "text": "Mulai"}, "profil")
    profile = {}
    for name in PROFILE:
        profile[name] = tab_to(page, {"type": "radio", "name": name})["value"]
        page.keyboard.press("Space")
    press_enter_on(page, {"tag": "button", "text": "Lanjut"}, "pv")
    picks = {}
    for step, next_step in (("pv", "cc"), ("cc", "dc"), ("dc", "saran")):
        picks[step] = ten_picks_by_keyboard(page)
        press_enter_on(page, {"tag": "button", "text": "Lanjut"}, next_step)
    tab_to(page, {"name": "harapan"})
    page.keyboard.type("Rapat lebih singkat.")
    press_enter_on(page, {"tag": "button", "text": "Kirim jawaban"}, "selesai")
    assert page.locator("h1").inner_text() == "Terima kasih!"
    context.close()

    [r] = Response.objects.all()
    assert {q: getattr(r, q).split(";") for q in picks} == picks
    assert {f: getattr(r, f) for f in PROFILE} == profile
    assert r.harapan == "Rapat lebih singkat."


def accessibility_tree(page: Any) -> list[dict[str, Any]]:
    """Chromium's full accessibility tree of the page, as a screen reader receives it."""
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def checked_boxes(page: Any) -> list[str]:
    """The accessible names of the checked checkboxes, in the order of the page."""
    names = []
    for node in accessibility_tree(page):
        properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        if node.get("role", {}).get("value") == "checkbox" and properties.get("checked") in (
            "true",
            True,
        ):
            names.append(node["name"]["value"])
    return names


def label_of(page: Any, code: str) -> str:
    return page.locator(f"label[for=item-{code}] > span").first.inner_text()


def first_pick_page(browser: Any, survey: Any, live_server: Any) -> Any:
    """A phone on the first pick page, the steps before it answered through the test client
    (their progress cookie handed to the browser)."""
    unit = survey.units.get(code="U01")
    client = Client()
    client.post(f"/s/{unit.link_token}/mulai/", {"consent": "on"})
    client.post(f"/s/{unit.link_token}/profil/", PROFILE)
    cookie = client.cookies[f"bkq{unit.pk}"]
    context = browser.new_context(**PHONE)
    url = f"{live_server.url}/s/{unit.link_token}/"
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}pv/")
    return page


def test_a_screen_reader_hears_the_rank_of_each_pick_in_its_name(browser, survey, live_server):
    page = first_pick_page(browser, survey, live_server)
    codes = page.eval_on_selector_all("input[name=item]", "boxes => boxes.map(b => b.value)")
    first, second, third = codes[5], codes[0], codes[9]
    for code in (first, second, third):
        page.locator(f"#item-{code}").check()

    names = checked_boxes(page)
    assert sorted(names) == sorted(
        [
            f"{label_of(page, first)} (peringkat 1)",
            f"{label_of(page, second)} (peringkat 2)",
            f"{label_of(page, third)} (peringkat 3)",
        ]
    )
    page.locator(f"#item-{first}").uncheck()  # the others move up
    assert sorted(checked_boxes(page)) == sorted(
        [f"{label_of(page, second)} (peringkat 1)", f"{label_of(page, third)} (peringkat 2)"]
    )

    page.reload()  # the ranks come back from the page itself
    assert sorted(checked_boxes(page)) == sorted(
        [f"{label_of(page, second)} (peringkat 1)", f"{label_of(page, third)} (peringkat 2)"]
    )
    page.context.close()


def test_a_second_refused_eleventh_pick_is_announced_again(browser, survey, live_server):
    page = first_pick_page(browser, survey, live_server)
    boxes = page.locator("input[name=item]")
    for i in range(10):
        boxes.nth(i).check()
    # What the status region holds after each task that changed it (a MutationObserver's
    # callback runs once per task): what the accessibility tree, and so a screen reader, sees.
    page.evaluate("""() => {
        window.__said = [];
        const message = document.getElementById('pick-message');
        new MutationObserver(() => window.__said.push(message.textContent))
            .observe(message, {childList: true, characterData: true, subtree: true});
    }""")
    full = "Anda sudah memilih 10. Hapus salah satu pilihan untuk menggantinya."
    for _ in range(2):
        boxes.nth(10).click()
        expect(page.locator("#pick-message")).to_have_text(full)
    said = page.evaluate("window.__said")
    page.context.close()
    # Emptied, then written again in a later task: two additions a screen reader reads out,
    # where writing the same text twice in one task would change nothing it can see. The
    # two differ by a trailing no-break space: Orca skips a message equal to the last one
    # (see test_screen_reader_orca.py, which listens to Orca itself).
    written = [text for text in said if text]
    assert [text.strip() for text in written] == [full, full]
    assert written[0] != written[1]
    assert "" in said[said.index(written[0]) + 1 : said.index(written[1])]


def test_on_a_phone_every_scrolling_table_of_a_dashboard_is_reached_with_tab(
    browser, world, live_server
):
    client = Client()
    client.force_login(world.leader)
    context = browser.new_context(**PHONE)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/hasil/siklus/{world.published.pk}/")
    scrolling = page.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap'))
        .filter(w => w.scrollWidth > w.clientWidth && w.checkVisibility())
        .map(w => w.getAttribute('aria-label'))""")
    assert len(scrolling) >= 2  # the heatmap and the values at least
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        now = page.evaluate("""() => {
            const el = document.activeElement;
            return {region: el.classList.contains('table-wrap') ? el.getAttribute('aria-label')
                                                                  : null,
                    ring: getComputedStyle(el).outlineStyle === 'solid'};
        }""")
        if now["region"]:
            assert now["ring"]
            reached.add(now["region"])
        if reached >= set(scrolling):
            break
    assert reached >= set(scrolling)
    heatmap = page.locator(".table-wrap", has=page.locator("#unit-heatmap"))
    heatmap.focus()
    page.keyboard.press("ArrowRight")  # a focused region scrolls with the keyboard
    page.wait_for_function("el => el.scrollLeft > 0", arg=heatmap.element_handle())
    context.close()
