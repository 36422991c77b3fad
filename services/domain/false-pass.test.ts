import { describe, expect, it } from 'vitest';
import type { Finding, Reading, Verdict } from './contract.js';
import { evaluateShipment } from './evaluate-shipment.js';
import { HOUR, input, MIN, series, T0 } from './testing/fixtures.js';

/** Issue #13: each case where a product that must be refused passed, or a finding was untrue. */
const END = T0 + 4 * HOUR;
const LATER = END + HOUR;
const only = (v: Verdict, code: Finding['code']) => v.findings.filter((f) => f.code === code);
const base = () => series('L1', T0, END, 5 * MIN);
const withReadings = (extra: Reading[], readings: Reading[] = base()) =>
  input({ readings: [...readings, ...extra] });

describe('case 5: conflicting duplicates (same device and time, different values)', () => {
  it('judges the worst value and reports RECORD_CONFLICT with the values', () => {
    const at = T0 + HOUR;
    const v = evaluateShipment(withReadings([{ deviceId: 'L1', tsMs: at, seq: 12, tempC: 9.5 }]), LATER);
    expect(v.status).toBe('deviation');
    const range = only(v, 'TEMP_OUT_OF_RANGE');
    expect(range).toHaveLength(1);
    expect(range[0]!.details).toMatchObject({ peakC: 9.5 });
    const conflicts = only(v, 'RECORD_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      clause: '8.1.5',
      severity: 'major',
      deviceId: 'L1',
      from: new Date(at).toISOString(),
      to: new Date(at).toISOString(),
    });
    expect(conflicts[0]!.details).toMatchObject({ count: 1, valuesC: '5, 9.5', worstC: 9.5 });
    expect(conflicts[0]!.message).toContain('9.5');
    // the held value for that time is the worst: stats see it
    expect((v.stats.loggers as Record<string, Record<string, unknown>>).L1!.maxC).toBe(9.5);
  });

  it('takes the colder value when that is the worst one (below range)', () => {
    const v = evaluateShipment(
      withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 1.2 }]),
      LATER,
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')[0]!.details).toMatchObject({ peakC: 1.2 });
    expect(only(v, 'RECORD_CONFLICT')).toHaveLength(1);
  });

  it('a conflict of in-range values is still reported, judged by the value nearer a limit', () => {
    const v = evaluateShipment(
      withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 7.5 }]),
      LATER,
    );
    expect(only(v, 'TEMP_OUT_OF_RANGE')).toEqual([]);
    expect(only(v, 'RECORD_CONFLICT')[0]!.details).toMatchObject({ valuesC: '5, 7.5', worstC: 7.5 });
    expect(v.status).toBe('deviation');
  });

  it('an identical re-sent reading stays silent', () => {
    const v = evaluateShipment(withReadings([{ deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 5 }]), LATER);
    expect(v.findings).toEqual([]);
    expect(v.status).toBe('pass');
  });

  it('conflicting coolant levels count the lowest', () => {
    const readings = series('L1', T0, END, 5 * MIN).map((r) => ({ ...r, ln2LevelPct: 80 }));
    const v = evaluateShipment(
      input({
        profile: { ...input().profile, coolantMinPct: 50 },
        readings: [...readings, { deviceId: 'L1', tsMs: T0 + HOUR, seq: 12, tempC: 5, ln2LevelPct: 40 }],
      }),
      LATER,
    );
    expect(only(v, 'COOLANT_LOW')).toHaveLength(1);
    expect(only(v, 'RECORD_CONFLICT')).toHaveLength(1);
  });
});
