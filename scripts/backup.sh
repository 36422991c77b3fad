#!/usr/bin/env bash
# Backs up a coldtrace installation: the records store and the InfluxDB temperature record.
#   scripts/backup.sh OUT_DIR
# Settings come from the same environment `coldtrace start` reads, plus:
#   COLDTRACE_DATABASE_URL   PostgreSQL: dumped with pg_dump (plain SQL, the URL's search_path
#                            schema only when it names one). Unset: PGlite, the folder
#                            $COLDTRACE_DATA_DIR/records is copied; STOP coldtrace first.
#   COLDTRACE_INFLUX_URL     http://host:port/database (the database name is its path); unset:
#                            the private server under $COLDTRACE_DATA_DIR/influxdb, database coldtrace
#   COLDTRACE_INFLUX_RPC     host:port of influxd's backup/restore RPC service (its top-level
#                            `bind-address`; InfluxDB 1.6 serves backups there only). Default: read
#                            from $COLDTRACE_DATA_DIR/influxdb/influxdb.conf (the private server).
# Output: OUT_DIR/records.sql or OUT_DIR/records/ ; OUT_DIR/influx/ (portable format);
#         OUT_DIR/manifest.json. See docs/backup-restore.md.
set -euo pipefail
out=${1:?usage: scripts/backup.sh OUT_DIR}
data_dir=${COLDTRACE_DATA_DIR:-./.data}
mkdir -p "$out"
out=$(cd "$out" && pwd)
log() { printf 'backup: %s\n' "$*" >&2; }

influx_db=coldtrace
if [ -n "${COLDTRACE_INFLUX_URL:-}" ]; then
  path_part=${COLDTRACE_INFLUX_URL#*://*/}
  [ "$path_part" != "$COLDTRACE_INFLUX_URL" ] && [ -n "$path_part" ] && influx_db=${path_part%%[/?]*}
fi
rpc=${COLDTRACE_INFLUX_RPC:-}
if [ -z "$rpc" ]; then
  conf="$data_dir/influxdb/influxdb.conf"
  [ -f "$conf" ] || { log "set COLDTRACE_INFLUX_RPC (no $conf)"; exit 2; }
  rpc=$(sed -n 's/^bind-address *= *"\(.*\)"/\1/p' "$conf" | head -n 1)
fi

records_kind=postgres
if [ -n "${COLDTRACE_DATABASE_URL:-}" ]; then
  schema=$(printf '%s' "$COLDTRACE_DATABASE_URL" | sed -n 's/.*search_path%3D\([A-Za-z0-9_]*\).*/\1/p; s/.*search_path=\([A-Za-z0-9_]*\).*/\1/p' | head -n 1)
  base_url=${COLDTRACE_DATABASE_URL%%\?*}
  log "records: pg_dump ${schema:+schema $schema of }$base_url"
  pg_dump --no-owner --no-privileges ${schema:+--schema="$schema"} "$base_url" >"$out/records.sql"
else
  records_kind=pglite
  [ -d "$data_dir/records" ] || { log "no $data_dir/records (PGlite) and no COLDTRACE_DATABASE_URL"; exit 2; }
  log "records: copying the PGlite folder $data_dir/records (coldtrace must be stopped)"
  rm -rf "$out/records"
  cp -a "$data_dir/records" "$out/records"
fi

log "influx: influxd backup -portable -database $influx_db -host $rpc"
rm -rf "$out/influx"
influxd backup -portable -database "$influx_db" -host "$rpc" "$out/influx" >&2

cat >"$out/manifest.json" <<JSON
{"createdAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","records":"$records_kind","schema":"${schema:-}","influxDatabase":"$influx_db"}
JSON
log "done: $out"
