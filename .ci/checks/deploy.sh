#!/usr/bin/env bash
# CI check for the deploy files (issue 8), each with its real tool (../shared/VALIDATORS.md):
# ShellCheck, dockerfile-utils + dockerfilelint, docker-compose (v1) config, nginx -t plus the
# configuration's behaviour in private namespaces, the PostgreSQL init script on a throwaway
# cluster, the backup -> restore drill on the machine's PostgreSQL (scratch database), and the
# real image smoke test (QV_IMAGE_SMOKE=skip leaves it out; deploy/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
# shellcheck source=SCRIPTDIR/../lib.sh
source .ci/lib.sh

started=$(date +%s)
timings=()
step() {
  local name=$1 t0
  shift
  echo "-- deploy: $name"
  t0=$(date +%s)
  "$@"
  timings+=("$(printf '%4ss  %s' "$(($(date +%s) - t0))" "$name")")
}

apt_install shellcheck docker-compose nginx openssl curl python3-yaml
npm_tools

shell_scripts() {
  find deploy/scripts deploy/postgres deploy/smoke .ci/checks -name '*.sh' -type f | sort
}

lint_shell() {
  # -x follows the sourced lib.sh files
  # shellcheck disable=SC2046
  shellcheck -x $(shell_scripts)
  echo "  ok    shellcheck: $(shell_scripts | wc -l) scripts"
}

lint_dockerfiles() {
  local file out count=0
  for file in */src/main/docker/Dockerfile.*; do
    out=$(dockerfile-utils lint "$file") || { echo "$out" >&2; return 1; }
    [ -z "$out" ] || { echo "dockerfile-utils: $file" >&2; echo "$out" >&2; return 1; }
    out=$(dockerfilelint "$file") || { echo "$out" >&2; return 1; }
    count=$((count + 1))
  done
  [ "$count" -eq 10 ] || { echo "expected 10 Dockerfiles (JVM + native for five services), found $count" >&2; return 1; }
  echo "  ok    dockerfile-utils and dockerfilelint: $count Dockerfiles, no findings"
}

check_operator_scripts() {
  local script
  for script in deploy/scripts/{deploy,stop,logs,backup,restore}.sh; do
    grep -q '^usage:' <<<"$(bash "$script" --help)" || { echo "$script --help prints no usage" >&2; return 1; }
    if bash "$script" --no-such-option >/dev/null 2>&1; then echo "$script accepts an unknown option" >&2; return 1; fi
    grep -q '^set -euo pipefail' "$script" || { echo "$script does not set -euo pipefail" >&2; return 1; }
  done
  echo "  ok    operator scripts: --help, unknown options refused, set -euo pipefail"
}

check_compose() {
  local work
  work=$(mktemp -d)
  (
    cd deploy
    # development: docker-compose.yml + docker-compose.override.yml (read automatically)
    docker-compose config -q
    docker-compose config >"$work/dev.yml"
    # production: with the example env file, which must define every required value
    docker-compose --env-file .env.production.example -f docker-compose.yml -f docker-compose.prod.yml config -q
    docker-compose --env-file .env.production.example -f docker-compose.yml -f docker-compose.prod.yml config >"$work/prod.yml"
    # and a production env file that lacks a secret must be refused
    grep -v '^REDIS_PASSWORD=' .env.production.example >"$work/incomplete.env"
    if docker-compose --env-file "$work/incomplete.env" -f docker-compose.yml -f docker-compose.prod.yml config -q 2>/dev/null; then
      echo "production compose accepted an env file without REDIS_PASSWORD" >&2
      exit 1
    fi
  )
  echo "  ok    docker-compose config -q: development and production (and a missing secret is refused)"
  python3 .ci/checks/deploy/compose-contract.py README.md deploy/.env.production.example "$work/dev.yml" "$work/prod.yml"
  sed 's/CHANGE_ME_[A-Za-z_]*/ci-placeholder/' deploy/.env.production.example >"$work/dry.env"
  chmod 600 "$work/dry.env"
  QV_ENV_FILE="$work/dry.env" bash deploy/scripts/deploy.sh --env production --dry-run 2>/dev/null
  if QV_ENV_FILE=deploy/.env.production.example bash deploy/scripts/deploy.sh --env production --dry-run 2>/dev/null; then
    echo "deploy.sh accepted an env file with CHANGE_ME values" >&2
    return 1
  fi
  echo "  ok    deploy.sh --dry-run: production plan valid; CHANGE_ME values refused"
  rm -rf "$work"
}

image_smoke() {
  if [ "${QV_IMAGE_SMOKE:-run}" = skip ]; then
    echo "  skipped (QV_IMAGE_SMOKE=skip)"
    return 0
  fi
  apt_install docker.io debootstrap
  if ! ls ./*-service/target/quarkus-app/quarkus-run.jar >/dev/null 2>&1; then
    ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true
  fi
  bash deploy/smoke/image-smoke.sh
}

step "shellcheck" lint_shell
step "Dockerfiles" lint_dockerfiles
step "operator scripts" check_operator_scripts
step "docker-compose" check_compose
step "nginx -t and behaviour" bash .ci/checks/deploy/nginx.sh "$root"
step "postgres init script" bash .ci/checks/deploy/postgres-init.sh "$root"
step "backup -> restore drill" bash .ci/checks/deploy/backup-drill.sh "$root"
step "image smoke test" image_smoke

echo "-- deploy: all checks passed in $(($(date +%s) - started))s"
printf '   %s\n' "${timings[@]}"
