import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading } from './contract.js';
import { LoggerMonitor, type LoggerTransition } from './logger-monitor.js';
import { type LoggerRules, toleranceRules } from './logger-rules.js';

/** A fridge sensor watched without end: 2-8 °C, 15-minute alarm delay, 15-minute max gap. */
const fridge: LoggerRules = {
  storageMode: 'refrigerated',
  range: { minC: 2, maxC: 8 },
  ...toleranceRules({ alarmDelayMinutes: 15 }),
  maxGapMs: 15 * MIN,
  mkt: true,
  stuckCheck: true,
  windowFromMs: T0,
  windowToMs: Number.POSITIVE_INFINITY,
};
const strip = (trs: LoggerTransition[]) => trs.map((t) => `${t.type}|${t.key}|${t.atMs}|${t.toMs ?? ''}`);

const streamArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 12 }), fc.boolean()), {
    maxLength: 150,
  })
  .map((steps) => {
    let ts = T0;
    return steps.map(([step, tempC, compact], seq): [Reading, boolean] => {
      ts += step * MIN;
      return [{ deviceId: 'F1', tsMs: ts, seq, tempC }, compact];
    });
  });

describe('LoggerMonitor', () => {
  it('compacting old readings into a checkpoint never changes the transitions', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const plain = new LoggerMonitor('F1', fridge);
        const compacted = new LoggerMonitor('F1', fridge);
        const a: LoggerTransition[] = [];
        const b: LoggerTransition[] = [];
        for (const [r, compact] of stream) {
          const now = r.tsMs + 5_000;
          a.push(...plain.add([r], now), ...plain.tick(now));
          b.push(...compacted.add([r], now), ...compacted.tick(now));
          if (compact) compacted.compactBefore(r.tsMs - 30 * MIN);
        }
        expect(strip(b)).toEqual(strip(a));
        expect(strip(compacted.openEpisodes())).toEqual(strip(plain.openEpisodes()));
      }),
      { numRuns: 200 },
    );
  });

  it('after compaction, a late reading inside the retained span is still replayed; one before the checkpoint is ignored', () => {
    const m = new LoggerMonitor('F1', fridge);
    const rs = series('F1', T0, T0 + 3 * HOUR, 5 * MIN);
    m.add(rs, T0 + 3 * HOUR);
    m.compactBefore(T0 + 2 * HOUR);
    expect(m.count).toBe(13);
    // other values for the same times (a conflict: the worst counts) show a 20-minute excursion from 2:30
    const corrected = [30, 35, 40, 45].map((min) => ({
      deviceId: 'F1',
      tsMs: T0 + 2 * HOUR + min * MIN,
      seq: 0,
      tempC: 12,
    }));
    const late = m.add(corrected, T0 + 3 * HOUR + MIN);
    expect(
      late.filter((t) => t.code === 'TEMP_OUT_OF_RANGE').map((t) => [t.type, t.fromMs, t.toMs, t.late]),
    ).toEqual([
      // found after the fact; it ends once back in range for the alarm-off margin (15 min, docs/rules.md R3)
      ['excursion_started', T0 + 2 * HOUR + 30 * MIN, undefined, true],
    ]);
    const ended = m.add(
      series('F1', T0 + 3 * HOUR + 5 * MIN, T0 + 3 * HOUR + 5 * MIN, 5 * MIN, () => 5, 40),
      T0 + 3 * HOUR + 6 * MIN,
    );
    expect(ended.filter((t) => t.code === 'TEMP_OUT_OF_RANGE').map((t) => [t.type, t.toMs])).toEqual([
      ['excursion_ended', T0 + 2 * HOUR + 50 * MIN],
    ]);
    const old = m.add(
      [{ deviceId: 'F1', tsMs: T0 + HOUR + MIN, seq: 5, tempC: 30 }],
      T0 + 3 * HOUR + 2 * MIN,
    );
    expect(old).toEqual([]);
    expect(m.ignoredBeforeCheckpoint).toBe(1);
  });
});
