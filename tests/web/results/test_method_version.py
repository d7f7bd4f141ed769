"""Every result is computed under the current method version when it is read (docs/method.md
§17): a cycle created and closed under berakhlak-terbuka/1 keeps its parameters and shows
figures of berakhlak-terbuka/2, and every results surface names that version."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from berakhlak.method.params import METHOD_ID
from berakhlak.results.models import UnitCounts
from berakhlak.surveys.models import Cycle
from helpers.web import body, login

V1_CYCLE_PARAMS = {
    "k": 10,
    "margin": 0.05,
    "z": 1.96,
    "min_change": 1.0,
    "band_a": 75.0,
    "band_b": 50.0,
    "band_c": 25.0,
    "speeder_seconds": 60.0,
    "survey_weight": 0.8,
    "evidence_weight": 0.2,
    "item_pool": "berakhlak-terbuka/1",
}


def test_a_cycle_of_the_previous_version_is_read_under_the_current_one(world):
    assert METHOD_ID == "berakhlak-terbuka/2"
    Cycle.objects.filter(pk__in=[world.published.pk, world.previous.pk]).update(
        params=V1_CYCLE_PARAMS
    )
    cycle = Cycle.objects.get(pk=world.published.pk)
    client = login(Client(), world.leader)
    page = client.get(reverse("results:dashboard", kwargs={"pk": cycle.pk})).content.decode()
    # What is kept of a cycle is its counts (additive, method-free), never a figure.
    stored = set(UnitCounts.objects.filter(cycle=cycle).values_list("dimension", flat=True))
    assert stored == {"", "status", "jabatan", "gender", "age_band", "tenure_band"}
    assert f"Metode {METHOD_ID};" in page and "berakhlak-terbuka/1;" not in page
    assert "turun" in page or "naik" in page or "tetap" in page  # compared with 2023
    data = client.get(reverse("api_cycle", kwargs={"pk": cycle.pk})).json()
    assert data["method"] == METHOD_ID and data["params"] == V1_CYCLE_PARAMS
    assert "delta_shown" in data["instansi"][0]["change"]["indices"]["implementasi"]
    pdf = body(client.get(reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})))
    assert f"Metode {METHOD_ID}" in pdf
    admin = login(Client(), world.admin)
    national = body(admin.get(reverse("reports:national_pdf", kwargs={"year": 2024})))
    assert f"Metode {METHOD_ID}" in national
    page = admin.get(reverse("results:national_year", kwargs={"year": 2024})).content.decode()
    assert f"<code>{METHOD_ID}</code>" in page  # the footer of every page


def test_every_page_names_the_method_version_in_its_footer(world):
    client = login(Client(), world.operator)
    for url in (reverse("home"), reverse("surveys:participation", args=[world.open.pk])):
        page = client.get(url, follow=True).content.decode()
        assert f"<code>{METHOD_ID}</code>" in page, url
    assert f"<code>{METHOD_ID}</code>" in Client().get(reverse("accounts:login")).content.decode()
