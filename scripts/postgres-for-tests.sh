#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database for the tests (issue 19): Debian's server, installed when
# missing (as root, or through sudo), started when stopped, with a role and a database of its own.
# Each test makes a schema of its own in it and drops it afterwards. Idempotent; all chatter goes
# to stderr so that `export TEST_DATABASE_URL=$(scripts/postgres-for-tests.sh)` reads the URL only.
set -euo pipefail

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  echo "--- Installerar PostgreSQL (Debian)" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
fi

read -r version cluster port status _ <<<"$(pg_lsclusters -h | head -1)"
if [ "$status" != "online" ]; then
  $SUDO pg_ctlcluster "$version" "$cluster" start >&2
fi

if ! as_postgres psql -p "$port" -qtAc "select 1 from pg_roles where rolname = 'rullarut_test'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "create role rullarut_test login password 'rullarut_test'" >&2
fi
if ! as_postgres psql -p "$port" -qtAc "select 1 from pg_database where datname = 'rullarut_test'" | grep -q 1; then
  as_postgres createdb -p "$port" -O rullarut_test rullarut_test >&2
fi

echo "postgres://rullarut_test:rullarut_test@127.0.0.1:${port}/rullarut_test"
