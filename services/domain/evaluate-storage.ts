import type { Device, DeviceEvent, Finding, Reading, StorageUnit } from './contract.js';
import {
  buildFinding,
  DEFAULT_TIME_ZONE,
  type FindingDraft,
  isoUtc,
  type MessageOptions,
} from './finding.js';
import type { HourSummary } from './hour-summary.js';
import { foldLoggers, type LoggerRecordResult } from './logger-batch.js';
import { loggerDrafts, loggerStats } from './logger-findings.js';
import { type LoggerRules, toleranceRules } from './logger-rules.js';
import { calibrationDrafts, eventDrafts } from './shipment-findings.js';
import { storageLimitState } from './storage-limit.js';
import { mktApplies, resolveRange, stuckCheckApplies } from './storage-modes.js';
import { foldWithSummaries } from './summary-fold.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** readings stamped this far past `now` are from the future (a wrong device clock) */
export const FUTURE_MS = 5 * MINUTE_MS;
/** An item is due soon within 10 % of its storage limit before it, at most 7 days. */

export interface StoredItem {
  id: string;
  product: string;
  storedAtMs: number;
  storageLimitDays: number;
  /** taken out: no longer watched */
  removedAtMs?: number;
}

export interface StorageEvaluationInput {
  unit: StorageUnit;
  /** the unit's sensors as registered (calibration, logging interval) */
  devices: Device[];
  items: StoredItem[];
  readings: Iterable<Reading>;
  events: Iterable<DeviceEvent>;
  /** the period judged, epoch ms; it ends at `now` */
  fromMs: number;
}

export interface StoredItemState {
  id: string;
  storedAt: string;
  limitAt: string;
  state: 'ok' | 'due_soon' | 'overdue';
}

export interface StorageStatus {
  unitId: string;
  status: 'ok' | 'alarm';
  window: { from: string; to: string };
  findings: Finding[];
  items: StoredItemState[];
  stats: Record<string, unknown>;
  evaluatedAt: string;
}

/** The storage unit's rules: its range, the alarm delay that absorbs door openings, coolant minimum. */
export function storageLoggerRules(
  unit: StorageUnit,
  devices: readonly Device[],
  fromMs: number,
  toMs: number,
): LoggerRules {
  const intervalS = Math.max(
    0,
    ...devices.filter((d) => unit.deviceIds.includes(d.id)).map((d) => d.loggingIntervalS),
  );
  const maxGapMs =
    unit.maxGapMinutes !== undefined
      ? unit.maxGapMinutes * MINUTE_MS
      : Math.max(15 * MINUTE_MS, 3 * intervalS * 1000);
  return {
    storageMode: unit.storageMode,
    range: resolveRange(unit.storageMode, unit.tempMinC, unit.tempMaxC),
    ...toleranceRules({ alarmDelayMinutes: unit.alarmDelayMinutes }),
    maxGapMs,
    coolantMinPct: unit.coolantMinPct,
    mkt: mktApplies(unit.storageMode),
    stuckCheck: stuckCheckApplies(unit.storageMode),
    windowFromMs: fromMs,
    windowToMs: toMs,
  };
}

/** 7.7 storage time limit: stored-at plus the limit; due soon shortly before, overdue after. */
export function storedItemState(item: StoredItem, nowMs: number): StoredItemState {
  const limitAtMs = item.storedAtMs + item.storageLimitDays * DAY_MS;
  const state = storageLimitState(item.storedAtMs, limitAtMs, nowMs);
  return { id: item.id, storedAt: isoUtc(item.storedAtMs), limitAt: isoUtc(limitAtMs), state };
}

/**
 * A storage unit over [fromMs, now]: each sensor judged alone against the unit's range with its
 * alarm delay (short door openings are tolerated, a door left open longer is an exposure), coolant
 * level, record continuity, calibration (10.12), and each stored item against its storage limit (7.7).
 */
export function evaluateStorage(
  input: StorageEvaluationInput,
  nowMs: number,
  opts: MessageOptions = {},
): StorageStatus {
  const fromMs = Math.min(input.fromMs, nowMs);
  const rules = storageLoggerRules(input.unit, input.devices, fromMs, nowMs);
  const results = foldLoggers(
    input.readings,
    [...new Set(input.unit.deviceIds)],
    () => rules,
    nowMs,
    nowMs + FUTURE_MS,
  );
  return judgeStorage(input, results, rules, nowMs, opts);
}

/**
 * The same over a long period where quiet hours come as summaries (hour-summary.ts) instead of their
 * readings (`input.readings` holds the points of every other hour). When the fold refuses a summary,
 * the answer is the summaries to replace with their points, and no status.
 */
export function evaluateStorageWithSummaries(
  input: StorageEvaluationInput & { summaries: readonly HourSummary[] },
  nowMs: number,
  opts: MessageOptions = {},
): StorageStatus | { refused: HourSummary[] } {
  const fromMs = Math.min(input.fromMs, nowMs);
  const rules = storageLoggerRules(input.unit, input.devices, fromMs, nowMs);
  const { results, refused } = foldWithSummaries(
    Array.from(input.readings),
    input.summaries,
    input.unit.deviceIds,
    () => rules,
    nowMs,
    nowMs + FUTURE_MS,
  );
  if (refused.length > 0) return { refused };
  return judgeStorage(input, results, rules, nowMs, opts);
}

function judgeStorage(
  input: StorageEvaluationInput,
  results: readonly LoggerRecordResult[],
  rules: LoggerRules,
  nowMs: number,
  opts: MessageOptions,
): StorageStatus {
  const msg: MessageOptions = { locale: opts.locale ?? 'en', timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE };
  const { unit } = input;
  const fromMs = Math.min(input.fromMs, nowMs);
  const deviceIds = [...new Set(unit.deviceIds)];
  const drafts: FindingDraft[] = [];
  const loggers: Record<string, unknown> = {};
  for (const result of results) {
    drafts.push(...loggerDrafts(result, rules, nowMs));
    loggers[result.deviceId] = loggerStats(result);
  }
  drafts.push(...calibrationDrafts(input.devices, deviceIds, fromMs, nowMs));
  for (const d of eventDrafts(input.events, deviceIds, fromMs, nowMs)) {
    // a door opened and closed within the alarm delay is normal use of a fridge or freezer
    const minutesOpen = typeof d.details.durationMinutes === 'number' ? d.details.durationMinutes : 0;
    if (d.code === 'EXPOSURE' && d.details.kind !== 'event' && minutesOpen < unit.alarmDelayMinutes) continue;
    drafts.push(d);
  }
  const items = input.items
    .filter((i) => i.removedAtMs === undefined || i.removedAtMs > nowMs)
    .sort((a, b) => a.storedAtMs - b.storedAtMs || (a.id < b.id ? -1 : 1))
    .map((i) => storedItemState(i, nowMs));
  for (const item of items) {
    if (item.state !== 'overdue') continue;
    drafts.push({
      code: 'PRODUCT_EXPIRED',
      clause: '7.7',
      severity: 'critical',
      fromMs: Date.parse(item.limitAt),
      toMs: nowMs,
      details: { kind: 'storage_limit', itemId: item.id },
    });
  }
  const findings = drafts.map((d) => buildFinding(d, msg));
  return {
    unitId: unit.id,
    status: findings.some((f) => f.severity !== 'info') ? 'alarm' : 'ok',
    window: { from: isoUtc(fromMs), to: isoUtc(nowMs) },
    findings,
    items,
    stats: { loggers },
    evaluatedAt: isoUtc(nowMs),
  };
}
