import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import { testPglite } from '../../../test/support/pglite.js';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/log.js';
import { openReadingsStore, type ReadingsStore } from '../../store/readings/readings-store.js';
import { openAlert } from '../../store/sql/alerts-repo.js';
import { type RecordsStore, recordsStoreOver, sqlDbOf } from '../../store/sql/records-store.js';
import { buildApi } from '../app.js';

const MINUTE_MS = 60_000;

describe.each(['postgres', 'pglite'] as const)(
  'storage units, alerts and device readings on %s',
  (driver) => {
    let h: Harness;
    const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: unknown) =>
      h.app.inject({
        method,
        url,
        payload: payload as object,
        headers: { authorization: `Bearer ${h.keys[role]}` },
      });

    beforeAll(async () => {
      h = await startHarness(driver);
      for (const id of ['F1', 'F2']) {
        await call('admin', 'POST', '/api/v1/devices', {
          id,
          kind: 'storage_sensor',
          loggingIntervalS: 60,
          calibrationValidUntil: '2030-01-01T00:00:00Z',
        });
      }
    });
    afterAll(() => h.close());

    it('reports a freezer in alarm after its alarm delay, and items due soon or overdue (7.7)', async () => {
      const unit = {
        id: 'FRZ-1',
        name: '-80 freezer 1',
        storageMode: 'ultra_low',
        alarmDelayMinutes: 10,
        deviceIds: ['F1'],
        site: 'Shanghai clinic',
      };
      expect((await call('admin', 'POST', '/api/v1/storage-units', unit)).statusCode).toBe(201);
      expect((await call('admin', 'POST', '/api/v1/storage-units', unit)).json().code).toBe(
        'CT_STORAGE_UNIT_EXISTS',
      );
      const now = Date.now();
      // in range for an hour, then warming to -50 °C for the last 20 minutes
      await h.readings.writeReadings(
        minuteReadings('F1', now - 80 * MINUTE_MS, now, (ms) => (ms > now - 20 * MINUTE_MS ? -50 : -78)),
      );
      const day = 86_400_000;
      for (const [id, storedAgoMs, limitDays] of [
        ['I-OK', day, 30],
        ['I-SOON', 28 * day, 30],
        ['I-LATE', 31 * day, 30],
      ] as const) {
        const res = await call('receiver', 'POST', '/api/v1/storage-units/FRZ-1/items', {
          id,
          product: 'CAR-T bag',
          storedAt: new Date(now - storedAgoMs).toISOString(),
          storageLimitDays: limitDays,
        });
        expect(res.statusCode).toBe(201);
      }
      const status = (await call('viewer', 'GET', '/api/v1/storage-units/FRZ-1/status?lang=en')).json();
      expect(status.status).toBe('alarm');
      // the domain's evaluateStorage: the open excursion past the delay, and the overdue item (7.7)
      expect(status.findings).toEqual([
        expect.objectContaining({ code: 'TEMP_OUT_OF_RANGE', deviceId: 'F1' }),
        expect.objectContaining({
          code: 'PRODUCT_EXPIRED',
          details: { kind: 'storage_limit', itemId: 'I-LATE' },
        }),
      ]);
      expect(
        Object.fromEntries(status.items.map((i: { id: string; state: string }) => [i.id, i.state])),
      ).toEqual({
        'I-OK': 'ok',
        'I-SOON': 'due_soon',
        'I-LATE': 'overdue',
      });
      const removed = await call('receiver', 'POST', '/api/v1/storage-units/FRZ-1/items/I-LATE/remove', {
        reason: 'used',
      });
      expect(removed.statusCode).toBe(200);
      const after = (await call('viewer', 'GET', '/api/v1/storage-units/FRZ-1/status')).json();
      expect(after.items.map((i: { id: string }) => i.id)).toEqual(['I-SOON', 'I-OK']);
    });

    it('reports a silent sensor as NO_DATA and a quiet, in-range fridge as ok', async () => {
      await call('admin', 'POST', '/api/v1/storage-units', {
        id: 'FRIDGE-1',
        name: 'fridge',
        storageMode: 'refrigerated',
        alarmDelayMinutes: 0,
        deviceIds: ['F2'],
        site: 'Shanghai clinic',
      });
      const silent = (await call('viewer', 'GET', '/api/v1/storage-units/FRIDGE-1/status')).json();
      expect(silent.findings.map((f: { code: string }) => f.code)).toEqual(['NO_DATA']);
      const now = Date.now();
      await h.readings.writeReadings(minuteReadings('F2', now - 30 * MINUTE_MS, now, () => 5));
      expect((await call('viewer', 'GET', '/api/v1/storage-units/FRIDGE-1/status')).json()).toMatchObject({
        status: 'ok',
        findings: [],
      });
    });

    it('serves a device readings range as JSON and refuses a reversed range', async () => {
      const to = new Date().toISOString();
      const from = new Date(Date.now() - 3600_000).toISOString();
      const res = await call('viewer', 'GET', `/api/v1/devices/F2/readings?from=${from}&to=${to}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().readings.length).toBeGreaterThanOrEqual(30);
      expect(res.json().readings[0]).toMatchObject({ deviceId: 'F2', tempC: 5 });
      const bad = await call('viewer', 'GET', `/api/v1/devices/F2/readings?from=${to}&to=${from}`);
      expect(bad.json().code).toBe('CT_RANGE_INVALID');
      expect(bad.json().localizedMessage).toContain('31');
    });

    it('lets an admin issue and revoke API keys over HTTP', async () => {
      const created = await call('admin', 'POST', '/api/v1/api-keys', { name: 'dock 2', role: 'receiver' });
      expect(created.statusCode).toBe(201);
      const { id, key } = created.json();
      const asNew = { authorization: `Bearer ${key}` };
      expect(
        (await h.app.inject({ url: '/api/v1/storage-units/FRZ-1/status', headers: asNew })).statusCode,
      ).toBe(200);
      expect(
        (await call('viewer', 'POST', '/api/v1/api-keys', { name: 'x', role: 'admin' })).statusCode,
      ).toBe(403);
      const listed = (await call('admin', 'GET', '/api/v1/api-keys')).json();
      expect(JSON.stringify(listed)).not.toContain(key);
      expect(
        (await call('admin', 'POST', `/api/v1/api-keys/${id}/revoke`, { reason: 'lost' })).statusCode,
      ).toBe(200);
      expect(
        (await h.app.inject({ url: '/api/v1/storage-units/FRZ-1/status', headers: asNew })).statusCode,
      ).toBe(401);
    });

    it('lists alerts for QA and acknowledges one with a reason, audited', async () => {
      const alert = await h.records.transaction((tx) =>
        openAlert(tx, {
          episodeKey: 'test:F1:1',
          kind: 'STORAGE_OUT_OF_RANGE',
          findingCode: 'TEMP_OUT_OF_RANGE',
          clause: '7.7',
          severity: 'critical',
          deviceId: 'F1',
          storageUnitId: 'FRZ-1',
          happenedAtMs: Date.now() - 20 * MINUTE_MS,
          detectedAtMs: Date.now() - 10 * MINUTE_MS,
          late: false,
          details: {},
        }),
      );
      const list = (await call('qa', 'GET', '/api/v1/alerts?state=open')).json();
      expect(list.map((a: { id: number }) => a.id)).toContain(alert!.id);
      const noReason = await call('qa', 'POST', `/api/v1/alerts/${alert!.id}/ack`, { reason: ' ' });
      expect(noReason.json().code).toBe('CT_VALIDATION');
      const ack = await call('qa', 'POST', `/api/v1/alerts/${alert!.id}/ack`, {
        reason: 'door closed, product checked',
      });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'qa key' });
      const again = await call('qa', 'POST', `/api/v1/alerts/${alert!.id}/ack`, { reason: 'again' });
      expect(again.json().code).toBe('CT_ALERT_ALREADY_ACKNOWLEDGED');
      expect((await call('qa', 'POST', '/api/v1/alerts/999999/ack', { reason: 'x' })).json().code).toBe(
        'CT_ALERT_NOT_FOUND',
      );
    });
  },
);

describe('protections', () => {
  const config = loadConfig({
    COLDTRACE_INFLUX_URL: 'http://127.0.0.1:9/nowhere',
    COLDTRACE_LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent');
  let records: RecordsStore;
  let readings: ReadingsStore;
  beforeAll(async () => {
    records = recordsStoreOver(await testPglite());
    await records.apiKeys.ensureBootstrapAdmin(ADMIN_KEY);
    readings = await openReadingsStore({ url: config.influxUrl!, logger, ensureSchema: false });
  });
  afterAll(async () => {
    await readings.close();
    await records.close();
  });

  it('limits the body size and the request rate, and says not ready when InfluxDB is unreachable', async () => {
    const app = await buildApi({
      config,
      logger,
      records,
      readings,
      rateLimitPerMinute: 5,
      bodyLimitBytes: 2048,
      webPages: false,
    });
    try {
      const auth = { authorization: `Bearer ${ADMIN_KEY}` };
      const big = await app.inject({
        method: 'POST',
        url: '/api/v1/profiles',
        headers: auth,
        payload: { id: 'x', name: 'x'.repeat(5000) },
      });
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('CT_BODY_TOO_LARGE');
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks).toEqual({ records: true, readings: false });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await app.inject({ url: '/api/v1/shipments/S', headers: auth })).statusCode);
      expect(codes).toEqual([404, 404, 404, 404]);
      const limited = await app.inject({ url: '/api/v1/shipments/S', headers: auth });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('CT_RATE_LIMITED');
    } finally {
      await app.close();
    }
  });

  it('answers 503 CT_READINGS_UNAVAILABLE, not a verdict, when InfluxDB is unreachable', async () => {
    const app = await buildApi({ config, logger, records, readings, webPages: false });
    const actor = { id: 't', name: 't' };
    try {
      await records.profiles.save(
        {
          id: 'p',
          name: 'p',
          storageMode: 'refrigerated',
          maxTransportMinutes: 600,
          containerTypes: ['passive_2_8_box'],
          maxGapMinutes: 5,
        },
        actor,
      );
      await records.devices.create(
        {
          id: 'L9',
          kind: 'shipper_logger',
          loggingIntervalS: 60,
          calibrationValidUntil: '2030-01-01T00:00:00Z',
        },
        'h',
        actor,
      );
      await records.shipments.create(
        {
          id: 'S9',
          profileId: 'p',
          product: { name: 'x', cellType: 'y', batch: 'b', quantity: 1 },
          containerType: 'passive_2_8_box',
          deviceIds: ['L9'],
          manufacturer: { name: 'm', qaEmail: 'qa@m.example' },
          origin: 'a',
          destination: 'b',
        },
        actor,
      );
      await records.shipments.dispatch('S9', Date.now() - 3600_000, actor);
      const res = await app.inject({
        url: '/api/v1/shipments/S9/verdict',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('CT_READINGS_UNAVAILABLE');
    } finally {
      await app.close();
    }
  });

  it('never leaks internals in a 5xx', async () => {
    const app = await buildApi({ config, logger, records, readings, webPages: false });
    try {
      await sqlDbOf(records).exec('DROP TABLE api_keys CASCADE');
      const res = await app.inject({
        url: '/api/v1/shipments/S',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('CT_INTERNAL');
      expect(res.body).not.toMatch(/api_keys|relation|stack|at /);
    } finally {
      await app.close();
    }
  });
});
