import { describe, expect, it } from 'vitest';
import { parseLine } from './line-parse.js';
import { eventLine, float, readingLine, statusLine } from './line-protocol.js';
import { halfSipHash13, valueKeyFromBytes } from './value-hash.js';

/** the line without its six-digit value slot */
const unslotted = (line: string) => {
  expect(line).toMatch(/ \d+\d{6}$/);
  return line.slice(0, -6);
};

describe('line protocol', () => {
  it('writes floats as floats, integers with i, optional fields only when present', () => {
    expect(
      unslotted(
        readingLine({
          deviceId: 'LOG-1',
          tsMs: 1_764_000_000_000,
          seq: 7,
          tempC: 4,
          receivedAtMs: 1_764_000_000_500,
        }),
      ),
    ).toBe('readings,device=LOG-1 temp_c=4.0,seq=7i,received_at_ms=1764000000500i 1764000000000');
    expect(
      unslotted(
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
      ),
    ).toBe(
      'readings,device=D temp_c=-196.25,seq=0i,ln2_level_pct=80.0,battery_pct=55.5,lat=31.2,lon=-121.0 1',
    );
  });

  it('writes 1e21 and beyond as a float InfluxDB takes (was 1e+21.0)', () => {
    expect(float(1e21)).toBe('1e+21');
    expect(float(-1e300)).toBe('-1e+300');
    expect(float(1e20)).toBe('100000000000000000000.0');
    expect(float(5e-324)).toBe('5e-324');
  });

  it('gives the same values the same nanosecond and other values another (the value slot)', () => {
    const r = { deviceId: 'D', tsMs: 1_764_000_000_000, seq: 1, tempC: 5 };
    const slotOf = (line: string) => line.slice(-6);
    // the arrival time is not part of the value: a replay lands on the same point
    expect(slotOf(readingLine({ ...r, receivedAtMs: 1 }))).toBe(
      slotOf(readingLine({ ...r, receivedAtMs: 2 })),
    );
    expect(slotOf(readingLine(r))).not.toBe(slotOf(readingLine({ ...r, tempC: 9 })));
    // keyed: another installation's key places the same value elsewhere
    const other = valueKeyFromBytes(Buffer.from('0123456789abcdef', 'hex'));
    expect(slotOf(readingLine(r, other))).not.toBe(slotOf(readingLine(r)));
    // spread: 20,000 distinct values of one millisecond hardly ever share a slot
    const slots = new Set<number>();
    for (let i = 0; i < 20_000; i++) slots.add(halfSipHash13(other, `temp_c=${i / 10},seq=1i`) % 1_000_000);
    expect(slots.size).toBeGreaterThan(19_500);
  });

  it('escapes tag values and string fields, and reads its own lines back', () => {
    expect(readingLine({ deviceId: 'a b,c=d', tsMs: 1, seq: 0, tempC: 1 })).toContain(
      'device=a\\ b\\,c\\=d ',
    );
    const tilt = eventLine({ deviceId: 'D', tsMs: 5, type: 'tilt', value: 'say "hi", \\' });
    expect(unslotted(tilt)).toBe('events,device=D,type=tilt type="tilt",value_str="say \\"hi\\", \\\\" 5');
    expect(parseLine(tilt)).toEqual({
      kind: 'event',
      event: { deviceId: 'D', tsMs: 5, type: 'tilt', value: 'say "hi", \\' },
    });
    expect(unslotted(eventLine({ deviceId: 'D', tsMs: 5, type: 'light', value: true }))).toBe(
      'events,device=D,type=light type="light",value_bool=true 5',
    );
    expect(statusLine({ deviceId: 'D', state: 'offline', receivedAtMs: 9 })).toBe(
      'status,device=D state="offline",received_at_ms=9i 9000000',
    );
    expect(parseLine('readings,device=D temp_c=4.5,seq=3i 1764000000000', 'ms')).toEqual({
      kind: 'reading',
      reading: { deviceId: 'D', tsMs: 1_764_000_000_000, seq: 3, tempC: 4.5 },
    });
  });
});
