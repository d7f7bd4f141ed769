"""The submission statement, run straight through libpq on PostgreSQL.

A submission without a personal code is one SQL statement (actions.py) on the busiest
request of a survey. Through a Django cursor it is composed as text on the client,
parsed and planned anew by PostgreSQL, and the request's first cursor also pays a
`SELECT 1` health check (CONN_HEALTH_CHECKS). Here it is prepared once per connection
(unless BERAKHLAK_DB_PREPARED is off) and executed through the connection's libpq
handle with text parameters: about 35 µs of the app server's CPU instead of about 100
(measured in-process). libpq releases the GIL while it waits, as psycopg does.

This path is taken only where it is the same as a cursor: a PostgreSQL connection in
autocommit, outside any transaction (inside one, psycopg must send the BEGIN itself).
Elsewhere, and on SQLite, the statement goes through a Django cursor.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from psycopg import pq

NOT_PREPARED = b"26000"  # SQLSTATE invalid_sql_statement_name: new connection


def run_flags(sql: str, params: Mapping[str, Any]) -> tuple[bool, ...]:
    """The one row of booleans that `sql` (parameters as %(name)s) returns.

    A connection found broken (the database restarted) is reopened and the statement
    sent once more, in place of the health check: safe, as the statement is a
    transaction of its own, so one that did commit before the break is then a duplicate
    of itself. Errors come as Django's database errors.
    """
    db = connections[DEFAULT_DB_ALIAS]
    for attempt in (1, 2):
        db.ensure_connection()
        raw = db.connection
        if db.in_atomic_block or not _idle_in_autocommit(raw):
            return _through_cursor(db, sql, params)
        try:
            with db.wrap_database_errors:
                return _execute(raw, sql, params)
        except DatabaseError:
            if attempt == 2 or raw.pgconn.status != pq.ConnStatus.BAD:
                raise
            db.close()
    raise AssertionError("unreachable")


def _idle_in_autocommit(raw: Any) -> bool:
    return (
        isinstance(raw, psycopg.Connection)
        and raw.autocommit
        and raw.pgconn.transaction_status == pq.TransactionStatus.IDLE
    )


def _through_cursor(db: Any, sql: str, params: Mapping[str, Any]) -> tuple[bool, ...]:
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(bool(v) for v in cursor.fetchone())


def _execute(raw: psycopg.Connection[Any], sql: str, params: Mapping[str, Any]) -> tuple[bool, ...]:
    name, numbered, names = _numbered(sql)
    values = [_text(params[key]) for key in names]
    pgconn = raw.pgconn
    with raw.lock:
        if raw.prepare_threshold is None:  # BERAKHLAK_DB_PREPARED=off
            result = pgconn.exec_params(numbered, values)
        else:
            result = pgconn.exec_prepared(name, values)
            if result.error_field(pq.DiagnosticField.SQLSTATE) == NOT_PREPARED:
                _check(pgconn.prepare(name, numbered), pq.ExecStatus.COMMAND_OK)
                result = pgconn.exec_prepared(name, values)
    _check(result, pq.ExecStatus.TUPLES_OK)
    return tuple(result.get_value(0, i) == b"t" for i in range(result.nfields))


def _check(result: pq.abc.PGresult, status: pq.ExecStatus) -> None:
    if result.status != status:
        raise psycopg.errors.error_from_result(result, encoding="utf-8")


@functools.cache
def _numbered(sql: str) -> tuple[bytes, bytes, tuple[str, ...]]:
    """A name for the statement (by its text), the SQL with $1, $2, ... for its %(name)s
    parameters, and the parameters' names in that order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    numbered = re.sub(r"%\((\w+)\)s", number, sql).encode()
    name = b"berakhlak_" + hashlib.sha256(numbered).hexdigest()[:16].encode()
    return name, numbered, tuple(names)


def _text(value: object) -> bytes | None:
    """A parameter in PostgreSQL's text format (the SQL casts it to its column's type)."""
    if value is None:
        return None
    encode = _TEXT.get(type(value))
    if encode is None:
        raise TypeError(f"no text format for {type(value).__name__}")
    return encode(value)


def _str(value: str) -> bytes:
    if "\x00" in value:  # a text parameter ends at NUL: refuse, never cut
        raise ValueError("text with a NUL character cannot be stored")
    return value.encode()


_TEXT: dict[type, Callable[[Any], bytes]] = {
    str: _str,
    bool: lambda value: b"true" if value else b"false",
    int: lambda value: str(value).encode(),
    uuid.UUID: lambda value: str(value).encode(),
    datetime.date: lambda value: value.isoformat().encode(),
}
