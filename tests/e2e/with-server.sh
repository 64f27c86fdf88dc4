#!/usr/bin/env bash
# Runs a command against a real timelined: a fresh database on the test cluster, migrations
# applied, the seed data loaded, a free loopback port. The command sees
#   TIMELINE_ADDR      host:port of the server (plaintext)
#   TIMELINE_ROOT      the project's root folder
#   TIMELINE_TIMELINED the server binary, and TIMELINE_DATABASE_URL its database, for tests that
#                      start a second server on the same data (e.g. to restart it under a client)
# and its exit code is this script's. The server and its database are removed afterwards.
#
# Usage: tests/e2e/with-server.sh TIMELINED COMMAND [ARGS...]
# The cluster's URL is read from the file TIMELINE_TEST_PG_URL_FILE names (CTest's pg fixture
# sets it); outside CTest, start one with `scripts/pg-cluster start DIR` and point at DIR/url.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
(($# >= 2)) || { echo "usage: $0 TIMELINED COMMAND [ARGS...]" >&2; exit 2; }
timelined=$1; shift
export PATH="$root/.tools/bin:$PATH"
command -v grpcurl >/dev/null || { echo "grpcurl not found: run scripts/setup" >&2; exit 1; }
[[ -n ${TIMELINE_TEST_PG_URL_FILE:-} ]] || { echo "TIMELINE_TEST_PG_URL_FILE is not set" >&2; exit 2; }

cluster=$(cat "$TIMELINE_TEST_PG_URL_FILE")
db="client_$$_$RANDOM"
psql -X -q "$cluster" -c "CREATE DATABASE $db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
log=$(mktemp)
database_url="${cluster%/*}/$db"
"$timelined" serve --database_url="$database_url" --listen="$addr" \
  --migrations_dir="$root/migrations" --data_dir="$root/data" 2>"$log" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  psql -X -q "$cluster" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -f "$log"
}
trap cleanup EXIT

for _ in $(seq 200); do
  grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null | grep -q SERVING && break
  kill -0 "$server" 2>/dev/null || { echo "timelined exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done

status=0
TIMELINE_ADDR=$addr TIMELINE_ROOT=$root TIMELINE_TIMELINED=$(realpath "$timelined") \
  TIMELINE_DATABASE_URL=$database_url "$@" || status=$?
if ((status != 0)); then
  echo "--- timelined log ---" >&2
  tail -50 "$log" >&2
fi
exit "$status"
