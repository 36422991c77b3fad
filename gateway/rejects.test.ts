import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test/support/gateway-harness.js';
import { waitUntil } from '../test/support/ports.js';
import { readDeadLetters } from './dead-letter.js';

const TS = Date.parse('2026-11-26T06:00:00Z');

interface RejectBody {
  code: string;
  message: string;
  topic: string;
  rejections: { code: string; index?: number; detail?: string }[];
}

describe('gateway: refused payloads are acknowledged, answered on rejects and kept in dead-letter', () => {
  let t: TestGateway;
  let device: MqttClient;
  const answers: RejectBody[] = [];

  beforeAll(async () => {
    t = await startTestGateway();
    device = await t.device('LOG-R');
    device.on('message', (_topic, payload) => answers.push(JSON.parse(payload.toString())));
    await device.subscribeAsync('coldtrace/v1/devices/LOG-R/rejects', { qos: 1 });
  });
  afterAll(() => t?.stop());

  /** publishes, waits for the PUBACK and for the answer on rejects */
  async function refused(kind: string, payload: string | Buffer): Promise<RejectBody> {
    const before = answers.length;
    await device.publishAsync(`coldtrace/v1/devices/LOG-R/${kind}`, payload, { qos: 1 });
    return waitUntil(() => answers[before], 5_000, `an answer on rejects for ${kind}`);
  }

  it.each([
    ['readings', 'not json {', 'CT_PAYLOAD_NOT_JSON'],
    ['readings', '', 'CT_PAYLOAD_EMPTY'],
    ['readings', JSON.stringify({ ts: TS, seq: 1, temp_c: 'cold' }), 'CT_READING_INVALID'],
    ['readings', JSON.stringify({ ts: TS, seq: -1, temp_c: 4 }), 'CT_READING_INVALID'],
    ['readings', JSON.stringify({ ts: TS, seq: 1, temp_c: 4, battery_pct: 140 }), 'CT_READING_INVALID'],
    ['readings', JSON.stringify({ seq: 1, temp_c: 4 }), 'CT_READING_INVALID'],
    [
      'readings',
      JSON.stringify([
        { bn: 'urn:dev:id:LOG-R:', bt: TS / 1000, n: 'temp', u: 'K', v: 277 },
        { n: 'seq', v: 1 },
      ]),
      'CT_SENML_UNIT',
    ],
    [
      'readings',
      JSON.stringify([
        { bn: 'urn:dev:id:OTHER:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4 },
        { n: 'seq', v: 1 },
      ]),
      'CT_SENML_DEVICE_MISMATCH',
    ],
    ['readings', Buffer.alloc(300 * 1024, 32), 'CT_PAYLOAD_TOO_LARGE'],
    ['events', JSON.stringify({ ts: TS, type: 'explosion' }), 'CT_EVENT_INVALID'],
    ['status', 'sleepy', 'CT_STATUS_INVALID'],
    ['telemetry', JSON.stringify({ ts: TS, seq: 1, temp_c: 4 }), 'CT_TOPIC_UNKNOWN'],
  ])('%s %#: answers %s', async (kind, payload, code) => {
    const answer = await refused(kind, payload);
    expect(answer.code).toBe(code);
    expect(answer.topic).toBe(`coldtrace/v1/devices/LOG-R/${kind}`);
    const letters = await readDeadLetters(t.gateway.deadLetterPath);
    const letter = letters.at(-1)!;
    expect(letter.code).toBe(code);
    expect(Buffer.from(letter.payloadBase64, 'base64').equals(Buffer.from(payload))).toBe(true);
    expect(letter.deviceId).toBe('LOG-R');
  });

  it('keeps the good readings of a mixed array and names the bad ones by index', async () => {
    const answer = await refused(
      'readings',
      JSON.stringify([
        { ts: TS + 1000, seq: 10, temp_c: 4.1 },
        { ts: TS + 2000, seq: 11, temp_c: 'x' },
        { ts: TS + 3000, seq: 12, temp_c: 4.3 },
        { ts: TS + 4000, seq: 13, temp_c: 4.4, extra: true },
      ]),
    );
    expect(answer.code).toBe('CT_READING_INVALID');
    expect(answer.rejections.map((r) => r.index)).toEqual([1, 3]);
    await t.gateway.flushed();
    expect((await t.stored('LOG-R')).map((r) => r.seq)).toEqual([10, 12]);
  });

  it('counts rejections by code in the metrics', async () => {
    const text = await t.gateway.metrics.metrics();
    expect(text).toMatch(/coldtrace_ingest_rejected_total\{code="CT_PAYLOAD_NOT_JSON"\} 1/);
    expect(text).toMatch(/coldtrace_ingest_rejected_total\{code="CT_READING_INVALID"\} [5-9]/);
  });

  it('accepts SenML with Cel, a base name, bt/t and seq records', async () => {
    const senml = await t.device('LOG-S');
    await senml.publishAsync(
      'coldtrace/v1/devices/LOG-S/readings',
      JSON.stringify([
        { bn: 'urn:dev:id:LOG-S:', bt: TS / 1000, bu: 'Cel', n: 'temp', v: -152.5 },
        { n: 'seq', v: 7 },
        { n: 'ln2_level', u: '%', v: 81 },
        { n: 'temp', v: -151.25, t: 60 },
        { n: 'seq', v: 8, t: 60 },
      ]),
      { qos: 1 },
    );
    await t.gateway.flushed();
    expect(await t.stored('LOG-S')).toMatchObject([
      { tsMs: TS, seq: 7, tempC: -152.5, ln2LevelPct: 81 },
      { tsMs: TS + 60_000, seq: 8, tempC: -151.25 },
    ]);
  });

  it('stores events and status, and the will on an unclean disconnect', async () => {
    const logger = await t.device('LOG-E', {
      will: {
        topic: 'coldtrace/v1/devices/LOG-E/status',
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    });
    await logger.publishAsync('coldtrace/v1/devices/LOG-E/status', 'online', { qos: 1, retain: true });
    await logger.publishAsync(
      'coldtrace/v1/devices/LOG-E/events',
      JSON.stringify([
        { ts: TS, type: 'lid_open' },
        { ts: TS + 5000, type: 'shock', value: 3.2 },
      ]),
      { qos: 1 },
    );
    logger.stream.destroy(); // no DISCONNECT: the broker publishes the will
    await t.gateway.flushed();
    const events = [];
    for await (const e of t.store.eventsOf('LOG-E', 0, TS + 10_000)) events.push(e);
    expect(events.map((e) => [e.type, e.value])).toEqual([
      ['lid_open', undefined],
      ['shock', 3.2],
    ]);
    expect(t.accepted.events.map((e) => e.type)).toEqual(['lid_open', 'shock']);
    const states = await waitUntil(async () => {
      const rows = await t.influx.client.query<{ state: string }>(
        `SELECT state FROM status WHERE device = 'LOG-E'`,
      );
      return rows.length === 2 ? rows.map((r) => r.state) : undefined;
    });
    expect(states).toEqual(['online', 'offline']);
  });
});
