#!/usr/bin/env bash
# Install what the tests need (Chromium, Poppler, PostgreSQL 15, the PDF libraries, and for
# the deployment kit's tests nginx, openssl, logrotate and systemd-analyze) and run
# the whole suite: lint, types, every test on SQLite, then the web and database tests again
# on a throwaway PostgreSQL cluster. Arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
packages=("${PDF_PACKAGES[@]}" chromium poppler-utils nginx openssl logrotate systemd)
[ -x /usr/lib/postgresql/15/bin/postgres ] || packages+=(postgresql-15)
ensure_debian_packages "${packages[@]}"
ensure_venv ".[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
echo "== tests on SQLite"
.venv/bin/python -m pytest -n auto -q -p no:cacheprovider "$@"
echo "== web and database tests on PostgreSQL"
.venv/bin/python scripts/with_postgres.py -- \
    .venv/bin/python -m pytest -n auto -q -p no:cacheprovider tests/web "$@"
