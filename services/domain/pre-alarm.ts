/**
 * Pre-alarms: warnings before anything is lost (issue #17). Two of them, both decided here:
 *
 * - the **warning band**: a profile or a storage unit may state `warnMinC` / `warnMaxC` inside its
 *   range; a reading still in range but outside the band is a warning (TEMP_WARNING, minor). The
 *   band's limits are inclusive like the range's: at exactly `warnMaxC` all is well.
 * - the **transport clock**: at 80 % of the maximum transport time (7.7) logistics is warned
 *   (TRANSPORT_TIME_WARNING) while there is still time to act.
 *
 * A warning is never a finding: the verdict does not change; the alarm (excursion) is its own alert.
 */
import type { Reading } from './contract.js';
import type { TempRange } from './storage-modes.js';

/** The band inside the range where all is well; an unstated side is the range's own limit. */
export interface WarningBand {
  minC: number;
  maxC: number;
}

export type BandState = 'ok' | 'warning' | 'alarm';

export interface WarningLimits {
  warnMinC?: number;
  warnMaxC?: number;
}

/** What is wrong with a stated band, in English for the API's `message`; undefined when it is sound. */
export function warningBandProblem(range: TempRange, limits: WarningLimits): string | undefined {
  const { warnMinC, warnMaxC } = limits;
  const inside = (v: number) => v >= range.minC && v <= range.maxC;
  if (warnMinC !== undefined && !inside(warnMinC)) return `warnMinC ${warnMinC} is outside the range`;
  if (warnMaxC !== undefined && !inside(warnMaxC)) return `warnMaxC ${warnMaxC} is outside the range`;
  if (warnMinC !== undefined && warnMaxC !== undefined && warnMinC > warnMaxC)
    return `warnMinC ${warnMinC} is above warnMaxC ${warnMaxC}`;
  return undefined;
}

/** The band of `limits` inside `range`, or undefined when none is stated (then nothing warns). */
export function warningBandOf(range: TempRange, limits: WarningLimits): WarningBand | undefined {
  if (limits.warnMinC === undefined && limits.warnMaxC === undefined) return undefined;
  if (warningBandProblem(range, limits) !== undefined) return undefined;
  return { minC: limits.warnMinC ?? range.minC, maxC: limits.warnMaxC ?? range.maxC };
}

/** Where one temperature stands: inside the band, in the warning zone, or out of range. */
export function bandState(tempC: number, range: TempRange, band: WarningBand | undefined): BandState {
  if (tempC < range.minC || tempC > range.maxC) return 'alarm';
  if (band && (tempC < band.minC || tempC > band.maxC)) return 'warning';
  return 'ok';
}

/** Share of the maximum transport time at which logistics is warned ahead of time. */
export const TRANSPORT_WARNING_SHARE = 0.8;

/** 7.7: when the transport clock reaches 80 % of the maximum (server time, ms). */
export function transportWarningAtMs(dispatchedAtMs: number, maxTransportMinutes: number): number {
  return dispatchedAtMs + Math.ceil(TRANSPORT_WARNING_SHARE * maxTransportMinutes * 60_000);
}

export type WarningTransitionType = 'warning_started' | 'warning_ended';

export interface WarningTransition {
  type: WarningTransitionType;
  /** stable identity: `${deviceId}|warning::${fromMs}` */
  key: string;
  deviceId: string;
  /** device time the reading left the band */
  fromMs: number;
  /** device time it came back inside the band (ended) */
  toMs?: number;
  /** device time of the reading that made the transition */
  atMs: number;
  /** the most extreme temperature of the warning so far */
  peakC: number;
  durationMs: number;
  late: boolean;
}

export interface WarningWatchOptions {
  /** a reading out of the band for less than this is not a warning yet (the unit's door delay) */
  delayMs: number;
  /** readings before this (device time) are not watched: before dispatch */
  fromMs: number;
}

/**
 * One device's warning band, watched live. Readings are taken in device-time order; one older than
 * the newest already seen is ignored: a pre-alarm is for acting now, and a backlog's history is
 * judged by the excursion alarm and the verdict. The warning stays open through an excursion and
 * ends with the first reading back inside the band.
 */
export class WarningBandWatch {
  private lastMs = Number.NEGATIVE_INFINITY;
  /** device time the current run outside the band began */
  private sinceMs: number | null = null;
  private open = false;
  private peakC = Number.NaN;

  constructor(
    readonly deviceId: string,
    private readonly range: TempRange,
    private readonly band: WarningBand,
    private readonly opts: WarningWatchOptions,
  ) {}

  private key(): string {
    return `${this.deviceId}|warning::${this.sinceMs}`;
  }

  private further(tempC: number): number {
    if (Number.isNaN(this.peakC)) return tempC;
    const mid = (this.band.minC + this.band.maxC) / 2;
    const span = (v: number) => (Number.isFinite(mid) ? Math.abs(v - mid) : v > this.band.maxC ? v : -v);
    return span(tempC) > span(this.peakC) ? tempC : this.peakC;
  }

  add(readings: Iterable<Reading>, late = false): WarningTransition[] {
    const sorted = [...readings]
      .filter((r) => r.deviceId === this.deviceId && r.tsMs >= this.opts.fromMs && Number.isFinite(r.tempC))
      .sort((a, b) => a.tsMs - b.tsMs);
    const out: WarningTransition[] = [];
    for (const r of sorted) {
      if (r.tsMs <= this.lastMs) continue;
      this.lastMs = r.tsMs;
      const state = bandState(r.tempC as number, this.range, this.band);
      if (state === 'ok') {
        if (this.open && this.sinceMs !== null)
          out.push(this.transition('warning_ended', r.tsMs, late, r.tsMs));
        this.open = false;
        this.sinceMs = null;
        this.peakC = Number.NaN;
        continue;
      }
      if (this.sinceMs === null) this.sinceMs = r.tsMs;
      this.peakC = this.further(r.tempC as number);
      if (!this.open && r.tsMs - this.sinceMs >= this.opts.delayMs) {
        this.open = true;
        out.push(this.transition('warning_started', r.tsMs, late));
      }
    }
    return out;
  }

  private transition(
    type: WarningTransitionType,
    atMs: number,
    late: boolean,
    toMs?: number,
  ): WarningTransition {
    const fromMs = this.sinceMs ?? atMs;
    return {
      type,
      key: this.key(),
      deviceId: this.deviceId,
      fromMs,
      ...(toMs !== undefined && { toMs }),
      atMs,
      peakC: this.peakC,
      durationMs: atMs - fromMs,
      late,
    };
  }

  /** a warning is open now */
  get warning(): boolean {
    return this.open;
  }
}
