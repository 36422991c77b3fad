import { encode } from 'cborg';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../gateway/dead-letter.js';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const MIN = 60_000;
/** 31 readings a minute apart, 5 °C with an excursion to 9.5 °C from minute 10 to 14 */
const tempAt = (i: number) => (i >= 10 && i <= 14 ? 9.5 : 5 + (i % 3) * 0.25);
const N = 31;

type Verdict = {
  status: string;
  findings: { code: string; from?: string; to?: string; details?: Record<string, unknown> }[];
  stats: { loggers: Record<string, unknown> };
};

/**
 * Three loggers send the same record three ways over real MQTT: coldtrace's native JSON (with seq),
 * a plain RFC 8428 SenML JSON pack (no seq) and the same pack as SenML CBOR. The three shipments get
 * the same verdict at receipt.
 */
describe('SenML JSON and CBOR over MQTT give the verdict the native format gives', () => {
  let sys: TestSystem;
  const clients: MqttClient[] = [];
  const startMs = Math.floor((Date.now() - 2 * 60 * MIN) / MIN) * MIN;

  beforeAll(async () => {
    sys = await startTestSystem({ records: 'pglite' });
    const profile = await sys.api('POST', '/api/v1/profiles', {
      id: 'p-senml',
      name: '2-8',
      storageMode: 'refrigerated',
      maxTransportMinutes: 600,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 5,
    });
    expect(profile.status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await sys?.stop();
  });

  async function shipmentWith(deviceId: string): Promise<MqttClient> {
    const secret = await sys.registerLogger(deviceId);
    const created = await sys.api('POST', '/api/v1/shipments', {
      id: `S-${deviceId}`,
      profileId: 'p-senml',
      product: { name: 'MSC', cellType: 'MSC', batch: 'B-1', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: [deviceId],
      manufacturer: { name: 'M', qaEmail: 'qa@m.example' },
      origin: 'A',
      destination: 'B',
    });
    expect(created.status).toBe(201);
    const dispatched = await sys.api('POST', `/api/v1/shipments/S-${deviceId}/dispatch`, {
      at: new Date(startMs).toISOString(),
    });
    expect(dispatched.status).toBe(200);
    const client = await connectClient(sys.mqttUrl, {
      username: deviceId,
      password: secret,
      clientId: deviceId,
    });
    clients.push(client);
    return client;
  }

  async function finalVerdict(deviceId: string): Promise<Verdict> {
    await waitUntil(
      async () => (await sys.system.readings.countReadings(deviceId, startMs, startMs + N * MIN)) === N,
      15_000,
      `the ${N} readings of ${deviceId} in InfluxDB`,
    );
    const receipt = await sys.api('POST', `/api/v1/shipments/S-${deviceId}/receipt`, {
      receivedAt: new Date(startMs + (N - 1) * MIN).toISOString(),
      receiverName: 'Li Wei',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    expect(receipt.status).toBe(201);
    return (receipt.json as { verdict: Verdict }).verdict;
  }

  const senmlPack = (deviceId: string) => [
    { bn: `urn:dev:id:${deviceId}:`, bt: startMs / 1000, n: 'temp', u: 'Cel', v: tempAt(0) },
    ...Array.from({ length: N - 1 }, (_, k) => ({ n: 'temp', u: 'Cel', v: tempAt(k + 1), t: (k + 1) * 60 })),
  ];
  /** RFC 8428 §6 labels: bn -2, bt -3, n 0, u 1, v 2, t 6 */
  const LABEL: Record<string, number> = { bn: -2, bt: -3, n: 0, u: 1, v: 2, t: 6 };
  const asCbor = (pack: Record<string, unknown>[]) =>
    Buffer.from(encode(pack.map((r) => new Map(Object.entries(r).map(([k, v]) => [LABEL[k]!, v])))));

  it('native, SenML JSON without seq and SenML CBOR land and are judged alike', async () => {
    const native = await shipmentWith('NAT-1');
    await native.publishAsync(
      'coldtrace/v1/devices/NAT-1/readings',
      JSON.stringify(
        Array.from({ length: N }, (_, i) => ({ ts: startMs + i * MIN, seq: i, temp_c: tempAt(i) })),
      ),
      { qos: 1 },
    );
    const json = await shipmentWith('SJ-1');
    await json.publishAsync('coldtrace/v1/devices/SJ-1/readings', JSON.stringify(senmlPack('SJ-1')), {
      qos: 1,
    });
    const cbor = await shipmentWith('SC-1');
    await cbor.publishAsync('coldtrace/v1/devices/SC-1/readings', asCbor(senmlPack('SC-1')), { qos: 1 });

    const [a, b, c] = [await finalVerdict('NAT-1'), await finalVerdict('SJ-1'), await finalVerdict('SC-1')];
    expect(a.status).toBe('deviation');
    expect(a.findings.map((f) => f.code)).toContain('TEMP_OUT_OF_RANGE');
    const same = (v: Verdict, id: string) => ({
      status: v.status,
      findings: v.findings.map(({ code, from, to, details }) => ({ code, from, to, details })),
      // the receive time differs by the milliseconds between the publishes; everything else is the same
      stats: { ...(v.stats.loggers[id] as object), clockOffsetMs: undefined },
    });
    expect(same(b, 'SJ-1')).toEqual(same(a, 'NAT-1'));
    expect(same(c, 'SC-1')).toEqual(same(a, 'NAT-1'));

    const stored = await sys.api(
      'GET',
      `/api/v1/devices/SC-1/readings?from=${new Date(startMs).toISOString()}&to=${new Date(startMs + N * MIN).toISOString()}`,
    );
    const readings = (stored.json as { readings: { seq?: number; tempC: number }[] }).readings;
    expect(readings).toHaveLength(N);
    expect(readings.every((r) => r.seq === undefined)).toBe(true);
  });

  it('a malformed CBOR pack is answered on rejects with CT_SENML_CBOR_INVALID and kept in dead-letter', async () => {
    const secret = await sys.registerLogger('SC-BAD');
    const client = await connectClient(sys.mqttUrl, {
      username: 'SC-BAD',
      password: secret,
      clientId: 'SC-BAD',
    });
    clients.push(client);
    const answers: { code: string; topic: string }[] = [];
    client.on('message', (_t, payload) => answers.push(JSON.parse(payload.toString())));
    await client.subscribeAsync('coldtrace/v1/devices/SC-BAD/rejects', { qos: 1 });
    const whole = asCbor(senmlPack('SC-BAD'));
    const torn = whole.subarray(0, whole.length - 5);
    await client.publishAsync('coldtrace/v1/devices/SC-BAD/readings', torn, { qos: 1 });
    const answer = await waitUntil(() => answers[0], 10_000, 'an answer on rejects');
    expect(answer).toMatchObject({
      code: 'CT_SENML_CBOR_INVALID',
      topic: 'coldtrace/v1/devices/SC-BAD/readings',
    });
    const letters = await readDeadLetters(sys.system.gateway!.deadLetterPath);
    const letter = letters.find((l) => l.deviceId === 'SC-BAD')!;
    expect(letter.code).toBe('CT_SENML_CBOR_INVALID');
    expect(Buffer.from(letter.payloadBase64, 'base64').equals(torn)).toBe(true);
  });
});
