#!/usr/bin/env bash
# Installs every Debian package that building, running, testing and benchmarking
# onestop needs, and the npm packages of the browser tests and of the OpenAPI
# linter. Idempotent and non-interactive: packages already present are
# skipped; apt-get runs as root, through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config libssl-dev zlib1g-dev libbrotli-dev oathtool
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql libsodium-dev
  libcurl4-openssl-dev libjemalloc-dev
  libcairo2-dev libfontconfig-dev libqrencode-dev fonts-wqy-microhei
  libopencc-dev libopencc-data
  libcmocka-dev
  python3 python3-pytest python3-pytest-xdist python3-requests python3-psycopg2 python3-nacl python3-openpyxl python3-brotli
  wrk nginx-light curl
  chromium poppler-utils zbar-tools
  nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may carry its own node/npm outside Debian's; use it if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, each pinned by its package-lock.json: the browser tests', and
# Redocly's OpenAPI linter (tools/openapi, run by tests/tools/test_openapi.py).
for dir in tests/browser tools/openapi; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
touch var/.deps-ok 2>/dev/null || { mkdir -p var && touch var/.deps-ok; }
