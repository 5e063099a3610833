#!/usr/bin/env bash
# Start-to-ready time and RSS after load, per service, JVM mode: each packaged service started
# alone against PostgreSQL and Redis on localhost (a fresh qv_bench_<service> database each).
#
#   benchmarks/startup/run.sh            # settings: REQUESTS (2000), RUNS (3)
#
# Writes RESULTS.md beside this script (RESULTS_FILE overrides).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results="${RESULTS_FILE:-$here/RESULTS.md}"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=SCRIPTDIR/../../deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"
for service in gateway-service market-data-service analysis-service trading-service alert-service; do
  if [[ ! -f "$root/$service/target/quarkus-app/quarkus-run.jar" ]]; then
    (cd "$root" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true)
    break
  fi
done
for db in gateway market analysis trading alert; do
  psql -q -d postgres -c "DROP DATABASE IF EXISTS qv_bench_$db WITH (FORCE)" -c "CREATE DATABASE qv_bench_$db"
done

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
# Redis database 7, not 0, where the test suites' consumer groups read the streams
cat > "$work/env" <<ENV
DATABASE_URL_PREFIX=jdbc:postgresql://$PGHOST:$PGPORT/
DATABASE_USERNAME=$PGUSER
DATABASE_PASSWORD=${PGPASSWORD:-}
REDIS_URL=${REDIS_URL:-redis://localhost:6379/7}
JWT_PUBLIC_KEY_LOCATION=$work/public.pem
JWT_PRIVATE_KEY_LOCATION=$work/private.pem
TOTP_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
QV_ADMIN_EMAIL=bench-admin@quantvision.local
QV_ADMIN_PASSWORD=bench-admin-password-0
MARKET_DATA_PULL_ENABLED=false
RATE_LIMIT_PER_MINUTE=1000000
RATE_LIMIT_PER_HOUR=100000000
LOG_LEVEL=WARN
ENV

table="$("$JAVA_HOME/bin/java" "$here/Startup.java" "$root" "$work/private.pem" "$work/env" \
  "${REQUESTS:-2000}" "${RUNS:-3}")"
{
  echo "# Start-up and memory per service (JVM mode)"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each service alone, default heap settings; readiness polled every 20 ms; RSS read from /proc after"
  echo "the load (authenticated GETs on one endpoint, a metrics scrape every tenth request)."
  echo
  echo "$table"
} > "$results"
cat "$results"
