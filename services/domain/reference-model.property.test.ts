import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { device, HOUR, input, MIN, profile, shipment, T0 } from '../../test/support/domain-fixtures.js';
import { referenceLogger } from '../../test/support/reference-evaluator.js';
import { type FindingCode, type Reading, type Tolerance, toleranceSchema } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

/**
 * evaluateShipment against the plain reference evaluator (test/support/reference-evaluator.ts) on
 * generated shipments: several loggers, gaps, duplicates and conflicts, out-of-order delivery, seq
 * holes and resets, tolerance policies and boundary values on every limit. `npm test` runs a bounded
 * number of cases; COLDTRACE_PROPERTY_RUNS=20000 runs a long one (docs/rules.md).
 */
const RUNS = Number(process.env.COLDTRACE_PROPERTY_RUNS ?? 300);
const DEVICES = ['L1', 'L2', 'L3'];
const END = T0 + 6 * HOUR;

// the range 2-8, hard limits 0 / 12, impossible above 100, not a number: each limit and its neighbours
const TEMPS = [5, 2, 8, 1.99, 8.01, 2.01, 7.99, 12, 12.01, 0, -0.01, 10, 100, 100.5, Number.NaN];
const tempArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(5) },
  { weight: 4, arbitrary: fc.constantFrom(...TEMPS) },
  { weight: 1, arbitrary: fc.double({ min: -5, max: 20, noNaN: true }) },
);
// steps around the max gap (15) and the delays / budgets (10, 30, 60)
const stepArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(1, 5, 5, 5, 10) },
  { weight: 2, arbitrary: fc.constantFrom(14, 15, 16, 29, 30, 31) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 70 }) },
);
const seqStepArb = fc.constantFrom('next', 'next', 'next', 'next', 'next', 'next', 'hole', 'reset', 'same');
const dupArb = fc.constantFrom('none', 'none', 'none', 'none', 'none', 'identical', 'conflict');

const loggerArb = fc.record({
  startMin: fc.integer({ min: -40, max: 20 }),
  steps: fc.array(fc.tuple(stepArb, tempArb, seqStepArb, dupArb, tempArb), { maxLength: 60 }),
});

type LoggerSpec = typeof loggerArb extends fc.Arbitrary<infer T> ? T : never;

function loggerReadings(deviceId: string, spec: LoggerSpec): Reading[] {
  const out: Reading[] = [];
  let ts = T0 + spec.startMin * MIN;
  let seq = 100;
  for (const [step, tempC, seqStep, dup, other] of spec.steps) {
    out.push({ deviceId, tsMs: ts, seq, tempC });
    if (dup === 'identical') out.push({ deviceId, tsMs: ts, seq, tempC });
    if (dup === 'conflict') out.push({ deviceId, tsMs: ts, seq, tempC: other });
    ts += step * MIN;
    seq = seqStep === 'hole' ? seq + 2 : seqStep === 'reset' ? 0 : seqStep === 'same' ? seq : seq + 1;
  }
  return out;
}

const toleranceArb: fc.Arbitrary<Tolerance | undefined> = fc.option(
  fc
    .record({
      alarmDelayMinutes: fc.constantFrom(0, 10, 30),
      maxSingleExcursionMinutes: fc.option(fc.constantFrom(10, 30, 60), { nil: undefined }),
      maxCumulativeExcursionMinutes: fc.option(fc.constantFrom(30, 60, 120), { nil: undefined }),
      hardMinC: fc.option(fc.constant(0), { nil: undefined }),
      hardMaxC: fc.option(fc.constant(12), { nil: undefined }),
    })
    .filter((t) => toleranceSchema.safeParse(t).success),
  { nil: undefined },
);

describe('evaluateShipment agrees with the reference evaluator', () => {
  it('status and finding codes per logger, and min / max, on generated shipments', () => {
    fc.assert(
      fc.property(
        fc.array(loggerArb, { minLength: 1, maxLength: 3 }),
        toleranceArb,
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        (specs, tolerance, final, randoms) => {
          const ids = DEVICES.slice(0, specs.length);
          const byLogger = ids.map((id, i) => loggerReadings(id, specs[i]!));
          const r = randoms[Symbol.iterator]();
          const shuffled = byLogger
            .flat()
            .map((x) => ({ x, k: r.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map((p) => p.x);
          const prof = profile({ tolerance });
          const nowMs = END;
          const v = evaluateShipment(
            input({
              shipment: shipment({ deviceIds: ids }),
              profile: prof,
              devices: ids.map((id) => device(id)),
              receivedAtMs: final ? END : undefined,
              receiptChecks: final ? input().receiptChecks : undefined,
              readings: shuffled,
            }),
            nowMs,
          );
          let anyFinding = false;
          ids.forEach((id, i) => {
            const ref = referenceLogger(prof, byLogger[i]!, T0, END, final);
            const got = new Set<FindingCode>(v.findings.filter((f) => f.deviceId === id).map((f) => f.code));
            expect([...got].sort(), id).toEqual([...ref.codes].sort());
            const stats = (v.stats.loggers as Record<string, Record<string, unknown>>)[id]!;
            const plain = (x: unknown) => (typeof x === 'number' ? x + 0 : x); // -0 is 0
            expect([stats.minC, stats.maxC].map(plain), id).toEqual([ref.minC, ref.maxC].map(plain));
            if (ref.codes.size > 0) anyFinding = true;
          });
          expect(v.findings.filter((f) => f.deviceId === undefined)).toEqual([]);
          expect(v.status).toBe(anyFinding ? 'deviation' : 'pass');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
