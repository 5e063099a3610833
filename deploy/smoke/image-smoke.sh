#!/usr/bin/env bash
# Real image smoke test: builds each service's JVM image from its own src/main/docker/Dockerfile.jvm
# and runs it the way compose does (read-only root, no capabilities, non-root, secrets mounted
# read-only) against this machine's PostgreSQL and Redis, until the image's own HEALTHCHECK passes.
#
# Nothing can be pulled here, so the base comes from `debootstrap --variant=minbase bookworm`, which
# has no Java 21 runtime: the script jlinks one from the JDK that builds the project (>= 21, found
# like the local runner does) into /opt/java/openjdk of that root file system and imports it as
# qv-smoke/jre:<java version>. The Dockerfile is untouched: BASE_IMAGE/BASE_TAG are build args.
# A private dockerd runs for the duration (data root in a temporary folder, --bridge=none,
# --iptables=false, containers on the host network); it, the containers, the data and the smoke
# databases (qv_<service>_smoke) are removed on exit, whatever happens.
set -euo pipefail

usage() {
  cat <<USAGE
usage: deploy/smoke/image-smoke.sh [--service NAME]... [--timeout SECONDS] [--refresh-base]

Run as root on Debian with docker.io and debootstrap installed, after ./mvnw package (the fast-jars
in <service>/target/quarkus-app are what the images ship).

  --service NAME     only this service (repeatable; default: all five)
  --timeout SECONDS  how long a container may take to become healthy (default: 240)
  --refresh-base     debootstrap again instead of reusing the cached root file system
                     (\$QV_SMOKE_CACHE, default ~/.cache/quantvision-smoke)

Environment: QV_SMOKE_PG_HOST/PORT/USER (default 127.0.0.1, 5432, postgres; trust or PGPASSWORD),
QV_SMOKE_REDIS_URL (default redis://127.0.0.1:6379).
USAGE
}

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
services=()
timeout=240
refresh=false
while [ $# -gt 0 ]; do
  case "$1" in
    --service) services+=("${2:?--service needs a name}"); shift 2 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --refresh-base) refresh=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=(gateway-service market-data-service analysis-service trading-service alert-service)

started=$(date +%s)
say() { printf '%s [%4ss] %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - started))" "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (dockerd and debootstrap need it)"
for tool in dockerd debootstrap psql redis-cli openssl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install docker.io debootstrap postgresql-client redis-tools)"
done
DOCKER=/usr/bin/docker # the client shipped with the daemon
[ -x "$DOCKER" ] || die "$DOCKER is missing (docker.io)"
# shellcheck source=SCRIPTDIR/../local/find-jdk.sh
source "$ROOT/deploy/local/find-jdk.sh"
for service in "${services[@]}"; do
  [ -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ] \
    || die "$service is not packaged: run ./mvnw package -DskipTests first"
done

pg_host=${QV_SMOKE_PG_HOST:-127.0.0.1}
pg_port=${QV_SMOKE_PG_PORT:-5432}
pg_user=${QV_SMOKE_PG_USER:-postgres}
redis_url=${QV_SMOKE_REDIS_URL:-redis://127.0.0.1:6379}
psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres "$@"; }
database_of() { local name=${1%-service}; echo "qv_${name//-/_}_smoke"; }

work=$(mktemp -d /tmp/qv-smoke.XXXXXX)
export DOCKER_HOST="unix://$work/docker.sock"
dockerd_pid=""
containers=()

cleanup() {
  local status=$? container
  set +e
  for container in "${containers[@]}"; do "$DOCKER" rm -f "$container" >/dev/null 2>&1; done
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    kill -TERM "$dockerd_pid"
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$dockerd_pid" 2>/dev/null
  fi
  # overlay and shm mounts the daemon may have left behind, then the folder
  grep -o " ${work}[^ ]*" /proc/mounts | sort -r | while read -r mountpoint; do umount -l "$mountpoint"; done
  rm -rf "$work"
  for service in "${services[@]}"; do
    psql_admin -c "DROP DATABASE IF EXISTS $(database_of "$service") WITH (FORCE)" >/dev/null 2>&1
  done
  [ $status -eq 0 ] || say "smoke test failed; cleaned up"
  exit $status
}
trap cleanup EXIT INT TERM

# -------------------------------------------------------------- a private Docker engine
mkdir -p "$work/data" "$work/exec"
dockerd --host "$DOCKER_HOST" --data-root "$work/data" --exec-root "$work/exec" \
  --pidfile "$work/dockerd.pid" --bridge=none --iptables=false --ip-masq=false \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 60); do "$DOCKER" version >/dev/null 2>&1 && break; sleep 0.5; done
"$DOCKER" version >/dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; die "dockerd did not start"; }
say "dockerd $("$DOCKER" version -f '{{.Server.Version}}') up (data root $work/data)"

# -------------------------------------------------------------- the base: Debian + jlinked Java
# Cached as two tarballs: the debootstrapped root file system, and that plus the jlinked runtime
# of this JDK's version (rebuilt when the JDK changes, or with --refresh-base).
cache=${QV_SMOKE_CACHE:-$HOME/.cache/quantvision-smoke}
mkdir -p "$cache"
java_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
java_tag=$(echo "$java_version" | tr -c 'A-Za-z0-9_.\n-' '_')
rootfs_tar="$cache/bookworm-minbase.tar"
base_tar="$cache/bookworm-minbase-jre-$java_tag.tar"
if [ "$refresh" = true ]; then rm -f "$rootfs_tar" "$base_tar"; fi
if [ ! -s "$base_tar" ]; then
  mkdir -p "$work/rootfs"
  if [ -s "$rootfs_tar" ]; then
    tar -C "$work/rootfs" -xf "$rootfs_tar"
  else
    say "debootstrap --variant=minbase bookworm (cached afterwards in $cache)"
    debootstrap --variant=minbase bookworm "$work/rootfs" "${QV_SMOKE_MIRROR:-http://deb.debian.org/debian}" \
      >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
    tar -C "$work/rootfs" -cf "$rootfs_tar.partial" . && mv "$rootfs_tar.partial" "$rootfs_tar"
  fi
  # The modules a Quarkus service needs at run time (a JRE, not a JDK: no compiler, no jshell).
  "$JAVA_HOME/bin/jlink" --output "$work/rootfs/opt/java/openjdk" --strip-debug --no-man-pages --no-header-files \
    --add-modules java.se,jdk.unsupported,jdk.management,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.jfr,jdk.net
  tar -C "$work/rootfs" -cf "$base_tar.partial" . && mv "$base_tar.partial" "$base_tar"
  rm -rf "$work/rootfs"
fi
"$DOCKER" import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$base_tar" "qv-smoke/jre:$java_tag" >/dev/null
say "base qv-smoke/jre:$java_tag: Debian bookworm minbase + Java $java_version runtime (jlink)"

# -------------------------------------------------------------- secrets, as compose mounts them
mkdir -p "$work/secrets"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/secrets/jwt_private_key" 2>/dev/null
openssl pkey -in "$work/secrets/jwt_private_key" -pubout -out "$work/secrets/jwt_public_key"
chmod 0640 "$work/secrets/"* # root:root; the containers' uid 185 reads them through group 0
chmod 0755 "$work/secrets" "$work"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# -------------------------------------------------------------- build and run every service
declare -A management_port
for service in "${services[@]}"; do
  t0=$(date +%s)
  DOCKER_BUILDKIT=0 "$DOCKER" build -q --build-arg BASE_IMAGE=qv-smoke/jre --build-arg "BASE_TAG=$java_tag" \
    -f "$ROOT/$service/src/main/docker/Dockerfile.jvm" -t "quantvision/$service:smoke" "$ROOT/$service" >/dev/null \
    || die "$service: docker build failed"
  size=$("$DOCKER" image inspect -f '{{.Size}}' "quantvision/$service:smoke")
  say "$service: image built in $(($(date +%s) - t0))s ($((size / 1024 / 1024)) MB with the base)"

  database=$(database_of "$service")
  psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  psql_admin -c "CREATE DATABASE $database" >/dev/null
  http_port=$(free_port)
  management_port[$service]=$(free_port)
  env=(
    -e "QUARKUS_HTTP_PORT=$http_port" -e "QUARKUS_MANAGEMENT_PORT=${management_port[$service]}"
    -e ENVIRONMENT=smoke -e LOG_FORMAT=json -e LOG_LEVEL=INFO
    -e "DATABASE_URL=jdbc:postgresql://$pg_host:$pg_port/$database"
    -e "DATABASE_USERNAME=$pg_user" -e "DATABASE_PASSWORD=${PGPASSWORD:-}"
    -e "REDIS_URL=$redis_url"
    -e JWT_PUBLIC_KEY_LOCATION=/run/secrets/jwt_public_key
  )
  case "$service" in
    gateway-service)
      env+=(-e JWT_PRIVATE_KEY_LOCATION=/run/secrets/jwt_private_key
        -e QV_ADMIN_EMAIL=admin@smoke.test -e QV_ADMIN_PASSWORD=smoke-only-admin-password-0) ;;
    alert-service) env+=(-e ALERTMANAGER_WEBHOOK_TOKEN=smoke-only-token) ;;
  esac
  container="qv-smoke-$service"
  # As compose runs them: restarted when they exit (restart: unless-stopped), hardened.
  "$DOCKER" run -d --name "$container" --network host --restart on-failure:5 --read-only --tmpfs /tmp \
    --cap-drop ALL --security-opt no-new-privileges \
    -v "$work/secrets:/run/secrets:ro" "${env[@]}" "quantvision/$service:smoke" >/dev/null \
    || die "$service: docker run failed"
  containers+=("$container")
done
say "${#services[@]} container(s) started; waiting for their HEALTHCHECK"

# -------------------------------------------------------------- healthy, as the image defines it
# ("unhealthy" is not final: Docker turns a container healthy again at its next passing check, and
# a JVM starting five times over on a busy machine may take a while; exiting is final.)
declare -A healthy_after
deadline=$(($(date +%s) + timeout))
while :; do
  pending=0
  for service in "${services[@]}"; do
    [ -n "${healthy_after[$service]:-}" ] && continue
    container="qv-smoke-$service"
    state=$("$DOCKER" inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$container")
    case "$state" in
      "running healthy")
        healthy_after[$service]=$(($(date +%s) - started))
        restarts=$("$DOCKER" inspect -f '{{.RestartCount}}' "$container")
        say "$service: healthy$([ "$restarts" = 0 ] || echo " after $restarts restart(s)")" ;;
      exited* | dead*)
        "$DOCKER" logs --tail 30 "$container" >&2 || true
        "$DOCKER" inspect -f '{{range .State.Health.Log}}health check exit {{.ExitCode}}: {{.Output}}{{println}}{{end}}' "$container" >&2 || true
        die "$service: $state" ;;
      *) pending=$((pending + 1)) ;;
    esac
  done
  [ "$pending" -eq 0 ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    for service in "${services[@]}"; do
      [ -n "${healthy_after[$service]:-}" ] && continue
      say "$service did not become healthy; its last log lines and checks:"
      "$DOCKER" logs --tail 30 "qv-smoke-$service" >&2 || true
      "$DOCKER" inspect -f '{{range .State.Health.Log}}health check exit {{.ExitCode}}: {{.Output}}{{println}}{{end}}' "qv-smoke-$service" >&2 || true
    done
    die "not healthy after ${timeout}s"
  fi
  sleep 2
done

# -------------------------------------------------------------- what the images promise
for service in "${services[@]}"; do
  container="qv-smoke-$service"
  uid=$("$DOCKER" exec "$container" id -u)
  [ "$uid" != 0 ] || die "$service runs as root"
  if "$DOCKER" exec "$container" sh -c 'touch /deployments/app/x' 2>/dev/null; then
    die "$service can write to its own code"
  fi
  body=$(exec 3<>"/dev/tcp/127.0.0.1/${management_port[$service]}" \
    && printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3)
  grep -q '"status": *"UP"' <<<"$body" || die "$service: readiness body is not UP: $body"
  logs=$("$DOCKER" logs "$container" 2>&1) # whole, then grep: grep -q closing a pipe early trips pipefail
  grep -q '^{.*"message":"[^"]* started in .*"service":"'"$service"'"' <<<"$logs" \
    || die "$service: its start-up line is not a JSON log line with the service field"
  t0=$(date +%s)
  "$DOCKER" update --restart no "$container" >/dev/null
  "$DOCKER" stop -t 30 "$container" >/dev/null
  logs=$("$DOCKER" logs --tail 5 "$container" 2>&1)
  grep -q 'stopped in' <<<"$logs" || die "$service: no graceful shutdown on SIGTERM"
  say "$service: uid $uid, read-only code, readiness UP, JSON logs, graceful stop in $(($(date +%s) - t0))s"
done

say "image smoke test passed: ${services[*]}"
