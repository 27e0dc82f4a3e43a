#!/usr/bin/env bash
# Web benchmark (not in CI): wrk on loopback, 64 connections, against a release build with the demo data loaded.
# Prints req/s and p99 of the overview JSON and HTML against the trivial /healthz route of the same server, in
# the same run, and the server's resident memory. Goals: ≥ 50% of the trivial route's throughput, p99 < 10 ms,
# RSS < 150 MB.   Usage: Benchmarks/web-bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
swift build -c release --product ecoprov >/dev/null
dir=$(mktemp -d)
port=$((19000 + RANDOM % 1000))
LOG_LEVEL=warning .build/release/ecoprov serve --demo --db "$dir/bench.sqlite" --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
run() { # path → "req/s p99ms"
  wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$port$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s\n", rps, p99}'
}
for path in "/api/v1/overview?year=2025" "/?year=2025"; do curl -s "http://127.0.0.1:$port$path" >/dev/null; done
read -r base_rps base_p99 < <(run /healthz)
printf "%-28s %10s req/s  p99 %7s ms\n" "/healthz (reference)" "$base_rps" "$base_p99"
for path in "/api/v1/overview?year=2025" "/?year=2025"; do
  read -r rps p99 < <(run "$path")
  ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN {printf "%.0f", 100 * a / b}')
  printf "%-28s %10s req/s  p99 %7s ms  = %s%% of the reference\n" "$path" "$rps" "$p99" "$ratio"
done
rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status)
echo "server resident memory after the runs: ${rss} MB (demo data loaded)"
