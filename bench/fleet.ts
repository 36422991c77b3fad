import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfluxDB } from 'influx';
import { ensurePrivateInflux } from '../cli/private-influx.js';
import { fleetWithProgress } from '../firmware-sim/cli-fleet.js';
import { fleetDeviceId } from '../firmware-sim/fleet/provision.js';
import type { DeviceCredentials } from '../firmware-sim/mqtt-device.js';
import { progressLine } from '../firmware-sim/progress.js';
import type { Device } from '../services/domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';
import { freePort, waitUntil } from '../test/support/ports.js';

/**
 * Fleet load against `coldtrace start` on its embedded defaults (aedes gateway with device auth and
 * durable spool, PGlite records, the private InfluxDB, API) running as its own process: the
 * simulated devices run here, in worker threads of this process, each its own MQTT connection with
 * its own registered secret, so the system's RSS and CPU (coldtrace + its influxd, from /proc) are
 * the system's alone.
 *   BENCH_FLEET_DEVICES (10000), BENCH_FLEET_INTERVAL_S (1), BENCH_FLEET_MINUTES (5)
 */
const devices = Number(process.env.BENCH_FLEET_DEVICES ?? 10_000);
const intervalS = Number(process.env.BENCH_FLEET_INTERVAL_S ?? 1);
const durationS = Math.round(Number(process.env.BENCH_FLEET_MINUTES ?? 5) * 60);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/coldtrace.js');
const say = (text: string) => process.stderr.write(`bench:fleet: ${text}\n`);

/** Registers the fleet in the data folder's PGlite before the system starts (as an installer's tool would). */
async function provision(dataDir: string, adminKey: string): Promise<DeviceCredentials[]> {
  const records = await openRecordsStore({ dataDir, adminKey, databaseUrl: undefined });
  const out: DeviceCredentials[] = new Array(devices);
  const line = progressLine(5_000);
  const now = Date.now();
  let next = 0;
  let done = 0;
  const actor = { id: 'cli', name: 'bench:fleet' };
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < devices) {
        const i = next++;
        const deviceId = fleetDeviceId('bench', i);
        const secret = newDeviceSecret();
        const device: Device = {
          id: deviceId,
          kind: 'storage_sensor',
          loggingIntervalS: Math.max(1, Math.round(intervalS)),
          calibrationValidUntil: new Date(now + 365 * 86_400_000).toISOString(),
        };
        await records.devices.create(device, await hashDeviceSecret(secret), actor);
        out[i] = { deviceId, secret };
        line.update(`registering devices: ${++done}/${devices}`);
      }
    }),
  );
  line.end();
  await records.close();
  return out;
}

/** RSS (MB) and CPU seconds of a process, from /proc; undefined once it is gone. */
async function usage(pid: number): Promise<{ rssMB: number; cpuS: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const rssKB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return { rssMB: rssKB / 1024, cpuS: ticks / 100 };
  } catch {
    return undefined;
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'coldtrace-bench-fleet-'));
const adminKey = randomBytes(24).toString('base64url');
let child: ChildProcess | undefined;
const influx = await ensurePrivateInflux(dataDir);
try {
  const influxPid = Number((await readFile(path.join(dataDir, 'influxdb', 'influxd.pid'), 'utf8')).trim());
  const regStart = Date.now();
  const creds = await provision(dataDir, adminKey);
  say(`registered ${devices} devices in ${((Date.now() - regStart) / 1000).toFixed(1)} s`);

  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_HTTP_PORT: String(httpPort),
      COLDTRACE_MQTT_PORT: String(mqttPort),
      COLDTRACE_ADMIN_KEY: adminKey,
      COLDTRACE_LOG_LEVEL: process.env.COLDTRACE_LOG_LEVEL ?? 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const pid = child.pid!;
  await waitUntil(
    async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok,
    120_000,
    'coldtrace ready',
  );
  const before = { system: await usage(pid), influx: await usage(influxPid) };
  let rssPeakMB = 0;
  let influxRssPeakMB = 0;
  const sampler = setInterval(async () => {
    const [s, i] = [await usage(pid), await usage(influxPid)];
    rssPeakMB = Math.max(rssPeakMB, s?.rssMB ?? 0);
    influxRssPeakMB = Math.max(influxRssPeakMB, i?.rssMB ?? 0);
  }, 500);

  const r = await fleetWithProgress(
    {
      devices,
      interval: intervalS,
      duration: durationS,
      mqtt: `mqtt://127.0.0.1:${mqttPort}`,
      prefix: 'bench',
      register: false,
      api: `http://127.0.0.1:${httpPort}`,
    },
    creds,
  );
  // spool lag: from the fleet's last PUBACK until InfluxDB holds every acknowledged reading
  const lastAckAt = Date.now();
  const base = new URL(influx.url);
  const db = new InfluxDB({
    host: base.hostname,
    port: Number(base.port),
    database: base.pathname.slice(1),
  });
  let stored = 0;
  await waitUntil(
    async () => {
      const rows = await db.query<{ count: number }>('SELECT count(temp_c) FROM readings');
      stored = Number(rows[0]?.count ?? 0);
      return stored >= r.acked;
    },
    300_000,
    'InfluxDB holds every acknowledged reading',
  ).catch(() => {});
  const spoolLagS = (Date.now() - lastAckAt) / 1000;
  clearInterval(sampler);
  const after = { system: await usage(pid), influx: await usage(influxPid) };
  const cpuS = (after.system?.cpuS ?? 0) - (before.system?.cpuS ?? 0);
  const influxCpuS = (after.influx?.cpuS ?? 0) - (before.influx?.cpuS ?? 0);
  say(
    `connected ${r.connected}/${devices} in ${r.connectS.toFixed(1)} s (connect errors ${r.connectErrors}); configured ${r.configuredPerS.toFixed(0)}/s, achieved ${r.achievedPerS.toFixed(1)}/s over ${r.durationS.toFixed(0)} s; sent ${r.sent}, acked ${r.acked}, errors ${r.errors}, reconnects ${r.reconnects}; PUBACK p50 ${r.pubackP50Ms} ms, p99 ${r.pubackP99Ms} ms; InfluxDB held ${stored} readings ${spoolLagS.toFixed(1)} s after the last ack; coldtrace peak RSS ${rssPeakMB.toFixed(0)} MB, CPU ${cpuS.toFixed(1)} s; influxd peak RSS ${influxRssPeakMB.toFixed(0)} MB, CPU ${influxCpuS.toFixed(1)} s`,
  );
  console.log(
    JSON.stringify({
      bench: 'fleet',
      devices,
      configuredPerS: Math.round(r.configuredPerS * 10) / 10,
      achievedPerS: Math.round(r.achievedPerS * 10) / 10,
      connectErrors: r.connectErrors,
      errors: r.errors,
      sent: r.sent,
      acked: r.acked,
      stored,
      pubackP50Ms: r.pubackP50Ms,
      pubackP99Ms: r.pubackP99Ms,
      spoolLagS: Math.round(spoolLagS * 10) / 10,
      rssPeakMB: Math.round(rssPeakMB),
      cpuS: Math.round(cpuS * 10) / 10,
      influxRssPeakMB: Math.round(influxRssPeakMB),
      influxCpuS: Math.round(influxCpuS * 10) / 10,
      cpuUsPerReading: r.acked ? Math.round(((cpuS + influxCpuS) * 1e6) / r.acked) : null,
      // the excursion devices and their alert latency are not in this bench yet (bench:alert-latency measures it)
      alertP99BeyondDelayMs: null,
    }),
  );
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await influx.stop();
  await rm(dataDir, { recursive: true, force: true });
}
