#!/usr/bin/env bash
# Backs up the service databases: one compressed pg_dump per database, the exact row count of each
# table taken in the same snapshot as the dump, a manifest and SHA-256 checksums, in a timestamped
# folder that only appears once complete. Optionally copies the set to S3; prunes old sets.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: deploy/scripts/backup.sh [options]

Writes <dir>/<UTC timestamp>/ with, per database: <db>.dump (pg_dump custom format, compressed),
<db>.counts (rows per table, same snapshot as the dump); plus MANIFEST and SHA256SUMS.

  -o, --output DIR          backup folder (default: \$QV_BACKUP_DIR, else deploy/backups)
  -d, --database NAME       a database to back up; repeatable (default: the five service databases)
      --local               use this host's pg_dump/psql and the libpq environment (PGHOST, PGPORT,
                            PGUSER, PGPASSWORD), e.g. for RDS; default: inside the compose postgres
      --env ENV             production or development (compose mode; default: production when
                            deploy/.env.production exists)
      --retention-days N    delete sets older than N days, never the newest (default:
                            \$QV_BACKUP_RETENTION_DAYS, else 14; 0 keeps everything)
      --s3 URI              also copy the set to s3://bucket/prefix/<timestamp>/ with the aws CLI
                            (default: \$QV_BACKUP_S3_URI); --s3-kms-key-id ID for SSE-KMS
  -h, --help                this text

Exit status: 0 when every database was dumped, counted, checksummed (and uploaded); non-zero
otherwise, and then no set is published (a partial folder is removed).
USAGE
}

output=""
databases=()
retention=""
s3_uri=""
s3_kms=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output) output=${2:?--output needs a folder}; shift 2 ;;
    -d | --database) databases+=("${2:?--database needs a name}"); shift 2 ;;
    --local) QV_PG_MODE=local; shift ;;
    --env) export QV_ENV=${2:?--env needs production or development}; shift 2 ;;
    --retention-days) retention=${2:?--retention-days needs a number}; shift 2 ;;
    --s3) s3_uri=${2:?--s3 needs an s3:// URI}; shift 2 ;;
    --s3-kms-key-id) s3_kms=${2:?--s3-kms-key-id needs a key id}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

QV_PG_MODE=${QV_PG_MODE:-compose}
if [ "$QV_PG_MODE" = compose ]; then
  qv_select_env
  output=${output:-$(env_value QV_BACKUP_DIR)}
  retention=${retention:-$(env_value QV_BACKUP_RETENTION_DAYS)}
  s3_uri=${s3_uri:-$(env_value QV_BACKUP_S3_URI)}
  s3_kms=${s3_kms:-$(env_value QV_BACKUP_S3_KMS_KEY_ID)}
fi
output=${output:-${QV_BACKUP_DIR:-$QV_DEPLOY_DIR/backups}}
retention=${retention:-${QV_BACKUP_RETENTION_DAYS:-14}}
s3_uri=${s3_uri:-${QV_BACKUP_S3_URI:-}}
s3_kms=${s3_kms:-${QV_BACKUP_S3_KMS_KEY_ID:-}}
[ ${#databases[@]} -gt 0 ] || databases=("${QV_DATABASES[@]}")
[[ "$retention" =~ ^[0-9]+$ ]] || die "--retention-days must be a whole number, not '$retention'"
if [ -n "$s3_uri" ]; then
  [[ "$s3_uri" == s3://* ]] || die "--s3 must be an s3:// URI"
  command -v aws >/dev/null || die "--s3 needs the aws CLI"
fi
command -v sha256sum >/dev/null || die "sha256sum is missing"

umask 077
mkdir -p "$output"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$output/$stamp"
partial="$output/.$stamp.partial"
[ -e "$final" ] && die "$final already exists"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

# One database: open a REPEATABLE READ transaction, export its snapshot, count the rows in it, and
# let pg_dump read the very same snapshot, so <db>.counts describes exactly what <db>.dump holds.
dump_database() {
  local database=$1 snapshot line started
  started=$(date +%s)
  coproc SNAPSHOT { psql_at "$database"; }
  # shellcheck disable=SC2154 # SNAPSHOT and SNAPSHOT_PID are set by coproc
  local to=${SNAPSHOT[1]} from=${SNAPSHOT[0]} pid=$SNAPSHOT_PID
  printf 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSELECT pg_export_snapshot();\n' >&"$to"
  IFS= read -r -t 60 snapshot <&"$from" || die "$database: could not open a snapshot"
  { count_rows_sql; printf '\\echo __qv_counts_done__\n'; } >&"$to"
  : >"$partial/$database.counts"
  while IFS= read -r -t 600 line <&"$from"; do
    [ "$line" = __qv_counts_done__ ] && break
    printf '%s\n' "$line" >>"$partial/$database.counts"
  done
  [ "$line" = __qv_counts_done__ ] || die "$database: counting rows failed"
  pg_tool pg_dump --format=custom --compress=6 --snapshot="$snapshot" --dbname="$database" \
    >"$partial/$database.dump" || die "$database: pg_dump failed"
  printf 'COMMIT;\n\\q\n' >&"$to"
  exec {to}>&-
  wait "$pid" || die "$database: the snapshot session failed"
  log "$database: $(wc -l <"$partial/$database.counts") tables, $(du -h "$partial/$database.dump" | cut -f1), $(($(date +%s) - started))s"
}

log "backup $stamp of ${databases[*]} ($QV_PG_MODE) into $output"
for database in "${databases[@]}"; do
  dump_database "$database"
done

server_version=$(psql_at postgres -c 'SHOW server_version')
{
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "databases=${databases[*]}"
  echo "server_version=$server_version"
  echo "pg_dump_version=$(pg_tool pg_dump --version)"
  echo "format=pg_dump custom, compression 6; <db>.counts from the dump's snapshot"
} >"$partial/MANIFEST"
(cd "$partial" && sha256sum -- *.dump *.counts MANIFEST >SHA256SUMS)
(cd "$partial" && sha256sum --check --quiet SHA256SUMS) || die "checksums do not verify right after writing"

mv "$partial" "$final"
trap - EXIT
log "backup written: $final"

if [ -n "$s3_uri" ]; then
  target="${s3_uri%/}/$stamp/"
  sse=(--sse AES256)
  [ -n "$s3_kms" ] && sse=(--sse aws:kms --sse-kms-key-id "$s3_kms")
  aws s3 cp --recursive --only-show-errors "${sse[@]}" "$final/" "$target" || die "upload to $target failed"
  uploaded=$(aws s3 ls "$target" | wc -l)
  expected=$(find "$final" -maxdepth 1 -type f | wc -l)
  [ "$uploaded" -eq "$expected" ] || die "uploaded $uploaded of $expected files to $target"
  log "uploaded to $target"
fi

# Retention: sets are named by their UTC timestamp, so names compare as times; the newest stays.
if [ "$retention" -gt 0 ]; then
  cutoff=$(date -u -d "$retention days ago" +%Y%m%dT%H%M%SZ)
  newest=$(find "$output" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
    -regex '.*/[0-9]{8}T[0-9]{6}Z' -printf '%f\n' | sort | tail -1)
  find "$output" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
    -regex '.*/[0-9]{8}T[0-9]{6}Z' -printf '%f\n' | sort | while read -r set; do
    if [[ "$set" < "$cutoff" ]] && [ "$set" != "$newest" ]; then
      rm -rf -- "${output:?}/$set"
      log "retention: removed $set (older than $retention days)"
    fi
  done
  # leftovers of interrupted runs
  find "$output" -mindepth 1 -maxdepth 1 -type d -name '.*.partial' -mmin +1440 -exec rm -rf {} +
fi
echo "$final"
