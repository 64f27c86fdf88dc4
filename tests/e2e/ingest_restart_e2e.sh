#!/usr/bin/env bash
# End to end: a server that crashes in the middle of an import and comes back on the same port and
# database some seconds later. The ingest job waits for it (wait-for-ready within --retry_budget),
# re-sends the batches in flight (two) with their request_ids, and ends with exit 0 and every
# record in the database exactly once.
# Usage: tests/e2e/ingest_restart_e2e.sh TIMELINED TIMELINE_INGEST [OUTAGE_SECONDS (default 30)]
#        (TIMELINE_TEST_PG_URL_FILE names the cluster URL, as for ingest_job_e2e.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
timelined=$1
ingest=$2
outage=${3:-30}
total=3000
export PATH="$root/.tools/bin:$PATH"
command -v grpcurl >/dev/null || { echo "grpcurl not found: run scripts/setup" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq not found: run scripts/setup" >&2; exit 1; }

cluster=$(cat "$TIMELINE_TEST_PG_URL_FILE")
db="ingest_restart_e2e_$$"
database_url="${cluster%/*}/$db"
work=$(mktemp -d)
server=""
job=""
cleanup() {
  [[ -z $job ]] || kill "$job" 2>/dev/null || true
  [[ -z $server ]] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  psql -X -q "$cluster" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
start_server() {
  "$timelined" serve --database_url="$database_url" --listen="$addr" \
    --migrations_dir="$root/migrations" --data_dir="$root/data" 2>>"$work/server.log" &
  server=$!
  for _ in $(seq 300); do
    grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null |
      grep -q SERVING && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "server on $addr not ready" >&2
  return 1
}

# Odd records carry no external id: one written twice would show as a duplicate title.
python3 - "$work/restart.jsonl" "$total" <<'PY'
import json, sys
path, total = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for i in range(1, total + 1):
        day = 1 + i % 28
        record = {
            "title": f"restart record {i}",
            "event_type": ["attack", "armed_clash", "protest"][i % 3],
            "time": {"start_time": f"2024-09-{day:02d}T00:00:00Z",
                     "end_time": f"2024-09-{day + 1:02d}T00:00:00Z", "precision": "PRECISION_DAY"},
            "places": [{"place": "places/ml-bamako"}],
        }
        if i % 2 == 0:
            record["external_id"] = {"system": "e2e", "id": f"restart-{i}"}
        out.write(json.dumps(record) + "\n")
PY

psql -X -q "$cluster" -c "CREATE DATABASE $db"
start_server

checkpoints="$work/checkpoints"
committed_line() { jq -r '.line' "$checkpoints"/restart.jsonl.*.json 2>/dev/null || echo 0; }
# Two batches in flight: the crash catches both, and both are retried at once until it is back.
"$ingest" --server="$addr" --batch_size=20 --in_flight=2 --checkpoint_dir="$checkpoints" \
  "$work/restart.jsonl" 2>"$work/job.log" &
job=$!
for _ in $(seq 600); do
  (($(committed_line) >= 200)) && break
  kill -0 "$job" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$server"  # a crash: the batches in flight may or may not have committed
wait "$server" 2>/dev/null || true
at_crash=$(committed_line)
echo "info server killed with lines 1-$at_crash of $total committed; down for $outage s"
check "the server went down in the middle of the import" \
  bash -c "((0 < $at_crash && $at_crash < $total)) && kill -0 $job"
sleep "$outage"
check "the job was still waiting when the server came back" kill -0 "$job"
start_server

set +e
wait "$job"
job_rc=$?
set -e
job=""
check "the job exits 0" test "$job_rc" = 0
check "... after retrying" grep -q 'UNAVAILABLE: .*; retrying in ' "$work/job.log"
count() { psql -XqAt "$database_url" -c "$1"; }
check "every record is in the database exactly once ($total)" test \
  "$(count "select count(*) || ' ' || count(distinct title) from events where title like 'restart record %'")" \
  = "$total $total"
check "the job's summary counts every record as created" \
  grep -q ": $total created, 0 updated, 0 unchanged, 0 rejected" "$work/job.log"
if ((failed > 0)); then tail -20 "$work/job.log" >&2; tail -20 "$work/server.log" >&2; fi

echo "ingest_restart_e2e: $passed passed, $failed failed"
((failed == 0))
