import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../services/config/log.js';
import type { DeviceEvent, Reading } from '../../services/domain/contract.js';
import { eventLine, readingLine } from '../../services/store/readings/line-protocol.js';
import { openReadingsStore, type ReadingsStore } from '../../services/store/readings/readings-store.js';
import { valueKeyFromBytes } from '../../services/store/readings/value-hash.js';
import { type TestInflux, testInflux } from '../../test/support/influx.js';
import { REJECT_CODES } from '../errors.js';
import { decodePayload } from './index.js';

/**
 * Acknowledged means stored: whatever a device sends, each item the decoder accepts is taken by the
 * real InfluxDB (no refused write, no point dropped by the retention policy) and reads back as
 * decoded; everything else is refused with a stable code (and so dead-lettered by the ingestor).
 * Generated over the edges: times from 2000 to 2100 (the contract's range) and around the server's
 * now, values up to 1e308 for events, odd strings.
 */
const NOW = Date.now();
const YEAR = 365.25 * 86_400_000;
const ts = fc.oneof(
  fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
  fc.integer({ min: NOW - 16 * YEAR, max: NOW - 14 * YEAR }),
  fc.integer({ min: NOW - 86_400_000, max: NOW + 400_000 }),
  fc.constantFrom(946_684_800_000, NOW + 300_000, NOW + 301_000),
);
const num = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, -1e21, 1.7976931348623157e308, 5e-324, -0, 0, 100, 1000, -273.15),
  fc.integer(),
);
const readingPayload = fc.record(
  {
    ts,
    seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    temp_c: fc.oneof(fc.double({ min: -273.15, max: 1000, noNaN: true }), num),
    battery_pct: fc.double({ min: 0, max: 100, noNaN: true }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
  },
  { requiredKeys: ['ts', 'seq', 'temp_c'] },
);
const eventPayload = fc.record(
  {
    ts,
    type: fc.constantFrom('shock', 'tilt', 'light', 'lid_open'),
    value: fc.oneof(num, fc.string({ maxLength: 40, unit: 'binary' }), fc.boolean()),
  },
  { requiredKeys: ['ts', 'type'] },
);

const readingKey = (r: Reading) =>
  JSON.stringify([r.tsMs, r.seq, r.tempC, r.batteryPct, r.lat, r.ln2LevelPct, r.lon]);
const eventOf = (e: DeviceEvent) => JSON.stringify([e.tsMs, e.type, e.value]);

describe('decoder and line-protocol writer against the real InfluxDB', () => {
  let influx: TestInflux;
  let store: ReadingsStore;
  const key = valueKeyFromBytes(Buffer.from('a1b2c3d4e5f60718', 'hex'));
  beforeAll(async () => {
    influx = await testInflux('storable');
    // the store's own schema: the 15-year retention policy that drops older points
    store = await openReadingsStore({ url: influx.url, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await store?.close();
    await influx?.drop();
  });

  it('stores every accepted item, refuses the rest with a code', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(readingPayload, { minLength: 1, maxLength: 40 }),
        fc.array(eventPayload, { minLength: 1, maxLength: 20 }),
        async (readingPayloads, eventPayloads) => {
          const deviceId = `P-${run++}`;
          const ctx = { deviceId, receivedAtMs: Date.now(), maxItems: 10_000 };
          const r = decodePayload('readings', Buffer.from(JSON.stringify(readingPayloads)), ctx, 1 << 20);
          const e = decodePayload('events', Buffer.from(JSON.stringify(eventPayloads)), ctx, 1 << 20);
          for (const rej of [...r.rejections, ...e.rejections]) expect(REJECT_CODES).toContain(rej.code);
          expect(r.readings.length + r.rejections.length).toBe(readingPayloads.length);
          expect(e.events.length + e.rejections.length).toBe(eventPayloads.length);
          const lines = [
            ...r.readings.map((x) => readingLine(x, key)),
            ...e.events.map((x) => eventLine(x, key)),
          ];
          if (lines.length === 0) return;
          // a refused write (4xx) or a partial one (points beyond the retention policy) throws here
          await store.writeLinesNs(lines.join('\n'));
          const storedReadings: Reading[] = [];
          for await (const x of store.readingsOf(deviceId, 0, 4_102_444_800_000)) storedReadings.push(x);
          const storedEvents: DeviceEvent[] = [];
          for await (const x of store.eventsOf(deviceId, 0, 4_102_444_800_000)) storedEvents.push(x);
          expect(new Set(storedReadings.map(readingKey))).toEqual(new Set(r.readings.map(readingKey)));
          expect(new Set(storedEvents.map(eventOf))).toEqual(new Set(e.events.map(eventOf)));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
