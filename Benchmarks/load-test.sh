#!/usr/bin/env bash
# Load (issue 12; a script, not CI): 500 concurrent connections of mixed reads and authenticated writes for 60 s on
# loopback against a release server with the demo data on SQLite (or PostgreSQL: ECOPROV_DB=postgres://…), with wrk
# and Benchmarks/load-mixed.lua. Prints requests/s, p99, the error count (goal 0) and the server's resident memory
# at the start and the end (goal: flat), then the audit chain's verification after the writes.
#   Usage: Benchmarks/load-test.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; conns=${2:-500}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
ulimit -n 65536 2>/dev/null || true
swift build -c release --product ecoprov >/dev/null
bin=.build/release/ecoprov
dir=$(mktemp -d /tmp/ecoprov-load.XXXXXX)
db=${ECOPROV_DB:-$dir/load.sqlite}
port=$((18000 + RANDOM % 1000))
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
$bin serve --demo --db "$db" --port "$port" >"$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
token=$($bin token create xiaodian --label load --db "$db" | grep -o 'eco_[A-Za-z0-9_-]*')
# Warm the caches the way a first visitor would, then read the resident memory.
for u in / /ranking /regions/140100 /api/v1/overview; do curl -fs "http://127.0.0.1:$port$u" >/dev/null; done
rss() { awk '/VmRSS/ {print $2 " " $3}' "/proc/$server/status"; }
echo "load: RSS at start $(rss)"
# Two halves, the memory read between them: a leak grows in both, a warm-up only in the first.
for half in 1 2; do
  ECOPROV_LOAD_TOKEN=$token ECOPROV_LOAD_WRITES=${ECOPROV_LOAD_WRITES:-10} wrk -t2 -c"$conns" -d"$((secs / 2))s" --timeout 10s --latency \
    -s Benchmarks/load-mixed.lua "http://127.0.0.1:$port" | grep -E "^load:|Non-2xx"
  echo "load: RSS after half $half: $(rss)"
done
sleep 5
echo "load: RSS 5 s later $(rss)"
kill "$server"; wait "$server" 2>/dev/null || true; server=
$bin audit verify --db "$db"
echo "load: writes stored: $($bin history --db "$db" --region 140105 --indicator forest_cover | grep -c load.csv || true) audited changes of 140105 forest_cover"
