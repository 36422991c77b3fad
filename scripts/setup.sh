#!/usr/bin/env bash
# Installs the machine packages coldtrace's demo and tests use, when missing (Debian, as root):
# InfluxDB 1.x (influxd), Mosquitto (mosquitto, mosquitto_pub), Chromium, a CJK font and poppler-utils
# (browser and report tests).
# Elsewhere it says what to install. Idempotent and quiet when everything is there.
set -euo pipefail
want=()
command -v influxd >/dev/null 2>&1 || want+=(influxdb)
command -v mosquitto_pub >/dev/null 2>&1 || want+=(mosquitto-clients)
command -v mosquitto >/dev/null 2>&1 || want+=(mosquitto)
if [ "${COLDTRACE_SKIP_BROWSER:-}" != 1 ]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  # a CJK font, or the pages' Chinese renders as boxes in the browser tests' screenshots
  if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then want+=(fonts-wqy-microhei); fi
  # pdftoppm / pdftotext: the tests render the report PDF to PNG and read its text
  command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
  echo "setup: installing ${want[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
  # Debian's packages may start system services; coldtrace starts its own private servers.
  (systemctl stop influxdb 2>/dev/null || service influxdb stop 2>/dev/null || true) >/dev/null 2>&1
else
  echo "setup: please install: ${want[*]} (Debian/Ubuntu package names)" >&2
  exit 3
fi
