"""The English catalogue: complete, placeholders intact, and the committed .mo in sync with the .po.

The .mo file is committed because CI has no GNU gettext; after changing the .po, rebuild it with
`.venv/bin/python scripts/compile_messages.py` (or `msgfmt --check -o django.mo django.po`).
Nothing here needs a database or gettext tools: the .po is read by the compiler script's parser
and the .mo by the standard library's `gettext.GNUTranslations`, the reader Django itself uses.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LC_MESSAGES = ROOT / "src" / "berakhlak" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
COMPILER = ROOT / "scripts" / "compile_messages.py"

# --- the .po file, read by the compiler's own parser ------------------------------------------


def _load_compiler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_messages", COMPILER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


compiler = _load_compiler()
parse_po = compiler.parse_po
PoEntry = compiler.Entry


@cache
def po_entries() -> tuple[PoEntry, ...]:
    return tuple(parse_po(PO.read_text(encoding="utf-8")))


def messages() -> list[PoEntry]:
    return [e for e in po_entries() if not e.is_header]


def header() -> dict[str, str]:
    (head,) = [e for e in po_entries() if e.is_header]
    pairs = (line.split(":", 1) for line in head.msgstr[0].splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def expected_catalog() -> dict[object, str]:
    """What GNUTranslations should read from a .mo compiled from the .po (as msgfmt does)."""
    catalog: dict[object, str] = {}
    for e in po_entries():
        if e.is_header:
            lines = e.msgstr[0].splitlines(keepends=True)
            catalog[""] = "".join(x for x in lines if not x.startswith("POT-Creation-Date:"))
            continue
        if "fuzzy" in e.flags or not any(e.forms):
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            catalog[key] = e.msgstr[0]
        else:
            for i, form in enumerate(e.forms):
                catalog[(key, i)] = form
    return catalog


def read_mo(data: bytes) -> dict[object, str]:

    return dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]


# --- placeholders -------------------------------------------------------------------------

_PRINTF = re.compile(
    r"%%\(\w+\)[a-z]"  # %%(n)s: after Django un-doubles %%, a %(n)s for JavaScript to fill
    r"|%%"
    r"|%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
)
_NAMED = re.compile(r"(?<!%)%\(\w+\)[a-z]")
_BRACES = re.compile(r"\{\w*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def placeholders(text: str, flags: set[str]) -> set[str]:
    found = set(_NAMED.findall(text))
    if "python-format" in flags:
        found |= set(_PRINTF.findall(text))
    if "python-brace-format" in flags:
        found |= set(_BRACES.findall(text))
    return found


def sources(e: PoEntry) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs to compare: msgstr[0] with msgid, later forms with msgid_plural."""
    if e.msgid_plural is None:
        return [(e.msgid, e.msgstr[0])]
    return [(e.msgid if i == 0 else e.msgid_plural, s) for i, s in enumerate(e.forms)]


def format_error(text: str) -> str | None:
    names = dict.fromkeys(re.findall(r"%\((\w+)\)", text), 1)
    try:
        text % names  # only whether it formats matters
    except (ValueError, TypeError, KeyError) as exc:
        return str(exc)
    return None


# --- tests --------------------------------------------------------------------------------


def test_the_catalogue_is_english_with_two_plural_forms_and_nothing_fuzzy():
    head = header()
    assert head["Language"] == "en"
    assert head["Content-Type"] == "text/plain; charset=UTF-8"
    assert head["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    fuzzy = [e.line for e in po_entries() if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries at lines {fuzzy}"


def test_every_entry_has_a_non_empty_translation_including_both_plural_forms():
    entries = messages()
    assert len(entries) > 300
    missing = []
    for e in entries:
        expected = 2 if e.msgid_plural is not None else 1
        if len(e.msgstr) != expected or not all(s.strip() for s in e.forms):
            missing.append(f"line {e.line}: {e.msgid!r}")
    assert not missing, "untranslated:\n" + "\n".join(missing)
    assert any(e.msgid_plural for e in entries), "the parser should have seen the plural entries"


def test_the_committed_mo_file_holds_exactly_the_translations_of_the_po_file():
    committed = read_mo(MO.read_bytes())
    expected = expected_catalog()
    wrong = [k for k in expected if committed.get(k) != expected[k]]
    extra = [k for k in committed if k not in expected]
    assert not wrong and not extra, (
        "django.mo is out of date; run .venv/bin/python scripts/compile_messages.py\n"
        f"differing: {wrong[:5]}\nonly in .mo: {extra[:5]}"
    )


def test_the_mo_file_answers_gettext_and_ngettext_like_the_po_file():
    with MO.open("rb") as f:
        t = gettext.GNUTranslations(f)
    for e in messages():
        if e.msgctxt is not None and e.msgid_plural is not None:  # the narrative's plurals
            assert t.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1) == e.msgstr[0]
            assert t.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 7) == e.msgstr[1]
        elif e.msgctxt is not None:  # words of the workbook and of the narrative
            assert t.pgettext(e.msgctxt, e.msgid) == e.msgstr[0]
        elif e.msgid_plural is None:
            assert t.gettext(e.msgid) == e.msgstr[0]
        else:
            assert t.ngettext(e.msgid, e.msgid_plural, 1) == e.msgstr[0]
            assert t.ngettext(e.msgid, e.msgid_plural, 7) == e.msgstr[1]


def test_each_translation_keeps_the_placeholders_of_its_msgid():
    wrong = []
    for e in messages():
        for source, target in sources(e):
            want, got = placeholders(source, e.flags), placeholders(target, e.flags)
            if want != got:
                wrong.append(
                    f"line {e.line}: {source!r} has {sorted(want)}, {target!r} {sorted(got)}"
                )
    assert not wrong, "\n".join(wrong)


def test_each_python_format_translation_can_be_formatted_like_its_msgid():
    wrong = []
    for e in messages():
        if "python-format" not in e.flags:
            continue
        for source, target in sources(e):
            assert format_error(source) is None, source
            error = format_error(target)
            if error:
                wrong.append(f"line {e.line}: {target!r}: {error}")
    assert not wrong, "\n".join(wrong)


def test_each_translation_keeps_the_html_tags_of_its_msgid():
    wrong = [
        f"line {e.line}: {target!r}"
        for e in messages()
        for source, target in sources(e)
        if sorted(_TAG.findall(source)) != sorted(_TAG.findall(target))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_po_parser_reads_multi_line_strings_escapes_contexts_and_plurals():
    text = (
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, python-format\nmsgctxt "menu"\nmsgid ""\n"Open "\n"%(name)s"\n'
        'msgstr "Buka \\"%(name)s\\"\\t\\\\"\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "satu"\nmsgstr[1] ""\n"banyak"\n'
        '#~ msgid "old"\n#~ msgstr "lama"\n'
    )
    head, ctx, plural = parse_po(text)
    assert head.is_header and head.flags == {"fuzzy"} and head.msgstr[0] == "Language: en\n"
    assert (ctx.msgctxt, ctx.msgid, ctx.msgstr[0]) == (
        "menu",
        "Open %(name)s",
        'Buka "%(name)s"\t\\',
    )
    assert ctx.flags == {"python-format"}
    assert (plural.msgid_plural, plural.forms) == ("many", ["satu", "banyak"])


def test_the_pure_python_compiler_reproduces_the_committed_catalogue(tmp_path):
    po = tmp_path / "django.po"
    po.write_bytes(PO.read_bytes())
    assert compiler.main([str(po)]) == 0
    assert read_mo(po.with_suffix(".mo").read_bytes()) == read_mo(MO.read_bytes())


def test_django_gives_english_for_known_strings_under_override_en():
    with translation.override("en"):
        assert translation.gettext("Instansi") == "Agency"
        assert translation.gettext("Siklus survei") == "Survey cycles"
        assert translation.gettext("dalam batas kesalahan") == "within the margin of error"
        pick = "Pilih tepat %(need)d butir; Anda memilih %(n)d butir."
        assert translation.ngettext(pick, pick, 1) % {"need": 10, "n": 1} == (
            "Choose exactly 10 items; you chose 1 item."
        )
        assert translation.ngettext(pick, pick, 9) % {"need": 10, "n": 9} == (
            "Choose exactly 10 items; you chose 9 items."
        )
    with translation.override("id"):
        assert translation.gettext("Instansi") == "Instansi"


def test_templates_render_english_with_placeholders_and_percent_signs_filled():
    template = Template(
        "{% load i18n %}"
        '{% translate "Faktor penghambat" %}|'
        '{% translate "IK 95%" %}|'
        "{% translate '%(n)s/%(total)s dipilih' %}|"
        "{% blocktranslate with year=2025 %}Indeks BerAKHLAK {{ year }}{% endblocktranslate %}|"
        "{% blocktranslate count n=3 %}{{ n }} instansi{% plural %}{{ n }} instansi"
        "{% endblocktranslate %}"
    )
    with translation.override("en"):
        rendered = template.render(Context())
    assert rendered.split("|") == [
        "Limiting factors",
        "95% CI",
        "%(n)s/%(total)s chosen",
        "BerAKHLAK Index 2025",
        "3 agencies",
    ]
    with translation.override("id"):
        assert template.render(Context()).startswith("Faktor penghambat|IK 95%|")
