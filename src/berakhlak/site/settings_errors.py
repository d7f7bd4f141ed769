"""A missing or malformed setting ends the command with one clear line, not a traceback."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click


@contextlib.contextmanager
def configuration_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        if type(error).__name__ != "ConfigurationError":
            raise
        raise click.ClickException(f"configuration: {error}") from None
