"""Hashing secrets that are kept only as hashes (personal codes, questionnaire nonces)."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
