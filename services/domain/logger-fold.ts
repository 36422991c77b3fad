import {
  type Episode,
  type EpisodeKind,
  IMPOSSIBLE_ABOVE_C,
  IMPOSSIBLE_BELOW_C,
  type LoggerFoldResult,
  MKT_DELTA_H_OVER_R_K,
  newEpisode,
  STUCK_MIN_MS,
  STUCK_MIN_READINGS,
  type TransitionListener,
} from './episode.js';
import type { HourSummary } from './hour-summary.js';
import { alarmOffMarginMs, type LoggerRules } from './logger-rules.js';

export type { Episode, EpisodeKind, LoggerFoldResult, LoggerStats, TransitionListener } from './episode.js';

/**
 * The one place a logger's record is judged: a fold over its readings in device-time order
 * (sorted, one reading per timestamp). The batch verdict and the live monitor both run this fold,
 * so a live alert and the final verdict cannot disagree.
 *
 * Semantics (DESIGN.md "Rule semantics"):
 * - sample and hold: a reading's state lasts until the next reading;
 * - an episode (excursion ...) lasts from its first reading to the first reading out of it; one
 *   still open at the end lasts to the last reading and is marked open;
 * - the last reading before the window start (dispatch) is held into the window, as the state at
 *   the window start, if it is at most maxGap old; older ones are ignored;
 * - readings after the window end are ignored.
 * The hot path allocates nothing; only episodes (rare) create objects.
 */

export class LoggerFold {
  episodes: Episode[] = [];
  private hasHeld = false;
  private heldTs = 0;
  private heldSeq = 0;
  private heldSeqHigh = 0;
  private heldTemp = 0;
  private heldCool = Number.NaN;
  private started = false;
  private heldUsed = false;
  private hasLast = false;
  private lastT = 0;
  private lastReal = 0;
  private lastSeq = 0;
  private lastOut = false;
  private lastTemp = Number.NaN;
  private firstReal = 0;
  private readonly marginMs: number;
  // statistics: count, first, last over readings inside the window; the values over the held
  // timeline (the held reading from before the window included), time-weighted under sample and hold
  private count = 0;
  private sumC = 0;
  private weightMs = 0;
  private minC = Number.POSITIVE_INFINITY;
  private maxC = Number.NEGATIVE_INFINITY;
  private mktSum = 0;
  private seqResets = 0;
  private lastCoolTs = Number.NaN;
  private firstTs = 0;
  private lastTs = 0;
  private outMs = 0;
  private longestExcMs = 0;
  private longestGapMs = 0;
  private coveredMs = 0;
  // open episodes
  private exc: Episode | null = null;
  private hard: Episode | null = null;
  private cool: Episode | null = null;
  private impossible: Episode | null = null;
  private stuck: Episode | null = null;
  private stuckTemp = Number.NaN;
  private stuckStart = 0;
  private stuckCount = 0;
  private budget: Episode | null = null;
  private ruleRun: (Episode | null)[];
  private ruleBeyond: boolean[];
  private ruleCumMs: number[];
  private ruleCumEp: (Episode | null)[];

  constructor(
    readonly rules: LoggerRules,
    /** told when an episode becomes a finding and when such an episode ends (live alerts) */
    public listener?: TransitionListener,
  ) {
    this.marginMs = alarmOffMarginMs(rules);
    const n = rules.rules.length;
    this.ruleRun = new Array<Episode | null>(n).fill(null);
    this.ruleBeyond = new Array<boolean>(n).fill(false);
    this.ruleCumMs = new Array<number>(n).fill(0);
    this.ruleCumEp = new Array<Episode | null>(n).fill(null);
  }

  /** Device time of the last reading taken into account, or -Infinity. */
  get lastReadingMs(): number {
    if (this.hasLast) return this.lastReal;
    return this.hasHeld ? this.heldTs : Number.NEGATIVE_INFINITY;
  }

  /**
   * Feeds one reading; readings must come in device-time order, one per timestamp. `seqHigh` is the
   * highest seq recorded for this time (two readings stamped alike), the next hole is counted from it.
   */
  push(tsMs: number, seq: number, tempC: number, coolantPct: number, seqHigh = seq): void {
    const r = this.rules;
    if (tsMs > r.windowToMs) return;
    if (tsMs < r.windowFromMs) {
      this.hasHeld = true;
      this.heldTs = tsMs;
      this.heldSeq = seq;
      this.heldSeqHigh = seqHigh;
      this.heldTemp = tempC;
      this.heldCool = coolantPct;
      return;
    }
    if (!this.started) this.start(tsMs);
    this.process(tsMs, tsMs, seq, tempC, coolantPct, true, seqHigh);
  }

  /**
   * An independent copy of the fold's state (no listener): the live monitor keeps one as a checkpoint
   * so it can forget old readings and still replay late ones after it.
   */
  clone(): LoggerFold {
    const copy = Object.assign(new LoggerFold(this.rules), this) as LoggerFold;
    const map = new Map<Episode, Episode>();
    copy.episodes = this.episodes.map((e) => {
      const c = { ...e };
      map.set(e, c);
      return c;
    });
    const remap = (e: Episode | null) => (e === null ? null : (map.get(e) ?? { ...e }));
    copy.exc = remap(this.exc);
    copy.hard = remap(this.hard);
    copy.cool = remap(this.cool);
    copy.impossible = remap(this.impossible);
    copy.stuck = remap(this.stuck);
    copy.budget = remap(this.budget);
    copy.ruleRun = this.ruleRun.map(remap);
    copy.ruleCumEp = this.ruleCumEp.map(remap);
    copy.ruleBeyond = [...this.ruleBeyond];
    copy.ruleCumMs = [...this.ruleCumMs];
    copy.listener = undefined;
    return copy;
  }

  /** Forgets episodes that ended before `tsMs` (already reported); open ones are kept. */
  pruneClosedBefore(tsMs: number): void {
    this.episodes = this.episodes.filter((e) => e.open || e.toMs >= tsMs);
  }

  /** True once the window has started: the held reading (if any) and in-window readings are judged. */
  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Starts the window now if it has not started (live: the clock passed the window start with only
   * readings from before it). A reading older than the window start must not be pushed afterwards.
   */
  startWindow(): void {
    if (!this.started) this.start();
  }

  /** `firstMs`: the first reading in the window; one at the window start itself supersedes the held one. */
  private start(firstMs = Number.POSITIVE_INFINITY): void {
    this.started = true;
    if (
      this.hasHeld &&
      firstMs > this.rules.windowFromMs &&
      this.rules.windowFromMs - this.heldTs <= this.rules.maxGapMs
    ) {
      this.heldUsed = true;
      this.process(
        this.rules.windowFromMs,
        this.heldTs,
        this.heldSeq,
        this.heldTemp,
        this.heldCool,
        false,
        this.heldSeqHigh,
      );
    }
  }

  private alarm(ep: Episode, atMs: number): void {
    ep.alarmed = true;
    ep.alarmAtMs = atMs;
    this.listener?.('started', ep, atMs);
  }

  private close(ep: Episode, atMs: number): void {
    ep.toMs = atMs;
    ep.open = false;
    if (ep.alarmed) this.listener?.('ended', ep, atMs);
  }

  /** An episode known only once it is over (a gap, a hole in seq): closed, then alarmed. */
  private pastEpisode(ep: Episode, toMs: number, atMs: number): void {
    ep.toMs = toMs;
    ep.open = false;
    this.episodes.push(ep);
    this.alarm(ep, atMs);
  }

  /** The range excursion is a finding: alarm delay passed and (if budgets are set) over budget. */
  private excursionAlarms(durationMs: number): boolean {
    const r = this.rules;
    if (durationMs < r.alarmDelayMs) return false;
    if (r.maxSingleExcursionMs !== undefined) return durationMs > r.maxSingleExcursionMs;
    return r.maxCumulativeExcursionMs === undefined;
  }

  private process(
    t: number,
    real: number,
    seq: number,
    tempC: number,
    coolPct: number,
    inWindow: boolean,
    seqHigh: number,
  ) {
    const r = this.rules;
    if (this.hasLast) {
      const dt = real - this.lastReal;
      const span = t - this.lastT;
      if (dt > r.maxGapMs) {
        this.pastEpisode(newEpisode('gap', this.lastReal, tempC), real, t);
      } else {
        this.coveredMs += span;
      }
      if (dt > this.longestGapMs) this.longestGapMs = dt;
      // the previous value held until now: time-weighted statistics (DESIGN.md, USP <1160>)
      if (Number.isFinite(this.lastTemp)) {
        this.weightMs += span;
        this.sumC += this.lastTemp * span;
        if (r.mkt) this.mktSum += Math.exp(-MKT_DELTA_H_OVER_R_K / (this.lastTemp + 273.15)) * span;
      }
      // a logger that restarts its numbering is not missing readings; the time gap is judged above
      if (seq < this.lastSeq) this.seqResets++;
      else if (seq > this.lastSeq + 1) {
        const hole = newEpisode('seq_hole', this.lastReal, tempC);
        hole.missing = seq - this.lastSeq - 1;
        this.pastEpisode(hole, real, t);
      }
      if (this.lastOut) {
        this.outMs += span;
        // 7.7 budget: cumulative minutes out of range tolerated over the window
        if (r.maxCumulativeExcursionMs !== undefined && this.outMs > r.maxCumulativeExcursionMs) {
          if (this.budget === null) {
            this.budget = newEpisode('budget_cumulative', t, tempC);
            this.episodes.push(this.budget);
            this.alarm(this.budget, t);
          }
        }
      }
      for (let i = 0; i < this.ruleCumMs.length; i++) {
        if (!this.ruleBeyond[i]) continue;
        const cumMs = (this.ruleCumMs[i] ?? 0) + span;
        this.ruleCumMs[i] = cumMs;
        const rule = r.rules[i]!;
        if (rule.kind === 'cumulative' && this.ruleCumEp[i] === null && cumMs >= rule.durationMs) {
          const ep = newEpisode('rule_cumulative', t, tempC, rule.id);
          this.ruleCumEp[i] = ep;
          this.episodes.push(ep);
          this.alarm(ep, t);
        }
      }
    } else {
      this.firstReal = real;
    }

    // 7.7, 8.1.5: temperature within the stated range, limits inclusive; a non-finite value is never in range
    const out = !(tempC >= r.range.minC && tempC <= r.range.maxC);
    let exc = this.exc;
    if (exc !== null && this.lastOut) exc.outMs = (exc.outMs ?? 0) + (t - this.lastT);
    if (out) {
      // back in range for the whole margin before this reading: that excursion is over
      if (exc !== null && exc.returnedMs !== undefined && t - exc.returnedMs >= this.marginMs) {
        this.endExcursion(exc);
        exc = null;
      }
      if (exc === null) {
        exc = newEpisode('excursion', t, tempC);
        exc.outMs = 0;
        this.exc = exc;
        this.episodes.push(exc);
      } else {
        // back out of range within the alarm-off margin: the same excursion goes on
        exc.returnedMs = undefined;
        if (!(tempC >= exc.minC)) exc.minC = tempC;
        if (!(tempC <= exc.maxC)) exc.maxC = tempC;
      }
      exc.toMs = t;
      if (!exc.alarmed && this.excursionAlarms(exc.outMs ?? 0)) this.alarm(exc, t);
    } else if (exc !== null) {
      if (exc.returnedMs === undefined) {
        if (!exc.alarmed && this.excursionAlarms(exc.outMs ?? 0)) this.alarm(exc, t);
        exc.returnedMs = t;
        exc.toMs = t;
      }
      if (t - exc.returnedMs >= this.marginMs) this.endExcursion(exc);
    }
    this.lastOut = out;
    this.lastTemp = tempC;

    // hard limits are never tolerated
    this.hard = this.alarmingRun(
      this.hard,
      !(tempC >= r.hardMinC && tempC <= r.hardMaxC),
      'hard_limit',
      t,
      tempC,
    );

    for (let i = 0; i < this.ruleBeyond.length; i++) {
      const rule = r.rules[i]!;
      const beyond = rule.direction === 'above' ? tempC >= rule.thresholdC : tempC <= rule.thresholdC;
      this.ruleBeyond[i] = beyond;
      if (rule.kind !== 'single') continue;
      let run = this.ruleRun[i] ?? null;
      if (beyond) {
        if (run === null) {
          run = newEpisode('rule_single', t, tempC, rule.id);
          this.ruleRun[i] = run;
          this.episodes.push(run);
        } else this.widen(run, tempC, t);
      }
      if (run !== null) {
        if (!run.alarmed && t - run.fromMs >= rule.durationMs) this.alarm(run, t);
        if (!beyond) {
          this.close(run, t);
          this.ruleRun[i] = null;
        }
      }
    }

    // 8.1.4: LN2 level / dry-ice reserve under the minimum; a reading without a level holds the last
    if (!Number.isNaN(coolPct)) this.lastCoolTs = real;
    if (r.coolantMinPct !== undefined && !Number.isNaN(coolPct)) {
      if (coolPct < r.coolantMinPct) {
        if (this.cool === null) {
          this.cool = newEpisode('coolant_low', t, tempC);
          this.cool.minPct = coolPct;
          this.episodes.push(this.cool);
          this.alarm(this.cool, t);
        } else {
          this.cool.toMs = t;
          if (coolPct < (this.cool.minPct ?? coolPct)) this.cool.minPct = coolPct;
        }
      } else if (this.cool !== null) {
        this.close(this.cool, t);
        this.cool = null;
      }
    }

    // 8.1.5 anomalies: a value no sensor in this service can read
    const impossible = !(tempC >= IMPOSSIBLE_BELOW_C && tempC <= IMPOSSIBLE_ABOVE_C);
    this.impossible = this.alarmingRun(this.impossible, impossible, 'impossible_value', t, tempC);

    if (r.stuckCheck) this.trackStuck(t, tempC);

    if (inWindow) {
      if (this.count === 0) this.firstTs = real;
      this.count++;
      this.lastTs = real;
    }
    // the held reading is the state at the window start: stats see what the findings see
    if (Number.isFinite(tempC)) {
      if (tempC < this.minC) this.minC = tempC;
      if (tempC > this.maxC) this.maxC = tempC;
    }
    this.hasLast = true;
    this.lastT = t;
    this.lastReal = real;
    this.lastSeq = seqHigh;
  }

  private endExcursion(exc: Episode): void {
    const end = exc.returnedMs ?? exc.toMs;
    exc.returnedMs = undefined;
    if (end - exc.fromMs > this.longestExcMs) this.longestExcMs = end - exc.fromMs;
    this.close(exc, end);
    this.exc = null;
  }

  /** An episode that alarms from its first reading: opens while `active`, closes at the first reading not. */
  private alarmingRun(
    ep: Episode | null,
    active: boolean,
    kind: EpisodeKind,
    t: number,
    tempC: number,
  ): Episode | null {
    if (active) {
      if (ep !== null) {
        this.widen(ep, tempC, t);
        return ep;
      }
      const opened = newEpisode(kind, t, tempC);
      this.episodes.push(opened);
      this.alarm(opened, t);
      return opened;
    }
    if (ep !== null) this.close(ep, t);
    return null;
  }

  private widen(ep: Episode, tempC: number, t: number): void {
    if (tempC < ep.minC) ep.minC = tempC;
    if (tempC > ep.maxC) ep.maxC = tempC;
    ep.toMs = t;
  }

  /** 8.1.5: the same value, exactly, for many readings over many hours is a stuck sensor. */
  private trackStuck(t: number, tempC: number): void {
    if (tempC === this.stuckTemp) {
      this.stuckCount++;
      if (this.stuck !== null) this.stuck.toMs = t;
      else if (this.stuckCount >= STUCK_MIN_READINGS && t - this.stuckStart >= STUCK_MIN_MS) {
        this.stuck = newEpisode('stuck', this.stuckStart, tempC);
        this.stuck.toMs = t;
        this.episodes.push(this.stuck);
        this.alarm(this.stuck, t);
      }
      return;
    }
    if (this.stuck !== null) {
      this.close(this.stuck, t);
      this.stuck = null;
    }
    this.stuckTemp = tempC;
    this.stuckStart = t;
    this.stuckCount = 1;
  }

  /**
   * Goes over the rest of a quiet hour (hour-summary.ts) as if its readings after the first had been
   * pushed one by one; the first one must have been pushed just before, as it is. Refuses (false,
   * nothing changed) unless the fold is quiet after that first reading: no episode open, no extra
   * rule beyond its threshold, and no run of equal values that the hour could make a stuck sensor.
   */
  fastForward(s: HourSummary): boolean {
    const r = this.rules;
    if (!this.hasLast || this.lastT !== s.first.tsMs || s.first.tsMs < r.windowFromMs) return false;
    if (s.lastTsMs > r.windowToMs) return false;
    if (this.exc !== null || this.hard !== null || this.cool !== null || this.impossible !== null)
      return false;
    if (this.stuck !== null || this.ruleRun.some((e) => e !== null) || this.ruleBeyond.some(Boolean))
      return false;
    if (
      r.stuckCheck &&
      this.stuckTemp === s.first.tempC &&
      this.stuckCount + s.headRunN - 1 >= STUCK_MIN_READINGS &&
      s.headRunLastMs - this.stuckStart >= STUCK_MIN_MS
    )
      return false;
    const spanMs = s.lastTsMs - s.first.tsMs;
    this.coveredMs += spanMs;
    if (s.maxGapMs > this.longestGapMs) this.longestGapMs = s.maxGapMs;
    this.weightMs += spanMs;
    this.sumC += s.twSumC;
    if (r.mkt) this.mktSum += s.twMkt;
    if (s.minC < this.minC) this.minC = s.minC;
    if (s.maxC > this.maxC) this.maxC = s.maxC;
    if (s.lastLn2Ms !== undefined) this.lastCoolTs = s.lastLn2Ms;
    if (r.stuckCheck) {
      this.stuckTemp = s.lastC;
      this.stuckStart = s.tailRunStartMs;
      this.stuckCount = s.tailRunN;
    }
    this.count += s.n - 1;
    this.lastTs = s.lastTsMs;
    this.lastOut = false;
    this.lastTemp = s.lastC;
    this.lastT = s.lastTsMs;
    this.lastReal = s.lastTsMs;
    this.lastSeq = s.lastSeq ?? Number.NaN;
    return true;
  }

  /** Closes the window at `toMs` (>= every reading pushed) and gives the result. The fold is spent. */
  finish(toMs: number): LoggerFoldResult {
    const r = this.rules;
    if (!this.started) this.start();
    const windowMs = Math.max(0, toMs - r.windowFromMs);
    const exc = this.exc;
    if (exc !== null && exc.returnedMs !== undefined) this.endExcursion(exc);
    else if (exc !== null && r.atDoor && !exc.alarmed) {
      // 8.1.4, 8.1.5: out of range at the door; no delay or budget excuses it (docs/rules.md R1)
      this.alarm(exc, this.lastT);
    }
    const finite = this.minC <= this.maxC;
    // time-weighted over the held timeline; a single held value is its own mean
    const meanC =
      this.weightMs > 0 ? this.sumC / this.weightMs : Number.isFinite(this.lastTemp) ? this.lastTemp : null;
    const mktC =
      this.weightMs > 0
        ? MKT_DELTA_H_OVER_R_K / -Math.log(this.mktSum / this.weightMs) - 273.15
        : Number.isFinite(this.lastTemp)
          ? this.lastTemp
          : null;
    const result: LoggerFoldResult = {
      noData: !this.hasLast,
      episodes: this.episodes,
      stats: {
        count: this.count,
        firstTsMs: this.count > 0 ? this.firstTs : null,
        lastTsMs: this.count > 0 ? this.lastTs : null,
        minC: finite ? this.minC : null,
        maxC: finite ? this.maxC : null,
        meanC,
        mktC: r.mkt ? mktC : null,
        outOfRangeMs: this.outMs,
        longestExcursionMs: this.longestExcMs,
        longestGapMs: this.longestGapMs,
        coveredMs: 0,
        windowMs,
        seqResets: this.seqResets,
        lastCoolantTsMs: Number.isNaN(this.lastCoolTs) ? null : this.lastCoolTs,
      },
    };
    if (!this.hasLast) return result;
    // 8.1.5: the record covers the window from its start to its end
    if (!this.heldUsed && this.firstReal - r.windowFromMs > r.maxGapMs) {
      result.incompleteStart = { fromMs: r.windowFromMs, toMs: this.firstReal };
    }
    const tail = toMs - this.lastReal;
    if (tail > r.maxGapMs) result.incompleteEnd = { fromMs: this.lastReal, toMs };
    else this.coveredMs += Math.max(0, toMs - this.lastT);
    for (const ep of [this.exc, this.hard, this.cool, this.impossible, this.stuck, ...this.ruleRun]) {
      if (ep === null) continue;
      ep.toMs = this.lastT; // open at the window end: lasts to the last reading
      if (ep.kind === 'excursion' && this.lastT - ep.fromMs > result.stats.longestExcursionMs) {
        result.stats.longestExcursionMs = this.lastT - ep.fromMs;
      }
    }
    for (let i = 0; i < this.ruleCumEp.length; i++) {
      const ep = this.ruleCumEp[i];
      if (ep) {
        ep.totalMs = this.ruleCumMs[i];
        ep.toMs = this.lastT;
        ep.open = false;
      }
    }
    if (this.budget) {
      this.budget.totalMs = this.outMs;
      this.budget.toMs = this.lastT;
      this.budget.open = false;
    }
    result.stats.coveredMs = Math.min(this.coveredMs, windowMs);
    return result;
  }
}
