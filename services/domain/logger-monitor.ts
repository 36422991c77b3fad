/**
 * Live, incremental judgement of one logger: the rules worker feeds readings as they arrive, in any
 * order, and gets episode transitions to turn into alerts.
 *
 *   const m = new LoggerMonitor(deviceId, rules, { toFinding });
 *   m.add(readings, nowMs)  -> LoggerTransition[]  (excursion_started/ended, gap_detected/ended, ...)
 *   m.tick(nowMs)           -> LoggerTransition[]  (gap_detected: silent longer than maxGap at `now`)
 *   m.readings()            -> the stored record (sorted, deduplicated), what the batch verdict sees
 *   m.openEpisodes()        -> alarmed episodes still open (to reconcile alerts after a restart)
 *   m.compactBefore(tsMs)   -> forget readings older than tsMs (a storage unit watched for months):
 *                              they are folded into a checkpoint; readings older than it are ignored
 *
 * In-order readings go straight into the live fold (the same LoggerFold the batch verdict runs).
 * A reading older than the newest one (or a duplicate that wins the tie) is inserted into the stored
 * record, the fold is rebuilt by replaying it, and the difference between the old and the new
 * episodes comes out as transitions marked `late` (or `retracted` when an alarm no longer holds).
 * Every transition has a stable `key` (device, episode kind, device-time start): a restarted worker
 * replays the stored readings into a fresh monitor and uses the keys to avoid alerting twice.
 */
import type { Finding, FindingCode, Reading } from './contract.js';
import { type FindingDraft, minutes } from './finding.js';
import { foldSeq } from './logger-batch.js';
import { episodeDraft } from './logger-findings.js';
import { type Episode, type EpisodeKind, LoggerFold } from './logger-fold.js';
import type { LoggerRules } from './logger-rules.js';
import { ReadingColumns } from './reading-columns.js';

export type LoggerTransitionType =
  | 'excursion_started'
  | 'excursion_ended'
  | 'rule_triggered'
  | 'rule_ended'
  | 'gap_detected'
  | 'gap_ended'
  | 'coolant_low'
  | 'coolant_restored'
  | 'sensor_fault'
  | 'sensor_fault_ended'
  | 'retracted';

export interface LoggerTransition {
  type: LoggerTransitionType;
  /** stable identity of the episode: `${deviceId}|${kind}:${ruleId}:${startMs}` */
  key: string;
  deviceId: string;
  code: FindingCode;
  /** device time of the episode's start */
  fromMs: number;
  /** device time it ended (ended transitions, gaps found after the fact) */
  toMs?: number;
  /** device time at which the transition happened (the reading that triggered it, or now for silence) */
  atMs: number;
  /** found from backlog: the triggering reading arrived long after it was measured, or out of order */
  late: boolean;
  durationMs?: number;
  peakC?: number;
  /** the finding as the verdict shows it */
  finding?: Finding;
}

export interface LoggerMonitorOptions {
  /** renders a finding (message in the chosen locale); without it transitions carry no finding */
  toFinding?: (draft: FindingDraft) => Finding;
  /** a transition whose triggering reading is older than this at `now` is late; default maxGap */
  lateAfterMs?: number;
}

const START: Record<EpisodeKind, LoggerTransitionType> = {
  excursion: 'excursion_started',
  hard_limit: 'excursion_started',
  rule_single: 'rule_triggered',
  rule_cumulative: 'rule_triggered',
  budget_cumulative: 'rule_triggered',
  gap: 'gap_detected',
  seq_hole: 'gap_detected',
  coolant_low: 'coolant_low',
  impossible_value: 'sensor_fault',
  stuck: 'sensor_fault',
};
const END: Partial<Record<EpisodeKind, LoggerTransitionType>> = {
  excursion: 'excursion_ended',
  hard_limit: 'excursion_ended',
  rule_single: 'rule_ended',
  coolant_low: 'coolant_restored',
  impossible_value: 'sensor_fault_ended',
  stuck: 'sensor_fault_ended',
};

export class LoggerMonitor {
  private readonly store = new ReadingColumns(() => this.rules.range);
  private fold: LoggerFold;
  /** the fold over every reading before `checkpointMs` (compactBefore), replays start from it */
  private checkpoint: LoggerFold | null = null;
  private checkpointMs = Number.NEGATIVE_INFINITY;
  /** readings that came older than the checkpoint and were ignored */
  ignoredBeforeCheckpoint = 0;
  private out: LoggerTransition[] = [];
  private nowMs = 0;
  private forceLate = false;
  /** open silence alarm (tick): its key is the key the gap episode will get when readings resume */
  private silence: { key: string; fromMs: number } | null = null;
  /**
   * when the logger was last heard from (arrival time, server clock): a backlog arriving now is not
   * a silent logger, however old its device times are
   */
  private lastHeardMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly deviceId: string,
    private rules: LoggerRules,
    private readonly opts: LoggerMonitorOptions = {},
  ) {
    this.fold = this.newFold(true);
  }

  private newFold(live: boolean): LoggerFold {
    const fold = new LoggerFold({ ...this.rules, windowToMs: Number.POSITIVE_INFINITY });
    if (live) fold.listener = (type, ep, atMs) => this.onFold(type, ep, atMs);
    return fold;
  }

  private get lateAfterMs(): number {
    return this.opts.lateAfterMs ?? this.rules.maxGapMs;
  }

  private transition(type: LoggerTransitionType, ep: Episode, atMs: number, late: boolean): LoggerTransition {
    const draft = episodeDraft(this.deviceId, ep, this.rules);
    const tr: LoggerTransition = {
      type,
      key: `${this.deviceId}|${ep.key}`,
      deviceId: this.deviceId,
      code: draft?.code ?? 'TEMP_OUT_OF_RANGE',
      fromMs: ep.fromMs,
      atMs,
      late,
    };
    if (!ep.open || type.endsWith('_ended') || type === 'coolant_restored') tr.toMs = ep.toMs;
    if (ep.kind !== 'gap' && ep.kind !== 'seq_hole') {
      tr.durationMs = ep.toMs - ep.fromMs;
      tr.peakC = ep.maxC > this.rules.range.maxC || ep.minC >= this.rules.range.minC ? ep.maxC : ep.minC;
    }
    if (draft && this.opts.toFinding) tr.finding = this.opts.toFinding(draft);
    return tr;
  }

  private onFold(type: 'started' | 'ended', ep: Episode, atMs: number): void {
    const key = `${this.deviceId}|${ep.key}`;
    if (ep.kind === 'gap' && this.silence?.key === key) return; // already alerted by tick; gap_ended follows
    const late = this.forceLate || this.nowMs - atMs > this.lateAfterMs;
    if (type === 'started') this.out.push(this.transition(START[ep.kind], ep, atMs, late));
    else {
      const end = END[ep.kind];
      if (end) this.out.push(this.transition(end, ep, atMs, late));
    }
  }

  /** Stored readings, sorted and deduplicated: the input the batch verdict gets. */
  readings(): IterableIterator<Reading> {
    return this.store.readings(this.deviceId);
  }

  get count(): number {
    return this.store.length;
  }

  /** Adds readings of this logger (any order, duplicates allowed). */
  add(readings: Iterable<Reading>, nowMs: number): LoggerTransition[] {
    this.nowMs = nowMs;
    let rebuild = false;
    for (const r of readings) {
      if (r.deviceId !== this.deviceId) continue;
      if (r.tsMs < this.checkpointMs) {
        this.ignoredBeforeCheckpoint++;
        continue;
      }
      const heardMs = r.receivedAtMs ?? nowMs;
      if (heardMs > this.lastHeardMs) this.lastHeardMs = heardMs;
      const how = this.store.add(r);
      // a reading from before the window after the window started changes the held state: replay
      const inOrder = how === 'appended' && !(this.fold.isStarted && r.tsMs < this.rules.windowFromMs);
      if (inOrder && !rebuild) this.fold.push(r.tsMs, foldSeq(r), r.tempC, r.ln2LevelPct ?? Number.NaN);
      else if (how !== 'duplicate') rebuild = true;
    }
    if (rebuild) this.rebuild(true);
    this.startIfDue(this.fold);
    this.endSilence();
    return this.drain();
  }

  /**
   * 8.1.5: silent longer than maxGap at `now` (strictly), both in device time and since the logger was
   * last heard from: gap_detected, once per silence. A logger replaying its backlog is being heard.
   */
  tick(nowMs: number): LoggerTransition[] {
    this.nowMs = nowMs;
    this.startIfDue(this.fold);
    const last = Math.max(this.fold.lastReadingMs, this.rules.windowFromMs);
    const heard = Math.max(this.lastHeardMs, this.rules.windowFromMs);
    if (
      nowMs - last > this.rules.maxGapMs &&
      nowMs - heard > this.rules.maxGapMs &&
      this.silence?.fromMs !== last
    ) {
      const key = `${this.deviceId}|gap::${last}`;
      this.silence = { key, fromMs: last };
      this.out.push({
        type: 'gap_detected',
        key,
        deviceId: this.deviceId,
        code: 'RECORD_GAP',
        fromMs: last,
        atMs: nowMs,
        late: false,
        durationMs: nowMs - last,
        ...this.silenceFinding(last, nowMs),
      });
    }
    return this.drain();
  }

  /** Once `now` is past the window start, the reading held from before it is judged (as the batch does). */
  private startIfDue(fold: LoggerFold): void {
    if (this.nowMs >= this.rules.windowFromMs) fold.startWindow();
  }

  /** 8.1.5: the silence as the RECORD_GAP finding it is (or becomes) in the verdict. */
  private silenceFinding(fromMs: number, toMs: number): { finding?: Finding } {
    if (!this.opts.toFinding) return {};
    const draft: FindingDraft = {
      code: 'RECORD_GAP',
      severity: 'major',
      deviceId: this.deviceId,
      fromMs,
      toMs,
      details: {
        kind: 'gap',
        gapMinutes: minutes(toMs - fromMs),
        maxGapMinutes: minutes(this.rules.maxGapMs),
      },
    };
    return { finding: this.opts.toFinding(draft) };
  }

  private endSilence(): void {
    const s = this.silence;
    if (s === null || this.fold.lastReadingMs <= s.fromMs) return;
    this.silence = null;
    this.out.push({
      type: 'gap_ended',
      key: s.key,
      deviceId: this.deviceId,
      code: 'RECORD_GAP',
      fromMs: s.fromMs,
      toMs: this.fold.lastReadingMs,
      atMs: this.fold.lastReadingMs,
      late: false,
      durationMs: this.fold.lastReadingMs - s.fromMs,
      ...this.silenceFinding(s.fromMs, this.fold.lastReadingMs),
    });
  }

  /** New rules (e.g. dispatch time corrected): replays the record; differences come out as late. */
  setRules(rules: LoggerRules, nowMs: number): LoggerTransition[] {
    this.rules = rules;
    this.nowMs = nowMs;
    this.rebuild(true);
    return this.drain();
  }

  /** Alarmed episodes that are still open, as transitions (for reconciling after a restart). */
  openEpisodes(): LoggerTransition[] {
    return this.fold.episodes
      .filter((ep) => ep.alarmed && ep.open && END[ep.kind])
      .map((ep) => this.transition(START[ep.kind], ep, ep.alarmAtMs, true));
  }

  /**
   * Keeps only readings from `tsMs` on: older ones are folded into a checkpoint the monitor replays
   * from, and episodes that ended before it are forgotten. Transitions do not change; readings()
   * then returns the retained readings only. For long-lived watches (storage units).
   */
  compactBefore(tsMs: number): void {
    if (tsMs <= this.checkpointMs) return;
    const base = this.checkpoint ? this.checkpoint.clone() : this.newFold(false);
    let i = 0;
    for (; i < this.store.length && this.store.tsAt(i) < tsMs; i++) {
      base.push(
        this.store.tsAt(i),
        this.store.seqAt(i),
        this.store.tempAt(i),
        this.store.pctAt(i),
        this.store.seqHighAt(i),
      );
    }
    this.store.dropBefore(tsMs);
    base.pruneClosedBefore(tsMs);
    this.fold.pruneClosedBefore(tsMs);
    this.checkpoint = base;
    this.checkpointMs = tsMs;
  }

  private rebuild(emit: boolean): void {
    const old = this.fold;
    const fresh = this.checkpoint ? this.checkpoint.clone() : this.newFold(false);
    for (let i = 0; i < this.store.length; i++) {
      fresh.push(
        this.store.tsAt(i),
        this.store.seqAt(i),
        this.store.tempAt(i),
        this.store.pctAt(i),
        this.store.seqHighAt(i),
      );
    }
    this.startIfDue(fresh);
    this.fold = fresh;
    fresh.listener = (type, ep, atMs) => this.onFold(type, ep, atMs);
    if (!emit) return;
    const before = new Map(old.episodes.filter((e) => e.alarmed).map((e) => [e.key, e]));
    const after = new Map(fresh.episodes.filter((e) => e.alarmed).map((e) => [e.key, e]));
    this.forceLate = true;
    for (const [key, ep] of after) {
      const prev = before.get(key);
      if (!prev) this.onFold('started', ep, ep.alarmAtMs);
      if ((!prev || prev.open) && !ep.open) this.onFold('ended', ep, ep.toMs);
    }
    this.forceLate = false;
    for (const [key, ep] of before) {
      if (after.has(key)) continue;
      const tr = this.transition('retracted', ep, ep.alarmAtMs, true);
      this.out.push(tr);
    }
  }

  private drain(): LoggerTransition[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

export function createLoggerMonitor(
  deviceId: string,
  rules: LoggerRules,
  opts: LoggerMonitorOptions = {},
): LoggerMonitor {
  return new LoggerMonitor(deviceId, rules, opts);
}
