import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';
import type { Reading, StorageUnit } from '../../domain/contract.js';
import { localDate, localMidnightMs, reportZone } from '../storage/storage-report.js';

// GET /storage-units/:id/report: daily figures over long periods from the hourly summaries kept in
// InfluxDB, checked day by day against the raw points (real InfluxDB). Each figure must be the one
// the raw readings give, a late reading must show, and the days are the site's local days.
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

interface ReportBody {
  timeZone: string;
  days: {
    date: string;
    deviceId: string;
    readings: number;
    minC: number | null;
    maxC: number | null;
    meanC: number | null;
    hours: number;
    hoursOutOfRange: number;
  }[];
  sensors: { deviceId: string; readings: number; minC: number; maxC: number; hoursOutOfRange: number }[];
  source: { sensorDays: number; fromSummaries: number; fromRaw: number; summariesMade: number };
}

describe('storage report from kept hourly summaries', () => {
  let h: Harness;
  const zone = 'Asia/Shanghai';
  const now = Date.now();
  const today = localDate(now, zone);
  const startMs = localMidnightMs(localDate(now - 40 * DAY_MS, zone), zone);
  const warmMs = startMs + 20 * DAY_MS + 10 * HOUR_MS;
  const unit: StorageUnit = {
    id: 'FREEZER-REPORT',
    name: 'freezer with a report',
    storageMode: 'ultra_low',
    alarmDelayMinutes: 15,
    deviceIds: ['S-REP-A', 'S-REP-B'],
    site: 'Shanghai clinic',
  };
  const record: Reading[] = [];
  for (const [k, deviceId] of unit.deviceIds.entries()) {
    let seq = 0;
    for (let ms = startMs + k * MINUTE_MS; ms < now - HOUR_MS; ms += 15 * MINUTE_MS) {
      const warm = deviceId === 'S-REP-A' && ms >= warmMs && ms < warmMs + 2 * HOUR_MS;
      record.push({ deviceId, tsMs: ms, seq: seq++, tempC: warm ? -55 : -80 + ((ms / HOUR_MS) % 5) });
    }
  }
  const get = (query: string) =>
    h.app.inject({
      method: 'GET',
      url: `/api/v1/storage-units/FREEZER-REPORT/report${query}`,
      headers: { authorization: `Bearer ${h.keys.viewer}` },
    });
  const report = async (query: string) => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ReportBody;
  };
  /** per sensor and local day, from the raw readings */
  const rawDays = (readings: readonly Reading[]) => {
    const out = new Map<string, { readings: number; minC: number; maxC: number }>();
    for (const r of readings) {
      const k = `${localDate(r.tsMs, zone)}|${r.deviceId}`;
      const d = out.get(k) ?? { readings: 0, minC: Number.POSITIVE_INFINITY, maxC: Number.NEGATIVE_INFINITY };
      d.readings++;
      d.minC = Math.min(d.minC, r.tempC);
      d.maxC = Math.max(d.maxC, r.tempC);
      out.set(k, d);
    }
    return out;
  };

  beforeAll(async () => {
    h = await startHarness('pglite');
    const admin = { authorization: `Bearer ${h.keys.admin}` };
    for (const id of unit.deviceIds) {
      const device = {
        id,
        kind: 'storage_sensor',
        loggingIntervalS: 900,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/devices',
        payload: device,
        headers: admin,
      });
      expect(res.statusCode).toBe(201);
    }
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/storage-units',
      payload: unit,
      headers: admin,
    });
    expect(res.statusCode).toBe(201);
    await h.readings.writeReadings(record);
  });
  afterAll(() => h?.close());

  it("gives each sensor's local days as the raw readings do, and the second time from the kept summaries", async () => {
    const from = localDate(startMs, zone);
    const first = await report(`?from=${from}&to=${today}`);
    expect(first.timeZone).toBe(zone);
    const want = rawDays(record);
    expect(first.days.map((d) => `${d.date}|${d.deviceId}`)).toEqual([...want.keys()].sort());
    for (const d of first.days) {
      expect({ readings: d.readings, minC: d.minC, maxC: d.maxC }).toEqual(
        want.get(`${d.date}|${d.deviceId}`),
      );
    }
    // a full local day of 15-minute readings: 96 of them in 24 hours
    expect(first.days[1]).toMatchObject({ readings: 96, hours: 24, hoursOutOfRange: 0 });
    const warm = first.days.find((d) => d.date === localDate(warmMs, zone) && d.deviceId === 'S-REP-A')!;
    expect(warm).toMatchObject({ maxC: -55, hoursOutOfRange: 2 });
    expect(first.sensors.find((s) => s.deviceId === 'S-REP-A')).toMatchObject({
      maxC: -55,
      hoursOutOfRange: 2,
    });
    expect(first.sensors.find((s) => s.deviceId === 'S-REP-B')).toMatchObject({ hoursOutOfRange: 0 });
    // never summed up before: every sensor-day read raw once, its summaries kept
    expect(first.source.fromRaw).toBe(first.days.length);

    const second = await report(`?from=${from}&to=${today}`);
    expect(second.days).toEqual(first.days);
    // only today (its last hour still filling) may be read raw again
    expect(second.source.fromRaw).toBe(0);
    expect(second.source.fromSummaries).toBe(first.days.length);
  });

  it('a reading stored late into a summed-up day shows in that day at once', async () => {
    const from = localDate(startMs, zone);
    const lateMs = startMs + 5 * DAY_MS + 7 * MINUTE_MS;
    await h.readings.writeReadings([{ deviceId: 'S-REP-B', tsMs: lateMs, seq: 99_999, tempC: -40 }]);
    const after = await report(`?from=${from}&to=${today}`);
    const day = after.days.find((d) => d.date === localDate(lateMs, zone) && d.deviceId === 'S-REP-B')!;
    expect(day).toMatchObject({ readings: 97, maxC: -40, hoursOutOfRange: 1 });
    expect(after.source.fromRaw).toBe(1);
  });

  it('cuts days in UTC where the site is not a whole number of hours from it', () => {
    expect(reportZone('Asia/Kolkata', now - 400 * DAY_MS, now)).toBe('UTC');
    expect(reportZone('Europe/Berlin', now - 400 * DAY_MS, now)).toBe('Europe/Berlin');
    // a local midnight across a DST change is still midnight there
    expect(new Date(localMidnightMs('2026-03-29', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(localMidnightMs('2026-03-30', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });

  it('refuses days before the record began or past its end with CT_TIME_OUT_OF_RANGE', async () => {
    for (const query of ['?from=1900-01-01&to=1901-01-01', '?from=9999-01-01&to=9999-12-31']) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CT_TIME_OUT_OF_RANGE' });
    }
  });

  it('refuses dates that are not dates, from after to, and more than 16 years', async () => {
    for (const query of [
      '?from=2026-02-30',
      '?from=yesterday',
      `?from=${today}&to=2020-01-01`,
      '?from=2000-01-01&to=2026-12-01',
    ]) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CT_VALIDATION' });
    }
  });
});
