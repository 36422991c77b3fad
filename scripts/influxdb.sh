#!/usr/bin/env bash
# Makes a private InfluxDB 1.x available to the demo, the tests and CI.
#   scripts/influxdb.sh start [DIR]   install if missing (Debian, root), start or reuse; prints the base URL
#   scripts/influxdb.sh stop  [DIR]   stop the influxd started for DIR, by its pid
#   scripts/influxdb.sh url   [DIR]   print the base URL of a running one (exit 1 if none)
# DIR defaults to $COLDTRACE_DATA_DIR/influxdb (./.data/influxdb). INFLUXD_AUTH_ENABLED=true starts
# it with `auth-enabled = true` (the tests of the v1-user path create its admin). No system service is touched:
# the server runs with its own config, data folder and free loopback ports.
set -euo pipefail

cmd=${1:-start}
dir=${2:-${COLDTRACE_DATA_DIR:-./.data}/influxdb}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile="$dir/influxd.pid"
urlfile="$dir/url"

log() { printf 'influxdb: %s\n' "$*" >&2; }

running() {
  [ -f "$pidfile" ] && [ -f "$urlfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  curl -fsS -o /dev/null "$(cat "$urlfile")/ping" 2>/dev/null
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

ensure_installed() {
  command -v influxd >/dev/null 2>&1 && return 0
  if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
    log "influxd not found: installing Debian's influxdb package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq --no-install-recommends influxdb >&2
    # The package may start a system service on 8086/8088; this project never uses it.
    (systemctl stop influxdb 2>/dev/null || service influxdb stop 2>/dev/null || true) >/dev/null 2>&1
  else
    log "influxd not found. Install InfluxDB 1.x (Debian/Ubuntu: 'apt-get install influxdb'; elsewhere the"
    log "InfluxDB 1.8 package for your system), or point COLDTRACE_INFLUX_URL at a running server."
    exit 3
  fi
  command -v influxd >/dev/null 2>&1 || { log "influxd still missing after install"; exit 3; }
}

start() {
  if running; then cat "$urlfile"; return 0; fi
  ensure_installed
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")" || true; sleep 1; fi
  local http_port rpc_port
  http_port=$(free_port)
  rpc_port=$(free_port)
  mkdir -p "$dir/meta" "$dir/data" "$dir/wal"
  cat >"$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
  cache-max-memory-size = 1073741824
[coordinator]
  query-timeout = "60s"
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$http_port"
  auth-enabled = ${INFLUXD_AUTH_ENABLED:-false}
  log-enabled = false
  max-body-size = 0
[continuous_queries]
  enabled = false
CONF
  nohup influxd -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
  echo $! >"$pidfile"
  local url="http://127.0.0.1:$http_port"
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$url/ping" 2>/dev/null; then
      echo "$url" >"$urlfile"
      log "influxd ready at $url (pid $(cat "$pidfile"), data in $dir)"
      echo "$url"
      return 0
    fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.2
  done
  log "influxd did not answer /ping; its log follows"
  tail -n 30 "$dir/influxd.log" >&2 || true
  exit 4
}

stop() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile" "$urlfile"
  log "influxd for $dir stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  url) running && cat "$urlfile" || exit 1 ;;
  *) log "usage: $0 start|stop|url [DIR]"; exit 2 ;;
esac
