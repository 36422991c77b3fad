import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import type { Finding, Reading, Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

/** Issue #13: each case where a product that must be refused passed, or a finding was untrue. */
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const base = () => series('L1', T0, END, 5 * MIN);
const withReadings = (extra: Reading[], readings: Reading[] = base()) =>
  input({ readings: [...readings, ...extra] });

describe('case 5: conflicting duplicates (same device and time, different values)', () => {
  it('judges the worst value and reports RECORD_CONFLICT with the values', () => {
    const at = T0 + HOUR;
    const v = evaluateShipment(withReadings([{ deviceId: 'L1', tsMs: at, seq: 12, tempC: 9.5 }]), LATER);
    expect(v.status).toBe('deviation');
    const range = only(v, 'TEMP_OUT_OF_RANGE');
    expect(range).toHaveLength(1);
    expect(range[0]!.details).toMatchObject({ peakC: 9.5 });
    const conflicts = only(v, 'RECORD_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      clause: '8.1.5',
      severity: 'major',
      deviceId: 'L1',
      from: new Date(at).toISOString(),
      to: new Date(at).toISOString(),
    });
    expect(conflicts[0]!.details).toMatchObject({ count: 1, valuesC: '5, 9.5', worstC: 9.5 });
    expect(conflicts[0]!.message).toContain('9.5');
    // the held value for that time is the worst: stats see it
    expect((v.stats.loggers as Record<string, Record<string, unknown>>).L1!.maxC).toBe(9.5);
  });

  it('takes the colder value when that is the worst one (below range)', () => {
    const v = evaluateShipment(
      withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 1.2 }]),
      LATER,
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ peakC: 1.2 });
    expect(only(v, 'RECORD_CONFLICT')).toHaveLength(1);
  });

  it('a conflict of in-range values is still reported, judged by the value nearer a limit', () => {
    const v = evaluateShipment(
      withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 7.5 }]),
      LATER,
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')).toEqual([]);
    expect(only(v, 'RECORD_CONFLICT')[0]!.details).toMatchObject({ valuesC: '5, 7.5', worstC: 7.5 });
    expect(v.status).toBe('deviation');
  });

  it('an identical re-sent reading stays silent', () => {
    const v = evaluateShipment(withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 5 }]), LATER);
    expect(v.findings).toEqual([]);
    expect(v.status).toBe('pass');
  });

  it('conflicting coolant levels count the lowest', () => {
    const readings = series('L1', T0, END, 5 * MIN).map((r) => ({ ...r, ln2LevelPct: 80 }));
    const v = evaluateShipment(
      input({
        profile: { ...input().profile, coolantMinPct: 50 },
        readings: [...readings, { deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 5, ln2LevelPct: 40 }],
      }),
      LATER,
    );
    expect(only(v, 'COOLANT_LOW')).toHaveLength(1);
    expect(only(v, 'RECORD_CONFLICT')).toHaveLength(1);
  });
});

const tol = (tolerance: NonNullable<ReturnType<typeof input>['profile']['tolerance']>) => ({
  ...input().profile,
  tolerance,
});
const statsOf = (v: Verdict) => (v.stats.loggers as Record<string, Record<string, unknown>>).L1!;
/** readings every `stepMin` over the window, temperature from `temp` (default 5 °C) */
const record = (temp: (ts: number) => number = () => 5, stepMin = 5) =>
  series('L1', T0, END, stepMin * MIN, (ts) => temp(ts));

describe('case 1: arriving out of range is a deviation, whatever the delay or budget', () => {
  it('alarm delay 30 min, the last 20 min at 12 °C up to the receipt', () => {
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 30 }),
        readings: record((ts) => (ts >= END - 20 * MIN ? 12 : 5)),
      }),
      LATER,
    );
    expect(v.status).toBe('deviation');
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ kind: 'excursion_open', open: true });
  });

  it('single budget 60 min, the last 45 min at 12 °C up to the receipt', () => {
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 0, maxSingleExcursionMinutes: 60 }),
        readings: record((ts) => (ts >= END - 45 * MIN ? 12 : 5)),
      }),
      LATER,
    );
    expect(v.status).toBe('deviation');
  });

  it('cumulative budget only, still out at the door', () => {
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 0, maxCumulativeExcursionMinutes: 120 }),
        readings: record((ts) => (ts >= END - 10 * MIN ? 12 : 5)),
      }),
      LATER,
    );
    expect(v.status).toBe('deviation');
  });

  it('while in transit the delay still applies (provisional, not at the door)', () => {
    const now = T0 + 2 * HOUR;
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 30 }),
        receivedAtMs: undefined,
        receiptChecks: undefined,
        readings: series('L1', T0, now, 5 * MIN, (ts) => (ts >= now - 20 * MIN ? 12 : 5)),
      }),
      now,
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')).toEqual([]);
  });
});

describe('case 2: a required check with no evidence is never a pass', () => {
  const ln2 = () => ({ ...input().profile, coolantMinPct: 30 });
  it('coolant watched, loggers never report a level: the final verdict deviates, coolant check fails', () => {
    const v = evaluateShipment(input({ profile: ln2() }), LATER);
    expect(v.checks.find((c) => c.id === 'coolant_level')!.status).toBe('fail');
    expect(only(v, 'COOLANT_LOW')[0]!.details).toMatchObject({ kind: 'unverified' });
    expect(v.status).toBe('deviation');
  });

  it('a single level reported at dispatch is no evidence of the level at the door', () => {
    const readings = record();
    readings[0] = { ...readings[0]!, ln2LevelPct: 90 };
    const v = evaluateShipment(input({ profile: ln2(), readings }), LATER);
    expect(v.status).toBe('deviation');
  });

  it('a level at the door, or the receiver recording the level normal, is evidence', () => {
    const readings = record();
    readings[readings.length - 1] = { ...readings[readings.length - 1]!, ln2LevelPct: 90 };
    expect(evaluateShipment(input({ profile: ln2(), readings }), LATER).status).toBe('pass');
    const checks = { ...input().receiptChecks!, coolantOk: true };
    const v = evaluateShipment(input({ profile: ln2(), receiptChecks: checks }), LATER);
    expect(v.status).toBe('pass');
    expect(v.checks.find((c) => c.id === 'coolant_level')!.status).toBe('pass');
    const bad = evaluateShipment(
      input({ profile: ln2(), receiptChecks: { ...checks, coolantOk: false } }),
      LATER,
    );
    expect(bad.status).toBe('deviation');
    expect(only(bad, 'RECEIPT_CHECK_FAILED')[0]).toMatchObject({
      clause: '8.1.4',
      details: { check: 'coolantOk' },
    });
  });

  it('in transit the coolant check without evidence is pending, not passed', () => {
    const v = evaluateShipment(
      input({ profile: ln2(), receivedAtMs: undefined, receiptChecks: undefined }),
      END,
    );
    expect(v.checks.find((c) => c.id === 'coolant_level')!.status).toBe('pending');
  });

  it('stateOk not answered for a declared state: the final verdict deviates', () => {
    const ship = { ...input().shipment, product: { ...input().shipment.product, state: 'frozen' as const } };
    const v = evaluateShipment(input({ shipment: ship }), LATER);
    expect(v.checks.find((c) => c.id === 'receipt.stateOk')!.status).toBe('fail');
    expect(only(v, 'RECEIPT_CHECK_FAILED')[0]!.details).toMatchObject({
      check: 'stateOk',
      kind: 'unverified',
    });
    expect(v.status).toBe('deviation');
    const ok = evaluateShipment(
      input({ shipment: ship, receiptChecks: { ...input().receiptChecks!, stateOk: true } }),
      LATER,
    );
    expect(ok.status).toBe('pass');
  });
});

describe('case 3: one good reading does not reset the alarm delay', () => {
  it('12 °C with one 7.9 °C reading every 30 min, delay 30 min: deviation', () => {
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 30 }),
        readings: record((ts) => ((ts - T0) % (30 * MIN) === 25 * MIN ? 7.9 : ts === T0 ? 5 : 12)),
      }),
      LATER,
    );
    expect(v.status).toBe('deviation');
    const f = only(v, 'TEMP_OUT_OF_RANGE');
    expect(f).toHaveLength(1);
    expect(f[0]!.details!.outOfRangeMinutes as number).toBeGreaterThan(180);
  });

  it('two short excursions separated by more than the delay stay two tolerated excursions', () => {
    const v = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 30 }),
        readings: record((ts) =>
          (ts >= T0 + HOUR && ts < T0 + HOUR + 20 * MIN) ||
          (ts >= T0 + 2 * HOUR && ts < T0 + 2 * HOUR + 20 * MIN)
            ? 12
            : 5,
        ),
      }),
      LATER,
    );
    expect(v.status).toBe('pass');
  });
});

describe('case 4: contradictory tolerance is refused', () => {
  it('an alarm delay longer than the single-excursion budget is refused, naming both', async () => {
    const { toleranceSchema } = await import('./contract.js');
    const r = toleranceSchema.safeParse({ alarmDelayMinutes: 30, maxSingleExcursionMinutes: 10 });
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues);
    expect(text).toContain('alarmDelayMinutes');
    expect(text).toContain('maxSingleExcursionMinutes');
    expect(
      toleranceSchema.safeParse({ alarmDelayMinutes: 30, maxCumulativeExcursionMinutes: 10 }).success,
    ).toBe(false);
    expect(
      toleranceSchema.safeParse({ maxSingleExcursionMinutes: 60, maxCumulativeExcursionMinutes: 30 }).success,
    ).toBe(false);
    expect(toleranceSchema.safeParse({ hardMinC: 5, hardMaxC: 4 }).success).toBe(false);
    expect(
      toleranceSchema.safeParse({
        alarmDelayMinutes: 10,
        maxSingleExcursionMinutes: 10,
        maxCumulativeExcursionMinutes: 30,
      }).success,
    ).toBe(true);
  });
});

describe('case 6: two readings with the same time and consecutive seq', () => {
  it('both count and no seq hole is reported', () => {
    const readings = record().map((r) => ({ ...r, seq: (r.seq ?? 0) + (r.tsMs > T0 + HOUR ? 1 : 0) }));
    readings.push({ deviceId: 'L1', tsMs: T0 + HOUR, seq: 13, tempC: 5 });
    const v = evaluateShipment(input({ readings }), LATER);
    expect(v.findings).toEqual([]);
    const hot = [...record().map((r) => ({ ...r, seq: (r.seq ?? 0) + (r.tsMs > T0 + HOUR ? 1 : 0) }))];
    hot.push({ deviceId: 'L1', tsMs: T0 + HOUR, seq: 13, tempC: 9 });
    const w = evaluateShipment(input({ readings: hot }), LATER);
    expect(only(w, 'RECORD_GAP')).toEqual([]);
    expect(only(w, 'TEMP_OUT_OF_RANGE')).toHaveLength(1);
  });
});

describe('case 7: stats and findings come from the same held values', () => {
  it('a reading held into the window from before dispatch shows in the stats', () => {
    const readings = [
      { deviceId: 'L1', tsMs: T0 - 5 * MIN, seq: 0, tempC: 9 },
      ...series('L1', T0 + 5 * MIN, END, 5 * MIN, () => 5, 1),
    ];
    const v = evaluateShipment(input({ readings }), LATER);
    const f = only(v, 'TEMP_OUT_OF_RANGE')[0]!;
    expect(f.details!.peakC).toBe(9);
    const s = statsOf(v);
    expect(s.maxC).toBeGreaterThanOrEqual(f.details!.peakC as number);
    expect(s.minutesOutOfRange).toBe(5);
  });
});

describe('case 8: MKT and mean are time-weighted under sample and hold', () => {
  it('1 h at 5 °C every 5 min plus 1 h at 25 °C every minute is 19.70 °C', () => {
    const h2 = T0 + 2 * HOUR;
    const readings = [
      ...series('L1', T0, T0 + 55 * MIN, 5 * MIN, () => 5),
      ...series('L1', T0 + HOUR, h2, MIN, () => 25, 12),
    ];
    const v = evaluateShipment(
      input({
        profile: { ...input().profile, storageMode: 'controlled_room', tempMinC: 0, tempMaxC: 30 },
        receivedAtMs: h2,
        readings,
      }),
      h2,
    );
    expect(statsOf(v).mktC).toBeCloseTo(19.7, 2);
    expect(statsOf(v).meanC).toBe(15);
  });
});

describe('case 9: a peak outside a limit never prints as equal to it', () => {
  it('8.01 °C against 8 °C reads 8.1, 1.99 against 2 reads 1.9', () => {
    const v = evaluateShipment(input({ readings: record((ts) => (ts === T0 + HOUR ? 8.01 : 5)) }), LATER);
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details!.peakC).toBe(8.1);
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.message).toContain('8.1 °C');
    const w = evaluateShipment(input({ readings: record((ts) => (ts === T0 + HOUR ? 1.99 : 5)) }), LATER);
    expect(only(w, 'TEMP_OUT_OF_RANGE')[0]!.details!.peakC).toBe(1.9);
    const h = evaluateShipment(
      input({
        profile: tol({ alarmDelayMinutes: 0, hardMaxC: 12 }),
        readings: record((ts) => (ts === T0 + HOUR ? 12.02 : 5)),
      }),
      LATER,
    );
    const hard = only(h, 'TEMP_OUT_OF_RANGE').find((f) => f.details!.kind === 'hard_limit')!;
    expect(hard.details!.peakC).toBe(12.1);
  });
});

describe('case 10: seq resets, non-finite values, event order, receipt before dispatch, lowercase z', () => {
  it('a seq reset (reboot) is recognised and the gap across it judged by time', () => {
    const before = series('L1', T0, T0 + 2 * HOUR, 5 * MIN, () => 5, 500);
    const after = series('L1', T0 + 2 * HOUR + 5 * MIN, END, 5 * MIN, () => 5, 0);
    const v = evaluateShipment(input({ readings: [...before, ...after] }), LATER);
    expect(v.findings).toEqual([]);
    expect(statsOf(v).seqResets).toBe(1);
    const late = series('L1', T0 + 2 * HOUR + 30 * MIN, END, 5 * MIN, () => 5, 0);
    const g = evaluateShipment(input({ readings: [...before, ...late] }), LATER);
    expect(only(g, 'RECORD_GAP').map((f) => f.details!.kind)).toEqual(['gap']);
  });

  it('a NaN or infinite temperature is never in range', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const v = evaluateShipment(input({ readings: record((ts) => (ts === T0 + HOUR ? bad : 5)) }), LATER);
      expect(v.status).toBe('deviation');
      expect(only(v, 'SENSOR_FAULT').length + only(v, 'TEMP_OUT_OF_RANGE').length).toBeGreaterThan(0);
      expect(statsOf(v).meanC).toBe(5);
    }
  });

  it('a lid opened and closed at the same time is a closed opening, not open to the end', () => {
    const at = T0 + HOUR;
    const v = evaluateShipment(
      input({
        events: [
          { deviceId: 'L1', tsMs: at, type: 'lid_closed' },
          { deviceId: 'L1', tsMs: at, type: 'lid_open' },
        ],
      }),
      LATER,
    );
    expect(only(v, 'EXPOSURE').map((f) => f.details!.kind)).toEqual(['open']);
  });

  it('a receipt before dispatch is refused by the engine', () => {
    expect(() => evaluateShipment(input({ receivedAtMs: T0 - MIN }), LATER)).toThrow(
      /CT_RECEIPT_TIME_INVALID/,
    );
  });

  it('RFC 3339 with a lowercase z and t is accepted', async () => {
    const { timestampSchema } = await import('./contract.js');
    expect(timestampSchema.parse('2026-11-20t00:00:00z')).toBe(T0);
    expect(timestampSchema.parse('2026-11-20T08:00:00+08:00')).toBe(T0);
  });
});
