import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { startColdtrace } from '../cli/start.js';
import { runFleet } from '../firmware-sim/fleet/fleet.js';
import { fleetDeviceId } from '../firmware-sim/fleet/provision.js';
import { loadConfig } from '../services/config/config.js';
import type { Device, Profile } from '../services/domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import type { RecordsStore } from '../services/store/sql/records-store.js';
import { sqlDbOf } from '../services/store/sql/records-store.js';
import { freePort } from '../test/support/ports.js';
import {
  benchShipment,
  percentile,
  probeMails,
  probeOutcome,
  probeProfile,
  probeSeconds,
  runProbe,
  startSmtp,
} from './alert-probes.js';

/**
 * Alert latency on the whole system (embedded defaults: aedes gateway with device auth and durable
 * spool, rules worker, outbox notifier, PGlite records, private InfluxDB) while a background fleet
 * of 1,000 loggers publishes once a second. Probe loggers, each in a shipment of its own, go out of
 * range again and again; latency is from publishing the first out-of-range reading to the SMTP
 * server accepting the "started" mail, so it includes the profile's alarm delay (target: p99 under
 * the alarm delay plus 1 s). Every excursion must give exactly one "started" and one "ended" mail.
 *   BENCH_ALERT_DEVICES (1000), BENCH_ALERT_PROBES (25), BENCH_ALERT_CYCLES (4),
 *   BENCH_ALERT_DELAY_S (5), COLDTRACE_DATABASE_URL / COLDTRACE_INFLUX_URL (optional)
 */
const backgroundDevices = Number(process.env.BENCH_ALERT_DEVICES ?? 1000);
const probes = Number(process.env.BENCH_ALERT_PROBES ?? 25);
const cycles = Number(process.env.BENCH_ALERT_CYCLES ?? 4);
const alarmDelayMs = Number(process.env.BENCH_ALERT_DELAY_S ?? 5) * 1000;
const say = (text: string) => process.stderr.write(`bench:alert-latency: ${text}\n`);
const actor = { id: 'cli', name: 'bench:alert-latency' };

const profile = (id: string, p: Partial<Profile>): Profile => ({
  id,
  name: id,
  storageMode: 'refrigerated',
  maxTransportMinutes: 600,
  containerTypes: ['passive_2_8_box', 'ln2_dry_shipper'],
  maxGapMinutes: 5,
  ...p,
});

/** Devices, one shared secret (hashing is not what is measured), shipments dispatched now. */
async function provision(records: RecordsStore, ids: string[], kind: 'bg' | 'probe', secretHash: string) {
  const device = (id: string): Device => ({
    id,
    kind: 'shipper_logger',
    loggingIntervalS: 1,
    calibrationValidUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
  for (const id of ids) await records.devices.create(device(id), secretHash, actor);
  const per = kind === 'bg' ? 16 : 1;
  for (let i = 0; i < ids.length; i += per) {
    const id = `${kind === 'bg' ? 'BG' : 'PROBE'}-${String(i).padStart(5, '0')}`;
    await records.shipments.create(
      benchShipment(id, kind === 'bg' ? 'bench-ln2' : 'bench-2-8', ids.slice(i, i + per)),
      actor,
    );
    await records.shipments.dispatch(id, Date.now() - 1_000, actor);
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'coldtrace-bench-alert-'));
const smtp = await startSmtp();
const config = loadConfig({
  ...process.env,
  COLDTRACE_DATA_DIR: dataDir,
  COLDTRACE_HTTP_PORT: String(await freePort()),
  COLDTRACE_MQTT_PORT: String(await freePort()),
  COLDTRACE_SMTP_URL: smtp.url,
  COLDTRACE_LOG_LEVEL: process.env.COLDTRACE_LOG_LEVEL ?? 'warn',
});
say(`starting coldtrace (gateway, rules, notifier, api) in ${dataDir}`);
const system = await startColdtrace(config);
let exitCode = 0;
try {
  const mqttUrl = `mqtt://127.0.0.1:${system.mqttPort}`;
  const secret = newDeviceSecret();
  const secretHash = await hashDeviceSecret(secret);
  await system.records.profiles.save(profile('bench-ln2', { storageMode: 'ln2_vapor' }), actor);
  await system.records.profiles.save(probeProfile(alarmDelayMs), actor);
  const bgIds = Array.from({ length: backgroundDevices }, (_, i) => fleetDeviceId('bg', i));
  const probeIds = Array.from({ length: probes }, (_, i) => fleetDeviceId('probe', i));
  const t = Date.now();
  await provision(system.records, bgIds, 'bg', secretHash);
  await provision(system.records, probeIds, 'probe', secretHash);
  say(
    `provisioned ${bgIds.length} background and ${probeIds.length} probe loggers in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );

  const probeS = probeSeconds(cycles, alarmDelayMs);
  let publishing = false;
  const fleet = runFleet({
    mqttUrl,
    devices: bgIds.map((deviceId) => ({ deviceId, secret })),
    intervalS: 1,
    durationS: probeS + 10,
    onProgress: (p) => {
      if (p.phase === 'publishing') publishing = true;
      say(
        `fleet ${p.phase}: connected ${p.connected}, acked ${p.acked} (${p.ratePerS.toFixed(0)}/s), errors ${p.errors}`,
      );
    },
  });
  while (!publishing) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 3_000));

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  say(`probing: ${probes} loggers x ${cycles} excursions, alarm delay ${alarmDelayMs} ms`);
  const clients = await Promise.all(
    probeIds.map((id) =>
      mqtt.connectAsync(mqttUrl, { clientId: id, username: id, password: secret, reconnectPeriod: 0 }),
    ),
  );
  const firstOut = new Map<string, number[]>(probeIds.map((id) => [id, []]));
  await Promise.all(
    probeIds.map((id, i) => runProbe(clients[i]!, id, firstOut.get(id)!, { cycles, alarmDelayMs })),
  );
  await Promise.all(clients.map((c) => c.endAsync()));

  const expected = probes * cycles * 2;
  const deadline = Date.now() + 20_000;
  while (probeMails(smtp.arrivals).length < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 2_000));
  await fleet;

  const { latencies, lost, duplicated, otherAlerts } = probeOutcome(smtp.arrivals, probeIds, firstOut);
  loopDelay.disable();
  say(
    `event loop delay while probing: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
  );
  // where the time went: reading's device time -> alert committed -> mail sent (outbox)
  const stages = await sqlDbOf(system.records).query<{ eval_ms: number; queue_ms: number }>(
    `SELECT (extract(epoch FROM o.created_at - a.happened_at) * 1000 - ${alarmDelayMs})::float8 AS eval_ms,
            (extract(epoch FROM o.sent_at - o.created_at) * 1000)::float8 AS queue_ms
     FROM alerts a JOIN mail_outbox o ON o.mail_key = 'alert:' || a.episode_key || ':started'
     WHERE a.shipment_id LIKE 'PROBE-%' AND o.sent_at IS NOT NULL`,
  );
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const p99 = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      99,
    );
  const evalMs = stages.map((r) => Number(r.eval_ms));
  const queueMs = stages.map((r) => Number(r.queue_ms));
  say(
    `stages: triggering reading published (first out-of-range + delay) -> mail queued p50 ${med(evalMs).toFixed(0)} ms, p99 ${p99(evalMs).toFixed(0)} ms; outbox queued -> sent p50 ${med(queueMs).toFixed(0)} ms, p99 ${p99(queueMs).toFixed(0)} ms`,
  );
  const p50Ms = Math.round(percentile(latencies, 50));
  const p99Ms = Math.round(percentile(latencies, 99));
  say(
    `${latencies.length} excursions: first out-of-range publish -> SMTP accepted: p50 ${p50Ms} ms, p99 ${p99Ms} ms (alarm delay ${alarmDelayMs} ms, so p99 beyond the delay ${p99Ms - alarmDelayMs} ms); max ${latencies.at(-1)} ms; mails for background shipments: ${otherAlerts}`,
  );
  if (lost > 0 || duplicated > 0 || otherAlerts > 0) exitCode = 1;
  console.log(JSON.stringify({ bench: 'alert-latency', alarmDelayMs, p50Ms, p99Ms, lost, duplicated }));
} finally {
  await system.close();
  await smtp.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
