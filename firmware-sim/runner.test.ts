import { describe, expect, it } from 'vitest';
import type { Finding } from '../services/domain/contract.js';
import { checkOutcome } from './runner.js';

const finding = (code: Finding['code'], severity: Finding['severity'] = 'major'): Finding => ({
  code,
  clause: '8.1.5',
  severity,
  message: code,
});

describe('checkOutcome', () => {
  const expectation = {
    status: 'deviation',
    findingCodes: ['TEMP_OUT_OF_RANGE'],
    alsoAllowed: ['EXPOSURE'],
  } as const;
  const expect_ = {
    ...expectation,
    findingCodes: [...expectation.findingCodes],
    alsoAllowed: [...expectation.alsoAllowed],
  };

  it('accepts the promised codes plus allowed extras', () => {
    const r = checkOutcome(expect_, {
      status: 'deviation',
      findings: [finding('TEMP_OUT_OF_RANGE'), finding('EXPOSURE')],
    });
    expect(r).toEqual({ ok: true, statusOk: true, missing: [], unexpected: [] });
  });

  it('reports a missing promised code, an unexpected code and a wrong status', () => {
    const r = checkOutcome(expect_, { status: 'pass', findings: [finding('RECORD_GAP')] });
    expect(r).toEqual({
      ok: false,
      statusOk: false,
      missing: ['TEMP_OUT_OF_RANGE'],
      unexpected: ['RECORD_GAP'],
    });
  });

  it('ignores information-only findings', () => {
    const r = checkOutcome(
      { status: 'pass', findingCodes: [] },
      { status: 'pass', findings: [finding('SENSOR_FAULT', 'info')] },
    );
    expect(r.ok).toBe(true);
  });
});
