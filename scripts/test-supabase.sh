#!/usr/bin/env bash
# supabase-js end to end over HTTP: PostgreSQL 15 + @supabase/lite (scripts/with-supabase-lite.sh)
# and the tests in test/supabase. Counts go to test-results/supabase.json (vitest's JSON
# report), which scripts/test-totals.mjs adds to the suite's totals.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/supabase.json
exec bash scripts/with-supabase-lite.sh npx vitest run --config test/supabase/vitest.config.ts \
  --reporter=default --reporter=json --outputFile.json=test-results/supabase.json "$@"
