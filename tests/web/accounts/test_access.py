"""Access to every view: anonymous, out of scope, in scope; and the operator-only actions.

`VIEWS` has one entry per URL pattern of the project: how to build its URL from the `world`
fixture, who may use it, who may not, and what the page shows to the one who may. A new
pattern without an entry fails the first test, so no view can be added without its access
test and its negative cases.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Membership, Role
from berakhlak.audit.models import Event
from berakhlak.orgs.models import LocalValueSet, Unit
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.models import Cycle, PersonalToken
from helpers.access import OPERATOR_ONLY, VIEWS, View, local_template
from helpers.web import ORG_FILE, PASSWORD, World, body, login, pattern_names


def request(
    client: Client, view: View, url: str, world: World, follow: bool = False
) -> HttpResponse:
    if view.post is None:
        return client.get(url, follow=follow)
    data = view.post(world) if callable(view.post) else view.post
    if view.json:
        return client.post(url, data, content_type="application/json", follow=follow)
    return client.post(url, data, follow=follow)


def assert_not_found(response: HttpResponse) -> None:
    """A 404: the page of the site, or the JSON error of the API."""
    assert response.status_code == 404
    if response["Content-Type"] == "application/json":
        assert response.json() == {"error": "not found"}
    else:
        assert "Halaman tidak ditemukan" in response.content.decode()


def test_every_url_pattern_of_the_project_has_an_access_case():
    assert pattern_names() == set(VIEWS)


PUBLIC = [name for name, view in VIEWS.items() if not view.who]
PRIVATE = [name for name, view in VIEWS.items() if view.who]


@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_view_answers_an_anonymous_visitor(name, world, client):
    view = VIEWS[name]
    response = request(client, view, reverse(name, kwargs=view.kwargs(world)), world, view.follow)
    assert response.status_code == view.status
    assert view.expected(world) in body(response)


@pytest.mark.parametrize("name", PRIVATE)
def test_a_private_view_sends_strangers_away_and_shows_its_page_to_the_user_in_scope(name, world):
    view = VIEWS[name]
    url = reverse(name, kwargs=view.kwargs(world))

    anonymous = request(Client(), view, url, world)
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith(reverse("accounts:login") + "?next=")
    elif url.startswith("/api/"):
        assert anonymous.status_code == 401
        assert "authentication required" in anonymous.json()["error"]
    else:
        assert_not_found(anonymous)

    nobody = get_user_model().objects.create_user("tanpa.peran", password=PASSWORD)
    assert_not_found(request(login(Client(), nobody), view, url, world))
    for outsider in view.outsiders:
        assert_not_found(request(login(Client(), getattr(world, outsider)), view, url, world))

    client = login(Client(), getattr(world, view.who))
    if view.prepare is not None:
        url = view.prepare(client, world)
    response = request(client, view, url, world, view.follow)
    assert response.status_code == view.status
    text = body(response)
    assert view.expected(world) in text
    if view.absent:
        assert view.absent not in text


# --- finer scope rules ---------------------------------------------------------------------


def test_a_unit_leader_reads_only_the_page_of_their_own_unit(world):
    client = login(Client(), world.unit_leader)
    own = client.get(reverse("results:unit", kwargs={"pk": world.published.pk, "code": "U03"}))
    assert own.status_code == 200
    for other in ("U01", "U02"):
        assert_not_found(
            client.get(reverse("results:unit", kwargs={"pk": world.published.pk, "code": other}))
        )


def test_leaders_see_no_result_of_an_open_or_draft_cycle_but_operators_see_its_page(world):
    leader = login(Client(), world.leader)
    for cycle in (world.open, world.draft):
        assert_not_found(leader.get(reverse("results:dashboard", kwargs={"pk": cycle.pk})))
        assert_not_found(leader.get(reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})))
    operator = login(Client(), world.operator)
    assert_not_found(operator.get(reverse("results:dashboard", kwargs={"pk": world.open.pk})))
    assert operator.get(reverse("surveys:detail", kwargs={"pk": world.open.pk})).status_code == 200


def test_no_role_reads_results_of_an_open_or_draft_cycle_on_any_surface(world):
    """Results exist only once a cycle is closed: for the admin and the operator too, so
    that no one can watch figures change while answers come in."""
    roles = ("admin", "operator", "leader", "unit_leader")
    for cycle in (world.open, world.draft):
        names = ("results:dashboard", "reports:cycle_pdf", "reports:cycle_xlsx", "api_cycle")
        urls = [reverse(name, kwargs={"pk": cycle.pk}) for name in names]
        urls += [
            reverse("results:unit", kwargs={"pk": cycle.pk, "code": unit.code})
            for unit in cycle.units.all()
        ]
        for role in roles:
            client = login(Client(), getattr(world, role))
            for url in urls:
                assert_not_found(client.get(url))
            listed = {c["id"] for c in client.get(reverse("api_cycles")).json()["cycles"]}
            assert cycle.pk not in listed, role
    admin = login(Client(), world.admin)
    for url in (
        reverse("api_national", kwargs={"year": 2025}),
        reverse("reports:national_pdf", kwargs={"year": 2025}),
        reverse("reports:national_xlsx", kwargs={"year": 2025}),
    ):
        assert_not_found(admin.get(url))
    national = admin.get(reverse("results:national_year", kwargs={"year": 2025}))
    assert "Indeks BerAKHLAK nasional 2024" in national.content.decode()
    assert 'href="/hasil/nasional/2025/"' not in national.content.decode()
    mine = login(Client(), world.unit_leader).get(reverse("results:my_unit"))
    own = reverse("results:unit", kwargs={"pk": world.published.pk, "code": "U03"})
    assert mine["Location"] == own


def test_the_other_instansi_sees_its_own_results_and_not_ours(world):
    other = login(Client(), world.other_leader)
    own = other.get(reverse("results:dashboard", kwargs={"pk": world.other_published.pk}))
    assert own.status_code == 200
    assert "Kota Lain" in own.content.decode()
    assert_not_found(other.get(reverse("results:dashboard", kwargs={"pk": world.published.pk})))
    assert_not_found(other.get(reverse("orgs:instansi", kwargs={"code": "KAB-T01"})))


def test_an_inactive_account_cannot_sign_in_and_a_wrong_password_is_refused(world, client):
    url = reverse("accounts:login")
    wrong = client.post(url, {"username": "operator.t", "password": "salah-sekali-123"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    get_user_model().objects.filter(pk=world.operator.pk).update(is_active=False)
    refused = client.post(url, {"username": "operator.t", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert Membership.objects.get(user=world.operator).role == Role.OPERATOR


def test_a_right_password_signs_in_and_lands_on_the_operators_instansi(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "operator.t", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("orgs:instansi", kwargs={"code": "KAB-T01"})
    assert Event.objects.filter(action="auth.login", actor_name="operator.t").exists()


def test_an_address_typed_with_capitals_signs_in_to_the_account_of_that_address(world, client):
    user = get_user_model().objects.create_user("operator@kab-t01.go.id", password=PASSWORD)
    response = client.post(
        reverse("accounts:login"), {"username": "Operator@KAB-T01.go.id", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_two_accounts_differing_only_in_case_need_the_name_typed_exactly(world, client):
    users = get_user_model().objects
    users.create_user("Kembar", password=PASSWORD)
    twin = users.create_user("kembar", password="sandi-lain-yang-panjang-9")
    url = reverse("accounts:login")
    guessed = client.post(url, {"username": "KEMBAR", "password": PASSWORD})
    assert guessed.status_code == 200 and "_auth_user_id" not in client.session
    exact = client.post(url, {"username": "kembar", "password": "sandi-lain-yang-panjang-9"})
    assert exact.status_code == 302
    assert client.session["_auth_user_id"] == str(twin.pk)


def test_login_locks_a_user_out_after_five_wrong_passwords(world, client):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "operator.t", "password": "salah-sekali-123"})
    locked = client.post(url, {"username": "operator.t", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client().post(url, {"username": "pimpinan.t", "password": PASSWORD})
    assert other.status_code == 302  # the lockout is per user, not for everyone


def test_login_does_not_redirect_to_another_site(world, client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "operator.t", "password": PASSWORD, "next": "https://jahat.example/"},
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://jahat.example")


# --- operator-only actions: explicit positive and negative cases --------------------------


@dataclass(frozen=True)
class Action:
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    effect: Callable[[World], bool]  # True once the action happened
    status: int = 302  # of the in-scope POST
    audited: bool = True  # the action writes an audit event
    refused: int = 404  # how the other instansi's operator is refused


def unit_u01(w: World) -> Unit:
    return Unit.objects.get(instansi=w.instansi, code="U01")


def cycle_status(cycle: Cycle) -> str:
    return Cycle.objects.get(pk=cycle.pk).status


def closed_published(w: World) -> Cycle:
    """The open cycle, closed first (a publish needs a closed cycle)."""
    do_close_cycle(w.open, actor=None)
    return w.open


ACTIONS: dict[str, Action] = {
    "open a draft cycle": Action(
        lambda w: reverse("surveys:transition", kwargs={"pk": w.draft.pk, "action": "buka"}),
        lambda w: {},
        lambda w: cycle_status(w.draft) == "open",
    ),
    "close an open cycle": Action(
        lambda w: reverse("surveys:transition", kwargs={"pk": w.open.pk, "action": "tutup"}),
        lambda w: {"konfirmasi": "ya"},
        lambda w: cycle_status(w.open) == "closed",
    ),
    "publish a closed cycle": Action(
        lambda w: reverse(
            "surveys:transition", kwargs={"pk": closed_published(w).pk, "action": "publikasi"}
        ),
        lambda w: {"konfirmasi": "ya"},
        lambda w: cycle_status(w.open) == "published",
    ),
    "edit a unit": Action(
        lambda w: reverse("orgs:unit_edit", kwargs={"code": "KAB-T01", "unit_code": "U01"}),
        lambda w: {"code": "U01", "name": "Setda Baru", "headcount": "130", "active": "on"},
        lambda w: unit_u01(w).name == "Setda Baru",
    ),
    "add a unit": Action(
        lambda w: reverse("orgs:unit_add", kwargs={"code": "KAB-T01"}),
        lambda w: {"code": "U09", "name": "Badan Baru", "headcount": "30", "active": "on"},
        lambda w: Unit.objects.filter(instansi=w.instansi, code="U09").exists(),
    ),
    "edit the cycle settings": Action(
        lambda w: reverse("surveys:edit", kwargs={"pk": w.draft.pk}),
        lambda w: {"access": "token", "k": "12", "margin": "0.05"},
        lambda w: Cycle.objects.get(pk=w.draft.pk).access == "token",
    ),
    "extend an open cycle": Action(
        lambda w: reverse("surveys:extend", kwargs={"pk": w.open.pk}),
        lambda w: {"closes_on": "2100-12-31"},
        lambda w: str(Cycle.objects.get(pk=w.open.pk).closes_on) == "2100-12-31",
    ),
    "create a cycle": Action(
        lambda w: reverse("surveys:create", kwargs={"code": "KAB-T01"}),
        lambda w: {"year": "2027", "access": "link", "k": "10", "margin": "0.05"},
        lambda w: Cycle.objects.filter(instansi=w.instansi, year=2027).exists(),
    ),
    "upload an org file": Action(
        lambda w: reverse("orgs:import", kwargs={"code": "KAB-T01"}),
        lambda w: {"file": _upload()},
        lambda w: _uploads_in_sessions(),
        audited=False,
    ),
    "issue personal codes (CSV)": Action(
        lambda w: reverse("surveys:tokens", kwargs={"pk": w.open.pk}),
        lambda w: {"unit": str(w.unit(w.open, "U02").pk), "count": "3"},
        lambda w: PersonalToken.objects.filter(cycle_unit__cycle=w.open).count() == 3,
        status=200,
    ),
    "save the local value set": Action(
        lambda w: reverse("orgs:local_values", kwargs={"code": "KAB-T01"}),
        lambda w: {
            "code": "SIGAP",
            "name": "Sigap",
            "legal_basis": "Perbup 1/2024",
            "v0_code": "S",
            "v0_name_id": "Sigap",
            "v0_name_en": "Swift",
            "v0_items": ["P05"],
        },
        lambda w: LocalValueSet.objects.filter(instansi=w.instansi).exists(),
    ),
    "copy a local value template": Action(
        lambda w: reverse("orgs:local_values", kwargs={"code": "KAB-T01"}),
        lambda w: {"template": str(local_template().pk)},
        lambda w: LocalValueSet.objects.filter(instansi=w.instansi).exists(),
    ),
    "create an account": Action(
        lambda w: reverse("accounts:users"),
        lambda w: {
            "username": "kepala.baru",
            "role": "pimpinan",
            "instansi": str(w.instansi.pk),
            "unit": "",
        },
        lambda w: get_user_model().objects.filter(username="kepala.baru").exists(),
        status=200,
        refused=200,
    ),  # the other operator's own page, where our instansi is no choice
    "deactivate an account": Action(
        lambda w: reverse(
            "accounts:user_action", kwargs={"pk": w.leader.pk, "action": "deactivate"}
        ),
        lambda w: {},
        lambda w: not get_user_model().objects.get(pk=w.leader.pk).is_active,
    ),
    "reset a password": Action(
        lambda w: reverse("accounts:user_action", kwargs={"pk": w.leader.pk, "action": "reset"}),
        lambda w: {},
        lambda w: not get_user_model().objects.get(pk=w.leader.pk).check_password(PASSWORD),
        status=200,
    ),
}


def _upload() -> io.BytesIO:
    upload = io.BytesIO(ORG_FILE.encode())
    upload.name = "org.csv"
    return upload


def _uploads_in_sessions() -> bool:

    return any("org_uploads" in s.get_decoded() for s in Session.objects.all())


@pytest.mark.parametrize("action", list(ACTIONS))
def test_an_operator_only_action_is_refused_to_everyone_else_and_done_by_the_operator(
    action, world
):
    case = ACTIONS[action]
    url, data = case.url(world), case.data(world)
    events = Event.objects.count()
    for outsider in OPERATOR_ONLY:
        response = login(Client(), getattr(world, outsider)).post(url, case.data(world))
        if outsider == "other_operator" and case.refused != 404:
            assert response.status_code == case.refused
        else:
            assert_not_found(response)
        assert not case.effect(world), outsider
    assert Event.objects.count() == events

    response = login(Client(), world.operator).post(url, data)
    assert response.status_code == case.status, response.content[:300]
    assert case.effect(world)
    assert Event.objects.count() > events or not case.audited


def test_the_participation_export_is_for_the_operator_only(world):
    url = reverse("surveys:participation_export", kwargs={"pk": world.open.pk, "fmt": "xlsx"})
    for outsider in OPERATOR_ONLY:
        assert_not_found(login(Client(), getattr(world, outsider)).get(url))
    response = login(Client(), world.operator).get(url)
    assert response.status_code == 200
    assert "Dinas Pendidikan" in body(response)
    bad = reverse("surveys:participation_export", kwargs={"pk": world.open.pk, "fmt": "exe"})
    assert_not_found(login(Client(), world.operator).get(bad))


def test_an_operator_cannot_create_an_account_in_another_instansi_or_an_admin(world):
    client = login(Client(), world.operator)
    users = get_user_model().objects.count()
    other = client.post(
        reverse("accounts:users"),
        {"username": "penyusup", "role": "operator", "instansi": str(world.other.pk)},
    )
    assert other.status_code == 200
    assert "Masukkan pilihan yang valid" in other.content.decode()
    admin = client.post(reverse("accounts:users"), {"username": "raja", "role": "admin"})
    assert admin.status_code == 200
    foreign_unit = Unit.objects.get(instansi=world.other, code="U01")
    unit = client.post(
        reverse("accounts:users"),
        {
            "username": "kepala.lain",
            "role": "pimpinan",
            "instansi": str(world.instansi.pk),
            "unit": str(foreign_unit.pk),
        },
    )
    assert unit.status_code == 200
    assert get_user_model().objects.count() == users


def test_an_operator_cannot_act_on_accounts_of_another_instansi_or_on_their_own(world):
    client = login(Client(), world.operator)
    for pk in (world.other_operator.pk, world.admin.pk, world.operator.pk):
        for action in ("reset", "deactivate"):
            url = reverse("accounts:user_action", kwargs={"pk": pk, "action": action})
            assert_not_found(client.post(url))
    assert get_user_model().objects.filter(is_active=False).count() == 0
    unknown = reverse("accounts:user_action", kwargs={"pk": world.leader.pk, "action": "hapus"})
    assert_not_found(client.post(unknown))


def test_the_admin_manages_accounts_of_every_instansi(world):
    client = login(Client(), world.admin)
    listing = client.get(reverse("accounts:users")).content.decode()
    assert "operator.lain" in listing and "pimpinan.t" in listing
    url = reverse(
        "accounts:user_action", kwargs={"pk": world.other_operator.pk, "action": "deactivate"}
    )
    assert client.post(url).status_code == 302
    assert not get_user_model().objects.get(pk=world.other_operator.pk).is_active


def test_an_operator_cannot_import_into_another_instansi_through_its_url(world):
    client = login(Client(), world.operator)
    assert_not_found(
        client.post(reverse("orgs:import", kwargs={"code": "KOT-T02"}), {"file": _upload()})
    )
    assert_not_found(client.get(reverse("orgs:import_preview", kwargs={"code": "KOT-T02"})))
    assert_not_found(client.post(reverse("orgs:import_all"), {"file": _upload()}))


def test_transitions_of_another_instansis_cycle_are_refused_even_to_a_leader_of_it(world):
    other_cycle = world.other_published
    for actor in ("operator", "leader", "other_leader"):
        client = login(Client(), getattr(world, actor))
        url = reverse("surveys:transition", kwargs={"pk": other_cycle.pk, "action": "buka"})
        assert_not_found(client.post(url))
    assert cycle_status(other_cycle) == "published"


def test_a_transition_is_post_only_and_an_unknown_action_is_not_found(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:transition", kwargs={"pk": world.open.pk, "action": "tutup"})
    assert client.get(url).status_code == 405
    assert cycle_status(world.open) == "open"
    bogus = reverse("surveys:transition", kwargs={"pk": world.open.pk, "action": "hapus"})
    assert_not_found(client.post(bogus))
