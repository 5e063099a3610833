#!/usr/bin/env bash
# Trading benchmark: order submission through trading-service (paper broker) against pgbench
# single-row inserts into the same PostgreSQL, in one run. Writes RESULTS.md beside this script.
#
#   benchmarks/trading/run.sh            # needs PostgreSQL (pgbench, psql) and Redis on localhost
#
# Settings (environment): PGHOST/PGPORT/PGUSER (default localhost/5432/postgres), REDIS_URL,
# CONCURRENCY (16), DURATION seconds per run (20), RATE orders/s (500), USERS (1000), WARMUP s (60:
# closed-loop load before anything is measured; a fresh JVM needs that long before its figures
# settle), OPEN_WARMUP s (30: the open-loop run's own warm-up at RATE, not counted).
# Users: 500 orders/s from 1,000 accounts is 30 per account and minute, within every default risk
# limit (120 orders per minute per account); the service runs with its default limits.
set -euo pipefail
# a Redis database of its own (index 7): the service's events must not pile up in the streams the
# test suites' consumer groups read on this machine's Redis (index 0)
export REDIS_URL="${REDIS_URL:-redis://localhost:6379/7}"
here="$(cd "$(dirname "$0")" && pwd)"
# RESULTS_FILE: where the figures go (run-all.sh --smoke points it elsewhere)
results="${RESULTS_FILE:-$here/RESULTS.md}"
root="$(cd "$here/../.." && pwd)"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
concurrency="${CONCURRENCY:-16}" seconds="${DURATION:-20}" rate="${RATE:-500}" users="${USERS:-1000}"
db=qv_trading_bench
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; cp "$work/service.log" /tmp/trading-bench-service.log 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck source=SCRIPTDIR/../../deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"
java="$JAVA_HOME/bin/java"
jar="$root/trading-service/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && ./mvnw -B -q package -pl trading-service -am -DskipTests -Dspotless.check.skip=true)
fi

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

port=18083 mport=19083
QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport \
DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" DATABASE_USERNAME="$PGUSER" \
JWT_PUBLIC_KEY_LOCATION="$work/public.pem" BROKER=paper TRADING_REQUIRE_2FA=true \
TRADING_MAX_QUOTE_AGE=24h MARKET_DATA_URL=http://127.0.0.1:9 LOG_LEVEL=WARN \
  "$java" -Xmx512m -jar "$jar" > "$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://localhost:$mport/q/health/ready" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.5
done
psql -q -d $db -c "INSERT INTO market_price (symbol, price, timeframe, bar_start, revision, as_of)
  VALUES ('BENCH', 10, '1Min', now(), 1, now())"

# Baseline: single-row inserts of an order-sized row, same server, same concurrency.
psql -q -d $db -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, user_id text, symbol text,
  qty numeric, price numeric, created_at timestamptz DEFAULT now())"
cat > "$work/insert.sql" <<'SQL'
INSERT INTO bench_insert (user_id, symbol, qty, price) VALUES ('bench-user', 'BENCH', 1, 10);
SQL
pgbench_out="$(pgbench -n -c "$concurrency" -j 2 -T "$seconds" -f "$work/insert.sql" $db 2>&1)"
pg_tps="$(grep -oP 'tps = \K[0-9.]+' <<< "$pgbench_out" | head -1)"

cd "$here"
"$java" ../LoadGen.java tokens "http://localhost:$port" "$work/private.pem" "$users" "$work/tokens.lua"
# two wrk threads: one thread's connections are not all in flight at once in every run
closed_loop() {
  BENCH_TOKENS="$work/tokens.lua" wrk -t2 -c"$concurrency" -d"$1s" --latency -s orders.lua \
    "http://localhost:$port" 2>&1
}
closed_loop "${WARMUP:-60}" > /dev/null # warm-up: the JIT compiles the order path, nothing measured
wrk_out="$(closed_loop "$seconds")"
wrk_tps="$(grep -oP 'Requests/sec:\s+\K[0-9.]+' <<< "$wrk_out")"
wrk_p50="$(awk '$1=="50%" {print $2}' <<< "$wrk_out")"
wrk_non2xx="$(grep -oP 'answers other than 201: \K[0-9]+' <<< "$wrk_out")"
open="$("$java" ../LoadGen.java open "http://localhost:$port" "$work/private.pem" "$users" "$rate" "$seconds" "${OPEN_WARMUP:-30}")"
ratio="$(awk -v a="$wrk_tps" -v b="$pg_tps" 'BEGIN { printf "%.2f", a / b }')"
p99="$(grep -oP 'p99_ms=\K[0-9.]+' <<< "$open")"
{
  echo "# trading-service benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(uname -sr), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| pgbench single-row INSERT, $concurrency clients, ${seconds}s | $pg_tps tps |"
  echo "| POST /api/v1/orders (paper, market, filled), $users accounts, wrk, $concurrency connections, ${seconds}s | $wrk_tps orders/s (p50 $wrk_p50, non-201: $wrk_non2xx) |"
  echo "| ratio service / pgbench (target >= 0.50) | $ratio |"
  echo "| p99 at $rate orders/s open loop (target < 25 ms) | $p99 ms |"
  echo
  echo '```'
  echo "$wrk_out"
  echo "$open"
  echo '```'
} > "$results"
cat "$results"
