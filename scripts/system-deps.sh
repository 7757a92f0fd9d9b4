#!/usr/bin/env bash
# Debian packages Ouvrage needs beyond Python. `runtime`: Pango and fonts for WeasyPrint (PDF
# reports). `test` (default): those plus Chromium (browser tests) and the PostgreSQL server (the
# suite runs on PostgreSQL too). Installs what is missing when run as root with apt-get.
set -euo pipefail
mode="${1:-test}"
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ] || missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Paquets système manquants : ${missing[*]} (Debian : sudo apt-get install ${missing[*]})." >&2
  # Without Pango the application runs, only PDF documents fail (and say so): not fatal for the demo.
  [ "$mode" = runtime ] && exit 0
  exit 1
fi
echo "Installation des paquets Debian : ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
