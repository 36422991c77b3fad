import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningColdtrace, startColdtrace } from '../cli/start.js';
import { ColdtraceApi } from '../firmware-sim/api-client.js';
import { fleetWithProgress } from '../firmware-sim/cli-fleet.js';
import { fleetDeviceId, registerFleet } from '../firmware-sim/fleet/provision.js';
import type { DeviceCredentials } from '../firmware-sim/mqtt-device.js';
import { progressLine } from '../firmware-sim/progress.js';
import { loadConfig } from '../services/config/config.js';
import type { Device } from '../services/domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import { freePort } from '../test/support/ports.js';

/**
 * Fleet load against the whole system on its embedded defaults (aedes gateway with device auth and
 * durable spool, PGlite records, private InfluxDB, API): 5,000 devices, each its own MQTT connection
 * with its own registered secret, publishing one QoS 1 reading every interval for a minute.
 *   BENCH_FLEET_DEVICES (5000), BENCH_FLEET_INTERVAL_S (5), BENCH_FLEET_DURATION_S (60)
 */
const devices = Number(process.env.BENCH_FLEET_DEVICES ?? 5000);
const intervalS = Number(process.env.BENCH_FLEET_INTERVAL_S ?? 5);
const durationS = Number(process.env.BENCH_FLEET_DURATION_S ?? 60);

const registerVia = process.env.BENCH_FLEET_REGISTER === 'api' ? 'api' : 'records store';

/** Registers the fleet in the records store, as POST /devices does, 8 at a time. */
async function provisionInStore(
  system: RunningColdtrace,
  n: number,
  loggingIntervalS: number,
  onProgress: (done: number) => void,
): Promise<DeviceCredentials[]> {
  const out: DeviceCredentials[] = new Array(n);
  const now = Date.now();
  let next = 0;
  let done = 0;
  const actor = { id: 'cli', name: 'bench:fleet' };
  const lanes = Array.from({ length: 8 }, async () => {
    while (next < n) {
      const i = next++;
      const deviceId = fleetDeviceId('bench', i);
      const secret = newDeviceSecret();
      const device: Device = {
        id: deviceId,
        kind: 'storage_sensor',
        loggingIntervalS: Math.max(1, Math.round(loggingIntervalS)),
        calibrationValidUntil: new Date(now + 365 * 86_400_000).toISOString(),
        model: 'coldtrace-sim fleet',
      };
      await system.records.devices.create(device, await hashDeviceSecret(secret), actor);
      out[i] = { deviceId, secret };
      onProgress(++done);
    }
  });
  await Promise.all(lanes);
  return out;
}

const say = (text: string) => process.stderr.write(`bench:fleet: ${text}\n`);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'coldtrace-bench-fleet-'));
const adminKey = randomBytes(24).toString('base64url');
const config = loadConfig({
  COLDTRACE_DATA_DIR: dataDir,
  COLDTRACE_HTTP_PORT: String(await freePort()),
  COLDTRACE_MQTT_PORT: String(await freePort()),
  COLDTRACE_ADMIN_KEY: adminKey,
  COLDTRACE_LOG_LEVEL: process.env.COLDTRACE_LOG_LEVEL ?? 'warn',
});
say(`starting coldtrace (embedded defaults) in ${dataDir}`);
const system = await startColdtrace(config);
try {
  const mqttUrl = `mqtt://127.0.0.1:${system.mqttPort}`;
  const regStart = Date.now();
  const line = progressLine(5_000);
  const onProgress = (done: number) =>
    line.update(`registering devices (${registerVia}): ${done}/${devices}`);
  // The API allows 600 requests a minute per client; 5,000 registrations through it take over eight
  // minutes, so by default the bench provisions the way an installer's tool would: into the records
  // store directly, each device with its own scrypt-hashed secret. BENCH_FLEET_REGISTER=api uses the API.
  const creds =
    registerVia === 'api'
      ? await registerFleet(new ColdtraceApi(system.httpUrl!, adminKey), {
          n: devices,
          prefix: 'bench',
          intervalS,
          onProgress,
        })
      : await provisionInStore(system, devices, intervalS, onProgress);
  line.end();
  const registerS = (Date.now() - regStart) / 1000;
  say(
    `registered ${devices} devices (${registerVia}) in ${registerS.toFixed(1)} s (${(devices / registerS).toFixed(0)}/s)`,
  );

  const r = await fleetWithProgress(
    {
      devices,
      interval: intervalS,
      duration: durationS,
      mqtt: mqttUrl,
      prefix: 'bench',
      register: false,
      api: system.httpUrl!,
    },
    creds,
  );
  const flushStart = Date.now();
  await system.gateway?.flushed();
  say(
    `connected ${r.connected}/${devices} in ${r.connectS.toFixed(1)} s; configured ${r.configuredPerS.toFixed(1)}/s, achieved ${r.achievedPerS.toFixed(1)}/s over ${r.durationS.toFixed(0)} s; sent ${r.sent}, acked ${r.acked}, errors ${r.errors}, connect errors ${r.connectErrors}, reconnects ${r.reconnects}; spool drained into InfluxDB ${((Date.now() - flushStart) / 1000).toFixed(1)} s after the last ack`,
  );
  console.log(
    JSON.stringify({
      bench: 'fleet',
      devices,
      configuredPerS: Math.round(r.configuredPerS * 10) / 10,
      achievedPerS: Math.round(r.achievedPerS * 10) / 10,
      sent: r.sent,
      acked: r.acked,
      errors: r.errors + r.connectErrors,
    }),
  );
} finally {
  await system.close();
  await rm(dataDir, { recursive: true, force: true });
}
