import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  device,
  event,
  HOUR,
  MIN,
  profile,
  series,
  shipment,
  T0,
} from '../../test/support/domain-fixtures.js';
import type { Reading } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { createShipmentMonitor, type ShipmentTransition } from './shipment-monitor.js';

const ctx = (overrides: Parameters<typeof profile>[0] = {}) => ({
  shipment: shipment(),
  profile: profile({ tolerance: { alarmDelayMinutes: 10 }, ...overrides }),
  devices: [device('L1')],
  dispatchedAtMs: T0,
});
const types = (trs: ShipmentTransition[]) => trs.map((t) => t.type);

/** Feeds readings one by one as if each arrived 10 s after it was measured. */
function live(m: ReturnType<typeof createShipmentMonitor>, rs: Reading[]): ShipmentTransition[] {
  return rs.flatMap((r) => m.addReadings([r], r.tsMs + 10_000));
}

describe('ShipmentMonitor: live transitions', () => {
  const excursion = series('L1', T0, T0 + 2 * HOUR, 5 * MIN, (ts) =>
    ts >= T0 + HOUR && ts < T0 + HOUR + 20 * MIN ? 9.5 : 5,
  );

  it('excursion_started once the alarm delay has passed (device time of start), excursion_ended with duration and peak', () => {
    const m = createShipmentMonitor(ctx());
    const trs = live(m, excursion);
    expect(types(trs)).toEqual(['excursion_started', 'excursion_ended']);
    const [started, ended] = trs;
    expect(started).toMatchObject({
      key: 'L1|excursion::' + (T0 + HOUR),
      shipmentId: 'S-1',
      deviceId: 'L1',
      code: 'TEMP_OUT_OF_RANGE',
      fromMs: T0 + HOUR,
      atMs: T0 + HOUR + 10 * MIN,
      late: false,
    });
    expect(started!.finding?.message).toContain('still outside');
    expect(ended).toMatchObject({
      key: started!.key,
      toMs: T0 + HOUR + 20 * MIN,
      durationMs: 20 * MIN,
      peakC: 9.5,
    });
  });

  it('an excursion shorter than the alarm delay gives no transition', () => {
    const m = createShipmentMonitor(ctx({ tolerance: { alarmDelayMinutes: 30 } }));
    expect(live(m, excursion)).toEqual([]);
  });

  it('marks transitions found in a backlog as late', () => {
    const m = createShipmentMonitor(ctx());
    const trs = m.addReadings(excursion, T0 + 5 * HOUR);
    expect(types(trs)).toEqual(['excursion_started', 'excursion_ended']);
    expect(trs.every((t) => t.late)).toBe(true);
  });

  it('a late out-of-order reading that reveals a past excursion comes out late; one that fills a gap retracts it', () => {
    const m = createShipmentMonitor(ctx({ tolerance: { alarmDelayMinutes: 0 } }));
    const rs = series('L1', T0, T0 + 2 * HOUR, 5 * MIN);
    const missing = rs.splice(12, 4); // 60..75 min: a 25-minute gap
    const first = live(m, rs);
    // the time gap and the hole in seq
    expect(first.map((t) => t.key)).toEqual([`L1|gap::${T0 + 55 * MIN}`, `L1|seq_hole::${T0 + 55 * MIN}`]);
    const trs = m.addReadings([{ ...missing[1]!, tempC: 11 }], T0 + 2 * HOUR + MIN);
    expect(trs.every((t) => t.late)).toBe(true);
    expect(trs.map((t) => [t.type, t.key])).toEqual([
      ['excursion_started', `L1|excursion::${T0 + 65 * MIN}`],
      ['excursion_ended', `L1|excursion::${T0 + 65 * MIN}`],
      ['gap_detected', `L1|seq_hole::${T0 + 65 * MIN}`],
      ['retracted', `L1|gap::${T0 + 55 * MIN}`],
    ]);
  });

  it('tick: silent longer than maxGap is gap_detected once (exactly maxGap is not); the next reading ends it', () => {
    const m = createShipmentMonitor(ctx());
    // each reading arrives 10 s after its device time: silence counts from when it was last heard
    live(m, series('L1', T0, T0 + HOUR, 5 * MIN));
    expect(m.tick(T0 + HOUR + 10_000 + 15 * MIN)).toEqual([]);
    const [gap] = m.tick(T0 + HOUR + 10_000 + 15 * MIN + 1);
    expect(gap).toMatchObject({ type: 'gap_detected', fromMs: T0 + HOUR, late: false, code: 'RECORD_GAP' });
    expect(gap!.finding?.message).toMatch(
      /^Logger L1: no reading for 15.2 min from .* \(at most 15 min allowed\)\.$/,
    );
    expect(m.tick(T0 + HOUR + 20 * MIN)).toEqual([]);
    const back = m.addReadings(
      [{ deviceId: 'L1', tsMs: T0 + HOUR + 25 * MIN, seq: 13, tempC: 5 }],
      T0 + HOUR + 25 * MIN,
    );
    expect(back.map((t) => [t.type, t.key])).toEqual([['gap_ended', gap!.key]]);
  });

  it('a backlog of old readings arriving now is a logger being heard, not a silent one', () => {
    const m = createShipmentMonitor(ctx());
    const arrivalMs = T0 + 10 * HOUR; // the whole record arrives hours after its device times
    const record = series('L1', T0, T0 + 2 * HOUR, 5 * MIN);
    const transitions = [];
    for (let i = 0; i < record.length; i += 4) {
      transitions.push(...m.addReadings(record.slice(i, i + 4), arrivalMs + i * 100));
      transitions.push(...m.tick(arrivalMs + i * 100 + 50));
    }
    expect(transitions.filter((t) => t.code === 'RECORD_GAP')).toEqual([]);
    // once nothing more arrives for longer than maxGap, the logger is silent since its last reading
    const [gap] = m.tick(arrivalMs + 16 * MIN + 10_000);
    expect(gap).toMatchObject({ type: 'gap_detected', fromMs: T0 + 2 * HOUR });
  });

  it('coolant_low and coolant_restored from the LN2 level', () => {
    const m = createShipmentMonitor({
      ...ctx({ storageMode: 'ln2_vapor', containerTypes: ['ln2_dry_shipper'], coolantMinPct: 20 }),
      shipment: shipment({ containerType: 'ln2_dry_shipper' }),
    });
    const rs = series('L1', T0, T0 + HOUR, 5 * MIN, () => -185).map((r, i) => ({
      ...r,
      ln2LevelPct: i >= 4 && i < 8 ? 15 : 50,
    }));
    expect(types(live(m, rs))).toEqual(['coolant_low', 'coolant_restored']);
  });

  it('timers fire once: transport time exceeded, delay, product expiry', () => {
    const m = createShipmentMonitor({
      ...ctx({ maxTransportMinutes: 60 }),
      shipment: shipment({
        expectedArrivalAt: new Date(T0 + 30 * MIN).toISOString(),
        expiresAt: new Date(T0 + 90 * MIN).toISOString(),
      }),
    });
    expect(types(m.tick(T0 + 60 * MIN))).toEqual(['gap_detected', 'delayed']);
    expect(types(m.tick(T0 + 60 * MIN + 1))).toEqual(['transport_time_exceeded']);
    expect(types(m.tick(T0 + 91 * MIN))).toEqual(['product_expired']);
    expect(m.tick(T0 + 95 * MIN)).toEqual([]);
  });

  it('exposure from events in transit, exposure_ended when the lid is closed', () => {
    const m = createShipmentMonitor(ctx());
    expect(types(m.addEvents([event('L1', T0 + HOUR, 'lid_open')], T0 + HOUR))).toEqual(['exposure']);
    expect(types(m.addEvents([event('L1', T0 + HOUR + 4 * MIN, 'lid_closed')], T0 + HOUR + 4 * MIN))).toEqual(
      ['exposure_ended'],
    );
    expect(m.addEvents([event('L1', T0 - HOUR, 'shock')], T0 + HOUR + 5 * MIN)).toEqual([]);
  });

  it('after a restart, restore() rebuilds state silently and open alarms keep their keys', () => {
    const rs = series('L1', T0, T0 + HOUR, 5 * MIN, (ts) => (ts >= T0 + 30 * MIN ? 12 : 5));
    const a = createShipmentMonitor(ctx());
    const [started] = live(a, rs);
    const b = createShipmentMonitor(ctx());
    const open = b.restore([...rs].reverse(), [], T0 + HOUR + MIN);
    expect(open.map((t) => t.key)).toEqual([started!.key]);
    expect(
      b
        .addReadings(
          series('L1', T0 + 65 * MIN, T0 + 75 * MIN, 5 * MIN, () => 5, 13),
          T0 + 75 * MIN,
        )
        .map((t) => t.type),
    ).toEqual(['excursion_ended']); // once back in range for the 10-min alarm-off margin
  });

  it('dispatch recorded later replays the held record under the window', () => {
    const m = createShipmentMonitor({ ...ctx(), dispatchedAtMs: undefined });
    expect(
      live(
        m,
        series('L1', T0 - HOUR, T0 + HOUR, 5 * MIN, () => 10),
      ),
    ).toEqual([]);
    const trs = m.dispatch(T0, T0 + HOUR + MIN);
    expect(trs.map((t) => [t.type, t.fromMs])).toEqual([['excursion_started', T0]]);
  });
});

describe('ShipmentMonitor: live alarms agree with the verdict', () => {
  const stream = fc.array(
    fc.tuple(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 12, noNaN: true })),
    {
      maxLength: 100,
    },
  );

  it('the excursions and gaps alarmed live (minus retractions) are the verdict findings, in order or shuffled', () => {
    fc.assert(
      fc.property(
        stream,
        fc.constantFrom(0, 10),
        fc.option(fc.infiniteStream(fc.nat()), { nil: undefined }),
        (steps, delay, shuffle) => {
          let ts = T0 - 10 * MIN;
          let seq = 0;
          const rs: Reading[] = [];
          for (const [step, temp] of steps) {
            ts += step * MIN;
            seq += step > 18 ? 2 : 1;
            if (ts > T0 + 6 * HOUR) break;
            rs.push({ deviceId: 'L1', tsMs: ts, seq, tempC: Math.round(temp) });
          }
          const c = ctx({ tolerance: { alarmDelayMinutes: delay } });
          const m = createShipmentMonitor(c);
          const trs: ShipmentTransition[] = [];
          if (shuffle) {
            const r = shuffle[Symbol.iterator]();
            const order = rs
              .map((x) => ({ x, k: r.next().value as number }))
              .sort((a, b) => a.k - b.k)
              .map((p) => p.x);
            let seen = T0;
            for (let i = 0; i < order.length; ) {
              const batch = order.slice(i, i + 1 + ((r.next().value as number) % 4));
              seen = Math.max(seen, ...batch.map((x) => x.tsMs));
              trs.push(...m.addReadings(batch, seen + 10_000));
              i += batch.length;
            }
          } else trs.push(...live(m, rs));
          trs.push(...m.tick(T0 + 6 * HOUR));
          const announced = new Map<string, string>();
          for (const t of trs) {
            if (t.type === 'retracted') announced.delete(t.key);
            else if (t.type !== 'gap_ended' && !(t.type === 'gap_detected' && t.toMs === undefined)) {
              announced.set(t.key, `${t.code}@${t.fromMs}`);
            }
          }
          // provisional at the window end: what is live; at the door an open excursion is never
          // excused (docs/rules.md R1), which the receipt's final verdict adds
          const v = evaluateShipment({ ...c, readings: rs, events: [] }, T0 + 6 * HOUR);
          const expected = v.findings
            .filter((f) => f.code === 'TEMP_OUT_OF_RANGE' || f.code === 'RECORD_GAP')
            .map((f) => `${f.code}@${Date.parse(f.from!)}`);
          expect([...new Set(announced.values())].sort()).toEqual([...new Set(expected)].sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
