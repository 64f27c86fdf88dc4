#!/usr/bin/env bash
# Several servers behind one address: three timelined replicas with TLS on one database, sharing
# a page-token key file, behind HAProxy run from deploy/haproxy/timelined.cfg (its addresses and
# files replaced by this test's). Through HAProxy's one address, a listing is paged to its end
# with each page's call going to the next replica, and matches the database; HAProxy's own gRPC
# health check marks a stopped replica DOWN and the listing still completes on the others; three
# watch streams opened through it are held one by each replica. And
# the binary refuses to start on an empty or short key file.
# Usage: tests/e2e/with-server.sh TIMELINED tests/e2e/haproxy_e2e.sh   (as CTest runs it; the
# server with-server.sh starts is not used, only its database with the seed data.)
set -euo pipefail
root=$TIMELINE_ROOT
timelined=$TIMELINE_TIMELINED
url=$TIMELINE_DATABASE_URL
# Without reflection each grpcurl run is one call, so HAProxy sends successive pages to
# successive replicas.
protoset=$(dirname "$timelined")/timeline.protoset
command -v haproxy >/dev/null || { echo "haproxy not found: run scripts/setup" >&2; exit 1; }

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that a timeout still stops the servers and HAProxy

# One self-signed certificate for the replicas and for HAProxy's frontend; it is its own CA.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" \
  2>/dev/null
cat "$work/cert.pem" "$work/key.pem" >"$work/haproxy.pem"
head -c 32 /dev/urandom | base64 >"$work/page-token-secret"

api=() health=() server_pids=()
for i in 0 1 2; do
  api+=("$(free_port)") health+=("$(free_port)")
  "$timelined" serve --database_url="$url" --listen="127.0.0.1:${api[i]}" \
    --health_listen="127.0.0.1:${health[i]}" --tls_cert_file="$work/cert.pem" \
    --tls_key_file="$work/key.pem" --page_token_secret_file="$work/page-token-secret" \
    2>"$work/replica$i.log" &
  pids+=($!) server_pids+=($!)
done
serving() {  # health port: SERVING within 10 s, or the replica's log and failure
  for _ in $(seq 100); do
    grpcurl -plaintext -max-time 1 -protoset "$protoset" "127.0.0.1:$1" \
      grpc.health.v1.Health/Check 2>/dev/null | grep -q '"SERVING"' && return 0
    sleep 0.1
  done
  return 1
}
for i in 0 1 2; do
  serving "${health[i]}" || { cat "$work/replica$i.log" >&2; exit 1; }
done

# The shipped configuration with this test's addresses and files.
front=$(free_port)
sed -e "s|/etc/haproxy/timelined.pem|$work/haproxy.pem|; s|/etc/haproxy/timeline-ca.crt|$work/cert.pem|" \
  -e "s|/run/haproxy/timelined.sock|$work/stats.sock|; s|bind :50051|bind 127.0.0.1:$front|" \
  -e "/^  server timelined-/d" "$root/deploy/haproxy/timelined.cfg" >"$work/haproxy.cfg"
for i in 0 1 2; do
  echo "  server timelined-$((i + 1)) 127.0.0.1:${api[i]} check port ${health[i]}" >>"$work/haproxy.cfg"
done
haproxy -c -q -f "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" 2>"$work/haproxy.log" &
pids+=($!)

stat() {  # server name -> "status requests streams-open-now" from HAProxy's statistics
  python3 - "$work/stats.sock" "$1" 2>/dev/null <<'EOF'
import csv, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
rows = csv.DictReader(data.decode().lstrip("# ").splitlines())
for row in rows:
    if row["pxname"] == "timelined" and row["svname"] == sys.argv[2]:
        print(row["status"], row["req_tot"] or row["stot"], row["scur"])
EOF
}
wait_status() {  # server, status: waits up to 15 s
  for _ in $(seq 150); do
    [[ $(stat "$1" | cut -d' ' -f1) == "$2" ]] && return 0
    sleep 0.1
  done
  echo "$1: $(stat "$1")" >&2
  return 1
}
for i in 1 2 3; do check "HAProxy's gRPC health check finds timelined-$i UP" wait_status "timelined-$i" UP; done

export LC_ALL=C  # one sort order for the truth and the listing
truth=$(psql -XAt "$url" -c "SELECT 'events/' || resource_id FROM events WHERE delete_time IS NULL" |
  sort | tr '\n' ' ')
list_all() {  # pages of two through HAProxy, to the end; prints the names sorted
  local token="" names="" response
  for _ in $(seq 100); do
    response=$(grpcurl -max-time 10 -protoset "$protoset" -cacert "$work/cert.pem" -d "{\"page_size\": 2, \"page_token\": \"$token\"}" \
      "127.0.0.1:$front" timeline.v1.EventService/ListEvents) || return 1
    names+=$(jq -r '.events[]?.name' <<<"$response")$'\n'
    token=$(jq -r '.next_page_token // .nextPageToken // ""' <<<"$response")
    [[ -n $token ]] || break
  done
  sort <<<"$names" | sed '/^$/d' | tr '\n' ' '
}
requests() { stat "$1" | cut -d' ' -f2; }
before=($(requests timelined-1) $(requests timelined-2) $(requests timelined-3))
listed=$(list_all)
check "pages through HAProxy give every event, once ($(wc -w <<<"$truth") events)" \
  test "$listed" = "$truth"
[[ $listed == "$truth" ]] || printf 'listed: %s\ntruth:  %s\n' "$listed" "$truth"
all_served() {  # each replica's request count grew (HAProxy counts a call when its stream ends,
  # which may be just after the client has the answer, so this waits up to 3 s)
  local i
  for _ in $(seq 30); do
    for i in 1 2 3; do
      ((${before[i - 1]} < $(requests "timelined-$i"))) || break
    done
    ((i == 3)) && ((${before[2]} < $(requests timelined-3))) && return 0
    sleep 0.1
  done
  echo "requests before: ${before[*]}, after: $(for i in 1 2 3; do requests "timelined-$i"; done)" >&2
  return 1
}
check "the pages were served by all three replicas" all_served

# Watch streams are calls too: three opened through HAProxy are held one by each replica.
watchers=()
for _ in 1 2 3; do
  grpcurl -max-time 60 -protoset "$protoset" -cacert "$work/cert.pem" -d '{}' \
    "127.0.0.1:$front" timeline.v1.EventService/WatchEvents >/dev/null 2>&1 &
  watchers+=($!) pids+=($!)
  sleep 0.2  # one at a time, so that round robin, not a race, decides
done
one_watcher_each() {
  for _ in $(seq 50); do
    [[ $(for i in 1 2 3; do stat "timelined-$i" | cut -d' ' -f3; done | tr '\n' ' ') == "1 1 1 " ]] &&
      return 0
    sleep 0.1
  done
  echo "open streams: $(for i in 1 2 3; do stat "timelined-$i" | cut -d' ' -f3; done | tr '\n' ' ')" >&2
  return 1
}
check "three watch streams through HAProxy: one on each replica" one_watcher_each
kill "${watchers[@]}" 2>/dev/null || true

# The binary itself refuses to start on a bad key file, before touching the database.
refuses() {  # key file contents, then the message expected
  printf '%s' "$1" >"$work/bad-key"
  local out status=0
  out=$("$timelined" serve --database_url="$url" --listen=127.0.0.1:0 \
    --page_token_secret_file="$work/bad-key" 2>&1) || status=$?
  [[ $status == 2 && $out == *"--page_token_secret_file: $work/bad-key $2"* ]] ||
    { echo "exit $status: $out" >&2; return 1; }
}
check "an empty key file stops the server at start, naming it" refuses $'\n' "holds no key"
check "a short key file stops it too" refuses $'short key\n' "holds a key of 9 bytes"

kill "${server_pids[0]}"
check "a stopped replica is marked DOWN by the health check" wait_status timelined-1 DOWN
check "the listing completes on the other two" test "$(list_all)" = "$truth"

echo "haproxy_e2e: $passed passed, $failed failed"
((failed == 0)) || { tail -20 "$work/haproxy.log" >&2; exit 1; }
