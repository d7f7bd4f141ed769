"""The combined index of a cycle with an evidence evaluation (docs/method.md §12) on every
surface: the dashboard, the PDF report, the workbook, the API and the national view; a hidden
unit shows its evidence score but never G."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.evaluation.actions import EvaluationLocked, do_finalise_evaluation, do_score_unit
from berakhlak.method.combined import DEFAULT_RUBRIC, Evaluation, unit_evidence
from berakhlak.method.rounding import format_decimal
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import cycle_results
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from berakhlak.surveys.models import Cycle, Mode
from helpers.results_world import pdf_text, section, sheet_rows, strip_tags, xlsx
from helpers.web import add_responses, login

pytestmark = pytest.mark.django_db

UNITS = [
    ("U01", "Inspektorat", 5),
    ("U02", "Bagian Umum", 15),
    ("U03", "Dinas Kesehatan", 18),
    ("U04", "Dinas Pendidikan", 42),
]
SIZES = {"U01": 3, "U02": 12, "U03": 15, "U04": 40}  # U01 and (complement) U02 hidden
VECTOR = {"KP": 2, "AG": 2, "RM": 1, "IN": 1, "KM": 0, "PS": 2, "RA": 1, "AP": 0}
SCORES = {
    "U01": dict.fromkeys(DEFAULT_RUBRIC.codes, 2),  # hidden: E = 100 shown, G never
    "U02": {"KP": 1, "AG": 1},  # hidden
    "U03": VECTOR,  # E = 56.25
    # U04: no evidence, E = 0 (still counted)
}
E_UNITS = {"U01": 100.0, "U02": 12.5, "U03": 56.25, "U04": 0.0}


def make_evaluated(make_instansi, code: str = "KAB-E01", finalise: bool = True) -> Cycle:
    cycle = do_create_cycle(make_instansi(code=code, units=UNITS), 2025, actor=None)
    assert cycle.mode == Mode.COMBINED  # the default from 2025
    cycle = do_open_cycle(cycle, actor=None)
    assert cycle.rubric == DEFAULT_RUBRIC.as_dict()  # frozen when it opens
    add_responses(cycle, SIZES, seed=11)
    do_close_cycle(cycle, actor=None)
    cycle = do_publish_cycle(Cycle.objects.get(pk=cycle.pk), actor=None)
    units = {u.code: u for u in cycle.units.all()}
    for unit, scores in SCORES.items():
        for criterion, score in scores.items():
            do_score_unit(units[unit], criterion, score, actor=None)
    if finalise:
        do_finalise_evaluation(cycle, actor=None)
    return Cycle.objects.get(pk=cycle.pk)


@pytest.fixture
def evaluated(make_instansi) -> Cycle:
    return make_evaluated(make_instansi)


@pytest.fixture
def admin_client(make_user) -> Client:
    return login(Client(), make_user("admin.e", Role.ADMIN))


def expected(cycle: Cycle) -> Any:
    results, _ = cycle_results(cycle)
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    return r


def test_the_combined_index_of_the_cycle_is_e_of_all_units_and_g_from_the_shown_i1(evaluated):
    r = expected(evaluated)
    c = r.combined
    assert c is not None
    assert c.evidence == pytest.approx(sum(E_UNITS.values()) / 4)
    assert c.value == pytest.approx(0.8 * r.implementasi + 0.2 * c.evidence)
    assert [u.evidence for u in r.unit_combined] == pytest.approx(list(E_UNITS.values()))
    assert r.unit_hidden == [True, True, False, False]
    assert [u.value is None for u in r.unit_combined] == [True, True, False, False]


def test_before_the_evaluation_is_finalised_the_results_show_the_survey_alone(make_instansi):
    cycle = make_evaluated(make_instansi, finalise=False)
    assert expected(cycle).combined is None


def test_the_dashboard_shows_e_and_g_beside_the_survey_index_with_a_sentence_each(
    evaluated, admin_client
):
    r = expected(evaluated)
    c = r.combined
    html = admin_client.get(reverse("results:dashboard", kwargs={"pk": evaluated.pk})).content
    part = section(html.decode(), "gabungan")
    text = strip_tags(part)
    assert format_decimal(c.evidence) in text
    assert format_decimal(c.value) + "%" in text
    assert format_decimal(r.implementasi) + "%" in text
    assert "Skor evaluasi bukti (E) menunjukkan" in text
    assert "Indeks gabungan (G) menjumlahkan 80%" in text


def test_the_matrix_gives_every_light_in_words_and_never_g_for_a_hidden_unit(
    evaluated, admin_client
):
    html = admin_client.get(reverse("results:dashboard", kwargs={"pk": evaluated.pk})).content
    matrix = section(html.decode(), "evidence-matrix")
    rows = {
        code: strip_tags(part.split("</tr>")[0])
        for code, part in (
            (chunk.split('"', 1)[0], chunk) for chunk in matrix.split('data-unit="')[1:]
        )
    }
    r = expected(evaluated)
    assert rows["U01"].split().count("Hijau") == 8
    assert rows["U01"].rstrip().endswith("–")  # hidden: no G
    assert rows["U02"].rstrip().endswith("–")
    assert "Merah" in rows["U04"] and "Hijau" not in rows["U04"]
    assert 'class="light light-kuning">Kuning<' in matrix  # colour and word together
    g3 = r.unit_combined[2].value
    assert format_decimal(g3) in rows["U03"]


def test_the_pdf_report_has_the_combined_section(evaluated, admin_client):
    r = expected(evaluated)
    pdf = admin_client.get(reverse("reports:cycle_pdf", kwargs={"pk": evaluated.pk})).content
    text = pdf_text(pdf)
    assert "Indeks BerAKHLAK gabungan" in text
    assert format_decimal(r.combined.value) + "%" in text
    assert "Hijau" in text and "Merah" in text


def test_the_workbook_has_an_evaluation_sheet_without_g_for_hidden_units(evaluated, admin_client):
    r = expected(evaluated)
    url = reverse("reports:cycle_xlsx", kwargs={"pk": evaluated.pk})
    book = xlsx(admin_client.get(url).content)
    rows = sheet_rows(book, "Evaluasi")
    assert rows[0]["skor_bukti"] == pytest.approx(r.combined.evidence)
    assert rows[0]["indeks_gabungan"] == pytest.approx(r.combined.value)
    by_unit = {row["unit_code"]: row for row in rows[1:]}
    for code in ("U01", "U02"):
        assert by_unit[code]["indeks_gabungan"] is None
        assert by_unit[code]["indeks_berakhlak"] is None
        assert by_unit[code]["skor_bukti"] == pytest.approx(E_UNITS[code])
    assert by_unit["U03"]["KP"] == 2 and by_unit["U04"]["KP"] == 0


def test_the_api_answers_the_combined_fields_of_the_results_json(evaluated, admin_client):
    data = json.loads(admin_client.get(f"/api/v1/cycles/{evaluated.pk}/results").content)
    entry = data["instansi"][0]
    assert set(entry["combined"]) == {"evidence", "value", "category", "ci95", "change"}
    units = {u["code"]: u for u in entry["units"]}
    assert units["U01"]["combined"] == {"evidence": 100.0}
    assert units["U03"]["combined"]["value"] is not None


def test_the_national_view_shows_g_with_the_number_of_instansi_that_have_one(
    make_instansi, admin_client
):
    first = make_evaluated(make_instansi, "KAB-E01")
    second = make_evaluated(make_instansi, "KAB-E02")
    g = [expected(c).combined.value for c in (first, second)]
    html = admin_client.get(reverse("results:national_year", kwargs={"year": 2025})).content
    text = strip_tags(section(html.decode(), "gabungan"))
    assert format_decimal(sum(g) / 2) + "%" in text
    assert "rata-rata dari 2 dari 2 instansi" in text
    data = json.loads(admin_client.get("/api/v1/national/2025").content)
    assert data["national"][0]["combined"]["instansi"] == 2


def test_finalising_locks_the_scores_and_every_score_is_audited(evaluated):
    unit = evaluated.units.get(code="U04")
    with pytest.raises(EvaluationLocked):
        do_score_unit(unit, "KP", 2, actor=None)
    with pytest.raises(EvaluationLocked):
        do_finalise_evaluation(evaluated, actor=None)
    from berakhlak.audit.models import Event  # noqa: PLC0415 - only this test reads the log

    scored = Event.objects.filter(action="evaluation.score", instansi_code="KAB-E01").count()
    assert scored == sum(len(s) for s in SCORES.values())


def test_the_evaluation_unit_scores_follow_the_method(evaluated):
    evaluation = Evaluation(DEFAULT_RUBRIC, SCORES)
    assert evaluation.unit_scores(list(E_UNITS)) == pytest.approx(list(E_UNITS.values()))
    assert unit_evidence(VECTOR) == 56.25


def test_the_reformasi_birokrasi_workbook_has_the_figures_and_the_evidence_with_links(
    evaluated, admin_client
):
    from berakhlak.evaluation.models import Evidence  # noqa: PLC0415 - only this test

    r = expected(evaluated)
    unit = evaluated.units.get(code="U03")
    Evidence.objects.create(
        cycle_unit=unit, criterion="AG", description="SK agen perubahan", link="https://x.go.id/sk"
    )
    url = reverse("reports:evaluation_xlsx", kwargs={"pk": evaluated.pk})
    book = xlsx(admin_client.get(url).content)
    summary = sheet_rows(book, "Ringkasan")
    assert [row["nilai"] for row in summary] == pytest.approx(
        [r.implementasi, r.combined.evidence, r.combined.value]
    )
    units = {row["unit_code"]: row for row in sheet_rows(book, "Unit")}
    assert units["U01"]["indeks_gabungan"] is None and units["U01"]["skor_bukti"] == 100.0
    (evidence,) = sheet_rows(book, "Bukti")
    assert evidence["uraian"] == "SK agen perubahan"
    assert evidence["tautan_bukti"] == "https://x.go.id/sk"
    assert evidence["tautan"].endswith(f"/evaluasi/siklus/{evaluated.pk}/unit/U03/")


def test_the_reformasi_birokrasi_workbook_links_each_evidence_file_into_the_platform(
    evaluated, admin_client
):
    from berakhlak.evaluation.models import Evidence  # noqa: PLC0415 - only this test
    from berakhlak.uploads.store import store_upload  # noqa: PLC0415 - only this test
    from helpers.uploads import photo, upload  # noqa: PLC0415 - only this test

    stored = store_upload(upload(photo("PNG"), "foto-apel.png"), evaluated.instansi, actor=None)
    Evidence.objects.create(
        cycle_unit=evaluated.units.get(code="U04"),
        criterion="KP",
        description="Foto apel",
        file=stored,
    )
    url = reverse("reports:evaluation_xlsx", kwargs={"pk": evaluated.pk})
    (evidence,) = sheet_rows(xlsx(admin_client.get(url).content), "Bukti")
    assert evidence["berkas"] == "foto-apel.png" and evidence["tautan_bukti"] in ("", None)
    assert evidence["tautan_berkas"] == f"http://testserver/evaluasi/berkas/{stored.pk}/"
    assert admin_client.get(evidence["tautan_berkas"]).status_code == 200


def heatmap_rows(html: str) -> dict[str, str]:
    table = section(html, "unit-heatmap")
    return {
        chunk.split('"', 1)[0]: strip_tags(chunk.split("</tr>")[0])
        for chunk in table.split('data-unit="')[1:]
    }


def true_g(r: Any, code: str) -> float:
    """What G of a unit is, shown or not: w_s·I1 + w_e·E from the unit's raw figures."""
    j = [u.code for u in r.info.units].index(code)
    i1 = float(r.unit_stats.indices[j, 0])
    return r.params.survey_weight * i1 + r.params.evidence_weight * E_UNITS[code]


def test_the_unit_heatmap_has_e_and_g_columns_once_the_evaluation_is_finalised(
    evaluated, admin_client, make_instansi
):
    r = expected(evaluated)
    html = admin_client.get(reverse("results:dashboard", kwargs={"pk": evaluated.pk})).content
    rows = heatmap_rows(html.decode())
    for code, j in (("U03", 2), ("U04", 3)):
        assert format_decimal(E_UNITS[code]) in rows[code]
        assert format_decimal(r.unit_combined[j].value) in rows[code]
        assert r.unit_combined[j].value == pytest.approx(true_g(r, code))
    assert "Unit yang disembunyikan menampilkan E tanpa G." in html.decode()
    sorted_by_g = admin_client.get(
        reverse("results:dashboard", kwargs={"pk": evaluated.pk}), {"heatmap-urut": "g"}
    )
    assert set(list(heatmap_rows(sorted_by_g.content.decode()))[:2]) == {"U03", "U04"}

    before = make_evaluated(make_instansi, code="KAB-E02", finalise=False)
    page = admin_client.get(reverse("results:dashboard", kwargs={"pk": before.pk})).content
    assert 'id="heatmap-eg"' not in page.decode() and "unit-g" not in page.decode()


def test_attack_g_minus_e_in_the_heatmap_never_gives_a_hidden_units_index(evaluated, admin_client):
    """G_u − w_e·E_u = w_s·I1_u: a hidden unit's row shows E_u and nothing else."""
    r = expected(evaluated)
    html = admin_client.get(reverse("results:dashboard", kwargs={"pk": evaluated.pk})).content
    rows = heatmap_rows(html.decode())
    pdf = pdf_text(
        admin_client.get(reverse("reports:cycle_pdf", kwargs={"pk": evaluated.pk})).content
    )
    for code in ("U01", "U02"):  # hidden by k and by complement
        numbers = re.findall(r"\d+,\d", rows[code])
        assert numbers == [format_decimal(E_UNITS[code])]
        hidden_g = format_decimal(true_g(r, code))
        assert hidden_g not in rows[code] and hidden_g not in pdf
    assert format_decimal(r.unit_combined[2].value) in pdf  # the shown unit's G is there
