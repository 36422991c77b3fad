import type { FindingCode, Profile, Reading } from '../../services/domain/contract.js';

/**
 * A deliberately plain, slow reference for one logger's findings, written from DESIGN.md "Rule
 * semantics" and docs/rules.md, not from the fold: group the readings by time, lay them on a
 * per-minute sample-and-hold timeline, and check each rule with obvious loops. Timestamps must be
 * whole minutes. It covers the rules the generated shipments exercise (refrigerated profiles,
 * tolerance delay / budgets / hard limits, no indicator rules, no coolant, no receive times).
 */

const MIN = 60_000;

export interface ReferenceResult {
  codes: Set<FindingCode>;
  minC: number | null;
  maxC: number | null;
}

interface Point {
  /** where the value starts to hold (the window start for the held reading) */
  atMin: number;
  /** the device time it was measured */
  realMin: number;
  tempC: number;
  seqLow: number;
  seqHigh: number;
  conflict: boolean;
}

function inRange(tempC: number, lo: number, hi: number): boolean {
  return Number.isFinite(tempC) && tempC >= lo && tempC <= hi;
}

/** How bad a value is for the range: the farther out, the worse; not a number is the worst of all. */
function badness(tempC: number, lo: number, hi: number): number {
  if (!Number.isFinite(tempC)) return Number.POSITIVE_INFINITY;
  return Math.max(tempC - hi, lo - tempC);
}

export function referenceLogger(
  profile: Profile,
  readings: readonly Reading[],
  windowFromMs: number,
  windowToMs: number,
  atDoor: boolean,
): ReferenceResult {
  const lo = profile.tempMinC ?? 2;
  const hi = profile.tempMaxC ?? 8;
  const tol = profile.tolerance;
  const delay = tol?.alarmDelayMinutes ?? 0;
  const single = tol?.maxSingleExcursionMinutes;
  const cumulative = tol?.maxCumulativeExcursionMinutes;
  const hardMin = tol?.hardMinC ?? Number.NEGATIVE_INFINITY;
  const hardMax = tol?.hardMaxC ?? Number.POSITIVE_INFINITY;
  const maxGap = profile.maxGapMinutes;
  const margin = Math.max(delay, single ?? 0);
  const from = windowFromMs / MIN;
  const to = windowToMs / MIN;
  const codes = new Set<FindingCode>();

  // 1. one point per time: the worst value, every seq, a conflict when the values differ
  const byTime = new Map<number, Reading[]>();
  for (const r of readings) {
    const list = byTime.get(r.tsMs / MIN) ?? [];
    list.push(r);
    byTime.set(r.tsMs / MIN, list);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const points: Point[] = [];
  let held: Point | undefined;
  for (const time of times) {
    if (time > to) continue;
    const list = byTime.get(time)!;
    let worst = list[0]!.tempC;
    const values: number[] = [];
    for (const r of list) {
      if (!values.some((v) => v === r.tempC || (Number.isNaN(v) && Number.isNaN(r.tempC))))
        values.push(r.tempC);
      const bad = badness(r.tempC, lo, hi);
      // equally bad: the warmer value
      if (bad > badness(worst, lo, hi) || (bad === badness(worst, lo, hi) && r.tempC > worst))
        worst = r.tempC;
    }
    const point: Point = {
      atMin: time,
      realMin: time,
      tempC: worst,
      seqLow: Math.min(...list.map((r) => r.seq ?? Number.NaN)),
      seqHigh: Math.max(...list.map((r) => r.seq ?? Number.NaN)),
      conflict: values.length > 1,
    };
    if (time < from) held = point;
    else points.push(point);
  }
  // 2. the last reading before the window, if at most maxGap old, is the state at the window start
  //    (a reading at the window start itself is that state)
  if (points[0]?.atMin === from) held = undefined;
  if (held && from - held.realMin <= maxGap) points.unshift({ ...held, atMin: from, conflict: false });
  else held = undefined;

  if (points.length === 0) {
    codes.add('NO_DATA');
    return { codes, minC: null, maxC: null };
  }
  if (points.some((p) => p.conflict)) codes.add('RECORD_CONFLICT');

  // 3. continuity: gaps in device time, holes in seq (a lower seq is a restart, not a hole)
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!;
    const next = points[i]!;
    if (next.realMin - prev.realMin > maxGap) codes.add('RECORD_GAP');
    if (next.seqLow >= prev.seqHigh && next.seqLow > prev.seqHigh + 1) codes.add('RECORD_GAP');
  }
  if (!held && points[0]!.realMin - from > maxGap) codes.add('RECORD_INCOMPLETE');
  if (to - points[points.length - 1]!.realMin > maxGap) codes.add('RECORD_INCOMPLETE');

  // 4. per-minute timeline from the first point to the last one (sample and hold)
  const first = points[0]!.atMin;
  const last = points[points.length - 1]!.atMin;
  const valueAt: number[] = [];
  for (let m = first, k = 0; m < last; m++) {
    while (k + 1 < points.length && points[k + 1]!.atMin <= m) k++;
    valueAt.push(points[k]!.tempC);
  }
  const lastValue = points[points.length - 1]!.tempC;

  // 5. excursions: runs of out-of-range minutes; an in-range stretch shorter than the margin does
  //    not end one. Each is judged by its minutes out of range.
  const excursions: { outMinutes: number; endsOut: boolean }[] = [];
  let current: { outMinutes: number; endsOut: boolean } | undefined;
  let inRun = 0;
  for (const v of valueAt) {
    if (!inRange(v, lo, hi)) {
      if (current === undefined || (inRun > 0 && inRun >= margin)) {
        current = { outMinutes: 0, endsOut: false };
        excursions.push(current);
      }
      current.outMinutes++;
      inRun = 0;
    } else inRun++;
  }
  if (!inRange(lastValue, lo, hi)) {
    // the last reading is out: it belongs to the running excursion unless that ended a margin ago
    if (current === undefined || (inRun > 0 && inRun >= margin)) {
      current = { outMinutes: 0, endsOut: false };
      excursions.push(current);
    }
    current.endsOut = true;
  }
  let totalOut = 0;
  for (const e of excursions) {
    totalOut += e.outMinutes;
    const overDelay = e.outMinutes >= delay;
    const overBudget = single !== undefined ? e.outMinutes > single : cumulative === undefined;
    if ((overDelay && overBudget) || (atDoor && e.endsOut)) codes.add('TEMP_OUT_OF_RANGE');
  }
  if (cumulative !== undefined && totalOut > cumulative) codes.add('TEMP_OUT_OF_RANGE');
  for (const p of points) {
    if (!(p.tempC >= hardMin && p.tempC <= hardMax)) codes.add('TEMP_OUT_OF_RANGE');
    if (!(p.tempC >= -200 && p.tempC <= 100)) codes.add('SENSOR_FAULT');
  }

  const finite = points.map((p) => p.tempC).filter((v) => Number.isFinite(v));
  return {
    codes,
    minC: finite.length ? Math.min(...finite) : null,
    maxC: finite.length ? Math.max(...finite) : null,
  };
}
