#!/usr/bin/env bash
# market-data-service benchmarks (see README.md beside this file):
#   1. batched ingest (checks + upsert + outbox events) vs raw COPY into the same table;
#   2. a 1,000-bar query through the API at 200 requests/s (QueryLoad.java, open loop) vs the same
#      SQL (pgbench at the same rate).
# Needs: a JDK 21+, PostgreSQL and Redis on localhost (as for the tests), pgbench, openssl.
# Writes the figures to RESULTS.md beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# RESULTS_FILE: where the figures go (run-all.sh --smoke points it elsewhere)
results="${RESULTS_FILE:-$here/RESULTS.md}"
root="$(cd "$here/../.." && pwd)"
cd "$root"
# shellcheck source=SCRIPTDIR/../../deploy/local/find-jdk.sh
source deploy/local/find-jdk.sh

RATE="${BENCH_RATE:-200}"
DURATION="${BENCH_DURATION:-30s}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
PORT="${BENCH_PORT:-28181}"
DB="qv_market_data_bench"
PGURL="${QV_POSTGRES_URL:-jdbc:postgresql://localhost:5432/postgres}"
PGHOST="$(echo "$PGURL" | sed -E 's#jdbc:postgresql://([^:/]+).*#\1#')"
PGUSER="${QV_POSTGRES_USER:-postgres}"
KEY_DIR="$root/test-support/src/main/resources/test-keys"

for tool in pgbench psql openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install postgresql-client)"; exit 1; }
done

echo "== 1. ingest: batched upsert vs COPY"
# BENCH_SKIP_INGEST=1 reuses the last ingest figures (market-data-service/target/bench-ingest.txt)
[ "${BENCH_SKIP_INGEST:-0}" = 1 ] || ./mvnw -B -q verify -pl market-data-service -am -Dtest=BarIngestBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -DskipITs \
  -Dbench.rows="${BENCH_ROWS:-100000}" -Dbench.rounds="${BENCH_ROUNDS:-5}" >/tmp/qv-bench-ingest.log 2>&1 \
  || { tail -50 /tmp/qv-bench-ingest.log; exit 1; }
ingest="$(cat market-data-service/target/bench-ingest.txt)"
echo "$ingest"

echo "== 2. query: 1,000 bars at ${RATE} req/s"
./mvnw -B -q package -pl market-data-service -am -DskipTests -Dspotless.check.skip=true >/tmp/qv-bench-build.log 2>&1 \
  || { tail -50 /tmp/qv-bench-build.log; exit 1; }
psql -h "$PGHOST" -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

DATABASE_URL="jdbc:postgresql://$PGHOST:5432/$DB" \
JWT_PUBLIC_KEY_LOCATION="$KEY_DIR/TEST-ONLY-jwt-public.pem" \
MARKET_DATA_PULL_ENABLED=false MARKET_DATA_QUOTES_ENABLED=false \
QV_STREAMS_OUTBOX_RELAY_ENABLED=false QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT=$((PORT + 1000)) \
QUARKUS_LOG_LEVEL=INFO \
  "$JAVA_HOME/bin/java" -Xmx512m -jar market-data-service/target/quarkus-app/quarkus-run.jar >/tmp/qv-bench-service.log 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true' EXIT
ready=no
for _ in $(seq 1 300); do
  curl -fs "http://localhost:$((PORT + 1000))/q/health/ready" >/dev/null && { ready=yes; break; }
  kill -0 $service 2>/dev/null || break
  sleep 1
done
[ "$ready" = yes ] || { echo "the service did not become ready:"; tail -40 /tmp/qv-bench-service.log; exit 1; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"quantvision","sub":"bench","upn":"bench@quantvision.io","groups":["admin"],"iat":%d,"exp":%d}' \
  "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEY_DIR/TEST-ONLY-jwt-private.pem" | b64url)
export BENCH_TOKEN="$header.$payload.$signature"

# one trading week of simulated 1Min bars (5 x 390) through the admin backfill
job=$(curl -fs -X POST "http://localhost:$PORT/api/v1/market/ingest" -H "Authorization: Bearer $BENCH_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"symbols":["AAPL"],"timeframe":"1Min","from":"2024-03-04T14:30:00Z","to":"2024-03-09T00:00:00Z"}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
for _ in $(seq 1 120); do
  status=$(curl -fs "http://localhost:$PORT/api/v1/market/ingest/$job" -H "Authorization: Bearer $BENCH_TOKEN" \
    | sed -E 's/.*"status":"([a-z]+)".*/\1/')
  [ "$status" = succeeded ] && break
  [ "$status" = failed ] && { echo "backfill failed"; exit 1; }
  sleep 1
done

url="http://localhost:$PORT/api/v1/market/bars/AAPL?timeframe=1Min&from=2024-03-04T14:30:00Z&to=2024-03-09T00:00:00Z&limit=1000"
bars=$(curl -fs "$url" -H "Authorization: Bearer $BENCH_TOKEN" | grep -o '"start"' | wc -l)
echo "bars per answer: $bars"
seconds="${DURATION%s}"
# WARMUP s (30) at the same rate inside the same client JVM, not counted: a cold client's first
# answers measure its own start-up
WARMUP="${WARMUP:-30}"
api=$("$JAVA_HOME/bin/java" "$here/QueryLoad.java" "$url" "$RATE" "$seconds" "$WARMUP")
echo "$api"
field() { echo "$api" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; }
api_p99="$(field p99_ms)ms"
api_p50="$(field p50_ms)ms"
api_rps="$(field achieved_per_s)"
api_failed="$(field failed)"

logdir=$(mktemp -d)
(cd "$logdir" && pgbench -h "$PGHOST" -U "$PGUSER" -n -R "$RATE" -T "${DURATION%s}" -c "$CONNECTIONS" -j 2 \
  -f "$here/query.sql" -l "$DB" >/dev/null 2>&1)
sql_p99=$(cat "$logdir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.2fms", a[int(NR*0.99)]/1000}')
sql_p50=$(cat "$logdir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.2fms", a[int(NR*0.50)]/1000}')
rm -rf "$logdir"

to_ms() { echo "$1" | awk '/us$/ {sub("us","");print $1/1000; next} /ms$/ {sub("ms","");print $1; next} /s$/ {sub("s","");print $1*1000}'; }
ratio=$(awk -v a="$(to_ms "$api_p99")" -v b="$(to_ms "$sql_p99")" 'BEGIN {printf "%.1f", a/b}')

cat >"$results" <<REPORT
# market-data-service benchmark results

Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),
$(free -g | awk '/Mem/ {print $2}') GB RAM, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg);
PostgreSQL $(psql -h "$PGHOST" -U "$PGUSER" -d postgres -tAc 'SHOW server_version'), JVM mode.
Reproduce with \`benchmarks/market-data/run.sh\`.

## 1. Batched ingest vs raw COPY (same table, same run)

The production path (\`BarWriter\`: row checks, symbol check, per-series advisory locks, a read of
the stored keys, \`COPY\` of the new bars, one \`UPDATE\` for corrections, one \`bar_publication\` row per
series listing what \`BarPublisher\` puts on \`md.bars.v1\` after commit, one transaction) against
\`COPY bar FROM STDIN\` of as many rows for other symbols, alternating, median of the rounds
(\`BarIngestBenchmark\`):

\`\`\`
$ingest
\`\`\`

## 2. 1,000-bar query at ${RATE} requests/s

\`GET /api/v1/market/bars/AAPL?timeframe=1Min&from=...&limit=1000\` (JSON, ~1,000 bars, JWT
verified on every request), open loop: \`QueryLoad.java\` sends ${RATE} req/s on a fixed schedule for
${DURATION} after a ${WARMUP} s warm-up in the same client JVM and measures each latency from the request's scheduled time; against
the same SELECT straight on PostgreSQL with pgbench at the same rate (\`-R\`, ${CONNECTIONS} clients).

| | p50 | p99 | throughput |
|---|---|---|---|
| API (open loop, $api_failed failed) | $api_p50 | $api_p99 | $api_rps req/s |
| SQL only (pgbench) | $sql_p50 | $sql_p99 | ${RATE} req/s target |

API p99 / SQL p99 = **$ratio**. Target: API p99 < 20 ms.
REPORT
echo "wrote $results"
