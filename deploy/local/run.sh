#!/usr/bin/env bash
# Builds and starts the five QuantVision services in JVM mode against local (or embedded)
# PostgreSQL and Redis, waits until each is ready and prints the gateway URL.
# Ctrl-C stops them all. `deploy/local/run.sh stop` stops a suite started elsewhere.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE="$ROOT/.local"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
SERVICES=(gateway-service market-data-service analysis-service trading-service alert-service)
READY_TIMEOUT=${QV_READY_TIMEOUT:-90}

usage() {
  cat <<USAGE
usage: deploy/local/run.sh [--no-build] | stop | --help

  (default)   build (skip with --no-build), start PostgreSQL/Redis if needed, start the five
              services, wait until all are ready; Ctrl-C stops everything
  stop        stop a suite started by this script (reads $PIDS)

Logs: $LOGS/<service>.log   Configuration: the environment (see README, "Configuration").
USAGE
}

port_of() {
  case "$1" in
    gateway-service) echo 8080 ;;
    market-data-service) echo 8081 ;;
    analysis-service) echo 8082 ;;
    trading-service) echo 8083 ;;
    alert-service) echo 8084 ;;
  esac
}

database_of() {
  local name=${1%-service}
  echo "qv_${name//-/_}"
}

# GET a local URL with bash alone (no curl needed); prints the status code or nothing.
http_status() {
  local port=$1 path=$2 code
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
  read -r -t 5 _ code _ <&3 || true
  exec 3>&-
  echo "${code:-}"
}

stop_pid_file() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_all() {
  local service
  for service in "${SERVICES[@]}"; do
    stop_pid_file "$PIDS/$service.pid"
  done
  stop_pid_file "$PIDS/infrastructure.pid"
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  stop) stop_all; echo "stopped"; exit 0 ;;
esac

BUILD=true
[ "${1:-}" = "--no-build" ] && BUILD=false

# shellcheck source=deploy/local/find-jdk.sh
source "$ROOT/deploy/local/find-jdk.sh"
mkdir -p "$LOGS" "$PIDS"
stop_all

if $BUILD; then
  echo "building (JAVA_HOME=$JAVA_HOME)..."
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true)
fi

trap 'echo; echo "stopping..."; stop_all; exit 0' INT TERM

# PostgreSQL and Redis: the configured servers when they answer, embedded ones otherwise.
rm -f "$STATE/infra.env"
databases=()
for service in "${SERVICES[@]}"; do databases+=("$(database_of "$service")"); done
"$JAVA_HOME/bin/java" -cp "$ROOT/test-support/target/classes:$(cat "$ROOT/test-support/target/runtime-classpath.txt")" \
  io.quantvision.testing.infra.LocalInfrastructure "$STATE/infra.env" "$STATE/keys" "${databases[@]}" \
  >"$LOGS/infrastructure.log" 2>&1 &
echo $! >"$PIDS/infrastructure.pid"
for _ in $(seq 1 120); do
  [ -f "$STATE/infra.env" ] && break
  kill -0 "$(cat "$PIDS/infrastructure.pid")" 2>/dev/null || { cat "$LOGS/infrastructure.log" >&2; exit 1; }
  sleep 0.5
done
[ -f "$STATE/infra.env" ] || { echo "infrastructure did not come up; see $LOGS/infrastructure.log" >&2; stop_all; exit 1; }
# shellcheck disable=SC1091
source "$STATE/infra.env"

started=$(date +%s)
for service in "${SERVICES[@]}"; do
  (
    database=$(database_of "$service")
    export DATABASE_URL="jdbc:postgresql://$QV_PG_HOST:$QV_PG_PORT/$database"
    export DATABASE_USERNAME="$QV_PG_USER" DATABASE_PASSWORD="$QV_PG_PASSWORD"
    export REDIS_URL JWT_PUBLIC_KEY_LOCATION JWT_PRIVATE_KEY_LOCATION
    export ENVIRONMENT="${ENVIRONMENT:-development}"
    export QV_ADMIN_EMAIL="${QV_ADMIN_EMAIL:-admin@quantvision.local}"
    export QV_ADMIN_PASSWORD="${QV_ADMIN_PASSWORD:-change-me-locally-0}"
    # QV_JAVA_OPTS holds several JVM flags: split on purpose
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" ${QV_JAVA_OPTS:-} -jar "$ROOT/$service/target/quarkus-app/quarkus-run.jar"
  ) >"$LOGS/$service.log" 2>&1 &
  echo $! >"$PIDS/$service.pid"
done

for service in "${SERVICES[@]}"; do
  management=$(( $(port_of "$service") + 1000 ))
  until [ "$(http_status "$management" /q/health/ready)" = "200" ]; do
    if ! kill -0 "$(cat "$PIDS/$service.pid")" 2>/dev/null; then
      echo "$service exited; last lines of $LOGS/$service.log:" >&2
      tail -n 30 "$LOGS/$service.log" >&2
      stop_all
      exit 1
    fi
    if [ $(( $(date +%s) - started )) -ge "$READY_TIMEOUT" ]; then
      echo "$service not ready after ${READY_TIMEOUT}s; see $LOGS/$service.log" >&2
      stop_all
      exit 1
    fi
    sleep 0.5
  done
  echo "  $service ready on :$(port_of "$service") (management :$management)"
done

echo "QuantVision is up in $(( $(date +%s) - started ))s: gateway at http://localhost:8080  (logs in $LOGS; Ctrl-C stops)"
if [ "${QV_DETACH:-false}" = "true" ]; then
  trap - INT TERM
  exit 0
fi
wait
