import { describe, expect, it } from 'vitest';
import type { Finding } from '../services/domain/contract.js';
import { checkOutcome } from './runner.js';
import type { Expectation } from './scenarios/types.js';

const finding = (code: Finding['code'], severity: Finding['severity'] = 'major'): Finding => ({
  code,
  clause: '8.1.5',
  severity,
  message: code,
});

describe('checkOutcome', () => {
  const promised: Omit<Expectation<string>, 'alerts'> = {
    status: 'deviation',
    findingCodes: ['TEMP_OUT_OF_RANGE'],
    alsoAllowed: ['EXPOSURE'],
  };

  it('accepts the promised codes plus allowed extras', () => {
    const r = checkOutcome(promised, {
      status: 'deviation',
      findings: [finding('TEMP_OUT_OF_RANGE'), finding('EXPOSURE')],
    });
    expect(r).toEqual({ ok: true, statusOk: true, missing: [], unexpected: [] });
  });

  it('reports a missing promised code, an unexpected code and a wrong status', () => {
    const r = checkOutcome(promised, { status: 'pass', findings: [finding('RECORD_GAP')] });
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
