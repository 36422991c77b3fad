import type { Profile } from './contract.js';

/**
 * The thaw-to-use clock (7.8, 7.14, 8.2.4, 8.2.5): once a product leaves storage for use, the
 * manufacturer's time limits run. Pure: every decision takes `nowMs` (or the act's time).
 *
 * Three limits, each from its own start (7.8 lists them):
 * - use time after thawing: thaw finished -> infusion (`postThawUseMinutes`);
 * - preparation time before infusion: taken out of storage for use -> infusion (`preparationMinutes`);
 * - use time after dilution or mixing: diluted -> infusion (`postDilutionUseMinutes`, 8.2.5).
 * The product is over time when any applicable limit has passed. Limits are inclusive, as ranges
 * and the storage limit are: infusing exactly at the limit is in time, one millisecond later is not.
 */

const MINUTE_MS = 60_000;

/** 80 %: the clinic is warned when this share of a limit's time has gone (issue 16). */
export const USE_WARNING_SHARE = 0.8;

export type UseLimitKind = 'post_thaw' | 'preparation' | 'post_dilution';

export const USE_LIMIT_CLAUSE: Record<UseLimitKind, string> = {
  post_thaw: '7.8, 8.2.4',
  preparation: '7.8',
  post_dilution: '7.8, 8.2.5',
};

/** The parts of a profile the clock reads. */
export type UseTimeRules = Pick<
  Profile,
  'postThawUseMinutes' | 'preparationMinutes' | 'postDilutionUseMinutes' | 'overtimeHandling' | 'thaw'
>;

/** When the acts that start the limits happened (epoch ms); absent: not (yet) done. */
export interface UseTimes {
  removedForUseAtMs?: number;
  thawFinishedAtMs?: number;
  dilutedAtMs?: number;
}

export interface UseLimit {
  kind: UseLimitKind;
  clause: string;
  startMs: number;
  /** the last instant still in time */
  limitMs: number;
  /** the warning point: USE_WARNING_SHARE of the way from start to limit */
  warningAtMs: number;
}

export type UseClockState = 'not_started' | 'ok' | 'warning' | 'over';

export interface UseClock {
  state: UseClockState;
  limits: UseLimit[];
  /** the limit that passes first (the binding one); absent when no limit runs */
  binding?: UseLimit;
  /** earliest warning point of the running limits */
  warningAtMs?: number;
  /** time left to the binding limit (negative: over by) */
  remainingMs?: number;
}

/** The warning point of a limit running from startMs to limitMs (7.8; 80 % by default). */
export function warningPointMs(startMs: number, limitMs: number, share = USE_WARNING_SHARE): number {
  return startMs + Math.ceil((limitMs - startMs) * share);
}

function limit(kind: UseLimitKind, startMs: number | undefined, minutes: number | undefined): UseLimit[] {
  if (startMs === undefined || minutes === undefined) return [];
  const limitMs = startMs + minutes * MINUTE_MS;
  return [
    { kind, clause: USE_LIMIT_CLAUSE[kind], startMs, limitMs, warningAtMs: warningPointMs(startMs, limitMs) },
  ];
}

/** The limits that run, given what has been done (7.8). */
export function useLimits(rules: UseTimeRules, times: UseTimes): UseLimit[] {
  return [
    ...limit('post_thaw', times.thawFinishedAtMs, rules.postThawUseMinutes), // 7.8, 8.2.4
    ...limit('preparation', times.removedForUseAtMs, rules.preparationMinutes), // 7.8
    ...limit('post_dilution', times.dilutedAtMs, rules.postDilutionUseMinutes), // 7.8, 8.2.5
  ];
}

/** State of one limit at nowMs: the limit itself is in time, past it is over. */
export function limitState(l: UseLimit, nowMs: number): Exclude<UseClockState, 'not_started'> {
  if (nowMs > l.limitMs) return 'over'; // 7.8 overtime
  if (nowMs >= l.warningAtMs) return 'warning'; // 7.8 warning point (80 %)
  return 'ok';
}

const RANK: Record<UseClockState, number> = { not_started: 0, ok: 1, warning: 2, over: 3 };

/** The clock at nowMs: the worst state of the running limits, the binding (earliest) limit. */
export function useClock(rules: UseTimeRules, times: UseTimes, nowMs: number): UseClock {
  const limits = useLimits(rules, times);
  if (limits.length === 0) return { state: 'not_started', limits };
  let state: UseClockState = 'ok';
  for (const l of limits) {
    const s = limitState(l, nowMs);
    if (RANK[s] > RANK[state]) state = s;
  }
  const binding = limits.reduce((a, b) => (b.limitMs < a.limitMs ? b : a));
  return {
    state,
    limits,
    binding,
    warningAtMs: Math.min(...limits.map((l) => l.warningAtMs)),
    remainingMs: binding.limitMs - nowMs,
  };
}

export type OvertimeHandling = NonNullable<Profile['overtimeHandling']>;

/** 7.8: "do not use" unless the profile says an overtime use is recorded as a deviation. */
export const overtimeHandlingOf = (rules: UseTimeRules): OvertimeHandling =>
  rules.overtimeHandling ?? 'do_not_use';

export type ThawStatus = 'ok' | 'fail' | 'unverified';

export type InfusionDecision =
  | { allowed: true; deviation: false }
  | { allowed: true; deviation: true; why: InfusionProblem[] }
  | { allowed: false; why: InfusionProblem[] };

export type InfusionProblem = 'use_time_exceeded' | 'thaw_failed';

/** The clause behind each reason an infusion is refused or recorded as a deviation. */
export const INFUSION_PROBLEM_CLAUSE: Record<InfusionProblem, string> = {
  use_time_exceeded: '7.8',
  thaw_failed: '8.2.4',
};

/**
 * May the product be infused at atMs (7.8, 8.2.4)? Over any limit, or after a thaw judged out of
 * range or interrupted: refused ("do not use"), or allowed only as a deviation when the profile says
 * so. A thaw nobody could verify (no thaw device) does not refuse by itself.
 */
export function infusionDecision(
  rules: UseTimeRules,
  times: UseTimes,
  atMs: number,
  thaw?: ThawStatus,
): InfusionDecision {
  const why: InfusionProblem[] = [];
  if (useClock(rules, times, atMs).state === 'over') why.push('use_time_exceeded'); // 7.8
  if (thaw === 'fail') why.push('thaw_failed'); // 8.2.4
  if (why.length === 0) return { allowed: true, deviation: false };
  // 7.8 overtime handling as the profile states it
  return overtimeHandlingOf(rules) === 'record_deviation'
    ? { allowed: true, deviation: true, why }
    : { allowed: false, why };
}
