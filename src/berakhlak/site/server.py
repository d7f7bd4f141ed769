"""Serving the WSGI app with gunicorn from inside the `berakhlak` command."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

_CLIENT = re.compile(r" from ip=\S*: ")  # IPv4 or IPv6, then ": " and the error


class _NoClientAddress(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _CLIENT.sub(": ", record.msg)
        return True


class AnonymousLogger(Logger):  # type: ignore[misc]
    """gunicorn's error log without client addresses. Its warning about a malformed request
    ('Invalid request from ip=…: …') is the one line that names one; it is kept, without
    the address (a malformed request to the questionnaire is still a respondent's)."""

    address_filters = (_NoClientAddress(),)

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for keep_out in self.address_filters:
            self.error_log.addFilter(keep_out)


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from .wsgi import application  # noqa: PLC0415 - importing it starts Django: in the worker

        return application


def serve(bind: str, workers: int, threads: int = 4) -> None:
    """No access log, and an error log without client addresses: the questionnaire must
    leave no client address anywhere."""
    Server(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": None,
            "errorlog": "-",
            "logger_class": AnonymousLogger,
            "loglevel": "warning",
            "timeout": 60,
            "graceful_timeout": 10,
            "preload_app": True,
        }
    ).run()
