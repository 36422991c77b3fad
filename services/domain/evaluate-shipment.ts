/**
 * The verdict engine's batch form: evaluateShipment(input, nowMs, {locale?, timeZone?}) -> Verdict.
 *
 * Decisions (DESIGN.md "Rule semantics", the standard's 7.7, 8.1.3-8.1.5, 10.12):
 * - window: dispatch to receipt (final), or dispatch to now (provisional, final = false);
 * - not dispatched: an empty window at receipt/now, RECORD_INCOMPLETE (kind not_dispatched), status
 *   deviation; the record checks are pending while in transit and fail once received;
 * - the last reading before dispatch, if at most maxGap old, is held into the window as the state at
 *   dispatch (a logger started before dispatch); readings after the window end are ignored;
 * - readings stamped later than now + 5 min are a SENSOR_FAULT while provisional; once received,
 *   later readings are simply after the window, so a closed verdict never changes with `now`;
 * - every finding counts (none is information only): any finding or failed check is a deviation.
 */
import { buildChecks } from './checks.js';
import type { Finding, Verdict } from './contract.js';
import type { ShipmentEvaluationInput } from './evaluation-input.js';
import {
  buildFinding,
  DEFAULT_TIME_ZONE,
  type FindingDraft,
  isoUtc,
  type MessageOptions,
  minutes,
} from './finding.js';
import { CLOCK_AHEAD_LIMIT_MS, foldLoggers } from './logger-batch.js';
import { loggerDrafts, loggerStats } from './logger-findings.js';
import { profileLoggerRules } from './logger-rules.js';
import {
  calibrationDrafts,
  containerDrafts,
  delayDrafts,
  eventDrafts,
  expiryDrafts,
  receiptDrafts,
  transportTimeDrafts,
} from './shipment-findings.js';

/** An input the engine refuses to judge (the API refuses it first; the engine does not rely on that). */
export class EvaluationInputError extends Error {
  constructor(
    readonly code: 'CT_RECEIPT_TIME_INVALID',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'EvaluationInputError';
  }
}

export interface TransportWindow {
  fromMs: number;
  toMs: number;
  dispatched: boolean;
  final: boolean;
}

/**
 * The transport window: dispatch to receipt, or to `now` while in transit (provisional). Not yet
 * dispatched: an empty window at receipt or now; the record cannot be judged (RECORD_INCOMPLETE).
 */
export function transportWindow(input: ShipmentEvaluationInput, nowMs: number): TransportWindow {
  const final = input.receivedAtMs !== undefined;
  if (final && input.dispatchedAtMs !== undefined && input.receivedAtMs! < input.dispatchedAtMs) {
    throw new EvaluationInputError(
      'CT_RECEIPT_TIME_INVALID',
      `receipt at ${isoUtc(input.receivedAtMs!)} is before the dispatch at ${isoUtc(input.dispatchedAtMs)}`,
    );
  }
  const endMs = input.receivedAtMs ?? nowMs;
  if (input.dispatchedAtMs === undefined) return { fromMs: endMs, toMs: endMs, dispatched: false, final };
  return {
    fromMs: input.dispatchedAtMs,
    toMs: Math.max(input.dispatchedAtMs, endMs),
    dispatched: true,
    final,
  };
}

/**
 * A finding that is not information only makes the shipment deviate, and so does a failed check; a
 * final verdict with a check still pending (unverified) deviates too (docs/rules.md R2).
 */
export function deviates(
  findings: readonly Finding[],
  checksFailed: boolean,
  unverifiedAtDoor = false,
): boolean {
  return checksFailed || unverifiedAtDoor || findings.some((f) => f.severity !== 'info');
}

/**
 * The verdict on one shipment (8.1.3-8.1.5, 10.12): pure, `nowMs` given, readings and events in any
 * order with duplicates. Every logger is judged alone over the window; the shipment deviates when
 * any logger, check or receipt check fails. Messages are in `opts.locale` (default en), times in
 * `opts.timeZone` (default Asia/Shanghai).
 */
export function evaluateShipment(
  input: ShipmentEvaluationInput,
  nowMs: number,
  opts: MessageOptions = {},
): Verdict {
  const msg: MessageOptions = { locale: opts.locale ?? 'en', timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE };
  const w = transportWindow(input, nowMs);
  const deviceIds = [...new Set(input.shipment.deviceIds)];
  const drafts: FindingDraft[] = [];
  drafts.push(...containerDrafts(input));
  drafts.push(...expiryDrafts(input, w.toMs));
  drafts.push(...delayDrafts(input, w.toMs));
  drafts.push(...receiptDrafts(input));
  const stats: Record<string, unknown> = {};
  const loggers: Record<string, unknown> = {};
  const receipt = input.receiptChecks;
  let coolantByData = false;

  if (!w.dispatched) {
    // 8.1.5: without a dispatch there is no transport window to hold the record against
    drafts.push({ code: 'RECORD_INCOMPLETE', severity: 'major', details: { kind: 'not_dispatched' } });
  } else {
    drafts.push(...transportTimeDrafts(input, w.toMs));
    drafts.push(...calibrationDrafts(input.devices, deviceIds, w.fromMs, w.toMs));
    drafts.push(...eventDrafts(input.events, deviceIds, w.fromMs, w.toMs));
    const rules = { ...profileLoggerRules(input.profile, w.fromMs, w.toMs), atDoor: w.final };
    // readings stamped after now are a wrong clock; once received, later readings are just after the window
    const futureAfterMs = w.final ? Number.POSITIVE_INFINITY : nowMs + CLOCK_AHEAD_LIMIT_MS;
    const results = foldLoggers(input.readings, deviceIds, () => rules, w.toMs, futureAfterMs);
    for (const result of results) {
      drafts.push(...loggerDrafts(result, rules, w.toMs));
      loggers[result.deviceId] = loggerStats(result);
      // 8.1.4: a level reported near the door; LN2 and dry ice only go down in transit
      const lastPct = result.stats.lastCoolantTsMs;
      if (lastPct !== null && w.toMs - lastPct <= rules.maxGapMs) coolantByData = true;
    }
    stats.transportMinutes = minutes(w.toMs - w.fromMs);
  }
  stats.loggers = loggers;
  const coolantWatched = input.profile.coolantMinPct !== undefined;
  const coolantEvidence = coolantByData || receipt?.coolantOk === true;
  if (w.final) drafts.push(...unverifiedDrafts(coolantWatched && !coolantEvidence, input));

  const findings = drafts.map((d) => buildFinding(d, msg));
  const checks = buildChecks(findings, {
    dispatched: w.dispatched,
    final: w.final,
    coolantWatched,
    coolantEvidence,
    hasExpiry: input.shipment.expiresAt !== undefined,
    expectedState: input.shipment.product.state,
    receiptChecks: input.receiptChecks,
    locale: msg.locale ?? 'en',
  });
  return {
    shipmentId: input.shipment.id,
    status: deviates(
      findings,
      checks.some((c) => c.status === 'fail'),
      w.final && checks.some((c) => c.status === 'pending'),
    )
      ? 'deviation'
      : 'pass',
    final: w.final,
    window: { from: isoUtc(w.fromMs), to: isoUtc(w.toMs) },
    findings,
    checks,
    stats,
    evaluatedAt: isoUtc(nowMs),
  };
}

/**
 * 8.1.3, 8.1.4: no evidence is never a pass. At the door, a required check with neither a reading
 * nor the receiver's recorded observation behind it is a finding of its own (docs/rules.md R2).
 */
function unverifiedDrafts(coolantUnverified: boolean, input: ShipmentEvaluationInput): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  if (coolantUnverified && input.receiptChecks?.coolantOk === undefined) {
    drafts.push({ code: 'COOLANT_LOW', severity: 'major', details: { kind: 'unverified' } });
  }
  if (input.shipment.product.state !== undefined && input.receiptChecks?.stateOk === undefined) {
    drafts.push({
      code: 'RECEIPT_CHECK_FAILED',
      severity: 'major',
      clause: '8.1.3',
      details: { check: 'stateOk', kind: 'unverified' },
    });
  }
  return drafts;
}
