import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import type { Reading, StorageUnit } from '../../domain/contract.js';
import { evaluateStorage } from '../../domain/evaluate-storage.js';
import { collectPages } from '../verdict/shipment-record.js';

// GET /storage-units/:id/status?days=N beyond two days judges quiet whole hours from the hourly
// summaries the project keeps in InfluxDB (readings_1h) and every other hour from its points. The
// answer must be the raw record's answer, on real InfluxDB: the same findings as evaluateStorage over
// every stored point, a second call from the kept summaries, and a late reading that makes a summary
// stale read raw again.
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

interface StatusBody {
  status: 'ok' | 'alarm';
  evaluatedAt: string;
  window: { from: string; to: string };
  findings: {
    code: string;
    deviceId?: string;
    from?: string;
    to?: string;
    details?: Record<string, unknown>;
  }[];
  source?: { hours: number; summarized: number; rawHours: number; summariesMade: number };
}

describe('a storage unit over 10 days, from hourly summaries and raw points', () => {
  let h: Harness;
  const now = Date.now();
  const firstMs = now - 10 * DAY_MS;
  const warmFromMs = now - 3 * DAY_MS;
  const gapFromMs = now - 5 * DAY_MS;
  const sensor = {
    id: 'S-LONG',
    kind: 'storage_sensor' as const,
    loggingIntervalS: 60,
    calibrationValidUntil: '2030-01-01T00:00:00Z',
  };
  const unit: StorageUnit = {
    id: 'FRIDGE-LONG',
    name: 'fridge kept 10 days',
    storageMode: 'refrigerated',
    alarmDelayMinutes: 15,
    deviceIds: ['S-LONG'],
    site: 'Shanghai clinic',
  };
  const get = (url: string) =>
    h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${h.keys.viewer}` } });
  const status = async (days: number) => {
    const res = await get(`/api/v1/storage-units/FRIDGE-LONG/status?lang=en&days=${days}`);
    expect(res.statusCode).toBe(200);
    return res.json() as StatusBody;
  };
  /** the domain's answer over every point InfluxDB holds for the sensor, at the status's instant */
  const rawAnswer = async (body: StatusBody) => {
    const atMs = Date.parse(body.evaluatedAt);
    const readings: Reading[] = await collectPages(
      h.readings.readingPagesOf('S-LONG', atMs - 12 * DAY_MS, atMs, { pageSize: 20_000 }),
    );
    return evaluateStorage(
      { unit, devices: [sensor], items: [], readings, events: [], fromMs: readings[0]!.tsMs },
      atMs,
    );
  };

  beforeAll(async () => {
    h = await startHarness('pglite');
    const admin = { authorization: `Bearer ${h.keys.admin}` };
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/v1/devices', payload: sensor, headers: admin }))
        .statusCode,
    ).toBe(201);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/v1/storage-units', payload: unit, headers: admin }))
        .statusCode,
    ).toBe(201);
    const record = minuteReadings('S-LONG', firstMs, now, (ms) =>
      ms >= warmFromMs && ms < warmFromMs + 40 * MINUTE_MS ? 11 : 5 + ((ms / MINUTE_MS) % 3) * 0.1,
    ).filter((r) => r.tsMs < gapFromMs || r.tsMs >= gapFromMs + 3 * HOUR_MS);
    await h.readings.writeReadings(record);
  });
  afterAll(() => h?.close());

  it('finds what the raw record holds, from summaries for the quiet hours, and keeps them for the next call', async () => {
    const first = await status(12);
    const raw = await rawAnswer(first);
    expect(first.findings.map((f) => f.code).sort()).toEqual([
      'RECORD_GAP',
      'RECORD_GAP',
      'TEMP_OUT_OF_RANGE',
    ]);
    expect(first.findings).toEqual(raw.findings);
    expect(first.status).toBe(raw.status);
    expect(first.window).toEqual({ from: raw.window.from, to: raw.window.to });
    // ten days of hours: nearly all of them quiet, summed up on this first call and stored
    expect(first.source!.hours).toBeGreaterThanOrEqual(10 * 24 - 4);
    expect(first.source!.summarized).toBeGreaterThan(200);
    expect(first.source!.summariesMade).toBeGreaterThan(200);

    const second = await status(12);
    expect(second.findings).toEqual((await rawAnswer(second)).findings);
    expect(second.source!.summariesMade).toBe(0);
    expect(second.source!.summarized).toBeGreaterThanOrEqual(first.source!.summarized - 2);
  });

  it('a reading stored late into a summed-up hour makes its summary stale: the hour is read raw again', async () => {
    const before = await status(12);
    // a second, different value at the very millisecond of a reading six days ago (a quiet hour)
    const quietMs = firstMs + Math.round((4 * DAY_MS) / MINUTE_MS) * MINUTE_MS;
    await h.readings.writeReadings([
      { deviceId: 'S-LONG', tsMs: quietMs, seq: 999_999, tempC: 9.1, receivedAtMs: now },
    ]);
    const after = await status(12);
    expect(after.findings.map((f) => f.code)).toContain('RECORD_CONFLICT');
    expect(before.findings.map((f) => f.code)).not.toContain('RECORD_CONFLICT');
    expect(after.findings).toEqual((await rawAnswer(after)).findings);
    // the stale hour was summed up again from its points (and with its conflict is not quiet)
    expect(after.source!.summariesMade).toBeGreaterThanOrEqual(1);
    expect(after.source!.rawHours).toBeGreaterThan(before.source!.rawHours);
  });

  it('refuses a lookback outside 1 to 90 days with CT_VALIDATION', async () => {
    for (const days of ['0', '91', '2.5', 'all']) {
      const res = await get(`/api/v1/storage-units/FRIDGE-LONG/status?days=${days}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CT_VALIDATION' });
    }
  });
});
