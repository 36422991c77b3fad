#!/usr/bin/env bash
# The test command (README): installs missing machine packages, starts a private InfluxDB (the
# vitest global setup does it through scripts/influxdb.sh) and runs every test once.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
bash scripts/setup.sh
exec npx vitest run "$@"
