#!/usr/bin/env bash
# Install, create the SQLite database with the référentiel and demo data, start the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh runtime
# Keep the test tools when they are installed (a plain sync would remove the test group).
if [ -x .venv/bin/pytest ]; then scripts/bootstrap.sh --group test; else scripts/bootstrap.sh; fi
exec .venv/bin/ouvrage demo "$@"
