/**
 * GET /api/v1/shipments/:id/verdict latency: 20 shipments, each 3 loggers of its own x 7 days at
 * 1-minute logging (30,240 readings a shipment) in a private InfluxDB (scripts/influxdb.sh), records
 * in PGlite, the API over real HTTP. Cold: the first request on each shipment (it reads every point:
 * what a receiver at the door meets). Warm: 50 more, round-robin over the shipments (they reuse the
 * points once InfluxDB's aggregates confirm the record is unchanged). Target p95 < 150 ms for both.
 * Last line: {"bench":"verdict-api","readings":30240,"coldP95Ms":..,"warmP95Ms":..,"p95Ms":..}
 * (`readings`: per shipment; `p95Ms`: the larger of the two)
 */
import type { Reading } from '../services/domain/contract.js';
import { percentile, startBenchApi } from './bench-api.js';

const LOGGERS = 3;
const DAYS = 7;
const REQUESTS = 50;
const SHIPMENTS = Number(process.env.BENCH_VERDICT_SHIPMENTS ?? 20);
const MINUTE_MS = 60_000;

const progress = (msg: string) => process.stderr.write(`verdict-api: ${msg}\n`);

async function main(): Promise<void> {
  const bench = await startBenchApi('verdict-api', progress);
  try {
    const { readings, address, headers, post } = bench;

    const nowMs = Date.now();
    const dispatchMs = Math.floor((nowMs - DAYS * 86_400_000) / MINUTE_MS) * MINUTE_MS;
    const perLogger = DAYS * 24 * 60;
    await post('/api/v1/profiles', {
      id: 'bench-2-8',
      name: 'bench 2-8',
      storageMode: 'refrigerated',
      maxTransportMinutes: 8 * 24 * 60,
      containerTypes: ['active_2_8_container'],
      maxGapMinutes: 5,
    });
    const shipmentIds: string[] = [];
    for (let s = 1; s <= SHIPMENTS; s++) {
      const shipmentId = `BENCH-S${s}`;
      const deviceIds = Array.from({ length: LOGGERS }, (_, i) => `BENCH-S${s}-L${i + 1}`);
      for (const id of deviceIds) {
        await post('/api/v1/devices', {
          id,
          kind: 'shipper_logger',
          loggingIntervalS: 60,
          calibrationValidUntil: '2035-01-01T00:00:00Z',
        });
      }
      await post('/api/v1/shipments', {
        id: shipmentId,
        profileId: 'bench-2-8',
        product: { name: 'CAR-T', cellType: 'T cell', batch: `B${s}`, quantity: 1 },
        containerType: 'active_2_8_container',
        deviceIds,
        manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
        origin: 'A',
        destination: 'B',
      });
      await post(`/api/v1/shipments/${shipmentId}/dispatch`, { at: new Date(dispatchMs).toISOString() });
      progress(`shipment ${s}/${SHIPMENTS}: writing ${LOGGERS} x ${perLogger} readings`);
      for (const deviceId of deviceIds) {
        const batch: Reading[] = [];
        for (let i = 0; i < perLogger; i++) {
          const tsMs = dispatchMs + i * MINUTE_MS;
          batch.push({ deviceId, tsMs, seq: i, tempC: 5 + Math.sin(i / 90), receivedAtMs: tsMs + 800 });
        }
        await readings.writeReadings(batch);
      }
      shipmentIds.push(shipmentId);
    }
    const total = LOGGERS * perLogger;

    const verdictMs = async (shipmentId: string): Promise<[number, string]> => {
      const t0 = performance.now();
      const res = await fetch(`${address}/api/v1/shipments/${shipmentId}/verdict`, { headers });
      const body = (await res.json()) as { status: string };
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`verdict: ${res.status} ${JSON.stringify(body)}`);
      return [ms, body.status];
    };
    const coldMs: number[] = [];
    const timings: number[] = [];
    let status = '';
    for (const id of shipmentIds) {
      const [ms, st] = await verdictMs(id);
      coldMs.push(ms);
      status = st;
    }
    for (let i = 0; i < REQUESTS; i++) {
      const [ms] = await verdictMs(shipmentIds[i % shipmentIds.length]!);
      timings.push(ms);
      if ((i + 1) % 10 === 0) progress(`${i + 1}/${REQUESTS} warm requests`);
    }
    progress(`cold, in request order (ms): ${coldMs.map((m) => Math.round(m)).join(' ')}`);
    coldMs.sort((a, b) => a - b);
    timings.sort((a, b) => a - b);
    const p50Ms = Math.round(percentile(timings, 50) * 10) / 10;
    const p95Ms = Math.round(percentile(timings, 95) * 10) / 10;
    const coldP95Ms = Math.round(percentile(coldMs, 95) * 10) / 10;
    const coldP50Ms = Math.round(percentile(coldMs, 50) * 10) / 10;
    console.log(`verdict status ${status} over ${total} readings a shipment; ${SHIPMENTS} shipments`);
    console.log(`cold (first request on each shipment): p50 ${coldP50Ms} ms, p95 ${coldP95Ms} ms`);
    console.log(
      `warm: p50 ${p50Ms} ms, p95 ${p95Ms} ms, max ${Math.round(timings.at(-1)! * 10) / 10} ms (target p95 < 150 ms)`,
    );
    await bench.close();
    console.log(
      JSON.stringify({
        bench: 'verdict-api',
        readings: total,
        shipments: SHIPMENTS,
        coldP50Ms,
        coldP95Ms,
        warmP50Ms: p50Ms,
        warmP95Ms: p95Ms,
        p95Ms: Math.max(coldP95Ms, p95Ms),
      }),
    );
  } finally {
    bench.stopInflux();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
