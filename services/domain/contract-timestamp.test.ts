import { describe, expect, it } from 'vitest';
import { readingPayloadSchema, timestampSchema } from './contract.js';

describe('timestampSchema: one range (2000-01-01 .. 2100-01-01) for both forms', () => {
  it('accepts RFC 3339 and epoch ms inside the range, at both ends', () => {
    expect(timestampSchema.parse('2000-01-01T00:00:00Z')).toBe(946_684_800_000);
    expect(timestampSchema.parse('2100-01-01T00:00:00Z')).toBe(4_102_444_800_000);
    expect(timestampSchema.parse('2026-11-26T20:05:00+08:00')).toBe(Date.parse('2026-11-26T12:05:00Z'));
    expect(timestampSchema.parse(946_684_800_000)).toBe(946_684_800_000);
  });

  it('refuses an RFC 3339 time outside the range, as it refuses the same time in epoch ms', () => {
    for (const text of ['9999-12-31T23:59:59Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:01Z']) {
      expect(timestampSchema.safeParse(text).success).toBe(false);
      expect(timestampSchema.safeParse(Date.parse(text)).success).toBe(false);
    }
    const res = readingPayloadSchema.safeParse({ ts: '9999-12-31T23:59:59Z', seq: 1, temp_c: 4 });
    expect(res.success).toBe(false);
    expect(JSON.stringify(res.error?.issues)).toContain('2000-01-01 and 2100-01-01');
  });
});
