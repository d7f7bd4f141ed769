"""Grouped comments on the dashboard, the unit page, the PDF and the workbook: equal and
near-equal answers once with their count, searched with a GET form, kept per closed cycle.
The attacks (docs/SECURITY.md, "Free text"): a hidden unit's texts get no group, count or
search; the list does not follow the rows answers are stored in; a search finds only what a
page shows; the counts a reader sees are the same in every download."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.models import CommentGroups
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from berakhlak.surveys.models import Cycle
from helpers.results_world import pdf_text, sheet_rows, xlsx
from helpers.web import add_responses, login

UNITS = [("C01", "Bagian Umum", 60), ("C02", "Dinas Sosial", 60), ("C03", "UPT Kecil", 6)]
COMMON = "Ruang kerja lebih nyaman"
FORMS = [COMMON] * 12 + ["ruang kerja lebih nyaman!!", "Ruang kerja lebih nyamann"]


@dataclass
class Commented:
    cycle: Cycle
    leader: object
    operator: object


def write_texts(cycle: Cycle) -> None:
    """C01 (shown): 14 answers of one group and 16 single ones; C02 (hidden to protect C03)
    and C03 (5, hidden): texts that say whose they are."""
    rows = list(Response.objects.filter(cycle=cycle).select_related("cycle_unit").order_by("pk"))
    singles = iter(range(100))
    c01 = 0
    for row in rows:
        code = row.cycle_unit.code
        c01 += code == "C01"
        if code == "C01":
            row.harapan = FORMS.pop() if FORMS else f"Usulan nomor {next(singles)} dari pegawai"
        else:
            row.harapan = f"RAHASIA {code} {row.pk}"
        row.saran = "Rapat rutin setiap bulan" if code == "C01" and c01 % 2 else ""
        row.duration_s = 600
    Response.objects.bulk_update(rows, ["harapan", "saran", "duration_s"])


@pytest.fixture
def commented(make_instansi, make_user) -> Commented:
    FORMS[:] = [COMMON] * 12 + ["ruang kerja lebih nyaman!!", "Ruang kerja lebih nyamann"]
    inst = make_instansi(code="KAB-C01", name="Kabupaten Komentar", units=UNITS)
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"C01": 30, "C02": 25, "C03": 5}, seed=4, texts=False)
    write_texts(cycle)
    cycle = do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    return Commented(
        cycle,
        make_user("pimpinan.c", Role.LEADER, inst),
        make_user("operator.c", Role.OPERATOR, inst),
    )


def page(user: object, name: str, cycle: Cycle, code: str | None = None, **params: str) -> str:
    kwargs: dict[str, Any] = {"pk": cycle.pk}
    if code is not None:
        kwargs["code"] = code
    response = login(Client(), user).get(reverse(name, kwargs=kwargs), params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str) -> str:
    return html.split('<section class="card" id="teks">')[1].split("</section>", maxsplit=1)[0]


def items(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", html, re.S)]


def test_equal_and_near_equal_answers_are_listed_once_with_their_count(commented):
    texts = section(page(commented.leader, "results:dashboard", commented.cycle))
    shown = items(texts)
    assert [t for t in shown if "nyaman" in t.casefold()] == [f"{COMMON} ditulis ×14"]
    assert shown[0] == f"{COMMON} ditulis ×14"  # the largest group first
    assert sum("Usulan nomor" in t for t in shown) == 16
    assert "60 jawaban." in texts  # C02 and C03 too, unattributed


def test_a_search_keeps_the_groups_holding_every_word_with_a_plain_get_form(commented):
    html = page(
        commented.leader, "results:dashboard", commented.cycle, **{"komentar-cari": "usulan 1"}
    )
    texts = section(html)
    assert re.search(r'<form[^>]*id="komentar-search" method="get"', texts)
    assert 'name="komentar-cari" value="usulan 1"' in texts
    found = items(texts)
    assert found and all("Usulan nomor 1" in t for t in found)
    assert f"{len(found)} dari 48 kelompok jawaban memuat “usulan 1”." in texts
    none = section(
        page(commented.leader, "results:dashboard", commented.cycle, **{"komentar-cari": "zzz"})
    )
    assert "Tidak ada yang cocok." in none and not items(none)
    escaped = section(
        page(commented.leader, "results:dashboard", commented.cycle, **{"komentar-cari": "<b>x"})
    )
    assert "<b>x" not in escaped and "&lt;b&gt;x" in escaped


def test_attack_a_hidden_unit_gets_no_group_no_count_and_no_search(commented):
    for code in ("C02", "C03"):  # C03 has 5; C02 is hidden to protect it
        html = page(
            commented.operator,
            "results:unit",
            commented.cycle,
            code,
            **{"komentar-cari": "RAHASIA"},
        )
        assert "RAHASIA C0" not in html and "×" not in html and "komentar-search" not in html
    assert (
        not CommentGroups.objects.filter(cycle=commented.cycle, cycle_unit__isnull=False)
        .exclude(cycle_unit__code="C01")
        .exists()
    )
    dashboard = section(page(commented.leader, "results:dashboard", commented.cycle))
    hidden = [t for t in items(dashboard) if t.startswith("RAHASIA")]
    assert len(hidden) == 30 and all("×" not in t for t in hidden)  # the instansi's, unattributed


def test_attack_the_list_does_not_follow_the_rows_the_answers_are_stored_in(commented):
    url_args = ("results:dashboard", commented.cycle)
    first = items(section(page(commented.leader, *url_args)))
    rows = list(Response.objects.filter(cycle=commented.cycle).order_by("pk"))
    texts = [r.harapan for r in rows]
    for row, text in zip(rows, reversed(texts), strict=True):
        row.harapan = text  # the same answers, stored in the opposite order
    Response.objects.bulk_update(rows, ["harapan"])
    CommentGroups.objects.all().delete()
    assert items(section(page(commented.leader, *url_args))) == first
    singles = [t for t in first if "Usulan nomor" in t]
    by_row = [t for t in texts if t.startswith("Usulan nomor")]
    assert singles != by_row and singles != sorted(by_row) and sorted(singles) == sorted(by_row)


def test_attack_a_search_finds_only_the_texts_a_page_shows(commented):
    """ "nyamann" is one respondent's spelling, grouped under the usual one: no page shows it,
    so a search for it must not confirm that someone wrote it."""
    html = section(
        page(commented.leader, "results:dashboard", commented.cycle, **{"komentar-cari": "nyamann"})
    )
    assert not items(html) and "0 dari 48 kelompok" in html


def test_a_second_request_reads_the_kept_groups_not_every_answer(commented, monkeypatch):
    first = section(page(commented.leader, "results:dashboard", commented.cycle))
    assert CommentGroups.objects.filter(cycle=commented.cycle, cycle_unit=None).count() == 1

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the answers were read again")

    monkeypatch.setattr("berakhlak.results.cycle_results.free_texts", refuse)
    assert section(page(commented.operator, "results:dashboard", commented.cycle)) == first


def test_the_pdf_and_the_workbook_show_the_groups_with_their_counts(commented):
    client = login(Client(), commented.leader)
    pdf = client.get(reverse("reports:cycle_pdf", kwargs={"pk": commented.cycle.pk})).content
    assert f"{COMMON} ×14" in pdf_text(pdf)
    book = client.get(reverse("reports:cycle_xlsx", kwargs={"pk": commented.cycle.pk})).content
    rows = sheet_rows(xlsx(book), "Harapan dan saran")
    assert {"jenis": "harapan", "teks": COMMON, "jumlah": 14} in rows
    assert sum(r["jumlah"] for r in rows) == 60 + 15  # every answer counted once
