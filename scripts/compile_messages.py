"""Compile gettext .po catalogues to .mo files in pure Python (no GNU gettext needed).

The English catalogue's .mo file is committed because CI machines have no `msgfmt`. Run this
script after every change to a .po file (for instance after `makemessages -l en` and
translating the new entries), from the repository root:

    .venv/bin/python scripts/compile_messages.py            # every .po under src/berakhlak/locale
    .venv/bin/python scripts/compile_messages.py path/to/django.po [...]
    .venv/bin/python scripts/compile_messages.py --check    # exit 1 if a .mo is out of date

Each `X.po` is written to `X.mo` beside it, with the catalogue GNU `msgfmt` produces: fuzzy
and untranslated entries are left out; the header entry is always kept, without its
POT-Creation-Date line; obsolete `#~` entries are ignored; msgctxt keys are
`context + "\\x04" + msgid`; plural keys are `msgid + "\\0" + msgid_plural`, with the forms
joined by "\\0"; strings keep the charset named in the header. The file has no hash table,
which `gettext.GNUTranslations` (used by Django) does not need. tests/test_translations.py
checks that the committed .mo matches the .po.
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "berakhlak" / "locale"
MO_MAGIC = 0x950412DE
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.DOTALL)
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


class PoSyntaxError(ValueError):
    """The .po file cannot be read."""


@dataclass
class Entry:
    line: int = 0  # where its first keyword is
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translated(self) -> bool:
        return any(self.msgstr.values())

    @property
    def forms(self) -> list[str]:
        """The translations in the order of their msgstr[i] index."""
        return [self.msgstr[i] for i in sorted(self.msgstr)]


def unquote(token: str, where: str) -> str:
    """The value of one C-style quoted string, escapes resolved."""
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise PoSyntaxError(f"{where}: expected a quoted string, got {token!r}")

    def replace(m: re.Match[str]) -> str:
        octal, hexa, char = m.groups()
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        return ESCAPES.get(char, char)  # \" \\ \' \? and unknown escapes stand for themselves

    return ESCAPE.sub(replace, token[1:-1])


def parse_po(text: str, name: str = "<po>") -> list[Entry]:
    """Entries of a .po file, in file order; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry = Entry()
    seen_keyword = False
    target: tuple[str, int] | None = None  # which field a continuation line extends

    def finish() -> None:
        nonlocal entry, seen_keyword, target
        if seen_keyword:
            entries.append(entry)
        entry, seen_keyword, target = Entry(), False, None

    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()  # a comment after msgstr starts the next entry
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise PoSyntaxError(f"{where}: string outside an entry")
            _append(entry, target, unquote(line, where))
            continue
        m = KEYWORD.match(line)
        if not m:
            raise PoSyntaxError(f"{where}: cannot read {raw!r}")
        keyword, index, token = m.groups()
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()  # no blank line between entries
        if not seen_keyword:
            entry.line = number
        seen_keyword = True
        if keyword.startswith("msgstr"):
            target = ("msgstr", int(index) if index is not None else 0)
        else:
            target = (keyword, 0)
        _set(entry, target, unquote(token, where))
    finish()
    return entries


def _set(entry: Entry, target: tuple[str, int], value: str) -> None:
    kind, index = target
    if kind == "msgstr":
        entry.msgstr[index] = value
    else:
        setattr(entry, kind, value)


def _append(entry: Entry, target: tuple[str, int], value: str) -> None:
    kind, index = target
    if kind == "msgstr":
        entry.msgstr[index] += value
    else:
        setattr(entry, kind, getattr(entry, kind) + value)


def charset(entries: list[Entry]) -> str:
    for e in entries:
        if e.is_header:
            m = re.search(r"charset=([\w.-]+)", e.msgstr.get(0, ""), re.IGNORECASE)
            if m and m.group(1).upper() != "CHARSET":
                return m.group(1)
    return "utf-8"


def catalog(entries: list[Entry]) -> dict[str, str]:
    """The key -> value strings msgfmt writes: no fuzzy or untranslated entries."""
    out: dict[str, str] = {}
    for e in entries:
        if not e.is_header and ("fuzzy" in e.flags or not e.translated):
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is not None:
            key += "\0" + e.msgid_plural
            count = max(e.msgstr) + 1 if e.msgstr else 0
            value = "\0".join(e.msgstr.get(i, "") for i in range(count))
        else:
            value = e.msgstr.get(0, "")
        if e.is_header:  # msgfmt leaves this line out, so that builds are reproducible
            value = "".join(
                line
                for line in value.splitlines(keepends=True)
                if not line.startswith("POT-Creation-Date:")
            )
        out[key] = value
    return out


def mo_bytes(messages: dict[str, str], encoding: str = "utf-8") -> bytes:
    """A little-endian .mo file (revision 0, no hash table) with keys sorted by bytes."""
    pairs = sorted((k.encode(encoding), v.encode(encoding)) for k, v in messages.items())
    n = len(pairs)
    originals_at = 28
    translations_at = originals_at + 8 * n
    data_at = translations_at + 8 * n
    table_o: list[int] = []
    table_t: list[int] = []
    blob = bytearray()
    keys, values = [k for k, _ in pairs], [v for _, v in pairs]
    for strings, table in ((keys, table_o), (values, table_t)):
        for s in strings:
            table += [len(s), data_at + len(blob)]
            blob += s + b"\0"
    header = struct.pack("<7I", MO_MAGIC, 0, n, originals_at, translations_at, 0, data_at)
    return (
        header
        + struct.pack(f"<{2 * n}I", *table_o)
        + struct.pack(f"<{2 * n}I", *table_t)
        + bytes(blob)
    )


def compile_po(po: Path) -> tuple[bytes, int]:
    """The .mo file of a .po file, and the number of messages in it (header included)."""
    entries = parse_po(po.read_text(encoding="utf-8", errors="replace"), str(po))
    encoding = charset(entries)
    entries = parse_po(po.read_bytes().decode(encoding), str(po))
    messages = catalog(entries)
    return mo_bytes(messages, encoding), len(messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("po", nargs="*", type=Path, help="default: every .po under the locale")
    parser.add_argument("--check", action="store_true", help="only report stale .mo files")
    args = parser.parse_args(argv)
    files = args.po or sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    stale = 0
    for po in files:
        mo = po.with_suffix(".mo")
        data, count = compile_po(po)
        if args.check:
            if not mo.exists() or _catalog_of(mo.read_bytes()) != _catalog_of(data):
                print(f"out of date: {mo}", file=sys.stderr)
                stale += 1
            continue
        mo.write_bytes(data)
        print(f"{po} -> {mo} ({count} messages)")
    return 1 if stale else 0


def _catalog_of(data: bytes) -> dict[object, str]:
    return dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
