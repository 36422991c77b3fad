import { describe, expect, it } from 'vitest';
import { decodePayload } from './index.js';

const ctx = { deviceId: 'LOG-1', receivedAtMs: Date.parse('2026-11-26T12:00:00Z'), maxItems: 1000 };
const decode = (kind: string, payload: unknown, max = 1024 * 1024) =>
  decodePayload(kind, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), ctx, max);
const TS = Date.parse('2026-11-26T10:00:00Z');

describe('native JSON readings', () => {
  it('takes one reading with RFC 3339 or epoch ms time and optional fields', () => {
    const a = decode('readings', {
      ts: '2026-11-26T18:00:00+08:00',
      seq: 3,
      temp_c: -80.5,
      lat: 31.2,
      lon: 121.4,
    });
    expect(a.rejections).toEqual([]);
    expect(a.readings).toEqual([
      {
        deviceId: 'LOG-1',
        tsMs: TS,
        seq: 3,
        tempC: -80.5,
        lat: 31.2,
        lon: 121.4,
        receivedAtMs: ctx.receivedAtMs,
      },
    ]);
    expect(decode('readings', { ts: TS, seq: 0, temp_c: 4, ln2_level_pct: 50 }).readings[0]).toMatchObject({
      tsMs: TS,
      ln2LevelPct: 50,
    });
  });

  it('refuses what the contract refuses', () => {
    for (const bad of [
      { ts: TS, seq: 1.5, temp_c: 4 },
      { ts: TS, seq: 1, temp_c: -300 },
      { ts: '26/11/2026', seq: 1, temp_c: 4 },
      { ts: TS, seq: 1, temp_c: 4, unknown: 1 },
      { ts: TS, seq: 1, temp_c: 4, lat: 91 },
      [],
      42,
    ]) {
      expect(decode('readings', bad).rejections[0]?.code).toBe('CT_READING_INVALID');
    }
    expect(decode('readings', 'nope').rejections[0]?.code).toBe('CT_PAYLOAD_NOT_JSON');
    expect(decode('readings', { ts: TS, seq: 1, temp_c: 4 }, 10).rejections[0]?.code).toBe(
      'CT_PAYLOAD_TOO_LARGE',
    );
    expect(
      decode(
        'readings',
        Array.from({ length: 1001 }, (_, i) => ({ ts: TS + i, seq: i, temp_c: 4 })),
      ).rejections[0]?.code,
    ).toBe('CT_BATCH_TOO_LARGE');
    expect(decode('config', {}).rejections[0]?.code).toBe('CT_TOPIC_UNKNOWN');
    // an RFC 3339 time must fall in the same 2000..2100 range as epoch milliseconds
    expect(decode('readings', { ts: '9999-12-31T23:59:59Z', seq: 1, temp_c: 4 }).rejections[0]?.code).toBe(
      'CT_READING_INVALID',
    );
    expect(decode('events', { ts: '1970-01-01T00:00:00Z', type: 'light' }).rejections[0]?.code).toBe(
      'CT_EVENT_INVALID',
    );
  });
});

describe('SenML (RFC 8428)', () => {
  it('resolves base name, base time, base unit and groups records by time into readings', () => {
    const d = decode('readings', [
      { bn: 'LOG-1:', bt: TS / 1000, bu: 'Cel', n: 'temp', v: 5.5 },
      { n: 'seq', v: 1 },
      { n: 'battery', u: '%EL', v: 77 },
      { n: 'humidity', u: '%RH', v: 30 }, // not kept, not an error
      { n: 'temperature', v: 5.75, t: 30 },
      { n: 'seq', v: 2, t: 30 },
    ]);
    expect(d.rejections).toEqual([]);
    expect(d.readings).toMatchObject([
      { tsMs: TS, seq: 1, tempC: 5.5, batteryPct: 77 },
      { tsMs: TS + 30_000, seq: 2, tempC: 5.75 },
    ]);
  });

  it('reads a time under 2^28 s as relative to now, and accepts urn:dev:id base names', () => {
    const d = decode('readings', [
      { bn: 'urn:dev:id:LOG-1:', n: 'temp', u: 'Cel', v: 4, t: -60 },
      { n: 'seq', v: 9, t: -60 },
    ]);
    expect(d.readings).toMatchObject([{ tsMs: ctx.receivedAtMs - 60_000, seq: 9 }]);
  });

  it('refuses a wrong unit, a must-understand field and another device; a missing seq is allowed', () => {
    const unit = decode('readings', [
      { bn: 'LOG-1:', bt: TS / 1000, n: 'temp', u: 'K', v: 277 },
      { n: 'seq', v: 1 },
    ]);
    expect(unit.rejections[0]).toMatchObject({ code: 'CT_SENML_UNIT' });
    expect(unit.readings).toEqual([]);
    const noSeq = decode('readings', [{ bn: 'LOG-1:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4 }]);
    expect(noSeq.rejections).toEqual([]);
    expect(noSeq.readings).toEqual([
      { deviceId: 'LOG-1', tsMs: TS, tempC: 4, receivedAtMs: ctx.receivedAtMs },
    ]);
    const mustUnderstand = decode('readings', [
      { bn: 'LOG-1:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4, foo_: 1 },
    ]);
    expect(mustUnderstand.rejections[0]?.code).toBe('CT_SENML_INVALID');
    const other = decode('readings', [
      { bn: 'LOG-2:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4 },
      { n: 'seq', v: 1 },
    ]);
    expect(other.rejections[0]?.code).toBe('CT_SENML_DEVICE_MISMATCH');
    expect(other.readings).toEqual([]);
    // a pack with nothing coldtrace keeps is refused, never silently dropped
    expect(decode('readings', [{ bn: 'LOG-1:', bt: TS / 1000 }]).rejections[0]?.code).toBe(
      'CT_SENML_INVALID',
    );
    expect(decode('readings', [{ bn: 'LOG-1:', N: 'temp', v: 4 }]).rejections[0]?.code).toBe(
      'CT_SENML_INVALID',
    );
  });
});

describe('events and status', () => {
  it('takes one event or an array; keeps the good ones', () => {
    const d = decode('events', [
      { ts: TS, type: 'door_open' },
      { ts: TS, type: 'party' },
      { ts: TS + 1, type: 'tilt', value: 'left' },
    ]);
    expect(d.events.map((e) => e.type)).toEqual(['door_open', 'tilt']);
    expect(d.rejections).toMatchObject([{ code: 'CT_EVENT_INVALID', index: 1 }]);
  });

  it('takes online/offline as text, JSON string or object', () => {
    expect(decode('status', 'online').status).toBe('online');
    expect(decode('status', '"offline"').status).toBe('offline');
    expect(decode('status', { status: 'online' }).status).toBe('online');
    expect(decode('status', 'maybe').rejections[0]?.code).toBe('CT_STATUS_INVALID');
  });
});
