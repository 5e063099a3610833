#!/usr/bin/env bash
# deploy/postgres/init/01-databases.sh against a throwaway PostgreSQL cluster (initdb in a temporary
# folder, its own port, password authentication): it creates cluster-wide roles, so it never runs
# on the machine's shared server. Checks what the compose stack relies on: one database per
# service owned by its own role, no way into another service's database, the monitoring role,
# idempotence, and password rotation on a re-run. Usage: postgres-init.sh <repository root>
set -euo pipefail

root=$(cd "${1:?repository root}" && pwd)
bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -1)
work=$(mktemp -d /tmp/qv-pg-init.XXXXXX)
chown postgres "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "postgres init: FAIL: $*" >&2; exit 1; }

echo "superuser-secret" >"$work/pw" && chown postgres "$work/pw"
runuser -u postgres -- "$bin/initdb" -D "$work/data" -U postgres --pwfile="$work/pw" \
  --auth-local=trust --auth-host=scram-sha-256 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null

run_init() {
  env PGHOST="$work" PGPORT="$port" POSTGRES_USER=postgres \
    GATEWAY_DATABASE_PASSWORD="gw-$1" MARKET_DATA_DATABASE_PASSWORD="md-$1" ANALYSIS_DATABASE_PASSWORD="an-$1" \
    TRADING_DATABASE_PASSWORD="tr-$1" ALERT_DATABASE_PASSWORD="al-$1" MONITORING_DATABASE_PASSWORD="mo-$1" \
    bash "$root/deploy/postgres/init/01-databases.sh" >/dev/null 2>>"$work/init.log" \
    || { cat "$work/init.log" >&2; fail "the init script failed"; }
}
as() { PGPASSWORD=$2 psql -X -q -A -t -h 127.0.0.1 -p "$port" -U "$1" -d "$3" -v ON_ERROR_STOP=1 "${@:4}"; }

run_init one
run_init one # idempotent
owners=$(psql -X -A -t -h "$work" -p "$port" -U postgres -d postgres \
  -c "SELECT string_agg(datname || '=' || pg_get_userbyid(datdba), ' ' ORDER BY datname) FROM pg_database WHERE datname LIKE 'qv\_%'")
[ "$owners" = "qv_alert=qv_alert qv_analysis=qv_analysis qv_gateway=qv_gateway qv_market_data=qv_market_data qv_trading=qv_trading" ] \
  || fail "unexpected databases/owners: $owners"
echo "  ok    five databases, each owned by its service's role (run twice: idempotent)"

[ "$(as qv_trading tr-one qv_trading -c 'CREATE TABLE orders (id int); SELECT current_user')" = qv_trading ] \
  || fail "qv_trading cannot create tables in its own database"
echo "  ok    a service's role creates its schema in its own database (what Flyway does)"

if as qv_trading tr-one qv_gateway -c 'SELECT 1' >/dev/null 2>&1; then fail "qv_trading can connect to qv_gateway"; fi
if as qv_gateway gw-one qv_trading -c 'SELECT 1' >/dev/null 2>&1; then fail "qv_gateway can connect to qv_trading"; fi
if as qv_gateway wrong-password qv_gateway -c 'SELECT 1' >/dev/null 2>&1; then fail "a wrong password is accepted"; fi
echo "  ok    no role reaches another service's database; passwords are checked"

[ "$(as qv_monitoring mo-one qv_trading -c "SELECT pg_has_role('qv_monitoring', 'pg_monitor', 'member')")" = t ] \
  || fail "qv_monitoring is not in pg_monitor"
if as qv_monitoring mo-one qv_trading -c 'SELECT * FROM orders' >/dev/null 2>&1; then fail "qv_monitoring reads service data"; fi
echo "  ok    qv_monitoring has pg_monitor and no access to service data"

run_init two # rotated passwords
as qv_gateway gw-two qv_gateway -c 'SELECT 1' >/dev/null || fail "a rotated password does not take effect"
if as qv_gateway gw-one qv_gateway -c 'SELECT 1' >/dev/null 2>&1; then fail "the old password still works after rotation"; fi
echo "  ok    a re-run with new passwords rotates them"

if env PGHOST="$work" PGPORT="$port" POSTGRES_USER=postgres bash "$root/deploy/postgres/init/01-databases.sh" >/dev/null 2>&1; then
  fail "the init script runs without passwords"
fi
echo "  ok    missing passwords stop the init script"
