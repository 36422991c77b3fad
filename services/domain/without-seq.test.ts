import { describe, expect, it } from 'vitest';
import { HOUR, input, MIN, series, T0 } from '../../test/support/domain-fixtures.js';
import type { Reading, Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { LoggerMonitor } from './logger-monitor.js';
import { toleranceRules } from './logger-rules.js';

/** Readings as SenML devices and logger files give them: no seq at all. */
const withoutSeq = (rs: Reading[]): Reading[] => rs.map(({ seq: _seq, ...r }) => r);
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const codes = (v: Verdict) => v.findings.map((f) => f.code);

describe('readings without seq: continuity judged by time alone', () => {
  it('a steady record without seq passes with the same stats as the same record with seq', () => {
    const counted = series('L1', T0, END, 5 * MIN);
    const a = evaluateShipment(input({ readings: counted }), LATER);
    const b = evaluateShipment(input({ readings: withoutSeq(counted) }), LATER);
    expect(codes(b)).toEqual([]);
    expect(b.status).toBe('pass');
    expect(b.stats).toEqual(a.stats);
  });

  it('a time gap over the max gap is still a RECORD_GAP of kind gap, never a seq hole', () => {
    const rs = withoutSeq(series('L1', T0, END, 5 * MIN)).filter(
      (r) => r.tsMs < T0 + HOUR || r.tsMs > T0 + HOUR + 30 * MIN,
    );
    const v = evaluateShipment(input({ readings: rs }), LATER);
    expect(codes(v)).toEqual(['RECORD_GAP']);
    expect(v.findings[0]!.details).toMatchObject({ kind: 'gap' });
  });

  it('the same reading twice without seq is one reading; two times a second apart are two', () => {
    const rs = withoutSeq(series('L1', T0, END, 5 * MIN));
    const doubled = [...rs, ...rs].reverse();
    const v = evaluateShipment(input({ readings: doubled }), LATER);
    expect(codes(v)).toEqual([]);
    const stats = (v.stats.loggers as Record<string, Record<string, unknown>>).L1!;
    expect(stats.count).toBe(rs.length);
    const close = [...rs, { ...rs[3]!, tsMs: rs[3]!.tsMs + 1000, tempC: 6 }];
    const w = evaluateShipment(input({ readings: close }), LATER);
    expect((w.stats.loggers as Record<string, Record<string, unknown>>).L1!.count).toBe(rs.length + 1);
  });

  it('a record mixing readings with and without seq at one time keeps one reading, no hole', () => {
    const counted = series('L1', T0, END, 5 * MIN);
    const mixed = [...counted, ...withoutSeq(counted)];
    const v = evaluateShipment(input({ readings: mixed }), LATER);
    expect(codes(v)).toEqual([]);
  });

  it('readings without seq between counted ones open no seq hole', () => {
    const rs = series('L1', T0, END, 5 * MIN).map((r, i) =>
      i % 2 ? withoutSeq([r])[0]! : { ...r, seq: i * 10 },
    );
    const v = evaluateShipment(input({ readings: rs }), LATER);
    expect(codes(v)).toEqual([]);
  });

  it('the live monitor stores readings without seq and gives them back without seq', () => {
    const m = new LoggerMonitor('F1', {
      storageMode: 'refrigerated',
      range: { minC: 2, maxC: 8 },
      ...toleranceRules({ alarmDelayMinutes: 15 }),
      maxGapMs: 15 * MIN,
      mkt: true,
      stuckCheck: false,
      windowFromMs: T0,
      windowToMs: Number.POSITIVE_INFINITY,
    });
    const rs = withoutSeq(series('F1', T0, T0 + HOUR, 5 * MIN));
    m.add(rs, T0 + HOUR);
    const back = [...m.readings()];
    expect(back).toHaveLength(rs.length);
    expect(back.every((r) => r.seq === undefined)).toBe(true);
  });
});
