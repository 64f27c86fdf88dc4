# Sourced by bench/overload and bench/soak: builds (unless --no_build) and starts a throw-away
# cluster (TIMELINE_PG_FAST=1) and a real timelined on a free port, fills it with $records
# records from ingest_bench_gen through the ingest job, and removes everything on exit.
# Expects: root, build_dir, build, records, name, bench_target; sets: port, server_pid, work,
# ingest, base. Extra server flags: server_flags (array).
source bench/server_port.sh
if ((build)); then
  [[ -f $build_dir/build.ninja ]] || cmake --preset dev -B "$build_dir" >/dev/null
  cmake --build "$build_dir" --target timelined timeline-ingest ingest_bench_gen "$bench_target"
fi
case $build_dir in /*) ;; *) build_dir=$root/$build_dir ;; esac
timelined=$build_dir/timelined
ingest=$build_dir/clients/ingest/timeline-ingest
gen=$build_dir/bench/ingest_bench_gen
bench=$build_dir/bench/$bench_target
for program in "$timelined" "$ingest" "$gen" "$bench"; do
  [[ -x $program ]] || { echo "$name: $program is not built" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/timeline-load-bench.XXXXXX")
server_pid=
background_pids=()
cleanup() {
  # A background loop and the program it runs now (the import job).
  for pid in "${background_pids[@]}"; do
    kill -STOP "$pid" 2>/dev/null || true  # no new run starts meanwhile
    pkill -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true
  done
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  scripts/pg-cluster destroy "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export TIMELINE_PG_FAST=1
cluster=$(scripts/pg-cluster start "$work/pg")
base=${cluster%/*}
echo "$name: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
psql -XqAt -v ON_ERROR_STOP=1 "$base/postgres" -c 'CREATE DATABASE bench_load'
: >"$work/server.log"
"$timelined" serve --database_url="$base/bench_load" --listen=127.0.0.1:0 \
  --migrations_dir="$root/migrations" "${server_flags[@]}" 2>"$work/server.log" &
server_pid=$!
port=$(server_port "$work/server.log" "$server_pid" "$name") || exit 1

"$gen" --records="$records" --out="$work/records.jsonl" 2>/dev/null
"$ingest" --server="127.0.0.1:$port" --batch_size=1000 "$work/records.jsonl" 2>"$work/ingest.log" ||
  { tail -n 20 "$work/ingest.log" >&2; exit 1; }
echo "  $records events ingested; server flags: ${server_flags[*]:-(defaults)}"
