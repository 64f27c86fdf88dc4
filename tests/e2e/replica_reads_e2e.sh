#!/usr/bin/env bash
# timelined --read_database_url against a real streaming standby, through grpcurl as
# docs/replicas.md shows it: a write's -v output carries the timeline-consistency-token trailer;
# while the standby's replay is paused, a read without the token misses the write (the standby
# served it) and a read with it (-H) sees it (the primary served it).
# Usage: replica_reads_e2e.sh TIMELINED   (CTest: fixtures pg and pg_standby)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
timelined=$1
export PATH="$root/.tools/bin:$PATH"
cluster=$(cat "$TIMELINE_TEST_PG_URL_FILE")
standby=$(cat "$TIMELINE_TEST_STANDBY_DIR/url")
db="replica_$$_$RANDOM"
primary_url="${cluster%/*}/$db"
replica_url="${standby%/*}/$db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
log=$(mktemp)
server=
cleanup() {
  psql -X -q "$replica_url" -c "SELECT pg_wal_replay_resume()" >/dev/null 2>&1 || true
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  psql -X -q "$cluster" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -f "$log"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; echo "--- timelined log ---" >&2; tail -30 "$log" >&2; exit 1; }

psql -X -q "$cluster" -c "CREATE DATABASE $db"
"$timelined" serve --database_url="$primary_url" --read_database_url="$replica_url" \
  --replica_wait=300ms --listen="$addr" --migrations_dir="$root/migrations" \
  --data_dir="$root/data" 2>"$log" &
server=$!
for _ in $(seq 300); do
  grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null | grep -q SERVING && break
  kill -0 "$server" 2>/dev/null || fail "timelined exited"
  sleep 0.1
done
for _ in $(seq 100); do grep -q "^replica: answers" "$log" && break; sleep 0.1; done
grep -q "^replica: answers" "$log" || fail "the server never reached the replica"

# Creates an event titled $1; prints grpcurl -v's output.
create() {
  grpcurl -plaintext -v -d @ "$addr" timeline.v1.EventService/CreateEvent <<JSON
{"event": {"title": "$1", "eventType": "statement",
  "time": {"startTime": "2024-09-20T00:00:00Z", "endTime": "2024-09-21T00:00:00Z", "precision": "PRECISION_DAY"},
  "actors": [{"actor": "actors/mali", "role": "SPEAKER"}],
  "places": [{"place": "places/ml-bamako", "role": "LOCATION"}],
  "sources": [{"source": "sources/erem-news-2024-10-12-bamako-ankara", "quote": "words of $1"}]}}
JSON
}
token_of() { sed -n 's/^timeline-consistency-token: //p' <<<"$1" | tr -d '\r'; }
name_of() { sed -n 's/^  "name": "\(events\/[^"]*\)".*/\1/p' <<<"$1" | head -1; }
get() {  # $1 = name, $2 = token or empty; prints the answer or the error, whichever came
  grpcurl -plaintext ${2:+-H "timeline-consistency-token: $2"} -d "{\"name\": \"$1\"}" \
    "$addr" timeline.v1.EventService/GetEvent 2>&1 || true
}

out=$(create "replica e2e one")
token=$(token_of "$out")
name=$(name_of "$out")
[[ $token =~ ^[0-9A-F]+/[0-9A-F]+$ ]] || fail "no consistency token in the trailers: $out"
[[ -n $name ]] || fail "no event name: $out"
[[ $(get "$name" "$token") == *'"title": "replica e2e one"'* ]] || fail "read with the token missed the write"

psql -X -q "$replica_url" -c "SELECT pg_wal_replay_pause()" >/dev/null
out=$(create "replica e2e two")
token=$(token_of "$out")
name=$(name_of "$out")
[[ $(get "$name" "") == *"Code: NotFound"* ]] || fail "a read without the token did not come from the paused standby"
[[ $(get "$name" "$token") == *'"title": "replica e2e two"'* ]] || fail "the token did not bring the write"
bad=$(get "$name" "not-a-token")
[[ $bad == *"Code: InvalidArgument"* && $bad == *timeline-consistency-token* ]] ||
  fail "a malformed token was not refused naming timeline-consistency-token: $bad"

# The Python client against the same paused standby: one Client reads its own write (it sends its
# token), a fresh one misses it, and one given the token sees it. It runs from this checkout's
# sources with its gRPC modules generated into a temporary copy.
python=$root/.tools/python/bin/python
[[ -x $python ]] || fail "no $python: run scripts/setup"
pydir=$(mktemp -d)
trap 'rm -rf "$pydir"; cleanup' EXIT
cp -R "$root/clients/python/src/timeline_client" "$pydir/"
rm -rf "$pydir/timeline_client/_proto"
"$python" "$root/clients/python/protogen.py" --out "$pydir/timeline_client/_proto" >/dev/null
PYTHONPATH=$pydir "$python" - "$addr" <<'PY' || fail "the Python client did not read its own write"
import sys

from google.protobuf import json_format

from timeline_client import Client, Event, NotFound, _pb

address = sys.argv[1]
title = "replica e2e python"
message = json_format.ParseDict(
    {"title": title, "eventType": "statement",
     "time": {"startTime": "2024-09-20T00:00:00Z", "endTime": "2024-09-21T00:00:00Z",
              "precision": "PRECISION_DAY"},
     "actors": [{"actor": "actors/mali", "role": "SPEAKER"}],
     "places": [{"place": "places/ml-bamako", "role": "LOCATION"}],
     "sources": [{"source": "sources/erem-news-2024-10-12-bamako-ankara", "quote": "words"}]},
    _pb.event_pb2.Event())
writer = Client(address)
created = writer.create_event(Event.from_pb(message))
token = writer.consistency_token
assert token, "no consistency token kept"
assert writer.get_event(created.name).title == title
try:
    Client(address).get_event(created.name)
    raise AssertionError("a client without the token read the write from a paused standby")
except NotFound:
    pass
given = Client(address, metadata=[("timeline-consistency-token", token)])
assert given.get_event(created.name).title == title
print("python client: ok, token", token)
PY

# The Go client, likewise (clients/go/timeline/consistency_standby_test.go).
command -v go >/dev/null || PATH=$PATH:/usr/local/go/bin
(cd "$root/clients/go" && TIMELINE_ADDR=$addr go test -tags pausedstandby -count=1 -v \
  -run '^TestReadsItsOwnWritesFromAPausedStandby$' ./timeline >"$pydir/go.log" 2>&1) &&
  grep -q -- '--- PASS: TestReadsItsOwnWritesFromAPausedStandby' "$pydir/go.log" ||
  { cat "$pydir/go.log" >&2; fail "the Go client did not read its own write"; }
echo "go client: ok"

# The TypeScript client, likewise (clients/typescript/test/standby-check.ts), compiled into a
# folder of its own beside node_modules so that it does not race run-tests over dist/. Its types
# are generated first (src/gen/ is not committed, and this test may run before the client's own):
# CTest's resource lock "typescript_gen" keeps run-tests from regenerating them meanwhile.
ts=$root/clients/typescript
[[ -d $ts/node_modules ]] || fail "no $ts/node_modules: run scripts/setup"
"$ts/scripts/generate" >/dev/null
tsout=$(mktemp -d "$ts/.e2e-build.XXXXXX")
trap 'rm -rf "$pydir" "$tsout"; cleanup' EXIT
"$ts/node_modules/.bin/tsc" -p "$ts" --outDir "$tsout"
node "$tsout/test/standby-check.js" "$addr" || fail "the TypeScript client did not read its own write"
echo "replica_reads_e2e: ok (token $token)"
