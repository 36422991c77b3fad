import { describe, expect, it } from 'vitest';
import { formatSiteTime, utcOffsetLabel } from './time.js';

describe('times shown in the site zone, labelled', () => {
  it('shows Shanghai time with its zone and offset', () => {
    expect(formatSiteTime(Date.parse('2026-11-26T12:05:00Z'), 'Asia/Shanghai')).toBe(
      '2026-11-26 20:05:00 (Asia/Shanghai, UTC+08:00)',
    );
  });
  it('follows daylight saving where the zone has it', () => {
    expect(utcOffsetLabel(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe('UTC+02:00');
    expect(utcOffsetLabel(Date.parse('2026-01-01T00:00:00Z'), 'Europe/Berlin')).toBe('UTC+01:00');
    expect(utcOffsetLabel(Date.parse('2026-01-01T00:00:00Z'), 'America/St_Johns')).toBe('UTC-03:30');
  });
});
