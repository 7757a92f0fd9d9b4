#!/usr/bin/env bash
# What the container runs (Containerfile, compose.yaml); usable on a server without containers too.
#   web      apply the migrations and the référentiel, then serve with gunicorn on :8000
#   worker   produce documents in the background (several may run)
#   daily    the daily tasks: purge past retention, then reminders (cron or a systemd timer)
#   check    Django's deployment checks with the settings of the environment
#   any other arguments: an `ouvrage` command (migrate, backup --output …, organisation …)
set -euo pipefail
cd "$(dirname "$0")/.."
OUVRAGE="${OUVRAGE:-ouvrage}"
command -v "$OUVRAGE" >/dev/null || OUVRAGE=".venv/bin/ouvrage"
umask 077  # backups, evidence and the SQLite file readable by this account only
case "${1:-web}" in
  web)
    "$OUVRAGE" migrate --noinput
    "$OUVRAGE" frames import
    "$OUVRAGE" summaries  # what a data update of the référentiel left out of date, stored again
    exec gunicorn config.wsgi:application --bind "${OUVRAGE_BIND:-0.0.0.0:8000}" \
      --workers "${OUVRAGE_WEB_WORKERS:-3}" --timeout 120 --graceful-timeout 20 \
      --access-logfile - --error-logfile -
    ;;
  worker)
    exec "$OUVRAGE" worker
    ;;
  daily)
    "$OUVRAGE" purge
    exec "$OUVRAGE" send_reminders
    ;;
  check)
    exec "$OUVRAGE" check --deploy --fail-level WARNING
    ;;
  *)
    exec "$OUVRAGE" "$@"
    ;;
esac
