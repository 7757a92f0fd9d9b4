#!/usr/bin/env bash
# The whole test suite: lint, types, the import contract, templates and migrations; then pytest on
# SQLite and on a real PostgreSQL server started here in a temporary folder (the fast suite, then the
# proof tests that drive a real server from outside); then the browser tests (Playwright driving
# Debian Chromium, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/bootstrap.sh --group test
export PATH="$PWD/.venv/bin:$PATH"
WORKERS="${OUVRAGE_TEST_WORKERS:-2}"
TEMPLATES=$(find ouvrage -name '*.html' -not -path '*/static/*')

echo "== ruff, mypy, import contract, templates, migrations"
ruff check .
ruff format --check .
mypy ouvrage config
lint-imports --no-cache
djhtml --check $TEMPLATES
djlint ouvrage --lint
DJANGO_SETTINGS_MODULE=config.settings.test python manage.py makemigrations --check --dry-run

# The test databases are built from the models (--nomigrations: about 7 s per worker on SQLite, more
# on PostgreSQL): tests/test_demo_schema.py proves that schema is the migrations' one, column for
# column, and the proof stage applies the migrations to fresh SQLite and PostgreSQL databases.
echo "== pytest on SQLite"
pytest -m "not browser and not proof" -n "$WORKERS" -p no:cacheprovider -q --nomigrations
pytest -m proof -n "$WORKERS" -p no:cacheprovider -q

echo "== pytest on PostgreSQL"
scripts/with-postgres.sh pytest -m "not browser and not proof" -n "$WORKERS" -p no:cacheprovider -q --nomigrations
scripts/with-postgres.sh pytest -m proof -n "$WORKERS" -p no:cacheprovider -q

echo "== browser tests (Chromium, axe-core)"
# Two at a time, each test file on one worker (its live server and browser): about 3 min instead of 4.
pytest -m browser -n "$WORKERS" --dist loadfile -p no:cacheprovider -q --nomigrations
