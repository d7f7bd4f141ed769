"""Numbers in the charts' SVG (templates/results/charts): never localised, a float to one
decimal and an int as it is (the shapes of results/chart_shapes.py)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def coord(value: float) -> str:
    """12.25 -> "12.2", 20 -> "20": the coordinates and sizes of a chart's shapes."""
    return f"{value:.1f}" if isinstance(value, float) else str(value)
