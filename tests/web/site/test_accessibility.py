"""WCAG 2.1 A and AA in a real browser: axe-core checks every page of the project at a desktop
width (1280 px), a phone width (360 px) and the narrowest width WCAG asks pages to reflow to
(320 px, a short screen too), failing on any violation tagged wcag2a, wcag2aa,
wcag21a or wcag21aa, and on two things axe does not look at: an ARIA reference to an id that
is not on the page, and a page wider than the screen (reflow). The keyboard and what a screen
reader is given are tested in test_keyboard_and_screen_reader.py, colours that axe cannot
see (focus ring, charts) in test_accessibility_colours.py.

`STATES` is the one list of what axe checks: each entry is one state of one page (a form with
its errors shown, a pick page with an eleventh pick refused...), reached from the state before
it of the same person, in the same browser. A state that is not reached (the browser ends on
another page) fails like a violation. Every URL pattern of the project is either reached by
an entry or listed in `NOT_PAGES` with the reason, so a new page cannot be added without
being checked: add a State for it (and one for its form with errors, if it has a form).

axe-core is vendored in tests/web/vendor/axe-core (see the README there). It is never served
by the app: the browser fetches it from a same-origin URL that Playwright answers, so the
page's own content security policy stays in force while axe runs. Each run's findings are
written to /tmp/berakhlak-axe-<group>-<width>.json; with BERAKHLAK_AXE_SCREENSHOTS=<folder>
a screenshot of every state is saved there too.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from berakhlak.accounts.actions import do_create_user
from berakhlak.accounts.invitations import invite_on_commit
from berakhlak.accounts.models import Role
from berakhlak.evaluation.actions import do_finalise_evaluation, do_score_unit
from berakhlak.followup.models import Activity, AgentReport, ChangeAgent, Evidence
from berakhlak.method.combined import DEFAULT_RUBRIC
from berakhlak.method.local import local_set_data
from berakhlak.opendata.actions import do_publish_open_data
from berakhlak.orgs.local_values import KREATIF
from berakhlak.surveys.actions import do_create_cycle, do_issue_tokens, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.access import role_model_of
from helpers.web import ORG_FILE, POSTGRES, PROFILE, World, limiting_culture, pattern_names

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/__axe-core__/axe.min.js"  # answered by Playwright, never by the app
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"is_mobile": True, "has_touch": True}
WIDTHS = {
    1280: {"viewport": {"width": 1280, "height": 900}},
    360: {"viewport": {"width": 360, "height": 740}, **PHONE},  # a common phone
    320: {"viewport": {"width": 320, "height": 640}, **PHONE},  # WCAG 1.4.10 reflow
}
# each in a browser of their own
ANONYMOUS = (
    "",
    "respondent",
    "respondent_with_code",
    "respondent_with_personal_link",
    "invitee",
)
REPORTS = "/tmp"
SHOTS = os.environ.get("BERAKHLAK_AXE_SCREENSHOTS", "")  # a folder: a screenshot of each state


# --- where the checks run -------------------------------------------------------------------


@dataclass
class Site:
    """The live server and the world it serves, plus what the states leave for later ones."""

    url: str
    world: World
    token_link: str = ""  # a unit link of a cycle that asks for a personal code
    tokens: list[str] = field(default_factory=list)  # unused personal codes of that cycle
    org_file: Path | None = None
    bad_org_file: Path | None = None
    onboarding_file: Path | None = None  # an org file naming an operator to invite
    invitation_token: str = ""  # the token of a pending invitation
    users: dict[str, object] = field(default_factory=dict)  # beside the World's accounts

    def link(self, code: str = "U01", cycle: str = "open") -> str:
        return getattr(self.world, cycle).units.get(code=code).link_token

    def user(self, who: str) -> object:
        return self.users[who] if who in self.users else getattr(self.world, who)


Go = Callable[[Any, Site], None]


def visit(name: str, kwargs: Callable[[Site], dict[str, Any]] | None = None, query: str = "") -> Go:
    """Open the page of a URL name."""

    def go(page: Any, site: Site) -> None:
        path = reverse(name, kwargs=kwargs(site) if kwargs else None)
        page.goto(f"{site.url}{path}{query}")

    return go


def then(*steps: Go) -> Go:
    def go(page: Any, site: Site) -> None:
        for step in steps:
            step(page, site)

    return go


def click(selector: str) -> Go:
    """Press a button (a form is sent) and wait for the answer to load."""

    def go(page: Any, site: Site) -> None:
        with page.expect_navigation():
            page.click(selector)

    return go


def answer_step(fill: Callable[[Any], None]) -> Go:
    def go(page: Any, site: Site) -> None:
        fill(page)
        with page.expect_navigation():
            page.click("main button[type=submit]:not(.linklike)")

    return go


def consent(page: Any) -> None:
    page.check("input[name=consent]")


def profile(page: Any) -> None:
    for name, value in PROFILE.items():
        page.check(f"input[name={name}][value='{value}']")


def ten_picks(page: Any) -> None:
    for box in page.locator("input[name=item]").all()[:10]:
        box.check()


def whole_questionnaire(page: Any, site: Site) -> None:
    """Answer every step from the intro and submit."""
    for fill in (consent, profile, ten_picks, ten_picks, ten_picks, lambda p: None):
        answer_step(fill)(page, site)


def eleventh_pick_refused(page: Any, site: Site) -> None:
    ten_picks(page)
    page.locator("input[name=item]").nth(10).click()
    page.locator("#pick-message:not(:empty)").wait_for()


def picks_without_their_order(page: Any, site: Site) -> None:
    """Ten picks sent without the order the page script keeps: as a browser without script."""
    ten_picks(page)
    page.evaluate("document.querySelector('input[name=order]').remove()")
    with page.expect_navigation():
        page.click("main button[type=submit]")


def ranks(same: bool) -> Callable[[Any], None]:
    """Give the ten picks the ranks 1..10, or all the same rank."""

    def fill(page: Any) -> None:
        for i, select in enumerate(page.locator("select[name^=rank_]").all(), start=1):
            select.select_option("1" if same else str(i))

    return fill


def upload(which: str, url_name: str = "orgs:import") -> Go:
    def go(page: Any, site: Site) -> None:
        kwargs = {"code": site.world.instansi.code} if url_name == "orgs:import" else None
        page.goto(site.url + reverse(url_name, kwargs=kwargs))
        page.set_input_files("input[type=file]", str(getattr(site, which)))
        with page.expect_navigation():
            page.click("main button[type=submit]")

    return go


def local_template_saved(page: Any, site: Site) -> None:
    """A national template of local values, saved through its form (the list shows it)."""
    for name, value in (("code", "KREATIF"), ("name", "KREATIF"), ("v0_code", "KOM")):
        page.fill(f"input[name={name}]", value)
    page.fill("input[name=v0_name_id]", "Komunikatif")
    page.select_option("select[name=v0_items]", ["P05", "P14"])
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")


def english(page: Any, site: Site) -> None:
    """Switch the page to English with the language buttons of its header."""
    click("header button[value=en]")(page, site)
    assert page.locator("html").get_attribute("lang") == "en"


def code(site: Site) -> dict[str, Any]:
    return {"code": site.world.instansi.code}


def link(step: str | None = None, cycle: str = "open") -> Callable[[Site], dict[str, Any]]:
    def kwargs(site: Site) -> dict[str, Any]:
        token = site.link(cycle=cycle)
        return {"link": token} if step is None else {"link": token, "step": step}

    return kwargs


def own_unit(site: Site) -> dict[str, Any]:
    """The unit page of the evaluation of the open cycle for U03 (the unit leader's own)."""
    return {"pk": site.world.open.pk, "code": "U03"}


def pk(cycle: str) -> Callable[[Site], dict[str, Any]]:
    return lambda site: {"pk": getattr(site.world, cycle).pk}


def activity(site: Site) -> dict[str, Any]:
    """The world's activity of U03 (the unit leader's unit)."""
    return {"pk": Activity.objects.get(plan__cycle=site.world.published, unit__code="U03").pk}


def unit_reports(site: Site) -> dict[str, Any]:
    return {"code": site.world.instansi.code, "unit": "U03"}


def agent_u03(site: Site) -> dict[str, Any]:
    return {"pk": ChangeAgent.objects.get(unit__instansi=site.world.instansi, name="Agen U03").pk}


def role_model_u03(site: Site) -> dict[str, Any]:
    return {"pk": role_model_of(site.world).pk}


def report_u03(site: Site) -> dict[str, Any]:
    return {"pk": AgentReport.objects.get(agent__name="Agen U03", title="Sosialisasi U03").pk}


def evidence_u03(site: Site) -> dict[str, Any]:
    return {
        "pk": Evidence.objects.get(activity__plan__cycle=site.world.published, label="Foto U03").pk
    }


def emptied(field: str, form: str) -> Go:
    """Empty a required field and send the form: its error shown."""
    return then(
        lambda p, s: p.fill(f"[name={field}]", ""),
        click(f"main form:has([name={field}]) button[type=submit]"),
    )


@dataclass(frozen=True)
class State:
    """One state of one page: the URL name whose page it is, what state, who looks at it
    (a World attribute, or a respondent), and how to get there from the state before it."""

    url_name: str
    label: str
    who: str
    go: Go
    lands: str = ""  # the URL name the browser ends up at, when not url_name

    @property
    def group(self) -> str:
        return "public" if self.who in ANONYMOUS else "staff"

    @property
    def id(self) -> str:
        return f"{self.url_name} [{self.label}]"


STATES: list[State] = [
    # --- anonymous visitors --------------------------------------------------------------
    State("home", "landing page", "", visit("home")),
    State("opendata:index", "published years", "", visit("opendata:index")),
    State(
        "opendata:year", "a published year", "", visit("opendata:year", lambda s: {"year": 2024})
    ),
    State("accounts:login", "form", "", visit("accounts:login")),
    State(
        "accounts:login",
        "wrong password",
        "",
        then(
            lambda p, s: p.fill("input[name=username]", "operator.t"),
            lambda p, s: p.fill("input[name=password]", "salah-sekali"),
            click("main button[type=submit]"),
        ),
    ),
    State("accounts:login", "empty fields", "", click("main button[type=submit]")),
    State("(404)", "page not found", "", lambda p, s: p.goto(f"{s.url}/tidak-ada/")),
    State("glossary", "every term", "", visit("glossary")),
    State(
        "accounts:invitation",
        "a link that does not work",
        "",
        visit("accounts:invitation", lambda s: {"token": "x" * 43}),
    ),
    # --- an operator invited by e-mail ---------------------------------------------------
    State(
        "accounts:invitation_password",
        "form",
        "invitee",
        visit("accounts:invitation", lambda s: {"token": s.invitation_token}),
    ),
    State(
        "accounts:invitation_password",
        "passwords differ",
        "invitee",
        then(
            lambda p, s: p.fill("input[name=new_password1]", "Tanjung-Priok-2026"),
            lambda p, s: p.fill("input[name=new_password2]", "Tanjung-Priok-2027"),
            click("main button[type=submit]"),
        ),
    ),
    State("too_large", "the limits said", "", visit("too_large", query="?dari=/")),
    State("method", "the method document", "", visit("method")),
    State("responses:start", "closed cycle", "", visit("responses:start", link(cycle="published"))),
    # --- a respondent with a unit link, the whole way ------------------------------------
    State("responses:start", "intro", "respondent", visit("responses:start", link())),
    State("responses:start", "consent missing", "respondent", answer_step(lambda p: None)),
    State("responses:step", "profile", "respondent", answer_step(consent)),
    State("responses:step", "profile incomplete", "respondent", answer_step(lambda p: None)),
    State("responses:step", "personal values", "respondent", answer_step(profile)),
    State("responses:step", "eleventh pick refused", "respondent", eleventh_pick_refused),
    State("responses:step", "current culture", "respondent", answer_step(lambda p: None)),
    State("responses:step", "too few picks", "respondent", answer_step(lambda p: None)),
    State("responses:rank", "order without script", "respondent", picks_without_their_order),
    State("responses:rank", "a rank twice", "respondent", answer_step(ranks(same=True))),
    State("responses:step", "desired culture", "respondent", answer_step(ranks(same=False))),
    State(
        "responses:step",
        "free text, picks shown",
        "respondent",
        then(answer_step(ten_picks), lambda p, s: p.click("summary")),
    ),
    State("responses:step", "thank you", "respondent", answer_step(lambda p: None)),
    # --- a respondent with a personal code -----------------------------------------------
    # A code is checked only when the questionnaire is submitted (docs/SECURITY.md): a wrong
    # one is taken like any other, and refused at the end.
    State(
        "responses:code",
        "form",
        "respondent_with_code",
        lambda p, s: p.goto(f"{s.url}{reverse('responses:code', kwargs={'link': s.token_link})}"),
    ),
    State(
        "responses:code",
        "a code typed: the intro",
        "respondent_with_code",
        answer_step(lambda p: p.fill("input[name=code]", "SALAH-KODE")),
        lands="responses:step",
    ),
    State(
        "responses:step",
        "wrong code refused at submission",
        "respondent_with_code",
        whole_questionnaire,
    ),
    State(
        "responses:step",
        "wrong code again: too many",
        "respondent_with_code",
        then(
            answer_step(lambda p: p.fill("input[name=code]", "SALAH-LAGI")),
            answer_step(lambda p: None),
            lambda p, s: p.goto(
                f"{s.url}{reverse('responses:code', kwargs={'link': s.token_link})}"
            ),
        ),
        lands="responses:code",
    ),
    State(
        "responses:personal",
        "valid code: the intro",
        "respondent_with_personal_link",
        lambda p, s: p.goto(
            f"{s.url}{reverse('responses:personal', args=[s.token_link, s.tokens[0]])}"
        ),
        lands="responses:step",
    ),
    # --- the operator of an instansi -----------------------------------------------------
    State("orgs:instansi", "units and cycles", "operator", visit("orgs:instansi", code)),
    State("orgs:unit_add", "form", "operator", visit("orgs:unit_add", code)),
    State("orgs:unit_add", "errors", "operator", click("main button[type=submit]")),
    State(
        "orgs:unit_edit",
        "form",
        "operator",
        visit("orgs:unit_edit", lambda s: {"code": s.world.instansi.code, "unit_code": "U01"}),
    ),
    State("orgs:import", "form", "operator", visit("orgs:import", code)),
    State("orgs:import", "no file", "operator", click("main button[type=submit]")),
    State("orgs:import_preview", "changes", "operator", upload("org_file")),
    State("orgs:import_preview", "problems", "operator", upload("bad_org_file")),
    State("orgs:local_values", "form", "operator", visit("orgs:local_values", code)),
    State("orgs:local_values", "errors", "operator", click("main form.card button[type=submit]")),
    State("surveys:create", "form", "operator", visit("surveys:create", code)),
    State(
        "surveys:create",
        "errors",
        "operator",
        then(lambda p, s: p.fill("input[name=year]", "1999"), click("main button[type=submit]")),
    ),
    State("surveys:detail", "draft", "operator", visit("surveys:detail", pk("draft"))),
    State("surveys:detail", "open", "operator", visit("surveys:detail", pk("open"))),
    State(
        "surveys:confirm",
        "closing asked first",
        "operator",
        visit("surveys:confirm", lambda s: {"pk": s.world.open.pk, "action": "tutup"}),
    ),
    State("surveys:detail", "published", "operator", visit("surveys:detail", pk("published"))),
    State("surveys:edit", "form", "operator", visit("surveys:edit", pk("draft"))),
    State("surveys:extend", "form", "operator", visit("surveys:extend", pk("open"))),
    State("surveys:links", "links and QR codes", "operator", visit("surveys:links", pk("open"))),
    State("surveys:tokens", "form", "operator", visit("surveys:tokens", pk("open"))),
    State("surveys:tokens", "errors", "operator", click("main button[type=submit]")),
    State(
        "surveys:participation",
        "open cycle",
        "operator",
        visit("surveys:participation", pk("open")),
    ),
    State("accounts:users", "list and form", "operator", visit("accounts:users")),
    State("accounts:users", "errors", "operator", click("main form:not(.inline-form) button")),
    State(
        "accounts:user_action",
        "temporary password",
        "operator",
        click("tr:has-text('pimpinan.t') button:has-text('atur ulang sandi')"),
    ),
    State("accounts:password", "form", "operator", visit("accounts:password")),
    State("accounts:password", "errors", "operator", click("main button[type=submit]")),
    State("accounts:api_keys", "no keys", "operator", visit("accounts:api_keys")),
    State(
        "accounts:api_keys",
        "a key issued",
        "operator",
        then(
            lambda p, s: p.fill("input[name=name]", "dasbor kantor"),
            click("main button:has-text('Buat kunci')"),
        ),
    ),
    State("accounts:api_keys", "one key", "operator", visit("accounts:api_keys")),
    State("results:dashboard", "instansi", "operator", visit("results:dashboard", pk("published"))),
    State(
        "results:unit",
        "unit with results",
        "operator",
        visit("results:unit", lambda s: {"pk": s.world.published.pk, "code": "U02"}),
    ),
    State(
        "results:unit",
        "hidden unit",
        "operator",
        visit("results:unit", lambda s: {"pk": s.world.published.pk, "code": "U04"}),
    ),
    # --- a leader of one unit ------------------------------------------------------------
    State(
        "results:my_unit", "own unit", "unit_leader", visit("results:my_unit"), lands="results:unit"
    ),
    State("results:my_unit", "no results yet", "new_unit_leader", visit("results:my_unit")),
    # --- the national administrator ------------------------------------------------------
    State("results:national", "latest year", "admin", visit("results:national")),
    State(
        "results:national_year",
        "first year",
        "admin",
        visit("results:national_year", lambda s: {"year": 2023}),
    ),
    State(
        "results:national_participation",
        "fieldwork",
        "admin",
        visit("results:national_participation"),
    ),
    State(
        "results:national_participation_year",
        "form errors",
        "admin",
        then(
            visit("results:national_participation_year", lambda s: {"year": 2025}),
            click("#extend-all button[type=submit]"),
        ),
    ),
    State("orgs:list", "instansi", "admin", visit("orgs:list")),
    State("orgs:import_all", "form", "admin", visit("orgs:import_all")),
    State("orgs:import_preview_all", "changes", "admin", upload("org_file", "orgs:import_all")),
    State(
        "orgs:import_preview_all",
        "operators to invite",
        "admin",
        upload("onboarding_file", "orgs:import_all"),
    ),
    State("accounts:invitations", "a pending invitation", "admin", visit("accounts:invitations")),
    State("orgs:local_templates", "form", "admin", visit("orgs:local_templates")),
    State("orgs:local_templates", "saved", "admin", local_template_saved),
    State("orgs:local_template", "form", "admin", click("main li a")),
    State("audit:log", "events", "admin", visit("audit:log")),
    State("opendata:manage", "years", "admin", visit("opendata:manage")),
    State("results:national", "in English", "admin", then(visit("results:national"), english)),
    # --- the follow-up (the operator: the leader's password was reset above) -------------
    State("followup:plan", "activities", "operator", visit("followup:plan", pk("published"))),
    State(
        "followup:focus",
        "proposals and choice",
        "operator",
        visit("followup:focus", pk("published")),
    ),
    State(
        "followup:focus",
        "too many values",
        "operator",
        then(
            lambda p, s: [box.check() for box in p.locator("input[name=values]").all()],
            click("main button[type=submit]"),
        ),
    ),
    State(
        "followup:activity_add", "form", "operator", visit("followup:activity_add", pk("published"))
    ),
    State("followup:activity_add", "errors", "operator", click("main button[type=submit]")),
    State("followup:activity_edit", "form", "operator", visit("followup:activity_edit", activity)),
    State("followup:register", "forms", "operator", visit("followup:register", code)),
    State(
        "followup:register",
        "errors",
        "operator",
        click("main form:has(input[value=agent]) button[type=submit]"),
    ),
    State("followup:agent", "form", "operator", visit("followup:agent", agent_u03)),
    State("followup:agent", "errors", "operator", emptied("agent-name", "agent")),
    State("followup:role_model", "form", "operator", visit("followup:role_model", role_model_u03)),
    State("followup:role_model", "errors", "operator", emptied("model-year", "model")),
    State("followup:activity", "update form", "unit_leader", visit("followup:activity", activity)),
    State(
        "followup:activity",
        "nothing changed",
        "unit_leader",
        click("main form:not([enctype]) button[type=submit]"),
    ),
    State(
        "followup:evidence_add",
        "neither link nor file",
        "unit_leader",
        click("main form[enctype] button[type=submit]"),
    ),
    State(
        "followup:reports",
        "form and reports",
        "change_agent",
        visit("followup:reports", unit_reports),
    ),
    State("followup:reports", "errors", "change_agent", click("main button[type=submit]")),
    State("followup:report", "form", "change_agent", visit("followup:report", report_u03)),
    State("followup:report", "errors", "change_agent", emptied("title", "report")),
    State("followup:evidence", "form", "unit_leader", visit("followup:evidence", evidence_u03)),
    State("followup:evidence", "errors", "unit_leader", emptied("label", "evidence")),
    # --- the evidence evaluation (the open 2025 cycle combines survey and evaluation) -------
    State("evaluation:list", "evaluations", "operator", visit("evaluation:list")),
    State("surveys:rubric", "form", "admin", visit("surveys:rubric", lambda s: {"year": 2025})),
    State(
        "surveys:rubric",
        "errors",
        "admin",
        then(
            lambda p, s: p.fill("textarea[name=criteria]", "KP;tanpa bobot"),
            click("main form button[type=submit]"),
        ),
    ),
    State("evaluation:cycle", "units", "operator", visit("evaluation:cycle", pk("open"))),
    State("evaluation:unit", "evidence form", "unit_leader", visit("evaluation:unit", own_unit)),
    State(
        "evaluation:unit",
        "evidence with errors",
        "unit_leader",
        then(
            lambda p, s: p.fill("input[name=link]", "javascript:alert(1)"),
            click("main form:has(input[value=evidence]) button[type=submit]"),
        ),
    ),
    State("evaluation:unit", "scoring", "evaluator", visit("evaluation:unit", own_unit)),
    State(
        "evaluation:unit",
        "score saved",
        "evaluator",
        then(
            lambda p, s: p.select_option("select[name=score]", "1"),
            click("main form:has(input[value=score]) button[type=submit]"),
        ),
    ),
]

NOT_PAGES = {
    "healthz": "JSON for monitoring",
    "livez": "JSON for monitoring",
    "api_submit": "JSON API",
    "api_openapi": "JSON API description",
    "api_cycles": "JSON API",
    "api_cycle": "JSON API",
    "api_national": "JSON API",
    "set_language": "a POST that redirects back to the page it came from",
    "accounts:logout": "a POST that redirects to the login page",
    "surveys:transition": "a POST that redirects to the cycle's page",
    "surveys:apply_groups": "a POST that redirects to the cycle's page, where its form is",
    "orgs:export": "CSV and Excel files",
    "surveys:qr": "PNG and SVG images of a QR code (their text equivalent is the link beside)",
    "surveys:posters": "PDF",
    "reports:evaluation_xlsx": "an Excel file",
    "surveys:poster": "PDF",
    "surveys:participation_export": "CSV and Excel files",
    "reports:cycle_pdf": "PDF (see docs/ACCESSIBILITY.md, known limits)",
    "reports:cycle_xlsx": "Excel file",
    "reports:unit_pdf": "PDF (see docs/ACCESSIBILITY.md, known limits)",
    "reports:unit_xlsx": "Excel file",
    "reports:national_pdf": "PDF (see docs/ACCESSIBILITY.md, known limits)",
    "reports:national_xlsx": "Excel file",
    "followup:file": "an uploaded file, served as an attachment",
    "evaluation:file": "an uploaded file of a unit's evidence, served as an attachment",
    "opendata:file": "CSV, Parquet and Excel files",
    "opendata:datapackage": "JSON (a Frictionless Data Package)",
}


def test_every_url_pattern_is_checked_by_axe_or_excluded_with_a_reason():
    checked = {s.url_name for s in STATES if not s.url_name.startswith("(")}
    assert checked.isdisjoint(NOT_PAGES)
    assert checked | set(NOT_PAGES) == pattern_names()


def test_the_states_are_named_once_each():
    ids = [s.id for s in STATES]
    assert len(ids) == len(set(ids))


# --- running axe ----------------------------------------------------------------------------


def landed(page: Any) -> str:
    """The URL name of the page the browser shows: "(404)" for the page not found."""
    if page.locator("h1", has_text="Halaman tidak ditemukan").count():
        return "(404)"
    return resolve(urlsplit(page.url).path).view_name


AXE_RUN = """async tags => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
        // Single characters (category letters, ranks) are checked like any text: by default
        // axe leaves them for a person to review.
        checks: {'color-contrast': {options: {ignoreLength: true}}},
    });
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""
BROKEN_REFERENCES = """() => {
    const attrs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-errormessage'];
    return Array.from(document.querySelectorAll(attrs.map(a => `[${a}]`).join(',')))
        .flatMap(el => attrs.flatMap(a => (el.getAttribute(a) || '').split(/\\s+/)
            .filter(id => id && !document.getElementById(id))
            .map(id => `${el.tagName.toLowerCase()}#${el.id} ${a}=${id}`)));
}"""
TOO_WIDE = """() => Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(el => !el.parentElement.closest('svg, .table-wrap, pre')
        || getComputedStyle(el).position === 'absolute')
    .map(el => `${el.tagName.toLowerCase()}.${el.className}`)"""


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, and two checks axe
    does not make: ARIA references to ids that are not on the page, and a page wider than
    the screen (WCAG 1.4.10 reflow: nothing but a table or a file sample scrolls sideways)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=_origin(page.url) + AXE_URL)
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN, WCAG_21_AA)
    broken = page.evaluate(BROKEN_REFERENCES)
    if broken:
        found.append(own_finding("(aria reference to a missing id)", broken))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        wide = page.evaluate(TOO_WIDE) or [f"the page is {width} px wide"]
        found.append(own_finding("(page scrolls sideways)", wide))
    return found


def own_finding(rule: str, targets: list[str]) -> dict[str, Any]:
    """A finding of this test's own, reported like axe's."""
    return {"id": rule, "impact": "", "help": rule, "nodes": [{"target": t} for t in targets]}


def _origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


def serve_axe(context: Any) -> None:
    body = AXE.read_bytes()
    context.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(body=body, content_type="text/javascript; charset=utf-8"),
    )


@pytest.fixture
def site(
    world: World, live_server: Any, tmp_path: Path, settings: Any, make_instansi, make_user
) -> Site:
    settings.BERAKHLAK_CODE_LIMIT = 2  # the third wrong code is refused as too many
    cycle = do_open_cycle(
        do_create_cycle(world.other, 2025, access="token", actor=None), actor=None
    )
    unit = cycle.units.get(code="U01")
    # The published cycle measured a local value set: its dashboard shows that section too.
    Cycle.objects.filter(pk=world.published.pk).update(local_values=local_set_data(KREATIF))
    limiting_culture(world)  # new responses: the counts are made again, the local ones too
    do_publish_open_data(2024, actor=None)  # the home page links to it
    evaluate(world.published)
    new = make_instansi(code="KAB-T03", name="Kabupaten Baru")
    org_file = tmp_path / "struktur.csv"
    org_file.write_text(ORG_FILE, encoding="utf-8")
    bad_org_file = tmp_path / "struktur-salah.csv"
    bad_org_file.write_text(ORG_FILE.replace(",125,", ",seratus,"), encoding="utf-8")
    onboarding_file = tmp_path / "struktur-operator.csv"
    onboarding_file.write_text(
        ORG_FILE.replace(",region\n", ",region,operator_email\n").replace(
            ",barat\n", ",barat,operator.baru@uji.go.id\n"
        ),
        encoding="utf-8",
    )
    invitee, _password = do_create_user(
        "undangan@uji.go.id",
        Role.OPERATOR,
        instansi=world.instansi,
        unit=None,
        invited=True,
        actor=None,
    )
    return Site(
        url=live_server.url,
        onboarding_file=onboarding_file,
        invitation_token=invite_on_commit([invitee], "id")[0].token,
        world=world,
        token_link=unit.link_token,
        tokens=do_issue_tokens(unit, 2, actor=None),
        org_file=org_file,
        bad_org_file=bad_org_file,
        users={
            "new_unit_leader": make_user(
                "kepala.baru", Role.LEADER, new, new.units.get(code="U01")
            ),
            "evaluator": make_user("evaluator.t", Role.EVALUATOR, world.instansi),
        },
    )


def evaluate(cycle: Any) -> None:
    """Make a published cycle one with a finalised evidence evaluation in every colour, so
    that its dashboard and the national view show the combined index (docs/method.md §12)."""
    type(cycle).objects.filter(pk=cycle.pk).update(mode="gabungan", rubric=DEFAULT_RUBRIC.as_dict())
    cycle.refresh_from_db()
    for j, unit in enumerate(cycle.units.order_by("code")):
        for i, criterion in enumerate(DEFAULT_RUBRIC.codes):
            do_score_unit(unit, criterion, (i + j) % 3, actor=None)
    do_finalise_evaluation(cycle, actor=None)


def signed_in(context: Any, site: Site, who: str) -> None:
    if who in ANONYMOUS:
        return
    client = Client()
    client.force_login(site.user(who))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}])


def screenshot(page: Any, state: State, width: int) -> None:
    name = re.sub(r"[^a-z0-9]+", "-", state.id.lower()).strip("-")
    page.screenshot(path=f"{SHOTS}/{width}-{name}.png", full_page=True)


def check_states(browser: Any, site: Site, states: list[State], width: int) -> dict[str, Any]:
    """Walk the states (one browser context per person, in the order of the list) and return
    what axe and the two checks of our own found, by state."""
    found: dict[str, Any] = {}
    pages: dict[str, Any] = {}
    try:
        for state in states:
            if state.who not in pages:
                context = browser.new_context(**WIDTHS[width])
                serve_axe(context)
                signed_in(context, site, state.who)
                pages[state.who] = context.new_page()
                pages[state.who].set_default_timeout(10_000)
            page = pages[state.who]
            try:
                state.go(page, site)
                page.wait_for_load_state("load")
                where = landed(page)
            except Exception as error:  # reported with the findings; the walk goes on
                where = f"{type(error).__name__}: {str(error).splitlines()[0]}"
            if where != (state.lands or state.url_name):
                found[state.id] = [own_finding("(state not reached)", [where])]
                continue
            if SHOTS:
                screenshot(page, state, width)
            violations = run_axe(page)
            if violations:
                found[state.id] = violations
    finally:
        for page in pages.values():
            page.context.close()
    return found


def by_rule(found: dict[str, Any]) -> dict[str, int]:
    """Violations counted by rule: failing elements over all states."""
    counts: dict[str, int] = {}
    for violations in found.values():
        for v in violations:
            counts[v["id"]] = counts.get(v["id"], 0) + len(v["nodes"])
    return dict(sorted(counts.items()))


def describe(found: dict[str, Any]) -> str:
    lines = [f"WCAG 2.1 A/AA violations, elements by rule: {by_rule(found)}"]
    for state, violations in found.items():
        for v in violations:
            targets = "; ".join(n["target"] for n in v["nodes"][:3])
            lines.append(f"  {state}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {targets}")
    return "\n".join(lines)


@pytest.mark.skipif(POSTGRES, reason="the pages are the same on both databases: SQLite pass")
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("group", ["public", "staff"])
def test_every_page_meets_wcag_2_1_aa_according_to_axe(browser, site, group, width):
    found = check_states(browser, site, [s for s in STATES if s.group == group], width)
    report = Path(REPORTS) / f"berakhlak-axe-{group}-{width}.json"
    report.write_text(json.dumps({"by_rule": by_rule(found), "states": found}, indent=1))
    assert found == {}, describe(found)


def test_axe_runs_under_the_pages_content_security_policy_and_finds_what_it_should(
    browser, live_server
):
    """The check itself: axe loads although the app's policy allows only its own scripts,
    and it reports a contrast failure (single letters included) and a missing label."""
    context = browser.new_context(**WIDTHS[1280])
    serve_axe(context)
    page = context.new_page()
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<p><span class="cat cat-C">C</span></p>');
        main.querySelector('.cat-C').style.color = '#fff';
        main.insertAdjacentHTML('beforeend', '<input type="text" name="unlabelled">');
    }""")
    found = {v["id"]: v for v in run_axe(page)}
    context.close()
    assert set(found) == {"color-contrast", "label"}
    assert len(found["color-contrast"]["nodes"]) == 1  # the one letter, nothing else
