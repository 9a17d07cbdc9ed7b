#!/usr/bin/env bash
# The portfolio server's benchmark: load a generated year for a large
# portfolio into a fresh PostgreSQL database, report the ingest rate, then
# time the dashboard's pages under a logged-in manager.
#
#   scripts/bench-portfolio.sh [PROPERTIES] [DAYS] [DELIVERIES_PER_DAY]
#
# Defaults: 100 properties, 365 days, 300 deliveries a day each (about 24
# million events). Needs a local PostgreSQL that the current user may create
# databases on (see the README's portfolio section) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
PROPERTIES=${1:-100}
DAYS=${2:-365}
PER_DAY=${3:-300}
DBNAME=${LOCKERWALL_BENCH_DB:-lockerwall_bench}
HOST=${LOCKERWALL_BENCH_HOST:-/var/run/postgresql}
PORT=${LOCKERWALL_BENCH_PORT:-8099}
DB="host=$HOST dbname=$DBNAME"

cargo build --release --quiet
BIN=target/release/lockerwall
psql -h "$HOST" -d postgres -qc "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" -c "CREATE DATABASE $DBNAME"

echo "== ingest: $PROPERTIES properties x $DAYS days x $PER_DAY deliveries a day"
"$BIN" portfolio demo --db "$DB" --properties "$PROPERTIES" --days "$DAYS" --per-day "$PER_DAY" | head -1
psql -h "$HOST" -d "$DBNAME" -Atc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"

echo "== pages: 95th percentile over repeated requests (server on port $PORT)"
"$BIN" portfolio serve --db "$DB" --listen "127.0.0.1:$PORT" --plain-http-cookies >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
python3 scripts/page-times.py "http://127.0.0.1:$PORT" 200
