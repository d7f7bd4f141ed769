"""Disclosure control: threshold and complementary suppression among siblings, and the two
steps of reporting groups (docs/method.md §9)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt


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


def suppress_sibling_groups(
    ns: npt.NDArray[np.integer],
    sizes: Sequence[int],
    codes: Callable[[int], Sequence[str]],
    k: int | Sequence[int],
) -> list[list[bool]]:
    """`suppress_siblings` of consecutive groups of siblings at once: group i is the next
    sizes[i] of `ns`, with the codes codes(i) and the threshold k (or k[i]: survey cycles
    may each have their own).

    Only the threshold applies to a group whose hidden total S is 0 or at least k, so the
    complementary step runs only for the others (a national file: 1,200 groups of 46,500
    units, a few dozen of them with 0 < S < k).
    """
    ks = np.broadcast_to(np.asarray(k, dtype=np.int64), (len(sizes),))
    owner = np.repeat(np.arange(len(sizes)), sizes)
    under = (ns > 0) & (ns < ks[owner])
    hidden_total = np.bincount(owner, weights=np.where(under, ns, 0), minlength=len(sizes))
    flags = under.tolist()
    out = []
    start = 0
    for i, (size, total, k_i) in enumerate(
        zip(sizes, hidden_total.tolist(), ks.tolist(), strict=True)
    ):
        stop = start + size
        if 0 < total < k_i:
            out.append(suppress_siblings(ns[start:stop].tolist(), codes(i), k_i))
        else:
            out.append(flags[start:stop])
        start = stop
    return out


def suppress_with_groups(
    ns: Sequence[int],
    codes: Sequence[str],
    group_of: Sequence[int],
    group_codes: Sequence[str],
    k: int,
) -> tuple[list[bool], list[bool]]:
    """Which units and which reporting groups of one instansi to hide (docs/method.md §9).

    `group_of[j]` is the position in `group_codes` of unit j's group, or -1. A group's n is
    the sum of its units'. Suppression runs twice: first among the groups and the units in
    no group, as siblings of the instansi; then among the units of each shown group, as
    siblings of that group. A hidden group hides all its units; a unit in a shown group is
    shown only if the second step shows it. Returns (units hidden, groups hidden).
    """
    if not len(ns) == len(codes) == len(group_of):
        raise ValueError("ns, codes and group_of must have the same length")
    group_ns = [0] * len(group_codes)
    members: list[list[int]] = [[] for _ in group_codes]
    alone = []
    for j, (n, g) in enumerate(zip(ns, group_of, strict=True)):
        if g >= 0:
            group_ns[g] += n
            members[g].append(j)
        else:
            alone.append(j)
    first = suppress_siblings(
        group_ns + [ns[j] for j in alone], list(group_codes) + [codes[j] for j in alone], k
    )
    group_hidden = first[: len(group_codes)]
    unit_hidden = [False] * len(ns)
    for j, hidden in zip(alone, first[len(group_codes) :], strict=True):
        unit_hidden[j] = hidden
    for g, units in enumerate(members):
        second = (
            [True] * len(units)
            if group_hidden[g]
            else suppress_siblings([ns[j] for j in units], [codes[j] for j in units], k)
        )
        for j, hidden in zip(units, second, strict=True):
            unit_hidden[j] = hidden
    return unit_hidden, group_hidden
