#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the store's tests: Debian's `postgresql` package
# (apt-get install -y postgresql), run as the `postgres` user, listening on 127.0.0.1 only, with its
# data and socket under /tmp. Prints the URL the tests read from REVIEW_STARS_TEST_POSTGRES.
# Idempotent: a cluster already running there is reused. Stop it with tools/postgres/stop.sh.
set -euo pipefail

PORT="${REVIEW_STARS_PG_PORT:-55432}"
BASE="${REVIEW_STARS_PG_DIR:-/tmp/review-stars-pg-$PORT}"
DATA="$BASE/data"
SOCKETS="$BASE/sockets"
ROLE=reviewstars
PASSWORD=reviewstars-test
DATABASE=reviewstars

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "tools/postgres/start.sh: PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
fi

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

mkdir -p "$BASE"
if [ "$(id -un)" != postgres ]; then chown postgres:postgres "$BASE"; fi
as_postgres mkdir -p "$SOCKETS"

if [ ! -f "$DATA/PG_VERSION" ]; then
  as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; exit 1; }
fi

if ! as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$SOCKETS -c fsync=off -c max_connections=200" start >/dev/null \
    || { tail -n 20 "$BASE/server.log" >&2; exit 1; }
fi

psql_admin() { as_postgres "$BIN/psql" -h "$SOCKETS" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
