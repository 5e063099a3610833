#!/usr/bin/env bash
# Gateway benchmark: an authenticated, rate-limited GET through gateway-service (JWT verified,
# Redis EVALSHA, request log, streaming proxy) to a trivial upstream, against the same GET sent to
# that upstream directly, in one run on loopback (limits raised so nothing is refused).
# Reports the throughput ratio (target >= 0.60) and the added median latency (target <= 1 ms),
# the latter twice: closed loop at saturation (wrk; there the median is mostly queueing, Little's
# law: connections / throughput) and open loop at fixed rates both paths sustain (../LoadGen.java,
# latency from each request's scheduled time), which is the gateway's own added time.
#
#   benchmarks/gateway/run.sh        # needs a JDK 21+, PostgreSQL (psql) and Redis on localhost, wrk, openssl
#
# Settings (environment): PGHOST/PGPORT/PGUSER (localhost/5432/postgres), REDIS_URL,
# CONNECTIONS (16), DURATION seconds per measurement (20), WARMUP seconds of wrk on each path first
# (30: a fresh JVM keeps getting faster for tens of seconds), RATES requests/s of the open-loop
# runs ("1000 3000"), OPEN_WARMUP seconds before each is measured (10).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# RESULTS_FILE: where the figures go (run-all.sh --smoke points it elsewhere)
results="${RESULTS_FILE:-$here/RESULTS.md}"
root="$(cd "$here/../.." && pwd)"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
connections="${CONNECTIONS:-16}" seconds="${DURATION:-20}" warmup="${WARMUP:-30}"
read -r -a rates <<< "${RATES:-1000 3000}"
db=qv_gateway_bench
port=18080 mport=19080 upstream_port=18081
work="$(mktemp -d)"
trap 'kill "${gw:-}" "${up:-}" 2>/dev/null || true; cp "$work/gateway.log" /tmp/gateway-bench.log 2>/dev/null; rm -rf "$work"' EXIT

for tool in wrk psql openssl curl; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install wrk postgresql-client openssl curl)"; exit 1; }
done
# shellcheck source=SCRIPTDIR/../../deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"
java="$JAVA_HOME/bin/java"
jar="$root/gateway-service/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && ./mvnw -B -q package -pl gateway-service -am -DskipTests -Dspotless.check.skip=true)
fi

psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2> /dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

"$java" "$here/Upstream.java" "$upstream_port" &
up=$!

QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport \
DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" DATABASE_USERNAME="$PGUSER" \
JWT_PUBLIC_KEY_LOCATION="$work/public.pem" JWT_PRIVATE_KEY_LOCATION="$work/private.pem" MARKET_DATA_URL="http://127.0.0.1:$upstream_port" \
RATE_LIMIT_PER_MINUTE=1000000000 RATE_LIMIT_PER_HOUR=1000000000 LOG_LEVEL=INFO LOG_FORMAT=json \
  "$java" -Xmx512m -jar "$jar" > "$work/gateway.log" 2>&1 &
gw=$!
for _ in $(seq 1 240); do
  curl -fs "http://localhost:$mport/q/health/ready" > /dev/null 2>&1 && break
  kill -0 "$gw" 2> /dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 0.5
done

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"quantvision","sub":"bench","upn":"bench@quantvision.io","groups":["trader"],"iat":%d,"exp":%d}' \
  "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$work/private.pem" | b64url)
token="$header.$payload.$signature"

path="/api/v1/market/quotes/BENCH"
direct="http://127.0.0.1:$upstream_port$path"
gateway="http://127.0.0.1:$port$path"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$gateway")
[[ "$status" == 200 ]] || { echo "the gateway answered $status"; tail -20 "$work/gateway.log"; exit 1; }

measure() { wrk -t2 -c"$connections" -d"${1}s" --latency -H "Authorization: Bearer $token" "$2"; }
rps() { grep -oP 'Requests/sec:\s+\K[0-9.]+' <<< "$1"; }
# wrk prints e.g. "50%  412.00us" or "50%    1.20ms": in milliseconds
p50() { grep -oP '^\s+50%\s+\K[0-9.]+(us|ms|s)' <<< "$1" | awk '/us$/ {printf "%.3f", $0 / 1000; next} /ms$/ {printf "%.3f", $0 + 0; next} {printf "%.3f", $0 * 1000}'; }

measure "$warmup" "$direct" > /dev/null
measure "$warmup" "$gateway" > /dev/null
direct_out="$(measure "$seconds" "$direct")"
gateway_out="$(measure "$seconds" "$gateway")"
direct_rps="$(rps "$direct_out")" gateway_rps="$(rps "$gateway_out")"
direct_p50="$(p50 "$direct_out")" gateway_p50="$(p50 "$gateway_out")"
ratio="$(awk -v a="$gateway_rps" -v b="$direct_rps" 'BEGIN { printf "%.2f", a / b }')"
added="$(awk -v a="$gateway_p50" -v b="$direct_p50" 'BEGIN { printf "%.3f", a - b }')"
refused="$(grep -oP 'Non-2xx or 3xx responses:\s+\K[0-9]+' <<< "$gateway_out" || echo 0)"

# open loop: the same GET at fixed rates, 100 users' tokens in turn, direct then through the gateway
open_rows=() open_raw=()
for rate in "${rates[@]}"; do
  row="| $rate/s"
  p50s=()
  for target in "$direct" "$gateway"; do
    out="$(CONNECTIONS=64 "$java" "$here/../LoadGen.java" get "$target" "$work/private.pem" 100 "$rate" "$seconds" "${OPEN_WARMUP:-10}")"
    open_raw+=("$target $out")
    p50s+=("$(grep -oP 'p50_ms=\K[0-9.]+' <<< "$out")")
    row+=" | $(grep -oP 'p50_ms=\K[0-9.]+' <<< "$out") / $(grep -oP 'p99_ms=\K[0-9.]+' <<< "$out") ms"
    row+=" ($(grep -oP 'failed=\K[0-9]+' <<< "$out") failed)"
  done
  open_rows+=("$row | $(awk -v a="${p50s[1]}" -v b="${p50s[0]}" 'BEGIN { printf "%.2f", a - b }') ms |")
done

{
  echo "# gateway-service benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD), on $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(uname -sr). The machine is shared with other builds; load average before the run:"
  echo "$(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "GET $path with a bearer JWT, $connections connections, ${seconds}s each, wrk on loopback; the"
  echo "gateway verifies the JWT, asks Redis (one EVALSHA, both windows), writes the request log"
  echo "line and streams the call to a trivial JDK HttpServer upstream."
  echo
  echo "| measure | direct to upstream | through the gateway |"
  echo "|---|---|---|"
  echo "| throughput | $direct_rps req/s | $gateway_rps req/s |"
  echo "| p50 latency | $direct_p50 ms | $gateway_p50 ms |"
  echo
  echo "| figure | value | target |"
  echo "|---|---|---|"
  echo "| throughput ratio gateway / direct | $ratio | >= 0.60 |"
  echo "| added p50 latency, closed loop at saturation | $added ms | <= 1 ms |"
  echo "| non-2xx answers through the gateway | $refused | 0 |"
  echo
  echo "Open loop: a GET every 1/rate seconds on 64 connections (100 users' tokens in turn), ${OPEN_WARMUP:-10}s"
  echo "warm-up then ${seconds}s measured per path; p50 / p99 from each request's scheduled time."
  echo
  echo "| rate | direct p50 / p99 | through the gateway p50 / p99 | added p50 (target <= 1 ms) |"
  echo "|---|---|---|---|"
  printf '%s\n' "${open_rows[@]}"
  echo
  echo '```'
  echo "$direct_out"
  echo "$gateway_out"
  printf '%s\n' "${open_raw[@]}"
  echo '```'
} > "$results"
cat "$results"
