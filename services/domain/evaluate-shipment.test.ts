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

const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const codes = (v: Verdict) => v.findings.map((f) => f.code);
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const check = (v: Verdict, id: string) => v.checks.find((c) => c.id === id)?.status;
/** readings every 5 min over the window at 5 °C except where `temp` says otherwise */
const temps = (temp: (ts: number) => number | undefined, id = 'L1') =>
  series(id, T0, END, 5 * MIN, (ts) => temp(ts) ?? 5);

describe('evaluateShipment: a clean shipment', () => {
  it('passes, final, with every 8.1.5 and receipt check passed and stats per logger', () => {
    const v = evaluateShipment(input(), LATER);
    expect(v.status).toBe('pass');
    expect(v.final).toBe(true);
    expect(v.findings).toEqual([]);
    expect(v.window).toEqual({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-20T04:00:00.000Z' });
    expect(v.evaluatedAt).toBe(new Date(LATER).toISOString());
    for (const id of [
      'record_continuous',
      'temperature_in_range',
      'transport_time',
      'container',
      'delay_exposure_anomaly',
    ]) {
      expect(check(v, id)).toBe('pass');
    }
    for (const k of ['labelOk', 'packagingOk', 'appearanceOk', 'documentsOk', 'quantityOk']) {
      expect(check(v, `receipt.${k}`)).toBe('pass');
    }
    const stats = (v.stats.loggers as Record<string, Record<string, unknown>>).L1!;
    expect(stats).toMatchObject({ count: 49, minC: 5, maxC: 5, meanC: 5, mktC: 5, coveragePct: 100 });
    expect(stats.longestGapMinutes).toBe(5);
  });

  it('is provisional while in transit: window to now, receipt checks pending', () => {
    const v = evaluateShipment(
      input({
        receivedAtMs: undefined,
        receiptChecks: undefined,
        readings: series('L1', T0, T0 + HOUR, 5 * MIN),
      }),
      T0 + HOUR + 2 * MIN,
    );
    expect(v.final).toBe(false);
    expect(v.window.to).toBe(new Date(T0 + HOUR + 2 * MIN).toISOString());
    expect(v.status).toBe('pass');
    expect(check(v, 'receipt.labelOk')).toBe('pending');
  });
});

describe('evaluateShipment: temperature (7.7, 8.1.5)', () => {
  it('treats the limits as inclusive: 2.0 and 8.0 are in range, 8.01 is not', () => {
    const ok = evaluateShipment(
      input({ readings: temps((ts) => (ts === T0 + HOUR ? 8 : ts === T0 + 2 * HOUR ? 2 : undefined)) }),
      LATER,
    );
    expect(ok.status).toBe('pass');
    const bad = evaluateShipment(
      input({ readings: temps((ts) => (ts === T0 + HOUR ? 8.01 : undefined)) }),
      LATER,
    );
    expect(codes(bad)).toEqual(['TEMP_OUT_OF_RANGE']);
    expect(bad.status).toBe('deviation');
    expect(check(bad, 'temperature_in_range')).toBe('fail');
  });

  it('reports an excursion from its first reading out to the first back in, with peak and minutes', () => {
    const v = evaluateShipment(
      input({
        readings: temps((ts) =>
          ts >= T0 + HOUR && ts < T0 + HOUR + 20 * MIN ? 9 + (ts - T0 - HOUR) / MIN / 10 : undefined,
        ),
      }),
      LATER,
    );
    const [f] = only(v, 'TEMP_OUT_OF_RANGE');
    expect(f).toMatchObject({
      clause: '7.7, 8.1.5',
      deviceId: 'L1',
      from: new Date(T0 + HOUR).toISOString(),
      to: new Date(T0 + HOUR + 20 * MIN).toISOString(),
      details: { durationMinutes: 20, peakC: 10.5, open: false },
    });
    expect(f!.message).toBe(
      'Logger L1: temperature outside 2 °C to 8 °C from 2026-11-20 09:00:00 (Asia/Shanghai, UTC+08:00) to 2026-11-20 09:20:00 (Asia/Shanghai, UTC+08:00), 20 min, peak 10.5 °C.',
    );
    expect((v.stats.loggers as Record<string, Record<string, unknown>>).L1!.minutesOutOfRange).toBe(20);
  });

  it('marks an excursion still open at the window end as open, lasting to the last reading', () => {
    const v = evaluateShipment(
      input({ readings: temps((ts) => (ts >= END - 30 * MIN ? 12 : undefined)) }),
      LATER,
    );
    const [f] = only(v, 'TEMP_OUT_OF_RANGE');
    expect(f!.details).toMatchObject({ open: true, durationMinutes: 30, kind: 'excursion_open' });
    expect(f!.to).toBe(new Date(END).toISOString());
  });

  it('tolerates excursions shorter than the alarm delay but not hard-limit breaches', () => {
    const p = profile({ tolerance: { alarmDelayMinutes: 30, hardMaxC: 15 } });
    const short = temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 25 * MIN ? 10 : undefined));
    expect(evaluateShipment(input({ profile: p, readings: short }), LATER).status).toBe('pass');
    const atDelay = temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 30 * MIN ? 10 : undefined));
    expect(codes(evaluateShipment(input({ profile: p, readings: atDelay }), LATER))).toEqual([
      'TEMP_OUT_OF_RANGE',
    ]);
    const hard = temps((ts) => (ts === T0 + HOUR ? 16 : undefined));
    const v = evaluateShipment(input({ profile: p, readings: hard }), LATER);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({
      severity: 'critical',
      details: { kind: 'hard_limit', limitC: 15, peakC: 16 },
    });
  });

  it('applies single and cumulative budgets', () => {
    const p = profile({
      tolerance: { alarmDelayMinutes: 0, maxSingleExcursionMinutes: 20, maxCumulativeExcursionMinutes: 30 },
    });
    // two 20-minute excursions: each within the single budget, 40 min in total over the 30 min budget
    const two = temps((ts) =>
      (ts >= T0 + HOUR && ts < T0 + HOUR + 20 * MIN) || (ts >= T0 + 2 * HOUR && ts < T0 + 2 * HOUR + 20 * MIN)
        ? 9
        : undefined,
    );
    const v = evaluateShipment(input({ profile: p, readings: two }), LATER);
    expect(v.findings.map((f) => f.details?.kind)).toEqual(['budget_cumulative']);
    expect(v.findings[0]!.details).toMatchObject({ totalMinutes: 40, budgetMinutes: 30 });
    const long = temps((ts) => (ts >= T0 + HOUR && ts < T0 + HOUR + 25 * MIN ? 9 : undefined));
    expect(
      evaluateShipment(input({ profile: p, readings: long }), LATER).findings.map((f) => f.details?.kind),
    ).toEqual(['excursion']);
  });

  it('uses the storage mode default range when the profile states none (dry ice <= -60 °C)', () => {
    const p = profile({ storageMode: 'dry_ice', containerTypes: ['dry_ice_box'] });
    const s = shipment({ containerType: 'dry_ice_box' });
    const v = evaluateShipment(
      input({ profile: p, shipment: s, readings: temps((ts) => (ts === T0 + HOUR ? -59.9 : -70)) }),
      LATER,
    );
    expect(codes(v)).toEqual(['TEMP_OUT_OF_RANGE']);
    expect(v.findings[0]!.details).toMatchObject({ rangeC: '≤ -60', maxLimitC: -60, minLimitC: null });
    expect((v.stats.loggers as Record<string, Record<string, unknown>>).L1!.mktC).toBeNull();
  });
});

describe('evaluateShipment: the record (8.1.5)', () => {
  it('NO_DATA for a logger that sent nothing; no data is never in range', () => {
    const v = evaluateShipment(input({ readings: [] }), LATER);
    expect(codes(v)).toEqual(['NO_DATA']);
    expect(v.findings[0]).toMatchObject({ severity: 'critical', deviceId: 'L1' });
    expect(check(v, 'temperature_in_range')).toBe('fail');
    expect(check(v, 'record_continuous')).toBe('fail');
    expect(v.status).toBe('deviation');
  });

  it('a gap exactly at the max gap is allowed, 1 ms over is a RECORD_GAP', () => {
    const at = series('L1', T0, END, 15 * MIN);
    expect(evaluateShipment(input({ readings: at }), LATER).status).toBe('pass');
    const over = [
      ...series('L1', T0, T0 + HOUR, 5 * MIN),
      ...series('L1', T0 + HOUR + 15 * MIN + 1, END, 5 * MIN, () => 5, 13),
    ];
    const v = evaluateShipment(input({ readings: over }), LATER);
    expect(codes(v)).toEqual(['RECORD_GAP']);
    expect(v.findings[0]).toMatchObject({
      from: new Date(T0 + HOUR).toISOString(),
      details: { kind: 'gap', maxGapMinutes: 15 },
    });
    expect(v.findings[0]!.details!.gapMinutes).toBeCloseTo(15, 1);
  });

  it('a hole in seq is a RECORD_GAP even when the times are close', () => {
    const rs = series('L1', T0, END, 5 * MIN).map((r, i) => (i >= 10 ? { ...r, seq: (r.seq ?? 0) + 3 } : r));
    const v = evaluateShipment(input({ readings: rs }), LATER);
    expect(codes(v)).toEqual(['RECORD_GAP']);
    expect(v.findings[0]!.details).toMatchObject({ kind: 'seq_hole', missing: 3 });
  });

  it('RECORD_INCOMPLETE when the record starts late or stops early', () => {
    const v = evaluateShipment(
      input({ readings: series('L1', T0 + 30 * MIN, END - 40 * MIN, 5 * MIN) }),
      LATER,
    );
    expect(v.findings.map((f) => [f.code, f.details?.kind])).toEqual([
      ['RECORD_INCOMPLETE', 'start'],
      ['RECORD_INCOMPLETE', 'end'],
    ]);
  });

  it('holds the last reading before dispatch into the window (logger started before dispatch)', () => {
    // readings from 1 h before dispatch; an excursion before dispatch is not the shipment's
    const rs = series('L1', T0 - HOUR - 2 * MIN, END, 5 * MIN, (ts) =>
      ts < T0 - 30 * MIN ? 20 : ts < T0 ? 9 : 5,
    );
    const v = evaluateShipment(input({ readings: rs }), LATER);
    // the held reading at T0-2min is 9 °C: out of range from dispatch to the first reading at T0+3min
    expect(codes(v)).toEqual(['TEMP_OUT_OF_RANGE']);
    expect(v.findings[0]).toMatchObject({
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 3 * MIN).toISOString(),
    });
    const stats = (v.stats.loggers as Record<string, Record<string, unknown>>).L1!;
    expect(stats.first).toBe(new Date(T0 + 3 * MIN).toISOString());
    // the held 9 °C is the state at dispatch: stats see what the finding sees (issue #13 case 7)
    expect(stats.maxC).toBe(9);
  });

  it('ignores a pre-dispatch reading older than the max gap (start missing instead)', () => {
    const rs = [
      { deviceId: 'L1', tsMs: T0 - HOUR, seq: 0, tempC: 5 },
      ...series('L1', T0 + 20 * MIN, END, 5 * MIN, () => 5, 1),
    ];
    const v = evaluateShipment(input({ readings: rs }), LATER);
    expect(v.findings.map((f) => f.details?.kind)).toEqual(['start']);
  });

  it('gives the same verdict for out-of-order and duplicated readings', () => {
    const rs = temps((ts) => (ts >= T0 + HOUR && ts < T0 + 2 * HOUR ? 9 : undefined));
    const messy = [...rs].reverse().concat(rs.slice(0, 10), rs.slice(20, 25));
    expect(evaluateShipment(input({ readings: messy }), LATER)).toEqual(
      evaluateShipment(input({ readings: rs }), LATER),
    );
  });

  it('judges each logger alone: three loggers, only one fails', () => {
    const s = shipment({ deviceIds: ['L1', 'L2', 'L3'] });
    const readings = [
      ...series('L1', T0, END, 5 * MIN),
      ...series('L2', T0, END, 5 * MIN, (ts) => (ts === T0 + 2 * HOUR ? 8.5 : 5)),
      ...series('L3', T0, END, 5 * MIN),
    ];
    const v = evaluateShipment(input({ shipment: s, readings }), LATER);
    expect(v.findings.map((f) => [f.code, f.deviceId])).toEqual([['TEMP_OUT_OF_RANGE', 'L2']]);
    expect(v.status).toBe('deviation');
    expect(Object.keys(v.stats.loggers as object)).toEqual(['L1', 'L2', 'L3']);
  });

  it('SENSOR_FAULT for impossible values, a stuck sensor and a device clock ahead of the server', () => {
    const impossible = evaluateShipment(
      input({ readings: temps((ts) => (ts === T0 + HOUR ? -250 : undefined)) }),
      LATER,
    );
    expect(impossible.findings.map((f) => [f.code, f.details?.kind])).toContainEqual([
      'SENSOR_FAULT',
      'impossible_value',
    ]);
    const long = input({
      receivedAtMs: T0 + 20 * HOUR,
      profile: profile({ maxTransportMinutes: 24 * 60 }),
      readings: series('L1', T0, T0 + 20 * HOUR, 5 * MIN, () => 4.2),
    });
    expect(evaluateShipment(long, LATER + 20 * HOUR).findings.map((f) => f.details?.kind)).toEqual(['stuck']);
    const ahead = series('L1', T0, END, 5 * MIN).map((r) => ({ ...r, receivedAtMs: r.tsMs - 10 * MIN }));
    const v = evaluateShipment(input({ readings: ahead }), LATER);
    expect(v.findings.map((f) => f.details?.kind)).toEqual(['clock_ahead']);
    expect((v.stats.loggers as Record<string, Record<string, unknown>>).L1!.clockOffsetMs).toBe(-10 * MIN);
  });

  it('COOLANT_LOW when the LN2 level drops under the profile minimum (8.1.4)', () => {
    const p = profile({ storageMode: 'ln2_vapor', containerTypes: ['ln2_dry_shipper'], coolantMinPct: 20 });
    const s = shipment({ containerType: 'ln2_dry_shipper' });
    const rs = series('L1', T0, END, 5 * MIN, () => -180).map((r, i) => ({
      ...r,
      ln2LevelPct: 40 - i * 0.5,
    }));
    const v = evaluateShipment(input({ profile: p, shipment: s, readings: rs }), LATER);
    expect(codes(v)).toEqual(['COOLANT_LOW']);
    expect(v.findings[0]).toMatchObject({
      clause: '8.1.4',
      details: { minPct: 16, coolantMinPct: 20, open: true },
    });
    expect(check(v, 'coolant_level')).toBe('fail');
  });
});

describe('evaluateShipment: transport and handover', () => {
  it('TRANSPORT_TIME_EXCEEDED only when over the maximum (the maximum itself is allowed)', () => {
    const p = profile({ maxTransportMinutes: 240 });
    expect(evaluateShipment(input({ profile: p }), LATER).status).toBe('pass');
    const v = evaluateShipment(
      input({ profile: p, receivedAtMs: END + 1, readings: series('L1', T0, END + 1, 5 * MIN) }),
      LATER,
    );
    expect(codes(v)).toEqual(['TRANSPORT_TIME_EXCEEDED']);
    expect(check(v, 'transport_time')).toBe('fail');
  });

  it('CONTAINER_MISMATCH for a container the profile does not allow', () => {
    const v = evaluateShipment(input({ shipment: shipment({ containerType: 'dry_ice_box' }) }), LATER);
    expect(codes(v)).toEqual(['CONTAINER_MISMATCH']);
    expect(v.findings[0]!.details).toEqual({
      containerType: 'dry_ice_box',
      allowed: 'passive_2_8_box, active_2_8_container',
    });
  });

  it('DELAYED when arriving later than expected plus grace', () => {
    const s = shipment({ expectedArrivalAt: new Date(END - 60 * MIN).toISOString() });
    expect(
      evaluateShipment(input({ shipment: s, profile: profile({ arrivalGraceMinutes: 60 }) }), LATER).status,
    ).toBe('pass');
    const v = evaluateShipment(input({ shipment: s, profile: profile({ arrivalGraceMinutes: 30 }) }), LATER);
    expect(codes(v)).toEqual(['DELAYED']);
    expect(v.findings[0]!.details).toMatchObject({ lateMinutes: 60, graceMinutes: 30 });
  });

  it('EXPOSURE for a lid opened in transit and for shocks; power loss is a sensor fault', () => {
    const events = [
      event('L1', T0 + HOUR, 'lid_open'),
      event('L1', T0 + HOUR + 7 * MIN, 'lid_closed'),
      event('L1', T0 + 2 * HOUR, 'shock'),
      event('L1', T0 + 3 * HOUR, 'shock'),
      event('L1', T0 - HOUR, 'light'), // before dispatch: not in transit
      event('L1', T0 + 3 * HOUR, 'power_loss'),
    ];
    const v = evaluateShipment(input({ events }), LATER);
    expect(v.findings.map((f) => [f.code, f.details?.kind, f.details?.event])).toEqual([
      ['EXPOSURE', 'open', 'lid_open'],
      ['EXPOSURE', 'event', 'shock'],
      ['SENSOR_FAULT', 'power_loss', 'power_loss'],
    ]);
    expect(v.findings[0]!.details!.durationMinutes).toBe(7);
    expect(v.findings[1]!.details!.count).toBe(2);
  });

  it('CALIBRATION_EXPIRED for the part of the window after a calibration ends inside it (10.12)', () => {
    const until = new Date(T0 + 2 * HOUR).toISOString();
    const v = evaluateShipment(input({ devices: [device('L1', { calibrationValidUntil: until })] }), LATER);
    expect(codes(v)).toEqual(['CALIBRATION_EXPIRED']);
    expect(v.findings[0]).toMatchObject({ clause: '10.12', from: until, to: new Date(END).toISOString() });
    expect(check(v, 'logger_calibration')).toBe('fail');
    const unknown = evaluateShipment(input({ devices: [] }), LATER);
    expect(unknown.findings[0]!.details).toEqual({ kind: 'unknown_device' });
  });

  it('PRODUCT_EXPIRED when the expiry passed before receipt (8.1.3)', () => {
    const s = shipment({ expiresAt: new Date(END - 1).toISOString() });
    const v = evaluateShipment(input({ shipment: s }), LATER);
    expect(codes(v)).toEqual(['PRODUCT_EXPIRED']);
    expect(check(v, 'product_in_date')).toBe('fail');
    expect(
      evaluateShipment(input({ shipment: shipment({ expiresAt: new Date(END).toISOString() }) }), LATER)
        .status,
    ).toBe('pass');
  });

  it('RECEIPT_CHECK_FAILED for each check the receiver failed (8.1.3, 8.1.4)', () => {
    const receiptChecks = {
      labelOk: true,
      packagingOk: false,
      appearanceOk: true,
      documentsOk: false,
      quantityOk: true,
    };
    const v = evaluateShipment(input({ receiptChecks }), LATER);
    expect(v.findings.map((f) => [f.code, f.clause, f.details?.check])).toEqual([
      ['RECEIPT_CHECK_FAILED', '8.1.4', 'packagingOk'],
      ['RECEIPT_CHECK_FAILED', '8.1.3', 'documentsOk'],
    ]);
    expect(v.findings[0]!.message).toBe(
      'Receipt check failed: Packaging intact, no damage, leak or contamination.',
    );
    expect(check(v, 'receipt.packagingOk')).toBe('fail');
  });

  it('a shipment never dispatched cannot pass: empty window, RECORD_INCOMPLETE', () => {
    const transit = evaluateShipment(
      input({ dispatchedAtMs: undefined, receivedAtMs: undefined, receiptChecks: undefined }),
      LATER,
    );
    expect(transit.window).toEqual({
      from: new Date(LATER).toISOString(),
      to: new Date(LATER).toISOString(),
    });
    expect(transit.findings.map((f) => [f.code, f.details?.kind])).toEqual([
      ['RECORD_INCOMPLETE', 'not_dispatched'],
    ]);
    expect(transit.status).toBe('deviation');
    expect(check(transit, 'temperature_in_range')).toBe('pending');
    const received = evaluateShipment(input({ dispatchedAtMs: undefined }), LATER);
    expect(received.final).toBe(true);
    expect(check(received, 'temperature_in_range')).toBe('fail');
  });

  it('renders messages in zh-CN on request', () => {
    const v = evaluateShipment(input({ readings: [] }), LATER, { locale: 'zh-CN' });
    expect(v.findings[0]!.message).toBe(
      '记录仪 L1：2026-11-20 08:00:00 (Asia/Shanghai, UTC+08:00) 至 2026-11-20 12:00:00 (Asia/Shanghai, UTC+08:00) 期间没有任何温度记录。',
    );
    expect(v.checks[0]!.label).toBe('温度记录连续、完整');
  });
});
