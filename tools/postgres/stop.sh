#!/usr/bin/env bash
# Stops the test cluster tools/postgres/start.sh started (same REVIEW_STARS_PG_PORT / _DIR) and
# deletes its directory, which that script created.
set -euo pipefail
PORT="${REVIEW_STARS_PG_PORT:-55432}"
BASE="${REVIEW_STARS_PG_DIR:-/tmp/review-stars-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -f "$BASE/data/PG_VERSION" ] || exit 0
if [ "$(id -un)" = postgres ]; then "$BIN/pg_ctl" -D "$BASE/data" -m fast stop >/dev/null || true
else runuser -u postgres -- "$BIN/pg_ctl" -D "$BASE/data" -m fast stop >/dev/null || true; fi
rm -rf "$BASE"
