import { encode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { decodePayload } from './index.js';

const ctx = { deviceId: 'LOG-1', receivedAtMs: Date.parse('2026-11-26T12:00:00Z'), maxItems: 1000 };
const TS = Date.parse('2026-11-26T10:00:00Z');
const json = (pack: unknown) => decodePayload('readings', Buffer.from(JSON.stringify(pack)), ctx, 1 << 20);
const cbor = (bytes: Uint8Array) => decodePayload('readings', Buffer.from(bytes), ctx, 1 << 20);

/** SenML JSON keys to the CBOR labels of RFC 8428 §6, table 4. */
const LABEL: Record<string, number> = {
  bver: -1,
  bn: -2,
  bt: -3,
  bu: -4,
  bv: -5,
  n: 0,
  u: 1,
  v: 2,
  vs: 3,
  t: 6,
};
const toCbor = (pack: Record<string, unknown>[]) =>
  encode(pack.map((r) => new Map(Object.entries(r).map(([k, v]) => [LABEL[k] ?? k, v]))));

/** A plain RFC 8428 pack as LwM2M-style firmware sends it: no seq, relative t, unit Cel. */
const plainPack = [
  { bn: 'urn:dev:id:LOG-1:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4.5 },
  { n: 'temp', u: 'Cel', v: 4.75, t: 60 },
  { n: 'temp', u: 'Cel', v: 5, t: 120 },
];

describe('SenML as devices send it', () => {
  it('takes a plain pack without seq: one reading per time, no seq on any', () => {
    const d = json(plainPack);
    expect(d.rejections).toEqual([]);
    expect(d.readings.map((r) => [r.tsMs - TS, r.tempC, r.seq])).toEqual([
      [0, 4.5, undefined],
      [60_000, 4.75, undefined],
      [120_000, 5, undefined],
    ]);
  });

  it('the same pack as SenML CBOR (integer labels) gives the same readings', () => {
    const d = cbor(toCbor(plainPack));
    expect(d.rejections).toEqual([]);
    expect(d.readings).toEqual(json(plainPack).readings);
  });

  it('an LwM2M temperature object (3303/0/5700) is a temperature in Cel, unit given or not', () => {
    const d = json([
      { bn: '/3303/0/', bt: TS / 1000, n: '5700', v: 3.5 },
      { n: '5700', u: 'Cel', v: 3.75, t: 10 },
      { bn: '/3304/0/', n: '5700', u: '%RH', v: 40 }, // humidity: not kept, not refused
    ]);
    expect(d.rejections).toEqual([]);
    expect(d.readings.map((r) => r.tempC)).toEqual([3.5, 3.75]);
  });

  it.each(['degC', '°C', 'C', 'celsius'])("refuses the alias '%s' with CT_SENML_UNIT naming Cel", (u) => {
    const d = json([{ bn: 'LOG-1:', bt: TS / 1000, n: 'temp', u, v: 4 }]);
    expect(d.readings).toEqual([]);
    expect(d.rejections[0]).toMatchObject({ code: 'CT_SENML_UNIT', index: 0 });
    expect(d.rejections[0]!.detail).toContain(`'${u}' is not a SenML unit: send 'Cel'`);
  });

  it('a malformed or non-SenML CBOR pack is CT_SENML_CBOR_INVALID; JSON is never read as CBOR', () => {
    const good = toCbor(plainPack);
    expect(cbor(good.subarray(0, good.length - 3)).rejections[0]?.code).toBe('CT_SENML_CBOR_INVALID');
    expect(cbor(encode([1, 2, 3])).rejections[0]).toMatchObject({ code: 'CT_SENML_CBOR_INVALID', index: 0 });
    expect(cbor(Buffer.from([0x9f, 0xff, 0xff])).rejections[0]?.code).toBe('CT_SENML_CBOR_INVALID');
    expect(json('[1]').rejections[0]?.code).not.toBe('CT_SENML_CBOR_INVALID');
  });

  it('keeps a CBOR pack to the device of its base name', () => {
    const d = cbor(toCbor([{ bn: 'LOG-2:', bt: TS / 1000, n: 'temp', u: 'Cel', v: 4 }]));
    expect(d.rejections[0]?.code).toBe('CT_SENML_DEVICE_MISMATCH');
  });
});
