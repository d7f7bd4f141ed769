"""The access table of every URL pattern of the project (tests/web/accounts/test_access.py
reads it, and the fuzz tests walk it): how to build each URL from the `world` fixture, who
may use it, who may not, and what the page shows to the one who may."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from berakhlak.accounts.actions import do_create_user
from berakhlak.accounts.invitations import invite_on_commit
from berakhlak.accounts.models import Role
from berakhlak.followup.models import (
    Activity,
    AgentReport,
    ChangeAgent,
    Evidence,
    ReportFile,
    RoleModel,
)
from berakhlak.method.local import local_set_data
from berakhlak.opendata.actions import do_publish_open_data
from berakhlak.orgs.local_values import KREATIF
from berakhlak.orgs.models import LocalValueSet
from berakhlak.surveys.actions import do_issue_tokens
from helpers.web import ORG_FILE, PICKS, PROFILE, World

# Who must get a 404, by kind of page (the in-scope user is named per view).
ADMIN_ONLY = ("operator", "leader", "unit_leader", "other_operator")
OPERATOR_ONLY = ("other_operator", "leader", "unit_leader")
INSTANSI_LEVEL = ("other_operator", "other_leader", "unit_leader")


def upload_org_file(client: Client, url: str) -> str:
    """Upload ORG_FILE through an import page; returns the preview URL it redirects to."""
    upload = io.BytesIO(ORG_FILE.encode())
    upload.name = "org.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def preview_of(code: str | None) -> Callable[[Client, World], str]:
    def prepare(client: Client, world: World) -> str:
        start = (
            reverse("orgs:import", kwargs={"code": code}) if code else reverse("orgs:import_all")
        )
        return upload_org_file(client, start)

    return prepare


def invitation_token(w: World) -> str:
    """The token of a new invitation of an operator of the world's instansi."""
    user, _password = do_create_user(
        "undangan@uji.go.id",
        Role.OPERATOR,
        instansi=w.instansi,
        unit=None,
        invited=True,
        actor=None,
    )
    return invite_on_commit([user], "id")[0].token


def invited(client: Client, w: World) -> str:
    invitation_token(w)
    return reverse("accounts:invitations")


def local_template() -> LocalValueSet:
    """A national template of local values (the method's KREATIF example)."""
    return LocalValueSet.objects.create(instansi=None, data=local_set_data(KREATIF))


def personal_token(world: World) -> dict[str, Any]:
    unit = world.unit(world.open, "U01")
    [token] = do_issue_tokens(unit, 1, actor=world.operator)
    return {"link": unit.link_token, "token": token}


def api_submission(world: World) -> dict[str, Any]:
    return {
        "link": world.unit(world.open, "U03").link_token,
        "nonce": "n" * 24,
        "answers": {**PROFILE, **PICKS, "duration_s": 300},
    }


def evaluated(cycle: Any) -> str:
    """Give a published cycle a finalised evidence evaluation; the URL of its RB workbook."""
    from berakhlak.evaluation.actions import (  # noqa: PLC0415 - only this case needs them
        do_add_evidence,
        do_finalise_evaluation,
        do_score_unit,
    )

    type(cycle).objects.filter(pk=cycle.pk).update(mode="gabungan")
    cycle.refresh_from_db()
    unit = cycle.units.get(name="Dinas Pendidikan")
    do_add_evidence(
        unit, "AG", "SK agen perubahan Dinas Pendidikan", "https://x.go.id/sk", actor=None
    )
    do_score_unit(unit, "AG", 2, actor=None)
    do_finalise_evaluation(cycle, actor=None)
    return reverse("reports:evaluation_xlsx", kwargs={"pk": cycle.pk})


def evidence_file_of(unit: str) -> Callable[[World], dict[str, Any]]:
    """A photo attached as evidence of a unit in the open 2025 cycle's evaluation."""

    def kwargs(w: World) -> dict[str, Any]:
        from berakhlak.evaluation.actions import (  # noqa: PLC0415 - only this case needs it
            do_add_evidence,
        )
        from helpers.uploads import photo, upload  # noqa: PLC0415 - only this case needs it

        evidence = do_add_evidence(
            w.unit(w.open, unit),
            "AG",
            f"Foto kegiatan {unit}",
            upload=upload(photo("PNG"), f"bukti-{unit}.png"),
            actor=w.operator,
        )
        return {"pk": evidence.file_id}

    return kwargs


@dataclass(frozen=True)
class View:
    """How to reach one URL pattern and what its in-scope user sees there."""

    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    who: str = ""  # the in-scope user, an attribute of World; "" for a public view
    outsiders: tuple[str, ...] = ()  # users that must get a 404
    expect: str | Callable[[World], str] = ""  # text on the in-scope page
    absent: str = ""  # text that must not be on it
    post: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None  # a POST view
    json: bool = False  # the POST body is JSON
    status: int = 200  # of the in-scope answer
    follow: bool = False  # the in-scope answer is a redirect to the page checked
    prepare: Callable[[Client, World], str] | None = None  # the URL, made by earlier steps

    def expected(self, world: World) -> str:
        return self.expect(world) if callable(self.expect) else self.expect


def code(w: World) -> dict[str, Any]:
    return {"code": w.instansi.code}


def open_pk(w: World) -> dict[str, Any]:
    return {"pk": w.open.pk}


def published_pk(w: World) -> dict[str, Any]:
    return {"pk": w.published.pk}


def link(step: str | None = None) -> Callable[[World], dict[str, Any]]:
    def kwargs(w: World) -> dict[str, Any]:
        token = w.unit(w.open, "U01").link_token
        return {"link": token} if step is None else {"link": token, "step": step}

    return kwargs


def activity_of(unit: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": Activity.objects.get(plan__cycle=w.published, unit__code=unit).pk}


def report_file_of(unit: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {
        "pk": ReportFile.objects.get(
            report__agent__unit__instansi=w.instansi, report__agent__unit__code=unit
        ).file_id
    }


def role_model_of(world: World) -> RoleModel:
    """A role model of U03 (the world has none: made on first use)."""
    unit = world.instansi.units.get(code="U03")
    person, _ = RoleModel.objects.get_or_create(
        unit=unit, name="Teladan U03", defaults={"position": "Kepala Bidang", "year": 2025}
    )
    return person


# Who must not reach an activity of U03 (nor its files): other instansi, a change agent (who
# reports, and reads no plan), the leader of another unit.
PLAN_OUTSIDERS = ("other_operator", "other_leader", "change_agent", "other_unit_leader")


def open_year(name: str | None = None) -> Callable[[World], dict[str, Any]]:
    """The world's 2024 open data, published first (a public address of a published year)."""

    def kwargs(w: World) -> dict[str, Any]:
        do_publish_open_data(2024, actor=None)
        return {"year": 2024} if name is None else {"year": 2024, "name": name}

    return kwargs


VIEWS: dict[str, View] = {
    # --- public ---------------------------------------------------------------------------
    "home": View(expect="Masuk untuk mengelola survei"),
    "glossary": View(expect="IK 95% (interval kepercayaan 95%)"),
    "too_large": View(status=413, expect="Kiriman terlalu besar"),
    "method": View(expect="Metode Pengukuran Indeks BerAKHLAK"),
    "healthz": View(expect='{"status": "ok"}'),
    "livez": View(expect='"status": "ok"'),
    "api_submit": View(post=api_submission, json=True, status=201, expect='"stored": true'),
    "set_language": View(
        post={"language": "en", "next": "/"}, follow=True, expect='<html lang="en">'
    ),
    "accounts:login": View(expect="Untuk operator, pimpinan, dan admin nasional"),
    "accounts:logout": View(post={}, follow=True, expect="Untuk operator, pimpinan"),
    "responses:start": View(kwargs=link(), expect="Selamat datang"),
    "responses:code": View(kwargs=link(), expect="Masukkan kode pribadi Anda"),
    "responses:step": View(kwargs=link("profil"), follow=True, expect="Selamat datang"),
    "responses:rank": View(kwargs=link("pv"), follow=True, expect="Selamat datang"),
    "responses:personal": View(kwargs=personal_token, follow=True, expect="Selamat datang"),
    "api_openapi": View(expect='"openapi": "3.1.0"'),
    # --- the read-only results API (a session here; API keys in test_security_api.py) ------
    "api_cycles": View(
        who="leader", expect='"code": "KAB-T01"', absent="KOT-T02"
    ),  # a listing: everyone with a role gets their own, possibly empty, list
    "api_cycle": View(
        kwargs=published_pk,
        who="leader",
        outsiders=INSTANSI_LEVEL,
        expect='"suppressed": true',
        absent="KOT-T02",
    ),
    "api_national": View(
        kwargs=lambda w: {"year": 2024}, who="admin", outsiders=ADMIN_ONLY, expect='"KOT-T02"'
    ),
    # --- accounts -------------------------------------------------------------------------
    "accounts:password": View(who="leader", expect="Ganti kata sandi"),
    "accounts:api_keys": View(who="unit_leader", expect="Belum ada kunci."),
    "accounts:users": View(
        who="operator",
        outsiders=("leader", "unit_leader", "other_leader"),
        expect="pimpinan.t",
        absent="operator.lain",
    ),
    "accounts:invitations": View(
        who="admin", outsiders=ADMIN_ONLY, prepare=invited, expect="undangan@uji.go.id"
    ),
    "accounts:invitation": View(
        kwargs=lambda w: {"token": invitation_token(w)}, follow=True, expect="Buat kata sandi"
    ),
    "accounts:invitation_password": View(status=404, expect="Tautan undangan tidak berlaku"),
    "accounts:user_action": View(
        kwargs=lambda w: {"pk": w.leader.pk, "action": "reset"},
        post={},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="Kata sandi sementara",
    ),
    # --- orgs -----------------------------------------------------------------------------
    "orgs:list": View(who="admin", outsiders=ADMIN_ONLY, expect="Kota Lain"),
    "orgs:import_all": View(who="admin", outsiders=ADMIN_ONLY, expect="Impor struktur organisasi"),
    "orgs:import_preview_all": View(
        who="admin", outsiders=ADMIN_ONLY, prepare=preview_of(None), expect="1 berubah"
    ),
    "orgs:instansi": View(
        kwargs=code,
        who="leader",
        outsiders=INSTANSI_LEVEL,
        expect="Minimum responden",
        absent="Tambah unit",
    ),
    "orgs:unit_add": View(
        kwargs=code, who="operator", outsiders=OPERATOR_ONLY, expect="Tambah unit"
    ),
    "orgs:unit_edit": View(
        kwargs=lambda w: {"code": w.instansi.code, "unit_code": "U01"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect='value="Sekretariat Daerah"',
    ),
    "orgs:import": View(
        kwargs=code, who="operator", outsiders=OPERATOR_ONLY, expect="Impor struktur organisasi"
    ),
    "orgs:export": View(
        kwargs=lambda w: {"code": "KAB-T01", "fmt": "csv"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,120,barat",
    ),
    "orgs:local_values": View(
        kwargs=code, who="operator", outsiders=OPERATOR_ONLY, expect="Buat set nilai lokal"
    ),
    "orgs:local_templates": View(who="admin", outsiders=ADMIN_ONLY, expect="Templat nilai lokal"),
    "orgs:local_template": View(
        kwargs=lambda w: {"pk": local_template().pk},
        who="admin",
        outsiders=ADMIN_ONLY,
        expect='value="KREATIF"',
    ),
    "orgs:import_preview": View(
        kwargs=code,
        who="operator",
        outsiders=OPERATOR_ONLY,
        prepare=preview_of("KAB-T01"),
        expect="1 berubah",
    ),
    # --- surveys --------------------------------------------------------------------------
    "surveys:create": View(
        kwargs=code, who="operator", outsiders=OPERATOR_ONLY, expect="Buat siklus survei"
    ),
    "surveys:detail": View(
        kwargs=open_pk, who="operator", outsiders=OPERATOR_ONLY, expect="Tutup survei"
    ),
    "surveys:edit": View(
        kwargs=lambda w: {"pk": w.draft.pk},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="Ubah siklus 2026",
    ),
    "surveys:extend": View(
        kwargs=open_pk, who="operator", outsiders=OPERATOR_ONLY, expect="Perpanjang siklus 2025"
    ),
    "surveys:apply_groups": View(
        kwargs=lambda w: {"pk": w.draft.pk},
        post={},
        follow=True,
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="0 unit dimasukkan ke kelompok pelaporan.",
    ),
    "surveys:transition": View(
        kwargs=lambda w: {"pk": w.open.pk, "action": "tutup"},
        post={"konfirmasi": "ya"},
        follow=True,
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="Siklus ditutup.",
    ),
    "surveys:confirm": View(
        kwargs=lambda w: {"pk": w.open.pk, "action": "tutup"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="Kuesioner tidak lagi menerima jawaban",
    ),
    "surveys:links": View(
        kwargs=open_pk,
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect=lambda w: f"/s/{w.unit(w.open, 'U02').link_token}/",
    ),
    "surveys:posters": View(
        kwargs=open_pk, who="operator", outsiders=OPERATOR_ONLY, expect="Kecamatan Kecil"
    ),
    "surveys:qr": View(
        kwargs=lambda w: {"pk": w.open.pk, "unit_code": "U01", "fmt": "svg"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="<svg",
    ),
    "surveys:poster": View(
        kwargs=lambda w: {"pk": w.open.pk, "unit_code": "U03"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="Dinas Kesehatan",
    ),
    "surveys:tokens": View(
        kwargs=open_pk, who="operator", outsiders=OPERATOR_ONLY, expect="Kode pribadi sekali pakai"
    ),
    "surveys:participation": View(
        kwargs=open_pk, who="operator", outsiders=OPERATOR_ONLY, expect="Partisipasi survei 2025"
    ),
    "surveys:participation_export": View(
        kwargs=lambda w: {"pk": w.open.pk, "fmt": "csv"},
        who="operator",
        outsiders=OPERATOR_ONLY,
        expect="unit_code,unit_name,headcount,target",
    ),
    # --- the evidence evaluation (the open 2025 cycle combines survey and evaluation) -------
    "surveys:rubric": View(
        kwargs=lambda w: {"year": 2025},
        who="admin",
        outsiders=ADMIN_ONLY,
        expect="Rubrik evaluasi bukti 2025",
    ),
    "evaluation:list": View(who="operator", outsiders=(), expect="Kabupaten Uji"),
    "evaluation:cycle": View(
        kwargs=open_pk,
        who="operator",
        outsiders=("other_operator", "other_leader", "leader"),
        expect="Evaluasi bukti Kabupaten Uji 2025",
    ),
    "evaluation:unit": View(
        kwargs=lambda w: {"pk": w.open.pk, "code": "U03"},
        who="unit_leader",
        outsiders=("other_operator", "other_leader", "leader"),
        expect="Bukti Dinas Kesehatan",
    ),
    "evaluation:file": View(
        kwargs=evidence_file_of("U03"),
        who="unit_leader",
        outsiders=(
            "other_operator",
            "other_leader",
            "leader",
            "other_unit_leader",
            "change_agent",
        ),
        expect="PNG",
    ),
    # --- results and reports --------------------------------------------------------------
    "results:dashboard": View(
        kwargs=published_pk,
        who="leader",
        outsiders=INSTANSI_LEVEL,
        expect="Hasil Survei Budaya Kerja BerAKHLAK 2024",
    ),
    "results:unit": View(
        kwargs=lambda w: {"pk": w.published.pk, "code": "U03"},
        who="unit_leader",
        outsiders=("other_operator", "other_leader"),
        expect="Dinas Kesehatan",
    ),
    "results:my_unit": View(
        who="unit_leader",
        outsiders=("admin", "operator", "leader"),
        follow=True,
        expect='Dinas Kesehatan <span class="muted">2024',
    ),
    "results:national": View(
        who="admin", outsiders=ADMIN_ONLY, expect="Indeks BerAKHLAK nasional 2024"
    ),
    "results:national_year": View(
        kwargs=lambda w: {"year": 2023},
        who="admin",
        outsiders=ADMIN_ONLY,
        expect="Indeks BerAKHLAK nasional 2023",
    ),
    "results:national_participation": View(
        who="admin", outsiders=ADMIN_ONLY, expect="Partisipasi nasional 2025"
    ),
    "results:national_participation_year": View(
        kwargs=lambda w: {"year": 2025},
        who="admin",
        outsiders=ADMIN_ONLY,
        expect='data-instansi="KAB-T01"',
    ),
    "opendata:index": View(
        kwargs=lambda w: open_year()(w) and {}, expect="Indeks BerAKHLAK nasional 2024"
    ),
    "opendata:year": View(kwargs=open_year(), expect='data-instansi="KOT-T02"'),
    "opendata:datapackage": View(kwargs=open_year(), expect='"tabular-data-package"'),
    "opendata:file": View(
        kwargs=open_year("berakhlak-2024-instansi.csv"), expect="KOT-T02,Kota Lain"
    ),
    "opendata:manage": View(who="admin", outsiders=ADMIN_ONLY, expect='data-year="2024"'),
    "reports:cycle_pdf": View(
        kwargs=published_pk, who="leader", outsiders=INSTANSI_LEVEL, expect="Indeks BerAKHLAK 2024"
    ),
    "reports:cycle_xlsx": View(
        kwargs=published_pk, who="leader", outsiders=INSTANSI_LEVEL, expect="Dinas Pendidikan"
    ),
    "reports:unit_pdf": View(
        kwargs=lambda w: {"pk": w.published.pk, "code": "U03"},
        who="unit_leader",
        outsiders=("other_operator", "other_leader"),
        expect="Dinas Kesehatan",
    ),
    "reports:unit_xlsx": View(
        kwargs=lambda w: {"pk": w.published.pk, "code": "U03"},
        who="unit_leader",
        outsiders=("other_operator", "other_leader"),
        expect="Dinas Kesehatan",
    ),
    "reports:evaluation_xlsx": View(
        kwargs=published_pk,
        who="leader",
        outsiders=INSTANSI_LEVEL,
        prepare=lambda client, w: evaluated(w.published),
        expect="SK agen perubahan Dinas Pendidikan",
    ),
    "reports:national_pdf": View(
        kwargs=lambda w: {"year": 2024},
        who="admin",
        outsiders=ADMIN_ONLY,
        expect="Indeks BerAKHLAK 2024",
    ),
    "reports:national_xlsx": View(
        kwargs=lambda w: {"year": 2024}, who="admin", outsiders=ADMIN_ONLY, expect="Kota Lain"
    ),
    # --- audit ----------------------------------------------------------------------------
    "audit:log": View(who="admin", outsiders=ADMIN_ONLY, expect="cycle.open"),
    # --- follow-up ------------------------------------------------------------------------
    "followup:plan": View(
        kwargs=published_pk,
        who="leader",
        outsiders=("other_operator", "other_leader", "change_agent"),
        expect="Klinik layanan",
    ),
    "followup:focus": View(
        kwargs=published_pk,
        who="leader",
        outsiders=(*INSTANSI_LEVEL, "change_agent"),
        expect="Usulan dari hasil survei",
    ),
    "followup:activity_add": View(
        kwargs=published_pk,
        who="operator",
        outsiders=(*INSTANSI_LEVEL, "change_agent"),
        expect="Tambah kegiatan",
    ),
    "followup:activity": View(
        kwargs=activity_of("U03"),
        who="unit_leader",
        outsiders=PLAN_OUTSIDERS,
        expect="Klinik layanan",
    ),
    "followup:activity_edit": View(
        kwargs=activity_of("U03"),
        who="leader",
        outsiders=(*PLAN_OUTSIDERS, "unit_leader"),
        expect="Ubah kegiatan",
    ),
    "followup:evidence_add": View(
        kwargs=activity_of("U03"),
        who="unit_leader",
        outsiders=PLAN_OUTSIDERS,
        post={"label": "Notula rapat", "url": "https://contoh.go.id/notula"},
        follow=True,
        expect="Notula rapat",
    ),
    "followup:file": View(
        kwargs=report_file_of("U03"),
        who="change_agent",
        outsiders=("other_operator", "other_leader", "other_unit_leader"),
        expect="PNG",
    ),
    "followup:register": View(
        kwargs=code,
        who="operator",
        outsiders=(*INSTANSI_LEVEL, "change_agent"),
        expect="SK-U03/2025",
    ),
    "followup:reports": View(
        kwargs=lambda w: {"code": w.instansi.code, "unit": "U03"},
        who="change_agent",
        outsiders=("other_operator", "other_leader", "other_unit_leader"),
        expect="Sosialisasi U03",
        absent="Sosialisasi U01",
    ),
    "followup:agent": View(
        kwargs=lambda w: {
            "pk": ChangeAgent.objects.get(unit__instansi=w.instansi, name="Agen U03").pk
        },
        who="operator",
        outsiders=(*INSTANSI_LEVEL, "leader", "change_agent"),
        expect="juga menghapus 1 laporannya dan 1 berkasnya",
    ),
    "followup:role_model": View(
        kwargs=lambda w: {"pk": role_model_of(w).pk},
        who="operator",
        outsiders=(*INSTANSI_LEVEL, "leader", "change_agent"),
        expect="Teladan U03",
    ),
    "followup:report": View(
        kwargs=lambda w: {
            "pk": AgentReport.objects.get(
                agent__unit__instansi=w.instansi, title="Sosialisasi U03"
            ).pk
        },
        who="change_agent",
        outsiders=("other_operator", "other_leader", "other_unit_leader"),
        expect="laporan-U03.png",
    ),
    "followup:evidence": View(
        kwargs=lambda w: {
            "pk": Evidence.objects.get(activity__plan__cycle=w.published, label="Foto U03").pk
        },
        who="unit_leader",
        outsiders=PLAN_OUTSIDERS,
        expect="Berkasnya ikut dihapus dari penyimpanan",
    ),
}
