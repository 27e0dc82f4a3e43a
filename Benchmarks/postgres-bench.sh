#!/usr/bin/env bash
# SQLite against PostgreSQL (not in CI), on a throwaway cluster of this machine started here: the store benchmark
# (`ecoprov-bench backends`: the 300-station air year written, the HJ 663 evaluation read back, the assessment), then
# the overview JSON under wrk (2 threads, 64 connections, loopback) against a release server on each backend with the
# demo data. Goals: PostgreSQL ≥ 500k station-hours/s; read-back within 2× of SQLite; overview ≥ 80 % of SQLite's.
#   Usage (as root or the owner of a PostgreSQL installation): Benchmarks/postgres-bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
dir=$(mktemp -d /tmp/ecoprov-pgbench.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
pgport=$((25000 + RANDOM % 1000))
as_pg "$bin/initdb" -D "$dir/data" -U ecoprov --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A durable server, as a deployment runs it (fsync and synchronous_commit on), with a larger buffer cache.
printf "shared_buffers = 1GB\nmax_wal_size = 4GB\n" >>"$dir/data/postgresql.conf"
as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $pgport -k $dir -c listen_addresses=127.0.0.1" -l "$dir/server.log" -w start >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
server="postgres://ecoprov@127.0.0.1:$pgport/postgres"
swift build -c release --product ecoprov-bench >/dev/null
swift build -c release --product ecoprov >/dev/null
ECOPROV_BENCH_POSTGRES="$server" .build/release/ecoprov-bench backends
psql -q -h 127.0.0.1 -p "$pgport" -U ecoprov -d postgres -c "CREATE DATABASE web" >/dev/null
rps() { wrk -t2 -c64 -d"${secs}s" --latency "$1" | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}'; }
declare -A result
for backend in sqlite postgres; do
  port=$((19000 + RANDOM % 1000))
  db="$dir/web.sqlite"; [ "$backend" = postgres ] && db="postgres://ecoprov@127.0.0.1:$pgport/web"
  LOG_LEVEL=warning .build/release/ecoprov serve --demo --db "$db" --port "$port" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  curl -s "http://127.0.0.1:$port/api/v1/overview?year=2025" >/dev/null
  read -r r p < <(rps "http://127.0.0.1:$port/api/v1/overview?year=2025")
  result[$backend]=$r
  printf "overview on %-10s %10s req/s  p99 %s\n" "$backend" "$r" "$p"
  kill "${pids[-1]}"
done
awk -v a="${result[postgres]}" -v b="${result[sqlite]}" 'BEGIN {printf "PostgreSQL overview throughput: %.0f%% of SQLite (goal ≥ 80%%)\n", 100 * a / b}'
