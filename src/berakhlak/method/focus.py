"""What to work on after a published year: the proposals of focus values (docs/method.md,
"Usulan nilai fokus").

From one instansi-year's shown figures: the weakest values (lowest value scores), the values
that fell *bermakna* against the baseline year (the v2 Change objects), the limiting items
most voted in the current culture (faktor penghambat) and the biggest jumps from current to
desired culture, J_i = 100 (dc − cc) / n, with the value each jumping behaviour expresses.
These are proposals: the leader chooses. Nothing is proposed for a hidden (suppressed) year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .change import TURUN, Change
from .details import GroupDetails
from .items import ItemPool

WEAKEST = 3
LIMITING = 5
JUMPS = 5


@dataclass(frozen=True)
class Proposal:
    code: str  # a value code, or an item code for a limiting item or a jump
    figure: float  # the value's score, the shown change Δ̂, the vote share or J_i
    value: str | None = None  # for an item: the value it expresses (None if none)


@dataclass(frozen=True)
class FocusProposals:
    weakest: list[Proposal] = field(default_factory=list)
    fell: list[Proposal] = field(default_factory=list)
    limiting: list[Proposal] = field(default_factory=list)
    jumps: list[Proposal] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        """The proposed focus values, each once: the weakest, then those that fell, then
        those of the biggest jumps."""
        out: list[str] = []
        for p in [*self.weakest, *self.fell, *self.jumps]:
            code = p.value if p.value is not None else (None if p in self.jumps else p.code)
            if code is not None and code not in out:
                out.append(code)
        return out


def propose_focus(
    value_codes: Sequence[str],
    scores: Sequence[float | None],
    changes: Mapping[str, Change | None],
    details: GroupDetails | None,
    pool: ItemPool,
    *,
    weakest: int = WEAKEST,
    limiting: int = LIMITING,
    jumps: int = JUMPS,
) -> FocusProposals:
    """Proposals from the shown value scores (None or NaN when hidden), their changes and
    the group's details (None when hidden). Ties keep the instrument's order."""
    shown = [
        (code, float(s))
        for code, s in zip(value_codes, scores, strict=True)
        if s is not None and not math.isnan(s)
    ]
    if not shown:
        return FocusProposals()
    order = {code: i for i, code in enumerate(value_codes)}
    low = sorted(shown, key=lambda p: (p[1], order[p[0]]))[:weakest]
    fell = sorted(
        (
            (code, c.delta_shown)
            for code, c in changes.items()
            if c is not None and c.significant and c.direction == TURUN and code in order
        ),
        key=lambda p: (p[1], order[p[0]]),
    )
    out_limiting: list[Proposal] = []
    out_jumps: list[Proposal] = []
    if details is not None and details.n > 0:
        out_limiting = [
            Proposal(pool.items[f.index].code, f.share) for f in details.limiting[:limiting]
        ]
        out_jumps = [
            Proposal(pool.items[i].code, j, pool.items[i].value)
            for i, j in details.jumps
            if j > 0 and not pool.items[i].limiting
        ][:jumps]
    return FocusProposals(
        weakest=[Proposal(code, s) for code, s in low],
        fell=[Proposal(code, d) for code, d in fell],
        limiting=out_limiting,
        jumps=out_jumps,
    )
