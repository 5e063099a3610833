#!/usr/bin/env bash
# Alert benchmark: Alertmanager webhook intake → de-duplication → delivery outbox → a PagerDuty
# stub, against the stub's own direct throughput, in one run. Writes RESULTS.md beside this script.
#
#   benchmarks/alert/run.sh            # needs PostgreSQL (psql) and Redis on localhost
#
# Settings (environment): PGHOST/PGPORT/PGUSER (default localhost/5432/postgres), REDIS_URL,
# RATE alerts/s (500; each sent twice, as an HA Alertmanager pair does), DURATION seconds (20),
# WARMUP seconds at RATE before the measured run (120: a cold JVM needs ~80 s at this rate), CONCURRENCY for the baseline (16).
set -euo pipefail
# a Redis database of its own (index 7): the service's events must not pile up in the streams the
# test suites' consumer groups read on this machine's Redis (index 0)
export REDIS_URL="${REDIS_URL:-redis://localhost:6379/7}"
here="$(cd "$(dirname "$0")" && pwd)"
# RESULTS_FILE: where the figures go (run-all.sh --smoke points it elsewhere)
results="${RESULTS_FILE:-$here/RESULTS.md}"
root="$(cd "$here/../.." && pwd)"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
rate="${RATE:-500}" seconds="${DURATION:-20}" warmup="${WARMUP:-120}" concurrency="${CONCURRENCY:-16}"
db=qv_alert_bench
token=bench-webhook-token
work="$(mktemp -d)"
# stop the service and wait for it: the next run binds the same ports
trap '{ kill "${pid:-}" && wait "${pid:-}"; } 2>/dev/null || true; cp "$work/service.log" /tmp/alert-bench-service.log 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck source=SCRIPTDIR/../../deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"
java="$JAVA_HOME/bin/java"
jar="$root/alert-service/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && ./mvnw -B -q package -pl alert-service -am -DskipTests -Dspotless.check.skip=true)
fi

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

port=18084 mport=19084 stub=18999
# pacing off (the stub is not PagerDuty), one channel routed, no other services to watch
QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport \
DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" DATABASE_USERNAME="$PGUSER" \
JWT_PUBLIC_KEY_LOCATION="$work/public.pem" ALERTMANAGER_WEBHOOK_TOKEN=$token \
PAGERDUTY_EVENTS_URL="http://127.0.0.1:$stub/v2/enqueue" PAGERDUTY_ROUTING_KEY=bench-routing-key \
PAGERDUTY_RATE_PER_MINUTE=100000000 QV_STREAMS_START_FROM='$' LOG_LEVEL=WARN \
  "$java" -Xmx512m -jar "$jar" > "$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://localhost:$mport/q/health/ready" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.5
done

cd "$here"
if ! out="$("$java" AlertLoad.java "$stub" "http://localhost:$port" "$token" "$rate" "$seconds" "$warmup" "$concurrency" 2>"$work/load.err")"; then
  echo "the load generator failed:" >&2
  cat "$work/load.err" >&2
  exit 1
fi
base="$(grep -oP 'baseline.*per_s=\K[0-9.]+' <<< "$out")"
delivered="$(grep -oP '^bench .*delivered_per_s=\K[0-9.]+' <<< "$out")"
p99="$(grep -oP '^bench .*e2e_p99_ms=\K[0-9.]+' <<< "$out")"
dups="$(grep -oP '^bench .*duplicate_pages=\K[0-9]+' <<< "$out")"
ratio="$(awk -v a="$delivered" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"

{
  echo "# alert-service benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(uname -sr), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| baseline: POST straight to the PagerDuty stub, $concurrency clients, ${seconds}s | $base events/s |"
  echo "| webhook → dedup → outbox → stub at $rate alerts/s (each sent twice), ${seconds}s | $delivered alerts/s delivered |"
  echo "| ratio delivered / stub baseline | $ratio |"
  echo "| p99 scheduled send → trigger at the stub (target < 200 ms) | $p99 ms |"
  echo "| duplicate pages at the stub (must be 0) | $dups |"
  echo
  echo '```'
  echo "$out"
  echo '```'
} > "$results"
cat "$results"
