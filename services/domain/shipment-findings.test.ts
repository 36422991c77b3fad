import { describe, expect, it } from 'vitest';
import {
  device,
  event,
  HOUR,
  input,
  MIN,
  profile,
  series,
  shipment,
  T0,
} from '../../test/support/domain-fixtures.js';
import type { Finding, Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';

/**
 * The shipment-level rules (docs/rules.md R17-R20, R23-R25) at their limits and with the figures a
 * reviewer reads: what is allowed exactly at a limit, what 1 ms beyond it gives, and from / to.
 */
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const check = (v: Verdict, id: string) => v.checks.find((c) => c.id === id)?.status;
const inTransit = { receivedAtMs: undefined, receiptChecks: undefined };

describe('transport time (R17, 7.7)', () => {
  it('over the maximum: how long, the maximum and by how much, from dispatch to receipt', () => {
    const v = evaluateShipment(input({ profile: profile({ maxTransportMinutes: 200 }) }), LATER);
    const [f] = only(v, 'TRANSPORT_TIME_EXCEEDED');
    expect(f).toMatchObject({ severity: 'major', from: iso(T0), to: iso(END) });
    expect(f!.details).toEqual({ transportMinutes: 240, maxTransportMinutes: 200, overMinutes: 40 });
  });

  it('in transit, judged up to now; never dispatched, no transport time to judge', () => {
    const p = profile({ maxTransportMinutes: 60 });
    const upTo = (nowMs: number) =>
      input({ profile: p, ...inTransit, readings: series('L1', T0, nowMs, MIN) });
    const moving = evaluateShipment(upTo(T0 + 61 * MIN), T0 + 61 * MIN);
    expect(only(moving, 'TRANSPORT_TIME_EXCEEDED')[0]).toMatchObject({ to: iso(T0 + 61 * MIN) });
    expect(evaluateShipment(upTo(T0 + 60 * MIN), T0 + 60 * MIN).findings).toEqual([]);
    const never = evaluateShipment(input({ profile: p, dispatchedAtMs: undefined }), LATER);
    expect(only(never, 'TRANSPORT_TIME_EXCEEDED')).toEqual([]);
  });
});

describe('delay (R19, 8.1.5)', () => {
  const expectedAt = END - HOUR;
  const s = shipment({ expectedArrivalAt: iso(expectedAt) });

  it('arriving exactly at expected plus grace is on time; 1 ms later is DELAYED', () => {
    expect(
      evaluateShipment(input({ shipment: s, profile: profile({ arrivalGraceMinutes: 60 }) }), LATER).status,
    ).toBe('pass');
    const late = evaluateShipment(
      input({ shipment: s, profile: profile({ arrivalGraceMinutes: 60 }), receivedAtMs: END + 1 }),
      LATER,
    );
    expect(only(late, 'DELAYED')).toHaveLength(1);
  });

  it('without a grace any lateness is a delay, from the expected time to the arrival, minor', () => {
    const v = evaluateShipment(input({ shipment: s }), LATER);
    const [f] = only(v, 'DELAYED');
    expect(f).toMatchObject({ severity: 'minor', from: iso(expectedAt), to: iso(END) });
    expect(f!.details).toEqual({ lateMinutes: 60, graceMinutes: 0, arrived: true });
  });

  it('not yet arrived: late up to now, and says so', () => {
    const v = evaluateShipment(input({ shipment: s, ...inTransit }), END);
    expect(only(v, 'DELAYED')[0]!.details).toMatchObject({ arrived: false, lateMinutes: 60 });
    expect(only(evaluateShipment(input({ shipment: s, ...inTransit }), expectedAt), 'DELAYED')).toEqual([]);
  });
});

describe('product in date (R24, 8.1.3)', () => {
  it('expired before the receipt: critical, from the expiry to the receipt', () => {
    const v = evaluateShipment(input({ shipment: shipment({ expiresAt: iso(END - HOUR) }) }), LATER);
    expect(only(v, 'PRODUCT_EXPIRED')[0]).toMatchObject({
      severity: 'critical',
      from: iso(END - HOUR),
      to: iso(END),
    });
  });

  it('without an expiry the check does not apply', () => {
    const v = evaluateShipment(input(), LATER);
    expect(check(v, 'product_in_date')).toBe('not_applicable');
  });
});

describe('calibration (R23, 10.12)', () => {
  it('a calibration that starts after dispatch: not yet valid from dispatch to its start', () => {
    const from = T0 + HOUR;
    const v = evaluateShipment(
      input({ devices: [device('L1', { calibrationValidFrom: iso(from) })] }),
      LATER,
    );
    const [f] = only(v, 'CALIBRATION_EXPIRED');
    expect(f).toMatchObject({ deviceId: 'L1', severity: 'major', from: iso(T0), to: iso(from) });
    expect(f!.details).toMatchObject({ kind: 'not_yet_valid', validFromAt: iso(from) });
    expect(check(v, 'logger_calibration')).toBe('fail');
  });

  it('valid from exactly dispatch to exactly receipt is calibrated; 1 ms short on either side is not', () => {
    const exact = device('L1', { calibrationValidFrom: iso(T0), calibrationValidUntil: iso(END) });
    expect(evaluateShipment(input({ devices: [exact] }), LATER).status).toBe('pass');
    const lateStart = device('L1', { calibrationValidFrom: iso(T0 + 1) });
    expect(
      only(evaluateShipment(input({ devices: [lateStart] }), LATER), 'CALIBRATION_EXPIRED'),
    ).toHaveLength(1);
    const earlyEnd = device('L1', { calibrationValidUntil: iso(END - 1) });
    const [f] = only(evaluateShipment(input({ devices: [earlyEnd] }), LATER), 'CALIBRATION_EXPIRED');
    expect(f).toMatchObject({ severity: 'major', from: iso(END - 1), to: iso(END) });
    expect(f!.details).toMatchObject({ kind: 'expired', validFromAt: null, validUntilAt: iso(END - 1) });
  });

  it('a calibration over before dispatch covers the whole window; one valid only after receipt too', () => {
    const over = device('L1', { calibrationValidUntil: iso(T0 - HOUR) });
    expect(only(evaluateShipment(input({ devices: [over] }), LATER), 'CALIBRATION_EXPIRED')[0]).toMatchObject(
      {
        from: iso(T0),
        to: iso(END),
      },
    );
    const future = device('L1', { calibrationValidFrom: iso(LATER) });
    expect(
      only(evaluateShipment(input({ devices: [future] }), LATER), 'CALIBRATION_EXPIRED')[0],
    ).toMatchObject({
      from: iso(T0),
      to: iso(END),
    });
  });

  it('each logger by its own calibration: two loggers, only the expired one is named', () => {
    const v = evaluateShipment(
      input({
        shipment: shipment({ deviceIds: ['L1', 'L2'] }),
        devices: [device('L1'), device('L2', { calibrationValidUntil: iso(T0 + HOUR) })],
        readings: [...series('L1', T0, END, 5 * MIN), ...series('L2', T0, END, 5 * MIN)],
      }),
      LATER,
    );
    expect(only(v, 'CALIBRATION_EXPIRED').map((f) => f.deviceId)).toEqual(['L2']);
  });

  it('an unregistered logger is named', () => {
    const v = evaluateShipment(input({ devices: [] }), LATER);
    expect(only(v, 'CALIBRATION_EXPIRED')[0]).toMatchObject({ deviceId: 'L1', severity: 'major' });
  });
});

describe("the receiver's checks (R25, 8.1.3, 8.1.4)", () => {
  const ok = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };

  it('each failed check is critical, with its clause; every one of the five counts', () => {
    for (const [k, clause] of [
      ['labelOk', '8.1.3'],
      ['packagingOk', '8.1.4'],
      ['appearanceOk', '8.1.4'],
      ['documentsOk', '8.1.3'],
      ['quantityOk', '8.1.3'],
    ] as const) {
      const v = evaluateShipment(input({ receiptChecks: { ...ok, [k]: false } }), LATER);
      expect(v.findings, k).toEqual([
        expect.objectContaining({
          code: 'RECEIPT_CHECK_FAILED',
          severity: 'critical',
          clause,
          details: { check: k },
        }),
      ]);
      expect(check(v, `receipt.${k}`)).toBe('fail');
    }
  });

  it("the receiver's coolant observation false is a failed 8.1.4 check; true or absent is none", () => {
    const bad = evaluateShipment(input({ receiptChecks: { ...ok, coolantOk: false } }), LATER);
    expect(bad.findings).toEqual([
      expect.objectContaining({
        code: 'RECEIPT_CHECK_FAILED',
        clause: '8.1.4',
        details: { check: 'coolantOk' },
      }),
    ]);
    expect(evaluateShipment(input({ receiptChecks: { ...ok, coolantOk: true } }), LATER).findings).toEqual(
      [],
    );
  });
});

describe('exposure (R20, 8.1.5)', () => {
  const v = (events: ReturnType<typeof event>[], over: Parameters<typeof input>[0] = {}) =>
    evaluateShipment(input({ events, ...over }), LATER);
  const exposures = (verdict: Verdict): Record<string, unknown>[] =>
    verdict.findings
      .filter((f) => f.code === 'EXPOSURE' || f.code === 'SENSOR_FAULT')
      .map((f) => ({ code: f.code, severity: f.severity, from: f.from, to: f.to, ...f.details }));

  it('a door opened and closed in transit: major, from opening to closing, with its minutes', () => {
    expect(
      exposures(v([event('L1', T0 + HOUR, 'door_open'), event('L1', T0 + HOUR + 90_000, 'door_closed')])),
    ).toEqual([
      {
        code: 'EXPOSURE',
        severity: 'major',
        from: iso(T0 + HOUR),
        to: iso(T0 + HOUR + 90_000),
        kind: 'open',
        event: 'door_open',
        durationMinutes: 1.5,
      },
    ]);
  });

  it('a lid still open at the receipt lasts to the receipt (open_unclosed)', () => {
    expect(exposures(v([event('L1', END - 30 * MIN, 'lid_open')]))).toEqual([
      {
        code: 'EXPOSURE',
        severity: 'major',
        from: iso(END - 30 * MIN),
        to: iso(END),
        kind: 'open_unclosed',
        event: 'lid_open',
        durationMinutes: 30,
      },
    ]);
  });

  it('a lid opened before dispatch and still open after it counts from dispatch, to the receipt', () => {
    expect(exposures(v([event('L1', T0 - HOUR, 'lid_open')]))[0]).toMatchObject({
      from: iso(T0),
      to: iso(END),
      kind: 'open_unclosed',
      durationMinutes: 240,
    });
  });

  it('a lid open before dispatch and closed at the dispatch instant was open at dispatch: reported', () => {
    // the conservative reading of the boundary: the lid was still open when the transport began
    expect(exposures(v([event('L1', T0 - HOUR, 'lid_open'), event('L1', T0, 'lid_closed')]))).toEqual([
      expect.objectContaining({ kind: 'open', from: iso(T0), to: iso(T0), durationMinutes: 0 }),
    ]);
  });

  it('opened and closed before dispatch, or a closing without an opening, is no exposure', () => {
    expect(exposures(v([event('L1', T0 - HOUR, 'lid_open'), event('L1', T0 - MIN, 'lid_closed')]))).toEqual(
      [],
    );
    expect(exposures(v([event('L1', T0 + HOUR, 'lid_closed')]))).toEqual([]);
  });

  it('a second opening while open does not restart it; an opening at the same time as a closing comes first', () => {
    const twice = exposures(
      v([
        event('L1', T0 + HOUR, 'lid_open'),
        event('L1', T0 + HOUR + 5 * MIN, 'lid_open'),
        event('L1', T0 + HOUR + 10 * MIN, 'lid_closed'),
      ]),
    );
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ from: iso(T0 + HOUR), durationMinutes: 10 });
    // stored out of order: the close first, then the open, same time
    const sameTime = exposures(v([event('L1', T0 + HOUR, 'lid_closed'), event('L1', T0 + HOUR, 'lid_open')]));
    expect(sameTime).toEqual([expect.objectContaining({ kind: 'open', durationMinutes: 0 })]);
  });

  it('light, tilt and shock counted per type, minor, from the first to the last; duplicates count once', () => {
    const found = exposures(
      v([
        event('L1', T0 + 2 * HOUR, 'tilt'),
        event('L1', T0 + HOUR, 'light'),
        event('L1', T0 + 3 * HOUR, 'tilt'),
        event('L1', T0 + 3 * HOUR, 'tilt'), // the same event sent twice
        event('L1', T0 + 2.5 * HOUR, 'tilt'),
      ]),
    );
    expect(found).toEqual([
      {
        code: 'EXPOSURE',
        severity: 'minor',
        from: iso(T0 + HOUR),
        to: iso(T0 + HOUR),
        kind: 'event',
        event: 'light',
        count: 1,
      },
      {
        code: 'EXPOSURE',
        severity: 'minor',
        from: iso(T0 + 2 * HOUR),
        to: iso(T0 + 3 * HOUR),
        kind: 'event',
        event: 'tilt',
        count: 3,
      },
    ]);
  });

  it('an event at the dispatch instant is in transit; the same event twice among others at one time counts once', () => {
    const found = exposures(
      v([
        event('L1', T0, 'shock'),
        event('L1', T0 + HOUR, 'shock'),
        event('L1', T0 + HOUR, 'tilt'),
        event('L1', T0 + HOUR, 'shock'),
      ]),
    );
    expect(found.map((f) => [f.event, f.count, f.from])).toEqual([
      ['shock', 2, iso(T0)],
      ['tilt', 1, iso(T0 + HOUR)],
    ]);
  });

  it('events after the receipt, of another device, start / stop events are none of the shipment', () => {
    const found = exposures(
      v([
        event('L1', END + MIN, 'shock'),
        event('L1', END + MIN, 'lid_open'),
        event('OTHER', T0 + HOUR, 'shock'),
        event('L1', T0 + HOUR, 'start'),
        event('L1', T0 + HOUR, 'stop'),
      ]),
    );
    expect(found).toEqual([]);
  });

  it('power loss is a major sensor fault of that logger, counted', () => {
    const found = exposures(
      v([event('L1', T0 + HOUR, 'power_loss'), event('L1', T0 + 2 * HOUR, 'power_loss')]),
    );
    expect(found).toEqual([
      {
        code: 'SENSOR_FAULT',
        severity: 'major',
        from: iso(T0 + HOUR),
        to: iso(T0 + 2 * HOUR),
        kind: 'power_loss',
        event: 'power_loss',
        count: 2,
      },
    ]);
  });

  it('each logger is judged alone: two loggers, each its own exposure', () => {
    const both = evaluateShipment(
      input({
        shipment: shipment({ deviceIds: ['L1', 'L2'] }),
        events: [event('L1', T0 + HOUR, 'shock'), event('L2', T0 + HOUR, 'shock')],
      }),
      LATER,
    );
    expect(only(both, 'EXPOSURE').map((f) => f.deviceId)).toEqual(['L1', 'L2']);
  });
});

describe('container (R18)', () => {
  it('a container the profile allows is no finding; another one is critical', () => {
    expect(
      evaluateShipment(input({ shipment: shipment({ containerType: 'active_2_8_container' }) }), LATER)
        .findings,
    ).toEqual([]);
    const v = evaluateShipment(input({ shipment: shipment({ containerType: 'room_temp_box' }) }), LATER);
    expect(only(v, 'CONTAINER_MISMATCH')[0]).toMatchObject({ severity: 'critical' });
    expect(check(v, 'container')).toBe('fail');
  });
});
