#!/usr/bin/env bash
# Database tests on a real, throwaway PostgreSQL 15:
#   initdb in a temp dir -> pg_ctl on 127.0.0.1:<free port> -> Supabase shim -> migrations
#   (Supabase CLI) -> Supabase advisors -> pgTAP -> pg_prove supabase/tests/*.sql -> stop and
#   delete everything. Exits non-zero on the first failure.
# Needs Debian's postgresql-15, postgresql-15-pgtap and libtap-parser-sourcehandler-pgtap-perl
# (pg_prove). Works as root (the server then runs as user postgres) and as a normal user.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_DIR"
PG_SCRIPT_NAME=test-db
# shellcheck source=lib/throwaway-postgres.sh
source "$REPO_DIR/scripts/lib/throwaway-postgres.sh"

now() { date +%s%N; }
elapsed() { echo "$(( ($2 - $1) / 1000000 )) ms"; }
fail() { pg_fail "$@"; }

[ -x "$REPO_DIR/node_modules/.bin/supabase" ] || fail "Supabase CLI missing (npm ci)"
command -v pg_prove >/dev/null || fail "pg_prove missing (bash scripts/ensure-system-deps.sh)"
[ -f "$("$PGBIN/pg_config" --sharedir)/extension/pgtap.control" ] \
  || fail "pgTAP missing (bash scripts/ensure-system-deps.sh)"

cleanup() {
  local status=$?
  trap '' INT TERM # finish cleaning up even if interrupted again
  pg_throwaway_stop
  [ -n "${PG_WORK_DIR:-}" ] && rm -rf "$PG_WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t_start=$(now)
pg_throwaway_start test-db
t_started=$(now)
WORK_DIR=$PG_WORK_DIR
PORT=$PG_PORT
read -r initdb_ms start_ms <<<"$PG_TIMINGS_MS"

DB_URL="postgresql://postgres:postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
psql_run() { psql -X -q -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

psql_run -f supabase/local/00_supabase_shim.sql
# The CLI applies supabase/migrations/*.sql in order and records them in
# supabase_migrations.schema_migrations, exactly as it does against a hosted project.
"$REPO_DIR/node_modules/.bin/supabase" migration up --db-url "$DB_URL" --include-all >"$WORK_DIR/migrate.log" 2>&1 \
  || { cat "$WORK_DIR/migrate.log" >&2; fail "migrations failed"; }
t_migrated=$(now)

# Supabase's own linter (security and performance advisors), on the schema alone: any warning fails.
"$REPO_DIR/node_modules/.bin/supabase" db advisors --db-url "$DB_URL" --type all --level warn --fail-on warn \
  >"$WORK_DIR/advisors.log" 2>&1 || { cat "$WORK_DIR/advisors.log" >&2; fail "supabase db advisors found issues"; }
t_advised=$(now)

psql_run -c 'create extension if not exists pgtap with schema extensions'

shopt -s nullglob
TEST_FILES=(supabase/tests/*.sql)
[ ${#TEST_FILES[@]} -gt 0 ] || fail "no tests in supabase/tests"
set +e
pg_prove --host 127.0.0.1 --port "$PORT" --username postgres --dbname postgres "${TEST_FILES[@]}" 2>&1 | tee "$WORK_DIR/pg_prove.log"
prove_status=${PIPESTATUS[0]}
set -e
t_tested=$(now)
# Counts for the suite's closing line (scripts/test-totals.mjs).
mkdir -p test-results
node -e '
  const log = require("fs").readFileSync(process.argv[1], "utf8");
  const total = Number(/Tests=(\d+)/.exec(log)?.[1] ?? 0);
  let failed = 0;
  for (const m of log.matchAll(/Failed (\d+)\/\d+ subtests/g)) failed += Number(m[1]);
  require("fs").writeFileSync("test-results/pgtap.json", JSON.stringify({ passed: total - failed, failed }));
' "$WORK_DIR/pg_prove.log"
[ "$prove_status" = 0 ] || fail "pgTAP tests failed"

echo "test-db: initdb $initdb_ms ms, start $start_ms ms,"\
  "shim+migrations $(elapsed "$t_started" "$t_migrated"), advisors $(elapsed "$t_migrated" "$t_advised"),"\
  "pgTAP $(elapsed "$t_advised" "$t_tested"), total $(elapsed "$t_start" "$t_tested")"
