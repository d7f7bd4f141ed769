"""JSON text as json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=1) writes it, in
pieces: any value (`encode`), objects and arrays of already encoded parts, numbers and
pairs. The results JSON's writers (`results_text`, `local_text`) build on these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any


def encode(obj: Any, level: int) -> str:
    """json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=1), nested `level` deep."""
    if isinstance(obj, dict):
        return object_text([(key, encode(value, level + 1)) for key, value in obj.items()], level)
    if isinstance(obj, list | tuple):
        return array_text([encode(value, level + 1) for value in obj], level)
    if isinstance(obj, str):
        return encode_basestring(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        return float_text(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def float_text(x: float) -> str:
    if not math.isfinite(x):
        raise ValueError(f"Out of range float values are not JSON compliant: {x!r}")
    return float.__repr__(x)


def object_text(fields: Sequence[tuple[str, str]], level: int) -> str:
    """A JSON object of already encoded values, laid out as json.dumps(indent=1) does."""
    if not fields:
        return "{}"
    pad = "\n" + " " * (level + 1)
    body = ("," + pad).join(f"{encode_basestring(key)}: {value}" for key, value in fields)
    return "{" + pad + body + "\n" + " " * level + "}"


def array_text(items: Sequence[str], level: int) -> str:
    if not items:
        return "[]"
    pad = "\n" + " " * (level + 1)
    return "[" + pad + ("," + pad).join(items) + "\n" + " " * level + "]"


def number_text(x: float | None) -> str:
    return "null" if x is None else float_text(x)


def pair_text(pair: list[float] | None, level: int) -> str:
    if pair is None:
        return "null"
    pad = "\n" + " " * (level + 1)
    return f"[{pad}{float_text(pair[0])},{pad}{float_text(pair[1])}\n{' ' * level}]"
