import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';

const D = Date.parse('2026-11-30T00:00:00Z');
const MIN = 60_000;
const STEPS = 25; // every 5 minutes for 2 hours
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const tempAt = (i: number) => 4 + (i % 4) * 0.5;

describe('POST /shipments/:id/logger-files: logger files at the door', () => {
  let h: Harness;
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.keys[role]}` } });
  const upload = (
    shipmentId: string,
    body: string,
    type = 'text/csv',
    query = '',
    role: keyof Harness['keys'] = 'receiver',
  ) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${shipmentId}/logger-files${query}`,
      payload: body,
      headers: { authorization: `Bearer ${h.keys[role]}`, 'content-type': type, 'accept-language': 'en' },
    });

  async function shipment(id: string, deviceIds: string[]) {
    for (const deviceId of deviceIds) {
      await call('admin', 'POST', '/api/v1/devices', {
        id: deviceId,
        kind: 'shipper_logger',
        loggingIntervalS: 300,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      });
    }
    const created = await call('logistics', 'POST', '/api/v1/shipments', {
      id,
      profileId: 'p-files',
      product: { name: 'MSC', cellType: 'MSC', batch: `B-${id}`, quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds,
      manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example' },
      origin: 'Suzhou plant',
      destination: 'Shanghai clinic',
    });
    expect(created.statusCode).toBe(201);
    const dispatched = await call('logistics', 'POST', `/api/v1/shipments/${id}/dispatch`, {
      at: new Date(D).toISOString(),
    });
    expect(dispatched.statusCode).toBe(200);
  }

  const readingsOf = async (shipmentId: string) =>
    (await call('admin', 'GET', `/api/v1/shipments/${shipmentId}/readings`)).json().readings as {
      deviceId: string;
      ts: string;
      seq?: number;
      tempC: number;
    }[];

  beforeAll(async () => {
    h = await startHarness('pglite');
    const profile = await call('admin', 'POST', '/api/v1/profiles', {
      id: 'p-files',
      name: '2-8',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    });
    expect(profile.statusCode).toBe(201);
    await shipment('S-LOCAL', ['L-LOCAL']);
    await shipment('S-UTC', ['L-UTC-1', 'L-UTC-2']);
    await shipment('S-JSON', ['L-JSON']);
    await shipment('S-BAD', ['L-BAD-1', 'L-BAD-2']);
  });
  afterAll(() => h?.close());

  it("a CSV in the logger's local time (zone in the header) lands in UTC, kept verbatim with its SHA-256", async () => {
    const csv = [
      '# Logger export, serial L-LOCAL',
      'No.;Time (Asia/Shanghai);Temperature (°C)',
      ...Array.from(
        { length: STEPS },
        (_, i) => `${i + 1};${shanghai(D + i * 5 * MIN)};${String(tempAt(i)).replace('.', ',')}`,
      ),
      '',
    ].join('\r\n');
    const res = await upload('S-LOCAL', csv, 'text/csv', '?fileName=L-LOCAL.csv');
    expect(res.statusCode).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({
      deviceId: 'L-LOCAL',
      format: 'csv',
      readingsCount: STEPS,
      timeZone: 'Asia/Shanghai',
      firstReadingAt: new Date(D).toISOString(),
      columns: { time: 'Time (Asia/Shanghai)', temp: 'Temperature (°C)', seq: 'No.' },
      sha256: createHash('sha256').update(csv).digest('hex'),
    });
    const original = await call(
      'receiver',
      'GET',
      `/api/v1/shipments/S-LOCAL/logger-files/${rec.id}/original`,
    );
    expect(original.rawPayload.equals(Buffer.from(csv))).toBe(true);
    const rs = await readingsOf('S-LOCAL');
    expect(rs).toHaveLength(STEPS);
    expect(rs[0]).toMatchObject({ deviceId: 'L-LOCAL', ts: new Date(D).toISOString(), seq: 1, tempC: 4 });
    const receipt = await call('receiver', 'POST', '/api/v1/shipments/S-LOCAL/receipt', {
      receivedAt: new Date(D + (STEPS - 1) * 5 * MIN).toISOString(),
      receiverName: 'Li Wei',
      checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
    });
    expect(receipt.statusCode).toBe(201);
    const verdict = receipt.json().verdict;
    expect(verdict.findings).toEqual([]);
    expect(verdict.status).toBe('pass');
    expect(verdict.stats.loggers['L-LOCAL']).toMatchObject({ count: STEPS, minC: 4, maxC: 5.5 });
  });

  it('after the receipt a file is refused: the final verdict never judged it, so it is not kept', async () => {
    const late = `timestamp,temperature\n${new Date(D + 3 * MIN).toISOString()},12\n`;
    const res = await upload('S-LOCAL', late, 'text/csv', '?deviceId=L-LOCAL');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CT_LOGGER_FILE_AFTER_RECEIPT');
    expect(res.json().localizedMessage).toMatch(/nothing was stored/i);
    expect(
      (await call('receiver', 'GET', '/api/v1/shipments/S-LOCAL/logger-files')).json().files,
    ).toHaveLength(1);
    expect((await readingsOf('S-LOCAL')).some((r) => r.tempC === 12)).toBe(false);
  });

  it('a CSV in UTC is attributed to the logger named by deviceId; an upload without one is ambiguous', async () => {
    const csv = [
      'timestamp,temperature',
      ...Array.from({ length: STEPS }, (_, i) => `${new Date(D + i * 5 * MIN).toISOString()},${tempAt(i)}`),
    ].join('\n');
    const unnamed = await upload('S-UTC', csv);
    expect(unnamed.statusCode).toBe(422);
    expect(unnamed.json().code).toBe('CT_LOGGER_FILE_AMBIGUOUS');
    expect(unnamed.json().message).toContain('deviceId= one of L-UTC-1, L-UTC-2');
    const res = await upload('S-UTC', csv, 'text/csv', '?deviceId=L-UTC-2', 'logistics');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ deviceId: 'L-UTC-2', timeZone: 'offset', readingsCount: STEPS });
    const rs = await readingsOf('S-UTC');
    expect(rs.map((r) => r.deviceId)).toEqual(Array(STEPS).fill('L-UTC-2'));
    expect(rs[3]).toMatchObject({ ts: new Date(D + 15 * MIN).toISOString(), tempC: tempAt(3) });
    expect(rs[3]!.seq).toBeUndefined();
    // the same bytes again: 409, nothing added
    const again = await upload('S-UTC', csv, 'text/csv', '?deviceId=L-UTC-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CT_LOGGER_FILE_EXISTS');
  });

  it('a JSON export (coldtrace contract names, deviceId inside) lands and gives a deviation for its excursion', async () => {
    const body = JSON.stringify(
      {
        deviceId: 'L-JSON',
        readings: Array.from({ length: STEPS }, (_, i) => ({
          ts: new Date(D + i * 5 * MIN).toISOString(),
          seq: i,
          temp_c: i >= 10 && i <= 14 ? 11 : tempAt(i),
        })),
      },
      null,
      2,
    );
    const res = await upload('S-JSON', body, 'application/json');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ deviceId: 'L-JSON', format: 'json', readingsCount: STEPS });
    const verdict = (await call('receiver', 'GET', '/api/v1/shipments/S-JSON/verdict')).json();
    expect(verdict.status).toBe('deviation');
    expect(verdict.findings.map((f: { code: string }) => f.code)).toContain('TEMP_OUT_OF_RANGE');
    const files = (await call('receiver', 'GET', '/api/v1/shipments/S-JSON/logger-files')).json().files;
    expect(files).toHaveLength(1);
  });

  const t = (i: number) => new Date(D + i * 5 * MIN).toISOString();
  it.each([
    ['wrong columns', 'when,reading\n2026-11-30T00:00:00Z,4', '', 'CT_LOGGER_FILE_COLUMNS', 'line 1'],
    [
      'a bad time',
      `time,temp_c\n${t(0)},4\n2026-11-31T00:05:00Z,4.5\n${t(2)},5`,
      '',
      'CT_LOGGER_FILE_TIME',
      'line 3, column 1 (time)',
    ],
    [
      'a bad temperature',
      `time,temp_c\n${t(0)},4\n${t(1)},warm`,
      '',
      'CT_LOGGER_FILE_VALUE',
      'line 3, column 2 (temp_c)',
    ],
    [
      'duplicate lines',
      `time,temp_c\n${t(0)},4\n${t(1)},4.5\n${t(1)},4.5`,
      '',
      'CT_LOGGER_FILE_DUPLICATE',
      'line 4, column 1 (time)',
    ],
    [
      'an extra logger',
      `device_id,time,temp_c\nL-BAD-1,${t(0)},4\nL-OTHER,${t(1)},4`,
      '',
      'CT_LOGGER_FILE_DEVICE',
      'line 3, column 1 (device_id)',
    ],
    ['an empty file', '', '', 'CT_LOGGER_FILE_EMPTY', 'line 1'],
    [
      'a local time with no zone',
      'time,temp_c\n2026-11-30 08:00:00,4',
      '?deviceId=L-BAD-1',
      'CT_LOGGER_FILE_AMBIGUOUS',
      'timeZone=',
    ],
    [
      'bad JSON',
      '{"readings": [\n  {"ts": "2026-11-30T00:00:00Z", "temp_c": 4},\n  {"ts": 5, "temp_c": }\n]}',
      '',
      'CT_LOGGER_FILE_COLUMNS',
      'line 3',
    ],
  ])(
    'a file with %s is refused naming where (%s), nothing stored',
    async (_what, body, query, code, where) => {
      const res = await upload(
        'S-BAD',
        body,
        body.startsWith('{') ? 'application/json' : 'text/csv',
        query || '?deviceId=L-BAD-1',
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe(code);
      expect(res.json().message).toContain(where);
      expect(res.json().localizedMessage).toMatch(/nothing was stored/i);
      expect((await call('receiver', 'GET', '/api/v1/shipments/S-BAD/logger-files')).json().files).toEqual(
        [],
      );
      expect(await readingsOf('S-BAD')).toEqual([]);
    },
  );

  it('speaks Chinese when asked, and refuses a viewer', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/shipments/S-BAD/logger-files?deviceId=L-BAD-1',
      payload: 'when,reading\n1,2',
      headers: {
        authorization: `Bearer ${h.keys.receiver}`,
        'content-type': 'text/csv',
        'accept-language': 'zh-CN',
      },
    });
    expect(res.json().localizedMessage).toContain('未保存任何数据');
    const viewer = await upload('S-BAD', 'time,temp_c\n', 'text/csv', '', 'viewer');
    expect(viewer.statusCode).toBe(403);
  });
});
