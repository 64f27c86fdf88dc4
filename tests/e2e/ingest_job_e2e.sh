#!/usr/bin/env bash
# End to end: the real timeline-ingest against the real timelined on fresh databases of the test
# cluster — re-imports that change nothing, a run killed mid-way and resumed that ends like one
# clean run, malformed lines, and a server that comes up after the job started.
# Usage: tests/e2e/ingest_job_e2e.sh TIMELINED TIMELINE_INGEST
#        (TIMELINE_TEST_PG_URL_FILE names the cluster URL, as for grpcurl_e2e.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
timelined=$1
ingest=$2
export PATH="$root/.tools/bin:$PATH"
command -v grpcurl >/dev/null || { echo "grpcurl not found: run scripts/setup" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq not found: run scripts/setup" >&2; exit 1; }

cluster=$(cat "$TIMELINE_TEST_PG_URL_FILE")
work=$(mktemp -d)
databases=()
servers=()
cleanup() {
  local pid db
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${databases[@]}"; do
    psql -X -q "$cluster" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

make_database() {  # $1 = suffix; sets database_url
  local db="ingest_e2e_$$_$1"
  psql -X -q "$cluster" -c "CREATE DATABASE $db"
  databases+=("$db")
  database_url="${cluster%/*}/$db"
}

start_server() {  # $1 = database URL, $2 = host:port; sets server_pid
  "$timelined" serve --database_url="$1" --listen="$2" --migrations_dir="$root/migrations" \
    --data_dir="$root/data" 2>>"$work/server-${2##*:}.log" &
  server_pid=$!
  servers+=("$server_pid")
}

wait_ready() {  # $1 = host:port, $2 = server pid
  for _ in $(seq 300); do
    grpcurl -plaintext -max-time 1 "$1" grpc.health.v1.Health/Check 2>/dev/null | grep -q SERVING && return 0
    kill -0 "$2" 2>/dev/null || { cat "$work/server-${1##*:}.log" >&2; return 1; }
    sleep 0.1
  done
  echo "server on $1 not ready" >&2
  return 1
}

stop_server() {  # $1 = pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Every event of the server at $1, one canonical JSON line each (what a record decides, not the
# names, times or etags the server makes up), sorted.
list_events() {
  local token="" page
  while :; do
    page=$(grpcurl -plaintext -d "{\"page_size\": 1000, \"page_token\": \"$token\"}" "$1" \
      timeline.v1.EventService/ListEvents)
    jq -c '.events[]? | {title, event_type, summary, time, places: [.places[]?.place],
                         fatalities, injured, external_ids}' <<<"$page"
    token=$(jq -r '.next_page_token // .nextPageToken // empty' <<<"$page")
    [[ -n $token ]] || break
  done | sort
}

summary_of() { grep ' records in ' "$1" | tail -1; }

# $1 = file, $2 = first record, $3 = last record, $4 = title prefix, $5 = which records carry an
# external id: "all" or "even" (the others have none, so writing one twice would show).
write_jsonl() {
  python3 - "$@" <<'EOF'
import json, sys
path, first, last, prefix, ids = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
with open(path, "w") as out:
    for i in range(first, last + 1):
        day = 1 + i % 28
        record = {
            "title": f"{prefix} {i}",
            "event_type": ["attack", "armed_clash", "protest"][i % 3],
            "summary": f"Generated record {i} of the ingest job's end-to-end test.",
            "time": {"start_time": f"2024-09-{day:02d}T00:00:00Z",
                     "end_time": f"2024-09-{day + 1:02d}T00:00:00Z", "precision": "PRECISION_DAY",
                     "time_zone": "Africa/Bamako"},
            "places": [{"place": "places/ml-bamako"}],
            "fatalities": {"best": i % 7},
        }
        if ids == "all" or i % 2 == 0:
            record["external_id"] = {"system": "e2e", "id": f"{prefix.replace(' ', '-')}-{i}"}
        out.write(json.dumps(record) + "\n")
EOF
}

write_acled() {  # $1 = file
  cat >"$1" <<'EOF'
event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
E2E0001,2024-08-25,2024,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of Mali (2021-),,1,Civilians (Mali),,7,17,Civilian targeting,466,Western Africa,Mali,Kidal,Tessalit,,Tinzaouaten,19.9571,1.9386,1,Reuters,International,"E2E: a drone strike hit Tinzaouaten.",21,,1725917190
E2E0002,2024-09-17,2024,1,Political violence,Battles,Armed clash,JNIM: Group for Support of Islam and Muslims,,2,Military Forces of Mali (2021-),,1,12,,466,Western Africa,Mali,Bamako,Bamako,,Bamako,12.6392,-8.0029,1,Al Jazeera,International,"E2E: JNIM attacked the gendarmerie school in Bamako.",77,,1726817190
E2E0003,2024-09-20,2024,2,Demonstrations,Protests,Peaceful protest,Protesters (Mali),,6,,,0,60,,466,Western Africa,Mali,Bamako,Bamako,,Bamako,12.6392,-8.0029,1,Studio Tamani,National,"E2E: a protest in Bamako.",0,,1727017190
E2E0004,2024-10-02,2024,1,Political violence,Battles,Armed clash,Military Forces of Mali (2021-),,1,JNIM: Group for Support of Islam and Muslims,,2,12,,466,Western Africa,Mali,Kidal,Tessalit,,Tessalit,20.2011,1.0111,2,RFI,International,"E2E: fighting near Tessalit.",5,,1728017190
EOF
}

make_database main
main_url=$database_url
main_addr="127.0.0.1:$(free_port)"
start_server "$main_url" "$main_addr"
main_server=$server_pid
wait_ready "$main_addr" "$main_server"

# --- Importing the same files twice changes nothing -------------------------------------------
write_jsonl "$work/twice.jsonl" 1 40 "twice record" all
write_acled "$work/acled-e2e.csv"
set +e
"$ingest" --server="$main_addr" "$work/twice.jsonl" "$work/acled-e2e.csv" 2>"$work/twice-1.log"
first_rc=$?
"$ingest" --server="$main_addr" "$work/twice.jsonl" "$work/acled-e2e.csv" 2>"$work/twice-2.log"
second_rc=$?
set -e
check "first import exits 0" test "$first_rc" = 0
check "first import creates all 44 records" \
  grep -q ': 44 created, 0 updated, 0 unchanged, 0 rejected' <(summary_of "$work/twice-1.log")
count_after_first=$(list_events "$main_addr" | wc -l)
check "second import exits 0" test "$second_rc" = 0
check "second import: 0 created, all 44 unchanged" \
  grep -q ': 0 created, 0 updated, 44 unchanged, 0 rejected' <(summary_of "$work/twice-2.log")
check "second import leaves the event count as it was" \
  test "$(list_events "$main_addr" | wc -l)" = "$count_after_first"
"$ingest" --server="$main_addr" --checkpoint_dir="$work/ckpt-twice" "$work/twice.jsonl" 2>/dev/null
"$ingest" --server="$main_addr" --checkpoint_dir="$work/ckpt-twice" "$work/twice.jsonl" \
  2>"$work/twice-ckpt.log"
check "with a checkpoint, a run on an unchanged file sends nothing" \
  grep -q ' 0 records in ' <(summary_of "$work/twice-ckpt.log")
[[ $failed -eq 0 ]] || { cat "$work"/twice-*.log >&2; }

# --- The imported ACLED events answer by actor, place and time range ---------------------------
acled_ids() {  # the ACLED ids among the events a ListEvents request ($1, JSON) selects
  grpcurl -plaintext -d "$1" "$main_addr" timeline.v1.EventService/ListEvents |
    jq -r '[.events[]?.external_ids[]? | select(.system == "acled") | .id] | sort | join(" ")'
}
jnim=$(grpcurl -plaintext -d '{"query": "JNIM: Group for Support of Islam and Muslims"}' \
  "$main_addr" timeline.v1.ActorService/ListActors | jq -r '.actors[0].name')
check "ACLED by actor: JNIM's two events" \
  test "$(acled_ids "{\"actors\": [\"$jnim\"]}")" = "E2E0002 E2E0004"
check "ACLED by place and time: Bamako, September 2024" \
  test "$(acled_ids '{"places": ["places/ml-bamako"], "time_range": {"start_time": "2024-09-01T00:00:00Z", "end_time": "2024-10-01T00:00:00Z"}}')" = "E2E0002 E2E0003"
check "ACLED by country and time: Mali, from 1 October 2024" \
  test "$(acled_ids '{"places": ["places/ml"], "time_range": {"start_time": "2024-10-01T00:00:00Z"}}')" = "E2E0004"

# --- Malformed lines and rejected records: exit 1, the rest lands -----------------------------
bad="$work/malformed.jsonl"
write_jsonl "$work/good.jsonl" 1 3 "malformed-file record" all
{
  sed -n 1p "$work/good.jsonl"
  echo '{"title": "cut short",'
  sed -n 2p "$work/good.jsonl"
  echo '{"titel": "a typo in a field name", "event_type": "attack"}'
  sed -n 3p "$work/good.jsonl"
  echo '{"external_id": {"system": "e2e", "id": "no-type"}, "title": "no event type", "time": {"start_time": "2024-09-01T00:00:00Z", "end_time": "2024-09-02T00:00:00Z", "precision": "PRECISION_DAY"}}'
} >"$bad"
set +e
"$ingest" --server="$main_addr" "$bad" 2>"$work/malformed.log"
malformed_rc=$?
set -e
check "malformed lines exit 1" test "$malformed_rc" = 1
check "malformed lines are named FILE:LINE" \
  bash -c "grep -q '^$bad:2: ' '$work/malformed.log' && grep -q '^$bad:4: ' '$work/malformed.log'"
check "a rejected record is named FILE:LINE: field: message" \
  grep -q "^$bad:6: event_type: " "$work/malformed.log"
check "the well-formed records landed" \
  test "$(list_events "$main_addr" | grep -c '"title":"malformed-file record')" = 3
[[ $malformed_rc -eq 1 ]] || cat "$work/malformed.log" >&2

# --- An export in Windows-1252 or UTF-16 imports as downloaded -------------------------------
# The same 12 ACLED rows in three encodings: the first import creates them, the other two find
# every record unchanged — so all three decode to the same text.
data="$root/clients/ingest/tests/data"
set +e
"$ingest" --server="$main_addr" "$data/acled-2015-cp1252.csv" 2>"$work/cp1252.log"
cp1252_rc=$?
"$ingest" --server="$main_addr" "$data/acled-2015-utf16.csv" 2>"$work/utf16.log"
utf16_rc=$?
"$ingest" --server="$main_addr" "$data/acled-2015-utf8.csv" 2>"$work/utf8.log"
utf8_rc=$?
set -e
check "a Windows-1252 export imports (exit 0)" test "$cp1252_rc" = 0
check "... and the summary says it was read as windows-1252" \
  grep -q 'acled-2015-cp1252.csv: read as windows-1252 (detected' "$work/cp1252.log"
check "... every row created" \
  grep -q ': 12 created, 0 updated, 0 unchanged, 0 rejected' <(summary_of "$work/cp1252.log")
check "... curly quotes and accents arrive as written" \
  bash -c "grpcurl -plaintext -d '{\"page_size\": 1000}' '$main_addr' timeline.v1.EventService/ListEvents \
    | grep -q 'Students marched on the “université” campus; police used tear gas – several hurt.'"
check "the UTF-16 copy reads the same (exit 0, 12 unchanged)" \
  bash -c "test $utf16_rc = 0 && grep -q ': 0 created, 0 updated, 12 unchanged, 0 rejected' \
    <(grep ' records in ' '$work/utf16.log' | tail -1)"
check "the UTF-8 copy reads the same (exit 0, 12 unchanged)" \
  bash -c "test $utf8_rc = 0 && grep -q ': 0 created, 0 updated, 12 unchanged, 0 rejected' \
    <(grep ' records in ' '$work/utf8.log' | tail -1)"
[[ $cp1252_rc -eq 0 && $utf16_rc -eq 0 ]] || cat "$work/cp1252.log" "$work/utf16.log" >&2

# --- A run killed twice mid-way and resumed ends like one clean run ---------------------------
total=2000
write_jsonl "$work/kill.jsonl" 1 "$total" "kill record" even
checkpoint_dir="$work/ckpt-kill"
committed_line() {  # the checkpoint's committed line, 0 before there is one
  jq -r '.line' "$checkpoint_dir"/kill.jsonl.*.json 2>/dev/null || echo 0
}
# Three batches in flight at once: the kill leaves up to three sent and unanswered, some of them
# committed by the server, which the resumed run (with two) must send again without writing twice.
kill_after_progress() {  # starts the job and kills it (-9) once a batch past line $1 committed
  "$ingest" --server="$main_addr" --batch_size=20 --in_flight=3 \
    --checkpoint_dir="$checkpoint_dir" "$work/kill.jsonl" 2>>"$work/kill.log" &
  local job=$! line
  for _ in $(seq 600); do
    line=$(committed_line)
    ((line > $1)) && break
    kill -0 "$job" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 "$job" 2>/dev/null || true
  wait "$job" 2>/dev/null || true
  echo "info killed with lines 1-$(committed_line) committed; in flight: $(jq -r \
    'if .pending_last_line then "lines \(.pending_first_line)-\(.pending_last_line), cut after \(.pending_cuts // [])" else "none" end' \
    "$checkpoint_dir"/kill.jsonl.*.json)"
}
kill_after_progress 0
first_kill=$(committed_line)
kill_after_progress "$first_kill"
second_kill=$(committed_line)
check "the job was killed mid-run, twice ($first_kill, then $second_kill of $total lines)" \
  bash -c "((0 < $first_kill && $first_kill < $second_kill && $second_kill < $total))"
set +e
"$ingest" --server="$main_addr" --batch_size=20 --in_flight=2 --checkpoint_dir="$checkpoint_dir" \
  "$work/kill.jsonl" 2>"$work/kill-resume.log"
resume_rc=$?
set -e
check "the resumed run exits 0" test "$resume_rc" = 0
check "the resumed run resumes after the committed lines" \
  grep -q "lines 1-$second_kill already imported: resuming after them" "$work/kill-resume.log"
check "the checkpoint covers the whole file" test "$(committed_line)" = "$total"

make_database clean
clean_addr="127.0.0.1:$(free_port)"
start_server "$database_url" "$clean_addr"
clean_server=$server_pid
wait_ready "$clean_addr" "$clean_server"
"$ingest" --server="$clean_addr" --batch_size=500 "$work/kill.jsonl" 2>"$work/kill-clean.log"
list_events "$main_addr" | grep '"title":"kill record ' >"$work/kill-resumed.events" || true
list_events "$clean_addr" | grep '"title":"kill record ' >"$work/kill-clean.events" || true
check "killed and resumed: exactly $total events" test "$(wc -l <"$work/kill-resumed.events")" = "$total"
check "killed and resumed: the same events as one clean run" \
  cmp -s "$work/kill-resumed.events" "$work/kill-clean.events"
stop_server "$clean_server"

# --- Batches in flight: the versions of one record land in the file's order --------------------
# Every record is sent twice, its correction 5 lines after it, in the next batch of 5: with four
# batches in flight, a batch holding a correction still waits for the one holding the original.
python3 - "$work/corrections.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as out:
    for batch in range(6):
        for version in ("first", "corrected"):
            for i in range(batch * 5, batch * 5 + 5):
                out.write(json.dumps({
                    "external_id": {"system": "e2e", "id": f"correction-{i}"},
                    "title": f"correction record {i} {version}", "event_type": "protest",
                    "time": {"start_time": "2024-09-01T00:00:00Z",
                             "end_time": "2024-09-02T00:00:00Z", "precision": "PRECISION_DAY"},
                    "places": [{"place": "places/ml-bamako"}]}) + "\n")
EOF
set +e
"$ingest" --server="$main_addr" --batch_size=5 --in_flight=4 "$work/corrections.jsonl" \
  2>"$work/corrections.log"
corrections_rc=$?
set -e
list_events "$main_addr" | jq -r '.title' | grep '^correction record ' >"$work/corrections.titles" || true
check "corrections with four batches in flight: exit 0, 30 created, 30 updated" \
  bash -c "test $corrections_rc = 0 && grep -q ': 30 created, 30 updated, 0 unchanged, 0 rejected' \
    <(grep ' records in ' '$work/corrections.log' | tail -1)"
check "... and every record holds its last version" \
  bash -c "test \"\$(grep -c ' corrected\$' '$work/corrections.titles')\" = 30 \
    && test \"\$(wc -l <'$work/corrections.titles')\" = 30"
[[ $corrections_rc -eq 0 ]] || cat "$work/corrections.log" >&2

# --- A server that is not listening yet: UNAVAILABLE, retried ---------------------------------
late_addr="127.0.0.1:$(free_port)"
write_jsonl "$work/late.jsonl" 1 5 "late record" all
"$ingest" --server="$late_addr" "$work/late.jsonl" 2>"$work/late.log" &
late_job=$!
sleep 2
start_server "$main_url" "$late_addr"
late_server=$server_pid
set +e
wait "$late_job"
late_rc=$?
set -e
check "a job started before its server succeeds" test "$late_rc" = 0
check "... after retrying UNAVAILABLE" grep -q 'UNAVAILABLE: .*; retrying in ' "$work/late.log"
check "... and imports its records" \
  grep -q ': 5 created, 0 updated, 0 unchanged, 0 rejected' <(summary_of "$work/late.log")
[[ $late_rc -eq 0 ]] || cat "$work/late.log" >&2
stop_server "$late_server"

# --- a server that wants TLS and a bearer token --------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$work/tls.key" -out "$work/tls.pem" 2>/dev/null
printf '# the ingest job\ningest-e2e-token-0123456789\n' >"$work/tokens"
printf 'ingest-e2e-token-0123456789\n' >"$work/token"
make_database tls
tls_port=$(free_port)
"$timelined" serve --database_url="$database_url" --listen="127.0.0.1:$tls_port" \
  --migrations_dir="$root/migrations" --data_dir="$root/data" --tls_cert_file="$work/tls.pem" \
  --tls_key_file="$work/tls.key" --auth_tokens_file="$work/tokens" 2>>"$work/server-tls.log" &
tls_server=$!
servers+=("$tls_server")
for _ in $(seq 300); do
  grpcurl -cacert "$work/tls.pem" -max-time 1 "localhost:$tls_port" grpc.health.v1.Health/Check \
    2>/dev/null | grep -q SERVING && break
  sleep 0.1
done
write_jsonl "$work/tls.jsonl" 1 3 "tls record" all
run_tls() {  # extra flags...; sets tls_rc, output in $work/tls.log
  set +e
  "$ingest" --server="localhost:$tls_port" --max_attempts=2 --retry_budget=3s "$@" "$work/tls.jsonl" \
    2>"$work/tls.log"
  tls_rc=$?
  set -e
}
run_tls --tls_ca_file="$work/tls.pem" --auth_token_file="$work/token"
check "over TLS with a token, the job imports its records" \
  grep -q ': 3 created, 0 updated, 0 unchanged, 0 rejected' <(summary_of "$work/tls.log")
[[ $tls_rc -eq 0 ]] || { cat "$work/tls.log" "$work/server-tls.log" >&2; }
TIMELINE_AUTH_TOKEN=ingest-e2e-token-0123456789 run_tls --tls_ca_file="$work/tls.pem"
check "the token may come from TIMELINE_AUTH_TOKEN" test "$tls_rc" = 0
run_tls --tls_ca_file="$work/tls.pem"
check "without a token the job stops with exit 2 and says UNAUTHENTICATED" \
  bash -c "test $tls_rc = 2 && grep -q UNAUTHENTICATED '$work/tls.log'"
run_tls --auth_token_file="$work/token"
check "a token without TLS is a usage error" \
  bash -c "test $tls_rc = 2 && grep -q 'a bearer token needs TLS' '$work/tls.log'"
run_tls --tls --auth_token_file="$work/token"
check "TLS against a certificate the system does not trust fails, exit 2" test "$tls_rc" = 2

echo "ingest e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
