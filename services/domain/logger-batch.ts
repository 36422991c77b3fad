import type { Reading } from './contract.js';
import type { HourSummary } from './hour-summary.js';
import { LoggerFold, type LoggerFoldResult, type TransitionListener } from './logger-fold.js';
import type { LoggerRules } from './logger-rules.js';
import type { TempRange } from './storage-modes.js';

/** A device clock this far ahead of the server's receive time is wrong (8.1.5 anomaly). */
export const CLOCK_AHEAD_LIMIT_MS = 5 * 60_000;

export interface LoggerRecordResult extends LoggerFoldResult {
  deviceId: string;
  /** median of receivedAtMs - tsMs over readings that carry a receive time (backlog included) */
  clockOffsetMs: number | null;
  /** readings stamped later than they were received (device clock ahead) */
  clockAheadCount: number;
  clockAheadMaxMs: number;
  /** readings stamped later than `now` */
  futureCount: number;
  /** 8.1.5: timestamps with different values for the same time (the worst one was judged) */
  conflicts: RecordConflicts | null;
}

/** Different values recorded for the same device and time, judged by the worst (DESIGN.md). */
export interface RecordConflicts {
  count: number;
  firstTsMs: number;
  lastTsMs: number;
  /** the distinct temperatures at the first conflicting time, as recorded */
  firstValuesC: number[];
  /** the worst temperature over every conflicting time */
  worstC: number;
}

/** `a` is worse than `b` for the range; equally far out (or in), the warmer one is worse. */
export function worseTemp(a: number, b: number, range: TempRange): boolean {
  const da = rangeBadness(a, range);
  const db = rangeBadness(b, range);
  return da > db || (da === db && a > b);
}

/** The same measured value: 0 and -0 alike, NaN and NaN alike. */
export function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** How far a temperature is from being in range (positive: out); a non-finite value is the worst. */
export function rangeBadness(tempC: number, range: TempRange): number {
  if (!Number.isFinite(tempC)) return Number.POSITIVE_INFINITY;
  return Math.max(tempC - range.maxC, range.minC - tempC);
}

/** A reading without seq sorts before one with seq at the same time (a tie-break only, never a duplicate). */
export const seqOrder = (r: Reading): number => r.seq ?? -1;

/** The fold's seq: NaN when absent, so no seq hole is ever seen and gaps are judged by time alone. */
export const foldSeq = (r: Reading): number => r.seq ?? Number.NaN;

/** Device-time order; ties broken on seq, temperature, coolant so duplicates resolve the same way. */
export function compareReadings(a: Reading, b: Reading): number {
  return (
    a.tsMs - b.tsMs ||
    seqOrder(a) - seqOrder(b) ||
    a.tempC - b.tempC ||
    (a.ln2LevelPct ?? -1) - (b.ln2LevelPct ?? -1)
  );
}

/**
 * One logger's stream into its fold: readings arrive sorted (compareReadings); readings with the same
 * timestamp form one group. Re-sent identical values are one reading; different values for the same
 * time are a conflict: the fold gets the worst temperature (farthest out of range, non-finite worst)
 * and the lowest coolant level, and the conflict is reported (RECORD_CONFLICT). Every seq of the
 * group counts, so two readings stamped with the same time make no hole in seq.
 */
export class SortedLoggerFeed {
  readonly fold: LoggerFold;
  lastTs = Number.NEGATIVE_INFINITY;
  private groupRecv = Number.NaN;
  private groupSeqLow = 0;
  private groupSeqHigh = 0;
  private groupTemp = 0;
  private groupPct = Number.NaN;
  private groupTemps: number[] = [];
  private groupPctConflict = false;
  private conflicts: RecordConflicts | null = null;
  private readonly offsets: number[] = [];
  private aheadCount = 0;
  private aheadMaxMs = 0;
  private futureCount = 0;
  /** a group of readings of one time has been fed and not yet pushed into the fold */
  private groupPending = false;

  constructor(
    readonly deviceId: string,
    readonly rules: LoggerRules,
    /** readings stamped later than this are from the future (a wrong device clock) */
    private readonly futureAfterMs: number,
    listener?: TransitionListener,
  ) {
    this.fold = new LoggerFold(rules, listener);
  }

  feed(r: Reading): void {
    const recv = r.receivedAtMs ?? Number.NaN;
    const pct = r.ln2LevelPct ?? Number.NaN;
    const seq = foldSeq(r);
    if (r.tsMs === this.lastTs) {
      if (recv < this.groupRecv || Number.isNaN(this.groupRecv)) this.groupRecv = recv;
      if (seq < this.groupSeqLow) this.groupSeqLow = seq;
      if (seq > this.groupSeqHigh) this.groupSeqHigh = seq;
      if (!this.groupTemps.some((v) => sameValue(v, r.tempC))) {
        this.groupTemps.push(r.tempC);
        if (worseTemp(r.tempC, this.groupTemp, this.rules.range)) this.groupTemp = r.tempC;
      }
      // a reading without a level says nothing about it; two different levels are a conflict
      if (!Number.isNaN(pct)) {
        if (Number.isNaN(this.groupPct)) this.groupPct = pct;
        else if (pct !== this.groupPct) {
          this.groupPctConflict = true;
          if (pct < this.groupPct) this.groupPct = pct;
        }
      }
      return;
    }
    this.flushGroup();
    this.groupPending = true;
    this.lastTs = r.tsMs;
    this.groupRecv = recv;
    this.groupSeqLow = seq;
    this.groupSeqHigh = seq;
    this.groupTemp = r.tempC;
    this.groupPct = pct;
    this.groupTemps = [r.tempC];
    this.groupPctConflict = false;
    if (r.tsMs > this.futureAfterMs) this.futureCount++;
  }

  /**
   * A quiet hour in place of its readings (hour-summary.ts): its first reading is fed as it is, the
   * rest goes over in one step. False when the fold refuses (it was not quiet after that first
   * reading): the feed is then spent, and the logger must be judged again with the hour's points.
   */
  feedSummary(s: HourSummary): boolean {
    if (s.first.tsMs <= this.lastTs) return false;
    this.feed(s.first);
    this.flushGroup();
    if (!this.fold.fastForward(s)) return false;
    this.lastTs = s.lastTsMs;
    // the hour's readings after the first, each at the hour's median offset (stats only)
    if (s.medianOffsetMs !== undefined) for (let i = 1; i < s.n; i++) this.offsets.push(s.medianOffsetMs);
    return true;
  }

  /** The conflicts found so far (a copy). */
  get recordConflicts(): RecordConflicts | null {
    return this.conflicts && { ...this.conflicts, firstValuesC: [...this.conflicts.firstValuesC] };
  }

  private flushGroup(): void {
    if (!this.groupPending) return;
    this.groupPending = false;
    const ts = this.lastTs;
    this.fold.push(ts, this.groupSeqLow, this.groupTemp, this.groupPct, this.groupSeqHigh);
    if (ts > this.rules.windowToMs) return;
    // a conflict inside the window is a finding; before it the record is not the shipment's
    if ((this.groupTemps.length > 1 || this.groupPctConflict) && ts >= this.rules.windowFromMs)
      this.noteConflict(ts);
    const recv = this.groupRecv;
    if (Number.isNaN(recv)) return;
    const offset = recv - this.lastTs;
    this.offsets.push(offset);
    if (-offset > CLOCK_AHEAD_LIMIT_MS) {
      this.aheadCount++;
      if (-offset > this.aheadMaxMs) this.aheadMaxMs = -offset;
    }
  }

  private noteConflict(ts: number): void {
    const worst = this.groupTemp;
    const c = this.conflicts;
    if (c === null) {
      this.conflicts = {
        count: 1,
        firstTsMs: ts,
        lastTsMs: ts,
        firstValuesC: [...this.groupTemps],
        worstC: worst,
      };
      return;
    }
    c.count++;
    c.lastTsMs = ts;
    if (worseTemp(worst, c.worstC, this.rules.range)) c.worstC = worst;
  }

  finish(toMs: number): LoggerRecordResult {
    this.flushGroup();
    this.lastTs = Number.NEGATIVE_INFINITY;
    this.groupRecv = Number.NaN;
    const result = this.fold.finish(toMs);
    return {
      ...result,
      deviceId: this.deviceId,
      clockOffsetMs: median(this.offsets),
      clockAheadCount: this.aheadCount,
      clockAheadMaxMs: this.aheadMaxMs,
      futureCount: this.futureCount,
      conflicts: this.recordConflicts,
    };
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Pass {
  feed: SortedLoggerFeed;
  lastTs: number;
  lastSeq: number;
  lastTempC: number;
  lastPct: number;
  disordered: boolean;
}

/**
 * Judges each logger's record over its window. Readings may come in any order and duplicated: the
 * fast path folds them as they come and falls back to sorting a logger's readings only when that
 * logger's input turns out not to be in order. Readings of devices not listed are ignored.
 */
export function foldLoggers(
  readings: Iterable<Reading>,
  deviceIds: readonly string[],
  rulesFor: (deviceId: string) => LoggerRules,
  toMs: number,
  futureAfterMs: number,
): LoggerRecordResult[] {
  // a one-shot iterator cannot be read twice; the fallback needs a second pass
  const source: Iterable<Reading> =
    !Array.isArray(readings) && (readings[Symbol.iterator]() as unknown) === readings
      ? Array.from(readings)
      : readings;
  const passes = new Map<string, Pass>();
  const newPass = (id: string): Pass => ({
    feed: new SortedLoggerFeed(id, rulesFor(id), futureAfterMs),
    lastTs: Number.NEGATIVE_INFINITY,
    lastSeq: 0,
    lastTempC: 0,
    lastPct: -1,
    disordered: false,
  });
  for (const id of deviceIds) if (!passes.has(id)) passes.set(id, newPass(id));

  let cachedId = '';
  let cached: Pass | undefined;
  for (const r of source) {
    if (r.deviceId !== cachedId) {
      cachedId = r.deviceId;
      cached = passes.get(r.deviceId);
    }
    const p = cached;
    if (p === undefined || p.disordered) continue;
    const pct = r.ln2LevelPct ?? -1;
    const inOrder =
      r.tsMs > p.lastTs ||
      (r.tsMs === p.lastTs && (seqOrder(r) - p.lastSeq || r.tempC - p.lastTempC || pct - p.lastPct) >= 0);
    if (!inOrder) {
      p.disordered = true;
      continue;
    }
    p.lastTs = r.tsMs;
    p.lastSeq = seqOrder(r);
    p.lastTempC = r.tempC;
    p.lastPct = pct;
    p.feed.feed(r);
  }

  const results: LoggerRecordResult[] = [];
  for (const [id, p] of passes) {
    let feed = p.feed;
    if (p.disordered) {
      const own: Reading[] = [];
      for (const r of source) if (r.deviceId === id) own.push(r);
      own.sort(compareReadings);
      feed = new SortedLoggerFeed(id, rulesFor(id), futureAfterMs);
      for (const r of own) feed.feed(r);
    }
    results.push(feed.finish(toMs));
  }
  return results;
}
