#!/usr/bin/env bash
# Restores service databases from a backup set written by backup.sh. Nothing is replaced until the
# set's checksums verify, each dump has been restored into a fresh database and its row counts
# match the ones recorded with the dump; only then is the live database swapped for the restored
# one. The database it replaces is kept (renamed, closed to connections) unless --drop-previous.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy/scripts/restore.sh [options] SET

SET is a backup folder written by backup.sh (…/20250101T020000Z) or "latest" (the newest in
--output). Every database in the set is restored unless --database names some.

  -o, --output DIR        where "latest" is looked up (default: \$QV_BACKUP_DIR, else deploy/backups)
  -d, --database NAME     restore only this database; repeatable
      --local             use this host's pg_restore/psql and the libpq environment (PGHOST, PGPORT,
                          PGUSER, PGPASSWORD); default: inside the compose postgres service
      --env ENV           production or development (compose mode)
      --no-stop           compose mode: leave the owning services running (default: stop them
                          during the swap and start them again afterwards)
      --drop-previous     drop the replaced database once the restored one is in place (default:
                          keep it as <db>_pre_<set>, connections disabled)
  -y, --yes               do not ask for confirmation (needed when stdin is not a terminal)
  -h, --help              this text

Steps per database: verify SHA256SUMS; pg_restore into <db>_restoring (TimescaleDB pre/post restore
when the dump has it); compare every table's row count with <db>.counts; then rename <db> to
<db>_pre_<set> and <db>_restoring to <db>. Any failure before the rename leaves <db> untouched.
USAGE
}

output=""
databases=()
stop_services=true
drop_previous=false
set_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output) output=${2:?--output needs a folder}; shift 2 ;;
    -d | --database) databases+=("${2:?--database needs a name}"); shift 2 ;;
    --local) QV_PG_MODE=local; shift ;;
    --env) export QV_ENV=${2:?--env needs production or development}; shift 2 ;;
    --no-stop) stop_services=false; shift ;;
    --drop-previous) drop_previous=true; shift ;;
    -y | --yes) export QV_ASSUME_YES=true; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) [ -z "$set_arg" ] || die "one backup set at a time"; set_arg=$1; shift ;;
  esac
done
[ -n "$set_arg" ] || { usage >&2; die "which backup set? (a folder or 'latest')"; }

QV_PG_MODE=${QV_PG_MODE:-compose}
if [ "$QV_PG_MODE" = compose ]; then
  qv_select_env
  output=${output:-$(env_value QV_BACKUP_DIR)}
fi
output=${output:-${QV_BACKUP_DIR:-$QV_DEPLOY_DIR/backups}}

if [ "$set_arg" = latest ]; then
  latest=$(find "$output" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
    -regex '.*/[0-9]{8}T[0-9]{6}Z' -printf '%f\n' 2>/dev/null | sort | tail -1)
  [ -n "$latest" ] || die "no backup set in $output"
  set_dir="$output/$latest"
else
  set_dir=$set_arg
fi
[ -d "$set_dir" ] || die "no backup set at $set_dir"
set_dir=$(cd "$set_dir" && pwd)
set_name=$(basename "$set_dir")
[[ "$set_name" =~ ^[0-9]{8}T[0-9]{6}Z$ ]] || die "$set_dir is not a backup set (name is not a timestamp)"

# 1. The set is whole and unmodified.
[ -f "$set_dir/SHA256SUMS" ] || die "$set_dir has no SHA256SUMS"
(cd "$set_dir" && sha256sum --check --quiet --strict SHA256SUMS >&2) \
  || die "checksums of $set_dir do not match: refusing to restore a damaged or altered backup"
log "checksums of $set_name verified"

if [ ${#databases[@]} -eq 0 ]; then
  for dump in "$set_dir"/*.dump; do databases+=("$(basename "$dump" .dump)"); done
fi
for database in "${databases[@]}"; do
  [ -f "$set_dir/$database.dump" ] || die "the set has no dump of $database"
  [ -f "$set_dir/$database.counts" ] || die "the set has no row counts for $database"
  grep -q " $database.dump\$" "$set_dir/SHA256SUMS" || die "$database.dump is not covered by SHA256SUMS"
  # 2. Each archive is readable by pg_restore (catches truncation the checksum would not: a set
  #    checksummed after a failed dump).
  pg_tool pg_restore --list <"$set_dir/$database.dump" >/dev/null \
    || die "$database.dump is not a readable pg_dump archive"
done

confirm "Restore ${databases[*]} from $set_name ($QV_PG_MODE${QV_ENV:+, $QV_ENV}).
Each database is replaced by the backup's content; writes made since $set_name are lost
(the current database is kept as <db>_pre_$set_name$([ "$drop_previous" = true ] && echo ', then dropped'))." restore

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

database_exists() {
  [ "$(psql_at postgres -c "SELECT 1 FROM pg_database WHERE datname = $(sql_literal "$1")")" = 1 ]
}

owner_of() {
  local database=$1 owner
  owner=$(psql_at postgres -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $(sql_literal "$database")")
  if [ -z "$owner" ]; then
    # a database lost altogether: its service role, when the server has it
    owner=$(psql_at postgres -c "SELECT rolname FROM pg_roles WHERE rolname = $(sql_literal "$database")")
  fi
  [ -n "$owner" ] || owner=$(psql_at postgres -c "SELECT current_user")
  echo "$owner"
}

# No one may connect to DATABASE while it is renamed; wait for the backends to go.
close_database() {
  local database=$1
  psql_at postgres -c "ALTER DATABASE \"$database\" ALLOW_CONNECTIONS false" >/dev/null
  for _ in $(seq 1 30); do
    psql_at postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $(sql_literal "$database") AND pid <> pg_backend_pid()" >/dev/null
    [ "$(psql_at postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = $(sql_literal "$database")")" = 0 ] && return 0
    sleep 1
  done
  die "$database still has connections"
}

restore_database() {
  local database=$1 staging owner previous timescale started differences contents
  started=$(date +%s)
  staging="${database}_restoring"
  previous="${database}_pre_${set_name}"
  [ ${#previous} -le 63 ] || die "$previous is longer than PostgreSQL's 63-byte names"
  owner=$(owner_of "$database")
  database_exists "$previous" && die "$previous exists already (this set was restored before): drop or rename it first"

  # 3. Restore into a fresh database next to the live one.
  psql_at postgres -c "DROP DATABASE IF EXISTS \"$staging\"" >/dev/null
  psql_at postgres -c "CREATE DATABASE \"$staging\" OWNER \"$owner\"" >/dev/null
  timescale=false
  # (the listing is read whole: grep -q stopping early would fail the pipeline under pipefail)
  contents=$(pg_tool pg_restore --list <"$set_dir/$database.dump")
  if grep -Eq ' EXTENSION - timescaledb( |$)' <<<"$contents"; then
    timescale=true
    psql_at "$staging" -c "CREATE EXTENSION IF NOT EXISTS timescaledb" -c "SELECT timescaledb_pre_restore()" >/dev/null
  fi
  if ! pg_tool pg_restore --exit-on-error --no-owner --role="$owner" --dbname="$staging" <"$set_dir/$database.dump"; then
    psql_at postgres -c "DROP DATABASE IF EXISTS \"$staging\"" >/dev/null
    die "$database: pg_restore failed; $database is untouched"
  fi
  [ "$timescale" = true ] && psql_at "$staging" -c "SELECT timescaledb_post_restore()" >/dev/null
  psql_at "$staging" -c "ANALYZE" >/dev/null

  # 4. The restored rows are the rows that were dumped.
  if ! differences=$(diff <(sort "$set_dir/$database.counts") <(count_rows "$staging" | sort)); then
    log "$database: row counts differ from the backup (< recorded, > restored):"
    printf '%s\n' "$differences" >&2
    psql_at postgres -c "DROP DATABASE IF EXISTS \"$staging\"" >/dev/null
    die "$database: verification failed; $database is untouched"
  fi
  log "$database: restored into $staging, $(wc -l <"$set_dir/$database.counts") tables verified"

  # 5. Swap.
  if database_exists "$database"; then
    close_database "$database"
    psql_at postgres -c "ALTER DATABASE \"$database\" RENAME TO \"$previous\"" >/dev/null
  fi
  close_database "$staging"
  psql_at postgres -c "ALTER DATABASE \"$staging\" RENAME TO \"$database\"" \
    -c "ALTER DATABASE \"$database\" ALLOW_CONNECTIONS true" >/dev/null
  if [ "$drop_previous" = true ] && database_exists "$previous"; then
    psql_at postgres -c "DROP DATABASE \"$previous\"" >/dev/null
    log "$database: previous database dropped"
  elif database_exists "$previous"; then
    log "$database: previous database kept as $previous (connections disabled)"
  fi
  log "$database: live again from $set_name in $(($(date +%s) - started))s"
}

services=()
if [ "$QV_PG_MODE" = compose ] && [ "$stop_services" = true ]; then
  for database in "${databases[@]}"; do
    service=$(service_of "$database")
    [[ " ${QV_SERVICES[*]} " == *" $service "* ]] && services+=("$service")
  done
  if [ ${#services[@]} -gt 0 ]; then
    log "stopping ${services[*]} for the restore"
    compose stop "${services[@]}"
    trap 'log "starting ${services[*]} again"; compose start "${services[@]}" || true' EXIT
  fi
fi

for database in "${databases[@]}"; do
  restore_database "$database"
done
log "restore of ${databases[*]} from $set_name complete"
