#!/usr/bin/env bash
# The private PostgreSQL cluster of scripts/pg-cluster lets in its superuser with the password
# only: the password file and the URL file are mode 0600, the socket folder 0700, pg_hba.conf
# trusts no one, nothing listens beyond 127.0.0.1, and a connection without the password is
# refused over the socket and over TCP. Also: a cluster made before passwords (trust auth) is
# given one at its next start.
# Usage: tests/e2e/pg_cluster_security_e2e.sh CLUSTER_DIR   (a cluster started by scripts/pg-cluster)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pg_cluster=$root/scripts/pg-cluster
cluster_dir=$1
export TIMELINE_PG_FAST=1
work=$(mktemp -d)
cleanup() { "$pg_cluster" destroy "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
refused() { ! "$@"; }
mode() { stat -L -c %a "$1"; }

# psql as the superuser with no password from anywhere (no ~/.pgpass, no PGPASSWORD): $1 = host
# (socket folder or address), $2 = port, then psql's own arguments.
psql_without_password() {
  local host=$1 port=$2; shift 2
  env -u PGPASSWORD PGPASSFILE="$work/no-pgpass" psql -XqAt -w -h "$host" -p "$port" -U postgres \
    -d timeline "$@"
}
psql_with_password() {
  local host=$1 port=$2 password=$3; shift 3
  PGPASSWORD=$password PGPASSFILE="$work/no-pgpass" psql -XqAt -w -h "$host" -p "$port" \
    -U postgres -d timeline "$@"
}

check_locked_down() {  # $1 = cluster folder, $2 = what to call it
  local dir=$1 name=$2 port password
  port=$(sed -n 4p "$dir/pgdata/postmaster.pid")
  password=$(<"$dir/password")
  check "$name: the password file is mode 0600" test "$(mode "$dir/password")" = 600
  check "$name: the URL file is mode 0600" test "$(mode "$dir/url")" = 600
  check "$name: the socket folder is mode 0700" test "$(mode "$dir/run")" = 700
  check "$name: pg_hba.conf has no trust line" \
    refused grep -Eq '^[^#]*[[:space:]]trust([[:space:]]|$)' "$dir/pgdata/pg_hba.conf"
  check "$name: pg_hba.conf asks for scram-sha-256 everywhere" \
    refused bash -c "grep -Ev '^[[:space:]]*(#|$)' '$dir/pgdata/pg_hba.conf' | grep -vq 'scram-sha-256$'"
  check "$name: over the socket, no password: refused" \
    refused psql_without_password "$dir/run" "$port" -c 'select 1'
  check "$name: over 127.0.0.1, no password: refused" \
    refused psql_without_password 127.0.0.1 "$port" -c 'select 1'
  check "$name: over 127.0.0.1, a wrong password: refused" \
    refused psql_with_password 127.0.0.1 "$port" "x$password" -c 'select 1'
  check "$name: over the socket, with the password: accepted" \
    test "$(psql_with_password "$dir/run" "$port" "$password" -c 'select 1')" = 1
  check "$name: over 127.0.0.1, with the password: accepted" \
    test "$(psql_with_password 127.0.0.1 "$port" "$password" -c 'select 1')" = 1
  check "$name: the URL carries the password and connects" \
    test "$(psql -XqAt -w "$(<"$dir/url")" -c 'select current_user')" = postgres
  check "$name: TCP on 127.0.0.1 only" \
    test "$(psql -XqAt -w "$(<"$dir/url")" -c 'show listen_addresses')" = 127.0.0.1
  check "$name: the role's password is stored as SCRAM" \
    test "$(psql -XqAt -w "$(<"$dir/url")" -c \
      "select left(rolpassword, 13) from pg_authid where rolname = 'postgres'")" = SCRAM-SHA-256
}

check_locked_down "$cluster_dir" "the test cluster"

# A cluster as an older pg-cluster left it: trust for everyone, a superuser without a password, no
# password file. The next start must lock it down (it restarts it).
"$pg_cluster" start "$work/old" >/dev/null
old_url=$(<"$work/old/url")
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n' |
  tee "$work/old/pgdata/pg_hba.conf" >/dev/null
psql -XqAt -w "$old_url" -c 'select pg_reload_conf()' >/dev/null
old_port=$(sed -n 4p "$work/old/pgdata/postmaster.pid")
psql_without_password 127.0.0.1 "$old_port" -c 'alter role postgres password null'
rm "$(realpath "$work/old/password")" "$work/old/password" "$work/old/url"  # (may be a symlink)
"$pg_cluster" start "$work/old" >/dev/null 2>"$work/old-start.log"
check "an older cluster: its start says it sets a password" grep -q 'setting one' "$work/old-start.log"
check_locked_down "$work/old" "an older cluster"

echo "pg_cluster_security_e2e: $passed passed, $failed failed"
((failed == 0))
