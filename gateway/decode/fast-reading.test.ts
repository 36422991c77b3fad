import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Reading, readingPayloadSchema } from '../../services/domain/contract.js';
import { fastReading } from './fast-reading.js';

/** What the zod path makes of a payload (native.ts), for comparison. */
function viaZod(v: unknown): Reading | undefined {
  const parsed = readingPayloadSchema.safeParse(v);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const r: Reading = { deviceId: 'D', tsMs: p.ts, seq: p.seq, tempC: p.temp_c, receivedAtMs: 1 };
  if (p.ln2_level_pct !== undefined) r.ln2LevelPct = p.ln2_level_pct;
  if (p.battery_pct !== undefined) r.batteryPct = p.battery_pct;
  if (p.lat !== undefined) r.lat = p.lat;
  if (p.lon !== undefined) r.lon = p.lon;
  return r;
}

const edgy = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    100,
    100.0001,
    -273.15,
    -273.16,
    1000,
    1000.5,
    946_684_800_000,
    4_102_444_800_000,
    4_102_444_800_001,
    Number.MAX_SAFE_INTEGER,
    2 ** 53,
    1.5,
    -1,
    90,
    -180,
  ),
  fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
  fc.constant('2026-11-26T10:00:00Z'),
);
const payload = fc.record(
  {
    ts: edgy,
    seq: edgy,
    temp_c: edgy,
    ln2_level_pct: edgy,
    battery_pct: edgy,
    lat: edgy,
    lon: edgy,
    extra: edgy,
  },
  { requiredKeys: [] },
);

describe('fast reading path', () => {
  it('never accepts what the contract refuses, and yields the same reading', () => {
    fc.assert(
      fc.property(payload, (raw) => {
        // through JSON, as payloads arrive
        const v: unknown = JSON.parse(JSON.stringify(raw));
        const fast = fastReading(v, 'D', 1);
        if (fast !== undefined) expect(fast).toEqual(viaZod(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes every valid all-numbers reading itself', () => {
    const valid = fc.record(
      {
        ts: fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
        seq: fc.maxSafeNat(),
        temp_c: fc.double({ min: -273.15, max: 1000, noNaN: true }),
        ln2_level_pct: fc.double({ min: 0, max: 100, noNaN: true }),
        battery_pct: fc.double({ min: 0, max: 100, noNaN: true }),
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
      },
      { requiredKeys: ['ts', 'seq', 'temp_c'] },
    );
    fc.assert(
      fc.property(valid, (raw) => {
        const v: unknown = JSON.parse(JSON.stringify(raw));
        const fast = fastReading(v, 'D', 1);
        expect(fast).toBeDefined();
        expect(fast).toEqual(viaZod(v));
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes the everyday reading, and leaves RFC 3339 times and odd shapes to zod', () => {
    const everyday = { ts: 1_764_000_000_000, seq: 3, temp_c: 4.5, battery_pct: 80 };
    expect(fastReading(everyday, 'D', 1)).toEqual(viaZod(everyday));
    expect(fastReading({ ts: '2026-11-26T10:00:00Z', seq: 3, temp_c: 4.5 }, 'D', 1)).toBeUndefined();
    expect(
      fastReading(JSON.parse('{"__proto__":{},"ts":1764000000000,"seq":1,"temp_c":1}'), 'D', 1),
    ).toBeUndefined();
    expect(fastReading([everyday], 'D', 1)).toBeUndefined();
  });
});
