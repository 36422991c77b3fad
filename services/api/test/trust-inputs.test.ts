import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';
import { openAlert } from '../../store/sql/alerts-repo.js';

/**
 * Issue #12: every time the API takes is bounded (CT_TIME_OUT_OF_RANGE, naming the field), the rate
 * limit reads the key as auth does, alert ids parse strictly, the second verifier is compared as a
 * person, and an optional body may be absent.
 */
const DAY_MS = 86_400_000;
const profile = {
  id: 'p-bounds',
  name: 'bounds 2-8',
  storageMode: 'refrigerated',
  maxTransportMinutes: 24 * 60,
  containerTypes: ['passive_2_8_box'],
  maxGapMinutes: 10,
};
const device = (id: string) => ({
  id,
  kind: 'shipper_logger',
  loggingIntervalS: 60,
  calibrationValidUntil: '2030-01-01T00:00:00Z',
});
const shipment = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  profileId: profile.id,
  product: { name: 'MSC', cellType: 'MSC', batch: `B-${id}`, quantity: 1 },
  containerType: 'passive_2_8_box',
  deviceIds: [`L-${id}`],
  manufacturer: { name: 'CellMaker', qaEmail: 'qa@cellmaker.example' },
  origin: 'plant',
  destination: 'clinic',
  ...extra,
});
const allChecksOk = {
  labelOk: true,
  packagingOk: true,
  appearanceOk: true,
  documentsOk: true,
  quantityOk: true,
};

describe.each(['postgres', 'pglite'] as const)('times and inputs the API takes, on %s', (driver) => {
  let h: Harness;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, key = h.keys.admin) =>
    h.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${key}` } });
  const expectTimeRefused = (res: Awaited<ReturnType<typeof call>>, path: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('CT_TIME_OUT_OF_RANGE');
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(path);
  };

  beforeAll(async () => {
    h = await startHarness(driver);
    expect((await call('POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const id of ['L-BOUNDS', 'L-S-ANCIENT', 'L-S-FAR', 'L-S-NOBODY']) {
      expect((await call('POST', '/api/v1/devices', device(id))).statusCode).toBe(201);
    }
    await call('POST', '/api/v1/storage-units', {
      id: 'U-BOUNDS',
      name: 'fridge',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 5,
      deviceIds: ['L-BOUNDS'],
      site: 'clinic',
    });
  });
  afterAll(() => h.close());

  it('refuses a dispatch dated in the year 1000 or months back, naming the field, and keeps the shipment', async () => {
    expect((await call('POST', '/api/v1/shipments', shipment('S-ANCIENT'))).statusCode).toBe(201);
    expectTimeRefused(
      await call('POST', '/api/v1/shipments/S-ANCIENT/dispatch', { at: '1000-03-01T08:00:00Z' }),
      'at',
    );
    const monthsBack = new Date(Date.now() - 90 * DAY_MS).toISOString();
    expectTimeRefused(await call('POST', '/api/v1/shipments/S-ANCIENT/dispatch', { at: monthsBack }), 'at');
    const zh = await h.app.inject({
      method: 'POST',
      url: '/api/v1/shipments/S-ANCIENT/dispatch?lang=zh-CN',
      payload: { at: '1000-03-01T08:00:00Z' },
      headers: { authorization: `Bearer ${h.keys.admin}` },
    });
    expect(zh.json().localizedMessage).toContain('超出');
    expect(zh.json().localizedMessage).toContain('at');
    expect(zh.json().message).toContain(
      'The time at is outside what can be recorded or be true: it must lie between',
    );
    expect((await call('GET', '/api/v1/shipments/S-ANCIENT')).json().status).toBe('created');
    // a back-dated dispatch inside the bound still works
    const hoursBack = new Date(Date.now() - 3 * 3_600_000).toISOString();
    expect((await call('POST', '/api/v1/shipments/S-ANCIENT/dispatch', { at: hoursBack })).statusCode).toBe(
      200,
    );
  });

  it('refuses a receipt dated before 2000, and expiry / expected arrival beyond what the record holds', async () => {
    expectTimeRefused(
      await call('POST', '/api/v1/shipments/S-ANCIENT/receipt', {
        receivedAt: '0999-01-01T00:00:00Z',
        receiverName: 'A',
        checks: allChecksOk,
      }),
      'receivedAt',
    );
    const far = await call(
      'POST',
      '/api/v1/shipments',
      shipment('S-FAR', { expiresAt: '9999-12-31T00:00:00Z', expectedArrivalAt: '1000-01-01T00:00:00Z' }),
    );
    expectTimeRefused(far, 'expiresAt');
    expectTimeRefused(far, 'expectedArrivalAt');
    expect((await call('GET', '/api/v1/shipments/S-FAR')).statusCode).toBe(404);
  });

  it('refuses a storage item stored in the year 1000 or the future', async () => {
    for (const storedAt of ['1000-01-01T00:00:00Z', new Date(Date.now() + DAY_MS).toISOString()]) {
      expectTimeRefused(
        await call('POST', '/api/v1/storage-units/U-BOUNDS/items', {
          id: `I-${storedAt.slice(0, 4)}`,
          product: 'MSC',
          storedAt,
          storageLimitDays: 30,
        }),
        'storedAt',
      );
    }
  });

  it('answers a query range such as from=9999-12-01 with 400, not 500', async () => {
    const res = await call(
      'GET',
      '/api/v1/devices/L-BOUNDS/readings?from=9999-12-01T00:00:00Z&to=9999-12-02T00:00:00Z',
    );
    expectTimeRefused(res, 'from');
    expectTimeRefused(res, 'to');
  });

  it('takes POST .../dispatch with a JSON content type and no body as "now"', async () => {
    expect((await call('POST', '/api/v1/shipments', shipment('S-NOBODY'))).statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/shipments/S-NOBODY/dispatch',
      headers: { authorization: `Bearer ${h.keys.admin}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Math.abs(Date.parse(res.json().dispatchedAt) - Date.now())).toBeLessThan(60_000);
    // a route that needs its body still says so
    const noBody = await h.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: { authorization: `Bearer ${h.keys.admin}`, 'content-type': 'application/json' },
    });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().code).toBe('CT_VALIDATION');
  });

  it('refuses a second verifier who is the receiver written in another case or spacing (10.6)', async () => {
    const res = await call('POST', '/api/v1/shipments/S-NOBODY/receipt', {
      receiverName: 'Li  Wei',
      verifierName: ' li wei ',
      checks: allChecksOk,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CT_SECOND_VERIFIER_SAME');
  });

  it('parses alert ids strictly: 0x10 does not acknowledge alert 16', async () => {
    let alertId = 0;
    for (let i = 0; alertId < 16; i++) {
      const alert = await h.records.transaction((tx) =>
        openAlert(tx, {
          episodeKey: `bounds:${i}`,
          kind: 'STORAGE_OUT_OF_RANGE',
          findingCode: 'TEMP_OUT_OF_RANGE',
          clause: '7.7',
          severity: 'critical',
          deviceId: 'L-BOUNDS',
          happenedAtMs: Date.now() - 60_000,
          detectedAtMs: Date.now(),
          late: false,
          details: {},
        }),
      );
      alertId = alert!.id;
    }
    for (const id of ['0x10', '1e1', '16.0', '016', '+16']) {
      const res = await call('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, { reason: 'checked' });
      expect(res.statusCode, id).toBe(400);
      expect(res.json().code).toBe('CT_VALIDATION');
    }
    const open = (await call('GET', '/api/v1/alerts?state=open')).json() as { id: number }[];
    expect(open.map((a) => a.id)).toContain(16);
    expect((await call('POST', '/api/v1/alerts/16/ack', { reason: 'checked' })).statusCode).toBe(200);
  });
});
