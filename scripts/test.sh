#!/usr/bin/env bash
# The whole test suite: lint and types, then pytest on SQLite, on a real PostgreSQL server started
# here in a temporary folder, then the browser tests (Playwright driving Debian Chromium, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
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
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL introuvable dans $PGBIN (Debian : apt-get install postgresql)." >&2
  exit 1
fi
PGDIR="$(mktemp -d /tmp/ouvrage-pg.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
PGPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -o \
  "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/ouvrage" pytest -m "not browser" -n "$WORKERS" -p no:cacheprovider -q
stop_pg
trap - EXIT

echo "== browser tests (Chromium, axe-core)"
pytest -m browser -p no:cacheprovider -q
