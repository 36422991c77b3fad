import { describe, expect, it } from 'vitest';
import {
  event,
  HOUR,
  input,
  MIN,
  profile,
  series,
  shipment,
  T0,
} from '../../test/support/domain-fixtures.js';
import { evaluateShipment } from './evaluate-shipment.js';

const END = T0 + 4 * HOUR;
const statsOf = (v: ReturnType<typeof evaluateShipment>, id = 'L1') =>
  (v.stats.loggers as Record<string, Record<string, unknown>>)[id]!;

describe('window edges and statistics', () => {
  it('MKT follows USP <1160> (ΔH/R = 10,000 K): 2 and 8 °C alternating give 5.54 °C, above the 5 °C mean', () => {
    const v = evaluateShipment(
      // time-weighted: each value holds 5 min; the last reading (at the receipt) holds for no time
      input({ readings: series('L1', T0, END, 5 * MIN, (_, i) => (i % 2 ? 8 : 2)) }),
      END + HOUR,
    );
    expect(statsOf(v)).toMatchObject({ meanC: 5, mktC: 5.54, minC: 2, maxC: 8 });
  });

  it('MKT for a controlled-room leg, none for cryogenic ones', () => {
    const room = input({
      profile: profile({ storageMode: 'controlled_room', containerTypes: ['room_temp_box'] }),
      shipment: shipment({ containerType: 'room_temp_box' }),
      readings: series('L1', T0, END, 5 * MIN, (_, i) => (i % 2 ? 25 : 15)),
    });
    expect(statsOf(evaluateShipment(room, END + HOUR)).mktC).toBe(21.3);
    const ln2 = input({
      profile: profile({ storageMode: 'ln2_vapor', containerTypes: ['ln2_dry_shipper'] }),
      shipment: shipment({ containerType: 'ln2_dry_shipper' }),
      readings: series('L1', T0, END, 5 * MIN, () => -190),
    });
    expect(statsOf(evaluateShipment(ln2, END + HOUR)).mktC).toBeNull();
  });

  it('readings after the receipt are not part of the window', () => {
    const rs = [
      ...series('L1', T0, END, 5 * MIN),
      ...series('L1', END + MIN, END + HOUR, 5 * MIN, () => 25, 100),
    ];
    const v = evaluateShipment(input({ readings: rs }), END + 2 * HOUR);
    expect(v.status).toBe('pass');
    expect(statsOf(v)).toMatchObject({ count: 49, maxC: 5, last: new Date(END).toISOString() });
  });

  it('readings of devices that are not the shipment loggers are ignored', () => {
    const rs = [...series('L1', T0, END, 5 * MIN), ...series('X9', T0, END, 5 * MIN, () => 40)];
    const v = evaluateShipment(input({ readings: rs }), END + HOUR);
    expect(v.status).toBe('pass');
    expect(Object.keys(v.stats.loggers as object)).toEqual(['L1']);
  });

  it('coverage, longest gap and longest excursion per logger; clock offset is the median receive delay', () => {
    const rs = [
      ...series('L1', T0, T0 + HOUR, 5 * MIN, (ts) => (ts >= T0 + 30 * MIN && ts < T0 + 45 * MIN ? 9 : 5)),
      ...series('L1', T0 + 2 * HOUR, END, 5 * MIN, () => 5, 13),
    ].map((r, i) => ({ ...r, receivedAtMs: r.tsMs + (i % 3) * 1000 }));
    const v = evaluateShipment(input({ readings: rs }), END + HOUR);
    expect(statsOf(v)).toMatchObject({
      longestGapMinutes: 60,
      longestExcursionMinutes: 15,
      minutesOutOfRange: 15,
      coveragePct: 75,
      clockOffsetMs: 1000,
    });
    expect(v.findings.map((f) => f.code)).toEqual(['TEMP_OUT_OF_RANGE', 'RECORD_GAP']);
  });

  it('a lid opened before dispatch and still open at dispatch is an exposure from dispatch', () => {
    const events = [event('L1', T0 - 10 * MIN, 'lid_open'), event('L1', T0 + 5 * MIN, 'lid_closed')];
    const v = evaluateShipment(input({ events }), END + HOUR);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({
      code: 'EXPOSURE',
      from: new Date(T0).toISOString(),
      details: { durationMinutes: 5 },
    });
  });

  it('a provisional verdict flags a logger silent for longer than the max gap up to now', () => {
    const v = evaluateShipment(
      input({
        receivedAtMs: undefined,
        receiptChecks: undefined,
        readings: series('L1', T0, T0 + HOUR, 5 * MIN),
      }),
      T0 + HOUR + 16 * MIN,
    );
    expect(v.findings.map((f) => [f.code, f.details?.kind])).toEqual([['RECORD_INCOMPLETE', 'end']]);
    expect(v.final).toBe(false);
  });
});
