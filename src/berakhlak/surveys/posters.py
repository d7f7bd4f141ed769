"""What an A4 poster of a unit link shows."""

from __future__ import annotations

import base64
from typing import Any

from .models import CycleUnit
from .qr import qr_svg


def poster_context(unit: CycleUnit, url: str) -> dict[str, Any]:
    svg = qr_svg(url, scale=10)
    return {
        "unit": unit,
        "url": url,
        "qr": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
    }
