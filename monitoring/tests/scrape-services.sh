#!/usr/bin/env bash
# Starts the built services (<module>/target/quarkus-app) on free ports against the local
# PostgreSQL and Redis with LOG_FORMAT=json, waits until each is ready, runs check_metric_names.py
# against their /q/metrics and check_json_logs.py against their logs, then stops them. Each gets its own scratch database qv_monitoring_<service>.
#   monitoring/tests/scrape-services.sh [--require-live] [service...]   (default: all five)
# Needs a JDK (JAVA_HOME or deploy/local/find-jdk.sh), PostgreSQL on QV_PGHOST:QV_PGPORT
# (localhost:5432, user postgres) and Redis on QV_MONITORING_REDIS_URL (default database 13 of
# localhost:6379, so that these instances never join the consumer groups of a running suite).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
require_live=()
if [ "${1:-}" = --require-live ]; then require_live=(--require-live); shift; fi
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(gateway-service market-data-service analysis-service trading-service alert-service)

if [ -z "${JAVA_HOME:-}" ]; then
  # shellcheck source=/dev/null
  source deploy/local/find-jdk.sh
fi
pghost=${QV_PGHOST:-localhost} pgport=${QV_PGPORT:-5432}
keys="$root/test-support/src/main/resources/test-keys"
logs=$(mktemp -d)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT

taken=" "
free_port() { # a port nothing listens on and not handed out before in this run
  local port
  while :; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    case "$taken" in *" $port "*) continue ;; esac
    taken="$taken$port "
    echo "$port"
    return
  done
}

urls=()
for service in "${services[@]}"; do
  jar="$service/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "FAIL $jar not built (./mvnw package -pl $service -am)" >&2; exit 1; }
  db="qv_monitoring_${service//-/_}"
  psql -q -h "$pghost" -p "$pgport" -U postgres -tc "select 1 from pg_database where datname='$db'" | grep -q 1 \
    || psql -q -h "$pghost" -p "$pgport" -U postgres -c "create database $db" >/dev/null
  http=$(free_port)
  management=$(free_port)
  LOG_FORMAT=json ENVIRONMENT=ci \
    DATABASE_URL="jdbc:postgresql://$pghost:$pgport/$db" REDIS_URL="${QV_MONITORING_REDIS_URL:-redis://localhost:6379/13}" \
    JWT_PUBLIC_KEY_LOCATION="$keys/TEST-ONLY-jwt-public.pem" JWT_PRIVATE_KEY_LOCATION="$keys/TEST-ONLY-jwt-private.pem" \
    ALERTMANAGER_WEBHOOK_TOKEN=monitoring-check \
    QUARKUS_HTTP_PORT="$http" QUARKUS_MANAGEMENT_PORT="$management" \
    "$JAVA_HOME/bin/java" -jar "$jar" >"$logs/$service.log" 2>&1 &
  pids+=($!)
  urls+=("$service=$management=$http")
done

scrape=()
for entry in "${urls[@]}"; do
  IFS== read -r service port http <<<"$entry"
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  if ! curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
    echo "FAIL $service did not become ready; its log:" >&2
    tail -40 "$logs/$service.log" >&2
    exit 1
  fi
  if ! curl -sf "http://127.0.0.1:$port/q/metrics" | grep -q "service=\"$service\""; then
    echo "FAIL port $port does not serve $service's metrics" >&2
    exit 1
  fi
  # one request, so that the HTTP server histogram (and its buckets) exists
  curl -s -o /dev/null "http://127.0.0.1:$http/api/v1/monitoring-check" || true
  echo "$service ready, scraping http://127.0.0.1:$port/q/metrics"
  scrape+=(--scrape "http://127.0.0.1:$port/q/metrics")
done

/usr/bin/python3 monitoring/tests/check_metric_names.py --catalogue docs/metrics.md "${require_live[@]}" "${scrape[@]}"

# their logs, written meanwhile with LOG_FORMAT=json, against what promtail extracts
logs_args=()
for entry in "${urls[@]}"; do logs_args+=("${entry%%=*}=$logs/${entry%%=*}.log"); done
/usr/bin/python3 monitoring/tests/check_json_logs.py "${logs_args[@]}"
