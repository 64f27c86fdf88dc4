#!/usr/bin/env bash
# End to end: the database's leader is killed (kill -9 of its postmaster) in the middle of an
# import, and Patroni promotes a replica (scripts/ha-cluster). A timelined on the cluster's
# multi-host URL follows the new leader; the import finishes by itself; then
#   - the events in the database are the records of the file, each once (by external id);
#   - a watcher that reconnects with its cursor whenever its stream ends saw every event's creation
#     exactly once;
#   - no call was answered INTERNAL, and every write answered OK is in the database;
#   - health said NOT_SERVING at some point during the switch and SERVING after it.
# It prints the seconds writes were unavailable: from the first failed write of a prober (one
# CreateEvent every 100 ms) to its first successful write after that.
# Usage: tests/e2e/failover_e2e.sh TIMELINED TIMELINE_INGEST [RECORDS (default 5000)]
#        TIMELINE_FAILOVER_LOGS=DIR keeps the logs of the server, the job, the watcher and the prober
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
timelined=$1
ingest=$2
total=${3:-5000}
export PATH="$root/.tools/bin:$PATH"
for tool in grpcurl jq psql; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/setup" >&2; exit 1; }
done

work=$(mktemp -d)
cluster=$work/ha
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n ${TIMELINE_FAILOVER_LOGS:-} ]]; then
    mkdir -p "$TIMELINE_FAILOVER_LOGS"
    cp "$work"/*.log "$work"/watch.* "$work/probes" "$TIMELINE_FAILOVER_LOGS"/ 2>/dev/null || true
  fi
  "$root/scripts/ha-cluster" destroy "$cluster" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
now() { date +%s.%N; }

# --- the cluster and the server --------------------------------------------------------------
TIMELINE_PG_FAST=1 "$root/scripts/ha-cluster" start "$cluster" >/dev/null
url=$(<"$cluster/url")
# The test's own queries: while the killed node rejoins as a standby, libpq may reach it as it
# closes the connection; a query is tried again rather than read as an empty answer.
sql() {
  for _ in 1 2 3 4 5; do
    psql -XqAt "$url" -c "$1" && return 0
    sleep 1
  done
  return 1
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
"$timelined" serve --database_url="$url" --listen="$addr" \
  --migrations_dir="$root/migrations" --data_dir="$root/data" 2>"$work/server.log" &
server=$!
pids+=("$server")
health() { grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null | jq -r .status; }
for _ in $(seq 600); do
  [[ $(health) == SERVING ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

# --- the fixture: every record with its own external id --------------------------------------
python3 - "$work/failover.jsonl" "$total" <<'PY'
import json, sys
path, total = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for i in range(1, total + 1):
        day = 1 + i % 28
        out.write(json.dumps({
            "title": f"failover record {i}",
            "event_type": ["attack", "armed_clash", "protest"][i % 3],
            "time": {"start_time": f"2024-10-{day:02d}T00:00:00Z",
                     "end_time": f"2024-10-{day + 1:02d}T00:00:00Z", "precision": "PRECISION_DAY"},
            "places": [{"place": "places/ml-bamako"}],
            "external_id": {"system": "failover-e2e", "id": f"record-{i}"},
        }) + "\n")
PY

event_names() { sql "select 'events/' || resource_id from events" | sort; }
event_names >"$work/events.before"
# Nothing writes until the prober and the import start, so the log's last position now is where
# the events above end. (A start_time would be a second's resolution: the seed data the server
# loaded in that same second would come back too.)
start_position=$(sql "select coalesce(max(position), 0) from changes")

# --- a watcher that resumes from its last cursor whenever its stream ends ---------------------
(
  request="{\"cursor\": \"$start_position\"}"
  while true; do
    grpcurl -plaintext -d "$request" "$addr" timeline.v1.EventService/WatchEvents 2>>"$work/watch.err" |
      jq --unbuffered -c '{kind, name: .event.name, cursor}' >>"$work/watch.jsonl" || true
    echo "stream ended $(now)" >>"$work/watch.err"
    cursor=$(tail -n 1 "$work/watch.jsonl" 2>/dev/null | jq -r '.cursor // empty' || true)
    [[ -z $cursor ]] || request="{\"cursor\": \"$cursor\"}"
    sleep 0.2
  done
) &
pids+=($!)

# --- a prober: one write every 100 ms, its start time and answer ------------------------------
(
  i=0
  while true; do
    i=$((i + 1))
    start=$(now)
    answer=$(grpcurl -plaintext -max-time 5 -d "{\"event_id\": \"probe-$i\", \"request_id\": \"probe-$i\",
      \"event\": {\"title\": \"probe $i\", \"event_type\": \"statement\",
        \"time\": {\"start_time\": \"2024-11-01T00:00:00Z\", \"end_time\": \"2024-11-02T00:00:00Z\",
                 \"precision\": \"PRECISION_DAY\"}}}" \
      "$addr" timeline.v1.EventService/CreateEvent 2>&1 >/dev/null | sed -n 's/^ *Code: //p' || true)
    echo "$start probe-$i ${answer:-OK}" >>"$work/probes"
    sleep 0.1
  done
) &
prober=$!
pids+=("$prober")

# --- the import, and the leader killed in its middle --------------------------------------------
checkpoints="$work/checkpoints"
committed_line() { jq -r '.line' "$checkpoints"/failover.jsonl.*.json 2>/dev/null || echo 0; }
"$ingest" --server="$addr" --batch_size=250 --checkpoint_dir="$checkpoints" "$work/failover.jsonl" \
  2>"$work/job.log" &
job=$!
pids+=("$job")
for _ in $(seq 1200); do
  (($(committed_line) >= total / 3)) && break
  kill -0 "$job" 2>/dev/null || break
  sleep 0.05
done
read -r leader postmaster < <("$root/scripts/ha-cluster" leader "$cluster")
at_kill=$(committed_line)
killed_at=$(now)
kill -9 "$postmaster"
echo "info killed $leader's postmaster ($postmaster) with lines 1-$at_kill of $total committed"
check "the leader died in the middle of the import" \
  bash -c "((0 < $at_kill && $at_kill < $total)) && kill -0 $job"

# Health while the cluster switches, until it says SERVING again.
saw_not_serving=0 serving_again=
for _ in $(seq 600); do
  case $(health) in
    NOT_SERVING) saw_not_serving=1 ;;
    SERVING) if ((saw_not_serving)); then serving_again=$(now); break; fi ;;
  esac
  sleep 0.1
done

set +e
wait "$job"
job_rc=$?
set -e
check "the import ends by itself with exit 0" test "$job_rc" = 0
check "... after retrying a failed batch" grep -q 'retrying in ' "$work/job.log"
read -r new_leader _ < <("$root/scripts/ha-cluster" leader "$cluster" || true)
check "Patroni promoted another node ($leader -> $new_leader)" \
  bash -c "[[ -n '$new_leader' && '$new_leader' != '$leader' ]]"
check "health said NOT_SERVING during the switch and SERVING after it" test -n "$serving_again"

sleep 1  # the prober's last writes
kill "$prober" 2>/dev/null || true
wait "$prober" 2>/dev/null || true

# --- the database against the file ---------------------------------------------------------------
expected=$(seq 1 "$total" | sed 's/^/record-/' | sort)
stored=$(sql "select external_id from external_ids where system = 'failover-e2e'" | sort)
check "every record's external id is in the database, and no other ($total)" test "$stored" = "$expected"
check "every record is one event (no title twice)" test \
  "$(sql "select count(*) || ' ' || count(distinct title) from events where title like 'failover record %'")" \
  = "$total $total"

# --- the prober: codes, unavailability, OK writes stored ------------------------------------------
check "no write was answered INTERNAL or UNKNOWN" bash -c "! grep -qE ' (Internal|Unknown)$' '$work/probes'"
check "the server never logged an unexpected error" bash -c "! grep -q 'unexpected error' '$work/server.log'"
ok_probes=$(awk '$3 == "OK" {print $2}' "$work/probes" | sort)
stored_probes=$(sql "select resource_id from events where resource_id like 'probe-%'" | sort)
check "every write answered OK is in the database ($(wc -l <<<"$ok_probes"))" \
  test -z "$(comm -23 <(echo "$ok_probes") <(echo "$stored_probes"))"
read -r first_failed first_ok_after failures < <(awk -v killed="$killed_at" '
  $1 >= killed - 1 && $3 != "OK" && !f { f = $1 }
  $3 != "OK" { n++ }
  f && $3 == "OK" && !s { s = $1 }
  END { print (f ? f : 0), (s ? s : 0), n + 0 }' "$work/probes")
check "writes failed after the kill and succeeded again" \
  bash -c "[[ $first_failed != 0 && $first_ok_after != 0 ]]"
check "every failed write was UNAVAILABLE or DEADLINE_EXCEEDED ($failures)" \
  bash -c "! awk '\$3 != \"OK\" && \$3 != \"Unavailable\" && \$3 != \"DeadlineExceeded\"' '$work/probes' | grep -q ."

# --- the watcher -----------------------------------------------------------------------------------
comm -13 "$work/events.before" <(event_names) >"$work/events.new"
events=$(wc -l <"$work/events.new")
for _ in $(seq 600); do
  (($(wc -l <"$work/watch.jsonl") >= events)) && break
  sleep 0.1
done
sleep 1  # anything more would be a repeat
seen=$(jq -r 'select(.kind == "CREATED") | .name' "$work/watch.jsonl" | sort)
check "the watcher saw every event's creation once ($events events, $(wc -l <"$work/watch.jsonl") changes)" \
  test "$seen" = "$(cat "$work/events.new")"
check "... and nothing else" test "$(wc -l <"$work/watch.jsonl")" = "$events"
reconnects=$(grep -c '^stream ended' "$work/watch.err" || true)

unavailable=$(awk "BEGIN { print $first_ok_after - $first_failed }")
promoted=$(awk "BEGIN { print ${serving_again:-$killed_at} - $killed_at }")
printf 'info records %d; writes unavailable %.1f s (first failed write -> first successful write, %d writes failed); health SERVING again %.1f s after the kill; watcher reconnected %d times\n' \
  "$total" "$unavailable" "$failures" "$promoted" "$reconnects"
if ((failed > 0)); then
  tail -20 "$work/job.log" >&2; tail -30 "$work/server.log" >&2; tail -5 "$work/watch.err" >&2
fi
echo "failover_e2e: $passed passed, $failed failed"
((failed == 0))
