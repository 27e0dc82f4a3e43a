#!/usr/bin/env bash
# The HJ 212 acquisition benchmark (a script, not CI): on this machine's 2 cores, with the release build,
#   1. the parse-only rate (ecoprov-bench hj212: decode, CRC, parse, authenticate, cut readings, evaluate alarms),
#   2. end to end: 1,000 simulated devices against `ecoprov hj212 serve` on SQLite (or $ECOPROV_BENCH_DB), every upload
#      acknowledged only after it is stored — uploads/s, readings/s, p50/p99 acknowledgement latency —,
#   3. 10,000 idle connections held (each device connects, sends one upload, then stays silent): the server's resident
#      memory (goal < 300 MB) and its open connections.
# Usage: Benchmarks/hj212-bench.sh [seconds of the end-to-end run, default 30]   (HJ212_BENCH_SKIP_IDLE=1 skips part 3)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
swift build -c release --product ecoprov >/dev/null
swift build -c release --product ecoprov-bench >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
cleanup() { [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 || echo "could not raise the open-files limit: the idle test may fail"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

echo "== 1. parse-only"
"$bin/ecoprov-bench" hj212

register() { # $1 enterprises, $2 db
  "$bin/ecoprov" demo sources --enterprises "$1" --out "$work/reg$1" --db "$2" | tail -1
  for k in enterprises outlets devices permits limits; do "$bin/ecoprov" sources import "$work/reg$1/$k.csv" --kind "$k" --db "$2" >/dev/null; done
}
serve() { # $1 db, $2 port
  LOG_LEVEL=warning "$bin/ecoprov" hj212 serve --port "$2" --db "$1" >"$work/serve.log" 2>&1 &
  spid=$!
  for _ in $(seq 1 100); do grep -q listening "$work/serve.log" 2>/dev/null && return 0; sleep 0.1; done
  cat "$work/serve.log"; exit 1
}

echo "== 2. end to end, 1,000 devices, ${secs} s"
db=${ECOPROV_BENCH_DB:-$work/e2e.sqlite}
register 650 "$db"
port=$(free_port); serve "$db" "$port"
before=$(rss "$spid")
"$bin/ecoprov" hj212 simulate --port "$port" --devices 1000 --interval 0 --duration "$secs" --exceedances 0.01 --db "$db" \
  --start 2024-11-01T00:00:00 --format json >"$work/e2e.json"
python3 - "$work/e2e.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["seconds"]
print(f"acknowledged {r['acknowledged']} uploads in {s:.1f} s: {r['acknowledged']/s:.0f} uploads/s, {r['readings']/s:.0f} readings/s stored; "
      f"lost {r['lost']}; ack latency p50 {r['p50ms']:.1f} ms, p99 {r['p99ms']:.1f} ms")
print(f"goal 100,000 messages/s: {r['acknowledged']/s/100000:.2f}x")
PY
echo "server RSS before ${before} MB, after $(rss "$spid") MB"
kill "$spid"; wait "$spid" 2>/dev/null || true; spid=""

[ -n "${HJ212_BENCH_SKIP_IDLE:-}" ] && exit 0
echo "== 3. 10,000 idle connections"
idle=$work/idle.sqlite
register 6500 "$idle"
port=$(free_port); serve "$idle" "$port"
base=$(rss "$spid")
"$bin/ecoprov" hj212 simulate --port "$port" --devices 10000 --interval 3600 --duration 40 --db "$idle" \
  --start 2024-11-01T00:00:00 --format json >"$work/idle.json" &
cpid=$!
sleep 30
conns=$(ls "/proc/$spid/fd" | wc -l)
held=$(rss "$spid")
wait "$cpid" || true
python3 - "$work/idle.json" <<PY
import json, sys
r = json.load(open(sys.argv[1]))
print(f"devices connected and acknowledged: {r['acknowledged']}, lost {r['lost']}, connection failures {r['connectFailures']}")
PY
echo "server: ${conns} open descriptors; RSS ${base} MB before, ${held} MB with the connections held (goal < 300 MB)"
