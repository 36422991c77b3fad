import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeThaw, thawMaxGapMs } from './thaw-judgement.js';

const S = 1000;
const T = Date.UTC(2026, 11, 2, 8, 0, 0);
const bath = { tempMinC: 36, tempMaxC: 38, method: 'water_bath' as const, maxMinutes: 5 };
const every5s = (fromMs: number, toMs: number, tempAt: (ms: number) => number) => {
  const out = [];
  for (let ms = fromMs; ms <= toMs; ms += 5 * S) out.push({ tsMs: ms, tempC: tempAt(ms) });
  return out;
};
const gap = thawMaxGapMs(5);

describe('thaw judged against the profile (7.14, 8.2.4)', () => {
  it('a bath within range, limits inclusive, with a continuous record: ok', () => {
    const r = every5s(T - 10 * S, T + 180 * S, (ms) => (ms % 2 === 0 ? 36 : 38));
    const j = judgeThaw(bath, r, T, T + 180 * S, gap);
    expect(j).toMatchObject({ status: 'ok', findings: [], minC: 36 });
  });

  it('one reading 0.1 °C above the range: out of range', () => {
    const r = every5s(T, T + 180 * S, (ms) => (ms === T + 60 * S ? 38.1 : 37));
    expect(judgeThaw(bath, r, T, T + 180 * S, gap)).toMatchObject({
      status: 'fail',
      findings: [{ code: 'THAW_OUT_OF_RANGE', tempC: 38.1 }],
    });
  });

  it('a hole longer than the gap limit is an interruption; exactly the limit is not', () => {
    const r = every5s(T, T + 180 * S, () => 37).filter(
      (x) => x.tsMs <= T + 60 * S || x.tsMs >= T + 60 * S + gap,
    );
    expect(judgeThaw(bath, r, T, T + 180 * S, gap).status).toBe('ok');
    const r2 = r.filter((x) => x.tsMs !== T + 60 * S + gap);
    expect(judgeThaw(bath, r2, T, T + 180 * S, gap).findings.map((f) => f.code)).toEqual([
      'THAW_INTERRUPTED',
    ]);
  });

  it('the device stopped before the thaw finished: interrupted', () => {
    const r = every5s(T, T + 60 * S, () => 37);
    expect(judgeThaw(bath, r, T, T + 180 * S, gap).findings.map((f) => f.code)).toEqual(['THAW_INTERRUPTED']);
  });

  it('no readings: unverified, never ok', () => {
    expect(judgeThaw(bath, [], T, T + 180 * S, gap)).toMatchObject({ status: 'unverified', readings: 0 });
  });

  it('longer than the manufacturer allows: too long', () => {
    const r = every5s(T, T + 6 * 60 * S, () => 37);
    expect(judgeThaw(bath, r, T, T + 6 * 60 * S, gap).findings.map((f) => f.code)).toEqual(['THAW_TOO_LONG']);
  });

  it('exactly the longest thaw allowed is in time, one second more is too long (7.14)', () => {
    const end = T + 5 * 60 * S;
    expect(
      judgeThaw(
        bath,
        every5s(T, end, () => 37),
        T,
        end,
        gap,
      ).status,
    ).toBe('ok');
    const over = judgeThaw(
      bath,
      every5s(T, end + S, () => 37),
      T,
      end + S,
      gap,
    );
    expect(over.findings.map((f) => f.code)).toEqual(['THAW_TOO_LONG']);
  });

  it('a bath exactly at either limit is in range; one hundredth below the minimum is out', () => {
    expect(
      judgeThaw(
        bath,
        every5s(T, T + 60 * S, () => 36),
        T,
        T + 60 * S,
        gap,
      ).status,
    ).toBe('ok');
    expect(
      judgeThaw(
        bath,
        every5s(T, T + 60 * S, () => 38),
        T,
        T + 60 * S,
        gap,
      ).status,
    ).toBe('ok');
    const cold = judgeThaw(
      bath,
      every5s(T, T + 60 * S, () => 35.99),
      T,
      T + 60 * S,
      gap,
    );
    expect(cold.findings.every((f) => f.code === 'THAW_OUT_OF_RANGE')).toBe(true);
    expect(cold.status).toBe('fail');
  });

  it('property: ok exactly when every held reading is in range, the record has no hole and the thaw is not too long', () => {
    const temp = fc.oneof(
      fc.double({ min: 36, max: 38, noNaN: true }),
      fc.double({ min: 20, max: 45, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ dtS: fc.integer({ min: 1, max: 40 }), tempC: temp }), {
          minLength: 0,
          maxLength: 60,
        }),
        fc.integer({ min: 10, max: 600 }),
        (steps, durationS) => {
          const endMs = T + durationS * S;
          let at = T - 10 * S;
          const readings = steps.map((x) => {
            at += x.dtS * S;
            return { tsMs: at, tempC: x.tempC };
          });
          const j = judgeThaw(bath, readings, T, endMs, gap);
          const codes = new Set(j.findings.map((f) => f.code));
          // reference: the readings that stand for the window (held value at the start counts)
          const before = readings.filter((r) => r.tsMs < T).at(-1);
          const held = before && T - before.tsMs <= gap ? [before] : [];
          const inside = [...held, ...readings.filter((r) => r.tsMs >= T && r.tsMs <= endMs)];
          if (inside.length === 0) {
            expect(j.status).toBe('unverified');
            return;
          }
          const outOfRange = inside.some((r) => r.tempC < 36 || r.tempC > 38);
          expect(codes.has('THAW_OUT_OF_RANGE')).toBe(outOfRange);
          const points = [T, ...inside.map((r) => Math.max(r.tsMs, T)), endMs];
          const hole = points.some((p, i) => i > 0 && p - points[i - 1]! > gap);
          expect(codes.has('THAW_INTERRUPTED')).toBe(hole);
          expect(codes.has('THAW_TOO_LONG')).toBe(durationS * S > 5 * 60 * S);
          expect(j.status === 'ok').toBe(!outOfRange && !hole && durationS * S <= 5 * 60 * S);
          expect(j.status).not.toBe('unverified');
        },
      ),
      { numRuns: 400 },
    );
  });
});
