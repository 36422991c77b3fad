import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpaquePatientCode, journeyOf } from './product-journey.js';
import { infusionDecision, useClock, useLimits, warningPointMs } from './use-clock.js';

const MIN = 60_000;
const S = 1000;
const T = Date.UTC(2026, 11, 2, 8, 0, 0);

describe('the thaw-to-use clock (7.8)', () => {
  const rules = { postThawUseMinutes: 30 };
  const thawed = { thawFinishedAtMs: T };

  it('use time after thaw: exactly at the limit is in time, one second over is over', () => {
    expect(useClock(rules, thawed, T + 30 * MIN).state).toBe('warning');
    expect(useClock(rules, thawed, T + 30 * MIN + S).state).toBe('over');
    expect(infusionDecision(rules, thawed, T + 30 * MIN)).toEqual({ allowed: true, deviation: false });
    expect(infusionDecision(rules, thawed, T + 30 * MIN + S)).toEqual({
      allowed: false,
      why: ['use_time_exceeded'],
    });
  });

  it('warns at 80 %: one second before is ok, at the point a warning', () => {
    expect(warningPointMs(T, T + 30 * MIN)).toBe(T + 24 * MIN);
    expect(useClock(rules, thawed, T + 24 * MIN - S).state).toBe('ok');
    expect(useClock(rules, thawed, T + 24 * MIN).state).toBe('warning');
  });

  it('overtime handling defaults to do not use; a profile may record a deviation instead', () => {
    const at = T + 31 * MIN;
    expect(infusionDecision(rules, thawed, at).allowed).toBe(false);
    expect(infusionDecision({ ...rules, overtimeHandling: 'do_not_use' }, thawed, at).allowed).toBe(false);
    expect(infusionDecision({ ...rules, overtimeHandling: 'record_deviation' }, thawed, at)).toEqual({
      allowed: true,
      deviation: true,
      why: ['use_time_exceeded'],
    });
  });

  it('preparation time runs from removal, use after dilution from dilution; the earliest binds', () => {
    const all = { postThawUseMinutes: 60, preparationMinutes: 90, postDilutionUseMinutes: 20 };
    const times = { removedForUseAtMs: T, thawFinishedAtMs: T + 10 * MIN, dilutedAtMs: T + 45 * MIN };
    const clock = useClock(all, times, T + 60 * MIN);
    expect(clock.binding).toMatchObject({
      kind: 'post_dilution',
      limitMs: T + 65 * MIN,
      clause: '7.8, 8.2.5',
    });
    expect(useClock(all, times, T + 65 * MIN).state).toBe('warning');
    expect(useClock(all, times, T + 65 * MIN + S).state).toBe('over');
    // preparation alone (a fresh product, no thaw): removal + 90 min
    expect(useClock({ preparationMinutes: 90 }, { removedForUseAtMs: T }, T + 90 * MIN + S).state).toBe(
      'over',
    );
  });

  it('no limit stated or nothing started: the clock has not started', () => {
    expect(useClock({}, thawed, T + 1000 * MIN).state).toBe('not_started');
    expect(useClock(rules, {}, T).state).toBe('not_started');
  });

  it('a thaw judged out of range or interrupted refuses the infusion under do not use (8.2.4)', () => {
    expect(infusionDecision(rules, thawed, T + MIN, 'fail')).toEqual({
      allowed: false,
      why: ['thaw_failed'],
    });
    expect(infusionDecision(rules, thawed, T + MIN, 'unverified').allowed).toBe(true);
  });

  it('property: in time exactly when no running limit has passed, and the state only worsens with time', () => {
    const minutes = fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined });
    const offset = fc.option(fc.integer({ min: 0, max: 600 * MIN }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          postThawUseMinutes: minutes,
          preparationMinutes: minutes,
          postDilutionUseMinutes: minutes,
        }),
        fc.record({ removedForUseAtMs: offset, thawFinishedAtMs: offset, dilutedAtMs: offset }),
        fc.integer({ min: -60 * MIN, max: 2000 * MIN }),
        fc.integer({ min: 0, max: 600 * MIN }),
        (r, times, now, later) => {
          const ts = Object.fromEntries(
            Object.entries(times)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, T + (v as number)]),
          );
          const clock = useClock(r, ts, T + now);
          const limits = useLimits(r, ts);
          const passed = limits.some((l) => T + now > l.limitMs);
          expect(clock.state === 'over').toBe(passed);
          expect(infusionDecision(r, ts, T + now).allowed).toBe(!passed);
          if (limits.length > 0) {
            // the binding limit is the earliest, and the warning comes no later than any limit
            expect(clock.binding!.limitMs).toBe(Math.min(...limits.map((l) => l.limitMs)));
            for (const l of limits) expect(l.warningAtMs).toBeLessThanOrEqual(l.limitMs);
          }
          const rank = { not_started: 0, ok: 1, warning: 2, over: 3 };
          expect(rank[useClock(r, ts, T + now + later).state]).toBeGreaterThanOrEqual(rank[clock.state]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the journey (7.7, 8.2.4-8.2.6)', () => {
  it('folds events into a state and the clock times', () => {
    const j = journeyOf([
      { kind: 'stored', atMs: T },
      { kind: 'moved', atMs: T + 1 },
      { kind: 'removed', atMs: T + 2, purpose: 'use' },
      { kind: 'thaw_started', atMs: T + 3 },
      { kind: 'thaw_finished', atMs: T + 4 },
    ]);
    expect(j.state).toBe('thawed');
    expect(j.times).toMatchObject({ firstStoredAtMs: T, removedForUseAtMs: T + 2, thawFinishedAtMs: T + 4 });
    expect(
      journeyOf([
        { kind: 'stored', atMs: T },
        { kind: 'removed', atMs: T, purpose: 'discard' },
      ]).state,
    ).toBe('discarded');
  });

  it('keeps an opaque patient-side code, never a name (7.6, 10.4)', () => {
    expect(isOpaquePatientCode('MRN-0042137')).toBe(true);
    expect(isOpaquePatientCode('Zhang San')).toBe(false);
    expect(isOpaquePatientCode('ZhangSan')).toBe(false);
    expect(isOpaquePatientCode('张三')).toBe(false);
  });
});
