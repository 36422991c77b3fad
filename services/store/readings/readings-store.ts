import { InfluxDB } from 'influx';
import type { Logger } from 'pino';
import type { DeviceEvent, EventType, Reading } from '../../domain/contract.js';
import { eventTypeSchema } from '../../domain/contract.js';
import type { HourSummary } from '../../domain/hour-summary.js';
import { createLineWriter } from './http-write.js';
import { influxAuthHeaders, parseInfluxUrl } from './influx-url.js';
import { EVENTS_MEASUREMENT, eventLine, READINGS_MEASUREMENT, readingLine } from './line-protocol.js';
import { ROLLUP_FIELDS, ROLLUP_FORMAT, ROLLUP_MEASUREMENT, summaryFromRow, summaryLine } from './rollups.js';

/** One device's day from its hourly summaries (readings_1h), summed up by InfluxDB. */
export interface DailySummary {
  deviceId: string;
  /** the day's first instant (local midnight), epoch ms */
  dayMs: number;
  /** points the summaries were made from */
  n: number;
  minC: number;
  maxC: number;
  /** sum of temp x time within the hours, and the time it covers (mean = twSumC / spanMs) */
  twSumC: number;
  spanMs: number;
  /** hours with a summary, and those of them with a value outside the range */
  hours: number;
  hoursOutOfRange: number;
}

/** 10.3 / 10.4: records are kept at least 15 years; 783 weeks is a little over 15 years. */
export const RETENTION_POLICY = 'coldtrace_15y';
export const RETENTION_DURATION = '783w';
export const RETENTION_MS = 783 * 7 * 86_400_000;
/** Lines per POST /write: InfluxDB 1.x's sweet spot (DESIGN.md: ~5,000). */
export const WRITE_BATCH_LINES = 5_000;
const DEFAULT_PAGE_SIZE = 5_000;

export interface ReadingsStore {
  readonly database: string;
  /** Newline-separated line protocol in ms precision, at most ~WRITE_BATCH_LINES lines per call. */
  writeLines(lines: string | Buffer): Promise<void>;
  /** The same in ns precision: what readingLine / eventLine / statusLine make (the gateway's spool). */
  writeLinesNs(lines: string | Buffer): Promise<void>;
  writeReadings(readings: readonly Reading[]): Promise<void>;
  writeEvents(events: readonly DeviceEvent[]): Promise<void>;
  /**
   * One device's readings in [fromMs, toMs] (both inclusive), in device-time order, fetched page by
   * page. Every distinct value stored for the same time comes back as a reading of its own (a
   * conflict: a re-send with other values, kept beside the first); identical copies come back once.
   */
  readingsOf(deviceId: string, fromMs: number, toMs: number, opts?: PageOptions): AsyncIterable<Reading>;
  /** The same, one page (array) at a time. */
  readingPagesOf(
    deviceId: string,
    fromMs: number,
    toMs: number,
    opts?: PageOptions,
  ): AsyncIterable<Reading[]>;
  eventsOf(deviceId: string, fromMs: number, toMs: number, opts?: PageOptions): AsyncIterable<DeviceEvent>;
  /** Number of stored readings of a device in [fromMs, toMs]. */
  countReadings(deviceId: string, fromMs: number, toMs: number): Promise<number>;
  /** Stores hourly summaries (rollups.ts); those with a value InfluxDB cannot hold are left out. */
  writeSummaries(summaries: readonly HourSummary[]): Promise<void>;
  /** The stored summaries of these devices for the hours starting in [fromMs, toMs), one query. */
  summariesOf(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<HourSummary[]>;
  /**
   * The number of points stored per device and hour over [fromMs, toMs) (whole hours), counted by
   * InfluxDB in one query: `device|hourMs` -> count, hours without points left out.
   */
  hourlyCounts(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<Map<string, number>>;
  /**
   * Per device and day (midnight to midnight in `timeZone`, an IANA name) over [fromMs, toMs): the
   * kept hourly summaries aggregated by InfluxDB (one query; hours outside `range` counted by a second).
   */
  dailySummaries(
    deviceIds: readonly string[],
    fromMs: number,
    toMs: number,
    timeZone: string,
    range: { minC: number; maxC: number },
  ): Promise<DailySummary[]>;
  /** The number of raw points per device and day (as dailySummaries cuts days): `device|dayMs` -> n. */
  dailyCounts(
    deviceIds: readonly string[],
    fromMs: number,
    toMs: number,
    timeZone: string,
  ): Promise<Map<string, number>>;
  /** Number of stored readings of every device (operators, benchmarks). */
  countAllReadings(): Promise<number>;
  /** True when InfluxDB answers /ping. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface PageOptions {
  pageSize?: number;
}

export interface OpenReadingsStoreOptions {
  url: string;
  /** COLDTRACE_INFLUX_TOKEN: an InfluxDB 2.x / 3.x API token (services/store/README.md) */
  token?: string;
  logger: Logger;
  /**
   * create the database and the 15-year retention policy (default: true with a v1 user or no
   * credentials, false with a token: 2.x and 3.x take no CREATE DATABASE / RETENTION POLICY over
   * the v1 API; there the operator makes the bucket or database, README "InfluxDB 1.x, 2.x, 3.x")
   */
  ensureSchema?: boolean;
  /** parallel write connections (default 4) */
  maxSockets?: number;
}

/**
 * The rows of InfluxDB's answer ({results: [{error?, series?: [{columns, values}]}]}). Checked by
 * hand, not by a schema: a schema walks every value of 30,000-point pages, which cost a cold
 * verdict ~15 % of its time; each value's type is checked where it is read (toReading, toEvent).
 */
function resultRows(raw: unknown): unknown[][] {
  const results = (raw as { results?: unknown })?.results;
  if (!Array.isArray(results)) throw new Error('InfluxDB query answer without results');
  const result = results[0] as { error?: unknown; series?: unknown } | undefined;
  if (result === undefined || result === null) return [];
  if (typeof result.error === 'string') throw new Error(`InfluxDB query failed: ${result.error}`);
  if (result.series === undefined) return [];
  if (!Array.isArray(result.series)) throw new Error('InfluxDB query answer with malformed series');
  const values = (result.series[0] as { values?: unknown } | undefined)?.values ?? [];
  if (!Array.isArray(values) || !values.every(Array.isArray))
    throw new Error('InfluxDB query answer with malformed values');
  return values as unknown[][];
}

/** Every series of the answer (a query with GROUP BY by tag gives one per tag value). */
function resultSeries(raw: unknown): { tags?: Record<string, unknown>; values: unknown[][] }[] {
  const results = (raw as { results?: unknown })?.results;
  if (!Array.isArray(results)) throw new Error('InfluxDB query answer without results');
  const result = results[0] as { error?: unknown; series?: unknown } | undefined;
  if (result === undefined || result === null) return [];
  if (typeof result.error === 'string') throw new Error(`InfluxDB query failed: ${result.error}`);
  if (result.series === undefined) return [];
  if (!Array.isArray(result.series)) throw new Error('InfluxDB query answer with malformed series');
  return result.series.map((s: { tags?: Record<string, unknown>; values?: unknown }) => {
    if (!Array.isArray(s.values ?? []) || !((s.values as unknown[] | undefined) ?? []).every(Array.isArray))
      throw new Error('InfluxDB query answer with malformed values');
    return { tags: s.tags, values: (s.values ?? []) as unknown[][] };
  });
}

/** InfluxQL's tz() clause; the name is an IANA zone from the configuration, checked all the same. */
function tzClause(timeZone: string): string {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new Error(`not a time zone name: ${timeZone}`);
  return timeZone === 'UTC' ? '' : `tz('${timeZone}')`;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const READING_FIELDS = ['temp_c', 'seq', 'ln2_level_pct', 'battery_pct', 'lat', 'lon', 'received_at_ms'];
const EVENT_FIELDS = ['type', 'value', 'value_str', 'value_bool', 'received_at_ms'];

export async function openReadingsStore(opts: OpenReadingsStoreOptions): Promise<ReadingsStore> {
  const target = parseInfluxUrl(opts.url, opts.token);
  const logger = opts.logger.child({ component: 'readings-store', database: target.database });
  const influx = new InfluxDB({
    hosts: [
      {
        host: target.host,
        port: target.port,
        protocol: target.protocol,
        // the one auth rule of influx-url.ts, as a header on every query and ping
        options: { headers: influxAuthHeaders(target) },
      },
    ],
    database: target.database,
    // node-influx signs every request with HTTP Basic for its username, `root` when none is given
    // (its default), and that Basic header would replace the token's: null keeps it from signing
    username: null as unknown as string,
  });
  const writer = createLineWriter(target, { maxSockets: opts.maxSockets });

  let schemaTimer: NodeJS.Timeout | undefined;
  if (opts.ensureSchema ?? target.token === undefined) {
    try {
      await ensureSchema(influx, target.database, logger);
    } catch (error) {
      // InfluxDB down at start must not stop the gateway: it spools, and writes are retried (a
      // missing database answers 404, which the writer retries) until the schema is in place
      logger.warn(
        { err: error },
        'InfluxDB not ready; will create the database and retention policy when it is',
      );
      const retry = () => {
        schemaTimer = setTimeout(() => {
          ensureSchema(influx, target.database, logger).then(
            () => logger.info('InfluxDB database and retention policy in place'),
            retry,
          );
        }, 2_000);
        schemaTimer.unref();
      };
      retry();
    }
  }

  async function rows(query: string, placeholders: Record<string, string>): Promise<unknown[][]> {
    return resultRows(await influx.queryRaw(query, { precision: 'ms', placeholders }));
  }

  /** `("device" = $d0 OR ...)` with its placeholders: one query for several devices. */
  function devicesClause(deviceIds: readonly string[]): {
    clause: string;
    placeholders: Record<string, string>;
  } {
    const ids = [...new Set(deviceIds)];
    const placeholders = Object.fromEntries(ids.map((id, i) => [`d${i}`, id]));
    return { clause: `(${ids.map((_, i) => `"device" = $d${i}`).join(' OR ')})`, placeholders };
  }

  /** Raw points per device and time bucket (`device|bucketMs` -> n, empty buckets left out), one query. */
  async function pointCounts(
    deviceIds: readonly string[],
    fromMs: number,
    toMs: number,
    groupBy: string,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (deviceIds.length === 0) return counts;
    const { clause, placeholders } = devicesClause(deviceIds);
    const raw = await influx.queryRaw(
      `SELECT count("temp_c") FROM "${READINGS_MEASUREMENT}" WHERE ${clause} AND time >= ${fromMs}ms AND time < ${toMs}ms ${groupBy}`,
      { precision: 'ms', placeholders },
    );
    for (const series of resultSeries(raw)) {
      const device = series.tags?.device;
      if (typeof device !== 'string') continue;
      for (const row of series.values) {
        const n = Number(row[1] ?? 0);
        if (n > 0) counts.set(`${device}|${Number(row[0])}`, n);
      }
    }
    return counts;
  }

  /**
   * Pages through one device's points by time: each page starts at the millisecond after the last
   * complete one. Times come back in ms (`epoch=ms`) while points sit at their own nanosecond of the
   * millisecond (line-protocol.ts), so a bound `time <= toMs` would miss them: `< toMs + 1 ms`.
   */
  async function* pages(
    measurement: string,
    fields: string[],
    deviceId: string,
    fromMs: number,
    toMs: number,
    pageSize: number,
  ): AsyncGenerator<unknown[][]> {
    let cursorMs = fromMs;
    const select = fields.map((f) => `"${f}"`).join(', ');
    const query = (from: number, toExclusive: number, offset = 0) =>
      rows(
        `SELECT ${select} FROM "${measurement}" WHERE "device" = $device AND time >= ${from}ms AND time < ${toExclusive}ms ORDER BY time ASC LIMIT ${pageSize}${offset ? ` OFFSET ${offset}` : ''}`,
        { device: deviceId },
      );
    while (cursorMs <= toMs) {
      const page = await query(cursorMs, toMs + 1);
      if (page.length === 0) return;
      if (page.length < pageSize) {
        yield page;
        return;
      }
      // A full page may have cut through points sharing its last millisecond (events of two types,
      // conflicting values of one reading): hold those back and start the next page at that ms.
      const lastMs = Number(page[page.length - 1]?.[0]);
      let end = page.length;
      while (end > 0 && Number(page[end - 1]?.[0]) === lastMs) end--;
      if (end > 0) {
        yield page.slice(0, end);
        cursorMs = lastMs;
        continue;
      }
      // a whole page in one millisecond: page through that millisecond by offset, then go on
      yield page;
      for (let offset = page.length; ; offset += pageSize) {
        const more = await query(lastMs, lastMs + 1, offset);
        if (more.length > 0) yield more;
        if (more.length < pageSize) break;
      }
      cursorMs = lastMs + 1;
    }
  }

  async function* readingPagesOf(deviceId: string, fromMs: number, toMs: number, o: PageOptions = {}) {
    let sameMs = Number.NaN;
    let sameValues: Set<string> | undefined;
    for await (const page of pages(
      READINGS_MEASUREMENT,
      READING_FIELDS,
      deviceId,
      fromMs,
      toMs,
      o.pageSize ?? DEFAULT_PAGE_SIZE,
    )) {
      const out: Reading[] = [];
      for (let i = 0; i < page.length; i++) {
        const r = toReading(deviceId, page[i]!);
        if (r.tsMs === sameMs) {
          // a second point in one millisecond: a conflict (kept) or an identical copy (dropped)
          sameValues ??= new Set([valueKey(out.at(-1) ?? r)]);
          const key = valueKey(r);
          if (sameValues.has(key)) continue;
          sameValues.add(key);
        } else {
          sameMs = r.tsMs;
          sameValues = undefined;
        }
        out.push(r);
      }
      if (out.length > 0) yield out;
    }
  }

  return {
    database: target.database,
    writeLines: (lines) => writer.write(lines, 'ms'),
    writeLinesNs: (lines) => writer.write(lines, 'ns'),
    async writeReadings(readings) {
      for (let i = 0; i < readings.length; i += WRITE_BATCH_LINES) {
        await writer.write(
          readings
            .slice(i, i + WRITE_BATCH_LINES)
            .map((r) => readingLine(r))
            .join('\n'),
          'ns',
        );
      }
    },
    async writeEvents(events) {
      for (let i = 0; i < events.length; i += WRITE_BATCH_LINES) {
        await writer.write(
          events
            .slice(i, i + WRITE_BATCH_LINES)
            .map((e) => eventLine(e))
            .join('\n'),
          'ns',
        );
      }
    },
    readingPagesOf,
    async *readingsOf(deviceId, fromMs, toMs, o) {
      for await (const page of readingPagesOf(deviceId, fromMs, toMs, o)) yield* page;
    },
    async *eventsOf(deviceId, fromMs, toMs, o = {}) {
      // Events are one series per device and type; the select merges them in time order.
      for await (const page of pages(
        EVENTS_MEASUREMENT,
        EVENT_FIELDS,
        deviceId,
        fromMs,
        toMs,
        o.pageSize ?? DEFAULT_PAGE_SIZE,
      )) {
        for (const row of page) {
          const event = toEvent(deviceId, row);
          if (event) yield event;
        }
      }
    },
    async countReadings(deviceId, fromMs, toMs) {
      const page = await rows(
        `SELECT count("temp_c") FROM "${READINGS_MEASUREMENT}" WHERE "device" = $device AND time >= ${fromMs}ms AND time < ${toMs + 1}ms`,
        { device: deviceId },
      );
      return Number(page[0]?.[1] ?? 0);
    },
    async writeSummaries(summaries) {
      const lines = summaries.map(summaryLine).filter((l): l is string => l !== undefined);
      for (let i = 0; i < lines.length; i += WRITE_BATCH_LINES) {
        await writer.write(lines.slice(i, i + WRITE_BATCH_LINES).join('\n'), 'ms');
      }
    },
    async summariesOf(deviceIds, fromMs, toMs) {
      if (deviceIds.length === 0) return [];
      const { clause, placeholders } = devicesClause(deviceIds);
      const select = ['device', ...ROLLUP_FIELDS].map((f) => `"${f}"`).join(', ');
      const found = await rows(
        `SELECT ${select} FROM "${ROLLUP_MEASUREMENT}" WHERE ${clause} AND "v" = '${ROLLUP_FORMAT}' AND time >= ${fromMs}ms AND time < ${toMs}ms`,
        placeholders,
      );
      const out: HourSummary[] = [];
      for (const row of found) {
        const summary = summaryFromRow(row);
        if (summary) out.push(summary);
      }
      return out;
    },
    hourlyCounts(deviceIds, fromMs, toMs) {
      return pointCounts(deviceIds, fromMs, toMs, 'GROUP BY time(1h), "device" fill(none)');
    },
    async dailySummaries(deviceIds, fromMs, toMs, timeZone, range) {
      if (deviceIds.length === 0) return [];
      const { clause, placeholders } = devicesClause(deviceIds);
      const where = `${clause} AND time >= ${fromMs}ms AND time < ${toMs}ms`;
      const group = `GROUP BY time(1d), "device" fill(none) ${tzClause(timeZone)}`;
      const outside = [
        Number.isFinite(range.maxC) ? `"max_c" > ${range.maxC}` : '',
        Number.isFinite(range.minC) ? `"min_c" < ${range.minC}` : '',
      ].filter(Boolean);
      // one aggregate costs InfluxDB 1.6 a pass over the field: two queries of three, side by side
      const query = (text: string) => influx.queryRaw(text, { precision: 'ms', placeholders });
      const from = `FROM "${ROLLUP_MEASUREMENT}" WHERE ${where} AND "v" = '${ROLLUP_FORMAT}'`;
      const [counted, temps, out] = await Promise.all([
        query(`SELECT sum("n"), count("n"), sum("span") ${from} ${group}`),
        query(`SELECT min("min_c"), max("max_c"), sum("tw_sum") ${from} ${group}`),
        outside.length === 0
          ? undefined
          : query(`SELECT count("n") ${from} AND (${outside.join(' OR ')}) ${group}`),
      ]);
      const outOf = new Map<string, number>();
      for (const series of out === undefined ? [] : resultSeries(out)) {
        for (const row of series.values)
          outOf.set(`${series.tags?.device}|${Number(row[0])}`, Number(row[1]));
      }
      const tempsOf = new Map<string, unknown[]>();
      for (const series of resultSeries(temps)) {
        for (const row of series.values) tempsOf.set(`${series.tags?.device}|${Number(row[0])}`, row);
      }
      const days: DailySummary[] = [];
      for (const series of resultSeries(counted)) {
        const deviceId = series.tags?.device;
        if (typeof deviceId !== 'string') continue;
        for (const [time, n, hours, spanMs] of series.values) {
          const dayMs = Number(time);
          const [, minC, maxC, twSumC] = tempsOf.get(`${deviceId}|${dayMs}`) ?? [];
          days.push({
            deviceId,
            dayMs,
            n: Number(n),
            minC: Number(minC),
            maxC: Number(maxC),
            twSumC: Number(twSumC),
            spanMs: Number(spanMs),
            hours: Number(hours),
            hoursOutOfRange: outOf.get(`${deviceId}|${dayMs}`) ?? 0,
          });
        }
      }
      return days;
    },
    dailyCounts(deviceIds, fromMs, toMs, timeZone) {
      return pointCounts(
        deviceIds,
        fromMs,
        toMs,
        `GROUP BY time(1d), "device" fill(none) ${tzClause(timeZone)}`,
      );
    },
    async countAllReadings() {
      const page = await rows(`SELECT count("temp_c") FROM "${READINGS_MEASUREMENT}"`, {});
      return Number(page[0]?.[1] ?? 0);
    },
    async ping(timeoutMs = 2_000) {
      try {
        const hosts = await influx.ping(timeoutMs);
        return hosts.some((h) => h.online);
      } catch {
        return false;
      }
    },
    async close() {
      clearTimeout(schemaTimer);
      writer.close();
    },
  };
}

/** What makes a reading's value: identical copies (a replay through another gateway) have the same. */
function valueKey(r: Reading): string {
  return `${r.seq}|${r.tempC}|${r.ln2LevelPct}|${r.batteryPct}|${r.lat}|${r.lon}`;
}

function toReading(deviceId: string, row: unknown[]): Reading {
  // a missing temperature is NaN, never 0 °C: the verdict judges a non-finite value out of range
  const tempC = row[1] === null || row[1] === undefined ? Number.NaN : Number(row[1]);
  const r: Reading = { deviceId, tsMs: Number(row[0]), tempC };
  const seq = num(row[2]);
  if (seq !== undefined) r.seq = seq;
  const ln2 = num(row[3]);
  if (ln2 !== undefined) r.ln2LevelPct = ln2;
  const battery = num(row[4]);
  if (battery !== undefined) r.batteryPct = battery;
  const lat = num(row[5]);
  if (lat !== undefined) r.lat = lat;
  const lon = num(row[6]);
  if (lon !== undefined) r.lon = lon;
  const received = num(row[7]);
  if (received !== undefined) r.receivedAtMs = received;
  return r;
}

function toEvent(deviceId: string, row: unknown[]): DeviceEvent | undefined {
  const type = eventTypeSchema.safeParse(row[1]);
  if (!type.success) return undefined;
  const e: DeviceEvent = { deviceId, tsMs: Number(row[0]), type: type.data as EventType };
  const value = row[2] ?? row[3] ?? row[4];
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') e.value = value;
  const received = num(row[5]);
  if (received !== undefined) e.receivedAtMs = received;
  return e;
}

/** Creates the database and makes a >= 15-year retention policy its default (10.3 / 10.4). */
async function ensureSchema(influx: InfluxDB, database: string, logger: Logger): Promise<void> {
  await influx.createDatabase(database);
  const policies = await influx.showRetentionPolicies(database);
  const ours = policies.find((p) => p.name === RETENTION_POLICY);
  if (!ours) {
    await influx.createRetentionPolicy(RETENTION_POLICY, {
      database,
      duration: RETENTION_DURATION,
      replication: 1,
      isDefault: true,
    });
    logger.info(
      { retentionPolicy: RETENTION_POLICY, duration: RETENTION_DURATION },
      'retention policy created',
    );
  } else if (!ours.default) {
    await influx.alterRetentionPolicy(RETENTION_POLICY, {
      database,
      duration: RETENTION_DURATION,
      replication: 1,
      isDefault: true,
    });
  }
}
