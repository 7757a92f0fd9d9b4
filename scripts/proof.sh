#!/usr/bin/env bash
# The proof suite (issue 7), about 20 minutes: on SQLite then on a throw-away PostgreSQL server,
# 50 evaluators rating for 5 minutes (locust against gunicorn on 127.0.0.1), parallel saves of one
# element, backup and restore compared table by table, server and worker killed mid-work; then the
# security, retention and fuzz tests with 200 examples per form, and the browser tests (axe-core,
# keyboard-only journey). Prints the figures and writes them into docs/reliability.md.
# OUVRAGE_PROOF_USERS / OUVRAGE_PROOF_SECONDS change the load (default 50 and 300).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/bootstrap.sh --group test
export PATH="$PWD/.venv/bin:$PATH"
USERS="${OUVRAGE_PROOF_USERS:-50}"
DURATION="${OUVRAGE_PROOF_SECONDS:-300}"
mkdir -p var/proof
rm -f var/proof/*.json

echo "== SQLite"
python -m reliability --users "$USERS" --seconds "$DURATION"
echo "== PostgreSQL"
scripts/with-postgres.sh python -m reliability --users "$USERS" --seconds "$DURATION"

echo "== security, retention, uploads, fuzz (200 examples per form)"
OUVRAGE_FUZZ_EXAMPLES=200 pytest tests/core tests/accounts tests/audit tests/evidence \
  -n 2 -p no:cacheprovider -q | tee var/proof/security.log
echo "== browser tests (axe-core on every page visited, keyboard-only journey)"
pytest -m browser -p no:cacheprovider -q | tee var/proof/browser.log

{
  echo "- Security, role × view matrix, CSRF, escaping, sessions, retention, uploads and form fuzzing"
  echo "  (200 hypothesis examples per form, SQLite): $(tail -n 1 var/proof/security.log | tr -d '=')"
  echo "- Browser tests, axe-core WCAG 2.1 A/AA on every page visited and the keyboard-only journey:"
  echo "  $(tail -n 1 var/proof/browser.log | tr -d '=')"
} > var/proof/tests.txt
python -m reliability.report var/proof/tests.txt
