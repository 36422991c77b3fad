import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingPayloadSchema } from '../services/domain/contract.js';
import { connectClient, startBroker, type TestBroker } from '../test/support/broker.js';
import { waitUntil } from '../test/support/ports.js';
import { simulateDevice } from './device.js';
import { MqttDevice } from './mqtt-device.js';
import { StoreAndForward } from './store-forward.js';

let broker: TestBroker;
let watcher: MqttClient;
const received: { topic: string; body: unknown; retain: boolean }[] = [];

beforeAll(async () => {
  broker = await startBroker();
  watcher = await connectClient(broker.url, { clientId: 'watcher' });
  await watcher.subscribeAsync('coldtrace/v1/devices/#', { qos: 1 });
  watcher.on('message', (topic, payload, packet) => {
    const text = payload.toString();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    received.push({ topic, body, retain: packet.retain });
  });
});

afterAll(async () => {
  await watcher.endAsync();
  await broker.close();
});

describe('store-and-forward over MQTT', () => {
  it('keeps readings while offline and sends them as one array with original timestamps', async () => {
    const startMs = Date.now() - 6 * 3600_000;
    const trace = simulateDevice(
      {
        id: 'SF-1',
        kind: 'shipper_logger',
        model: { kind: 'passive_2_8_box' },
        loggingIntervalS: 600,
        timeline: [
          { atMin: 60, online: false },
          { atMin: 180, online: true },
        ],
      },
      { startMs, fromMin: 0, toMin: 240 },
    );
    const device = new MqttDevice(broker.url, { deviceId: 'SF-1', secret: 's3cret-s3cret' });
    for (const item of trace) await device.handle(item);
    await device.disconnect();

    const readingMsgs = await waitUntil(() => {
      const r = received.filter((m) => m.topic === 'coldtrace/v1/devices/SF-1/readings');
      return r.length >= 13 ? r : undefined;
    });
    const backlog = readingMsgs.find((m) => Array.isArray(m.body));
    expect(backlog).toBeDefined();
    const batch = readingPayloadSchema.array().parse(backlog!.body);
    // offline from minute 60 to 180: readings at 60, 70, ... 170 kept, sent on reconnect
    expect(batch.map((r) => r.ts)).toEqual(
      Array.from({ length: 12 }, (_, i) => startMs + (60 + i * 10) * 60_000),
    );
    const all = readingMsgs.flatMap((m) => (Array.isArray(m.body) ? m.body : [m.body]));
    const seqs = readingPayloadSchema
      .array()
      .parse(all)
      .map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i));
    // the connection loss shows as the will, the reconnect as online, the clean stop as offline
    const statuses = received
      .filter((m) => m.topic === 'coldtrace/v1/devices/SF-1/status')
      .map((m) => m.body);
    expect(statuses).toEqual(['online', 'offline', 'online', 'offline']);
  });
});

describe('StoreAndForward', () => {
  it('drains oldest first in arrays of at most maxBatch, and is empty afterwards', () => {
    const sf = new StoreAndForward(2);
    for (let seq = 0; seq < 5; seq++)
      sf.keepReading({ ts: 1_800_000_000_000 + seq * 60_000, seq, temp_c: -190 });
    sf.keepEvent({ ts: 1_800_000_000_000, type: 'tilt' });
    expect(sf.size).toBe(6);
    const { readingBatches, events } = sf.drain();
    expect(readingBatches.map((b) => b.map((r) => r.seq))).toEqual([[0, 1], [2, 3], [4]]);
    expect(events.map((e) => e.type)).toEqual(['tilt']);
    expect(sf.size).toBe(0);
  });
});
