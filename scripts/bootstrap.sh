#!/usr/bin/env bash
# Install Ouvrage and its dependencies into .venv from the lock file (uv.lock). Extra arguments go
# to `uv sync` (scripts/test.sh passes --group test). Needs Python 3.11 on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Ouvrage demande Python 3.11 (trouvé : $("$PY" --version 2>&1)). Indiquez-le avec PYTHON=/chemin/python3.11." >&2
  exit 1
fi
if [ ! -x .tools/bin/uv ]; then
  "$PY" -m venv .tools
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --quiet --python "$PY" "$@"
