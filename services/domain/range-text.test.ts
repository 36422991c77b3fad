import { describe, expect, it } from 'vitest';
import type { Finding } from './contract.js';
import { findingMessage } from './finding.js';
import { rangeText } from './range-text.js';

describe('rangeText: a negative range reads clearly', () => {
  it('puts the unit on each bound and words between them, in zh-CN and en', () => {
    expect(rangeText('en', -90, -60)).toBe('-90 °C to -60 °C');
    expect(rangeText('zh-CN', -90, -60)).toBe('-90 °C 至 -60 °C');
    expect(rangeText('en', 2, 8)).toBe('2 °C to 8 °C');
    expect(rangeText('en', Number.NEGATIVE_INFINITY, -150)).toBe('≤ -150 °C');
    expect(rangeText('zh-CN', null, -60)).toBe('≤ -60 °C');
    expect(rangeText('en', 15, null)).toBe('≥ 15 °C');
  });

  it('a finding message never prints "-90–-60", also for a finding stored before (rangeC only)', () => {
    const finding: Finding = {
      code: 'TEMP_OUT_OF_RANGE',
      clause: '7.7, 8.1.5',
      severity: 'major',
      message: '',
      deviceId: 'F1',
      from: '2026-11-20T01:00:00.000Z',
      to: '2026-11-20T01:20:00.000Z',
      details: {
        kind: 'excursion',
        rangeC: '-90–-60',
        minLimitC: -90,
        maxLimitC: -60,
        peakC: -50,
        durationMinutes: 20,
      },
    };
    const en = findingMessage('en', finding);
    expect(en).toContain('temperature outside -90 °C to -60 °C from');
    expect(findingMessage('zh-CN', finding)).toContain('温度超出规定范围 -90 °C 至 -60 °C，');
    const { minLimitC: _min, maxLimitC: _max, ...old } = finding.details!;
    expect(findingMessage('en', { ...finding, details: old })).toBe(en);
    const dryIce = { ...finding, details: { kind: 'excursion', minLimitC: null, maxLimitC: -60 } };
    expect(findingMessage('en', dryIce)).toContain('outside ≤ -60 °C');
  });
});
