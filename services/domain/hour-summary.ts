import type { Reading } from './contract.js';
import { IMPOSSIBLE_ABOVE_C, IMPOSSIBLE_BELOW_C, MKT_DELTA_H_OVER_R_K } from './episode.js';
import { CLOCK_AHEAD_LIMIT_MS } from './logger-batch.js';
import { alarmOffMarginMs, type LoggerRules } from './logger-rules.js';

export const HOUR_MS = 3_600_000;

/**
 * One logger's hour of readings, summed up (the downsampled series, services/store/readings/rollups.ts).
 * It carries what the fold needs to go over a quiet hour without its points: the first reading itself
 * (pushed as it is), the last one's time, value and seq, the hour's extremes, the time-weighted sums
 * under sample and hold between its first and last reading, the longest interval, and the runs of equal
 * values at its start and end (the stuck-sensor check). The raw readings stay the record; a summary is
 * used only where it changes nothing a finding could say (summaryIsQuiet), and only while the number
 * of points it was made from is still the number stored (storage-record.ts checks).
 */
export interface HourSummary {
  deviceId: string;
  /** start of the hour, epoch ms (UTC hour) */
  hourMs: number;
  /** points summed up: every distinct value stored in the hour */
  n: number;
  first: Reading;
  lastTsMs: number;
  lastC: number;
  /** absent when the hour's readings carry no seq */
  lastSeq?: number;
  minC: number;
  maxC: number;
  /** sum of temp_i x (t_i+1 - t_i) over the hour's consecutive readings, first to last */
  twSumC: number;
  /** the same of exp(-dH/R / T_i), for the mean kinetic temperature */
  twMkt: number;
  /** longest interval between consecutive readings of the hour (0 with one reading) */
  maxGapMs: number;
  /** each reading's seq is one more than the one before, or no reading has a seq */
  seqContiguous: boolean;
  /** no two points share a millisecond (no conflicting values) */
  distinctTimes: boolean;
  /** every temperature is a finite number */
  finite: boolean;
  /** lowest coolant level of the hour, and the time of its last reading with a level */
  minLn2Pct?: number;
  lastLn2Ms?: number;
  /** receive time minus device time: the lowest, and the median over the hour */
  minOffsetMs?: number;
  medianOffsetMs?: number;
  /** readings equal to the first one, from the first on, and the time of the last of them */
  headRunN: number;
  headRunLastMs: number;
  /** readings equal to the last one, back from the last, and the time of the first of them */
  tailRunN: number;
  tailRunStartMs: number;
}

export const hourOf = (tsMs: number): number => Math.floor(tsMs / HOUR_MS) * HOUR_MS;

/**
 * Sums up one logger's readings of one hour (all of them, in device-time order, as the readings store
 * returns them). Undefined for an hour without readings.
 */
export function summarizeHour(readings: readonly Reading[]): HourSummary | undefined {
  const first = readings[0];
  if (first === undefined) return undefined;
  const hourMs = hourOf(first.tsMs);
  let minC = Number.POSITIVE_INFINITY;
  let maxC = Number.NEGATIVE_INFINITY;
  let twSumC = 0;
  let twMkt = 0;
  let maxGapMs = 0;
  let finite = true;
  let distinctTimes = true;
  let seqContiguous = true;
  let minLn2Pct: number | undefined;
  let lastLn2Ms: number | undefined;
  const offsets: number[] = [];
  let headRunN = 0;
  let headOpen = true;
  let headRunLastMs = first.tsMs;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    if (hourOf(r.tsMs) !== hourMs) throw new Error('summarizeHour: readings of more than one hour');
    if (!Number.isFinite(r.tempC)) finite = false;
    if (r.tempC < minC) minC = r.tempC;
    if (r.tempC > maxC) maxC = r.tempC;
    if (headOpen && r.tempC === first.tempC) {
      headRunN++;
      headRunLastMs = r.tsMs;
    } else headOpen = false;
    if (r.ln2LevelPct !== undefined) {
      if (minLn2Pct === undefined || r.ln2LevelPct < minLn2Pct) minLn2Pct = r.ln2LevelPct;
      lastLn2Ms = r.tsMs;
    }
    if (r.receivedAtMs !== undefined) offsets.push(r.receivedAtMs - r.tsMs);
    const next = readings[i + 1];
    if (next === undefined) continue;
    const dt = next.tsMs - r.tsMs;
    if (dt <= 0) distinctTimes = false;
    if (dt > maxGapMs) maxGapMs = dt;
    twSumC += r.tempC * dt;
    twMkt += Math.exp(-MKT_DELTA_H_OVER_R_K / (r.tempC + 273.15)) * dt;
    const seqOk =
      (r.seq === undefined && next.seq === undefined) ||
      (r.seq !== undefined && next.seq !== undefined && next.seq === r.seq + 1);
    if (!seqOk) seqContiguous = false;
  }
  const last = readings[readings.length - 1]!;
  let tailRunN = 0;
  let tailRunStartMs = last.tsMs;
  for (let i = readings.length - 1; i >= 0 && readings[i]!.tempC === last.tempC; i--) {
    tailRunN++;
    tailRunStartMs = readings[i]!.tsMs;
  }
  offsets.sort((a, b) => a - b);
  const mid = offsets.length >> 1;
  const summary: HourSummary = {
    deviceId: first.deviceId,
    hourMs,
    n: readings.length,
    first,
    lastTsMs: last.tsMs,
    lastC: last.tempC,
    minC,
    maxC,
    twSumC,
    twMkt,
    maxGapMs,
    seqContiguous,
    distinctTimes,
    finite,
    headRunN,
    headRunLastMs,
    tailRunN,
    tailRunStartMs,
  };
  if (last.seq !== undefined) summary.lastSeq = last.seq;
  if (minLn2Pct !== undefined) summary.minLn2Pct = minLn2Pct;
  if (lastLn2Ms !== undefined) summary.lastLn2Ms = lastLn2Ms;
  if (offsets.length > 0) {
    summary.minOffsetMs = offsets[0]!;
    summary.medianOffsetMs = offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
  }
  return summary;
}

/**
 * True when nothing in the hour could open, widen or end a finding under `rules`: every value finite,
 * in range and inside the hard limits, no extra rule's threshold reached, coolant at or above its
 * minimum, no interval longer than the allowed gap, seq without holes or resets, no conflicting values,
 * no device clock ahead, values that change within the hour (a sensor stuck on one value is checked
 * on the points), and the whole hour inside the window. What the hour's first reading says against the
 * reading before it (a gap, a hole in seq) is judged on that reading itself: the fold gets it as it is.
 */
export function summaryIsQuiet(s: HourSummary, rules: LoggerRules, futureAfterMs: number): boolean {
  if (s.n < 2 || !s.finite || !s.distinctTimes || !s.seqContiguous) return false;
  if (s.hourMs < rules.windowFromMs || s.hourMs + HOUR_MS > rules.windowToMs) return false;
  if (s.hourMs + HOUR_MS > futureAfterMs) return false;
  const lowC = Math.max(rules.range.minC, rules.hardMinC, IMPOSSIBLE_BELOW_C);
  const highC = Math.min(rules.range.maxC, rules.hardMaxC, IMPOSSIBLE_ABOVE_C);
  if (!(s.minC >= lowC && s.maxC <= highC)) return false;
  for (const rule of rules.rules) {
    if (rule.direction === 'above' ? s.maxC >= rule.thresholdC : s.minC <= rule.thresholdC) return false;
  }
  if (rules.coolantMinPct !== undefined && s.minLn2Pct !== undefined && s.minLn2Pct < rules.coolantMinPct)
    return false;
  if (s.maxGapMs > rules.maxGapMs) return false;
  if (s.minOffsetMs !== undefined && -s.minOffsetMs > CLOCK_AHEAD_LIMIT_MS) return false;
  if (rules.stuckCheck && s.minC === s.maxC) return false;
  return true;
}

/**
 * Hours on each side of a hour that is not quiet whose points are read too: an excursion ends only
 * after the alarm-off margin back in range, and a gap is seen from the reading after it.
 */
export function paddingHours(rules: LoggerRules): number {
  return 1 + Math.ceil(Math.max(alarmOffMarginMs(rules), rules.maxGapMs) / HOUR_MS);
}

/**
 * The summaries that can stand for their hours: quiet, with every hour on each side quiet too (or
 * without points) over the padding, counted both in time and in hours with points (a gap of empty
 * hours carries the fold's state over them: an excursion that ended in a gap is still open at the
 * next reading). `summaries`: one summary per hour with points, any devices.
 */
export function usableSummaries(
  summaries: readonly HourSummary[],
  rules: LoggerRules,
  futureAfterMs: number,
): HourSummary[] {
  const pad = paddingHours(rules);
  const padMs = pad * HOUR_MS;
  const byDevice = new Map<string, HourSummary[]>();
  for (const s of summaries) {
    const list = byDevice.get(s.deviceId);
    if (list) list.push(s);
    else byDevice.set(s.deviceId, [s]);
  }
  const usable = new Set<HourSummary>();
  for (const list of byDevice.values()) {
    list.sort((a, b) => a.hourMs - b.hourMs);
    const quiet = list.map((s) => summaryIsQuiet(s, rules, futureAfterMs));
    // a loud hour spoils its neighbours within `pad` hours with points and within `padMs` of time
    const spoiled = quiet.map((q) => !q);
    for (let k = 0; k < list.length; k++) {
      if (quiet[k]) continue;
      const at = list[k]!.hourMs;
      for (let m = k - 1; m >= 0 && (k - m <= pad || at - list[m]!.hourMs <= padMs); m--) spoiled[m] = true;
      for (let m = k + 1; m < list.length && (m - k <= pad || list[m]!.hourMs - at <= padMs); m++)
        spoiled[m] = true;
    }
    for (let k = 0; k < list.length; k++) if (!spoiled[k]) usable.add(list[k]!);
  }
  return summaries.filter((s) => usable.has(s));
}

/** Splits one logger's readings (device-time order) into its hours. */
export function summarizeHours(readings: readonly Reading[]): HourSummary[] {
  const out: HourSummary[] = [];
  let start = 0;
  for (let i = 1; i <= readings.length; i++) {
    if (i < readings.length && hourOf(readings[i]!.tsMs) === hourOf(readings[start]!.tsMs)) continue;
    const s = summarizeHour(readings.slice(start, i));
    if (s) out.push(s);
    start = i;
  }
  return out;
}
