#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an installation with coldtrace STOPPED.
#   scripts/restore.sh IN_DIR
# Same settings as backup.sh (COLDTRACE_DATABASE_URL, COLDTRACE_DATA_DIR, COLDTRACE_INFLUX_URL,
# COLDTRACE_INFLUX_RPC). The targets must be empty: the PostgreSQL schema must not exist (or the
# database be empty), the PGlite folder must not exist, and the InfluxDB database must not exist
# (influxd restore refuses to overwrite one). See docs/backup-restore.md.
set -euo pipefail
in=${1:?usage: scripts/restore.sh IN_DIR}
data_dir=${COLDTRACE_DATA_DIR:-./.data}
in=$(cd "$in" && pwd)
log() { printf 'restore: %s\n' "$*" >&2; }
[ -f "$in/manifest.json" ] || { log "$in/manifest.json missing: not a coldtrace backup"; exit 2; }

source_db=$(sed -n 's/.*"influxDatabase":"\([^"]*\)".*/\1/p' "$in/manifest.json")
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

if [ -f "$in/records.sql" ]; then
  [ -n "${COLDTRACE_DATABASE_URL:-}" ] || { log "the backup holds a PostgreSQL dump: set COLDTRACE_DATABASE_URL"; exit 2; }
  base_url=${COLDTRACE_DATABASE_URL%%\?*}
  log "records: psql < records.sql into $base_url"
  psql --quiet --set ON_ERROR_STOP=1 "$base_url" <"$in/records.sql" >&2
elif [ -d "$in/records" ]; then
  [ -e "$data_dir/records" ] && { log "$data_dir/records exists: move it away first"; exit 2; }
  log "records: copying the PGlite folder back to $data_dir/records"
  mkdir -p "$data_dir"
  cp -a "$in/records" "$data_dir/records"
else
  log "no records in $in"; exit 2
fi

log "influx: influxd restore -portable -db $source_db -newdb $influx_db -host $rpc"
influxd restore -portable -db "$source_db" -newdb "$influx_db" -host "$rpc" "$in/influx" >&2
log "done"
