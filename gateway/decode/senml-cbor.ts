import { decode } from 'cborg';
import type { Rejection } from './types.js';

/**
 * SenML CBOR (RFC 8428 §6, content-format 112, `application/senml+cbor`): the same pack as SenML
 * JSON with integer labels. It shares the readings topic with JSON: a CBOR array's first byte is
 * 0x80..0x9f, a byte no UTF-8 JSON text starts with, so the two never mix up.
 */
const LABELS = new Map<number, string>([
  [-1, 'bver'],
  [-2, 'bn'],
  [-3, 'bt'],
  [-4, 'bu'],
  [-5, 'bv'],
  [-6, 'bs'],
  [0, 'n'],
  [1, 'u'],
  [2, 'v'],
  [3, 'vs'],
  [4, 'vb'],
  [5, 's'],
  [6, 't'],
  [7, 'ut'],
  [8, 'vd'],
]);

/** True when the payload starts like a CBOR array (major type 4). */
export function looksLikeCborArray(payload: Buffer): boolean {
  const first = payload[0];
  return first !== undefined && first >= 0x80 && first <= 0x9f;
}

/** A CBOR pack as the JSON-shaped records decodeSenml reads; a rejection when it is not SenML CBOR. */
export function parseSenmlCbor(payload: Buffer): { value: unknown[] } | { rejection: Rejection } {
  let decoded: unknown;
  try {
    decoded = decode(payload, { useMaps: true, rejectDuplicateMapKeys: true, allowUndefined: false });
  } catch (error) {
    return { rejection: { code: 'CT_SENML_CBOR_INVALID', detail: (error as Error).message.slice(0, 200) } };
  }
  if (!Array.isArray(decoded))
    return { rejection: { code: 'CT_SENML_CBOR_INVALID', detail: 'not an array' } };
  const records: unknown[] = [];
  for (let i = 0; i < decoded.length; i++) {
    const item: unknown = decoded[i];
    if (!(item instanceof Map)) {
      return { rejection: { code: 'CT_SENML_CBOR_INVALID', detail: `record ${i} is not a map`, index: i } };
    }
    const rec: Record<string, unknown> = {};
    for (const [key, value] of item) {
      // registered fields have integer labels; unregistered ones keep their string names (§6)
      const name = typeof key === 'number' ? LABELS.get(key) : typeof key === 'string' ? key : undefined;
      if (name === undefined) continue;
      rec[name] = value instanceof Uint8Array ? Buffer.from(value).toString('base64url') : value;
    }
    records.push(rec);
  }
  return { value: records };
}
