import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import type { DeviceEvent, Reading, StorageUnit } from '../../domain/contract.js';
import { evaluateStorage } from '../../domain/evaluate-storage.js';

// GET /storage-units/:id/status is the domain's evaluateStorage (7.7): the status a user sees on the
// board is the one the rules give, door-opening tolerance and coolant included.
const MINUTE_MS = 60_000;

interface StatusBody {
  status: 'ok' | 'alarm';
  evaluatedAt: string;
  findings: {
    code: string;
    deviceId?: string;
    from?: string;
    to?: string;
    details?: Record<string, unknown>;
  }[];
  items: { id: string; storedAt: string; limitAt: string; state: string }[];
}

describe('storage unit status follows evaluateStorage', () => {
  let h: Harness;
  const call = (role: keyof Harness['keys'], method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.keys[role]}` } });
  const status = async (id: string) =>
    (await call('viewer', 'GET', `/api/v1/storage-units/${id}/status?lang=en`)).json() as StatusBody;
  const now = Date.now();
  const sensor = (id: string) => ({
    id,
    kind: 'storage_sensor',
    loggingIntervalS: 60,
    calibrationValidUntil: '2030-01-01T00:00:00Z',
  });
  const unit = (id: string, deviceId: string, extra: Partial<StorageUnit> = {}): StorageUnit => ({
    id,
    name: id,
    storageMode: 'refrigerated',
    alarmDelayMinutes: 15,
    deviceIds: [deviceId],
    site: 'Shanghai clinic',
    ...extra,
  });
  const wobble = (baseC: number) => (ms: number) => baseC + ((ms / MINUTE_MS) % 3) * 0.1;

  beforeAll(async () => {
    h = await startHarness('pglite');
    for (const id of ['S-DOOR', 'S-EARLIER', 'S-TANK']) {
      expect((await call('admin', 'POST', '/api/v1/devices', sensor(id))).statusCode).toBe(201);
    }
  });
  afterAll(() => h?.close());

  it('tolerates a door opening shorter than the alarm delay: warm spike and door event, still ok', async () => {
    await call('admin', 'POST', '/api/v1/storage-units', unit('FRIDGE-DOOR', 'S-DOOR'));
    const spikeFromMs = now - 60 * MINUTE_MS;
    await h.readings.writeReadings(
      minuteReadings('S-DOOR', now - 120 * MINUTE_MS, now, (ms) =>
        ms >= spikeFromMs && ms < spikeFromMs + 10 * MINUTE_MS ? 9.5 : wobble(5)(ms),
      ),
    );
    const events: DeviceEvent[] = [
      { deviceId: 'S-DOOR', tsMs: spikeFromMs, type: 'door_open' },
      { deviceId: 'S-DOOR', tsMs: spikeFromMs + 4 * MINUTE_MS, type: 'door_closed' },
    ];
    await h.readings.writeEvents(events);
    expect(await status('FRIDGE-DOOR')).toMatchObject({ status: 'ok', findings: [] });
  });

  it('a door left open past the delay alarms, and an excursion earlier today stays in the status', async () => {
    await call('admin', 'POST', '/api/v1/storage-units', unit('FRIDGE-EARLIER', 'S-EARLIER'));
    const warmFromMs = now - 180 * MINUTE_MS;
    const readings: Reading[] = minuteReadings('S-EARLIER', now - 240 * MINUTE_MS, now, (ms) =>
      ms >= warmFromMs && ms < warmFromMs + 40 * MINUTE_MS ? 11 : wobble(5)(ms),
    );
    const events: DeviceEvent[] = [{ deviceId: 'S-EARLIER', tsMs: now - 30 * MINUTE_MS, type: 'door_open' }];
    await h.readings.writeReadings(readings);
    await h.readings.writeEvents(events);
    const body = await status('FRIDGE-EARLIER');
    expect(body.status).toBe('alarm');
    expect(body.findings.map((f) => [f.code, f.details?.kind])).toEqual([
      ['TEMP_OUT_OF_RANGE', 'excursion'],
      ['EXPOSURE', 'open_unclosed'],
    ]);
    // the very answer of the domain's evaluateStorage on the same record and the same instant
    const domain = evaluateStorage(
      {
        unit: unit('FRIDGE-EARLIER', 'S-EARLIER'),
        devices: [{ ...sensor('S-EARLIER'), kind: 'storage_sensor' }],
        items: [],
        readings,
        events,
        fromMs: readings[0]!.tsMs,
      },
      Date.parse(body.evaluatedAt),
    );
    expect(body.findings).toEqual(domain.findings);
  });

  it('an LN2 tank under its coolant minimum alarms (COOLANT_LOW); items are ok, due soon or overdue', async () => {
    await call(
      'admin',
      'POST',
      '/api/v1/storage-units',
      unit('TANK-1', 'S-TANK', { storageMode: 'ln2_vapor', coolantMinPct: 25 }),
    );
    await h.readings.writeReadings(
      minuteReadings('S-TANK', now - 90 * MINUTE_MS, now, wobble(-185)).map((r, i) => ({
        ...r,
        ln2LevelPct: 40 - i * 0.25,
      })),
    );
    const day = 86_400_000;
    for (const [id, agoMs] of [
      ['BAG-OK', day],
      ['BAG-SOON', 28 * day],
      ['BAG-LATE', 31 * day],
    ] as const) {
      await call('receiver', 'POST', '/api/v1/storage-units/TANK-1/items', {
        id,
        product: 'CAR-T bag',
        storedAt: new Date(now - agoMs).toISOString(),
        storageLimitDays: 30,
      });
    }
    const body = await status('TANK-1');
    expect(body.status).toBe('alarm');
    expect(body.findings.map((f) => [f.code, f.details?.itemId])).toEqual([
      ['COOLANT_LOW', undefined],
      ['PRODUCT_EXPIRED', 'BAG-LATE'],
    ]);
    expect(body.items.map((i) => [i.id, i.state])).toEqual([
      ['BAG-LATE', 'overdue'],
      ['BAG-SOON', 'due_soon'],
      ['BAG-OK', 'ok'],
    ]);
    expect(body.items[0]!.limitAt).toBe(
      new Date(Date.parse(body.items[0]!.storedAt) + 30 * day).toISOString(),
    );
  });
});
