import type { Logger } from 'pino';
import type { Reading } from '../../domain/contract.js';
import { HOUR_MS, type HourSummary, hourOf, summarizeHours } from '../../domain/hour-summary.js';
import type { ReadingsStore } from './readings-store.js';

/** What keepHourlySummaries found and made over a span of whole hours. */
export interface KeptSummaries {
  /** points stored per `device|hourMs`, as InfluxDB counts them (hours without points left out) */
  counts: Map<string, number>;
  /** a summary for each hour whose points it still adds up to: kept ones and those made now */
  valid: HourSummary[];
  /** the points read for hours without a valid summary, by `device|hourMs` */
  rawByHour: Map<string, Reading[]>;
  /** summaries made (and stored) on the way */
  made: number;
}

export const summaryKey = (deviceId: string, hourMs: number) => `${deviceId}|${hourMs}`;

/** Consecutive hours as [from, to) spans. */
export function hourSpans(hours: readonly number[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const h of [...hours].sort((a, b) => a - b)) {
    const last = spans.at(-1);
    if (last && last[1] === h) last[1] = h + HOUR_MS;
    else spans.push([h, h + HOUR_MS]);
  }
  return spans;
}

/** Every point of a device in [fromMs, toExclusiveMs), paged. */
export async function pointsOver(
  store: ReadingsStore,
  deviceId: string,
  fromMs: number,
  toExclusiveMs: number,
): Promise<Reading[]> {
  const out: Reading[] = [];
  if (toExclusiveMs <= fromMs) return out;
  for await (const page of store.readingPagesOf(deviceId, fromMs, toExclusiveMs - 1, { pageSize: 20_000 }))
    out.push(...page);
  return out;
}

/**
 * The hourly summaries (rollups.ts) of these devices over the whole hours [fromHourMs, toHourMs),
 * brought up to date: a kept summary stands while InfluxDB still counts as many points in its hour
 * as it was made from; every other hour with points is read, summed up again and its summary
 * stored. Used by the long status and the report (on the way) and by the keeper in the rules role
 * (ahead of them). A failure to store summaries changes no answer: they are made again next time.
 */
export async function keepHourlySummaries(
  store: ReadingsStore,
  deviceIds: readonly string[],
  fromHourMs: number,
  toHourMs: number,
  logger: Logger,
): Promise<KeptSummaries> {
  const ids = [...new Set(deviceIds)];
  const [stored, counts] = await Promise.all([
    store.summariesOf(ids, fromHourMs, toHourMs),
    store.hourlyCounts(ids, fromHourMs, toHourMs),
  ]);
  const storedBy = new Map(stored.map((s) => [summaryKey(s.deviceId, s.hourMs), s]));
  const valid: HourSummary[] = [];
  const stale = new Map<string, number[]>(ids.map((id) => [id, []]));
  for (const [k, n] of counts) {
    const s = storedBy.get(k);
    const cut = k.lastIndexOf('|');
    if (s && s.n === n) valid.push(s);
    else stale.get(k.slice(0, cut))?.push(Number(k.slice(cut + 1)));
  }
  const rawByHour = new Map<string, Reading[]>();
  const made: HourSummary[] = [];
  await Promise.all(
    ids.map(async (id) => {
      for (const [from, to] of hourSpans(stale.get(id) ?? [])) {
        const points = await pointsOver(store, id, from, to);
        for (const s of summarizeHours(points)) {
          // a point stored between the count and the read: the summary would be stale at once
          if (s.n === counts.get(summaryKey(id, s.hourMs))) made.push(s);
        }
        for (const r of points) {
          const k = summaryKey(id, hourOf(r.tsMs));
          const list = rawByHour.get(k);
          if (list) list.push(r);
          else rawByHour.set(k, [r]);
        }
      }
    }),
  );
  if (made.length > 0) {
    await store.writeSummaries(made).catch((error: unknown) => {
      logger.warn(
        { err: error, summaries: made.length },
        'hourly summaries not stored; will make them again',
      );
    });
  }
  return { counts, valid: [...valid, ...made], rawByHour, made: made.length };
}
