import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { device, HOUR, input, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading, StorageUnit } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { evaluateStorage } from './evaluate-storage.js';

const END = T0 + 4 * HOUR;

describe('input forms', () => {
  it('accepts a one-shot generator of readings as well as an array (out of order included)', () => {
    const rs = series('L1', T0, END, 5 * MIN, (ts) => (ts === T0 + HOUR ? 9 : 5));
    function* once() {
      yield* [...rs].reverse();
    }
    expect(evaluateShipment(input({ readings: once() }), END + HOUR)).toEqual(
      evaluateShipment(input({ readings: rs }), END + HOUR),
    );
  });

  it('duplicates that differ only in receive time resolve the same way in any order (earliest receive time)', () => {
    const rs = series('L1', T0, END, 5 * MIN).map((r) => ({ ...r, receivedAtMs: r.tsMs + 2_000 }));
    const resent = rs.map((r) => ({ ...r, receivedAtMs: r.tsMs + 60 * MIN }));
    const a = evaluateShipment(input({ readings: [...rs, ...resent] }), END + HOUR);
    const b = evaluateShipment(input({ readings: [...resent, ...rs] }), END + HOUR);
    expect(a).toEqual(b);
    expect((a.stats.loggers as Record<string, Record<string, unknown>>).L1!.clockOffsetMs).toBe(2_000);
  });

  it('the storage status does not depend on the order or duplication of readings', () => {
    const unit: StorageUnit = {
      id: 'U1',
      name: 'Freezer',
      storageMode: 'ultra_low',
      alarmDelayMinutes: 15,
      deviceIds: ['S1', 'S2'],
      site: 'Lab',
    };
    const reading = fc.record({
      deviceId: fc.constantFrom('S1', 'S2'),
      tsMs: fc.integer({ min: T0 - HOUR, max: END }),
      seq: fc.nat(300),
      tempC: fc.constantFrom(-95, -90, -80, -60, -59.9, -40),
    });
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 60 }), (rs: Reading[]) => {
        const base = {
          unit,
          devices: [device('S1'), device('S2')],
          items: [],
          events: [],
          fromMs: T0,
        };
        const a = evaluateStorage({ ...base, readings: rs }, END);
        const b = evaluateStorage({ ...base, readings: [...rs, ...rs.slice(0, 7)].reverse() }, END);
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });
});
