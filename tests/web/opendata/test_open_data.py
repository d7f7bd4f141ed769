"""Open data of a national year: published by the national admin, read without login, as a
page, CSV, Parquet, Excel and a Frictionless Data Package; and the attacks on it (a hidden
instansi's figure from the national figures, from a later re-publication, from another
year), listed in docs/SECURITY.md."""

from __future__ import annotations

import csv
import io
import json
import math

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.audit.models import Event
from berakhlak.method.items import default_pool
from berakhlak.opendata.actions import do_publish_open_data
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.national import national_view
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from helpers.web import add_responses, login

YEAR = 2024
NAMES = {
    "csv": [f"berakhlak-{YEAR}-nasional.csv", f"berakhlak-{YEAR}-instansi.csv"],
    "parquet": [f"berakhlak-{YEAR}-nasional.parquet", f"berakhlak-{YEAR}-instansi.parquet"],
    "xlsx": [f"berakhlak-{YEAR}.xlsx"],
}
ALL_FILES = [name for names in NAMES.values() for name in names]


def published_instansi(make_instansi, code: str, name: str, responses: int, seed: int):  # type: ignore[no-untyped-def]
    """An instansi of 100 staff in one unit (minimum 80) whose 2024 cycle is published."""
    inst = make_instansi(code=code, name=name, units=[("U01", "Sekretariat", 100)])
    cycle = do_open_cycle(do_create_cycle(inst, YEAR, actor=None), actor=None)
    add_responses(cycle, {"U01": responses}, seed=seed, texts=False)
    return do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)


def hidden(make_instansi):  # type: ignore[no-untyped-def]
    """20 valid of a minimum of 80: published, shown on its own dashboard, not included."""
    return published_instansi(make_instansi, "KAB-RHS", "Kabupaten Rahasia", 20, seed=5)


def fetch(name: str) -> bytes:
    response = Client().get(f"/data/{YEAR}/{name}")
    assert response.status_code == 200, name
    return response.content


def csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(fetch(name).decode("utf-8"))))


def everything_public() -> str:
    """Every page and file of the year's open data, as text."""
    client = Client()
    parts = [client.get(reverse("opendata:index")).content.decode()]
    parts.append(client.get(f"/data/{YEAR}/").content.decode())
    parts.append(client.get(f"/data/{YEAR}/datapackage.json").content.decode())
    parts.append(client.get("/").content.decode())
    for name in NAMES["csv"]:
        parts.append(fetch(name).decode())
    for name in NAMES["parquet"]:
        text = io.BytesIO()
        pa_csv.write_csv(pq.read_table(io.BytesIO(fetch(name))), text)
        parts.append(text.getvalue().decode())
    book = load_workbook(io.BytesIO(fetch(NAMES["xlsx"][0])), read_only=True)
    parts += [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    return "\n".join(parts)


def test_the_admin_publishes_a_year_that_anyone_then_reads_without_login(world):
    client = login(Client(), world.admin)
    assert Client().get(f"/data/{YEAR}/").status_code == 404  # not before it is published
    manage = client.get(reverse("opendata:manage")).content.decode()
    assert 'data-year="2024"' in manage and 'data-year="2023"' in manage
    client.post(reverse("opendata:manage"), {"year": YEAR, "action": "publish"})
    [event] = Event.objects.filter(action="opendata.publish")
    assert (event.actor, event.details["year"], event.details["included"]) == (world.admin, 2024, 2)
    page = Client().get(f"/data/{YEAR}/").content.decode()
    assert "Indeks BerAKHLAK nasional 2024: data terbuka" in page
    assert 'data-instansi="KAB-T01"' in page and 'data-instansi="KOT-T02"' in page
    home = Client().get("/").content.decode()
    assert 'href="/data/2024/"' in home  # linked from the home page
    assert 'href="/data/2023/"' not in home


def test_an_unpublished_or_withdrawn_year_answers_not_found_at_every_address(world):
    do_publish_open_data(2023, actor=None)
    client = login(Client(), world.admin)
    client.post(reverse("opendata:manage"), {"year": 2023, "action": "withdraw"})
    assert Event.objects.filter(action="opendata.withdraw", actor=world.admin).count() == 1
    for year in (2023, 2024):
        paths = [f"/data/{year}/", f"/data/{year}/datapackage.json"]
        paths += [f"/data/{year}/{n.replace('2024', str(year))}" for n in ALL_FILES]
        for path in paths:
            assert Client().get(path).status_code == 404, path
    do_publish_open_data(YEAR, actor=None)
    assert Client().get(f"/data/{YEAR}/berakhlak-{YEAR}-other.csv").status_code == 404
    assert Client().get(f"/data/{YEAR}/berakhlak-2023-instansi.csv").status_code == 404


def test_the_files_hold_exactly_the_figures_of_the_national_page(world):
    do_publish_open_data(YEAR, actor=None)
    view = national_view(YEAR)
    codes = default_pool().value_codes
    expected = {
        r.code: [r.rank, r.n, r.implementasi, r.ci[0], r.ci[1], r.category, *r.values]
        for r in view.ranked
    }
    rows = csv_rows(NAMES["csv"][1])
    from_csv = {
        r["kode"]: [
            int(r["peringkat"]),
            int(r["n"]),
            float(r["indeks_berakhlak"]),
            float(r["ik95_bawah"]),
            float(r["ik95_atas"]),
            r["kategori"],
            *(float(r[c]) for c in codes),
        ]
        for r in rows
    }
    assert from_csv == expected  # full precision: repr() of the floats round-trips
    table = pq.read_table(io.BytesIO(fetch(NAMES["parquet"][1]))).to_pylist()
    assert {
        r["kode"]: [
            r["peringkat"],
            r["n"],
            r["indeks_berakhlak"],
            r["ik95_bawah"],
            r["ik95_atas"],
            r["kategori"],
            *(r[c] for c in codes),
        ]
        for r in table
    } == expected
    book = load_workbook(io.BytesIO(fetch(NAMES["xlsx"][0])), read_only=True)
    sheet = list(book["instansi"].iter_rows(values_only=True))
    assert [r[2] for r in sheet[1:]] == [r.code for r in view.ranked]
    summary = view.summary
    national = {r["kode"]: float(r["rata_rata"]) for r in csv_rows(NAMES["csv"][0])}
    assert national["implementasi"] == summary.indices["implementasi"].value
    assert all(national[c] == summary.values[c].value for c in codes)


def test_the_datapackage_describes_every_column_with_its_type_in_both_languages(world):
    do_publish_open_data(YEAR, actor=None)
    package = json.loads(fetch("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    paths = {r["path"] for r in package["resources"]}
    assert paths == set(ALL_FILES)
    arrow = {"integer": "int64", "number": "double", "string": "string"}
    for resource in package["resources"]:
        if resource["format"] == "xlsx":
            continue
        fields = resource["schema"]["fields"]
        assert all(f["description"] and f["description_en"] for f in fields)
        content = fetch(resource["path"])
        if resource["format"] == "csv":
            header = next(csv.reader(io.StringIO(content.decode("utf-8"))))
            assert header == [f["name"] for f in fields]
        else:
            schema = pq.read_schema(io.BytesIO(content))
            assert [(f.name, str(f.type)) for f in schema] == [
                (f["name"], arrow[f["type"]]) for f in fields
            ]
            assert schema.field("n" if "instansi" in resource["path"] else "rata_rata").metadata


def test_attack_a_hidden_instansi_is_named_nowhere_in_the_open_data(world, make_instansi):
    hidden(make_instansi)
    assert any(r.code == "KAB-RHS" for r in national_view(YEAR).out)  # it has results
    do_publish_open_data(YEAR, actor=None)
    text = everything_public()
    assert "KAB-RHS" not in text and "Rahasia" not in text
    package = json.loads(fetch("datapackage.json"))
    assert "instansi_total" not in json.dumps(package)  # no count of instansi with results


def test_attack_national_mean_times_count_leaves_nothing_for_a_hidden_instansi(
    world, make_instansi
):
    hidden(make_instansi)
    do_publish_open_data(YEAR, actor=None)
    rows = csv_rows(NAMES["csv"][1])
    national = {r["kode"]: r for r in csv_rows(NAMES["csv"][0])}
    columns = {"implementasi": "indeks_berakhlak", **{c: c for c in default_pool().value_codes}}
    n = [int(r["n"]) for r in rows]
    for code, column in columns.items():
        values = [float(r[column]) for r in rows]
        mean, weighted = (
            float(national[code]["rata_rata"]),
            float(national[code]["rata_rata_berbobot"]),
        )
        # The national figures are those of the listed instansi alone: no remainder is left
        # from which a hidden instansi's figure or respondents would follow.
        assert math.isclose(mean * len(rows), sum(values), rel_tol=1e-12)
        assert math.isclose(
            weighted * sum(n), sum(v * k for v, k in zip(values, n, strict=True)), rel_tol=1e-12
        )


def test_attack_republishing_after_a_hidden_instansi_publishes_changes_no_figure(
    world, make_instansi
):
    do_publish_open_data(YEAR, actor=None)
    before = {name: fetch(name) for name in NAMES["csv"] + NAMES["parquet"]}
    hidden(make_instansi)  # publishes later, below its minimum
    do_publish_open_data(YEAR, actor=None)
    after = {name: fetch(name) for name in NAMES["csv"] + NAMES["parquet"]}
    assert after == before  # byte for byte: the difference says nothing about it


def test_published_files_stay_as_published_until_the_year_is_published_again(world, make_instansi):
    do_publish_open_data(YEAR, actor=None)
    before = fetch(NAMES["csv"][1])
    published_instansi(make_instansi, "KOT-BRU", "Kota Baru", 90, seed=9)  # included
    assert fetch(NAMES["csv"][1]) == before  # a stable address keeps its content
    do_publish_open_data(YEAR, actor=None)
    assert "KOT-BRU" in fetch(NAMES["csv"][1]).decode()
    assert Event.objects.filter(summary="Memublikasikan ulang data terbuka 2024").count() == 1


def test_attack_the_open_data_of_a_year_carries_no_figure_of_another_year(world, make_instansi):
    # KAB-RHS: hidden in 2024 and shown in 2025; a change against 2024 would give 2024 away.
    cycle_2024 = hidden(make_instansi)
    cycle = do_open_cycle(do_create_cycle(cycle_2024.instansi, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 90}, seed=8, texts=False)
    do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    do_publish_open_data(2025, actor=None)
    package = json.loads(Client().get("/data/2025/datapackage.json").content)
    names = {
        f["name"] for r in package["resources"] if "schema" in r for f in r["schema"]["fields"]
    }
    assert not any("perubahan" in n or "tahun" in n or "pembanding" in n for n in names)
    page = Client().get("/data/2025/").content.decode()
    assert 'data-instansi="KAB-RHS"' in page and "2024" not in page


def test_the_open_data_workbook_has_readable_headers_and_a_dictionary_of_the_csv_names(world):
    do_publish_open_data(YEAR, actor=None)
    book = load_workbook(io.BytesIO(fetch(NAMES["xlsx"][0])), read_only=True)
    assert book.sheetnames == ["nasional", "instansi", "Kamus data"]
    dictionary = list(book["Kamus data"].iter_rows(values_only=True))
    for table in ("nasional", "instansi"):
        header = next(csv.reader(io.StringIO(fetch(f"berakhlak-{YEAR}-{table}.csv").decode())))
        shown = list(next(book[table].iter_rows(max_row=1, values_only=True)))
        assert [r[2] for r in dictionary[1:] if r[0] == table] == header
        assert [r[1] for r in dictionary[1:] if r[0] == table] == shown
    instansi = list(next(book["instansi"].iter_rows(max_row=1, values_only=True)))
    assert "Indeks BerAKHLAK (%)" in instansi and "Batas bawah IK 95%" in instansi
    assert "indeks_berakhlak" not in instansi
