import { Worker } from 'node:worker_threads';
import type { DeviceCredentials } from '../mqtt-device.js';
import { type FleetCounters, type MainMessage, type WorkerMessage, zeroCounters } from './types.js';

export interface FleetOptions {
  mqttUrl: string;
  devices: DeviceCredentials[];
  intervalS: number;
  durationS: number;
  /** worker threads; default one per 1,250 devices, at most 4 */
  workers?: number;
  connectConcurrency?: number;
  seed?: number;
  /**
   * Connect from this many loopback source addresses (127.1.x.y), round-robin. A real fleet comes
   * from many sites; the gateway limits connects per address. Only for loopback brokers; default:
   * one address per 250 devices when the broker is on 127.0.0.1, none otherwise.
   */
  sourceAddresses?: number;
  onProgress?: (p: FleetProgress) => void;
}

export interface FleetProgress extends FleetCounters {
  phase: 'connecting' | 'publishing' | 'draining' | 'done';
  elapsedS: number;
  /** acks per second over the last progress interval */
  ratePerS: number;
}

export interface FleetResult extends FleetCounters {
  devices: number;
  configuredPerS: number;
  achievedPerS: number;
  connectS: number;
  durationS: number;
  /** PUBACK latency over every acknowledged publish (1 ms resolution, capped at 10 s) */
  pubackP50Ms: number;
  pubackP99Ms: number;
}

/** The q-quantile of a 1 ms histogram. */
function quantileMs(histogram: number[], q: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= q * total) return ms;
  }
  return histogram.length - 1;
}

const sum = (all: FleetCounters[]): FleetCounters => {
  const total = zeroCounters();
  for (const c of all) for (const k of Object.keys(total) as (keyof FleetCounters)[]) total[k] += c[k];
  return total;
};

/**
 * A load fleet: each device is its own MQTT client with its own credentials (as in the field),
 * spread over worker threads so one event loop does not carry thousands of sockets. All devices
 * connect first; then each publishes one reading every `intervalS` for `durationS`.
 */
/** Loopback source addresses 127.1.x.y for `count` simulated sites. */
export function loopbackSources(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
}

function defaultSources(mqttUrl: string, n: number, asked: number | undefined): string[] | undefined {
  const host = new URL(mqttUrl).hostname;
  const loopback = host === '127.0.0.1' || host === 'localhost';
  const count = asked ?? (loopback && process.platform === 'linux' ? Math.ceil(n / 250) : 0);
  return count > 1 && loopback ? loopbackSources(count) : undefined;
}

export async function runFleet(opts: FleetOptions): Promise<FleetResult> {
  const n = opts.devices.length;
  const sourceAddresses = defaultSources(opts.mqttUrl, n, opts.sourceAddresses);
  const workerCount = Math.max(1, Math.min(opts.workers ?? Math.min(4, Math.ceil(n / 1250)), n));
  const perWorker = Math.ceil(n / workerCount);
  const counters: FleetCounters[] = [];
  const ackHistogram = new Array<number>(10_001).fill(0);
  const wallStart = Date.now();
  let phase: FleetProgress['phase'] = 'connecting';
  let lastAcked = 0;
  let lastAt = Date.now();
  const report = () => {
    const total = sum(counters);
    const now = Date.now();
    const ratePerS = ((total.acked - lastAcked) * 1000) / Math.max(1, now - lastAt);
    lastAcked = total.acked;
    lastAt = now;
    opts.onProgress?.({ ...total, phase, elapsedS: (now - wallStart) / 1000, ratePerS });
  };
  const timer = setInterval(report, 1000);

  const workers = Array.from({ length: workerCount }, (_, i) => {
    counters.push(zeroCounters());
    // the worker is TypeScript: worker-boot.mjs registers tsx in the thread, whatever runs the parent
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: {
        mqttUrl: opts.mqttUrl,
        devices: opts.devices.slice(i * perWorker, (i + 1) * perWorker),
        intervalS: opts.intervalS,
        durationS: opts.durationS,
        connectConcurrency: opts.connectConcurrency ?? 25,
        seed: (opts.seed ?? 1) + i,
        sourceAddresses,
      },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: WorkerMessage) => {
        counters[i] = m.counters;
        if (m.type === 'ready') resolve();
      });
    });
    const done = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type !== 'done') return;
        m.ackHistogram?.forEach((n, ms) => {
          ackHistogram[ms] = (ackHistogram[ms] ?? 0) + n;
        });
        resolve();
      });
    });
    return { worker, ready, done };
  });

  try {
    await Promise.all(workers.map((w) => w.ready));
    const connectS = (Date.now() - wallStart) / 1000;
    phase = 'publishing';
    const startAtMs = Date.now() + 200;
    const publishStart = Date.now();
    for (const w of workers) w.worker.postMessage({ type: 'go', startAtMs } satisfies MainMessage);
    setTimeout(() => (phase = 'draining'), opts.durationS * 1000 + 200).unref();
    await Promise.all(workers.map((w) => w.done));
    phase = 'done';
    report();
    const total = sum(counters);
    const durationS = Math.min((Date.now() - publishStart) / 1000, opts.durationS);
    return {
      ...total,
      devices: n,
      configuredPerS: n / opts.intervalS,
      achievedPerS: total.ackedInWindow / durationS,
      connectS,
      durationS,
      pubackP50Ms: quantileMs(ackHistogram, 0.5),
      pubackP99Ms: quantileMs(ackHistogram, 0.99),
    };
  } finally {
    clearInterval(timer);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}
