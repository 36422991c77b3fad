import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type IClientOptions, MqttClient } from 'mqtt';
import { createPrng } from '../prng.js';
import { deviceTopic } from '../topics.js';
import {
  type FleetCounters,
  type MainMessage,
  type WorkerData,
  type WorkerMessage,
  zeroCounters,
} from './types.js';

/**
 * One fleet worker thread: a share of the devices, each with its own MQTT connection and
 * credentials, publishing one reading (QoS 1) every interval at its own phase.
 */
const data = workerData as WorkerData;
const port = parentPort!;
const counters: FleetCounters = zeroCounters();
const prng = createPrng(data.seed);
const clients: MqttClient[] = [];
const intervalMs = data.intervalS * 1000;
/** PUBACK latency, 1 ms buckets; the last bucket holds everything from 10 s */
const ackHistogram = new Array<number>(10_001).fill(0);
let stopping = false;

const post = (message: WorkerMessage) => port.postMessage(message);

const target = new URL(data.mqttUrl);

/**
 * A device's client; with a source address it connects from there (a fleet spread over sites, so
 * that per-address connect limits see many addresses, as in the field).
 */
function createClient(opts: IClientOptions, localAddress: string | undefined): MqttClient {
  if (!localAddress || target.protocol !== 'mqtt:') return mqtt.connect(data.mqttUrl, opts);
  const port = Number(target.port || 1883);
  const host = target.hostname;
  return new MqttClient(() => net.createConnection({ port, host, localAddress }), opts);
}

function connectOne(
  deviceId: string,
  secret: string | undefined,
  localAddress?: string,
): Promise<MqttClient | undefined> {
  return new Promise((resolve) => {
    const client = createClient(
      {
        clientId: deviceId,
        username: deviceId,
        password: secret,
        clean: true,
        keepalive: 120,
        reconnectPeriod: 2_000,
        connectTimeout: 30_000,
        will: {
          topic: deviceTopic(deviceId, 'status'),
          payload: Buffer.from('offline'),
          qos: 1,
          retain: true,
        },
      },
      localAddress,
    );
    let first = true;
    client.on('connect', () => {
      if (first) {
        first = false;
        counters.connected++;
        client.publish(deviceTopic(deviceId, 'status'), 'online', { qos: 1, retain: true });
        resolve(client);
      } else counters.reconnects++;
    });
    client.on('error', () => {
      if (first) {
        first = false;
        counters.connectErrors++;
        client.end(true);
        resolve(undefined);
      }
    });
  });
}

async function connectAll(): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, data.connectConcurrency) }, async () => {
    while (next < data.devices.length) {
      const i = next++;
      const d = data.devices[i]!;
      const source = data.sourceAddresses?.[i % data.sourceAddresses.length];
      const client = await connectOne(d.deviceId, d.secret, source);
      if (client) clients.push(client);
    }
  });
  await Promise.all(lanes);
}

function startPublishing(startAtMs: number): Promise<void> {
  const endAtMs = startAtMs + data.durationS * 1000;
  setTimeout(() => {
    counters.ackedInWindow = counters.acked;
  }, endAtMs - Date.now());
  const done: Promise<void>[] = clients.map((client) => {
    const deviceId = client.options.clientId!;
    const topic = deviceTopic(deviceId, 'readings');
    const phaseMs = prng.next() * intervalMs;
    let seq = 0;
    let tempC = -190 + prng.gaussian(1);
    return new Promise<void>((resolve) => {
      const tick = () => {
        const dueMs = startAtMs + phaseMs + seq * intervalMs;
        if (stopping || dueMs >= endAtMs) return resolve();
        tempC += prng.gaussian(0.05);
        const payload = JSON.stringify({
          ts: Date.now(),
          seq,
          temp_c: Math.round(tempC * 10) / 10,
          battery_pct: 90,
        });
        seq++;
        counters.sent++;
        const sentAt = performance.now();
        client.publish(topic, payload, { qos: 1 }, (err) => {
          if (err) counters.errors++;
          else {
            counters.acked++;
            const ms = Math.min(10_000, Math.round(performance.now() - sentAt));
            ackHistogram[ms] = (ackHistogram[ms] ?? 0) + 1;
          }
        });
        setTimeout(tick, Math.max(0, startAtMs + phaseMs + seq * intervalMs - Date.now()));
      };
      setTimeout(tick, Math.max(0, startAtMs + phaseMs - Date.now()));
    });
  });
  return Promise.all(done).then(() => {});
}

async function drainAndClose(): Promise<void> {
  // give the last PUBACKs a moment to come back
  const deadline = Date.now() + 10_000;
  while (counters.acked + counters.errors < counters.sent && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (!c.connected) return c.end(true, {}, () => resolve());
          c.publish(deviceTopic(c.options.clientId!, 'status'), 'offline', { qos: 0, retain: true }, () =>
            c.end(false, {}, () => resolve()),
          );
        }),
    ),
  );
}

const progress = setInterval(() => post({ type: 'progress', counters }), 500);

port.on('message', async (message: MainMessage) => {
  if (message.type === 'stop') stopping = true;
  if (message.type !== 'go') return;
  await startPublishing(message.startAtMs);
  await drainAndClose();
  clearInterval(progress);
  post({ type: 'done', counters, ackHistogram });
});

await connectAll();
post({ type: 'ready', counters });
