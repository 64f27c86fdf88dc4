#!/usr/bin/env bash
# End to end: Debian's Prometheus scrapes a real timelined. The server is started with
# --listen and --metrics_address on port 0 (the ports are read from its start-up log), Prometheus
# with a generated configuration scraping the metrics port every second, its own data folder and
# a free loopback port. The test makes known calls with grpcurl and asks Prometheus' HTTP API
# (/api/v1/query) until the target is up and the counters show those calls.
# Usage: tests/e2e/prometheus_e2e.sh TIMELINED   (TIMELINE_TEST_PG_URL_FILE names the cluster URL)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
timelined=$1
export PATH="$root/.tools/bin:$PATH"
command -v grpcurl >/dev/null || { echo "grpcurl not found: run scripts/setup" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "prometheus not found: run scripts/setup" >&2; exit 1; }

cluster=$(cat "$TIMELINE_TEST_PG_URL_FILE")
db="prometheus_e2e_$$"
database_url="${cluster%/*}/$db"
work=$(mktemp -d)
server="" prom=""
cleanup() {
  for pid in $prom $server; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql -X -q "$cluster" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*" >&2; echo "--- timelined log ---" >&2; tail -20 "$work/server.log" >&2
         echo "--- prometheus log ---" >&2; tail -20 "$work/prometheus.log" >&2 || true; exit 1; }

psql -X -q "$cluster" -c "CREATE DATABASE $db"
"$timelined" serve --database_url="$database_url" --listen=127.0.0.1:0 \
  --metrics_address=127.0.0.1:0 --migrations_dir="$root/migrations" 2>"$work/server.log" &
server=$!
for _ in $(seq 300); do
  grep -q "metrics on" "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || fail "timelined exited"
  sleep 0.1
done
grpc_port=$(sed -n 's/.*serving on .*(port \([0-9]*\).*/\1/p' "$work/server.log")
metrics_port=$(sed -n 's/.*metrics on .*(port \([0-9]*\)).*/\1/p' "$work/server.log")
[[ -n $grpc_port && -n $metrics_port ]] || fail "no ports in the start-up log"
addr="127.0.0.1:$grpc_port"
echo "timelined: gRPC port $grpc_port, metrics port $metrics_port"

prom_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: timelined
    static_configs:
      - targets: ["127.0.0.1:$metrics_port"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom=$!

# Known calls: 3 ListEvents that succeed, 2 GetEvent that find nothing.
for _ in 1 2 3; do
  grpcurl -plaintext -d '{"page_size": 1}' "$addr" timeline.v1.EventService/ListEvents >/dev/null ||
    fail "ListEvents"
done
for name in events/not-here events/nor-here; do
  if grpcurl -plaintext -d "{\"name\": \"$name\"}" "$addr" timeline.v1.EventService/GetEvent \
      >/dev/null 2>"$work/grpcurl.err"; then
    fail "GetEvent $name found something"
  fi
  grep -q NotFound "$work/grpcurl.err" || fail "GetEvent $name: $(cat "$work/grpcurl.err")"
done
# One ingest stream: two new records and one whose event type does not exist. The outcomes are
# what the stream answers; the created records are counted again in the database.
records='{"records":[
  {"external_id":{"system":"prom-e2e","id":"1"},"title":"One","event_type":"attack","date":{"text":"2023-05-17"}},
  {"external_id":{"system":"prom-e2e","id":"2"},"title":"Two","event_type":"attack","date":{"text":"2023-05-18"}},
  {"external_id":{"system":"prom-e2e","id":"3"},"title":"Three","event_type":"no-such-type","date":{"text":"2023-05-19"}}]}'
ingested=$(grpcurl -plaintext -d "$records" "$addr" timeline.v1.IngestService/IngestEvents) ||
  fail "IngestEvents"
created=$(jq '[.results[] | select(.outcome == "CREATED")] | length' <<<"$ingested")
rejected=$(jq '[.results[] | select(.outcome == "REJECTED")] | length' <<<"$ingested")
[[ $created == 2 && $rejected == 1 ]] || fail "IngestEvents answered: $ingested"
in_db=$(psql -X -At "$database_url" -c "SELECT count(*) FROM external_ids WHERE system = 'prom-e2e'")
[[ $in_db == 2 ]] || fail "external_ids: $in_db rows"

# The value of a PromQL query with one result, or nothing while there is none.
query() {
  python3 - "http://127.0.0.1:$prom_port/api/v1/query" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": sys.argv[2]})
try:
    with urllib.request.urlopen(url, timeout=2) as response:
        result = json.load(response)["data"]["result"]
except Exception:
    sys.exit(0)
if len(result) == 1:
    print(result[0]["value"][1])
PY
}
# Waits up to 60 s for `query` ($1) to equal $2.
expect() {
  local got=""
  for _ in $(seq 120); do
    got=$(query "$1")
    [[ $got == "$2" ]] && { echo "ok   $1 = $2"; return 0; }
    kill -0 "$prom" 2>/dev/null || fail "prometheus exited"
    sleep 0.5
  done
  fail "$1: want $2, got '${got}'"
}

expect 'up{job="timelined"}' 1
expect 'sum(timeline_rpc_handled_total{service="timeline.v1.EventService",method="ListEvents",code="OK"})' 3
expect 'sum(timeline_rpc_handled_total{method="GetEvent",code="NOT_FOUND"})' 2
expect 'sum(timeline_rpc_handled_total{method="GetEvent"})' 2
expect 'sum(timeline_rpc_started_total{service="timeline.v1.EventService"})' 5
expect 'sum(timeline_rpc_duration_seconds_count{service="timeline.v1.EventService"})' 5
expect 'sum(timeline_rpc_handled_total{method="IngestEvents",type="client_stream",code="OK"})' 1
expect 'timeline_ingest_records_total{stream="events",outcome="created"}' "$in_db"
expect 'timeline_ingest_records_total{stream="events",outcome="rejected"}' "$rejected"
expect 'timeline_db_pool_connections_in_use' 0
expect 'timeline_admission_queue_length' 0
expect 'timeline_watch_streams{method="WatchEvents"}' 0
# GET of a URL's body, or a non-zero exit.
http_get() {
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())' "$1"
}
# The gRPC port does not answer HTTP/1 GET /metrics: the endpoint is only on its own port.
if http_get "http://127.0.0.1:$grpc_port/metrics" >/dev/null 2>&1; then
  fail "the gRPC port serves /metrics"
fi
# An excerpt of a scrape, for the log.
http_get "http://127.0.0.1:$metrics_port/metrics" |
  grep -E '^timeline_(rpc_handled_total\{.*GetEvent|ingest_records_total|db_pool)' || true
echo "prometheus_e2e: passed"
