#!/usr/bin/env bash
# The three seed questions, asked with grpcurl (server reflection, no proto files needed):
#   1. What happened in Bamako in September 2024?
#   2. What did Assimi Goïta do?
#   3. Everything in Mali in 2024.
# Usage: clients/grpcurl/seed-questions.sh [HOST:PORT]   (default 127.0.0.1:50051)
set -euo pipefail
addr=${1:-127.0.0.1:50051}
# grpcurl as scripts/setup installs it, unless one is already on PATH.
PATH=$PATH:$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools/bin

ask() {  # $1 = title, $2 = request JSON
  echo "## $1"
  echo "grpcurl -plaintext -d '$2' $addr timeline.v1.EventService/ListEvents"
  grpcurl -plaintext -d "$2" "$addr" timeline.v1.EventService/ListEvents
}

ask "What happened in Bamako in September 2024?" \
  '{"places": ["places/ml-bamako"], "time_range": {"start_time": "2024-09-01T00:00:00Z", "end_time": "2024-10-01T00:00:00Z"}}'
ask "What did Assimi Goïta do?" \
  '{"actors": ["actors/assimi-goita"]}'
ask "Everything in Mali in 2024" \
  '{"places": ["places/ml"], "time_range": {"start_time": "2024-01-01T00:00:00Z", "end_time": "2025-01-01T00:00:00Z"}}'
