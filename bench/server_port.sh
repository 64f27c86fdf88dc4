# Sourced by the bench/ drivers that start a timelined on --listen=127.0.0.1:0: prints the port
# it bound, read from its start-up line on stderr ("timelined: serving on … (port N, …)").
#   port=$(server_port "$work/server.log" "$server_pid" bench/export) || exit 1
# Fails, with the server's log, when the server exits or has not started within 30 s.
server_port() {
  local log=$1 pid=$2 name=$3 port
  for _ in $(seq 300); do
    port=$(sed -n 's/.*serving on .*(port \([0-9]*\).*/\1/p' "$log")
    if [[ -n $port ]]; then
      echo "$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null ||
      { echo "$name: timelined exited:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "$name: timelined did not start within 30 s:" >&2
  tail -n 20 "$log" >&2
  return 1
}
