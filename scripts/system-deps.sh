#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: Chromium (browser tests) and the PostgreSQL
# server (the suite runs on PostgreSQL too). Installs what is missing when run as root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ] || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Paquets système manquants : ${missing[*]} (Debian : sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installation des paquets Debian : ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
