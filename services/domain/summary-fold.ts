import type { Reading } from './contract.js';
import type { HourSummary } from './hour-summary.js';
import { compareReadings, type LoggerRecordResult, SortedLoggerFeed } from './logger-batch.js';
import type { LoggerRules } from './logger-rules.js';

export interface SummaryFoldResult {
  results: LoggerRecordResult[];
  /** summaries the fold would not take (it was not quiet there): judge again with their points */
  refused: HourSummary[];
}

/**
 * Judges each logger over its raw readings and, for the hours given as summaries, over those in their
 * place: the same fold as foldLoggers, fed in device-time order. A summary's hour must hold none of
 * the readings given (the caller reads raw points only for the hours it does not summarize). A logger
 * whose fold refuses a summary gets no result here: it comes back in `refused`.
 */
export function foldWithSummaries(
  readings: readonly Reading[],
  summaries: readonly HourSummary[],
  deviceIds: readonly string[],
  rulesFor: (deviceId: string) => LoggerRules,
  toMs: number,
  futureAfterMs: number,
): SummaryFoldResult {
  const ids = [...new Set(deviceIds)];
  const rawOf = new Map<string, Reading[]>(ids.map((id) => [id, []]));
  for (const r of readings) rawOf.get(r.deviceId)?.push(r);
  const summariesOf = new Map<string, HourSummary[]>(ids.map((id) => [id, []]));
  for (const s of summaries) summariesOf.get(s.deviceId)?.push(s);
  const results: LoggerRecordResult[] = [];
  const refused: HourSummary[] = [];
  for (const id of ids) {
    const own = rawOf.get(id)!.sort(compareReadings);
    const hours = summariesOf.get(id)!.sort((a, b) => a.hourMs - b.hourMs);
    const feed = new SortedLoggerFeed(id, rulesFor(id), futureAfterMs);
    let i = 0;
    let failed: HourSummary | undefined;
    for (const s of hours) {
      while (i < own.length && own[i]!.tsMs < s.first.tsMs) feed.feed(own[i++]!);
      if (i < own.length && own[i]!.tsMs <= s.lastTsMs)
        throw new Error(`foldWithSummaries: ${id} has readings inside a summarized hour`);
      if (!feed.feedSummary(s)) {
        failed = s;
        break;
      }
    }
    if (failed) {
      refused.push(failed);
      continue;
    }
    while (i < own.length) feed.feed(own[i++]!);
    results.push(feed.finish(toMs));
  }
  return { results, refused };
}
