"""Free texts grouped for reading (docs/SECURITY.md, "Free text"): equal and near-equal answers are
shown once, with how many respondents wrote them.

* **Equal** after normalisation: case, spaces, punctuation and accents (Indonesian or
  English) make no difference, nor letters stretched for emphasis ("cepaaat") or the usual
  chat abbreviations ("yg", "tdk", "utk").
* **Near-equal**: two answers of the same words but one, where that word is a typing error
  of the other (one letter added, dropped, changed or two swapped) and both are alphabetic
  words of at least 6 letters, in an answer of 3 to 30 words. Short words ("naik", "baik"),
  numbers and a word more or less are never merged: they change the meaning.

Each group shows its most frequent written form (ties: the first in text order). Groups are
listed by count, and equal counts in an order keyed by the subject (`key`) and the text:
nothing depends on the order the answers arrived in, so the list says nothing about who
answered when. Near-equal answers are found through buckets (the answer with one word left
out), so grouping stays close to linear: 50,000 texts in about 0.2 s (bench/RESULTS.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MIN_TYPO_WORD = 6
MIN_WORDS, MAX_WORDS = 3, 30
ABBREVIATIONS = {
    "yg": "yang",
    "dgn": "dengan",
    "tdk": "tidak",
    "gak": "tidak",
    "nggak": "tidak",
    "utk": "untuk",
    "krn": "karena",
    "sdh": "sudah",
    "blm": "belum",
    "dlm": "dalam",
    "jg": "juga",
    "lbh": "lebih",
    "kpd": "kepada",
    "bpk": "bapak",
    "tsb": "tersebut",
    "spy": "supaya",
    "sbg": "sebagai",
    "thd": "terhadap",
    "pd": "pada",
    "sy": "saya",
}
_NOT_WORD = re.compile(r"[\W_]+")
_STRETCHED = re.compile(r"(\w)\1{2,}")
_SIGN = re.compile(r"(?<!\w)[+-](?=\d)")  # "+1" and "-1" are not the same answer


@dataclass(frozen=True)
class CommentGroup:
    text: str  # the most frequent written form
    count: int  # answers in the group


def normalise(text: str) -> str:
    """The words of an answer as compared: without accents, case, punctuation, stretched
    letters or chat abbreviations."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    signed = _SIGN.sub(lambda m: " minus " if m[0] == "-" else " plus ", plain)
    words = _NOT_WORD.sub(" ", _STRETCHED.sub(r"\1", signed)).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether b is a with one letter added, dropped or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _typo_word(word: str) -> bool:
    return len(word) >= MIN_TYPO_WORD and word.isalpha()


class _Sets:
    """Union-find over the distinct normalised answers."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _near_equal(keys: list[str], sets: _Sets) -> None:
    """Joins the answers that differ by a typing error in one word."""
    buckets: dict[tuple[int, str, str], list[tuple[str, int]]] = defaultdict(list)
    for i, key in enumerate(keys):
        words = key.split(" ")
        if not MIN_WORDS <= len(words) <= MAX_WORDS:
            continue
        start = 0
        for j, word in enumerate(words):
            end = start + len(word)
            if _typo_word(word):
                buckets[j, key[:start], key[end:]].append((word, i))
            start = end + 1
    for members in buckets.values():
        if len(members) < 2:
            continue
        seen: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for word, i in members:
            for variant in {word, *(word[:p] + word[p + 1 :] for p in range(len(word)))}:
                for other, j in seen[variant]:
                    if _one_edit_apart(word, other):
                        sets.join(i, j)
                seen[variant].append((word, i))


def group_texts(texts: Iterable[str], key: str) -> list[CommentGroup]:
    """The answers grouped, largest groups first; empty answers are left out. `key` orders
    groups of equal count (the subject's: stable for it, unrelated to submission)."""
    forms = Counter(t for t in texts if not t.isspace() and t)  # each as written
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for form, n in forms.items():
        by_key[normalise(form)][form] += n
    keys = sorted(by_key)
    sets = _Sets(len(keys))
    _near_equal(keys, sets)
    merged: dict[int, Counter[str]] = defaultdict(Counter)
    for i, k in enumerate(keys):
        merged[sets.find(i)].update(by_key[k])
    groups = []
    for members in merged.values():
        text = min(members, key=lambda form: (-members[form], form))
        groups.append(CommentGroup(text, members.total()))
    salt = key.encode() + b"\x1f"

    def order(g: CommentGroup) -> tuple[int, bytes]:
        return -g.count, hashlib.sha256(salt + g.text.encode()).digest()

    return sorted(groups, key=order)


GroupedTexts = dict[str, list[CommentGroup]]
"""The groups of each free-text question ("harapan", "saran")."""


def group_all(texts: dict[str, list[str]], key: str) -> GroupedTexts:
    """Every question's answers grouped (`group_texts`)."""
    return {name: group_texts(given, key) for name, given in texts.items()}
