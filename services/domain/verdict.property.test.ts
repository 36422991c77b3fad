import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { device, HOUR, input, MIN, profile, shipment, T0 } from '../../test/support/domain-fixtures.js';
import type { DeviceEvent, Reading, Tolerance } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { findingMessage } from './finding.js';
import { createShipmentMonitor } from './shipment-monitor.js';

const DEVICES = ['L1', 'L2'];
const END = T0 + 6 * HOUR;

/** A random record of two loggers around a 6-hour window: jittered times, excursions, gaps, seq holes. */
const readingArb = fc.record({
  deviceId: fc.constantFrom(...DEVICES),
  tsMs: fc.integer({ min: T0 - 30 * MIN, max: END + 30 * MIN }),
  seq: fc.integer({ min: 0, max: 400 }),
  tempC: fc.oneof(fc.constantFrom(2, 8, 1.99, 8.01, 5), fc.double({ min: -5, max: 20, noNaN: true })),
  ln2LevelPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
});
/** A more realistic stream: mostly ordered by time, seq increasing, so gaps/excursions are episodes. */
const streamArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(...DEVICES),
      fc.integer({ min: 1, max: 20 }),
      fc.double({ min: 0, max: 12, noNaN: true }),
    ),
    {
      maxLength: 120,
    },
  )
  .map((steps) => {
    const clock: Record<string, number> = { L1: T0 - 10 * MIN, L2: T0 - 10 * MIN };
    const seq: Record<string, number> = { L1: 0, L2: 0 };
    return steps.map(([deviceId, stepMin, tempC]): Reading => {
      clock[deviceId]! += stepMin * MIN;
      seq[deviceId]! += stepMin > 18 ? 2 : 1;
      return { deviceId, tsMs: clock[deviceId]!, seq: seq[deviceId]!, tempC: Math.round(tempC * 10) / 10 };
    });
  });
const recordArb = fc.oneof(fc.array(readingArb, { maxLength: 80 }), streamArb);
const eventArb = fc.record({
  deviceId: fc.constantFrom(...DEVICES),
  tsMs: fc.integer({ min: T0 - 30 * MIN, max: END + 30 * MIN }),
  type: fc.constantFrom('lid_open', 'lid_closed', 'shock', 'light', 'power_loss' as const),
}) as fc.Arbitrary<DeviceEvent>;

const toleranceArb: fc.Arbitrary<Tolerance | undefined> = fc.option(
  fc.record({
    alarmDelayMinutes: fc.constantFrom(0, 10, 30),
    maxSingleExcursionMinutes: fc.option(fc.constantFrom(15, 60), { nil: undefined }),
    maxCumulativeExcursionMinutes: fc.option(fc.constantFrom(30, 120), { nil: undefined }),
    hardMaxC: fc.option(fc.constantFrom(12, 15), { nil: undefined }),
    rules: fc.constant<Tolerance['rules']>([
      { id: 'r1', kind: 'cumulative' as const, direction: 'above' as const, thresholdC: 9, minutes: 20 },
    ]),
  }),
  { nil: undefined },
);

function caseInput(readings: Reading[], events: DeviceEvent[], tolerance: Tolerance | undefined) {
  return input({
    shipment: shipment({ deviceIds: DEVICES }),
    profile: profile({ tolerance, coolantMinPct: 30 }),
    devices: DEVICES.map((id) => device(id)),
    receivedAtMs: END,
    readings,
    events,
  });
}

describe('verdict properties', () => {
  it('shuffling and duplicating readings and events never changes the verdict', () => {
    fc.assert(
      fc.property(
        recordArb,
        fc.array(eventArb, { maxLength: 10 }),
        toleranceArb,
        fc.infiniteStream(fc.nat()),
        (readings, events, tolerance, randoms) => {
          const base = evaluateShipment(caseInput(readings, events, tolerance), END + HOUR);
          for (const f of base.findings) {
            expect(f.message).not.toMatch(/\{\w+\}/);
            expect(findingMessage('zh-CN', f)).not.toMatch(/\{\w+\}/);
          }
          const r = randoms[Symbol.iterator]();
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x) => ({ x, k: r.next().value as number }))
              .sort((a, b) => a.k - b.k)
              .map((p) => p.x);
          const dupR = shuffle([...readings, ...readings.filter(() => (r.next().value as number) % 3 === 0)]);
          const dupE = shuffle([...events, ...events.filter(() => (r.next().value as number) % 2 === 0)]);
          expect(evaluateShipment(caseInput(dupR, dupE, tolerance), END + HOUR)).toEqual(base);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('once the window is closed the verdict is the same at any later now (except evaluatedAt)', () => {
    fc.assert(
      fc.property(
        recordArb,
        toleranceArb,
        fc.integer({ min: 0, max: 1000 * HOUR }),
        (readings, tolerance, laterMs) => {
          const a = evaluateShipment(caseInput(readings, [], tolerance), END);
          const b = evaluateShipment(caseInput(readings, [], tolerance), END + laterMs);
          expect({ ...b, evaluatedAt: a.evaluatedAt }).toEqual(a);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the live monitor fed in any order, in any batches, ends with the batch verdict', () => {
    fc.assert(
      fc.property(
        recordArb,
        fc.array(eventArb, { maxLength: 6 }),
        toleranceArb,
        fc.infiniteStream(fc.nat()),
        (readings, events, tolerance, randoms) => {
          const inp = caseInput(readings, events, tolerance);
          const r = randoms[Symbol.iterator]();
          const order = readings
            .map((x) => ({ x, k: r.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map((p) => p.x);
          const m = createShipmentMonitor({
            shipment: inp.shipment,
            profile: inp.profile,
            devices: inp.devices,
            dispatchedAtMs: inp.dispatchedAtMs,
          });
          let now = T0;
          for (let i = 0; i < order.length; ) {
            const n = 1 + ((r.next().value as number) % 5);
            now += MIN;
            m.addReadings(order.slice(i, i + n), now);
            m.tick(now);
            i += n;
          }
          m.addEvents(events, now);
          const receipt = { receivedAtMs: END, receiptChecks: inp.receiptChecks };
          expect(m.verdict(END + HOUR, receipt)).toEqual(evaluateShipment(inp, END + HOUR));
        },
      ),
      { numRuns: 150 },
    );
  });
});
