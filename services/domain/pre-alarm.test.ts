import { describe, expect, it } from 'vitest';
import { MIN, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import {
  bandState,
  transportWarningAtMs,
  WarningBandWatch,
  warningBandOf,
  warningBandProblem,
} from './pre-alarm.js';

const R28 = { minC: 2, maxC: 8 };
const LN2 = { minC: Number.NEGATIVE_INFINITY, maxC: -150 };
const r = (tsMs: number, tempC: number, deviceId = 'L1'): Reading => ({ deviceId, tsMs, tempC });

describe('warning band (pre-alarm inside the range)', () => {
  it('limits are inclusive: at exactly warnMaxC / warnMinC all is well, a tenth beyond warns', () => {
    const band = warningBandOf(R28, { warnMinC: 3, warnMaxC: 7 });
    expect(bandState(7, R28, band)).toBe('ok');
    expect(bandState(7.1, R28, band)).toBe('warning');
    expect(bandState(3, R28, band)).toBe('ok');
    expect(bandState(2.9, R28, band)).toBe('warning');
    // the range's own limits stay inside (a warning), beyond them is the alarm
    expect(bandState(8, R28, band)).toBe('warning');
    expect(bandState(2, R28, band)).toBe('warning');
    expect(bandState(8.1, R28, band)).toBe('alarm');
    expect(bandState(1.9, R28, band)).toBe('alarm');
  });

  it('one stated side warns on that side only; none stated never warns', () => {
    const upper = warningBandOf(R28, { warnMaxC: 7 });
    expect(bandState(2.1, R28, upper)).toBe('ok');
    expect(bandState(7.5, R28, upper)).toBe('warning');
    expect(warningBandOf(R28, {})).toBeUndefined();
    expect(bandState(7.9, R28, undefined)).toBe('ok');
  });

  it('works for an open range (LN2 vapour, <= -150 °C)', () => {
    const band = warningBandOf(LN2, { warnMaxC: -160 });
    expect(bandState(-170, LN2, band)).toBe('ok');
    expect(bandState(-160, LN2, band)).toBe('ok');
    expect(bandState(-155, LN2, band)).toBe('warning');
    expect(bandState(-149, LN2, band)).toBe('alarm');
  });

  it('a band outside the range, or upside down, is refused', () => {
    expect(warningBandProblem(R28, { warnMaxC: 8 })).toBeUndefined();
    expect(warningBandProblem(R28, { warnMaxC: 8.5 })).toMatch(/warnMaxC/);
    expect(warningBandProblem(R28, { warnMinC: 1 })).toMatch(/warnMinC/);
    expect(warningBandProblem(R28, { warnMinC: 6, warnMaxC: 5 })).toMatch(/above/);
    expect(warningBandProblem(LN2, { warnMaxC: -140 })).toMatch(/outside/);
    expect(warningBandOf(R28, { warnMaxC: 9 })).toBeUndefined();
  });
});

describe('WarningBandWatch', () => {
  const band = { minC: 3, maxC: 7 };

  it('warns at the first reading outside the band and ends at the first one back inside', () => {
    const w = new WarningBandWatch('L1', R28, band, { delayMs: 0, fromMs: T0 });
    expect(w.add([r(T0, 5), r(T0 + MIN, 7)])).toEqual([]);
    const started = w.add([r(T0 + 2 * MIN, 7.4)]);
    expect(started).toMatchObject([{ type: 'warning_started', fromMs: T0 + 2 * MIN, peakC: 7.4 }]);
    // through an excursion the warning stays one warning; the peak follows
    expect(w.add([r(T0 + 3 * MIN, 8.6), r(T0 + 4 * MIN, 7.8)])).toEqual([]);
    const ended = w.add([r(T0 + 5 * MIN, 7)]);
    expect(ended).toMatchObject([
      { type: 'warning_ended', key: started[0]!.key, toMs: T0 + 5 * MIN, peakC: 8.6, durationMs: 3 * MIN },
    ]);
  });

  it('the delay excuses a short run outside the band (a door opened), counted in device time', () => {
    const w = new WarningBandWatch('L1', R28, band, { delayMs: 5 * MIN, fromMs: T0 });
    expect(w.add([r(T0, 7.5), r(T0 + 4 * MIN, 7.5), r(T0 + 5 * MIN - 1, 7.6), r(T0 + 6 * MIN, 6)])).toEqual(
      [],
    );
    expect(w.add([r(T0 + 10 * MIN, 7.5), r(T0 + 15 * MIN - 1, 7.5)])).toEqual([]);
    expect(w.add([r(T0 + 15 * MIN, 7.5)])).toMatchObject([
      { type: 'warning_started', fromMs: T0 + 10 * MIN, atMs: T0 + 15 * MIN },
    ]);
  });

  it('ignores readings before the window, older ones than seen, and other devices', () => {
    const w = new WarningBandWatch('L1', R28, band, { delayMs: 0, fromMs: T0 });
    expect(w.add([r(T0 - MIN, 7.5), r(T0, 7.5, 'L2')])).toEqual([]);
    w.add([r(T0 + 2 * MIN, 5)]);
    expect(w.add([r(T0 + MIN, 7.5)])).toEqual([]);
    expect(w.warning).toBe(false);
  });

  it('never changes the verdict: a shipment that stayed in range but in its warning band passes', () => {
    const readings = [0, 1, 2, 3].map((i) => r(T0 + i * 5 * MIN, 7.6));
    const v = evaluateShipment(
      {
        shipment: {
          id: 'S-1',
          profileId: 'P',
          product: { name: 'CAR-T', cellType: 'T', batch: 'B', quantity: 1 },
          containerType: 'passive_2_8_box',
          deviceIds: ['L1'],
          manufacturer: { name: 'M', qaEmail: 'qa@example.com' },
          origin: 'a',
          destination: 'b',
        },
        profile: {
          id: 'P',
          name: 'p',
          storageMode: 'refrigerated',
          warnMinC: 3,
          warnMaxC: 7,
          maxTransportMinutes: 600,
          containerTypes: ['passive_2_8_box'],
          maxGapMinutes: 15,
        },
        devices: [
          {
            id: 'L1',
            kind: 'shipper_logger',
            loggingIntervalS: 300,
            calibrationValidUntil: '2027-06-01T00:00:00Z',
          },
        ],
        dispatchedAtMs: T0,
        readings,
        events: [],
      },
      T0 + 15 * MIN,
    );
    expect(v.findings.filter((f) => f.code === 'TEMP_OUT_OF_RANGE')).toEqual([]);
  });
});

describe('transport clock pre-alarm', () => {
  it('is due at exactly 80 % of the maximum transport time', () => {
    expect(transportWarningAtMs(T0, 100)).toBe(T0 + 80 * MIN);
    expect(transportWarningAtMs(T0, 48 * 60)).toBe(T0 + 2304 * MIN);
    expect(transportWarningAtMs(T0, 100) - 1).toBeLessThan(T0 + 80 * MIN);
    // rounded up to the millisecond: never early
    expect(transportWarningAtMs(T0, 1) - T0).toBe(48_000);
  });
});
