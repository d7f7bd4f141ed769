"""The command line's language: one per run, Indonesian unless --lang en or BERAKHLAK_LANG,
help included, from the same catalogue as the web."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from berakhlak.cli import COMMANDS, main
from berakhlak.cli.text import Option, language_of, translation


def help_of(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # help is wrapped to the terminal's width


def test_help_is_indonesian_by_default():
    text = help_of("compute", "--help")
    assert text.startswith("Penggunaan: ")
    assert "Hitung setiap instansi-tahun, unit-unitnya, dan rekap nasional." in text
    assert "[bawaan: 10; x>=1]" in text and "[wajib]" in text


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--lang", "en", "compute", "--help"), None),
        (("compute", "--help", "--lang", "en"), None),  # --help comes first, --lang still holds
        (("compute", "--lang=en", "--help"), None),
        (("compute", "--help"), {"BERAKHLAK_LANG": "en"}),
    ],
)
def test_help_is_english_wherever_lang_stands_or_from_the_environment(args, env):
    text = help_of(*args, env=env)
    assert text.startswith("Usage: ")
    assert "Compute every instansi-year, its units and the national roll-up." in text
    assert "[default: 10; x>=1]" in text and "[required]" in text
    assert "Hitung" not in text


def test_an_unknown_language_is_refused_by_the_option_and_read_as_indonesian_before():
    assert language_of(["--lang", "fr"], {}) == "id"
    assert language_of(["--lang", "en", "--", "--lang", "id"], {}) == "en"
    result = CliRunner().invoke(main, ["--lang", "fr", "compute", "--help"])
    assert result.exit_code == 2


def test_every_help_text_has_an_english_translation():
    english = translation("en")
    missing = []
    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert command is not None
        texts = [command.help or ""]
        texts += [p.help or "" for p in command.params if isinstance(p, Option)]
        missing += [t for t in texts if t and english.gettext(t) == t]
    assert not missing, missing


def test_clicks_own_error_lines_speak_the_runs_language_and_english_again_after():
    runner = CliRunner()
    result = runner.invoke(main, ["compute", "--nope"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[1] == "Coba 'main compute --help' untuk bantuan."  # the runner's name
    assert lines[-1] == "Galat: Tidak ada opsi '--nope'."
    result = runner.invoke(main, ["--lang", "en", "compute", "--nope"])
    assert result.stderr.splitlines()[-1] == "Error: No such option '--nope'."
    result = runner.invoke(main, ["comput"])
    assert result.stderr.splitlines()[-1] == "Galat: Tidak ada perintah 'comput'."
