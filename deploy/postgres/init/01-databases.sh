#!/usr/bin/env bash
# One role and one database per service, a read-only monitoring role, TimescaleDB where the bars
# live. Run by the postgres image on an empty data directory (/docker-entrypoint-initdb.d) and by
# deploy.sh before every rollout (idempotent: it only creates what is missing and resets passwords
# to the configured ones, so a rotated password takes effect).
#
# Environment: <SERVICE>_DATABASE_PASSWORD for each service, MONITORING_DATABASE_PASSWORD;
# POSTGRES_USER / PGHOST / PGPORT as libpq reads them (inside the container: the local socket).
set -euo pipefail

databases=(
  "qv_gateway:GATEWAY_DATABASE_PASSWORD"
  "qv_market_data:MARKET_DATA_DATABASE_PASSWORD"
  "qv_analysis:ANALYSIS_DATABASE_PASSWORD"
  "qv_trading:TRADING_DATABASE_PASSWORD"
  "qv_alert:ALERT_DATABASE_PASSWORD"
)
# Databases whose tables are TimescaleDB hypertables (the extension needs a superuser to create).
timescale_databases=(qv_market_data)

psql_admin() {
  PGOPTIONS='-c client_min_messages=warning' \
    psql -v ON_ERROR_STOP=1 -X -q --username "${POSTGRES_USER:-postgres}" "$@"
}

ensure_role() {
  local role=$1 password=$2
  if [ -z "$password" ]; then
    echo "01-databases.sh: no password for role $role" >&2
    exit 1
  fi
  psql_admin --dbname postgres --set=role="$role" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
SQL
}

ensure_database() {
  local database=$1 owner=$2
  psql_admin --dbname postgres --set=db="$database" --set=owner="$owner" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO qv_monitoring', :'db') \gexec
SQL
  # PostgreSQL 15 no longer lets PUBLIC create in schema public; the owner role owns it instead.
  psql_admin --dbname "$database" --set=owner="$owner" <<'SQL'
SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner') \gexec
SQL
}

ensure_role qv_monitoring "${MONITORING_DATABASE_PASSWORD:-}"
psql_admin --dbname postgres -c "GRANT pg_monitor TO qv_monitoring"

for entry in "${databases[@]}"; do
  database=${entry%%:*}
  password_variable=${entry#*:}
  ensure_role "$database" "${!password_variable:-}"
  ensure_database "$database" "$database"
done

for database in "${timescale_databases[@]}"; do
  if psql_admin --dbname postgres -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'" | grep -q 1; then
    psql_admin --dbname "$database" -c "CREATE EXTENSION IF NOT EXISTS timescaledb"
  else
    echo "01-databases.sh: timescaledb is not available on this server; $database stays plain PostgreSQL" >&2
  fi
done

echo "01-databases.sh: roles and databases ready: ${databases[*]%%:*}"
