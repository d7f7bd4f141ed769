"""The details of a group's answers (docs/method.md §11) ready for templates, with the labels
of items, questions and areas in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from ..common.labels import bilingual
from ..method.details import GroupDetails
from ..method.items import AREAS, QUESTION_NAMES, ItemPool


def area_names(lang: str) -> list[str]:
    return [bilingual(a, lang) for a in AREAS]


def question_names(lang: str) -> dict[str, str]:
    return {q: bilingual(names, lang) for q, names in QUESTION_NAMES.items()}


@dataclass
class DetailsView:
    """GroupDetails ready for templates: labels in the page's language."""

    details: GroupDetails
    pool: ItemPool
    lang: str

    def _item(self, index: int, **extra: object) -> dict[str, object]:
        item = self.pool.items[index]
        return {
            "code": item.code,
            "label": item.label(self.lang),
            "limiting": item.limiting,
            **extra,
        }

    def top10(self) -> list[dict[str, object]]:
        d = self.details
        names = question_names(self.lang)
        partners = {"pv": ("cc",), "cc": ("pv", "dc"), "dc": ("cc",)}
        columns = []
        for q in ("pv", "cc", "dc"):
            matched = set().union(*(d.top_matches(q, other) for other in partners[q]))
            columns.append(
                {
                    "question": q,
                    "name": names[q],
                    "items": [
                        self._item(i, share=d.share(q, i), match=i in matched) for i in d.top10[q]
                    ],
                }
            )
        return columns

    def behaviours(self) -> list[dict[str, object]]:
        return [
            {
                "value": v.name(self.lang),
                "code": v.code,
                "items": [
                    self._item(f.index, votes=f.votes, share=f.share)
                    for f in self.details.behaviours[v.code]
                ],
            }
            for v in self.pool.values
        ]

    def limiting(self, limit: int = 10) -> list[dict[str, object]]:
        return [
            self._item(f.index, votes=f.votes, share=f.share) for f in self.details.limiting[:limit]
        ]

    def jumps(self, limit: int = 10) -> list[dict[str, object]]:
        return [self._item(i, jump=j) for i, j in self.details.jumps[:limit] if j > 0]
