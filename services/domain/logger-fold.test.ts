import { describe, expect, it } from 'vitest';
import { IMPOSSIBLE_BELOW_C, STUCK_MIN_MS, STUCK_MIN_READINGS } from './episode.js';
import { type Episode, LoggerFold } from './logger-fold.js';
import type { AlarmRule, LoggerRules } from './logger-rules.js';

/**
 * The fold itself, driven reading by reading: the edges and the bookkeeping that the verdict-level
 * tests reach only through rounding (stats of an excursion still open at the end, the record's
 * coverage at its end, stuck-sensor and coolant edges, the live monitor's clone and prune).
 * Written against the mutants StrykerJS found surviving (docs/mutation.md).
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-11-20T00:00:00Z');

const rules = (over: Partial<LoggerRules> = {}): LoggerRules => ({
  storageMode: 'refrigerated',
  range: { minC: 2, maxC: 8 },
  hardMinC: Number.NEGATIVE_INFINITY,
  hardMaxC: Number.POSITIVE_INFINITY,
  alarmDelayMs: 0,
  rules: [],
  maxGapMs: 10 * MIN,
  mkt: false,
  stuckCheck: false,
  windowFromMs: T0,
  windowToMs: Number.POSITIVE_INFINITY,
  ...over,
});

type Point = [minutes: number, tempC: number, coolantPct?: number];

function feed(fold: LoggerFold, points: readonly Point[], seqFrom = 1): LoggerFold {
  points.forEach(([m, c, pct], i) => {
    fold.push(T0 + m * MIN, seqFrom + i, c, pct ?? Number.NaN);
  });
  return fold;
}

/** one reading a minute from `from` to `to` minutes (inclusive), all at `tempC` */
const minutes = (from: number, to: number, tempC: number, pct?: number): Point[] =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, tempC, pct] as Point);

const ofKind = (episodes: Episode[], kind: Episode['kind']) => episodes.filter((e) => e.kind === kind);

describe('the logger fold', () => {
  it('a clean record has no episodes, is covered to its end, and tells when it last read', () => {
    const fold = new LoggerFold(rules());
    expect(fold.lastReadingMs).toBe(Number.NEGATIVE_INFINITY);
    expect(fold.isStarted).toBe(false);
    fold.push(T0 - 5 * MIN, 0, 5, Number.NaN);
    expect(fold.lastReadingMs).toBe(T0 - 5 * MIN);
    expect(fold.isStarted).toBe(false);
    feed(fold, minutes(0, 60, 5));
    expect(fold.isStarted).toBe(true);
    expect(fold.lastReadingMs).toBe(T0 + 60 * MIN);
    const result = fold.finish(T0 + 62 * MIN);
    expect(result.episodes).toEqual([]);
    // the last value holds to the end of the window (2 min after the last reading)
    expect(result.stats).toMatchObject({ coveredMs: 62 * MIN, windowMs: 62 * MIN });
    expect(result.incompleteEnd).toBeUndefined();
  });

  it('no readings: no data, and no incomplete start or end is made up', () => {
    const result = new LoggerFold(rules()).finish(T0 + 4 * HOUR);
    expect(result.noData).toBe(true);
    expect(result.incompleteStart).toBeUndefined();
    expect(result.incompleteEnd).toBeUndefined();
  });

  it('a first reading exactly maxGap after the window start, and a last exactly maxGap before its end, leave it complete', () => {
    const exact = feed(new LoggerFold(rules()), minutes(10, 50, 5)).finish(T0 + 60 * MIN);
    expect(exact.incompleteStart).toBeUndefined();
    expect(exact.incompleteEnd).toBeUndefined();
    const late = feed(new LoggerFold(rules()), minutes(11, 50, 5)).finish(T0 + 61 * MIN);
    expect(late.incompleteStart).toEqual({ fromMs: T0, toMs: T0 + 11 * MIN });
    expect(late.incompleteEnd).toEqual({ fromMs: T0 + 50 * MIN, toMs: T0 + 61 * MIN });
  });

  it('the longest excursion counts one still open at the end, and only excursions', () => {
    // a 6 °C rule (in range) holds from the start; the excursion opens at 40 min and never closes
    const above6: AlarmRule = {
      id: 'r6',
      kind: 'single',
      direction: 'above',
      thresholdC: 6,
      durationMs: HOUR,
    };
    const fold = new LoggerFold(rules({ rules: [above6] }));
    feed(fold, [...minutes(0, 10, 7), ...minutes(11, 20, 12), ...minutes(21, 39, 7), ...minutes(40, 70, 12)]);
    const result = fold.finish(T0 + 70 * MIN);
    const [first, open] = ofKind(result.episodes, 'excursion');
    expect(first).toMatchObject({ fromMs: T0 + 11 * MIN, toMs: T0 + 21 * MIN, open: false });
    // open at the window end: it lasts to the last reading
    expect(open).toMatchObject({ fromMs: T0 + 40 * MIN, toMs: T0 + 70 * MIN, open: true });
    expect(result.stats.longestExcursionMs).toBe(30 * MIN);
    expect(ofKind(result.episodes, 'rule_single')[0]).toMatchObject({ fromMs: T0, toMs: T0 + 70 * MIN });
    // no budget was set: no budget episode
    expect(ofKind(result.episodes, 'budget_cumulative')).toEqual([]);
  });

  it('an open excursion at the end shorter than an earlier closed one leaves the longest as it was', () => {
    const fold = feed(new LoggerFold(rules()), [
      ...minutes(0, 39, 12),
      ...minutes(40, 59, 5),
      ...minutes(60, 70, 12),
    ]);
    expect(fold.finish(T0 + 70 * MIN).stats.longestExcursionMs).toBe(40 * MIN);
  });

  it('a repeated seq is neither a reset nor a hole; a lower one is a reset', () => {
    const fold = new LoggerFold(rules());
    for (const [m, seq] of [
      [0, 5],
      [1, 5],
      [2, 6],
      [3, 1],
      [4, 2],
    ] as const)
      fold.push(T0 + m * MIN, seq, 5, Number.NaN);
    const result = fold.finish(T0 + 4 * MIN);
    expect(result.stats.seqResets).toBe(1);
    expect(result.episodes).toEqual([]);
  });

  it('a non-finite value is out of range and never a statistic', () => {
    const fold = feed(new LoggerFold(rules()), [
      [0, 5],
      [1, Number.POSITIVE_INFINITY],
      [2, 6],
    ]);
    const result = fold.finish(T0 + 2 * MIN);
    expect(result.stats).toMatchObject({ minC: 5, maxC: 6 });
    expect(ofKind(result.episodes, 'excursion')).toHaveLength(1);
  });

  it('the longest of several closed excursions, not the last', () => {
    const fold = feed(new LoggerFold(rules()), [
      ...minutes(0, 9, 5),
      ...minutes(10, 19, 12), // 10 min
      ...minutes(20, 29, 5),
      ...minutes(30, 49, 12), // 20 min
      ...minutes(50, 59, 5),
      ...minutes(60, 64, 12), // 5 min
      ...minutes(65, 70, 5),
    ]);
    expect(fold.finish(T0 + 70 * MIN).stats.longestExcursionMs).toBe(20 * MIN);
  });

  it('the alarm delay counts the minutes out of range, not the short returns to range within the margin', () => {
    // delay 30 min: 20 min out, 9 min back (under the margin), 5 min out: 25 min out of range
    const fold = feed(new LoggerFold(rules({ alarmDelayMs: 30 * MIN })), [
      ...minutes(0, 19, 12),
      ...minutes(20, 28, 5),
      ...minutes(29, 33, 12),
      ...minutes(34, 80, 5),
    ]);
    const [exc, ...others] = ofKind(fold.finish(T0 + 80 * MIN).episodes, 'excursion');
    expect(others).toEqual([]);
    expect(exc).toMatchObject({
      fromMs: T0,
      alarmed: false,
      outMs: 25 * MIN,
      open: false,
      toMs: T0 + 34 * MIN,
    });
  });

  it('back in range for exactly the margin ends the excursion: the next one is a new one', () => {
    const fold = feed(new LoggerFold(rules({ alarmDelayMs: 30 * MIN })), [
      ...minutes(0, 9, 12),
      ...minutes(10, 39, 5),
      ...minutes(40, 45, 12),
      ...minutes(46, 90, 5),
    ]);
    const excursions = ofKind(fold.finish(T0 + 90 * MIN).episodes, 'excursion');
    expect(excursions.map((e) => [e.fromMs - T0, e.toMs - T0])).toEqual([
      [0, 10 * MIN],
      [40 * MIN, 46 * MIN],
    ]);
  });

  it('an excursion rejoined within the margin keeps its coldest and warmest values', () => {
    const fold = feed(new LoggerFold(rules({ alarmDelayMs: 30 * MIN })), [
      [0, 12],
      [1, 5],
      [2, 14],
      [3, 5],
      [4, 11],
      [5, 5],
      [6, 1],
      ...minutes(7, 60, 5),
    ]);
    const [exc] = ofKind(fold.finish(T0 + 60 * MIN).episodes, 'excursion');
    expect(exc).toMatchObject({ minC: 1, maxC: 14 });
  });

  it('closes cumulative rule and budget episodes at the end, one per rule', () => {
    const cum: AlarmRule = {
      id: 'c10',
      kind: 'cumulative',
      direction: 'above',
      thresholdC: 10,
      durationMs: 10 * MIN,
    };
    const fold = new LoggerFold(rules({ rules: [cum], maxCumulativeExcursionMs: 15 * MIN }));
    feed(fold, [...minutes(0, 30, 12), ...minutes(31, 40, 5)]);
    const result = fold.finish(T0 + 40 * MIN);
    const [rule, ...moreRules] = ofKind(result.episodes, 'rule_cumulative');
    expect(moreRules).toEqual([]);
    expect(rule).toMatchObject({
      open: false,
      totalMs: 31 * MIN,
      toMs: T0 + 40 * MIN,
      alarmAtMs: T0 + 10 * MIN,
    });
    // a cumulative rule is not a single run as well
    expect(ofKind(result.episodes, 'rule_single')).toEqual([]);
    expect(ofKind(result.episodes, 'budget_cumulative')[0]).toMatchObject({ open: false, totalMs: 31 * MIN });
  });

  it('a single rule opens only while beyond its threshold', () => {
    const below3: AlarmRule = {
      id: 'b3',
      kind: 'single',
      direction: 'below',
      thresholdC: 3,
      durationMs: 5 * MIN,
    };
    const fold = feed(new LoggerFold(rules({ rules: [below3] })), [
      ...minutes(0, 10, 5),
      ...minutes(11, 20, 3),
      ...minutes(21, 30, 5),
    ]);
    const runs = ofKind(fold.finish(T0 + 30 * MIN).episodes, 'rule_single');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ fromMs: T0 + 11 * MIN, toMs: T0 + 21 * MIN, alarmed: true, open: false });
  });

  it('coolant: exactly the minimum is enough; a reading without a level holds the low one; the lowest level is kept', () => {
    const fold = new LoggerFold(rules({ coolantMinPct: 20 }));
    feed(fold, [
      [0, 5, 20],
      [1, 5, 15],
      [2, 5, 10],
      [3, 5],
      [4, 5, 12],
      [5, 5, 25],
      [6, 5, 25],
    ]);
    const low = ofKind(fold.finish(T0 + 6 * MIN).episodes, 'coolant_low');
    expect(low).toHaveLength(1);
    expect(low[0]).toMatchObject({ fromMs: T0 + MIN, toMs: T0 + 5 * MIN, minPct: 10, open: false });
  });

  it('no coolant minimum: levels are recorded but judge nothing', () => {
    const fold = feed(new LoggerFold(rules()), [
      [0, 5, 1],
      [1, 5],
      [2, 5, 3],
    ]);
    const result = fold.finish(T0 + 2 * MIN);
    expect(result.episodes).toEqual([]);
    expect(result.stats.lastCoolantTsMs).toBe(T0 + 2 * MIN);
  });

  it(`exactly ${IMPOSSIBLE_BELOW_C} °C is a value a sensor can read; colder is impossible`, () => {
    const ln2 = rules({ range: { minC: -210, maxC: -150 } });
    expect(
      ofKind(
        feed(new LoggerFold(ln2), minutes(0, 5, IMPOSSIBLE_BELOW_C)).finish(T0 + 5 * MIN).episodes,
        'impossible_value',
      ),
    ).toEqual([]);
    const colder = feed(new LoggerFold(ln2), minutes(0, 5, IMPOSSIBLE_BELOW_C - 0.1)).finish(T0 + 5 * MIN);
    expect(ofKind(colder.episodes, 'impossible_value')).toHaveLength(1);
  });

  describe('a stuck sensor', () => {
    const every = STUCK_MIN_MS / (STUCK_MIN_READINGS - 1);
    const steady = (n: number, stepMs = every): Point[] =>
      Array.from({ length: n }, (_, i) => [(i * stepMs) / MIN, 5] as Point);
    const stuckRules = rules({ stuckCheck: true, maxGapMs: 2 * every });

    it(`is ${STUCK_MIN_READINGS} equal readings over ${STUCK_MIN_MS / HOUR} h, both bounds inclusive`, () => {
      const exact = feed(new LoggerFold(stuckRules), steady(STUCK_MIN_READINGS)).finish(T0 + STUCK_MIN_MS);
      expect(ofKind(exact.episodes, 'stuck')).toHaveLength(1);
      const fewer = feed(
        new LoggerFold(stuckRules),
        steady(STUCK_MIN_READINGS - 1, STUCK_MIN_MS / (STUCK_MIN_READINGS - 2)),
      );
      expect(ofKind(fewer.finish(T0 + STUCK_MIN_MS).episodes, 'stuck')).toEqual([]);
      const shorter = feed(
        new LoggerFold(stuckRules),
        steady(STUCK_MIN_READINGS + 5, (STUCK_MIN_MS - MIN) / (STUCK_MIN_READINGS + 4)),
      );
      expect(ofKind(shorter.finish(T0 + STUCK_MIN_MS).episodes, 'stuck')).toEqual([]);
    });

    it('ends at the first different value', () => {
      const fold = feed(new LoggerFold(stuckRules), steady(STUCK_MIN_READINGS + 2));
      const changeAt = ((STUCK_MIN_READINGS + 2) * every) / MIN;
      fold.push(T0 + changeAt * MIN, 1000, 5.1, Number.NaN);
      const [stuck] = ofKind(fold.finish(T0 + changeAt * MIN).episodes, 'stuck');
      expect(stuck).toMatchObject({ open: false, toMs: T0 + changeAt * MIN });
    });

    it('is not looked for where the profile does not ask (stuckCheck off)', () => {
      const fold = feed(new LoggerFold({ ...stuckRules, stuckCheck: false }), steady(STUCK_MIN_READINGS * 2));
      expect(fold.finish(T0 + 2 * STUCK_MIN_MS).episodes).toEqual([]);
    });
  });

  it('tells the listener when an alarmed episode starts and ends', () => {
    const seen: string[] = [];
    const fold = new LoggerFold(rules(), (type, ep, atMs) =>
      seen.push(`${type} ${ep.kind} ${(atMs - T0) / MIN}`),
    );
    feed(fold, [...minutes(0, 4, 5), ...minutes(5, 9, 12), ...minutes(10, 12, 5)]);
    fold.finish(T0 + 12 * MIN);
    expect(seen).toEqual(['started excursion 5', 'ended excursion 10']);
  });

  it('prunes episodes that ended before a time, keeping one that ended exactly then and open ones', () => {
    const fold = feed(new LoggerFold(rules()), [
      ...minutes(0, 4, 5),
      ...minutes(5, 9, 12), // ends at 10
      ...minutes(10, 14, 5),
      ...minutes(15, 19, 12), // ends at 20
      ...minutes(20, 24, 5),
      ...minutes(25, 30, 12), // open
    ]);
    fold.pruneClosedBefore(T0 + 20 * MIN);
    expect(fold.episodes.map((e) => [(e.fromMs - T0) / MIN, e.open])).toEqual([
      [15, false],
      [25, true],
    ]);
  });

  it('a clone carries on exactly as the original would, and leaves the original alone', () => {
    const cum: AlarmRule = {
      id: 'c',
      kind: 'cumulative',
      direction: 'above',
      thresholdC: 9,
      durationMs: 15 * MIN,
    };
    const single: AlarmRule = {
      id: 's',
      kind: 'single',
      direction: 'above',
      thresholdC: 10,
      durationMs: 5 * MIN,
    };
    const r = rules({
      rules: [cum, single],
      coolantMinPct: 20,
      maxCumulativeExcursionMs: 20 * MIN,
      alarmDelayMs: 5 * MIN,
    });
    const first: Point[] = [...minutes(0, 9, 5, 30), ...minutes(10, 20, 12, 15)];
    const second: Point[] = [...minutes(21, 30, 12, 12), ...minutes(31, 50, 5, 30)];
    const other: Point[] = minutes(21, 50, 5, 30);

    const whole = feed(new LoggerFold(r), [...first, ...second]).finish(T0 + 50 * MIN);
    const original = feed(new LoggerFold(r), first);
    const copy = original.clone();
    feed(copy, second, first.length + 1);
    expect(copy.finish(T0 + 50 * MIN)).toEqual(whole);
    // the original, fed something else, is not touched by what the copy saw
    feed(original, other, first.length + 1);
    expect(original.finish(T0 + 50 * MIN)).toEqual(
      feed(new LoggerFold(r), [...first, ...other]).finish(T0 + 50 * MIN),
    );
  });
});
