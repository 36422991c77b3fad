import { describe, expect, it } from 'vitest';
import { readingsCsv } from './readings-csv.js';

describe('readings CSV', () => {
  it('gives UTC and the site time with its offset, names the zone in the header, and follows DST', () => {
    // Europe/Berlin leaves summer time at 2026-10-25 01:00 UTC
    const at = (iso: string) => ({ deviceId: 'L1', tsMs: Date.parse(iso), seq: 1, tempC: 4.5 });
    const csv = readingsCsv(
      [at('2026-10-25T00:30:00Z'), { ...at('2026-10-25T01:30:00Z'), ln2LevelPct: 80 }],
      'Europe/Berlin',
    );
    const [header, summer, winter] = csv.trim().split('\r\n');
    expect(header).toBe(
      'device_id,seq,time_utc,time_local (Europe/Berlin),utc_offset,temp_c,ln2_level_pct,battery_pct,lat,lon',
    );
    expect(summer).toBe('L1,1,2026-10-25T00:30:00.000Z,2026-10-25 02:30:00,UTC+02:00,4.5,,,,');
    expect(winter).toBe('L1,1,2026-10-25T01:30:00.000Z,2026-10-25 02:30:00,UTC+01:00,4.5,80,,,');
  });
});
