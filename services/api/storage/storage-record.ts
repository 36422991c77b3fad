import type { Logger } from 'pino';
import type { DeviceEvent, Reading } from '../../domain/contract.js';
import { FUTURE_MS } from '../../domain/evaluate-storage.js';
import {
  HOUR_MS,
  type HourSummary,
  hourOf,
  summarizeHours,
  usableSummaries,
} from '../../domain/hour-summary.js';
import type { LoggerRules } from '../../domain/logger-rules.js';
import {
  hourSpans,
  keepHourlySummaries,
  summaryKey as key,
  pointsOver,
} from '../../store/readings/keep-summaries.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';
import { collect } from '../verdict/shipment-record.js';

/** A unit's record over a long period: raw points where they matter, hourly summaries elsewhere. */
export interface LongStorageRecord {
  readings: Reading[];
  events: DeviceEvent[];
  summaries: HourSummary[];
  /** how the record was read: hours with points, hours summed up, summaries made on the way */
  source: { hours: number; summarized: number; rawHours: number; summariesMade: number };
}

/**
 * Reads a unit's record over [fromMs, nowMs] for a long status or report. Whole hours come as the
 * stored summaries when InfluxDB still counts as many points in the hour as the summary was made from
 * (a late reading makes it stale), and only where usableSummaries lets them stand; every other hour is
 * read raw, and an hour without a valid summary is summed up from its points and the summary stored
 * for the next time. The partial hours at both ends are always raw. Events are read raw (they are few).
 */
export async function loadLongStorageRecord(
  store: ReadingsStore,
  deviceIds: readonly string[],
  fromMs: number,
  nowMs: number,
  rules: LoggerRules,
  logger: Logger,
  /** hours known to need their points (`device|hourMs` of a summary the fold refused), or all */
  rawAnyway: ReadonlySet<string> | 'all' = new Set(),
): Promise<LongStorageRecord> {
  const ids = [...new Set(deviceIds)];
  const raw = (k: string) => rawAnyway === 'all' || rawAnyway.has(k);
  const firstHour = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const endHour = Math.max(firstHour, hourOf(nowMs));
  const [kept, events] = await Promise.all([
    keepHourlySummaries(store, ids, firstHour, endHour, logger),
    Promise.all(ids.map((id) => collect(store.eventsOf(id, fromMs, nowMs)))),
  ]);
  const { counts, rawByHour } = kept;
  // the partial hours at both ends are read raw; summed up, they only tell whether they are loud
  // (and so keep their neighbours raw too), never stand in for their points
  const edges = await Promise.all(
    ids.map(async (id) => ({
      head: await pointsOver(store, id, fromMs, Math.min(firstHour, nowMs + 1)),
      tail: endHour >= firstHour ? await pointsOver(store, id, endHour, nowMs + 1) : [],
    })),
  );
  const edgeSummaries = edges.flatMap((e) => [...summarizeHours(e.head), ...summarizeHours(e.tail)]);
  // edge hours and hours the caller wants raw still keep loud neighbours' neighbours raw
  const edge = new Set(edgeSummaries);
  const usable = usableSummaries([...kept.valid, ...edgeSummaries], rules, nowMs + FUTURE_MS).filter(
    (s) => !edge.has(s) && !raw(key(s.deviceId, s.hourMs)),
  );
  const summarized = new Set(usable.map((s) => key(s.deviceId, s.hourMs)));
  const readings: Reading[] = [];
  await Promise.all(
    ids.map(async (id, at) => {
      const own: Reading[] = [...edges[at]!.head];
      const needed: number[] = [];
      for (const k of counts.keys()) {
        if (!k.startsWith(`${id}|`) || summarized.has(k)) continue;
        const kept = rawByHour.get(k);
        if (kept) own.push(...kept);
        else needed.push(Number(k.slice(id.length + 1)));
      }
      for (const [from, to] of hourSpans(needed)) own.push(...(await pointsOver(store, id, from, to)));
      own.push(...edges[at]!.tail);
      readings.push(...own);
    }),
  );
  return {
    readings,
    events: events.flat(),
    summaries: usable,
    source: {
      hours: counts.size,
      summarized: usable.length,
      rawHours: counts.size - usable.length,
      summariesMade: kept.made,
    },
  };
}
