/**
 * `npm run bench:storage`: a storage unit's 90-day status and report, and a 15-year report.
 *
 * UNITS fridges (BENCH_STORAGE_UNITS, default 5), each with 3 sensors logging every minute for 90
 * days (388,800 readings a unit, one excursion and one 3-hour gap each), in a private InfluxDB
 * (scripts/influxdb.sh), records in PGlite, the API over real HTTP. Baseline, in this run: the same
 * judgement over every raw point (the path a status of up to two days takes), in process. Then
 * GET /storage-units/:id/status?days=90: the first request on each unit (no summaries yet: it makes
 * and keeps them), the next one on each unit, and 20 more round-robin; the findings must equal the
 * baseline's. GET /report over the 90 days the same way. Last, one LN2 tank sensor logging every
 * 5 minutes for 15 years (BENCH_STORAGE_YEARS) and its report over all of it: the first (summing
 * every day up from the raw points) and five more from the kept summaries. Target: status and 90-day
 * report p95 < 500 ms, 15-year report in seconds.
 * Last line: {"bench":"storage", ...figures, "units":"ms"}
 */
import { storageStatusOf } from '../services/api/storage/storage-status.js';
import { freshLoader, loadShipmentRecord } from '../services/api/verdict/shipment-record.js';
import type { Reading } from '../services/domain/contract.js';
import { percentile, round1, startBenchApi } from './bench-api.js';

const UNITS = Number(process.env.BENCH_STORAGE_UNITS ?? 5);
const SENSORS = 3;
const DAYS = 90;
const YEARS = Number(process.env.BENCH_STORAGE_YEARS ?? 15);
const LONG_INTERVAL_MIN = 5;
const WARM_REQUESTS = 20;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WRITE_CHUNK = 50_000;

const say = (msg: string) => process.stderr.write(`storage: ${msg}\n`);
const median = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const p95 = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

async function main(): Promise<void> {
  const bench = await startBenchApi('storage', say);
  try {
    const { config, records, readings, address, headers, post } = bench;
    const timed = async (url: string): Promise<[number, unknown]> => {
      const t0 = performance.now();
      const res = await fetch(`${address}${url}`, { headers });
      const body: unknown = await res.json();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      return [ms, body];
    };
    const writeAll = async (make: (i: number) => Reading | undefined, total: number) => {
      for (let from = 0; from < total; from += WRITE_CHUNK) {
        const chunk: Reading[] = [];
        for (let i = from; i < Math.min(total, from + WRITE_CHUNK); i++) {
          const r = make(i);
          if (r) chunk.push(r);
        }
        await readings.writeReadings(chunk);
      }
    };

    const nowMs = Date.now();
    const startMs = Math.floor((nowMs - DAYS * DAY_MS) / MINUTE_MS) * MINUTE_MS;
    const perSensor = Math.floor((nowMs - startMs) / MINUTE_MS);
    const units: string[] = [];
    for (let u = 1; u <= UNITS; u++) {
      const unitId = `BENCH-FRIDGE-${u}`;
      const deviceIds = Array.from({ length: SENSORS }, (_, k) => `${unitId}-S${k + 1}`);
      for (const id of deviceIds) {
        await post('/api/v1/devices', {
          id,
          kind: 'storage_sensor',
          loggingIntervalS: 60,
          calibrationValidUntil: '2035-01-01T00:00:00Z',
        });
      }
      await post('/api/v1/storage-units', {
        id: unitId,
        name: `bench fridge ${u}`,
        storageMode: 'refrigerated',
        alarmDelayMinutes: 15,
        deviceIds,
        site: 'bench site',
      });
      const warmFrom = startMs + (20 + u) * DAY_MS;
      const gapFrom = startMs + (60 + u) * DAY_MS;
      for (const [k, deviceId] of deviceIds.entries()) {
        await writeAll((i) => {
          const tsMs = startMs + i * MINUTE_MS;
          if (k === 0 && tsMs >= gapFrom && tsMs < gapFrom + 3 * 3_600_000) return undefined;
          const warm = k === 1 && tsMs >= warmFrom && tsMs < warmFrom + 40 * MINUTE_MS;
          return {
            deviceId,
            tsMs,
            seq: i,
            tempC: warm ? 11 : 5 + Math.sin(i / 90),
            receivedAtMs: tsMs + 800,
          };
        }, perSensor);
      }
      say(`unit ${u}/${UNITS}: ${SENSORS} sensors x ${perSensor} readings written`);
      units.push(unitId);
    }

    // baseline: every raw point of the 90 days judged in process (the path of a status up to 2 days)
    const rawMs: number[] = [];
    const rawFindings = new Map<string, unknown>();
    for (const unitId of units) {
      const t0 = performance.now();
      const unit = await records.storage.getUnit(unitId);
      const devices = await records.devices.many(unit.deviceIds);
      const at = Date.now();
      const record = await loadShipmentRecord(freshLoader(readings), unit.deviceIds, at - DAYS * DAY_MS, at);
      const status = storageStatusOf(unit, devices, [], record, at, {
        locale: 'en',
        timeZone: config.site.timeZone,
        lookbackMs: DAYS * DAY_MS,
      });
      rawMs.push(performance.now() - t0);
      rawFindings.set(
        unitId,
        status.findings.map((f) => [f.code, f.deviceId, f.from, f.to]),
      );
    }
    say(`baseline, raw points in process (ms): ${rawMs.map(Math.round).join(' ')}`);

    const statusUrl = (id: string) => `/api/v1/storage-units/${id}/status?days=${DAYS}&lang=en`;
    type StatusBody = { findings: { code: string; deviceId?: string; from?: string; to?: string }[] };
    let sameFindings = true;
    const check = (unitId: string, body: unknown) => {
      const got = (body as StatusBody).findings.map((f) => [f.code, f.deviceId, f.from, f.to]);
      if (JSON.stringify(got) !== JSON.stringify(rawFindings.get(unitId))) {
        sameFindings = false;
        say(`${unitId}: findings differ from the raw baseline: ${JSON.stringify(got)}`);
      }
    };
    const firstMs: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (const id of units) {
      const [ms, body] = await timed(statusUrl(id));
      firstMs.push(ms);
      check(id, body);
    }
    say(`status, first request (makes the summaries) (ms): ${firstMs.map(Math.round).join(' ')}`);
    for (const id of units) {
      const [ms, body] = await timed(statusUrl(id));
      coldMs.push(ms);
      check(id, body);
    }
    for (let i = 0; i < WARM_REQUESTS; i++) {
      const id = units[i % units.length]!;
      const [ms, body] = await timed(statusUrl(id));
      warmMs.push(ms);
      check(id, body);
    }
    say(`status, next request on each unit (ms): ${coldMs.map(Math.round).join(' ')}`);

    const today = new Date(nowMs).toISOString().slice(0, 10);
    const from90 = new Date(nowMs - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const reportUrl = (id: string, from: string) =>
      `/api/v1/storage-units/${id}/report?from=${from}&to=${today}`;
    const reportMs: number[] = [];
    for (let i = 0; i < units.length + WARM_REQUESTS; i++) {
      const [ms] = await timed(reportUrl(units[i % units.length]!, from90));
      reportMs.push(ms);
    }
    say(`90-day report (ms): ${reportMs.map(Math.round).join(' ')}`);

    // one LN2 tank sensor over 15 years
    const longStart = Math.floor((nowMs - YEARS * 365.25 * DAY_MS) / MINUTE_MS) * MINUTE_MS;
    const longN = Math.floor((nowMs - longStart) / (LONG_INTERVAL_MIN * MINUTE_MS));
    await post('/api/v1/devices', {
      id: 'BENCH-TANK-S1',
      kind: 'storage_sensor',
      loggingIntervalS: LONG_INTERVAL_MIN * 60,
      calibrationValidUntil: '2035-01-01T00:00:00Z',
    });
    await post('/api/v1/storage-units', {
      id: 'BENCH-TANK',
      name: 'bench LN2 tank',
      storageMode: 'ln2_vapor',
      alarmDelayMinutes: 15,
      deviceIds: ['BENCH-TANK-S1'],
      site: 'bench site',
    });
    say(`writing ${longN} readings of one LN2 tank sensor over ${YEARS} years`);
    const tw0 = performance.now();
    await writeAll((i) => {
      const tsMs = longStart + i * LONG_INTERVAL_MIN * MINUTE_MS;
      return { deviceId: 'BENCH-TANK-S1', tsMs, seq: i, tempC: -185 + Math.sin(i / 300) * 3 };
    }, longN);
    say(`written in ${Math.round((performance.now() - tw0) / 1000)} s`);
    const fromLong = new Date(longStart).toISOString().slice(0, 10);
    const [longFirstMs, longFirst] = await timed(reportUrl('BENCH-TANK', fromLong));
    const longDays = (longFirst as { days: unknown[] }).days.length;
    say(
      `${YEARS}-year report, first (every day summed up from raw points): ${Math.round(longFirstMs)} ms, ${longDays} days`,
    );
    const longMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [ms, body] = await timed(reportUrl('BENCH-TANK', fromLong));
      longMs.push(ms);
      const src = (body as { source: { fromRaw: number } }).source;
      if (i === 0)
        say(`${YEARS}-year report from summaries: ${Math.round(ms)} ms (${src.fromRaw} days read raw)`);
    }

    // where the long report's time goes: InfluxDB's two daily queries on their own
    const longTo = Date.now();
    const tq0 = performance.now();
    await readings.dailyCounts(['BENCH-TANK-S1'], longStart, longTo, config.site.timeZone);
    const countsMs = performance.now() - tq0;
    const tq1 = performance.now();
    await readings.dailySummaries(['BENCH-TANK-S1'], longStart, longTo, config.site.timeZone, {
      minC: Number.NEGATIVE_INFINITY,
      maxC: -150,
    });
    const summariesMs = performance.now() - tq1;
    say(
      `of it: daily raw counts ${Math.round(countsMs)} ms, daily summary aggregates ${Math.round(summariesMs)} ms`,
    );

    await bench.close();
    const figures = {
      bench: 'storage',
      storageUnits: UNITS,
      sensorsPerUnit: SENSORS,
      days: DAYS,
      readingsPerUnit: SENSORS * perSensor,
      rawStatusMedianMs: round1(median(rawMs)),
      firstStatusMedianMs: round1(median(firstMs)),
      coldStatusP95Ms: round1(p95(coldMs)),
      warmStatusP50Ms: round1(median(warmMs)),
      warmStatusP95Ms: round1(p95(warmMs)),
      statusSpeedupVsRaw: round1(median(rawMs) / median(warmMs)),
      sameFindingsAsRaw: sameFindings,
      report90P50Ms: round1(median(reportMs)),
      report90P95Ms: round1(p95(reportMs)),
      longYears: YEARS,
      longReadings: longN,
      longDays,
      longFirstReportMs: Math.round(longFirstMs),
      longReportMedianMs: round1(median(longMs)),
      longReportSpeedupVsFirst: round1(longFirstMs / median(longMs)),
      longRawCountsQueryMs: Math.round(countsMs),
      longSummaryQueryMs: Math.round(summariesMs),
      units: 'ms',
    };
    console.log(
      `status over ${DAYS} days: raw baseline median ${figures.rawStatusMedianMs} ms; from summaries p50 ${figures.warmStatusP50Ms} ms, p95 ${figures.warmStatusP95Ms} ms (target < 500 ms); findings as raw: ${sameFindings}`,
    );
    console.log(
      `report: ${DAYS} days p95 ${figures.report90P95Ms} ms; ${YEARS} years (${longN} readings) first ${figures.longFirstReportMs} ms, then median ${figures.longReportMedianMs} ms`,
    );
    console.log(JSON.stringify(figures));
    if (!sameFindings) process.exitCode = 1;
  } finally {
    bench.stopInflux();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
