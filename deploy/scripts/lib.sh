#!/usr/bin/env bash
# Shared by the operator scripts in this folder (sourced, never run). Conventions: messages go to
# stderr with a timestamp, `die` exits non-zero, compose always runs from deploy/ with the files
# of the chosen environment.

QV_DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QV_ROOT=$(cd "$QV_DEPLOY_DIR/.." && pwd)
export QV_DEPLOY_DIR QV_ROOT

# The services (rollout order: the gateway last) and their databases (one each, DESIGN.md).
# shellcheck disable=SC2034 # used by the scripts that source this file
QV_SERVICES=(market-data-service analysis-service trading-service alert-service gateway-service)
# shellcheck disable=SC2034
QV_DATABASES=(qv_gateway qv_market_data qv_analysis qv_trading qv_alert)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

database_of() {
  local service=${1%-service}
  echo "qv_${service//-/_}"
}

service_of() {
  local database=${1#qv_}
  echo "${database//_/-}-service"
}

# QV_ENV: production (docker-compose.yml + docker-compose.prod.yml + .env.production) or
# development (docker-compose.yml + docker-compose.override.yml). Default: production when
# deploy/.env.production exists.
qv_select_env() {
  QV_ENV=${QV_ENV:-}
  if [ -z "$QV_ENV" ]; then
    if [ -f "$QV_DEPLOY_DIR/.env.production" ]; then QV_ENV=production; else QV_ENV=development; fi
  fi
  case "$QV_ENV" in
    production | prod)
      QV_ENV=production
      QV_ENV_FILE=${QV_ENV_FILE:-$QV_DEPLOY_DIR/.env.production}
      [ -f "$QV_ENV_FILE" ] || die "no $QV_ENV_FILE (copy .env.production.example and fill it in)"
      QV_COMPOSE_FILES=(-f docker-compose.yml -f docker-compose.prod.yml)
      ;;
    development | dev)
      QV_ENV=development
      QV_ENV_FILE=${QV_ENV_FILE:-}
      QV_COMPOSE_FILES=(-f docker-compose.yml -f docker-compose.override.yml)
      ;;
    *) die "QV_ENV must be production or development, not '$QV_ENV'" ;;
  esac
  export QV_ENV QV_ENV_FILE
}

# docker-compose v1, or the v2 plugin when that is what the host has.
compose() {
  local args=()
  [ -n "${QV_ENV_FILE:-}" ] && args+=(--env-file "$QV_ENV_FILE")
  if command -v docker-compose >/dev/null 2>&1; then
    (cd "$QV_DEPLOY_DIR" && docker-compose "${args[@]}" "${QV_COMPOSE_FILES[@]}" "$@")
  else
    (cd "$QV_DEPLOY_DIR" && docker compose "${args[@]}" "${QV_COMPOSE_FILES[@]}" "$@")
  fi
}

# Reads one variable from the env file (without sourcing it: values may hold shell metacharacters).
env_value() {
  local name=$1
  [ -n "${QV_ENV_FILE:-}" ] && [ -f "$QV_ENV_FILE" ] || return 0
  sed -n "s/^${name}=//p" "$QV_ENV_FILE" | tail -1
}

# Asks for a typed confirmation unless --yes was given; refuses when nobody can answer.
confirm() {
  local prompt=$1 expected=$2 answer
  [ "${QV_ASSUME_YES:-false}" = true ] && return 0
  [ -t 0 ] || die "not a terminal: pass --yes to confirm non-interactively"
  printf '%s\nType %s to continue: ' "$prompt" "$expected" >&2
  read -r answer
  [ "$answer" = "$expected" ] || die "not confirmed"
}

# PostgreSQL client tools, where the data is: QV_PG_MODE=compose runs them inside the compose
# `postgres` service as the superuser; QV_PG_MODE=local runs this host's tools with the libpq
# environment (PGHOST, PGPORT, PGUSER, PGPASSWORD), e.g. against RDS or in the CI drill.
# pg_tool TOOL ARG... : stdin and stdout pass through.
pg_tool() {
  local tool=$1
  shift
  if [ "${QV_PG_MODE:-compose}" = local ]; then
    "$tool" "$@"
  else
    compose exec -T postgres "$tool" --username=postgres "$@"
  fi
}

# psql_at DATABASE [ARG...] : tuples only, unaligned, stop at the first error.
psql_at() {
  local database=$1
  shift
  PGOPTIONS='-c client_min_messages=warning' pg_tool psql -X -q -A -t -v ON_ERROR_STOP=1 --dbname="$database" "$@"
}

# The exact row count of every user table, "schema.table<TAB>count", sorted: what a backup records
# and a restore must reproduce. Extension-owned tables (TimescaleDB's catalog) and partitions
# (counted through their parent, as are hypertable chunks) are left out.
count_rows_sql() {
  cat <<'SQL'
SELECT format('SELECT %L || chr(9) || count(*) FROM %I.%I', n.nspname || '.' || c.relname, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^(pg_|_timescaledb|timescaledb_)'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname \gexec
SQL
}

# count_rows DATABASE : the counts, now.
count_rows() {
  count_rows_sql | psql_at "$1"
}
