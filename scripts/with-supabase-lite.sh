#!/usr/bin/env bash
# Runs a command against a local Supabase API: a throwaway PostgreSQL 15 and @supabase/lite
# (Auth, PostgREST, Storage over HTTP, its postgres driver) in front of it, with
# supabase/migrations applied. Everything is started on free ports in a temp dir and stopped
# and deleted whatever happens.
#
#   bash scripts/with-supabase-lite.sh <command> [args...]
#
# The command sees:
#   SUPABASE_TEST_URL          the API URL (http://127.0.0.1:<port>)
#   SUPABASE_TEST_ANON_KEY     publishable key (role anon; users sign up/in with it)
#   SUPABASE_TEST_SECRET_KEY   secret key (role service_role)
#   SUPABASE_TEST_DB_URL       the database lite serves (its own; see below)
#   SUPABASE_TEST_PG_URL       the server's `postgres` database, for comparisons (psql \copy)
#
# lite gets its OWN database: it installs its own auth schema (its auth.uid() reads
# request.jwt.claim.sub) and storage schema, which the pgTAP tests' shim must not meet.
# Row level security is proven authoritatively by scripts/test-db.sh on plain PostgreSQL.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LITE="$REPO_DIR/node_modules/@supabase/lite/dist/cli/index.js"
PG_SCRIPT_NAME=with-supabase-lite
# shellcheck source=lib/throwaway-postgres.sh
source "$REPO_DIR/scripts/lib/throwaway-postgres.sh"
fail() { pg_fail "$@"; }

[ $# -gt 0 ] || fail "usage: with-supabase-lite.sh <command> [args...]"
[ -f "$LITE" ] || fail "@supabase/lite missing (npm ci)"
[ -d "$REPO_DIR/node_modules/postgres" ] || fail "the postgres driver for @supabase/lite is missing (npm ci)"
LITE_PID=

cleanup() {
  local status=$?
  trap '' INT TERM
  if [ -n "$LITE_PID" ]; then
    kill -TERM -- "-$LITE_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$LITE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$LITE_PID" 2>/dev/null || true
  fi
  pg_throwaway_stop
  [ -n "${PG_WORK_DIR:-}" ] && rm -rf "$PG_WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

random_token() { node -e 'console.log(require("crypto").randomBytes(Number(process.argv[1])).toString("base64url"))' "$1"; }

pg_throwaway_start supabase
WORK_DIR=$PG_WORK_DIR
PROJECT_DIR=$WORK_DIR/project
psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" -c 'create database refinery_lite'
DB_URL="postgresql://postgres:postgres@127.0.0.1:$PG_PORT/refinery_lite"

API_PORT=$(pg_free_port)
mkdir -p "$PROJECT_DIR/supabase"
cp -r "$REPO_DIR/supabase/migrations" "$PROJECT_DIR/supabase/migrations"
cat >"$PROJECT_DIR/supabase/config.toml" <<EOF
[api]
port = $API_PORT

[db]
driver = "postgres"
url = "$DB_URL"

[auth]
enabled = true
jwt_secret = "$(random_token 32)"
jwt_expiry = 3600
enable_signup = true
publishable_key = "env(SUPABASE_PUBLISHABLE_KEY)"
secret_key = "env(SUPABASE_SECRET_KEY)"

[auth.email]
enable_confirmations = false

[storage]
enabled = true
file_size_limit = "200MiB"
EOF
export SUPABASE_PUBLISHABLE_KEY="sb_publishable_$(random_token 24)"
export SUPABASE_SECRET_KEY="sb_secret_$(random_token 24)"
# Storage is experimental in lite 0.10; never phone home.
export EXPERIMENTAL_STORAGE=1 DO_NOT_TRACK=1

# Node 20 only: lite's filesystem Storage adapter needs Uint8Array chunks (see the polyfill).
NODE_IMPORTS=(--import "$REPO_DIR/test/supabase/support/node20-webstream-polyfill.mjs")

(cd "$PROJECT_DIR" && node "$LITE" --no-telemetry migration up >"$WORK_DIR/migrate.log" 2>&1) \
  || { cat "$WORK_DIR/migrate.log" >&2; fail "lite could not apply supabase/migrations"; }

# Its own process group, so cleanup stops lite and anything it started.
(cd "$PROJECT_DIR" && exec setsid node "${NODE_IMPORTS[@]}" "$LITE" --no-telemetry start --no-admin >"$WORK_DIR/lite.log" 2>&1) &
LITE_PID=$!

API_URL="http://127.0.0.1:$API_PORT"
# Answers 0 once the Auth API responds (node's fetch: no curl needed on a fresh machine).
api_up() {
  node -e 'fetch(process.argv[1] + "/auth/v1/health", { headers: { apikey: process.argv[2] } })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$API_URL" "$SUPABASE_PUBLISHABLE_KEY"
}
for _ in $(seq 1 100); do
  api_up && break
  kill -0 "$LITE_PID" 2>/dev/null || { cat "$WORK_DIR/lite.log" >&2; fail "lite exited"; }
  sleep 0.3
done
api_up || { cat "$WORK_DIR/lite.log" >&2; fail "lite did not answer on $API_URL"; }

set +e
SUPABASE_TEST_URL=$API_URL \
SUPABASE_TEST_ANON_KEY=$SUPABASE_PUBLISHABLE_KEY \
SUPABASE_TEST_SECRET_KEY=$SUPABASE_SECRET_KEY \
SUPABASE_TEST_DB_URL=$DB_URL \
SUPABASE_TEST_PG_URL=$PG_URL \
  env -u SUPABASE_PUBLISHABLE_KEY -u SUPABASE_SECRET_KEY -u EXPERIMENTAL_STORAGE "$@"
status=$?
set -e
if [ "$status" != 0 ] && [ -n "${SUPABASE_LITE_LOG:-}" ]; then cp "$WORK_DIR/lite.log" "$SUPABASE_LITE_LOG"; fi
exit "$status"
