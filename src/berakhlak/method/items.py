"""The instrument: core values, the six awareness areas and the item pool (docs/method.md §2)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

import numpy as np
import numpy.typing as npt

PICKS = 10
"""Every pick question is answered with exactly this many distinct items."""

QUESTIONS = ("pv", "cc", "dc")
QUESTION_NAMES = {
    "pv": ("Nilai pribadi", "Personal values"),
    "cc": ("Budaya saat ini", "Current culture"),
    "dc": ("Budaya yang diharapkan", "Desired culture"),
}


@dataclass(frozen=True)
class Value:
    code: str
    name_id: str
    name_en: str

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


BERAKHLAK_VALUES = (
    Value("BP", "Berorientasi Pelayanan", "Service Oriented"),
    Value("AK", "Akuntabel", "Accountable"),
    Value("KO", "Kompeten", "Competent"),
    Value("HA", "Harmonis", "Harmonious"),
    Value("LO", "Loyal", "Loyal"),
    Value("AD", "Adaptif", "Adaptive"),
    Value("KL", "Kolaboratif", "Collaborative"),
)

AREAS = (
    ("Keberlangsungan", "Continuity"),
    ("Hubungan", "Relationships"),
    ("Kinerja", "Performance"),
    ("Pertumbuhan", "Growth"),
    ("Kebersamaan Tujuan", "Shared purpose"),
    ("Makna dan Kontribusi", "Meaning and contribution"),
)
"""Area names (Indonesian, English) for areas 1..6, in order."""

POLARITIES = ("positif", "pembatas")


@dataclass(frozen=True)
class Item:
    code: str
    label_id: str
    label_en: str
    value: str | None
    polarity: str
    area: int

    @property
    def limiting(self) -> bool:
        return self.polarity == "pembatas"

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


class PoolError(ValueError):
    """The item pool is not a valid instrument."""


@dataclass(frozen=True)
class ItemPool:
    """The items every pick question is answered from, in pool order."""

    version: str
    items: tuple[Item, ...]
    values: tuple[Value, ...] = BERAKHLAK_VALUES
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({item.code: i for i, item in enumerate(self.items)})
        self._check()

    def _check(self) -> None:
        if len(self._index) != len(self.items):
            raise PoolError("item codes are not unique")
        if len(self.items) < PICKS:
            raise PoolError(f"the pool needs at least {PICKS} items")
        value_codes = {v.code for v in self.values}
        for item in self.items:
            if item.value is not None and item.value not in value_codes:
                raise PoolError(f"{item.code}: unknown value {item.value!r}")
            if item.polarity not in POLARITIES:
                raise PoolError(f"{item.code}: polarity must be positif or pembatas")
            if not 1 <= item.area <= len(AREAS):
                raise PoolError(f"{item.code}: area must be 1..{len(AREAS)}")
            if item.limiting and item.value is not None:
                raise PoolError(f"{item.code}: a limiting item cannot express a core value")
        for value in self.values:
            if not any(item.value == value.code for item in self.items):
                raise PoolError(f"value {value.code} has no behaviour in the pool")

    def __len__(self) -> int:
        return len(self.items)

    def index(self, code: str) -> int:
        """Pool position of an item code; KeyError when the code is not in the pool."""
        return self._index[code]

    def get(self, code: str) -> Item | None:
        i = self._index.get(code)
        return None if i is None else self.items[i]

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @cached_property
    def value_codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def value(self, code: str) -> Value:
        return self.values[self.value_codes.index(code)]

    @cached_property
    def value_of_item(self) -> npt.NDArray[np.int8]:
        """Per item, the position of its core value in `values`, or -1."""
        codes = self.value_codes
        return np.array(
            [codes.index(i.value) if i.value else -1 for i in self.items], dtype=np.int8
        )

    @cached_property
    def limiting(self) -> npt.NDArray[np.bool_]:
        return np.array([i.limiting for i in self.items], dtype=bool)

    @cached_property
    def area_of_item(self) -> npt.NDArray[np.int8]:
        """Per item, its area as 0..5 (area 1 is 0)."""
        return np.array([i.area - 1 for i in self.items], dtype=np.int8)

    def behaviours(self, value_code: str) -> list[int]:
        """Pool positions of the behaviours of one core value, in pool order."""
        return [i for i, item in enumerate(self.items) if item.value == value_code]


def parse_pool(text: str, version: str) -> ItemPool:
    """Read an item pool in the `items.csv` format."""
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = {"code", "label_id", "label_en", "value", "polarity", "area"}
    if not rows or not expected <= set(rows[0]):
        raise PoolError(f"an item pool needs the columns {', '.join(sorted(expected))}")
    items = []
    for line, row in enumerate(rows, start=2):
        try:
            area = int(row["area"])
        except ValueError:
            raise PoolError(f"row {line}: area {row['area']!r} is not a number") from None
        items.append(
            Item(
                code=row["code"].strip(),
                label_id=row["label_id"].strip(),
                label_en=row["label_en"].strip(),
                value=row["value"].strip() or None,
                polarity=row["polarity"].strip(),
                area=area,
            )
        )
    return ItemPool(version=version, items=tuple(items))


DEFAULT_POOL_VERSION = "berakhlak-terbuka/1"

_default: ItemPool | None = None


def default_pool() -> ItemPool:
    """The 60-item pool of the open method, shipped inside the package."""
    global _default  # noqa: PLW0603 - a module-level cache of immutable data
    if _default is None:
        text = resources.files("berakhlak").joinpath("data/items.csv").read_text("utf-8")
        _default = parse_pool(text, DEFAULT_POOL_VERSION)
    return _default
