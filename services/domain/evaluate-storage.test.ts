import { describe, expect, it } from 'vitest';
import { device, event, HOUR, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import type { StorageUnit } from './contract.js';
import { evaluateStorage, type StorageEvaluationInput } from './evaluate-storage.js';

const DAY = 24 * HOUR;
const NOW = T0 + 6 * HOUR;
const fridge: StorageUnit = {
  id: 'FRIDGE-1',
  name: 'Ward fridge',
  storageMode: 'refrigerated',
  alarmDelayMinutes: 30,
  deviceIds: ['F1'],
  site: 'Ward 3',
};

function storage(overrides: Partial<StorageEvaluationInput> = {}): StorageEvaluationInput {
  return {
    unit: fridge,
    devices: [device('F1', { kind: 'storage_sensor', loggingIntervalS: 60 })],
    items: [],
    readings: series('F1', T0, NOW, 5 * MIN),
    events: [],
    fromMs: T0,
    ...overrides,
  };
}
/** warm for `minutes` from T0 + 2 h (a door opening) */
const warm = (minutes: number) =>
  series('F1', T0, NOW, 5 * MIN, (ts) => (ts >= T0 + 2 * HOUR && ts < T0 + 2 * HOUR + minutes * MIN ? 9 : 5));

describe('evaluateStorage', () => {
  it('is ok for a steady fridge, with stats per sensor', () => {
    const s = evaluateStorage(storage(), NOW);
    expect(s).toMatchObject({ unitId: 'FRIDGE-1', status: 'ok', findings: [], items: [] });
    expect((s.stats.loggers as Record<string, Record<string, unknown>>).F1).toMatchObject({
      count: 73,
      mktC: 5,
    });
  });

  it('tolerates a warm spike shorter than the alarm delay (door opening), alarms on a longer one', () => {
    expect(evaluateStorage(storage({ readings: warm(25) }), NOW).status).toBe('ok');
    const s = evaluateStorage(storage({ readings: warm(30) }), NOW);
    expect(s.status).toBe('alarm');
    expect(s.findings.map((f) => [f.code, f.details?.durationMinutes])).toEqual([['TEMP_OUT_OF_RANGE', 30]]);
  });

  it('a door left open longer than the alarm delay is an exposure; a short opening is not', () => {
    const short = [event('F1', T0 + HOUR, 'door_open'), event('F1', T0 + HOUR + 3 * MIN, 'door_closed')];
    expect(evaluateStorage(storage({ events: short }), NOW).findings).toEqual([]);
    const s = evaluateStorage(storage({ events: [event('F1', T0 + HOUR, 'door_open')] }), NOW);
    expect(s.findings.map((f) => [f.code, f.details?.kind])).toEqual([['EXPOSURE', 'open_unclosed']]);
  });

  it('stored items against their storage limit (7.7): ok, due soon, overdue; removed items are not listed', () => {
    const items = [
      { id: 'I-ok', product: 'CAR-T', storedAtMs: NOW - DAY, storageLimitDays: 30 },
      { id: 'I-soon', product: 'CAR-T', storedAtMs: NOW - 28 * DAY, storageLimitDays: 30 },
      { id: 'I-over', product: 'CAR-T', storedAtMs: NOW - 31 * DAY, storageLimitDays: 30 },
      {
        id: 'I-gone',
        product: 'CAR-T',
        storedAtMs: NOW - 40 * DAY,
        storageLimitDays: 30,
        removedAtMs: NOW - DAY,
      },
    ];
    const s = evaluateStorage(storage({ items }), NOW);
    expect(s.items.map((i) => [i.id, i.state])).toEqual([
      ['I-over', 'overdue'],
      ['I-soon', 'due_soon'],
      ['I-ok', 'ok'],
    ]);
    expect(s.items[0]!.limitAt).toBe(new Date(NOW - DAY).toISOString());
    expect(s.status).toBe('alarm');
    expect(s.findings.map((f) => [f.code, f.clause, f.details?.itemId])).toEqual([
      ['PRODUCT_EXPIRED', '7.7', 'I-over'],
    ]);
    expect(s.findings[0]!.message).toContain('Stored item I-over is past its storage time limit');
  });

  it('an LN2 tank whose level drops under the minimum alarms (COOLANT_LOW)', () => {
    const tank: StorageUnit = { ...fridge, id: 'TANK-1', storageMode: 'ln2_vapor', coolantMinPct: 25 };
    const readings = series('F1', T0, NOW, 5 * MIN, () => -185).map((r, i) => ({
      ...r,
      ln2LevelPct: 40 - i * 0.25,
    }));
    const s = evaluateStorage(storage({ unit: tank, readings }), NOW);
    expect(s.findings.map((f) => f.code)).toEqual(['COOLANT_LOW']);
    expect((s.stats.loggers as Record<string, Record<string, unknown>>).F1!.mktC).toBeNull();
  });

  it('a sensor gone silent alarms (the record stops before now)', () => {
    const s = evaluateStorage(storage({ readings: series('F1', T0, NOW - HOUR, 5 * MIN) }), NOW);
    expect(s.findings.map((f) => [f.code, f.details?.kind])).toEqual([['RECORD_INCOMPLETE', 'end']]);
    expect(evaluateStorage(storage({ readings: [] }), NOW).findings.map((f) => f.code)).toEqual(['NO_DATA']);
  });
});

describe('evaluateStorage at its limits', () => {
  const codes = (s: ReturnType<typeof evaluateStorage>) => s.findings.map((f) => [f.code, f.details?.kind]);

  it('the max gap defaults to three logging intervals of its own sensors, at least 15 minutes', () => {
    const every20 = series('F1', T0, NOW, 20 * MIN);
    // one reading a minute: 15 minutes; 20 minutes apart is a gap
    expect(codes(evaluateStorage(storage({ readings: every20 }), NOW))).toContainEqual(['RECORD_GAP', 'gap']);
    // one reading each 10 minutes: 30 minutes, so 20 is none
    const slow = [device('F1', { kind: 'storage_sensor', loggingIntervalS: 600 })];
    expect(evaluateStorage(storage({ devices: slow, readings: every20 }), NOW).findings).toEqual([]);
    // a slow sensor of another unit does not widen this one's gap
    const other = [...storage().devices, device('X9', { kind: 'storage_sensor', loggingIntervalS: 3600 })];
    expect(codes(evaluateStorage(storage({ devices: other, readings: every20 }), NOW))).toContainEqual([
      'RECORD_GAP',
      'gap',
    ]);
    // the unit's own maxGapMinutes wins
    const stated = { ...fridge, maxGapMinutes: 20 };
    expect(evaluateStorage(storage({ unit: stated, readings: every20 }), NOW).findings).toEqual([]);
  });

  it('a door open exactly the alarm delay is an exposure; a shock always is', () => {
    const door = [event('F1', T0 + HOUR, 'door_open'), event('F1', T0 + HOUR + 30 * MIN, 'door_closed')];
    expect(codes(evaluateStorage(storage({ events: door }), NOW))).toEqual([['EXPOSURE', 'open']]);
    const shock = [event('F1', T0 + HOUR, 'shock')];
    expect(codes(evaluateStorage(storage({ events: shock }), NOW))).toEqual([['EXPOSURE', 'event']]);
  });

  it('an item removed at now is gone; removed later (a record dated ahead) it is still there', () => {
    const item = { id: 'I-1', product: 'CAR-T', storedAtMs: NOW - DAY, storageLimitDays: 30 };
    expect(evaluateStorage(storage({ items: [{ ...item, removedAtMs: NOW }] }), NOW).items).toEqual([]);
    expect(evaluateStorage(storage({ items: [{ ...item, removedAtMs: NOW + 1 }] }), NOW).items).toHaveLength(
      1,
    );
  });

  it('items in the order they were stored, then by id; overdue from the limit to now, critical', () => {
    const at = NOW - 31 * DAY;
    const items = [
      { id: 'B', product: 'CAR-T', storedAtMs: at, storageLimitDays: 30 },
      { id: 'A', product: 'CAR-T', storedAtMs: at, storageLimitDays: 30 },
      { id: 'C', product: 'CAR-T', storedAtMs: at - DAY, storageLimitDays: 60 },
    ];
    const s = evaluateStorage(storage({ items }), NOW);
    expect(s.items.map((i) => i.id)).toEqual(['C', 'A', 'B']);
    expect(s.findings.find((f) => f.details?.itemId === 'A')).toMatchObject({
      severity: 'critical',
      from: new Date(at + 30 * DAY).toISOString(),
      to: new Date(NOW).toISOString(),
    });
  });

  it('a sensor whose calibration ended is CALIBRATION_EXPIRED (10.12); a reading dated ahead is a fault', () => {
    const expired = [
      device('F1', {
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: new Date(NOW - HOUR).toISOString(),
      }),
    ];
    expect(codes(evaluateStorage(storage({ devices: expired }), NOW))).toEqual([
      ['CALIBRATION_EXPIRED', 'expired'],
    ]);
    const ahead = [
      ...series('F1', T0, NOW, 5 * MIN),
      { deviceId: 'F1', tsMs: NOW + 5 * MIN + 1, seq: 999, tempC: 5 },
    ];
    expect(codes(evaluateStorage(storage({ readings: ahead }), NOW))).toEqual([['SENSOR_FAULT', 'future']]);
  });

  it('a window asked from after now starts at now; the status says when it was made', () => {
    const s = evaluateStorage(storage({ fromMs: NOW + HOUR, readings: [] }), NOW);
    expect(s.window).toEqual({ from: new Date(NOW).toISOString(), to: new Date(NOW).toISOString() });
    expect(s.evaluatedAt).toBe(new Date(NOW).toISOString());
  });
});

describe('evaluateStorage: the reader and the clock', () => {
  it('findings in the language and time zone asked for', () => {
    const silent = storage({ readings: series('F1', T0, NOW - HOUR, 5 * MIN) });
    expect(evaluateStorage(silent, NOW, { locale: 'zh-CN' }).findings[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(evaluateStorage(silent, NOW, { timeZone: 'Europe/Berlin' }).findings[0]!.message).toContain(
      'Europe/Berlin',
    );
  });

  it('a reading a minute ahead of now is within the clock allowance, not a fault', () => {
    const ahead = [
      ...series('F1', T0, NOW, 5 * MIN),
      { deviceId: 'F1', tsMs: NOW + MIN, seq: 999, tempC: 5 },
    ];
    expect(evaluateStorage(storage({ readings: ahead }), NOW).findings).toEqual([]);
  });

  it('a power loss of the sensor is reported, whatever the alarm delay', () => {
    const s = evaluateStorage(storage({ events: [event('F1', T0 + HOUR, 'power_loss')] }), NOW);
    expect(s.findings.map((f) => [f.code, f.details?.kind])).toEqual([['SENSOR_FAULT', 'power_loss']]);
  });

  it('items stored at the same time are listed by id', () => {
    const at = NOW - DAY;
    const items = ['A', 'B'].map((id) => ({ id, product: 'CAR-T', storedAtMs: at, storageLimitDays: 30 }));
    expect(evaluateStorage(storage({ items }), NOW).items.map((i) => i.id)).toEqual(['A', 'B']);
  });
});
