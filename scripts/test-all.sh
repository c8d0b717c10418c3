#!/usr/bin/env bash
# The whole test suite: the README's test command (`npm test`) and what .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
bash scripts/ensure-system-deps.sh || exit 2

failures=0
step() {
  local name=$1; shift
  echo "── $name"
  local t0=$SECONDS
  if "$@"; then echo "── $name ok ($((SECONDS - t0)) s)"; else echo "── $name FAILED ($((SECONDS - t0)) s)"; failures=$((failures + 1)); fi
}

step typecheck npm run --silent typecheck
step lint npm run --silent lint
step build npm run --silent build
step "unit + integration (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "packages (npm pack → install into an empty project → npx refinery; vsce ls)" bash scripts/test-package.sh
step "database (PostgreSQL 15 + pgTAP)" bash scripts/test-db.sh
step "supabase-js over HTTP (PostgreSQL 15 + @supabase/lite)" bash scripts/test-supabase.sh
step "VS Code (code-server + Chromium, then the .vsix)" bash scripts/vscode-host/test.sh

node scripts/test-totals.mjs "$failures"
