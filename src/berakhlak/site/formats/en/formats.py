"""Dates in full: 2 November 2026."""

DATE_FORMAT = "j F Y"
