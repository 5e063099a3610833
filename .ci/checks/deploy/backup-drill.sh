#!/usr/bin/env bash
# Backup -> restore drill against the machine's real PostgreSQL, in a scratch database of its own
# (qv_backup_drill; no other database is read or written). Writes known data, backs it up with
# deploy/scripts/backup.sh, destroys it, restores it with deploy/scripts/restore.sh and proves
# every row came back: row counts, a content checksum of every table, the sequence position. Then
# proves the safety nets: a tampered backup and a lost database.
# Usage: backup-drill.sh <repository root>   (PGHOST/PGPORT/PGUSER default to localhost:5432/postgres)
set -euo pipefail

root=$(cd "${1:?repository root}" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db=qv_backup_drill
work=$(mktemp -d /tmp/qv-backup-drill.XXXXXX)
backups="$work/backups"

psql_q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
drop_scratch() {
  local name
  for name in $(psql_q -d postgres -c "SELECT datname FROM pg_database WHERE datname = '$db' OR datname LIKE '${db}\_%'"); do
    psql_q -d postgres -c "ALTER DATABASE \"$name\" ALLOW_CONNECTIONS true" >/dev/null
    psql_q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$name'" >/dev/null
    psql_q -d postgres -c "DROP DATABASE \"$name\"" >/dev/null
  done
}
cleanup() { drop_scratch; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "backup drill: FAIL: $*" >&2; exit 1; }

# What "the data" is: per table its row count and an md5 over every row in key order, plus the
# sequence position (a restored sequence that hands out used ids would double orders).
fingerprint() {
  local table
  for table in orders fills audit.events; do
    psql_q -d "$db" -c "SELECT '$table ' || count(*) || ' ' || md5(string_agg(t::text, '|' ORDER BY t.id)) FROM $table t" 2>/dev/null \
      || echo "$table missing"
  done
  psql_q -d "$db" -c "SELECT 'orders_id_seq ' || last_value FROM orders_id_seq"
}

drop_scratch
psql_q -d postgres -c "CREATE DATABASE $db" >/dev/null
psql_q -d "$db" <<'SQL'
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  client_order_id uuid NOT NULL UNIQUE,
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty numeric(20, 8) NOT NULL,
  limit_price numeric(20, 8),
  status text NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
CREATE TABLE fills (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  qty numeric(20, 8) NOT NULL,
  price numeric(20, 8) NOT NULL,
  raw bytea
);
CREATE SCHEMA audit;
CREATE TABLE audit.events (id bigint PRIMARY KEY, actor text, detail text);
INSERT INTO orders (client_order_id, symbol, side, qty, limit_price, status, meta, created_at)
SELECT md5('order-' || g)::uuid,
       (ARRAY['AAPL', 'MSFT', 'NVDA', 'BRK.B', 'TSLA'])[1 + g % 5],
       CASE WHEN g % 3 = 0 THEN 'sell' ELSE 'buy' END,
       round((g % 97 + 0.12345678)::numeric, 8),
       CASE WHEN g % 4 = 0 THEN NULL ELSE round((100 + g / 7.0)::numeric, 8) END,
       (ARRAY['new', 'filled', 'canceled'])[1 + g % 3],
       jsonb_build_object('note', 'ünïcødé ✓ ' || g, 'tags', jsonb_build_array(g, g * 2)),
       timestamptz '2025-01-02 14:30:00+00' + g * interval '1 second'
FROM generate_series(1, 20000) g;
INSERT INTO fills (order_id, qty, price, raw)
SELECT id, qty, coalesce(limit_price, 101.25), decode(md5(id::text), 'hex') FROM orders WHERE status = 'filled';
INSERT INTO audit.events SELECT g, 'user-' || g % 11, repeat('x', g % 50) FROM generate_series(1, 3000) g;
SQL
before=$(fingerprint)

started=$(date +%s)
set_dir=$(bash "$root/deploy/scripts/backup.sh" --local --database "$db" --output "$backups" --retention-days 0 2>"$work/backup.log" | tail -1) \
  || { cat "$work/backup.log" >&2; fail "backup.sh failed"; }
[ -d "$set_dir" ] || fail "backup.sh printed no set folder"
for file in "$db.dump" "$db.counts" MANIFEST SHA256SUMS; do
  [ -s "$set_dir/$file" ] || fail "the set lacks $file"
done
grep -qx "public.orders	20000" "$set_dir/$db.counts" || fail "the recorded counts miss public.orders 20000"
grep -qx "audit.events	3000" "$set_dir/$db.counts" || fail "the recorded counts miss audit.events 3000"
[ "$(stat -c %a "$set_dir/$db.dump")" = 600 ] || fail "the dump is readable by others"
echo "  ok    backup written: $(basename "$set_dir") ($(du -h "$set_dir/$db.dump" | cut -f1)), counts recorded in the dump's snapshot"

# Disaster: rows deleted and changed, a table dropped, the sequence moved on.
psql_q -d "$db" >/dev/null <<'SQL'
DELETE FROM fills WHERE id % 2 = 0;
UPDATE orders SET status = 'corrupted', qty = 0 WHERE id % 10 = 0;
DROP TABLE audit.events;
SELECT setval('orders_id_seq', 999999);
SQL
[ "$(fingerprint)" != "$before" ] || fail "the data did not change"

# A tampered backup is refused and the database is left alone.
mkdir "$work/tampered" && cp -a "$set_dir" "$work/tampered/"
tampered_set="$work/tampered/$(basename "$set_dir")"
printf 'X' | dd of="$tampered_set/$db.dump" bs=1 seek=2000 conv=notrunc status=none
tampered_fp=$(fingerprint)
if bash "$root/deploy/scripts/restore.sh" --local --yes --database "$db" "$tampered_set" 2>"$work/tampered.log"; then
  fail "restore.sh accepted a tampered backup"
fi
grep -q "checksums" "$work/tampered.log" || fail "restore.sh refused the tampered backup for another reason: $(cat "$work/tampered.log")"
[ "$(fingerprint)" = "$tampered_fp" ] || fail "a refused restore touched the database"
echo "  ok    a tampered backup is refused before anything is touched"

# Restore without a terminal and without --yes: refused.
if bash "$root/deploy/scripts/restore.sh" --local --database "$db" --output "$backups" latest </dev/null 2>"$work/noyes.log"; then
  fail "restore.sh ran without confirmation"
fi
echo "  ok    no confirmation, no restore"

bash "$root/deploy/scripts/restore.sh" --local --yes --database "$db" --output "$backups" latest 2>"$work/restore.log" \
  || { cat "$work/restore.log" >&2; fail "restore.sh failed"; }
after=$(fingerprint)
if [ "$after" != "$before" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  fail "restored data differs from the original"
fi
echo "  ok    restored: every table's row count and content checksum and the sequence match the original"
printf '%s\n' "$before" | sed 's/^/          /'
previous="${db}_pre_$(basename "$set_dir")"
[ "$(psql_q -d postgres -c "SELECT datallowconn FROM pg_database WHERE datname = '$previous'")" = f ] \
  || fail "the replaced database was not kept closed as $previous"
echo "  ok    the replaced database is kept, closed to connections, as $previous"

# The database lost altogether: restore recreates it.
psql_q -d postgres -c "DROP DATABASE \"$previous\"" >/dev/null
psql_q -d postgres -c "DROP DATABASE $db" >/dev/null
bash "$root/deploy/scripts/restore.sh" --local --yes --drop-previous --database "$db" --output "$backups" "$set_dir" 2>"$work/restore2.log" \
  || { cat "$work/restore2.log" >&2; fail "restore.sh could not recreate a dropped database"; }
[ "$(fingerprint)" = "$before" ] || fail "the recreated database differs from the original"
echo "  ok    a dropped database is recreated from the backup, identical"

# Writes continue during a backup: the recorded counts must still describe the dump exactly (one
# snapshot for both), which restore.sh verifies before it swaps anything in.
PGAPPNAME=qv-drill-writer psql_q -d "$db" -c "DO \$\$ BEGIN
  FOR i IN 1..600000 LOOP
    INSERT INTO audit.events VALUES (100000 + i, 'writer', 'during backup');
    COMMIT;
    PERFORM pg_sleep(0.002);
  END LOOP; END \$\$" >/dev/null 2>&1 &
writer=$!
sleep 1
busy_set=$(bash "$root/deploy/scripts/backup.sh" --local --database "$db" --output "$backups" --retention-days 0 2>"$work/backup2.log" | tail -1) \
  || { cat "$work/backup2.log" >&2; fail "backup.sh failed under writes"; }
sleep 1
psql_q -d postgres -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'qv-drill-writer'" >/dev/null
wait "$writer" || true
recorded=$(sed -n 's/^audit.events\t//p' "$busy_set/$db.counts")
bash "$root/deploy/scripts/restore.sh" --local --yes --drop-previous --database "$db" --output "$backups" "$busy_set" 2>"$work/restore3.log" \
  || { cat "$work/restore3.log" >&2; fail "a backup taken under writes does not restore to its recorded counts"; }
restored=$(psql_q -d "$db" -c "SELECT count(*) FROM audit.events")
if [ "$recorded" != "$restored" ] || [ "$restored" -le 3000 ]; then
  fail "under writes: recorded $recorded, restored $restored"
fi
echo "  ok    a backup taken while rows are being written restores to exactly its recorded counts ($restored events)"
echo "backup drill: passed in $(($(date +%s) - started))s"
