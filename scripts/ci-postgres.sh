#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster and creates a role and database for the
# tests. Idempotent. Prints TEST_POSTGRES_URL=… on stdout.
set -euo pipefail
AS_PG="runuser -u postgres --"
SUDO=""
[ "$(id -u)" -eq 0 ] || { SUDO="sudo"; AS_PG="sudo -u postgres"; }
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! $SUDO pg_lsclusters -h | grep -q online; then
  $SUDO pg_lsclusters -h | grep -q . || $SUDO pg_createcluster "$ver" main >/dev/null
  $SUDO pg_ctlcluster "$ver" main start
fi
for _ in $(seq 1 50); do
  $AS_PG pg_isready -q && break
  sleep 0.2
done
port=$($SUDO pg_lsclusters -h | awk '$4=="online"{print $3; exit}')
psql_admin() { (cd / && $AS_PG psql -p "$port" -v ON_ERROR_STOP=1 -qtAc "$1"); }
# The test role may create databases: each test run makes its own with a random suffix.
psql_admin "SELECT 1 FROM pg_roles WHERE rolname='sagascope'" | grep -q 1 ||
  psql_admin "CREATE ROLE sagascope LOGIN CREATEDB PASSWORD 'sagascope'"
psql_admin "SELECT 1 FROM pg_database WHERE datname='sagascope_test'" | grep -q 1 ||
  psql_admin "CREATE DATABASE sagascope_test OWNER sagascope"
echo "TEST_POSTGRES_URL=postgresql://sagascope:sagascope@127.0.0.1:${port}/sagascope_test"
