import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loopbackSources } from '../../../firmware-sim/fleet/fleet.js';
import { freePort, waitUntil } from '../../support/ports.js';
import { testPostgres } from '../../support/postgres.js';
import { BIN, type ColdtraceProcess, execFileAsync, startColdtraceProcess } from '../../support/process.js';
import { TestSmtp } from '../../support/smtp.js';
import { type SoakDevice, startSoakFleet } from './devices.js';
import { startInfluxControl } from './influx-control.js';
import { countStored, storedTemps } from './reconcile.js';

export interface SoakOptions {
  durationMs: number;
  devices: number;
  intervalMs: number;
  /** loggers in shipments of a 2-8 °C profile that go out of range on a schedule */
  probes: number;
  /** outages per cycle: InfluxDB, SMTP relay, and (optionally) the coldtrace process */
  cycles: number;
  outageMs: number;
  restartGateway: boolean;
  say: (text: string) => void;
}

export interface SoakResult {
  bench: 'soak';
  minutes: number;
  acked: number;
  stored: number;
  lost: number;
  duplicated: number;
  alertsExpected: number;
  alertsDelivered: number;
  alertsDuplicated: number;
  outages: { influx: number; smtp: number; gatewaySigterm: number; gatewaySigkill: number };
  reconnects: number;
  rssStartMB: number;
  rssEndMB: number;
  rssSamplesMB: number[];
}

const ADMIN = 'soak-admin-key-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rssMB(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Fetch with the soak's keys round-robin, waiting out 429s (600 requests a minute per key). */
function apiClient(base: string, keys: string[]) {
  let n = 0;
  return async (method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    for (;;) {
      const key = keys[n++ % keys.length];
      const res = await fetch(`${base}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 429) {
        await sleep(1_000);
        continue;
      }
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    }
  };
}

/**
 * The soak: the whole system as `coldtrace start` (a child process) with a private InfluxDB, an
 * SMTP relay in this process, PostgreSQL records; devices registered through the API publish
 * QoS 1 while InfluxDB, the relay and the coldtrace process are stopped and started again. Then
 * every acknowledged reading is looked up in InfluxDB and every expected alert mail in the relay.
 */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ct-soak-'));
  const influx = await startInfluxControl(path.join(dir, 'influxdb'));
  const pg = await testPostgres('soak');
  const smtp = await TestSmtp.start();
  const env = {
    COLDTRACE_DATA_DIR: path.join(dir, 'data'),
    COLDTRACE_HTTP_PORT: String(await freePort()),
    COLDTRACE_MQTT_PORT: String(await freePort()),
    COLDTRACE_INFLUX_URL: `${influx.url}/soak`,
    COLDTRACE_DATABASE_URL: pg.url,
    COLDTRACE_SMTP_URL: smtp.url,
    COLDTRACE_ADMIN_KEY: ADMIN,
    COLDTRACE_LOG_LEVEL: 'warn',
  };
  const base = `http://127.0.0.1:${env.COLDTRACE_HTTP_PORT}`;
  const mqttPort = Number(env.COLDTRACE_MQTT_PORT);
  const outages = { influx: 0, smtp: 0, gatewaySigterm: 0, gatewaySigkill: 0 };
  let proc: ColdtraceProcess | undefined;
  const startSystem = async () => {
    proc = startColdtraceProcess(env);
    await waitUntil(async () => (await fetch(`${base}/healthz`)).status === 200, 90_000, 'coldtrace healthz');
  };
  try {
    await startSystem();
    o.say(`coldtrace up at ${base}, InfluxDB ${influx.url}, SMTP ${smtp.url}`);
    // more admin keys than the bootstrap one: registration is limited to 600 requests a minute per key
    const keys = [ADMIN];
    for (let i = 0; i < Math.min(4, Math.ceil(o.devices / 500)); i++) {
      const { stdout } = await execFileAsync(
        process.execPath,
        [BIN, 'keys', 'create', '--role', 'admin', '--name', `soak ${i}`],
        {
          env: { ...process.env, ...env },
        },
      );
      keys.push((JSON.parse(stdout.trim()) as { key: string }).key);
    }
    const api = apiClient(base, keys);
    await api('POST', '/api/v1/profiles', {
      id: 'soak-2-8',
      name: 'soak 2-8',
      storageMode: 'refrigerated',
      tempMinC: 2,
      tempMaxC: 8,
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 60,
    });

    // devices: registered through the API (the secret comes back once)
    const excursionEveryMs = Math.max(20_000, Math.floor(o.durationMs / Math.max(1, o.cycles) / 2));
    const excursionMs = Math.min(10_000, excursionEveryMs / 3);
    const outAt = (now: number) => now % excursionEveryMs < excursionMs;
    const devices: SoakDevice[] = [];
    const probeTemps = new Map<string, number[]>();
    let next = 0;
    const total = o.devices + o.probes;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < total) {
          const i = next++;
          const probe = i >= o.devices;
          const id = probe ? `SOAK-PROBE-${i - o.devices}` : `SOAK-${String(i).padStart(5, '0')}`;
          const res = await api('POST', '/api/v1/devices', {
            id,
            kind: probe ? 'shipper_logger' : 'storage_sensor',
            loggingIntervalS: Math.max(1, Math.round(o.intervalMs / 1000)),
            calibrationValidUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
          });
          if (res.status !== 201)
            throw new Error(`registering ${id}: ${res.status} ${JSON.stringify(res.json)}`);
          const secret = (res.json as { mqtt: { password: string } }).mqtt.password;
          const temps: number[] = [];
          if (probe) probeTemps.set(id, temps);
          devices.push({
            deviceId: id,
            secret,
            acked: new Set(),
            sent: 0,
            errors: 0,
            tempAt: probe
              ? (now) => {
                  const t = outAt(now) ? 11 : 5;
                  temps.push(t);
                  return t;
                }
              : () => -190 + Math.round(Math.random() * 10) / 10,
          });
          if (probe) {
            const sid = `SOAK-SHP-${i - o.devices}`;
            await api('POST', '/api/v1/shipments', {
              id: sid,
              profileId: 'soak-2-8',
              product: { name: 'CAR-T', cellType: 'T cell', batch: 'B-soak', quantity: 1 },
              containerType: 'passive_2_8_box',
              deviceIds: [id],
              manufacturer: { name: 'Soak Maker', qaEmail: 'qa@maker.example', locale: 'en' },
              origin: 'Shanghai',
              destination: 'Beijing',
            });
            await api('POST', `/api/v1/shipments/${sid}/dispatch`, {});
          }
          if ((i + 1) % 250 === 0) o.say(`registered ${i + 1} / ${total} devices`);
        }
      }),
    );
    o.say(`registered ${total} devices through the API in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const fleet = startSoakFleet({
      mqttPort,
      devices,
      intervalMs: o.intervalMs,
      sources: loopbackSources(Math.max(1, Math.ceil(total / 200))),
    });
    const rss: number[] = [];
    const startedAt = Date.now();
    const endAt = startedAt + o.durationMs;
    const cycleMs = o.durationMs / Math.max(1, o.cycles);
    const schedule: { at: number; what: string; run: () => Promise<void> }[] = [];
    for (let c = 0; c < o.cycles; c++) {
      const c0 = startedAt + c * cycleMs;
      schedule.push(
        {
          at: c0 + 0.15 * cycleMs,
          what: 'InfluxDB stopped',
          run: async () => {
            outages.influx++;
            await influx.stop();
          },
        },
        { at: c0 + 0.15 * cycleMs + o.outageMs, what: 'InfluxDB started', run: () => influx.start() },
        {
          at: c0 + 0.4 * cycleMs,
          what: 'SMTP relay stopped',
          run: async () => {
            outages.smtp++;
            await smtp.stop();
          },
        },
        { at: c0 + 0.4 * cycleMs + o.outageMs, what: 'SMTP relay started', run: () => smtp.start() },
      );
      if (o.restartGateway) {
        const signal: NodeJS.Signals = c % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
        schedule.push({
          at: c0 + 0.65 * cycleMs,
          what: `coldtrace ${signal} and restart`,
          run: async () => {
            if (signal === 'SIGKILL') outages.gatewaySigkill++;
            else outages.gatewaySigterm++;
            await proc?.stop(signal);
            await startSystem();
          },
        });
      }
    }
    schedule.sort((a, b) => a.at - b.at);
    let lastRssAt = 0;
    while (Date.now() < endAt) {
      const due = schedule[0];
      if (due && Date.now() >= due.at) {
        schedule.shift();
        await due.run();
        o.say(`${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${due.what}`);
        continue;
      }
      if (Date.now() - lastRssAt >= Math.min(30_000, o.durationMs / 10)) {
        lastRssAt = Date.now();
        const mb = await rssMB(proc?.child.pid);
        if (mb !== undefined) rss.push(mb);
        const acked = devices.reduce((n, d) => n + d.acked.size, 0);
        o.say(
          `${((Date.now() - startedAt) / 1000).toFixed(0)} s: connected ${fleet.connected()}, acked ${acked}, mails ${smtp.mails.length}, rss ${mb} MB`,
        );
      }
      await sleep(200);
    }
    // whatever is still down comes back before the reconciliation
    for (const s of schedule.filter((e) => e.what.endsWith('started'))) await s.run();
    o.say('publishing stopped; waiting for outstanding PUBACKs');
    await fleet.stop(60_000);
    const acked = devices.reduce((n, d) => n + d.acked.size, 0);

    // every acknowledged reading must reach InfluxDB (the spool drains after outages)
    let counted = await countStored(influx.url, 'soak', devices);
    const until = Date.now() + 120_000;
    while (counted.lost > 0 && Date.now() < until) {
      await sleep(2_000);
      counted = await countStored(influx.url, 'soak', devices);
    }

    // every excursion in the probes' stored record (what coldtrace saw: a reading whose PUBACK was
    // lost in the kill may still be stored, and then it is alerted on): one "started" and one "ended"
    // mail each. Every acknowledged reading is in that record (lost is checked above).
    const stored = await storedTemps(influx.url, 'soak');
    const transitions = (temps: readonly number[]) => {
      let n = temps[0] === 11 ? 1 : 0;
      for (let k = 1; k < temps.length; k++) if ((temps[k] === 11) !== (temps[k - 1] === 11)) n++;
      return n;
    };
    let alertsExpected = 0;
    for (const d of devices)
      if (probeTemps.has(d.deviceId)) alertsExpected += transitions(stored.get(d.deviceId) ?? []);
    // the excursions' mails (episode key `scope|device|excursion::fromMs`); a probe may also be told
    // of a hole in its sequence (a publish lost in the kill, never acknowledged): counted apart
    const probeAlertMails = () =>
      smtp.mails
        .map((m) => String(m.parsed.headers.get('x-coldtrace-mail-key') ?? ''))
        .filter((k) => k.includes('|SOAK-PROBE-') && /:(started|ended)$/.test(k));
    const probeMails = () => probeAlertMails().filter((k) => k.includes('|excursion:'));
    await waitUntil(
      () => new Set(probeMails()).size >= alertsExpected || undefined,
      90_000,
      'alert mails',
    ).catch(() => {});
    const keysSeen = probeMails();
    const otherAlerts = [...new Set(probeAlertMails().filter((k) => !k.includes('|excursion:')))];
    if (otherAlerts.length > 0) o.say(`probe alerts other than excursions: ${otherAlerts.sort().join(' ')}`);
    const distinct = new Set(keysSeen).size;
    if (distinct !== alertsExpected) {
      // which probes differ, and how: a late mail, an excursion never alerted, or one alerted twice
      for (const d of devices) {
        const temps = probeTemps.get(d.deviceId);
        if (!temps) continue;
        const want = transitions(stored.get(d.deviceId) ?? []);
        const wantAcked = transitions([...d.acked].sort((a, b) => a - b).map((seq) => temps[seq] ?? 0));
        const got = [...new Set(keysSeen)].filter(
          (k) => k.includes(`|${d.deviceId}|`) || k.endsWith(`|${d.deviceId}`),
        );
        if (got.length !== want)
          process.stderr.write(
            `soak: ${d.deviceId}: ${got.length} alert mails, ${want} transitions stored (${wantAcked} acknowledged), ${stored.get(d.deviceId)?.length ?? 0} stored of ${temps.length} sent: ${got.sort().join(' ')}\n`,
          );
      }
    }
    const rssEnd = await rssMB(proc?.child.pid);
    if (rssEnd !== undefined) rss.push(rssEnd);
    return {
      bench: 'soak',
      minutes: Math.round((o.durationMs / 60_000) * 10) / 10,
      acked,
      stored: counted.stored,
      lost: counted.lost,
      duplicated: counted.duplicated,
      alertsExpected,
      alertsDelivered: distinct,
      alertsDuplicated: keysSeen.length - distinct,
      outages,
      reconnects: fleet.reconnects(),
      rssStartMB: rss[0] ?? 0,
      rssEndMB: rss.at(-1) ?? 0,
      rssSamplesMB: rss,
    };
  } finally {
    await proc?.stop('SIGTERM');
    await smtp.stop();
    await influx.close();
    await pg.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
