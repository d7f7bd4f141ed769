"""Disclosure control: threshold and complementary suppression among siblings (METHOD.md §6)."""

from __future__ import annotations

from collections.abc import Sequence


def below_threshold(n: int, k: int) -> bool:
    """A group with 0 < n < k shows nothing but 'kurang dari k responden'."""
    return 0 < n < k


def suppress_siblings(ns: Sequence[int], codes: Sequence[str], k: int) -> list[bool]:
    """Which siblings to hide: those under k, then complementary suppression.

    Let S be the total n of hidden siblings. While 0 < S < k and a visible sibling with
    responses remains, also hide the visible sibling with the smallest n (ties: lower code).
    Siblings without responses reveal nothing and are never chosen; hiding them would not
    change S, so the partition of siblings that have responses is the one the method gives.
    """
    if len(ns) != len(codes):
        raise ValueError("ns and codes must have the same length")
    hidden = [below_threshold(n, k) for n in ns]
    if not any(hidden):
        return hidden  # S = 0: nothing to protect
    total = sum(n for n, h in zip(ns, hidden, strict=True) if h)
    candidates = sorted(
        (n, code, i)
        for i, (n, code) in enumerate(zip(ns, codes, strict=True))
        if n > 0 and not hidden[i]
    )
    for n, _code, i in candidates:
        if not 0 < total < k:
            break
        hidden[i] = True
        total += n
    return hidden
