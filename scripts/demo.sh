#!/usr/bin/env bash
# The demo (README): the whole system on embedded defaults, with simulated devices.
# Installs missing machine packages, starts coldtrace (aedes, PGlite, a private InfluxDB, mails as
# .eml files) on free ports when the defaults are taken, runs a mixed set of simulated shipments
# and storage units against it, and says where to look. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
bash scripts/setup.sh

export COLDTRACE_DATA_DIR=${COLDTRACE_DATA_DIR:-$PWD/.data/demo}
mkdir -p "$COLDTRACE_DATA_DIR"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pick_port() { # variable, wanted
  local wanted=$2
  if port_free "$wanted"; then echo "$wanted"; else
    local p; p=$(free_port)
    echo "demo: port $wanted is taken (set $1 to choose); using $p" >&2
    echo "$p"
  fi
}
export COLDTRACE_HTTP_PORT=${COLDTRACE_HTTP_PORT:-$(pick_port COLDTRACE_HTTP_PORT 8080)}
export COLDTRACE_MQTT_PORT=${COLDTRACE_MQTT_PORT:-$(pick_port COLDTRACE_MQTT_PORT 1883)}
keyfile="$COLDTRACE_DATA_DIR/admin-key"
[ -f "$keyfile" ] || node -e 'console.log("demo-admin-"+require("crypto").randomBytes(16).toString("hex"))' >"$keyfile"
export COLDTRACE_ADMIN_KEY=${COLDTRACE_ADMIN_KEY:-$(cat "$keyfile")}
api="http://127.0.0.1:$COLDTRACE_HTTP_PORT"
mqtt="mqtt://127.0.0.1:$COLDTRACE_MQTT_PORT"

log="$COLDTRACE_DATA_DIR/coldtrace.log"
node bin/coldtrace.js start >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

printf 'demo: starting coldtrace (log: %s) ' "$log"
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "$api/readyz" 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo; echo "demo: coldtrace stopped; its log:"; tail -n 30 "$log"; exit 1; fi
  printf '.'; sleep 0.5
done
echo
curl -fsS -o /dev/null "$api/readyz" || { echo "demo: coldtrace did not become ready; see $log"; exit 1; }

# The demo's people (a receiver and a second verifier for each of two sites, a QA for each of two
# manufacturers, an administrator), through the API; a restart gives them new passwords.
people=$(node bin/coldtrace-sim.js people --api "$api" --key "$COLDTRACE_ADMIN_KEY") || {
  echo "demo: creating the demo's people failed; see $log"; exit 1; }

cat <<INFO

coldtrace is running.
  handover page   $api/handover      (sign in with a login name below; API key: $COLDTRACE_ADMIN_KEY)
  live board      $api/board
  ward            $api/ward           (products out for use, their clock; each product's timeline)
  API docs        $api/docs
  MQTT            $mqtt              (mosquitto_pub -h 127.0.0.1 -p $COLDTRACE_MQTT_PORT ...)
  alert mails     $COLDTRACE_DATA_DIR/mail/*.eml
  server log      $log

Running simulated shipments and storage units; the verdicts follow.
INFO

sim() { node bin/coldtrace-sim.js "$@" --api "$api" --key "$COLDTRACE_ADMIN_KEY" --mqtt "$mqtt"; }
# Every scenario of the library: passing and deviating shipments (with their alert mails), a
# freezer door left open, an LN2 tank whose auto-fill failed. Each prints its verdict.
sim run all --seconds 8 || echo "demo: a scenario did not give the verdict it promises (see above)"

# The product after the door (issue 16): a bag thawed in a simulated water bath and infused in time,
# and one infused after its use time, which the API refuses (7.8 do not use). Their timelines are on
# the ward page.
sim run infusion-in-time --seconds 5 || echo "demo: the in-time infusion did not go as promised (see above)"
sim run late-infusion --seconds 5 || echo "demo: the late infusion was not refused as promised (see above)"

# Two more shipments stay in transit, for you to receive at the handover page: one that will pass,
# one that warmed up on the way.
echo
echo "Left in transit for you (type the SH-... id on the handover page):"
sim run ln2-nominal --seconds 5 --leave-in-transit || true
sim run excursion --seconds 5 --leave-in-transit \
  --site 'Hangzhou cell therapy centre' --manufacturer 'Second Cell Biotech' || true

cat <<INFO

Verdicts above; open a shipment on the handover page by its id, the alert mails in
$COLDTRACE_DATA_DIR/mail/. The first shipment left in transit goes to the Shanghai site from Demo
Cell Therapeutics, the second to the Hangzhou site from Second Cell Biotech: each person sees only
their own site's or manufacturer's shipments. A receipt is signed by the receiver and the second
verifier of the same site, each with their own login name and password.

People (sign in at $api/handover; these passwords are new at every start):
$people

Now a live fleet of 50 loggers publishes every 5 s (the live board updates by itself); press Ctrl-C
to stop everything.
INFO
sim fleet --devices 50 --interval 5 --duration 86400 --register --prefix demo-live
wait "$server"
