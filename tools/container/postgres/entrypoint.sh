#!/usr/bin/env bash
# Entry point of the local PostgreSQL stand-in image (see Dockerfile): what the official image's
# docker-entrypoint.sh does for compose.yaml, and nothing more. Started as root, it reads the
# password (POSTGRES_PASSWORD, or the file POSTGRES_PASSWORD_FILE names, e.g. a compose secret),
# prepares the data directory and starts itself again as `postgres`. On an empty data directory it
# runs initdb with that superuser and password, creates POSTGRES_DB, and allows password logins
# over TCP; a data directory that already holds a cluster is used as it is (the password is not
# changed). The password is never printed.
set -Eeuo pipefail

# VAR from VAR, else from the file VAR_FILE names, else DEFAULT; exported, VAR_FILE unset.
file_env() {
  local var=$1 file_var="${1}_FILE" default=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo "docker-entrypoint: both $var and $file_var are set; set only one" >&2
    exit 1
  fi
  local value=$default
  if [ -n "${!var:-}" ]; then
    value=${!var}
  elif [ -n "${!file_var:-}" ]; then
    value=$(<"${!file_var}")
  fi
  export "$var=$value"
  unset "$file_var"
}

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" = postgres ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"

  if [ "$(id -u)" = 0 ]; then
    # A new volume may belong to root: hand it to postgres, then drop root for good.
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 0700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi

  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "$POSTGRES_PASSWORD" ]; then
      echo "docker-entrypoint: the database is uninitialised and no password is set: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2
      exit 1
    fi
    echo "docker-entrypoint: initialising the cluster in $PGDATA (superuser $POSTGRES_USER)"
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
    printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
    printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    # A server on the socket only (no TCP, so health checks over TCP still fail) creates the database.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$POSTGRES_DB" != postgres ]; then
      psql -v ON_ERROR_STOP=1 --no-psqlrc --username="$POSTGRES_USER" --dbname=postgres --quiet \
        --set=db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "docker-entrypoint: database $POSTGRES_DB created; starting the server"
  fi
  unset POSTGRES_PASSWORD
fi

exec "$@"
