import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfluxDB } from 'influx';
import mqtt from 'mqtt';
import { ensurePrivateInflux } from '../cli/private-influx.js';
import { fleetWithProgress } from '../firmware-sim/cli-fleet.js';
import { fleetDeviceId } from '../firmware-sim/fleet/provision.js';
import type { DeviceCredentials } from '../firmware-sim/mqtt-device.js';
import { progressLine } from '../firmware-sim/progress.js';
import type { Device } from '../services/domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import { openRecordsStore } from '../services/store/sql/records-store.js';
import { freePort, waitUntil } from '../test/support/ports.js';
import {
  benchShipment,
  percentile,
  probeMails,
  probeOutcome,
  probeProfile,
  probeShipmentId,
  runProbe,
  startSmtp,
} from './alert-probes.js';

/**
 * Fleet load against `coldtrace start` on its embedded defaults (aedes gateway with device auth and
 * durable spool, PGlite records, the private InfluxDB, API) running as its own process: the
 * simulated devices run here, in worker threads of this process, each its own MQTT connection with
 * its own registered secret, so the system's RSS and CPU (coldtrace + its influxd, from /proc) are
 * the system's alone. 1 % of the devices more are excursion probes (bench/alert-probes.ts), each in
 * a shipment of its own dispatched once the fleet publishes: they go out of range and back, and
 * the alert latency is from a probe's first out-of-range reading to the bench's SMTP server
 * accepting its "started" mail; every excursion must give one "started" and one "ended" mail.
 *   BENCH_FLEET_DEVICES (10000), BENCH_FLEET_INTERVAL_S (1), BENCH_FLEET_MINUTES (5),
 *   BENCH_FLEET_PROBES (1 % of the devices), BENCH_FLEET_ALARM_DELAY_S (5)
 */
const devices = Number(process.env.BENCH_FLEET_DEVICES ?? 10_000);
const intervalS = Number(process.env.BENCH_FLEET_INTERVAL_S ?? 1);
const durationS = Math.round(Number(process.env.BENCH_FLEET_MINUTES ?? 5) * 60);
const probes = Number(process.env.BENCH_FLEET_PROBES ?? Math.max(1, Math.round(devices / 100)));
const alarmDelayMs = Number(process.env.BENCH_FLEET_ALARM_DELAY_S ?? 5) * 1000;
const probeCycles = 2;
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/coldtrace.js');
const say = (text: string) => process.stderr.write(`bench:fleet: ${text}\n`);

/** Registers the fleet in the data folder's PGlite before the system starts (as an installer's tool would). */
async function provision(
  dataDir: string,
  adminKey: string,
): Promise<{ fleet: DeviceCredentials[]; probes: DeviceCredentials[] }> {
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
  await records.profiles.save(probeProfile(alarmDelayMs), actor);
  const probeCreds: DeviceCredentials[] = [];
  for (let i = 0; i < probes; i++) {
    const deviceId = fleetDeviceId('probe', i);
    const secret = newDeviceSecret();
    const device: Device = {
      id: deviceId,
      kind: 'shipper_logger',
      loggingIntervalS: 1,
      calibrationValidUntil: new Date(now + 365 * 86_400_000).toISOString(),
    };
    await records.devices.create(device, await hashDeviceSecret(secret), actor);
    await records.shipments.create(benchShipment(probeShipmentId(i), 'bench-2-8', [deviceId]), actor);
    probeCreds.push({ deviceId, secret });
  }
  await records.close();
  return { fleet: out, probes: probeCreds };
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
let closeSmtp: (() => Promise<void>) | undefined;
const influx = await ensurePrivateInflux(dataDir);
try {
  const influxPid = Number((await readFile(path.join(dataDir, 'influxdb', 'influxd.pid'), 'utf8')).trim());
  const regStart = Date.now();
  const creds = await provision(dataDir, adminKey);
  say(
    `registered ${devices} devices and ${probes} probes in ${((Date.now() - regStart) / 1000).toFixed(1)} s`,
  );
  const smtp = await startSmtp();
  closeSmtp = smtp.close;

  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_HTTP_PORT: String(httpPort),
      COLDTRACE_MQTT_PORT: String(mqttPort),
      COLDTRACE_ADMIN_KEY: adminKey,
      COLDTRACE_SMTP_URL: smtp.url,
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
  // where the memory is at the peak: V8's heap (used, total) and memory outside it (buffers)
  let memoryAtPeak = '';
  const heapFigures = async () => {
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text().catch(() => '');
    const mb = (name: string) =>
      Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 1048576);
    return `heap used ${mb('nodejs_heap_size_used_bytes')} MB of ${mb('nodejs_heap_size_total_bytes')} MB, external ${mb('nodejs_external_memory_bytes')} MB`;
  };
  const sampler = setInterval(async () => {
    const [s, i] = [await usage(pid), await usage(influxPid)];
    if ((s?.rssMB ?? 0) > rssPeakMB) memoryAtPeak = await heapFigures();
    rssPeakMB = Math.max(rssPeakMB, s?.rssMB ?? 0);
    influxRssPeakMB = Math.max(influxRssPeakMB, i?.rssMB ?? 0);
  }, 500);

  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  let publishing: () => void = () => {};
  const fleetPublishing = new Promise<void>((resolve) => {
    publishing = resolve;
  });
  const fleetRun = fleetWithProgress(
    {
      devices,
      interval: intervalS,
      duration: durationS,
      mqtt: mqttUrl,
      prefix: 'bench',
      register: false,
      api: `http://127.0.0.1:${httpPort}`,
    },
    creds.fleet,
    (p) => {
      if (p.phase === 'publishing') publishing();
    },
  );
  // the probes: dispatched once the fleet publishes, then out of range and back, twice each
  const firstOut = new Map<string, number[]>(creds.probes.map((c) => [c.deviceId, []]));
  const probing = (async () => {
    await Promise.race([fleetPublishing, fleetRun]);
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    for (let i = 0; i < probes; i++) {
      const res = await fetch(
        `http://127.0.0.1:${httpPort}/api/v1/shipments/${probeShipmentId(i)}/dispatch`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ at: new Date(Date.now() - 1_000).toISOString() }),
        },
      );
      if (!res.ok) throw new Error(`dispatch ${probeShipmentId(i)}: ${res.status} ${await res.text()}`);
    }
    const clients = await Promise.all(
      creds.probes.map((c) =>
        mqtt.connectAsync(mqttUrl, {
          clientId: c.deviceId,
          username: c.deviceId,
          password: c.secret,
          reconnectPeriod: 0,
          connectTimeout: 60_000,
        }),
      ),
    );
    await Promise.all(
      creds.probes.map((c, i) =>
        runProbe(clients[i]!, c.deviceId, firstOut.get(c.deviceId)!, { cycles: probeCycles, alarmDelayMs }),
      ),
    );
    await Promise.all(clients.map((c) => c.endAsync()));
  })();
  // spool lag: from the fleet's last PUBACK until InfluxDB holds every acknowledged reading (the
  // probes may still be running)
  const fleetLanded = fleetRun.then(async (r) => {
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
        const rows = await db.query<{ count: number }>(
          'SELECT count(temp_c) FROM readings WHERE device =~ /^bench-/',
        );
        stored = Number(rows[0]?.count ?? 0);
        return stored >= r.acked;
      },
      300_000,
      'InfluxDB holds every acknowledged reading',
    ).catch(() => {});
    return { r, stored, spoolLagS: (Date.now() - lastAckAt) / 1000 };
  });
  const [{ r, stored, spoolLagS }] = await Promise.all([fleetLanded, probing]);
  const expectedMails = probes * probeCycles * 2;
  const mailDeadline = Date.now() + 30_000;
  while (probeMails(smtp.arrivals).length < expectedMails && Date.now() < mailDeadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  const alerts = probeOutcome(
    smtp.arrivals,
    creds.probes.map((c) => c.deviceId),
    firstOut,
  );
  const alertP99Ms = percentile(alerts.latencies, 99);
  say(
    `${alerts.latencies.length} probe excursions: first out-of-range reading -> SMTP accepted p50 ${percentile(alerts.latencies, 50)} ms, p99 ${alertP99Ms} ms (alarm delay ${alarmDelayMs} ms); lost ${alerts.lost}, duplicated ${alerts.duplicated}`,
  );
  // where the time goes: the first out-of-range reading to the alert raised (beyond the delay), and
  // the alert raised to the mail accepted by the SMTP server
  const rulesLag: number[] = [];
  const mailLag: number[] = [];
  for (const [i, c] of creds.probes.entries()) {
    const res = await fetch(`http://127.0.0.1:${httpPort}/api/v1/alerts?shipmentId=${probeShipmentId(i)}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    if (!res.ok) continue;
    const raised = ((await res.json()) as { findingCode: string; episodeKey?: string; detectedAt: string }[])
      .filter((a) => a.findingCode === 'TEMP_OUT_OF_RANGE')
      .map((a) => Date.parse(a.detectedAt))
      .sort((a, b) => a - b);
    const outs = firstOut.get(c.deviceId) ?? [];
    const mails = probeMails(smtp.arrivals)
      .filter((m) => m.key.includes(`|${c.deviceId}|excursion:`) && m.key.endsWith(':started'))
      .map((m) => m.atMs)
      .sort((a, b) => a - b);
    for (let k = 0; k < Math.min(outs.length, raised.length, mails.length); k++) {
      rulesLag.push(raised[k]! - outs[k]! - alarmDelayMs);
      mailLag.push(mails[k]! - raised[k]!);
    }
  }
  rulesLag.sort((a, b) => a - b);
  mailLag.sort((a, b) => a - b);
  say(
    `of it: reading -> alert raised, beyond the delay, p50 ${percentile(rulesLag, 50)} ms, p99 ${percentile(rulesLag, 99)} ms; alert raised -> SMTP accepted p50 ${percentile(mailLag, 50)} ms, p99 ${percentile(mailLag, 99)} ms`,
  );
  clearInterval(sampler);
  say(`coldtrace at its peak RSS: ${memoryAtPeak}`);
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
      probes,
      alertP50Ms: Number.isNaN(alertP99Ms) ? null : percentile(alerts.latencies, 50),
      alertP99BeyondDelayMs: Number.isNaN(alertP99Ms) ? null : alertP99Ms - alarmDelayMs,
      alertsLost: alerts.lost,
      alertsDuplicated: alerts.duplicated,
    }),
  );
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await closeSmtp?.();
  await influx.stop();
  await rm(dataDir, { recursive: true, force: true });
}
