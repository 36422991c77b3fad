/**
 * Verdict engine benchmark: evaluateShipment over one logger's record of 250k, 500k and 1M readings
 * (a reading every 10 s, with excursions and gaps), several runs each, median quoted. Readings come
 * from a lazy re-iterable source, so memory shows what the engine itself keeps (it should stay flat
 * in the count). Progress on stderr; the last line of stdout is the JSON summary.
 *
 *   npm run bench:verdict  [-- --runs 7]
 */
import type { Reading } from '../services/domain/contract.js';
import { evaluateShipment } from '../services/domain/evaluate-shipment.js';
import type { ShipmentEvaluationInput } from '../services/domain/evaluation-input.js';
import { device, input as fixtureInput, profile } from '../test/support/domain-fixtures.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const STEP_MS = 10_000;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const SIZES = [250_000, 500_000, 1_000_000];

/** A re-iterable record: each pass makes the readings afresh, nothing is held between passes. */
function record(count: number): Iterable<Reading> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < count; i++) {
        // a 30-minute excursion to 9.5 °C every ~2.3 days, and a 20-minute gap every ~5.8 days
        const phase = i % 20_000;
        if (i % 50_000 >= 49_880) continue;
        const tempC = phase < 180 ? 9.5 : 4 + ((i * 7919) % 300) / 100;
        yield { deviceId: 'L1', tsMs: T0 + i * STEP_MS, seq: i, tempC };
      }
    },
  };
}

function input(count: number): ShipmentEvaluationInput {
  return fixtureInput({
    profile: profile({
      maxTransportMinutes: 10_000_000,
      tolerance: {
        alarmDelayMinutes: 10,
        rules: [{ id: 'cum9', kind: 'cumulative', direction: 'above', thresholdC: 9, minutes: 600 }],
      },
    }),
    devices: [device('L1', { loggingIntervalS: 10, calibrationValidUntil: '2099-01-01T00:00:00Z' })],
    dispatchedAtMs: T0,
    receivedAtMs: T0 + count * STEP_MS,
    readings: record(count),
  });
}

const mb = (bytes: number) => Math.round(bytes / 1048576);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
let medianMs = 0;
let findingsCount = 0;
for (const size of SIZES) {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const inp = input(size);
    const t = performance.now();
    const v = evaluateShipment(inp, T0 + size * STEP_MS + 1);
    times.push(performance.now() - t);
    findingsCount = v.findings.length;
    process.stderr.write(`\r${size} readings: run ${run + 1}/${RUNS} ${times.at(-1)!.toFixed(0)} ms   `);
  }
  // what merely making and iterating the readings costs, so the engine's own share is visible
  const baseline: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    let n = 0;
    for (const _ of record(size)) n++;
    baseline.push(performance.now() - t);
    process.stderr.write(`\r${size} readings: baseline ${run + 1}/3 (${n} made)   `);
  }
  const m = median(times);
  if (size === 1_000_000) medianMs = m;
  process.stderr.write('\n');
  console.log(
    `${size.toLocaleString('en')} readings: median ${m.toFixed(1)} ms (${Math.round(size / (m / 1000)).toLocaleString('en')} readings/s), ` +
      `of which making the readings ~${median(baseline).toFixed(0)} ms, ${findingsCount} findings, RSS now ${mb(process.memoryUsage().rss)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}
console.log(
  JSON.stringify({
    bench: 'verdict',
    readings: 1_000_000,
    ms: Math.round(medianMs * 10) / 10,
    readingsPerS: Math.round(1_000_000 / (medianMs / 1000)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
