import type { Profile, Reading } from './contract.js';
import type { ThawStatus } from './use-clock.js';

/**
 * 8.2.4: the thaw is within the manufacturer's temperature range (7.14) and not interrupted. Judged
 * from a thaw device's bath or block readings over [thaw started, thaw finished], sample and hold:
 * the reading held at the start counts from the start. Pure.
 */
export type ThawFindingCode = 'THAW_OUT_OF_RANGE' | 'THAW_INTERRUPTED' | 'THAW_NO_DATA' | 'THAW_TOO_LONG';

export interface ThawFinding {
  code: ThawFindingCode;
  clause: string;
  fromMs?: number;
  toMs?: number;
  tempC?: number;
}

export interface ThawJudgement {
  status: ThawStatus;
  findings: ThawFinding[];
  readings: number;
  minC?: number;
  maxC?: number;
}

/** readings further apart than this interrupt the thaw record: three logging intervals, at least 15 s */
export const thawMaxGapMs = (loggingIntervalS: number): number =>
  Math.max(3 * loggingIntervalS * 1000, 15_000);

export function judgeThaw(
  thaw: NonNullable<Profile['thaw']>,
  readings: readonly Pick<Reading, 'tsMs' | 'tempC'>[],
  startMs: number,
  endMs: number,
  maxGapMs: number,
): ThawJudgement {
  const findings: ThawFinding[] = [];
  // 7.14, 8.2.4: the manufacturer's longest thaw, inclusive (exactly maxMinutes is in time)
  if (thaw.maxMinutes !== undefined && endMs - startMs > thaw.maxMinutes * 60_000) {
    findings.push({ code: 'THAW_TOO_LONG', clause: '7.14, 8.2.4', fromMs: startMs, toMs: endMs });
  }
  const sorted = [...readings].sort((a, b) => a.tsMs - b.tsMs);
  // the value held at the start: the last reading before it, if recent enough to stand for it
  const before = sorted.filter((r) => r.tsMs < startMs).at(-1);
  const held = before && startMs - before.tsMs <= maxGapMs ? [before] : [];
  const inside = [...held, ...sorted.filter((r) => r.tsMs >= startMs && r.tsMs <= endMs)];
  if (inside.length === 0) {
    // no evidence is never a pass (DESIGN.md): unverified, not ok
    return {
      status: 'unverified',
      findings: [...findings, { code: 'THAW_NO_DATA', clause: '8.2.4' }],
      readings: 0,
    };
  }
  // 8.2.4 within the manufacturer's range, limits inclusive
  for (const r of inside) {
    if (r.tempC < thaw.tempMinC || r.tempC > thaw.tempMaxC) {
      findings.push({
        code: 'THAW_OUT_OF_RANGE',
        clause: '7.14, 8.2.4',
        fromMs: Math.max(r.tsMs, startMs),
        tempC: r.tempC,
      });
    }
  }
  // 8.2.4 not interrupted: the record covers start to end without a hole longer than the gap limit
  const times = [startMs, ...inside.map((r) => Math.max(r.tsMs, startMs)), endMs];
  const firstAt = inside[0]!.tsMs;
  if (firstAt > startMs + maxGapMs)
    findings.push({ code: 'THAW_INTERRUPTED', clause: '8.2.4', fromMs: startMs, toMs: firstAt });
  for (let i = 2; i < times.length - 1; i++) {
    if (times[i]! - times[i - 1]! > maxGapMs)
      findings.push({ code: 'THAW_INTERRUPTED', clause: '8.2.4', fromMs: times[i - 1], toMs: times[i] });
  }
  const lastAt = times[times.length - 2]!;
  if (endMs - lastAt > maxGapMs)
    findings.push({ code: 'THAW_INTERRUPTED', clause: '8.2.4', fromMs: lastAt, toMs: endMs });
  const temps = inside.map((r) => r.tempC);
  return {
    status: findings.some((f) => f.code !== 'THAW_NO_DATA') ? 'fail' : 'ok',
    findings,
    readings: inside.length,
    minC: Math.min(...temps),
    maxC: Math.max(...temps),
  };
}
