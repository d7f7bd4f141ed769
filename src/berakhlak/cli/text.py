"""The command line's language: one per run, Indonesian unless `--lang en` or
BERAKHLAK_LANG=en, for everything it says, its help included.

Texts are the catalogue's Indonesian msgids, translated with the standard library's gettext
from the same compiled catalogue the web app reads (src/berakhlak/locale): the command line
never starts Django to speak. `--lang` is read from the arguments before click parses them,
so that `--help` is in the run's language wherever `--lang` stands. Help texts are given
untranslated (`N_`) and translated when shown, by the command and option classes here.
"""

from __future__ import annotations

import contextlib
import gettext
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import click

from ..method.language import LANGUAGES, LOCALE, translation

_state: dict[str, Any] = {"lang": "id", "translation": gettext.NullTranslations()}


def use_language(lang: str) -> None:
    """Speak `lang` from now on: 'id' (the msgids themselves) or 'en' (the catalogue)."""
    _state.update(lang=lang, translation=translation(lang))
    _speak_click(lang)


CLICK = "click"


def _speak_click(lang: str) -> None:
    """click's own texts (its errors, "Try ... for help.") in the run's language too.

    click translates through the standard library's global gettext: `gettext.gettext` under
    the current domain, in the language of the LANGUAGE variable. This points that domain at
    the Indonesian catalogue of click's words (locale/id/LC_MESSAGES/click.po; English is
    click's own text) and the variable at the run's language. In a process of the command
    line only click reads the global domain; Django, in `serve` and `manage`, does not.
    """
    gettext.bindtextdomain(CLICK, str(LOCALE))
    gettext.textdomain(CLICK)
    os.environ["LANGUAGE"] = lang


def language() -> str:
    """The run's language, as the method core names it: 'id' or 'en'."""
    return str(_state["lang"])


def _(message: str) -> str:
    """`message` (an Indonesian msgid) in the run's language."""
    return str(_state["translation"].gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return str(_state["translation"].ngettext(singular, plural, n))


def N_(message: str) -> str:
    """A text to translate when it is shown (help texts): marks it, returns it as it is."""
    return message


def language_of(args: Sequence[str], environ: dict[str, str] | os._Environ[str]) -> str:
    """The language a run asks for: the last `--lang X` or `--lang=X` before a bare `--`,
    else BERAKHLAK_LANG, else Indonesian. Unknown values are left for click to refuse."""
    found = environ.get("BERAKHLAK_LANG", "id")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.removeprefix("--lang=")
    return found if found in LANGUAGES else "id"


def set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The callback of every `--lang` option."""
    if value is not None:
        use_language(value)
    return value


@contextlib.contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    """The command's own help in the run's language, while inside (its options translate
    their own: Option)."""
    saved = (command.help, command.short_help)
    command.help = _(command.help) if command.help else command.help
    command.short_help = _(command.short_help) if command.short_help else command.short_help
    try:
        yield
    finally:
        command.help, command.short_help = saved[0], saved[1]


class Option(click.Option):
    """An option whose help, and the default and 'required' beside it, speak the run's
    language."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self.hidden:
            return None
        extra = self.get_help_extra(ctx)
        items = []
        if "default" in extra:
            items.append(_("bawaan: %(default)s") % {"default": extra["default"]})
        if "range" in extra:
            items.append(extra["range"])
        if "required" in extra:
            items.append(_("wajib"))
        help = _(self.help) if self.help else ""
        if items:
            joined = "; ".join(items)
            help = f"{help}  [{joined}]" if help else f"[{joined}]"
        return self.get_help_spec(ctx), help


class Command(click.Command):
    """A command whose help page speaks the run's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = N_("Tampilkan bantuan ini, lalu berhenti.")
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Penggunaan: "))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := _help_record(p, ctx)) is not None]
        if records:
            with formatter.section(_("Opsi")):
                formatter.write_dl(records)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    record = param.get_help_record(ctx)
    if record is None or isinstance(param, Option):
        return record
    return record[0], _(record[1]) if record[1] else record[1]


class Group(Command, click.Group):
    """The `berakhlak` group: reads the run's language first, and loads a command's module
    only when that command runs, so that `compute` never imports Django and `generate`
    never imports Arrow. `commands_in` maps each command's name to its module."""

    def __init__(self, *args: Any, commands_in: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands_in = commands_in

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands_in)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = self.commands_in.get(name)
        if module is None:
            return None
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(_("Perintah")):
                formatter.write_dl(rows)

    def main(self, args: Sequence[str] | None = None, *extra: Any, **kwargs: Any) -> Any:
        given = list(args) if args is not None else sys.argv[1:]
        use_language(language_of(given, os.environ))
        return super().main(given, *extra, **kwargs)
