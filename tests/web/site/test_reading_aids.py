"""The words of the results, explained where they are read: a glossary page, a small help
link next to each term on the dashboards (to its glossary entry), a legend for the value
codes that head the heatmap's columns, and the method document inside the app, rendered
from docs/method.md into the package (nothing fetched, nothing rendered at run time)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import translation

from berakhlak.method.items import default_pool
from berakhlak.results.glossary import TERMS
from helpers.results_world import pdf_text, section, strip_tags

ROOT = Path(__file__).resolve().parents[3]
HELP = re.compile(r'<a class="term-help no-print" href="/glosarium/#([a-z0-9-]+)"')


def glossary_ids(client: Client) -> set[str]:
    page = client.get(reverse("glossary")).content.decode()
    return set(re.findall(r'<dt id="([a-z0-9-]+)"', page))


def test_the_glossary_explains_every_term_and_points_into_the_method_document(db):
    client = Client()
    page = client.get(reverse("glossary")).content.decode()
    method = client.get(reverse("method")).content.decode()
    for term in TERMS:
        assert f'<dt id="{term.key}">' in page
        assert f'href="/metode/#{term.anchor}"' in page
        assert f'id="{term.anchor}"' in method, term.key
    for words in ("IK 95%", "Keterjangkauan", "Butir pembatas", "Keselarasan", "Tanpa interval"):
        assert words in page
    assert "Bermakna" in page
    with translation.override("en"):
        english = Client().get(reverse("glossary"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_each_term_on_the_dashboard_has_a_help_link_to_an_entry_that_exists(rendered, db):
    ids = glossary_ids(Client())
    html = rendered.pages["dashboard"]
    linked = set(HELP.findall(html))
    wanted = {"ik95", "tanpa-interval", "keterjangkauan", "bermakna", "butir-pembatas"}
    wanted |= {"keselarasan", "area-kesadaran", "lompatan", "indeks-berakhlak"}
    assert wanted <= linked
    assert linked <= ids
    unit = rendered.pages["unit-U04"]
    assert set(HELP.findall(unit)) <= ids and "ik95" in HELP.findall(unit)


def test_the_heatmap_and_the_pdf_name_every_value_code_they_use_as_a_heading(rendered):
    legend = strip_tags(section(rendered.pages["dashboard"], "unit"))
    for value in default_pool().values:
        assert f"{value.code} {value.name('id')}" in legend
    english = strip_tags(section(rendered.pages["dashboard-en"], "unit"))
    assert all(f"{v.code} {v.name('en')}" in english for v in default_pool().values)
    text = " ".join(pdf_text(rendered.files["pdf"]).split())
    assert all(f"{v.code} {v.name('id')}" in text for v in default_pool().values)
    assert "term-help" not in text and "Apa artinya" not in text  # help links are for screens


def _render_script():
    path = ROOT / "scripts" / "render_method.py"
    spec = importlib.util.spec_from_file_location("render_method", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_method_page_is_docs_method_md_as_rendered_into_the_package(db):
    script = _render_script()
    expected = script.render((ROOT / "docs" / "method.md").read_text(encoding="utf-8"))
    assert script.TARGET.read_text(encoding="utf-8") == expected, (
        "docs/method.md changed: run scripts/render_method.py"
    )
    page = Client().get(reverse("method")).content.decode()
    for section_number in range(1, 18):
        assert f'id="bagian-{section_number}"' in page
    assert "<script" not in section(page, "main")
    assert not [src for src in re.findall(r'src="([^"]*)"', page) if "//" in src]  # no CDN
    assert "templates/**/*" in (ROOT / "pyproject.toml").read_text()  # ships in the package


def test_every_page_links_to_the_glossary_and_the_method(db):
    home = Client().get(reverse("home")).content.decode()
    assert 'href="/glosarium/"' in home and 'href="/metode/"' in home
