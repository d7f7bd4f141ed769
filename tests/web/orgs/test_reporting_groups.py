"""Reporting groups in the organisation structure (docs/method.md §9): set by the operator on
the unit form or by an org file with the group columns, shown in the import's preview,
audited, and frozen into a cycle when it opens."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.orgs.models import Unit
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import CycleUnit
from helpers.web import login

HEADER = ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
GROUPED = [*HEADER, "group_code", "group_name"]


def csv_file(rows: list[list[object]], header: list[str] = HEADER) -> io.BytesIO:
    text = "\n".join(",".join(str(v) for v in row) for row in [header, *rows]) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "struktur.csv"
    return upload


def upload(client: Client, upload_file: io.BytesIO):
    return client.post(reverse("orgs:import", args=["KAB-T01"]), {"file": upload_file}, follow=True)


@pytest.fixture
def operator(make_instansi, make_user):
    inst = make_instansi()
    return login(Client(), make_user("operator.kelompok", Role.OPERATOR, inst))


def groups() -> dict[str, tuple[str, str]]:
    return {
        u.code: (u.group_code, u.group_name)
        for u in Unit.objects.filter(instansi__code="KAB-T01").order_by("code")
    }


def edit(client: Client, code: str, **fields: str):
    unit = Unit.objects.get(instansi__code="KAB-T01", code=code)
    data = {"code": unit.code, "name": unit.name, "headcount": str(unit.headcount), "active": "1"}
    return client.post(reverse("orgs:unit_edit", args=["KAB-T01", code]), data | fields)


def test_the_operator_puts_units_in_a_group_on_the_unit_form_and_it_is_audited(operator):
    assert edit(operator, "U04", group_code="KEC", group_name="Kantor kecamatan").status_code == 302
    # A second unit joins by code alone: the group keeps its name.
    assert edit(operator, "U03", group_code="KEC").status_code == 302
    assert groups()["U03"] == groups()["U04"] == ("KEC", "Kantor kecamatan")
    event = Event.objects.filter(action="unit.update").latest("pk")
    assert event.details["changes"]["group_code"] == ["", "KEC"]
    # A new name renames the group for all its units, recorded as such.
    edit(operator, "U03", group_code="KEC", group_name="Kecamatan")
    assert groups()["U04"] == ("KEC", "Kecamatan")
    assert Event.objects.get(action="group.rename").details["group"] == "KEC"
    # Leaving the code empty takes the unit out of its group.
    edit(operator, "U03", group_code="", group_name="")
    assert groups()["U03"] == ("", "")


def test_the_unit_form_refuses_a_new_group_without_a_name_and_a_group_code_of_a_unit(operator):
    page = edit(operator, "U04", group_code="BARU")
    assert page.status_code == 200
    assert "Beri nama kelompok pelaporan yang baru ini." in page.content.decode()
    page = edit(operator, "U04", group_code="U01", group_name="Sekretariat")
    assert "Kode kelompok pelaporan tidak boleh sama dengan kode unit." in page.content.decode()
    page = edit(operator, "U04", group_name="Tanpa kode")
    assert "Isi kode kelompok pelaporan, atau kosongkan namanya." in page.content.decode()
    assert groups()["U04"] == ("", "")


def test_an_import_with_group_columns_previews_and_applies_the_groups(operator):
    rows = [
        ["KAB-T01", "Kabupaten Uji", "U01", "Sekretariat Daerah", 120, "barat", "", ""],
        ["KAB-T01", "Kabupaten Uji", "U02", "Dinas Pendidikan", 400, "barat", "", ""],
        ["KAB-T01", "Kabupaten Uji", "U03", "Dinas Kesehatan", 150, "barat", "KCL", "Unit kecil"],
        ["KAB-T01", "Kabupaten Uji", "U04", "Kecamatan Kecil", 14, "barat", "KCL", "Unit kecil"],
    ]
    page = upload(operator, csv_file(rows, GROUPED))
    text = page.content.decode()
    assert "0 unit baru, 2 berubah, 2 tetap, 0 tidak ada di berkas." in text
    [u04] = re.findall(r"<td>U04</td>(.*?)</tr>", text, re.S)
    assert "Unit kecil" in u04 and "(sebelumnya: –)" in u04
    assert all(g == ("", "") for g in groups().values())  # nothing saved by the preview
    token = re.search(r'name="berkas" value="([^"]+)"', text).group(1)
    operator.post(page.redirect_chain[-1][0], {"berkas": token})
    assert groups() == {
        "U01": ("", ""),
        "U02": ("", ""),
        "U03": ("KCL", "Unit kecil"),
        "U04": ("KCL", "Unit kecil"),
    }
    assert Event.objects.get(action="org.import").details["groups"] == {"KCL": "Unit kecil"}
    # A file without the group columns says nothing of groups and leaves them as they are.
    page = upload(operator, csv_file([r[:6] for r in rows]))
    assert "0 unit baru, 0 berubah, 4 tetap" in page.content.decode()
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    operator.post(page.redirect_chain[-1][0], {"berkas": token})
    assert groups()["U04"] == ("KCL", "Unit kecil")


def test_an_import_with_a_bad_group_row_saves_nothing_and_names_the_row(operator):
    rows = [
        ["KAB-T01", "Kabupaten Uji", "U03", "Dinas Kesehatan", 150, "barat", "KCL", ""],
        ["KAB-T01", "Kabupaten Uji", "U04", "Kecamatan Kecil", 14, "barat", "KCL", "Unit kecil"],
    ]
    text = upload(operator, csv_file(rows, GROUPED)).content.decode()
    assert "baris 2: group_code dan group_name harus diisi keduanya" in text
    assert all(g == ("", "") for g in groups().values())


def test_the_groups_are_frozen_into_a_cycle_when_it_opens(operator):
    edit(operator, "U04", group_code="KEC", group_name="Kantor kecamatan")
    inst = Unit.objects.get(code="U04").instansi
    cycle = do_open_cycle(do_create_cycle(inst, 2030, actor=None), actor=None)
    frozen = {u.code: (u.group_code, u.group_name) for u in CycleUnit.objects.filter(cycle=cycle)}
    assert frozen["U04"] == ("KEC", "Kantor kecamatan") and frozen["U01"] == ("", "")
    edit(operator, "U04", group_code="", group_name="")
    again = CycleUnit.objects.get(cycle=cycle, code="U04")
    assert (again.group_code, again.group_name) == ("KEC", "Kantor kecamatan")
