import { describe, expect, it } from 'vitest';
import { eventLine, readingLine, statusLine } from './line-protocol.js';

describe('line protocol', () => {
  it('writes floats as floats, integers with i, optional fields only when present', () => {
    expect(
      readingLine({
        deviceId: 'LOG-1',
        tsMs: 1_764_000_000_000,
        seq: 7,
        tempC: 4,
        receivedAtMs: 1_764_000_000_500,
      }),
    ).toBe('readings,device=LOG-1 temp_c=4.0,seq=7i,received_at_ms=1764000000500i 1764000000000');
    expect(
      readingLine({
        deviceId: 'D',
        tsMs: 1,
        seq: 0,
        tempC: -196.25,
        ln2LevelPct: 80,
        batteryPct: 55.5,
        lat: 31.2,
        lon: -121,
      }),
    ).toBe(
      'readings,device=D temp_c=-196.25,seq=0i,ln2_level_pct=80.0,battery_pct=55.5,lat=31.2,lon=-121.0 1',
    );
  });

  it('escapes tag values and string fields', () => {
    expect(readingLine({ deviceId: 'a b,c=d', tsMs: 1, seq: 0, tempC: 1 })).toContain(
      'device=a\\ b\\,c\\=d ',
    );
    expect(eventLine({ deviceId: 'D', tsMs: 5, type: 'tilt', value: 'say "hi" \\' })).toBe(
      'events,device=D,type=tilt type="tilt",value_str="say \\"hi\\" \\\\" 5',
    );
    expect(eventLine({ deviceId: 'D', tsMs: 5, type: 'light', value: true })).toBe(
      'events,device=D,type=light type="light",value_bool=true 5',
    );
    expect(statusLine({ deviceId: 'D', state: 'offline', receivedAtMs: 9 })).toBe(
      'status,device=D state="offline",received_at_ms=9i 9',
    );
  });
});
