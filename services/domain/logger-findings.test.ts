import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, profile, series, shipment, T0 } from '../../test/support/domain-fixtures.js';
import type { Finding, Profile, Reading, Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

/**
 * What each logger finding says (logger-findings.ts): its severity, its times and the figures a
 * reviewer reads in the message (docs/rules.md R11-R16, R21, R22), and the logger's statistics.
 */
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const run = (readings: Reading[], p: Partial<Profile> = {}) =>
  evaluateShipment(input({ profile: profile(p), readings }), LATER);
const temps = (temp: (ts: number) => number | undefined) =>
  series('L1', T0, END, 5 * MIN, (ts) => temp(ts) ?? 5);
const statsOf = (v: Verdict) => (v.stats.loggers as Record<string, Record<string, unknown>>).L1!;

describe('the record', () => {
  it('NO_DATA: critical, the whole window, for the silent logger', () => {
    expect(run([]).findings).toEqual([
      expect.objectContaining({
        code: 'NO_DATA',
        severity: 'critical',
        deviceId: 'L1',
        from: iso(T0),
        to: iso(END),
      }),
    ]);
  });

  it('RECORD_INCOMPLETE at the start and at the end: major, with the minutes missing', () => {
    const v = run(series('L1', T0 + 30 * MIN, END - 40 * MIN, 5 * MIN));
    expect(only(v, 'RECORD_INCOMPLETE').map((f) => [f.severity, f.from, f.to, f.details])).toEqual([
      ['major', iso(T0), iso(T0 + 30 * MIN), { kind: 'start', gapMinutes: 30 }],
      ['major', iso(END - 40 * MIN), iso(END), { kind: 'end', gapMinutes: 40 }],
    ]);
  });

  it('RECORD_GAP: the minutes of the gap against the max gap; a seq hole says how many are missing', () => {
    const withGap = series('L1', T0, END, 5 * MIN).filter(
      (r) => r.tsMs <= T0 + HOUR || r.tsMs >= T0 + HOUR + 20 * MIN,
    );
    const gap = only(run(withGap), 'RECORD_GAP')[0]!;
    expect(gap).toMatchObject({ severity: 'major', from: iso(T0 + HOUR), to: iso(T0 + HOUR + 20 * MIN) });
    expect(gap.details).toEqual({ kind: 'gap', gapMinutes: 20, maxGapMinutes: 15 });
    const holes = series('L1', T0, END, 5 * MIN).map((r) =>
      r.tsMs > T0 + HOUR ? { ...r, seq: (r.seq ?? 0) + 3 } : r,
    );
    expect(only(run(holes), 'RECORD_GAP')[0]).toMatchObject({
      severity: 'major',
      details: { kind: 'seq_hole', missing: 3 },
    });
  });

  it('RECORD_CONFLICT names the values as recorded, a non-finite one as NaN, and judges it the worst', () => {
    const v = run([
      ...temps(() => undefined),
      { deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: Number.NaN },
    ]);
    expect(only(v, 'RECORD_CONFLICT')[0]!.details).toEqual({ count: 1, valuesC: '5, NaN', worstC: null });
  });
});

describe('temperature', () => {
  it('an excursion: the limits it broke, peak, minutes out of range, closed', () => {
    const v = run(temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 20 * MIN ? 1.5 : undefined)));
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]).toMatchObject({
      severity: 'major',
      from: iso(T0 + HOUR),
      to: iso(T0 + HOUR + 20 * MIN),
      details: {
        kind: 'excursion',
        minLimitC: 2,
        maxLimitC: 8,
        peakC: 1.5,
        minC: 1.5,
        maxC: 1.5,
        durationMinutes: 20,
        outOfRangeMinutes: 20,
        open: false,
      },
    });
  });

  it('equally far above and below: the warmer is the peak; a peak just under the minimum prints under it', () => {
    const both = run(temps((ts) => (ts === T0 + HOUR ? 9 : ts === T0 + HOUR + 5 * MIN ? 1 : undefined)));
    expect(only(both, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ peakC: 9, rangeC: '2–8' });
    // 1.96 rounds to 2.0, which would read as in range: it prints 1.9 (docs/rules.md R7)
    const cold = run(temps((ts) => (ts === T0 + HOUR ? 1.96 : undefined)));
    expect(only(cold, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ peakC: 1.9, minC: 1.96 });
  });

  it('a peak that stays outside when rounded is rounded to the nearest tenth, on either side', () => {
    const peak = (tempC: number) =>
      only(run(temps((ts) => (ts === T0 + HOUR ? tempC : undefined))), 'TEMP_OUT_OF_RANGE')[0]!.details!
        .peakC;
    expect(peak(9.46)).toBe(9.5);
    expect(peak(9.44)).toBe(9.4);
    expect(peak(1.46)).toBe(1.5);
    expect(peak(1.44)).toBe(1.4);
  });

  it('with an alarm delay, the minutes out of range leave out the short returns to range (R3)', () => {
    // 12 °C from 60 to 140 min, one reading back in range at 100 min: one excursion of 80 min, 75 out of range
    const v = run(
      temps((ts) => {
        const m = (ts - T0) / MIN;
        return m >= 60 && m < 140 && m !== 100 ? 12 : undefined;
      }),
      { tolerance: { alarmDelayMinutes: 30 } },
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({
      durationMinutes: 80,
      outOfRangeMinutes: 75,
    });
  });

  it('a one-sided range has no limit on the other side (null), dry ice at -50 °C breaks -60', () => {
    const v = run(
      temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 10 * MIN ? -50 : -70)),
      { storageMode: 'dry_ice' },
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({
      minLimitC: null,
      maxLimitC: -60,
      peakC: -50,
    });
  });

  it('the peak is the reading farthest outside, on either side', () => {
    const v = run(
      temps((ts) =>
        ts === T0 + HOUR
          ? 8.5
          : ts === T0 + HOUR + 5 * MIN
            ? 0.5
            : ts === T0 + HOUR + 10 * MIN
              ? 9
              : undefined,
      ),
    );
    // 9 is 1 over, 0.5 is 1.5 under: the colder one is the peak
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ peakC: 0.5, minC: 0.5, maxC: 9 });
  });

  it('beyond a hard limit: critical, the limit and the peak beyond it, whichever side', () => {
    const tolerance = { alarmDelayMinutes: 60, hardMinC: 0, hardMaxC: 12 };
    const cold = run(
      temps((ts) => (ts === T0 + HOUR ? -0.04 : undefined)),
      { tolerance },
    );
    expect(only(cold, 'TEMP_OUT_OF_RANGE').map((f) => [f.severity, f.details])).toEqual([
      ['critical', { kind: 'hard_limit', limitC: 0, peakC: -0.1, durationMinutes: 5, open: false }],
    ]);
    const warm = run(
      temps((ts) => (ts === T0 + HOUR ? 12.5 : undefined)),
      { tolerance },
    );
    expect(only(warm, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({
      kind: 'hard_limit',
      limitC: 12,
      peakC: 12.5,
    });
  });

  it('over the cumulative budget: the total minutes out of range against the budget', () => {
    const tolerance = {
      alarmDelayMinutes: 10,
      maxSingleExcursionMinutes: 15,
      maxCumulativeExcursionMinutes: 20,
    };
    const bursts = temps((ts) => {
      const m = (ts - T0) / MIN;
      return (m >= 30 && m < 40) || (m >= 90 && m < 100) || (m >= 150 && m < 160) ? 9 : undefined;
    });
    const v = run(bursts, { tolerance });
    expect(only(v, 'TEMP_OUT_OF_RANGE').map((f) => f.severity)).toEqual(['major']);
    expect(only(v, 'TEMP_OUT_OF_RANGE').map((f) => f.details)).toEqual([
      {
        kind: 'budget_cumulative',
        rangeC: '2–8',
        minLimitC: 2,
        maxLimitC: 8,
        totalMinutes: 30,
        budgetMinutes: 20,
      },
    ]);
  });

  it("a profile's own rule: its threshold, direction, minutes and the peak on its side", () => {
    const tolerance = {
      alarmDelayMinutes: 0,
      rules: [
        { id: 'cold-10', kind: 'single' as const, direction: 'below' as const, thresholdC: 2, minutes: 10 },
      ],
    };
    const v = run(
      temps((ts) =>
        ts === T0 + HOUR + 5 * MIN ? 1.5 : ts >= T0 + HOUR && ts < T0 + HOUR + 15 * MIN ? 1.96 : undefined,
      ),
      { tolerance },
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE').find((f) => f.details?.kind === 'rule_single')!.severity).toBe(
      'major',
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE').find((f) => f.details?.kind === 'rule_single')!.details).toEqual({
      kind: 'rule_single',
      ruleId: 'cold-10',
      direction: 'below',
      op: '≤',
      thresholdC: 2,
      ruleMinutes: 10,
      peakC: 1.5,
      durationMinutes: 15,
      totalMinutes: 15,
      open: false,
    });
  });
});

describe("a profile's own rules, several of them", () => {
  const tolerance = {
    alarmDelayMinutes: 0,
    rules: [
      { id: 'heat-10', kind: 'single' as const, direction: 'above' as const, thresholdC: 9, minutes: 10 },
      {
        id: 'warm-total',
        kind: 'cumulative' as const,
        direction: 'above' as const,
        thresholdC: 8.5,
        minutes: 20,
      },
    ],
  };
  const readings = temps((ts) => {
    const m = (ts - T0) / MIN;
    if (m === 65) return 9.6;
    return (m >= 60 && m < 75) || (m >= 120 && m < 125) ? 9.44 : undefined;
  });

  it('each rule is reported as itself: the single one with its peak above, the cumulative one with its total', () => {
    const v = run(readings, { tolerance });
    const byRule = Object.fromEntries(
      only(v, 'TEMP_OUT_OF_RANGE')
        .filter((f) => typeof f.details?.ruleId === 'string')
        .map((f) => [f.details!.ruleId as string, f.details]),
    );
    expect(byRule['heat-10']).toMatchObject({
      kind: 'rule_single',
      direction: 'above',
      op: '≥',
      thresholdC: 9,
      ruleMinutes: 10,
      peakC: 9.6,
      durationMinutes: 15,
      totalMinutes: 15,
    });
    expect(byRule['warm-total']).toMatchObject({
      kind: 'rule_cumulative',
      op: '≥',
      thresholdC: 8.5,
      ruleMinutes: 20,
      // 15 + 5 minutes at or above 8.5 °C: exactly the rule's minutes, which it includes
      totalMinutes: 20,
    });
  });
});

describe('coolant and sensor faults', () => {
  it('COOLANT_LOW: critical, the lowest level against the minimum', () => {
    const p = {
      storageMode: 'ln2_vapor' as const,
      containerTypes: ['ln2_dry_shipper' as const],
      coolantMinPct: 20,
    };
    const readings = series('L1', T0, END, 5 * MIN, () => -180).map((r) => ({
      ...r,
      ln2LevelPct: r.tsMs >= T0 + HOUR && r.tsMs < T0 + 2 * HOUR ? 15 : 50,
    }));
    const v = evaluateShipment(
      input({ profile: profile(p), shipment: shipment({ containerType: 'ln2_dry_shipper' }), readings }),
      LATER,
    );
    expect(only(v, 'COOLANT_LOW').map((f) => [f.severity, f.from, f.to, f.details])).toEqual([
      ['critical', iso(T0 + HOUR), iso(T0 + 2 * HOUR), { minPct: 15, coolantMinPct: 20, open: false }],
    ]);
  });

  it('an impossible run: the hottest of hot values, the coldest of cold ones', () => {
    const at = (values: number[]) =>
      temps((ts) => {
        const i = (ts - T0 - HOUR) / (5 * MIN);
        return i >= 0 && i < values.length ? values[i] : undefined;
      });
    expect(only(run(at([150, 160])), 'SENSOR_FAULT')[0]!.details).toMatchObject({ peakC: 160 });
    expect(only(run(at([-250, -300])), 'SENSOR_FAULT')[0]!.details).toMatchObject({ peakC: -300 });
  });

  it('an impossible value: its reading, hot or cold, as the peak', () => {
    const hot = run(temps((ts) => (ts === T0 + HOUR ? 150 : undefined)));
    expect(only(hot, 'SENSOR_FAULT')[0]).toMatchObject({
      severity: 'major',
      details: { kind: 'impossible_value', peakC: 150, durationMinutes: 5 },
    });
    const cold = run(temps((ts) => (ts === T0 + HOUR ? -250 : undefined)));
    expect(only(cold, 'SENSOR_FAULT')[0]!.details).toMatchObject({ peakC: -250 });
  });

  it('a clock ahead: how many readings and by how many minutes at most', () => {
    const ahead = series('L1', T0, END, 5 * MIN).map((r) => ({ ...r, receivedAtMs: r.tsMs - 12 * MIN }));
    expect(only(run(ahead), 'SENSOR_FAULT')[0]).toMatchObject({
      severity: 'major',
      details: { kind: 'clock_ahead', count: 49, aheadMinutes: 12 },
    });
  });

  it('a stuck sensor: the value it is stuck at, and for how long', () => {
    const long = input({
      receivedAtMs: T0 + 20 * HOUR,
      profile: profile({ maxTransportMinutes: 24 * 60 }),
      readings: series('L1', T0, T0 + 20 * HOUR, 5 * MIN, () => 4.2),
    });
    expect(only(evaluateShipment(long, T0 + 21 * HOUR), 'SENSOR_FAULT')[0]).toMatchObject({
      severity: 'major',
      from: iso(T0),
      details: { kind: 'stuck', peakC: 4.2, durationMinutes: 20 * 60 },
    });
  });

  it('readings stamped ahead of now while in transit: how many, up to now', () => {
    const now = T0 + HOUR;
    const readings = [
      ...series('L1', T0, now, 5 * MIN),
      { deviceId: 'L1', tsMs: now + HOUR, seq: 99, tempC: 5 },
    ];
    const v = evaluateShipment(input({ readings, receivedAtMs: undefined, receiptChecks: undefined }), now);
    expect(only(v, 'SENSOR_FAULT')[0]).toMatchObject({
      severity: 'major',
      deviceId: 'L1',
      to: iso(now),
      details: { kind: 'future', count: 1 },
    });
  });
});

describe("the logger's statistics", () => {
  it('mean and MKT to two decimals, coverage to one, minutes out of range and longest excursion', () => {
    const v = run(
      temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 10 * MIN ? 9 : ts === T0 ? 5.123 : undefined)),
    );
    const s = statsOf(v);
    expect(s).toMatchObject({ minutesOutOfRange: 10, longestExcursionMinutes: 10, coveragePct: 100 });
    expect(s.meanC).toBe(Math.round((s.meanC as number) * 100) / 100);
    expect(s.meanC).toBeCloseTo((5.123 * 5 + 9 * 10 + 5 * 225) / 240, 2);
    expect(s.first).toBe(iso(T0));
    expect(s.last).toBe(iso(END));
  });

  it('a silent logger: no figures but nothing covered', () => {
    expect(statsOf(run([]))).toMatchObject({
      count: 0,
      first: null,
      last: null,
      minC: null,
      maxC: null,
      meanC: null,
      mktC: null,
      coveragePct: 0,
    });
  });

  it('an empty window (received at dispatch) has no coverage figure', () => {
    const v = evaluateShipment(input({ receivedAtMs: T0, readings: series('L1', T0 - MIN, T0, MIN) }), LATER);
    expect(statsOf(v).coveragePct).toBeNull();
  });
});
