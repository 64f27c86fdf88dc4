#!/usr/bin/env bash
# End to end: the real timelined binary on a fresh database of the test cluster, asked with
# grpcurl over a real socket — what a person at a shell does, including the README's recipes.
# Usage: tests/e2e/with-server.sh TIMELINED tests/e2e/grpcurl_e2e.sh   (as CTest runs it)
set -euo pipefail
root=$TIMELINE_ROOT
timelined=$TIMELINE_TIMELINED
url=$TIMELINE_DATABASE_URL
addr=$TIMELINE_ADDR
protoset=$(dirname "$timelined")/timeline.protoset
command -v grpcurl >/dev/null || { echo "grpcurl not found: run scripts/setup" >&2; exit 1; }

passed=0 failed=0
check() {  # $1 = what, then a command that must succeed
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
names() { jq -r '.events[]?.name' | sort | tr '\n' ' '; }

services=$(grpcurl -plaintext "$addr" list | tr '\n' ' ')
check "list shows every service" test "$services" = \
  "grpc.health.v1.Health grpc.reflection.v1.ServerReflection grpc.reflection.v1alpha.ServerReflection timeline.v1.ActorService timeline.v1.DateService timeline.v1.EventService timeline.v1.IngestService timeline.v1.PlaceService timeline.v1.SourceService "
check "describe the health service" bash -c "grpcurl -plaintext '$addr' describe grpc.health.v1.Health | grep -q 'rpc Check'"
check "describe a request message" bash -c \
  "grpcurl -plaintext '$addr' describe timeline.v1.ListEventsRequest | grep -q 'TimeRange time_range = 5'"
check "describe shows the proto's comments" bash -c \
  "grpcurl -plaintext '$addr' describe timeline.v1.CountEventsRequest.Interval | grep -q '// The width of a bucket'"
check "describe a field's comment" bash -c \
  "grpcurl -plaintext '$addr' describe timeline.v1.Event.merged_into | grep -q '^//'"
check "the protoset describes without reflection, with comments" bash -c \
  "grpcurl -protoset '$protoset' describe timeline.v1.EventService.WatchEvents | grep -q '^//'"
check "health is SERVING" bash -c "grpcurl -plaintext '$addr' grpc.health.v1.Health/Check | grep -q '\"SERVING\"'"

answers=$("$root/clients/grpcurl/seed-questions.sh" "$addr")
bamako=$(awk '/^## What happened in Bamako/{f=1;next} /^## /{f=0} f && !/^grpcurl/' <<<"$answers" | names)
goita=$(awk '/^## What did/{f=1;next} /^## /{f=0} f && !/^grpcurl/' <<<"$answers" | names)
mali=$(awk '/^## Everything in Mali/{f=1;next} f && !/^grpcurl/' <<<"$answers" | names)
check "Bamako, September 2024: the attacks" grep -q "events/bamako-attacks-2024-09 " <<<"$bamako"
check "Goïta: the Turkish delegation" test "$goita" = "events/goita-receives-turkish-parliamentary-delegation "
check "Mali, 2024: all five Mali events" test "$(wc -w <<<"$mali")" = 5

within=$(grpcurl -plaintext -d '{"places":["places/ml-bamako"],"time_range":{"start_time":"2024-09-10T00:00:00Z","end_time":"2024-09-20T00:00:00Z","match":"WITHIN"}}' \
  "$addr" timeline.v1.EventService/ListEvents | names)
check "WITHIN 10-20 September excludes the month-precision attacks" test -z "$within"

goita_by_arabic=$(grpcurl -plaintext -d '{"query":"عاصيمي غويتا"}' "$addr" timeline.v1.ActorService/ListActors | jq -r '.actors[0].name')
check "actor search across scripts" test "$goita_by_arabic" = "actors/assimi-goita"

error=$(grpcurl -plaintext -d '{"page_size": -5}' "$addr" timeline.v1.EventService/ListEvents 2>&1 || true)
check "bad input is InvalidArgument naming the field" \
  bash -c "grep -q 'Code: InvalidArgument' <<<'$error' && grep -q '\"field\": \"page_size\"' <<<'$error'"
missing=$(grpcurl -plaintext -d '{"name":"events/nope"}' "$addr" timeline.v1.EventService/GetEvent 2>&1 || true)
check "missing event is NotFound" grep -q "Code: NotFound" <<<"$missing"

# The README's histogram, radius, filter and relation recipes, on the seed data alone.
monthly=$(grpcurl -plaintext -d '{"places": ["places/ml"], "time_range": {"start_time": "2024-01-01T00:00:00Z", "end_time": "2025-01-01T00:00:00Z"}, "interval": "MONTH", "time_zone": "Africa/Bamako"}' \
  "$addr" timeline.v1.EventService/CountEvents | jq -c '{event_count, undated_count, buckets: (.buckets | length), nonempty: [.buckets[] | select(.event_count) | .start_time]}')
check "monthly histogram of Mali: September, 4 undated, 12 buckets" test "$monthly" = \
  '{"event_count":"1","undated_count":"4","buckets":12,"nonempty":["2024-09-01T00:00:00Z"]}'
daily=$(grpcurl -plaintext -d '{"places": ["places/ml"], "time_range": {"start_time": "2024-09-01T00:00:00Z", "end_time": "2024-10-01T00:00:00Z"}, "interval": "DAY", "time_zone": "Africa/Bamako"}' \
  "$addr" timeline.v1.EventService/CountEvents | jq -c '[.buckets[] | select(.event_count) | [.start_time, .event_count, .imprecise_count]]')
check "daily buckets: the month-precision attacks on the 1st, as imprecise" test "$daily" = \
  '[["2024-09-01T00:00:00Z","1","1"]]'
near=$(grpcurl -plaintext -d '{"near": {"latitude": 12.65, "longitude": -8.0, "radius_meters": 50000}}' \
  "$addr" timeline.v1.EventService/ListEvents | names)
check "within 50 km of Bamako: the visit and the attacks" test "$near" = \
  "events/bamako-attacks-2024-09 events/goita-receives-turkish-parliamentary-delegation "
filtered=$(grpcurl -plaintext -d '{"filter": "time.precision = UNKNOWN -event_type = visit (actor = \"actors/malian-armed-forces\" OR title:drones)"}' \
  "$addr" timeline.v1.EventService/ListEvents | names)
check "filter: Tessalit and the drone supplies" test "$filtered" = \
  "events/tessalit-retaken-by-malian-army events/turkey-supplies-drones-to-mali "
found=$(grpcurl -plaintext -d '{"text": "وأسفرت هجمات في باماكو سبتمبر/أيلول الماضي عن قتل أكثر من 70 شخصا", "reference_time": "2024-10-12T11:16:00Z", "time_zone": "Asia/Dubai"}' \
  "$addr" timeline.v1.DateService/ParseDates | jq -c '.dates[] | [.start_offset, .end_offset, .text, .time.start_time, .time.precision]')
check "ParseDates finds last September in a sentence, in code points" test "$found" = \
  '[23,42,"سبتمبر/أيلول الماضي","2024-08-31T20:00:00Z","PRECISION_MONTH"]'
bad_filter=$(grpcurl -plaintext -d '{"filter": "event_type = massacre"}' "$addr" timeline.v1.EventService/ListEvents 2>&1 || true)
check "a bad filter names the column" grep -q 'filter: column 14: found "massacre"' <<<"$bad_filter"
related=$(grpcurl -plaintext -d '{"actor": "actors/mali"}' "$addr" timeline.v1.ActorService/ListRelatedActors |
  jq -c '[.related_actors[] | "\(.actor) \(.roles[0].role)/\(.roles[0].related_role)"]')
check "Mali's relations: Turkey supplied, Russia met" test "$related" = \
  '["actors/abdoulaye-diop MENTIONED/SPEAKER","actors/russia MENTIONED/MENTIONED","actors/sergey-lavrov MENTIONED/SPEAKER","actors/turkey RECIPIENT/SUPPLIER"]'

# A news coder's raw record through the client stream: Arabic date words read against the
# article's publication time, an Arabic spelling of Goïta resolved to the curated actor.
record='{"records":[{"external_id":{"system":"e2e","id":"raw-1"},"title":"Raw record","event_type":"meeting","date":{"text":"سبتمبر/أيلول الماضي"},"actors":[{"name":"عاصيمي غويتا","role":"HOST"}],"places":[{"name":"باماكو","country_code":"ML"}],"source":{"url":"https://example.org/e2e","published_time":"2024-10-12T11:16:00Z"}}]}'
ingested=$(grpcurl -plaintext -d "$record" "$addr" timeline.v1.IngestService/IngestEvents)
check "ingest a raw record: created" test "$(jq -r '.results[0].outcome' <<<"$ingested")" = CREATED
check "ingest: Goïta resolved" test "$(jq -r '.results[0].actors[0]' <<<"$ingested")" = "actors/assimi-goita"
check "ingest: September 2024 in Bamako" test "$(jq -r '.results[0].time.start_time' <<<"$ingested")" = "2024-09-01T00:00:00Z"
again=$(grpcurl -plaintext -d "$record" "$addr" timeline.v1.IngestService/IngestEvents)
check "ingest again: unchanged" test "$(jq -r '.results[0].outcome' <<<"$again")" = UNCHANGED

# Loading the same data again changes nothing.
check "reloading the data changes nothing" bash -c \
  "'$timelined' load --database_url='$url' --data_dir='$root/data' 2>&1 | grep -q ' 0 created, 0 updated, 31 unchanged'"

# Export: every Mali event as a stream, then the rest after the second one's resume token.
exported=$(grpcurl -plaintext -d '{"places":["places/ml"]}' "$addr" timeline.v1.EventService/ExportEvents | jq -s '.')
total=$(jq length <<<"$exported")
check "export streams the Mali events (5 seed + the raw record)" test "$total" = 6
token=$(jq -r '.[1].resume_token' <<<"$exported")
rest=$(grpcurl -plaintext -d "{\"places\":[\"places/ml\"],\"resume_token\":\"$token\"}" "$addr" \
  timeline.v1.EventService/ExportEvents | jq -s 'map(.event.name)')
check "export resumes after the second event" test "$rest" = "$(jq '.[2:] | map(.event.name)' <<<"$exported")"

# Watch: a replay of every change to events in Bamako since the log began, then a live one.
replay=$(grpcurl -plaintext -max-time 3 -d '{"places":["places/ml-bamako"],"cursor":"0"}' "$addr" \
  timeline.v1.EventService/WatchEvents 2>/dev/null | jq -s '.' || true)
check "watch replays the raw record's creation" \
  test "$(jq -r '[.[] | select(.kind == "CREATED") | .event.title] | index("Raw record") != null' <<<"$replay")" = true
cursor=$(jq -r '.[-1].cursor' <<<"$replay")
live=$(mktemp)
grpcurl -plaintext -max-time 8 -d "{\"places\":[\"places/ml-bamako\"],\"cursor\":\"$cursor\"}" "$addr" \
  timeline.v1.EventService/WatchEvents >"$live" 2>/dev/null &
watcher=$!
raw=$(jq -r '.results[0].event' <<<"$ingested")
grpcurl -plaintext -d "{\"name\":\"$raw\"}" "$addr" timeline.v1.EventService/DeleteEvent >/dev/null
wait "$watcher" || true
check "a live watcher sees the deletion, and only that" \
  test "$(jq -sc 'map([.kind, .event.name])' "$live")" = "[[\"DELETED\",\"$raw\"]]"
rm -f "$live"

echo "e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
