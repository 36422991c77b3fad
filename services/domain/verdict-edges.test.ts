import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, profile, series, shipment, T0 } from '../../test/support/domain-fixtures.js';
import type { Finding, Verdict } from './contract.js';
import { EvaluationInputError, evaluateShipment } from './evaluate-shipment.js';
import { CLOCK_AHEAD_LIMIT_MS } from './logger-batch.js';

/**
 * The verdict's own decisions at their edges (evaluate-shipment.ts): the window, the coolant
 * evidence near the door (docs/rules.md R2), loggers named twice, readings from a clock ahead.
 */
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const check = (v: Verdict, id: string) => v.checks.find((c) => c.id === id)?.status;

describe('the transport window', () => {
  it('a receipt at the dispatch instant is allowed: an empty trip, judged', () => {
    const v = evaluateShipment(input({ receivedAtMs: T0, readings: series('L1', T0 - MIN, T0, MIN) }), LATER);
    expect(v.window).toEqual({ from: iso(T0), to: iso(T0) });
    expect(v.stats.transportMinutes).toBe(0);
  });

  it('dispatch dated after now (clocks apart): the window does not run backwards', () => {
    const v = evaluateShipment(input({ receivedAtMs: undefined, receiptChecks: undefined }), T0 - MIN);
    expect(v.window).toEqual({ from: iso(T0), to: iso(T0) });
  });

  it('stats carry the transport minutes, the verdict the time it was made', () => {
    const v = evaluateShipment(input(), LATER);
    expect(v.stats.transportMinutes).toBe(240);
    expect(v.evaluatedAt).toBe(iso(LATER));
    expect(v.shipmentId).toBe('S-1');
  });

  it('a logger named twice in the shipment is judged once', () => {
    const v = evaluateShipment(
      input({ shipment: shipment({ deviceIds: ['L1', 'L1'] }), readings: [] }),
      LATER,
    );
    expect(only(v, 'NO_DATA')).toHaveLength(1);
    expect(Object.keys(v.stats.loggers as object)).toEqual(['L1']);
  });
});

describe('a receipt with nothing behind it (R2)', () => {
  it('received without any answer recorded: the final verdict deviates on the pending checks alone', () => {
    const v = evaluateShipment(input({ receiptChecks: undefined }), LATER);
    expect(v.final).toBe(true);
    expect(v.findings).toEqual([]);
    expect(check(v, 'receipt.labelOk')).toBe('pending');
    expect(v.status).toBe('deviation');
  });

  it('and with coolant watched and a state declared: both unverified, each with its finding', () => {
    const s = shipment({ product: { ...shipment().product, state: 'fresh' } });
    const v = evaluateShipment(
      input({ shipment: s, profile: profile({ coolantMinPct: 30 }), receiptChecks: undefined }),
      LATER,
    );
    expect(v.findings.map((f) => [f.code, f.severity, f.clause, f.details])).toEqual([
      ['COOLANT_LOW', 'major', '8.1.4', { kind: 'unverified' }],
      ['RECEIPT_CHECK_FAILED', 'major', '8.1.3', { check: 'stateOk', kind: 'unverified' }],
    ]);
  });

  it('a receipt before the dispatch is refused with its code, naming both times', () => {
    let error: unknown;
    try {
      evaluateShipment(input({ receivedAtMs: T0 - MIN }), LATER);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EvaluationInputError);
    expect(error).toMatchObject({ name: 'EvaluationInputError', code: 'CT_RECEIPT_TIME_INVALID' });
    expect((error as Error).message).toBe(
      `CT_RECEIPT_TIME_INVALID: receipt at ${iso(T0 - MIN)} is before the dispatch at ${iso(T0)}`,
    );
  });

  it('never dispatched: the record is incomplete, a major finding', () => {
    const v = evaluateShipment(input({ dispatchedAtMs: undefined }), LATER);
    expect(v.findings[0]).toMatchObject({ code: 'RECORD_INCOMPLETE', severity: 'major' });
  });
});

describe('coolant evidence near the door (R2, 8.1.4)', () => {
  const ln2 = profile({ coolantMinPct: 30 });
  /** readings every 5 min, the LN2 level reported only at `levelAtMs` */
  const levelAt = (levelAtMs: number) =>
    series('L1', T0, END, 5 * MIN).map((r) => (r.tsMs === levelAtMs ? { ...r, ln2LevelPct: 90 } : r));

  it('a level reported exactly the max gap before the receipt is evidence; one reported earlier is not', () => {
    const atGap = evaluateShipment(input({ profile: ln2, readings: levelAt(END - 15 * MIN) }), LATER);
    expect(check(atGap, 'coolant_level')).toBe('pass');
    expect(atGap.status).toBe('pass');
    const earlier = evaluateShipment(input({ profile: ln2, readings: levelAt(END - 20 * MIN) }), LATER);
    expect(check(earlier, 'coolant_level')).toBe('fail');
    expect(only(earlier, 'COOLANT_LOW')[0]).toMatchObject({
      severity: 'major',
      details: { kind: 'unverified' },
    });
  });

  it('the receiver recording the level not normal is that failed check, not also "unverified"', () => {
    const checks = { ...input().receiptChecks!, coolantOk: false };
    const v = evaluateShipment(input({ profile: ln2, receiptChecks: checks }), LATER);
    expect(v.findings.map((f) => [f.code, f.details?.kind ?? null])).toEqual([
      ['RECEIPT_CHECK_FAILED', null],
    ]);
  });

  it('a profile that watches no coolant never asks for evidence of it', () => {
    const v = evaluateShipment(input(), LATER);
    expect(check(v, 'coolant_level')).toBe('not_applicable');
    expect(only(v, 'COOLANT_LOW')).toEqual([]);
  });

  it('in transit nothing is unverified yet: no finding, the check pending, the verdict not a deviation', () => {
    const v = evaluateShipment(
      input({
        profile: ln2,
        receivedAtMs: undefined,
        receiptChecks: undefined,
        readings: series('L1', T0, END, 5 * MIN),
      }),
      END,
    );
    expect(only(v, 'COOLANT_LOW')).toEqual([]);
    expect(check(v, 'coolant_level')).toBe('pending');
    expect(v.status).toBe('pass');
  });
});

describe('a clock ahead of the server (R9, R22)', () => {
  it('in transit, a reading stamped more than the limit after now is a sensor fault; one at the limit is not', () => {
    const now = END - HOUR;
    const upTo = (lastMs: number) => [
      ...series('L1', T0, now, 5 * MIN),
      { deviceId: 'L1', tsMs: lastMs, seq: 1000, tempC: 5 },
    ];
    const transit = { receivedAtMs: undefined, receiptChecks: undefined };
    const ahead = evaluateShipment(
      input({ ...transit, readings: upTo(now + CLOCK_AHEAD_LIMIT_MS + 1) }),
      now,
    );
    expect(only(ahead, 'SENSOR_FAULT')[0]!.details).toMatchObject({ kind: 'future', count: 1 });
    const atLimit = evaluateShipment(input({ ...transit, readings: upTo(now + CLOCK_AHEAD_LIMIT_MS) }), now);
    expect(only(atLimit, 'SENSOR_FAULT')).toEqual([]);
  });

  it('once received, readings after the receipt are only after the window, not a wrong clock', () => {
    const readings = [
      ...series('L1', T0, END, 5 * MIN),
      { deviceId: 'L1', tsMs: END + 2 * HOUR, seq: 1000, tempC: 5 },
    ];
    expect(evaluateShipment(input({ readings }), END).findings).toEqual([]);
  });
});

describe('the checklist (checks.ts)', () => {
  it('never dispatched: the window checks cannot pass (pending in transit, failed at the door); others stand', () => {
    const transit = evaluateShipment(
      input({ dispatchedAtMs: undefined, receivedAtMs: undefined, receiptChecks: undefined }),
      LATER,
    );
    const received = evaluateShipment(input({ dispatchedAtMs: undefined }), LATER);
    // the record is incomplete (not_dispatched) either way
    expect(check(transit, 'record_continuous')).toBe('fail');
    for (const id of ['temperature_in_range', 'transport_time']) {
      expect(check(transit, id), id).toBe('pending');
      expect(check(received, id), id).toBe('fail');
    }
    for (const id of ['container', 'logger_calibration', 'delay_exposure_anomaly'])
      expect(check(received, id), id).toBe('pass');
  });

  it('a level reported at the door but the receiver saw it not normal: the coolant check fails', () => {
    const readings = series('L1', T0, END, 5 * MIN).map((r) =>
      r.tsMs === END ? { ...r, ln2LevelPct: 90 } : r,
    );
    const checks = { ...input().receiptChecks!, coolantOk: false };
    const v = evaluateShipment(
      input({ profile: profile({ coolantMinPct: 30 }), readings, receiptChecks: checks }),
      LATER,
    );
    expect(check(v, 'coolant_level')).toBe('fail');
  });

  it("each check says its clause and its label in the reader's language, and the codes that fail it", () => {
    const v = evaluateShipment(input(), LATER, { locale: 'zh-CN' });
    expect(v.checks.find((c) => c.id === 'receipt.packagingOk')).toMatchObject({
      clause: '8.1.4',
      label: '包装完好，无破损、泄漏或污染',
      findingCodes: ['RECEIPT_CHECK_FAILED'],
    });
    expect(v.checks.find((c) => c.id === 'receipt.labelOk')).toMatchObject({
      clause: '8.1.3',
      status: 'pass',
    });
    expect(v.checks.find((c) => c.id === 'temperature_in_range')).toMatchObject({
      clause: '7.7, 8.1.5',
      findingCodes: ['TEMP_OUT_OF_RANGE', 'NO_DATA'],
    });
  });
});

describe('messages', () => {
  it('times in the zone asked for', () => {
    const v = evaluateShipment(input({ readings: [] }), LATER, { timeZone: 'Europe/Berlin' });
    expect(v.findings[0]!.message).toContain('Europe/Berlin');
  });

  it('in English unless asked otherwise', () => {
    const v = evaluateShipment(input({ readings: [] }), LATER);
    expect(v.findings[0]!.message).toMatch(/^Logger L1/);
    expect(v.checks[0]!.label).toBe('Temperature record continuous and complete');
  });
});
