#!/usr/bin/env bash
# Install what the tests need (Chromium, PostgreSQL 15, PDF tools) and run the whole suite:
# lint, types, then pytest in parallel. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
packages=("${PDF_PACKAGES[@]}" chromium poppler-utils)
[ -x /usr/lib/postgresql/15/bin/postgres ] || packages+=(postgresql-15)
ensure_debian_packages "${packages[@]}"
ensure_venv ".[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n auto -q "$@"
