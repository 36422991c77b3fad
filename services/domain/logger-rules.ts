import type { Profile, StorageMode, Tolerance } from './contract.js';
import { mktApplies, resolveRange, stuckCheckApplies, type TempRange } from './storage-modes.js';

const MINUTE_MS = 60_000;

/** An extra alarm rule (e.g. WHO PQS E006): threshold and duration both inclusive. */
export interface AlarmRule {
  id: string;
  kind: 'single' | 'cumulative';
  direction: 'above' | 'below';
  thresholdC: number;
  durationMs: number;
}

/**
 * Everything one logger is judged against (each logger is judged alone, DESIGN.md), in the units the
 * fold works in. Built from a profile (shipments) or a storage unit.
 */
export interface LoggerRules {
  storageMode: StorageMode;
  range: TempRange;
  /** never tolerated, whatever the budget; +-Infinity when not set */
  hardMinC: number;
  hardMaxC: number;
  /** an excursion shorter than this is not (yet) a finding */
  alarmDelayMs: number;
  maxSingleExcursionMs?: number;
  maxCumulativeExcursionMs?: number;
  rules: AlarmRule[];
  /** consecutive readings further apart than this are a gap; exactly this far apart is not */
  maxGapMs: number;
  coolantMinPct?: number;
  mkt: boolean;
  stuckCheck: boolean;
  windowFromMs: number;
  /** +Infinity while the window is still open (live monitoring) */
  windowToMs: number;
  /** the window ends at the door (a final verdict): an excursion still open there is never excused */
  atDoor?: boolean;
}

/**
 * The alarm-off margin (docs/rules.md R3): an excursion ends only once the record has been back in
 * range this long; a shorter return to range is part of the same excursion for the delay and the
 * single budget. Zero tolerance has no margin.
 */
export function alarmOffMarginMs(rules: Pick<LoggerRules, 'alarmDelayMs' | 'maxSingleExcursionMs'>): number {
  return Math.max(rules.alarmDelayMs, rules.maxSingleExcursionMs ?? 0);
}

export function toleranceRules(
  tolerance: Tolerance | undefined,
): Pick<
  LoggerRules,
  'hardMinC' | 'hardMaxC' | 'alarmDelayMs' | 'maxSingleExcursionMs' | 'maxCumulativeExcursionMs' | 'rules'
> {
  return {
    hardMinC: tolerance?.hardMinC ?? Number.NEGATIVE_INFINITY,
    hardMaxC: tolerance?.hardMaxC ?? Number.POSITIVE_INFINITY,
    alarmDelayMs: (tolerance?.alarmDelayMinutes ?? 0) * MINUTE_MS,
    maxSingleExcursionMs:
      tolerance?.maxSingleExcursionMinutes === undefined
        ? undefined
        : tolerance.maxSingleExcursionMinutes * MINUTE_MS,
    maxCumulativeExcursionMs:
      tolerance?.maxCumulativeExcursionMinutes === undefined
        ? undefined
        : tolerance.maxCumulativeExcursionMinutes * MINUTE_MS,
    rules: (tolerance?.rules ?? []).map((r) => ({
      id: r.id,
      kind: r.kind,
      direction: r.direction,
      thresholdC: r.thresholdC,
      durationMs: r.minutes * MINUTE_MS,
    })),
  };
}

/** The rules for a shipment's logger under `profile`, over [fromMs, toMs]. */
export function profileLoggerRules(profile: Profile, windowFromMs: number, windowToMs: number): LoggerRules {
  return {
    storageMode: profile.storageMode,
    range: resolveRange(profile.storageMode, profile.tempMinC, profile.tempMaxC),
    ...toleranceRules(profile.tolerance),
    maxGapMs: profile.maxGapMinutes * MINUTE_MS,
    coolantMinPct: profile.coolantMinPct,
    mkt: mktApplies(profile.storageMode),
    stuckCheck: stuckCheckApplies(profile.storageMode),
    windowFromMs,
    windowToMs,
  };
}
