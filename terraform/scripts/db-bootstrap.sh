#!/bin/sh
# One-off ECS task (module "ecs", task db-bootstrap), run by the pipeline before each rollout:
# makes sure every service has its own login role and its own database, owned by that role and
# closed to everyone else. Idempotent: creates what is missing, sets each role's password to the
# one in Secrets Manager (so a rotated secret takes effect), changes nothing else.
#
# Environment (task definition): PGHOST, PGPORT, PGDATABASE, PGSSLMODE, PGUSER, PGPASSWORD (the
# RDS-managed master login), QV_DATABASES (space-separated database = role names) and, for each,
# QV_PASSWORD_<NAME IN UPPER CASE>.
set -eu

: "${QV_DATABASES:?QV_DATABASES names the databases to create}"

for db in $QV_DATABASES; do
  case "$db" in
    *[!a-z0-9_]* | "") echo "db-bootstrap: refusing database name '$db'" >&2; exit 2 ;;
  esac
  password_var="QV_PASSWORD_$(echo "$db" | tr '[:lower:]' '[:upper:]')"
  eval "password=\${$password_var:-}"
  if [ -z "$password" ]; then
    echo "db-bootstrap: $password_var is empty" >&2
    exit 2
  fi

  # psql variables (:'name') are quoted by psql itself; format(%I, %L) quotes identifiers and
  # literals again on the server side, so no value is ever spliced into SQL text by the shell.
  psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 -v role="$db" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
-- The master user must be a member of a role to create a database owned by it (RDS: no superuser).
SELECT format('GRANT %I TO %I', :'role', current_user)
 WHERE NOT pg_has_role(current_user, :'role', 'MEMBER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'role') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'role', :'role') \gexec
SQL
  echo "db-bootstrap: $db ready"
done
