/**
 * Ingest benchmark: 1,000 devices publishing QoS 1 from separate processes.
 *   1. raw relay: a plain aedes broker, no hooks, no storage (the baseline);
 *   2. single-reading messages through the gateway (auth, ACL, decode, spool fsync, InfluxDB);
 *   3. 100-reading backlog messages through the gateway;
 *   4. the peer: the same single-reading messages through a plain aedes broker into Node-RED 4
 *      (MQTT in -> join 500 / 1 s -> influxdb batch, bench/node-red-peer.ts), which acknowledges on
 *      arrival; landed = readings in InfluxDB, lost = acknowledged and never landed.
 * CPU per landed reading counts every process of the pipeline, from the first publish until the
 * last reading is in InfluxDB: this process (the broker, and the gateway in phase 2), influxd, and
 * Node-RED in phase 4. BENCH_NODE_RED=0 leaves the peer out.
 * The three phases run in turns, several rounds, and the figures are medians, so that the machine's
 * load weighs on the baseline and the gateway alike. Rates through the gateway are readings landed
 * in InfluxDB per second (publish start to the drain being empty). `lost` = acknowledged readings
 * missing from InfluxDB at the end, counted.
 * Usage: npm run bench:ingest   (env: BENCH_ROUNDS, BENCH_PHASE_MS, BENCH_DEVICES, BENCH_WORKERS,
 * BENCH_WINDOW; COLDTRACE_INFLUX_URL=http://host:port to use a running InfluxDB, not a private one)
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { InMemoryDeviceDirectory } from '../gateway/device-directory.js';
import { startGateway } from '../gateway/gateway.js';
import { loadConfig } from '../services/config/config.js';
import { hashDeviceSecret } from '../services/store/device-secrets.js';
import { openReadingsStore } from '../services/store/readings/readings-store.js';
import { type NodeRedPeer, startNodeRedPeer } from './node-red-peer.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const HIST_BUCKET_MS = 0.05;
const HIST_SIZE = 200_000; // up to 10 s

type ToWorker =
  | { cmd: 'connect'; set: string; url: string; ids: string[]; auth: boolean }
  | { cmd: 'run'; set: string; durationMs: number; perMessage: number; window: number }
  | { cmd: 'disconnect' };
type FromWorker =
  | { cmd: 'connected' }
  | {
      cmd: 'ran';
      messages: number;
      readings: number;
      hist: [number, number][];
      errors: number;
      cpuMs: number;
    }
  | { cmd: 'disconnected' };

if (process.argv[2] === 'worker') await worker();
else await main();

// ---------------------------------------------------------------- worker (one publisher process)
async function worker(): Promise<void> {
  const sets = new Map<string, { client: MqttClient; id: string; seq: number }[]>();
  const send = (m: FromWorker) => process.send!(m);
  process.on('message', async (m: ToWorker) => {
    if (m.cmd === 'connect') {
      const clients: { client: MqttClient; id: string; seq: number }[] = [];
      sets.set(m.set, clients);
      const batch = 50;
      for (let i = 0; i < m.ids.length; i += batch) {
        const part = await Promise.all(
          m.ids.slice(i, i + batch).map(
            (id) =>
              new Promise<{ client: MqttClient; id: string; seq: number }>((resolve, reject) => {
                const client = mqtt.connect(m.url, {
                  clientId: `bench-${m.set}-${id}`,
                  reconnectPeriod: 0,
                  connectTimeout: 60_000,
                  ...(m.auth ? { username: id, password: SECRET } : {}),
                });
                client.once('connect', () => {
                  (client.stream as net.Socket).setNoDelay?.(true);
                  resolve({ client, id, seq: 0 });
                });
                client.once('error', reject);
              }),
          ),
        );
        clients.push(...part);
      }
      send({ cmd: 'connected' });
    } else if (m.cmd === 'run') {
      const clients = sets.get(m.set) ?? [];
      const hist = new Uint32Array(HIST_SIZE);
      const cpu0 = process.cpuUsage();
      let messages = 0;
      let readings = 0;
      let errors = 0;
      const end = Date.now() + m.durationMs;
      await Promise.all(
        clients.map(
          (c) =>
            new Promise<void>((resolve) => {
              const topic = `coldtrace/v1/devices/${c.id}/readings`;
              let inflight = 0;
              const next = () => {
                while (inflight < m.window && Date.now() < end) {
                  const payload = build(c, m.perMessage);
                  const started = performance.now();
                  inflight++;
                  c.client.publish(topic, payload, { qos: 1 }, (err) => {
                    inflight--;
                    if (err) errors++;
                    else {
                      messages++;
                      readings += m.perMessage;
                      const b = Math.min(
                        HIST_SIZE - 1,
                        Math.floor((performance.now() - started) / HIST_BUCKET_MS),
                      );
                      hist[b]!++;
                    }
                    if (Date.now() < end) next();
                    else if (inflight === 0) resolve();
                  });
                }
                if (inflight === 0) resolve();
              };
              next();
            }),
        ),
      );
      const sparse: [number, number][] = [];
      hist.forEach((n, i) => {
        if (n > 0) sparse.push([i, n]);
      });
      const cpu = process.cpuUsage(cpu0);
      send({ cmd: 'ran', messages, readings, hist: sparse, errors, cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (m.cmd === 'disconnect') {
      await Promise.all([...sets.values()].flat().map((c) => c.client.endAsync(true)));
      sets.clear();
      send({ cmd: 'disconnected' });
    }
  });
}

function build(c: { seq: number }, n: number): string {
  if (n === 1) {
    const seq = c.seq++;
    return `{"ts":${T0 + seq * 1000},"seq":${seq},"temp_c":${4 + (seq % 30) / 10}}`;
  }
  let s = '[';
  for (let i = 0; i < n; i++) {
    const seq = c.seq++;
    s += `${i ? ',' : ''}{"ts":${T0 + seq * 1000},"seq":${seq},"temp_c":${4 + (seq % 30) / 10},"battery_pct":80}`;
  }
  return `${s}]`;
}

// ---------------------------------------------------------------- parent
interface Phase {
  messages: number;
  readings: number;
  elapsedMs: number;
  hist: Map<number, number>;
  errors: number;
  /** CPU seconds per wall second: publishers, this process (broker + gateway), influxd */
  cpu: { publishers: number; broker: number; influxd: number };
}

async function main(): Promise<void> {
  const phaseMs = Number(process.env.BENCH_PHASE_MS ?? 5_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const deviceCount = Number(process.env.BENCH_DEVICES ?? 1_000);
  const workerCount = Number(process.env.BENCH_WORKERS ?? 2);
  const window = Number(process.env.BENCH_WINDOW ?? 2);
  /** diagnosis only: BENCH_ONLY=single|backlog runs that phase alone (the JSON then lacks the rest) */
  const only = process.env.BENCH_ONLY;
  const log = (s: string) => process.stderr.write(`bench:ingest ${s}\n`);
  // logs to stderr: stdout carries the figures, the JSON line last
  const logger = pino({ name: 'bench', level: 'warn' }, pino.destination(2));
  const loadavg = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');

  const influxBase = process.env.COLDTRACE_INFLUX_URL
    ? new URL(process.env.COLDTRACE_INFLUX_URL).origin
    : execFileSync('bash', ['scripts/influxdb.sh', 'start', path.resolve('.data/bench-influxdb')], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop()!;
  const database = `bench_ingest_${Date.now()}`;
  const store = await openReadingsStore({ url: `${influxBase}/${database}`, logger });
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'coldtrace-bench-'));
  log(`load average ${loadavg()} on ${os.cpus().length} cores`);
  log(
    `InfluxDB ${influxBase}/${database}; ${deviceCount} devices in ${workerCount} publisher processes, ` +
      `QoS 1, ${window} in flight per device; ${rounds} rounds of raw / single / backlog, ${phaseMs} ms each`,
  );

  const self = fileURLToPath(import.meta.url);
  const workers: ChildProcess[] = Array.from({ length: workerCount }, () =>
    fork(self, ['worker'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const ids = Array.from({ length: deviceCount }, (_, i) => `BENCH-${i}`);
  const ask = <T extends FromWorker['cmd']>(w: ChildProcess, m: ToWorker, reply: T) =>
    new Promise<Extract<FromWorker, { cmd: T }>>((resolve) => {
      const on = (r: FromWorker) => {
        if (r.cmd !== reply) return;
        w.off('message', on);
        resolve(r as Extract<FromWorker, { cmd: T }>);
      };
      w.on('message', on);
      w.send(m);
    });
  const connectAll = (set: string, url: string, auth: boolean) =>
    Promise.all(
      workers.map((w, k) =>
        ask(
          w,
          { cmd: 'connect', set, url, ids: ids.filter((_, i) => i % workerCount === k), auth },
          'connected',
        ),
      ),
    );
  const run = async (set: string, perMessage: number): Promise<Phase> => {
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const influx0 = influxdCpuMs();
    const results = await Promise.all(
      workers.map((w) => ask(w, { cmd: 'run', set, durationMs: phaseMs, perMessage, window }, 'ran')),
    );
    const hist = new Map<number, number>();
    for (const r of results) for (const [b, n] of r.hist) hist.set(b, (hist.get(b) ?? 0) + n);
    const wallMs = performance.now() - started;
    const own = process.cpuUsage(cpu0);
    return {
      messages: results.reduce((s, r) => s + r.messages, 0),
      readings: results.reduce((s, r) => s + r.readings, 0),
      errors: results.reduce((s, r) => s + r.errors, 0),
      elapsedMs: wallMs,
      hist,
      cpu: {
        publishers: round(results.reduce((s, r) => s + r.cpuMs, 0) / wallMs, 2),
        broker: round((own.user + own.system) / 1000 / wallMs, 2),
        influxd: round((influxdCpuMs() - influx0) / wallMs, 2),
      },
    };
  };

  // the baseline: a plain aedes broker, no hooks, no storage; up the whole time beside the gateway,
  // and measured in turns with it, so that the machine's load weighs on both alike
  const raw = await Aedes.createBroker();
  const rawServer = net.createServer((socket) => raw.handle(socket.setNoDelay(true)));
  await new Promise<void>((r) => rawServer.listen(0, '127.0.0.1', r));
  await connectAll('raw', `mqtt://127.0.0.1:${(rawServer.address() as net.AddressInfo).port}`, false);

  // the peer: its own plain broker, so that the raw phase feeds nobody
  const withNodeRed = process.env.BENCH_NODE_RED !== '0' && !only;
  const nrBroker = await Aedes.createBroker();
  const nrServer = net.createServer((socket) => nrBroker.handle(socket.setNoDelay(true)));
  await new Promise<void>((r) => nrServer.listen(0, '127.0.0.1', r));
  const nrUrl = `mqtt://127.0.0.1:${(nrServer.address() as net.AddressInfo).port}`;
  const nrDatabase = `${database}_node_red`;
  let peer: NodeRedPeer | undefined;
  if (withNodeRed) {
    peer = await startNodeRedPeer({ brokerUrl: nrUrl, influxBase, database: nrDatabase, log });
    await connectAll('nr', nrUrl, false);
  }
  const countNodeRed = async (): Promise<number> => {
    const q = encodeURIComponent('SELECT count(temp_c) FROM readings');
    const body = (await (await fetch(`${influxBase}/query?db=${nrDatabase}&q=${q}`)).json()) as {
      results: { series?: { values: [string, number][] }[] }[];
    };
    return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
  };
  let nodeRedAcked = 0;
  /** the peer's phase: publishes, then waits until InfluxDB stops growing (Node-RED acked on arrival) */
  const nodeRedLanded = async () => {
    const started = performance.now();
    const before = await countNodeRed();
    const own0 = process.cpuUsage();
    const influx0 = influxdCpuMs();
    const red0 = peer!.cpuMs();
    const phase = await run('nr', 1);
    nodeRedAcked += phase.readings;
    let count = before;
    let landedAt = performance.now();
    for (
      let quiet = performance.now();
      count < before + phase.readings && performance.now() - quiet < 5_000;
    ) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await countNodeRed();
      if (now > count) {
        count = now;
        landedAt = quiet = performance.now();
      }
    }
    const own = process.cpuUsage(own0);
    const cpuMs = (own.user + own.system) / 1000 + (influxdCpuMs() - influx0) + (peer!.cpuMs() - red0);
    const landedReadings = count - before;
    const perS = landedReadings / ((landedAt - started) / 1000);
    const cpuUs = (cpuMs * 1000) / Math.max(1, landedReadings);
    log(
      `  node-red peer: ${phase.readings} readings acked ${Math.round(phase.readings / (phase.elapsedMs / 1000))}/s, ` +
        `landed in InfluxDB ${Math.round(perS)}/s (${phase.readings - landedReadings} never landed); ` +
        `PUBACK p50 ${pct(phase.hist, 0.5)} ms p99 ${pct(phase.hist, 0.99)} ms; ${round(cpuUs, 1)} CPU-us/landed reading`,
    );
    return { perS, cpuUs, landedReadings };
  };

  const directory = new InMemoryDeviceDirectory();
  const hash = await hashDeviceSecret(SECRET);
  for (const id of ids) directory.addHash(id, hash);
  const gateway = await startGateway({
    config: loadConfig({ COLDTRACE_DATA_DIR: dataDir, COLDTRACE_MQTT_PORT: '0' }),
    logger,
    readings: store,
    devices: directory,
    limits: { connectsPerIpPerMinute: 1_000_000 },
    drain: {
      ...(process.env.BENCH_DRAIN_CONCURRENCY
        ? { concurrency: Number(process.env.BENCH_DRAIN_CONCURRENCY) }
        : {}),
      ...(process.env.BENCH_DRAIN_LINGER_MS ? { lingerMs: Number(process.env.BENCH_DRAIN_LINGER_MS) } : {}),
    },
  });
  const t = performance.now();
  await connectAll('gw', `mqtt://127.0.0.1:${gateway.mqttPort}`, true);
  log(`gateway: ${deviceCount} devices authenticated in ${Math.round(performance.now() - t)} ms`);

  /** publishes for a phase, then waits until InfluxDB holds everything: readings landed per second */
  const landed = async (perMessage: number, label: string) => {
    const started = performance.now();
    const own0 = process.cpuUsage();
    const influx0 = influxdCpuMs();
    const phase = await run('gw', perMessage);
    await gateway.flushed();
    const own = process.cpuUsage(own0);
    const cpuMs = (own.user + own.system) / 1000 + (influxdCpuMs() - influx0);
    const perS = phase.readings / ((performance.now() - started) / 1000);
    const cpuUs = (cpuMs * 1000) / Math.max(1, phase.readings);
    log(
      `  ${label}: ${phase.readings} readings acked ${Math.round(phase.readings / (phase.elapsedMs / 1000))}/s, ` +
        `landed in InfluxDB ${Math.round(perS)}/s; PUBACK p50 ${pct(phase.hist, 0.5)} ms p99 ${pct(phase.hist, 0.99)} ms; ` +
        `errors ${phase.errors}; cpu ${JSON.stringify(phase.cpu)}; ${round(cpuUs, 1)} CPU-us/landed reading (gateway + influxd)`,
    );
    return { phase, perS, cpuUs };
  };

  const rawRates: number[] = [];
  const singleRates: number[] = [];
  const backlogRates: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  const singleCpuUs: number[] = [];
  const nodeRedRates: number[] = [];
  const nodeRedCpuUs: number[] = [];
  let acked = 0;
  for (let r = 1; r <= rounds; r++) {
    log(`round ${r}/${rounds} (load average ${loadavg()})`);
    if (only === 'single') {
      const single = await landed(1, 'single readings');
      singleRates.push(single.perS);
      acked += single.phase.readings;
      continue;
    }
    if (only === 'backlog') {
      const backlog = await landed(100, 'backlog of 100');
      backlogRates.push(backlog.perS);
      acked += backlog.phase.readings;
      continue;
    }
    const rawPhase = await run('raw', 1);
    rawRates.push(rawPhase.messages / (rawPhase.elapsedMs / 1000));
    log(
      `  raw relay: ${Math.round(rawRates.at(-1)!)} msg/s; PUBACK p50 ${pct(rawPhase.hist, 0.5)} ms ` +
        `p99 ${pct(rawPhase.hist, 0.99)} ms; cpu ${JSON.stringify(rawPhase.cpu)}; ` +
        `broker ${round((rawPhase.cpu.broker * rawPhase.elapsedMs * 1000) / rawPhase.messages, 1)} CPU-us/msg`,
    );
    const single = await landed(1, 'single readings');
    singleRates.push(single.perS);
    p50s.push(pct(single.phase.hist, 0.5));
    p99s.push(pct(single.phase.hist, 0.99));
    singleCpuUs.push(single.cpuUs);
    const backlog = await landed(100, 'backlog of 100');
    backlogRates.push(backlog.perS);
    acked += single.phase.readings + backlog.phase.readings;
    if (peer) {
      const nr = await nodeRedLanded();
      nodeRedRates.push(nr.perS);
      nodeRedCpuUs.push(nr.cpuUs);
    }
  }

  const writes =
    (await gateway.metrics.getSingleMetric('coldtrace_ingest_influx_write_seconds')?.get())?.values ?? [];
  const writeCount =
    writes.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count'))?.value ?? 0;
  const writeSum =
    writes.find((v) => (v as { metricName?: string }).metricName?.endsWith('_sum'))?.value ?? 0;
  log(
    `InfluxDB writes: ${writeCount}, mean ${round((writeSum / Math.max(1, writeCount)) * 1000, 1)} ms each`,
  );
  const rows = await store.countAllReadings();
  const lost = Math.max(0, acked - rows);
  log(`acknowledged ${acked} readings, InfluxDB holds ${rows}; load average ${loadavg()}`);
  const nodeRedRows = peer ? await countNodeRed() : 0;
  const nodeRedLost = Math.max(0, nodeRedAcked - nodeRedRows);
  if (peer) log(`node-red: acknowledged ${nodeRedAcked} readings, InfluxDB holds ${nodeRedRows}`);

  await Promise.all(workers.map((w) => ask(w, { cmd: 'disconnect' }, 'disconnected')));
  for (const w of workers) w.kill();
  await gateway.close();
  await peer?.stop();
  await new Promise<void>((r) => raw.close(() => r()));
  await new Promise<void>((r) => nrBroker.close(() => r()));
  rawServer.close();
  nrServer.close();
  for (const db of [database, nrDatabase])
    await fetch(`${influxBase}/query?q=${encodeURIComponent(`DROP DATABASE "${db}"`)}`, { method: 'POST' });
  await store.close();
  await fs.promises.rm(dataDir, { recursive: true, force: true });

  const rawRelayMsgPerS = median(rawRates);
  const singleReadingsPerS = median(singleRates);
  log(`medians of ${rounds} rounds follow`);
  console.log(
    JSON.stringify({
      bench: 'ingest',
      rawRelayMsgPerS: round(rawRelayMsgPerS),
      singleReadingsPerS: round(singleReadingsPerS),
      ratioToRaw: round(median(singleRates.map((s, i) => s / rawRates[i]!)), 2),
      backlogReadingsPerS: round(median(backlogRates)),
      pubackP50Ms: median(p50s),
      pubackP99Ms: median(p99s),
      cpuUsPerReading: round(median(singleCpuUs), 1),
      lost,
      ...(peer && {
        nodeRedLandedPerS: round(median(nodeRedRates)),
        nodeRedCpuUsPerReading: round(median(nodeRedCpuUs), 1),
        nodeRedLost,
        ratioToNodeRed: round(median(singleRates.map((s, i) => s / nodeRedRates[i]!)), 2),
        cpuRatioToNodeRed: round(median(singleCpuUs.map((c, i) => c / nodeRedCpuUs[i]!)), 2),
      }),
    }),
  );
  process.exit(0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function round(n: number, d = 0): number {
  return Math.round(n * 10 ** d) / 10 ** d;
}

/** CPU time of the private influxd, when the bench started it (Linux /proc). */
function influxdCpuMs(): number {
  try {
    const pid = fs.readFileSync(path.resolve('.data/bench-influxdb/influxd.pid'), 'utf8').trim();
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function pct(hist: Map<number, number>, q: number): number {
  const total = [...hist.values()].reduce((s, n) => s + n, 0);
  let seen = 0;
  for (const b of [...hist.keys()].sort((x, y) => x - y)) {
    seen += hist.get(b)!;
    if (seen >= q * total) return Math.round((b + 1) * HIST_BUCKET_MS * 100) / 100;
  }
  return 0;
}
