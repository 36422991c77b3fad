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
});
