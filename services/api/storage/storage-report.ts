import type { Logger } from 'pino';
import type { StorageUnit } from '../../domain/contract.js';
import { HOUR_MS, type HourSummary, summarizeHours } from '../../domain/hour-summary.js';
import { utcOffsetMinutes } from '../../domain/messages/time.js';
import { resolveRange, type TempRange } from '../../domain/storage-modes.js';
import { pointsOver } from '../../store/readings/keep-summaries.js';
import type { DailySummary, ReadingsStore } from '../../store/readings/readings-store.js';

const DAY_MS = 24 * HOUR_MS;
/** stale days read in one go at most (a first report over years reads them in spans of this) */
const MAX_DAYS_PER_READ = 31;

/** One sensor's day in the report. */
export interface ReportDay {
  /** the local date in the report's zone, YYYY-MM-DD */
  date: string;
  deviceId: string;
  readings: number;
  minC: number | null;
  maxC: number | null;
  /** time-weighted mean within the hours that have readings */
  meanC: number | null;
  /** hours with readings, and of them those with a reading outside the unit's range */
  hours: number;
  hoursOutOfRange: number;
}

export interface StorageReport {
  unitId: string;
  timeZone: string;
  from: string;
  to: string;
  range: { minC: number | null; maxC: number | null };
  days: ReportDay[];
  sensors: {
    deviceId: string;
    readings: number;
    minC: number | null;
    maxC: number | null;
    hoursOutOfRange: number;
    daysWithReadings: number;
  }[];
  /** how it was read: sensor-days from kept summaries, sensor-days summed up again from their points */
  source: { sensorDays: number; fromSummaries: number; fromRaw: number; summariesMade: number };
}

/**
 * The zone the days are cut in: the site's, when its offset is whole hours over the whole period (the
 * hourly summaries then fall in one local day each), else UTC.
 */
export function reportZone(timeZone: string, fromMs: number, toMs: number): string {
  for (let t = fromMs; t < toMs + 31 * DAY_MS; t += 31 * DAY_MS) {
    if (utcOffsetMinutes(Math.min(t, toMs), timeZone) % 60 !== 0) return 'UTC';
  }
  return timeZone;
}

/** The instant of local midnight of `date` (YYYY-MM-DD) in the zone. */
export function localMidnightMs(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d);
  // the offset at the guess, then at the corrected instant (a DST change near midnight)
  const first = asUtc - utcOffsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - utcOffsetMinutes(first, timeZone) * 60_000;
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(ms: number, timeZone: string): string {
  return new Date(ms + utcOffsetMinutes(ms, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** The next local midnight after a day's first instant. */
function nextMidnightMs(dayMs: number, timeZone: string): number {
  return localMidnightMs(localDate(dayMs + DAY_MS + 2 * HOUR_MS, timeZone), timeZone);
}

const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** A sensor-day from summaries made from its points (a day whose kept summaries were stale or missing). */
function dayOf(
  deviceId: string,
  dayMs: number,
  made: readonly HourSummary[],
  range: TempRange,
): DailySummary {
  const finite = made.filter((s) => s.finite);
  return {
    deviceId,
    dayMs,
    n: made.reduce((n, s) => n + s.n, 0),
    minC: Math.min(...finite.map((s) => s.minC)),
    maxC: Math.max(...finite.map((s) => s.maxC)),
    twSumC: finite.reduce((n, s) => n + s.twSumC, 0),
    spanMs: finite.reduce((n, s) => n + (s.lastTsMs - s.first.tsMs), 0),
    hours: made.length,
    hoursOutOfRange: made.filter((s) => !s.finite || s.maxC > range.maxC || s.minC < range.minC).length,
  };
}

/**
 * A storage unit's report over whole local days [fromDate, toDate]: per sensor and day the readings,
 * lowest, highest and mean temperature and the hours out of range, from the hourly summaries the
 * project keeps (readings_1h), aggregated by InfluxDB. The raw readings stay the record: each
 * sensor-day is checked against InfluxDB's count of its raw points, and a day whose summaries do not
 * add up to it (a late reading, a summary never made) is read raw, summed up again and its summaries
 * kept. It is a report, not a verdict: findings come from the status (up to 90 days) or a verdict.
 */
export async function storageReport(
  store: ReadingsStore,
  unit: StorageUnit,
  fromDate: string,
  toDate: string,
  siteTimeZone: string,
  logger: Logger,
): Promise<StorageReport> {
  const roughFrom = Date.parse(`${fromDate}T00:00:00Z`);
  const roughTo = Date.parse(`${toDate}T00:00:00Z`) + DAY_MS;
  const timeZone = reportZone(siteTimeZone, roughFrom - DAY_MS, roughTo + DAY_MS);
  const fromMs = localMidnightMs(fromDate, timeZone);
  const toMs = nextMidnightMs(localMidnightMs(toDate, timeZone), timeZone);
  const ids = [...new Set(unit.deviceIds)];
  const range = resolveRange(unit.storageMode, unit.tempMinC, unit.tempMaxC);
  const [kept, counts] = await Promise.all([
    store.dailySummaries(ids, fromMs, toMs, timeZone, range),
    store.dailyCounts(ids, fromMs, toMs, timeZone),
  ]);
  const keptBy = new Map(kept.map((d) => [`${d.deviceId}|${d.dayMs}`, d]));
  const days: DailySummary[] = [];
  const stale = new Map<string, number[]>();
  for (const [k, n] of counts) {
    const d = keptBy.get(k);
    if (d && d.n === n) {
      days.push(d);
      continue;
    }
    const cut = k.lastIndexOf('|');
    const list = stale.get(k.slice(0, cut)) ?? [];
    list.push(Number(k.slice(cut + 1)));
    stale.set(k.slice(0, cut), list);
  }
  // days whose summaries do not add up: read raw, consecutive days in one paged read
  const made: HourSummary[] = [];
  let fromRaw = 0;
  for (const [deviceId, dayStarts] of stale) {
    const spans: { from: number; to: number; days: number[] }[] = [];
    for (const dayMs of dayStarts.sort((a, b) => a - b)) {
      const last = spans.at(-1);
      const end = nextMidnightMs(dayMs, timeZone);
      if (last && last.to === dayMs && last.days.length < MAX_DAYS_PER_READ) {
        last.to = end;
        last.days.push(dayMs);
      } else spans.push({ from: dayMs, to: end, days: [dayMs] });
    }
    for (const span of spans) {
      const points = await pointsOver(store, deviceId, span.from, span.to);
      const hours = summarizeHours(points);
      made.push(...hours);
      let h = 0;
      for (const [at, dayMs] of span.days.entries()) {
        const end = span.days[at + 1] ?? span.to;
        const own: HourSummary[] = [];
        while (h < hours.length && hours[h]!.hourMs < end) own.push(hours[h++]!);
        days.push(dayOf(deviceId, dayMs, own, range));
        fromRaw++;
      }
    }
  }
  if (made.length > 0) {
    // the summaries only spare later reads: a failure to keep them changes no answer
    await store.writeSummaries(made).catch((error: unknown) => {
      logger.warn(
        { err: error, summaries: made.length },
        'hourly summaries not stored; will make them again',
      );
    });
  }
  days.sort((a, b) => a.dayMs - b.dayMs || a.deviceId.localeCompare(b.deviceId));
  return {
    unitId: unit.id,
    timeZone,
    from: fromDate,
    to: toDate,
    range: { minC: finiteOrNull(range.minC), maxC: finiteOrNull(range.maxC) },
    days: days.map((d) => ({
      date: localDate(d.dayMs, timeZone),
      deviceId: d.deviceId,
      readings: d.n,
      minC: finiteOrNull(d.minC),
      maxC: finiteOrNull(d.maxC),
      meanC: d.spanMs > 0 ? round2(d.twSumC / d.spanMs) : finiteOrNull(d.minC),
      hours: d.hours,
      hoursOutOfRange: d.hoursOutOfRange,
    })),
    sensors: ids.map((deviceId) => {
      const own = days.filter((d) => d.deviceId === deviceId);
      return {
        deviceId,
        readings: own.reduce((n, d) => n + d.n, 0),
        minC: finiteOrNull(Math.min(...own.map((d) => d.minC))),
        maxC: finiteOrNull(Math.max(...own.map((d) => d.maxC))),
        hoursOutOfRange: own.reduce((n, d) => n + d.hoursOutOfRange, 0),
        daysWithReadings: own.length,
      };
    }),
    source: {
      sensorDays: days.length,
      fromSummaries: days.length - fromRaw,
      fromRaw,
      summariesMade: made.length,
    },
  };
}
