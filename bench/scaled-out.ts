/**
 * Scaled-out benchmark: the docker-compose layout run as processes on this machine.
 *   - a private Mosquitto with the shipped config (deploy/mosquitto/mosquitto.conf: dynamic
 *     security, max_queued_messages 0), every device with its own login and ACL;
 *   - two `coldtrace start gateway` processes consuming the MQTT 5 shared subscription
 *     ($share/coldtrace-ingest/...), each with its own spool, on the machine's PostgreSQL and a
 *     private InfluxDB;
 *   - the devices in separate publisher processes, QoS 1, at a steady rate.
 * Half-way through, one gateway is SIGKILLed and started again (BENCH_KILL=0 to skip): the broker
 * keeps its persistent session, so what it had not acknowledged comes back to it.
 * Figures: readings acknowledged by the broker, readings landed in InfluxDB per second (publish
 * start to the last one stored), lost = acknowledged but not stored, doubled = stored more often
 * than published (a reading is stored idempotently, so a redelivery must not add a row).
 * Usage: npm run bench:scaled-out   (env: BENCH_DEVICES=500, BENCH_SECONDS=60, BENCH_RATE=2 per
 * device per second, BENCH_WORKERS=2, BENCH_KILL=1; COLDTRACE_TEST_POSTGRES_URL)
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { pino } from 'pino';
import { MosquittoDynsecCredentials } from '../services/broker-auth/device-credentials.js';
import type { Device } from '../services/domain/contract.js';
import { hashDeviceSecret, newDeviceSecret } from '../services/store/device-secrets.js';
import { openReadingsStore } from '../services/store/readings/readings-store.js';
import { openSqlDb } from '../services/store/sql/open-db.js';
import { recordsStoreOver } from '../services/store/sql/records-store.js';
import { startPrivateMosquitto } from '../test/support/mosquitto-dynsec.js';
import { startColdtraceProcess } from '../test/support/process.js';

type ToWorker =
  | { cmd: 'connect'; url: string; devices: [string, string][] }
  | { cmd: 'run'; durationMs: number; perSecond: number }
  | { cmd: 'disconnect' };
type FromWorker =
  | { cmd: 'connected'; errors: number }
  | { cmd: 'ran'; acked: number; published: number; errors: number; p50Ms: number; p99Ms: number }
  | { cmd: 'disconnected' };

if (process.argv[2] === 'worker') await worker();
else await main();

// ---------------------------------------------------------------- publisher process
async function worker(): Promise<void> {
  let clients: { client: MqttClient; id: string; seq: number }[] = [];
  const send = (m: FromWorker) => process.send!(m);
  process.on('message', async (m: ToWorker) => {
    if (m.cmd === 'connect') {
      let errors = 0;
      for (let i = 0; i < m.devices.length; i += 50) {
        const part = await Promise.all(
          m.devices.slice(i, i + 50).map(async ([id, secret]) => {
            try {
              const client = await mqtt.connectAsync(m.url, {
                clientId: id,
                username: id,
                password: secret,
                reconnectPeriod: 1_000,
                connectTimeout: 60_000,
              });
              return { client, id, seq: 0 };
            } catch {
              errors++;
              return undefined;
            }
          }),
        );
        clients.push(...part.filter((c) => c !== undefined));
      }
      send({ cmd: 'connected', errors });
    } else if (m.cmd === 'run') {
      const latencies: number[] = [];
      let acked = 0;
      let published = 0;
      let errors = 0;
      const intervalMs = 1000 / m.perSecond;
      const endAt = Date.now() + m.durationMs;
      await Promise.all(
        clients.map(async (c, i) => {
          // spread the devices over the interval, as a fleet's clocks are
          let next = Date.now() + (i / clients.length) * intervalMs;
          while (next < endAt) {
            const wait = next - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            next += intervalMs;
            c.seq += 1;
            published++;
            const body = JSON.stringify({ ts: Date.now(), seq: c.seq, temp_c: 5 + (c.seq % 10) / 10 });
            const t0 = performance.now();
            try {
              await c.client.publishAsync(`coldtrace/v1/devices/${c.id}/readings`, body, { qos: 1 });
              acked++;
              latencies.push(performance.now() - t0);
            } catch {
              errors++;
            }
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const q = (p: number) => Math.round((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 10) / 10;
      send({ cmd: 'ran', acked, published, errors, p50Ms: q(0.5), p99Ms: q(0.99) });
    } else {
      await Promise.all(clients.map((c) => c.client.endAsync()));
      clients = [];
      send({ cmd: 'disconnected' });
    }
  });
}

// ---------------------------------------------------------------- the run
async function main(): Promise<void> {
  const deviceCount = Number(process.env.BENCH_DEVICES ?? 500);
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const perSecond = Number(process.env.BENCH_RATE ?? 2);
  const workerCount = Number(process.env.BENCH_WORKERS ?? 2);
  const kill = process.env.BENCH_KILL !== '0';
  const log = (s: string) => process.stderr.write(`bench:scaled-out ${s}\n`);
  const logger = pino({ name: 'bench', level: 'warn' }, pino.destination(2));
  const loadavg = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-scaled-out-'));
  cleanups.push(() => fs.promises.rm(dir, { recursive: true, force: true }));
  try {
    log(`load average ${loadavg()} on ${os.cpus().length} cores`);
    const broker = await startPrivateMosquitto(path.join(dir, 'mosquitto'));
    cleanups.push(() => broker.stop());
    const influxBase = execFileSync(
      'bash',
      ['scripts/influxdb.sh', 'start', path.resolve('.data/bench-influxdb')],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .pop()!;
    const database = `bench_scaled_${Date.now()}`;
    const influxUrl = `${influxBase}/${database}`;
    const store = await openReadingsStore({ url: influxUrl, logger });
    cleanups.push(async () => {
      await fetch(`${influxBase}/query?q=${encodeURIComponent(`DROP DATABASE "${database}"`)}`, {
        method: 'POST',
      });
      await store.close();
    });

    // a schema of its own on the machine's PostgreSQL
    const pgUrl = process.env.COLDTRACE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    cleanups.push(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });
    const dbUrl = new URL(pgUrl);
    dbUrl.searchParams.set('options', `-c search_path=${schema}`);
    const records = recordsStoreOver(await openSqlDb({ databaseUrl: dbUrl.toString() }));
    cleanups.push(() => records.close());

    // every device registered as the API does: in the registry and as a broker login with its ACL
    const creds = await MosquittoDynsecCredentials.connect(broker.adminUrl);
    cleanups.push(() => creds.close());
    const service = { user: 'coldtrace-service', password: randomBytes(12).toString('hex') };
    await creds.ensureServiceClient(service.user, service.password);
    const devices: [string, string][] = [];
    const t0 = performance.now();
    for (let i = 0; i < deviceCount; i++) {
      const id = `SO-${String(i).padStart(5, '0')}`;
      const secret = newDeviceSecret();
      const device: Device = {
        id,
        kind: 'shipper_logger',
        loggingIntervalS: 1,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      await records.devices.create(device, await hashDeviceSecret(secret), { id: 'bench', name: 'bench' });
      await creds.deviceRegistered(id, secret);
      devices.push([id, secret]);
      if ((i + 1) % 250 === 0) log(`registered ${i + 1} / ${deviceCount} devices`);
    }
    log(`${deviceCount} devices registered in ${Math.round(performance.now() - t0)} ms`);

    const gatewayEnv = (name: string) => ({
      COLDTRACE_DATA_DIR: path.join(dir, name),
      COLDTRACE_MQTT_URL: `mqtt://${service.user}:${service.password}@127.0.0.1:${broker.port}`,
      COLDTRACE_DATABASE_URL: dbUrl.toString(),
      COLDTRACE_INFLUX_URL: influxUrl,
      COLDTRACE_LOG_LEVEL: 'info',
    });
    const started = (p: ReturnType<typeof startColdtraceProcess>) =>
      waitFor(() => p.output().includes('"msg":"gateway started"'), 60_000, 'gateway started').catch(
        (error: Error) => {
          const file = path.join(os.tmpdir(), `bench-scaled-out-gateway-${Date.now()}.log`);
          fs.writeFileSync(file, p.output());
          throw new Error(
            `${error.message}; its whole output is in ${file}; the last of it: ${p.output().slice(-1500)}`,
          );
        },
      );
    const gateways = [
      startColdtraceProcess(gatewayEnv('gateway-1'), ['start', 'gateway']),
      startColdtraceProcess(gatewayEnv('gateway-2'), ['start', 'gateway']),
    ];
    cleanups.push(() => Promise.all(gateways.map((g) => g.stop('SIGKILL'))));
    await Promise.all(gateways.map(started));
    log('two gateways on the shared subscription');

    const self = fileURLToPath(import.meta.url);
    const workers: ChildProcess[] = Array.from({ length: workerCount }, () =>
      fork(self, ['worker'], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    cleanups.push(async () => {
      for (const w of workers) w.kill();
    });
    const ask = <K extends FromWorker['cmd']>(w: ChildProcess, m: ToWorker, reply: K) =>
      new Promise<Extract<FromWorker, { cmd: K }>>((resolve) => {
        const on = (r: FromWorker) => {
          if (r.cmd !== reply) return;
          w.off('message', on);
          resolve(r as Extract<FromWorker, { cmd: K }>);
        };
        w.on('message', on);
        w.send(m);
      });
    const connected = await Promise.all(
      workers.map((w, k) =>
        ask(
          w,
          { cmd: 'connect', url: broker.url, devices: devices.filter((_, i) => i % workerCount === k) },
          'connected',
        ),
      ),
    );
    const connectErrors = connected.reduce((s, c) => s + c.errors, 0);
    log(
      `devices connected to Mosquitto (connect errors ${connectErrors}); publishing ${perSecond}/s each for ${seconds} s`,
    );

    const runStarted = performance.now();
    const running = Promise.all(
      workers.map((w) => ask(w, { cmd: 'run', durationMs: seconds * 1000, perSecond }, 'ran')),
    );
    let killed = 0;
    if (kill) {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
      log(`${Math.round((performance.now() - runStarted) / 1000)} s: gateway-2 SIGKILL (load ${loadavg()})`);
      await gateways[1]!.stop('SIGKILL');
      killed = 1;
      await new Promise((r) => setTimeout(r, 3_000));
      gateways[1] = startColdtraceProcess(gatewayEnv('gateway-2'), ['start', 'gateway']);
      await started(gateways[1]);
      log(`${Math.round((performance.now() - runStarted) / 1000)} s: gateway-2 back`);
    }
    const ran = await running;
    const acked = ran.reduce((s, r) => s + r.acked, 0);
    const published = ran.reduce((s, r) => s + r.published, 0);
    const publishErrors = ran.reduce((s, r) => s + r.errors, 0);
    log(
      `published ${published}, acknowledged by the broker ${acked}, errors ${publishErrors}; waiting for InfluxDB`,
    );

    // landed: until InfluxDB holds every acknowledged reading (or stops growing for 30 s)
    let stored = 0;
    let lastGrowth = performance.now();
    for (;;) {
      const now = await store.countAllReadings();
      if (now !== stored) lastGrowth = performance.now();
      stored = now;
      if (stored >= acked || performance.now() - lastGrowth > 30_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const landedS = (performance.now() - runStarted) / 1000;
    const landedPerS = Math.round(stored / landedS);
    const lost = Math.max(0, acked - stored);
    const doubled = Math.max(0, stored - published);
    log(
      `InfluxDB holds ${stored} after ${landedS.toFixed(1)} s: ${landedPerS}/s landed; lost ${lost}, doubled ${doubled}; ` +
        `PUBACK p50 ${median(ran.map((r) => r.p50Ms))} ms p99 ${Math.max(...ran.map((r) => r.p99Ms))} ms; load ${loadavg()}`,
    );
    await Promise.all(workers.map((w) => ask(w, { cmd: 'disconnect' }, 'disconnected')));
    await cleanup();
    console.log(
      JSON.stringify({
        bench: 'scaled-out',
        gateways: 2,
        devices: deviceCount,
        seconds,
        configuredPerS: deviceCount * perSecond,
        ackedPerS: Math.round(acked / seconds),
        landedPerS,
        acked,
        stored,
        lost,
        doubled,
        connectErrors,
        publishErrors,
        gatewayKills: killed,
        pubackP50Ms: Math.round(median(ran.map((r) => r.p50Ms)) * 10) / 10,
        pubackP99Ms: Math.max(...ran.map((r) => r.p99Ms)),
        loadAvg1m: Math.round(os.loadavg()[0]! * 10) / 10,
      }),
    );
    process.exit(lost === 0 && doubled === 0 ? 0 : 1);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    await cleanup();
    process.exit(2);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
