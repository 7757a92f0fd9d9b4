#!/usr/bin/env bash
# Install, create the SQLite database with the référentiel and demo data, start the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/ouvrage demo "$@"
