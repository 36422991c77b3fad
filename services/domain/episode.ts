/** What the logger fold finds: episodes (excursions, gaps ...) and per-logger statistics. */

export const IMPOSSIBLE_BELOW_C = -200; // colder than liquid nitrogen vapour can be
export const IMPOSSIBLE_ABOVE_C = 100;
export const STUCK_MIN_MS = 12 * 3_600_000;
export const STUCK_MIN_READINGS = 20;
export const MKT_DELTA_H_OVER_R_K = 10_000; // USP <1160>

export type EpisodeKind =
  | 'excursion'
  | 'hard_limit'
  | 'rule_single'
  | 'rule_cumulative'
  | 'budget_cumulative'
  | 'gap'
  | 'seq_hole'
  | 'coolant_low'
  | 'impossible_value'
  | 'stuck';

export interface Episode {
  kind: EpisodeKind;
  /** stable identity: kind, rule and device-time start */
  key: string;
  fromMs: number;
  toMs: number;
  open: boolean;
  /** the alarm condition is met (alarm delay, budgets, rule duration): it is a finding */
  alarmed: boolean;
  /** device time at which the alarm condition was first met */
  alarmAtMs: number;
  minC: number;
  maxC: number;
  /** lowest coolant level seen (coolant_low) */
  minPct?: number;
  ruleId?: string;
  /** seq_hole: how many seq numbers are missing */
  missing?: number;
  /** rule_cumulative / budget_cumulative: total time beyond the threshold over the window */
  totalMs?: number;
  /** excursion: time out of range within it (it may hold short returns to range, docs/rules.md R3) */
  outMs?: number;
  /** excursion: device time it came back in range, while the alarm-off margin runs; then it closes there */
  returnedMs?: number;
}

export interface LoggerStats {
  count: number;
  firstTsMs: number | null;
  lastTsMs: number | null;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  mktC: number | null;
  outOfRangeMs: number;
  longestExcursionMs: number;
  longestGapMs: number;
  coveredMs: number;
  windowMs: number;
  /** times seq went down (a logger restarted its numbering): not holes, gaps across judged by time */
  seqResets: number;
  /** device time of the last coolant level seen (held into the window included), or null */
  lastCoolantTsMs: number | null;
}

export interface LoggerFoldResult {
  noData: boolean;
  episodes: Episode[];
  /** record starts later than maxGap after the window start */
  incompleteStart?: { fromMs: number; toMs: number };
  /** record ends earlier than maxGap before the window end */
  incompleteEnd?: { fromMs: number; toMs: number };
  stats: LoggerStats;
}

export type TransitionListener = (type: 'started' | 'ended', episode: Episode, atMs: number) => void;

export function newEpisode(kind: EpisodeKind, fromMs: number, tempC: number, ruleId?: string): Episode {
  return {
    kind,
    key: `${kind}:${ruleId ?? ''}:${fromMs}`,
    fromMs,
    toMs: fromMs,
    open: true,
    alarmed: false,
    alarmAtMs: 0,
    minC: tempC,
    maxC: tempC,
    ruleId,
  };
}
