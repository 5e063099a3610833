#!/usr/bin/env bash
# Runs db-bootstrap.sh against a real PostgreSQL the way RDS runs it: as a master login that may
# create roles and databases but is no superuser. Checks that every service gets its own database,
# owned by its own role, that a role can create tables in its database (what Flyway does) and
# cannot connect to another service's, that hostile passwords are passed safely, that a second run
# changes nothing and takes a rotated password, and that bad input is refused.
#
# Uses PGHOST/PGPORT (default 127.0.0.1:5432) and a user that may create roles
# (QV_POSTGRES_USER, default postgres; QV_POSTGRES_PASSWORD). Creates only qv_tfcheck_* objects
# and drops them again.
set -euo pipefail

script="$(cd "$(dirname "$0")" && pwd)/db-bootstrap.sh"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
admin_user="${QV_POSTGRES_USER:-postgres}"
admin_password="${QV_POSTGRES_PASSWORD:-}"
suffix="$$"
master="qv_tfcheck_master_$suffix"
master_password="Master-$suffix-pw"
db_a="qv_tfcheck_a_$suffix"
db_b="qv_tfcheck_b_$suffix"
upper_a=$(echo "$db_a" | tr '[:lower:]' '[:upper:]')
upper_b=$(echo "$db_b" | tr '[:lower:]' '[:upper:]')
password_a="it's \"quoted\"; DROP ROLE $master; --"
password_b="plain-$suffix"

failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }
as_admin() { PGUSER="$admin_user" PGPASSWORD="$admin_password" PGDATABASE=postgres psql --no-psqlrc -qAt -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  as_admin -c "DROP DATABASE IF EXISTS $db_a" -c "DROP DATABASE IF EXISTS $db_b" \
    -c "DROP ROLE IF EXISTS $db_a" -c "DROP ROLE IF EXISTS $db_b" -c "DROP ROLE IF EXISTS $master" >/dev/null 2>&1 || true
}
trap cleanup EXIT

as_admin -c "CREATE ROLE $master LOGIN CREATEROLE CREATEDB PASSWORD '$master_password'"

bootstrap() {
  env PGUSER="$master" PGPASSWORD="$master_password" PGDATABASE=postgres PGSSLMODE=disable \
    QV_DATABASES="$db_a $db_b" "QV_PASSWORD_$upper_a=$1" "QV_PASSWORD_$upper_b=$password_b" sh "$script"
}

if bootstrap "$password_a" >/dev/null; then ok "first run"; else fail "first run exited $?"; fi
if bootstrap "$password_a" >/dev/null; then ok "second run (idempotent)"; else fail "second run exited $?"; fi

for db in "$db_a" "$db_b"; do
  owner=$(as_admin -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$db'")
  if [ "$owner" = "$db" ]; then ok "$db exists, owned by role $db"; else fail "$db owner is '$owner'"; fi
done
super=$(as_admin -c "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '$db_a'")
if [ "$super" = "f" ]; then ok "$db_a has no superuser, createdb or createrole"; else fail "$db_a is privileged"; fi

# The server may trust local connections (then a login proves nothing about the password): verify
# the stored SCRAM-SHA-256 verifier against the expected password instead (RFC 5802/7677).
password_is() {
  local verifier
  verifier=$(as_admin -c "SELECT rolpassword FROM pg_authid WHERE rolname = '$1'")
  # shellcheck disable=SC2016 # JavaScript, not shell
  VERIFIER="$verifier" EXPECTED="$2" node -e '
    const crypto = require("crypto");
    const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(process.env.VERIFIER || "");
    if (!match) process.exit(1);
    const [, iterations, salt, storedKey, serverKey] = match;
    const salted = crypto.pbkdf2Sync(process.env.EXPECTED, Buffer.from(salt, "base64"), Number(iterations), 32, "sha256");
    const hmac = (key, text) => crypto.createHmac("sha256", key).update(text).digest();
    const stored = crypto.createHash("sha256").update(hmac(salted, "Client Key")).digest("base64");
    const server = hmac(salted, "Server Key").toString("base64");
    process.exit(stored === storedKey && server === serverKey ? 0 : 1);
  '
}

as_service() { PGUSER="$1" PGPASSWORD="$2" PGDATABASE="$3" psql --no-psqlrc -qAt -v ON_ERROR_STOP=1 -c "$4" 2>&1; }

if password_is "$db_a" "$password_a"; then ok "$db_a's stored password is exactly the hostile one"; else fail "$db_a's stored password differs"; fi
if password_is "$db_b" "$password_a"; then fail "$db_b's password check accepts a wrong password"; else ok "a wrong password does not verify"; fi
if out=$(as_service "$db_a" "$password_a" "$db_a" "CREATE TABLE flyway_probe (id int); DROP TABLE flyway_probe"); then
  ok "$db_a creates tables in its own database"
else
  fail "$db_a cannot use its database: $out"
fi
if out=$(as_service "$db_a" "$password_a" "$db_b" "SELECT 1"); then
  fail "$db_a connected to $db_b"
else
  case "$out" in
    *"permission denied for database"*) ok "$db_a is refused by $db_b" ;;
    *) fail "unexpected error connecting $db_a to $db_b: $out" ;;
  esac
fi

rotated="rotated-$suffix"
bootstrap "$rotated" >/dev/null
if password_is "$db_a" "$rotated"; then ok "a rotated password is applied on the next run"; else fail "the rotated password was not applied"; fi

if env PGUSER="$master" PGPASSWORD="$master_password" QV_DATABASES="bad-name" sh "$script" 2>/dev/null; then
  fail "an invalid database name was accepted"
else
  ok "an invalid database name is refused"
fi
if env PGUSER="$master" PGPASSWORD="$master_password" QV_DATABASES="qv_tfcheck_nopw_$suffix" sh "$script" 2>/dev/null; then
  fail "a database without password was accepted"
else
  ok "a database without its password variable is refused"
fi

if [ "$failures" -gt 0 ]; then
  echo "db-bootstrap: $failures check(s) failed" >&2
  exit 1
fi
echo "db-bootstrap: all checks passed"
