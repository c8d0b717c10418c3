# A throwaway PostgreSQL 15 for the test scripts: initdb in a temp dir, pg_ctl on 127.0.0.1 at a
# free port (socket in the same dir), no durability. Source it, then:
#
#   pg_throwaway_start <name>   sets PG_WORK_DIR (delete it when done), PG_PORT, PG_URL and
#                               PG_TIMINGS_MS ("initdb start"); exits via pg_fail on any problem
#   pg_throwaway_stop           stops the server if it was started (safe to call twice)
#   as_db_owner <cmd...>        runs a command as the cluster's owner
#
# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
# Needs Debian's postgresql-15 (PGBIN overrides /usr/lib/postgresql/15/bin).

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_STARTED=no

pg_fail() { echo "${PG_SCRIPT_NAME:-postgres}: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || pg_fail "running as root needs a 'postgres' user to own the cluster"
  as_db_owner() { runuser -u postgres -- "$@"; }
else
  as_db_owner() { "$@"; }
fi

pg_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

pg_throwaway_start() {
  [ -x "$PGBIN/initdb" ] || pg_fail "no PostgreSQL 15 at $PGBIN (bash scripts/ensure-system-deps.sh, or set PGBIN)"
  command -v psql >/dev/null || pg_fail "psql missing (bash scripts/ensure-system-deps.sh)"
  PG_WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/refinery-$1.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_WORK_DIR"
  PG_PORT=$(pg_free_port)
  local t0 t1 t2
  t0=$(date +%s%N)
  as_db_owner "$PGBIN/initdb" -D "$PG_WORK_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
  t1=$(date +%s%N)
  PG_STARTED=yes
  as_db_owner "$PGBIN/pg_ctl" -D "$PG_WORK_DIR/data" -l "$PG_WORK_DIR/postgres.log" -w -t 30 start \
    -o "-p $PG_PORT -k $PG_WORK_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$PG_WORK_DIR/postgres.log" >&2; pg_fail "PostgreSQL did not start"; }
  t2=$(date +%s%N)
  PG_URL="postgresql://postgres:postgres@127.0.0.1:$PG_PORT/postgres"
  PG_TIMINGS_MS="$(( (t1 - t0) / 1000000 )) $(( (t2 - t1) / 1000000 ))"
}

pg_throwaway_stop() {
  if [ "$PG_STARTED" = yes ]; then
    as_db_owner "$PGBIN/pg_ctl" -D "$PG_WORK_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    PG_STARTED=no
  fi
}
