#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing:
# PostgreSQL 15 (real database for RLS tests), pgTAP and pg_prove; Chromium (drives VS Code in the
# extension tests and the webview tests), libkrb5-dev + pkg-config (code-server's native kerberos addon builds against them).
set -euo pipefail
# The one list of packages (also read by .ci/run).
mapfile -t packages < "$(dirname "${BASH_SOURCE[0]}")/lib/system-packages.txt"
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
[ -f /usr/share/postgresql/15/extension/pgtap.control ] || missing+=(postgresql-15-pgtap)
command -v pg_prove >/dev/null 2>&1 || missing+=(libtap-parser-sourcehandler-pgtap-perl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing system packages: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
  echo "error: need ${missing[*]} and cannot install them without root" >&2
  echo "  fix: sudo apt-get install -y ${packages[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
