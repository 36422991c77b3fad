import type { Rejection } from './types.js';

/** JSON.parse for a payload; a rejection when it is empty, not UTF-8 text or not JSON. */
export function parseJsonPayload(payload: Buffer): { value: unknown } | { rejection: Rejection } {
  if (payload.length === 0) return { rejection: { code: 'CT_PAYLOAD_EMPTY' } };
  try {
    return { value: JSON.parse(payload.toString('utf8')) };
  } catch (error) {
    return { rejection: { code: 'CT_PAYLOAD_NOT_JSON', detail: (error as Error).message.slice(0, 200) } };
  }
}
