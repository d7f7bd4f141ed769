"""Method parameters: configuration of a survey cycle, recorded with every result
(docs/method.md §13)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

METHOD_ID = "berakhlak-terbuka/2"
"""The version of the method every result is computed with (docs/method.md §17). Results are
never stored: those of past cycles are computed again, under this version, when read."""


@dataclass(frozen=True)
class Params:
    k: int = 10
    """Anonymity threshold: groups with 0 < n < k show nothing (docs/method.md §9)."""
    margin: float = 0.05
    """Slovin margin of error e for the minimum number of respondents (§8)."""
    z: float = 1.96
    """Normal quantile of the 95% intervals and of the change test (§6, §7)."""
    min_change: float = 1.0
    """Effect-size floor: a change smaller than this many points is never bermakna (§7)."""
    band_a: float = 75.0
    band_b: float = 50.0
    band_c: float = 25.0
    """Lower bounds of categories A, B and C on the rounded value; D is below C (§5)."""
    speeder_seconds: float = 60.0
    """A response answered in fewer seconds is excluded as a speeder (§3)."""
    survey_weight: float = 0.8
    evidence_weight: float = 0.2
    """Weights of the combined index for self-run cycles (§12)."""
    item_pool: str = "berakhlak-terbuka/1"
    """Version of the item pool the responses were given on."""

    def __post_init__(self) -> None:
        problems = []
        if not isinstance(self.k, int) or self.k < 1:
            problems.append("k must be a whole number of at least 1")
        if not 0 < self.margin < 1:
            problems.append("margin must lie between 0 and 1")
        if not self.z > 0:
            problems.append("z must be positive")
        if self.min_change < 0:
            problems.append("min_change cannot be negative")
        if not 100 >= self.band_a > self.band_b > self.band_c > 0:
            problems.append("category bands must satisfy 100 >= A > B > C > 0")
        if abs(self.survey_weight + self.evidence_weight - 1) > 1e-9:
            problems.append("survey_weight + evidence_weight must be 1")
        if problems:
            raise ValueError("; ".join(problems))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        """Parameters as stored with a cycle. A key missing from an older cycle's dict takes
        its default; a key this version does not know is an error (never silently dropped)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown method parameters: {', '.join(sorted(unknown))}")
        return cls(**data)
