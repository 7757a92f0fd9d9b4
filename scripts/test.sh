#!/usr/bin/env bash
# The whole test suite: lint and types, then pytest on SQLite, on a real PostgreSQL server started
# here in a temporary folder, then the browser tests (Playwright driving Debian Chromium, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/bootstrap.sh --group test
export PATH="$PWD/.venv/bin:$PATH"
WORKERS="${OUVRAGE_TEST_WORKERS:-2}"

echo "== ruff, mypy"
ruff check .
ruff format --check .
mypy ouvrage config

echo "== pytest on SQLite"
pytest -m "not browser" -n "$WORKERS" -p no:cacheprovider -q

echo "== pytest on PostgreSQL"
scripts/with-postgres.sh pytest -m "not browser" -n "$WORKERS" -p no:cacheprovider -q

echo "== browser tests (Chromium, axe-core)"
pytest -m browser -p no:cacheprovider -q
