#!/usr/bin/env bash
# Install, create the SQLite database with the référentiel and demo data, start the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh runtime
scripts/bootstrap.sh --inexact  # keep test tools if they are installed
exec .venv/bin/ouvrage demo "$@"
