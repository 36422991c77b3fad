import { type FindingDraft, minutes, round1 } from './finding.js';
import type { LoggerRecordResult } from './logger-batch.js';
import type { Episode } from './logger-fold.js';
import type { LoggerRules } from './logger-rules.js';
import { formatRange, type TempRange } from './storage-modes.js';

/** The episode's most extreme temperature relative to the range. */
export function peakOf(ep: Episode, range: TempRange): number {
  const above = ep.maxC - range.maxC;
  const below = range.minC - ep.minC;
  return above >= below ? ep.maxC : ep.minC;
}

/**
 * A peak to one decimal, rounded away from the limit it broke: a value outside a limit never prints
 * as equal to it (8.01 against 8 reads 8.1, never 8).
 */
export function roundOutward(value: number, limitC: number, above: boolean): number {
  const r = round1(value);
  if (above && value > limitC && r <= limitC) return Math.ceil(value * 10) / 10;
  if (!above && value < limitC && r >= limitC) return Math.floor(value * 10) / 10;
  return r;
}

/** The excursion's peak as printed: beyond the limit it broke. */
function excursionPeak(ep: Episode, range: TempRange): number {
  const peak = peakOf(ep, range);
  return peak > range.maxC ? roundOutward(peak, range.maxC, true) : roundOutward(peak, range.minC, false);
}

/** One alarmed episode as a finding draft; undefined for an episode that is not (yet) a finding. */
export function episodeDraft(deviceId: string, ep: Episode, rules: LoggerRules): FindingDraft | undefined {
  if (!ep.alarmed) return undefined;
  const base = { deviceId, fromMs: ep.fromMs, toMs: ep.toMs };
  const durationMinutes = minutes(ep.toMs - ep.fromMs);
  const rangeC = formatRange(rules.range);
  switch (ep.kind) {
    case 'excursion': // 7.7, 8.1.5
      return {
        ...base,
        code: 'TEMP_OUT_OF_RANGE',
        severity: 'major',
        details: {
          kind: ep.open ? 'excursion_open' : 'excursion',
          rangeC,
          minLimitC: Number.isFinite(rules.range.minC) ? rules.range.minC : null,
          maxLimitC: Number.isFinite(rules.range.maxC) ? rules.range.maxC : null,
          peakC: excursionPeak(ep, rules.range),
          minC: ep.minC,
          maxC: ep.maxC,
          durationMinutes,
          outOfRangeMinutes: minutes(ep.outMs ?? ep.toMs - ep.fromMs),
          open: ep.open,
        },
      };
    case 'hard_limit': {
      const above = ep.maxC > rules.hardMaxC;
      return {
        ...base,
        code: 'TEMP_OUT_OF_RANGE',
        severity: 'critical',
        details: {
          kind: 'hard_limit',
          limitC: above ? rules.hardMaxC : rules.hardMinC,
          peakC: above
            ? roundOutward(ep.maxC, rules.hardMaxC, true)
            : roundOutward(ep.minC, rules.hardMinC, false),
          durationMinutes,
          open: ep.open,
        },
      };
    }
    case 'rule_single':
    case 'rule_cumulative': {
      const rule = rules.rules.find((r) => r.id === ep.ruleId);
      if (!rule) return undefined;
      return {
        ...base,
        code: 'TEMP_OUT_OF_RANGE',
        severity: 'major',
        details: {
          kind: ep.kind,
          ruleId: rule.id,
          direction: rule.direction,
          op: rule.direction === 'above' ? '≥' : '≤',
          thresholdC: rule.thresholdC,
          ruleMinutes: minutes(rule.durationMs),
          peakC: round1(rule.direction === 'above' ? ep.maxC : ep.minC),
          durationMinutes,
          totalMinutes: ep.totalMs === undefined ? durationMinutes : minutes(ep.totalMs),
          open: ep.open,
        },
      };
    }
    case 'budget_cumulative':
      return {
        ...base,
        code: 'TEMP_OUT_OF_RANGE',
        severity: 'major',
        details: {
          kind: 'budget_cumulative',
          rangeC,
          minLimitC: Number.isFinite(rules.range.minC) ? rules.range.minC : null,
          maxLimitC: Number.isFinite(rules.range.maxC) ? rules.range.maxC : null,
          totalMinutes: minutes(ep.totalMs ?? 0),
          budgetMinutes: minutes(rules.maxCumulativeExcursionMs ?? 0),
        },
      };
    case 'gap': // 8.1.5: continuous record
      return {
        ...base,
        code: 'RECORD_GAP',
        severity: 'major',
        details: { kind: 'gap', gapMinutes: durationMinutes, maxGapMinutes: minutes(rules.maxGapMs) },
      };
    case 'seq_hole':
      return {
        ...base,
        code: 'RECORD_GAP',
        severity: 'major',
        details: { kind: 'seq_hole', missing: ep.missing ?? 0 },
      };
    case 'coolant_low': // 8.1.4
      return {
        ...base,
        code: 'COOLANT_LOW',
        severity: 'critical',
        details: { minPct: ep.minPct ?? null, coolantMinPct: rules.coolantMinPct ?? null, open: ep.open },
      };
    case 'impossible_value':
      return {
        ...base,
        code: 'SENSOR_FAULT',
        severity: 'major',
        details: { kind: 'impossible_value', peakC: ep.maxC > 0 ? ep.maxC : ep.minC, durationMinutes },
      };
    case 'stuck':
      return {
        ...base,
        code: 'SENSOR_FAULT',
        severity: 'major',
        details: { kind: 'stuck', peakC: ep.minC, durationMinutes },
      };
  }
}

/** Every finding of one logger's record over the window (each logger is judged alone). */
export function loggerDrafts(result: LoggerRecordResult, rules: LoggerRules, toMs: number): FindingDraft[] {
  const id = result.deviceId;
  if (result.noData) {
    // 8.1.5: no data is never "in range"
    return [
      { code: 'NO_DATA', severity: 'critical', deviceId: id, fromMs: rules.windowFromMs, toMs, details: {} },
    ];
  }
  const drafts: FindingDraft[] = [];
  if (result.incompleteStart) {
    const { fromMs, toMs: to } = result.incompleteStart;
    drafts.push({
      code: 'RECORD_INCOMPLETE',
      severity: 'major',
      deviceId: id,
      fromMs,
      toMs: to,
      details: { kind: 'start', gapMinutes: minutes(to - fromMs) },
    });
  }
  for (const ep of result.episodes) {
    const d = episodeDraft(id, ep, rules);
    if (d) drafts.push(d);
  }
  if (result.incompleteEnd) {
    const { fromMs, toMs: to } = result.incompleteEnd;
    drafts.push({
      code: 'RECORD_INCOMPLETE',
      severity: 'major',
      deviceId: id,
      fromMs,
      toMs: to,
      details: { kind: 'end', gapMinutes: minutes(to - fromMs) },
    });
  }
  if (result.conflicts !== null) {
    // 8.1.5 other anomalies: the record holds two truths for one time; the worst one was judged
    const c = result.conflicts;
    drafts.push({
      code: 'RECORD_CONFLICT',
      severity: 'major',
      deviceId: id,
      fromMs: c.firstTsMs,
      toMs: c.lastTsMs,
      details: {
        count: c.count,
        valuesC: c.firstValuesC.map((v) => (Number.isFinite(v) ? String(v) : 'NaN')).join(', '),
        worstC: Number.isFinite(c.worstC) ? c.worstC : null,
      },
    });
  }
  if (result.clockAheadCount > 0) {
    drafts.push({
      code: 'SENSOR_FAULT',
      severity: 'major',
      deviceId: id,
      details: {
        kind: 'clock_ahead',
        count: result.clockAheadCount,
        aheadMinutes: minutes(result.clockAheadMaxMs),
      },
    });
  }
  if (result.futureCount > 0) {
    drafts.push({
      code: 'SENSOR_FAULT',
      severity: 'major',
      deviceId: id,
      toMs,
      details: { kind: 'future', count: result.futureCount },
    });
  }
  return drafts;
}

/** Per-logger statistics as the verdict shows them. */
export function loggerStats(result: LoggerRecordResult): Record<string, number | string | boolean | null> {
  const s = result.stats;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    count: s.count,
    first: iso(s.firstTsMs),
    last: iso(s.lastTsMs),
    minC: s.minC,
    maxC: s.maxC,
    meanC: s.meanC === null ? null : Math.round(s.meanC * 100) / 100,
    // USP <1160>, information only, refrigerated and room-temperature legs only
    mktC: s.mktC === null ? null : Math.round(s.mktC * 100) / 100,
    minutesOutOfRange: minutes(s.outOfRangeMs),
    longestExcursionMinutes: minutes(s.longestExcursionMs),
    longestGapMinutes: minutes(s.longestGapMs),
    coveragePct: s.windowMs > 0 ? Math.round((1000 * s.coveredMs) / s.windowMs) / 10 : null,
    clockOffsetMs: result.clockOffsetMs,
    seqResets: s.seqResets,
  };
}
