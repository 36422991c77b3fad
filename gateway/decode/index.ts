import { isInboundKind } from '../topics.js';
import { decodeEvents } from './event.js';
import { parseJsonPayload } from './json.js';
import { decodeNativeReadings } from './native.js';
import { decodeSenml, looksLikeSenml } from './senml.js';
import { looksLikeCborArray, parseSenmlCbor } from './senml-cbor.js';
import { decodeStatus } from './status.js';
import { type DecodeContext, type Decoded, empty } from './types.js';

export type { DecodeContext, Decoded, Rejection } from './types.js';

/** Decodes one publish by the kind its topic names (readings, events, status). */
export function decodePayload(
  kind: string,
  payload: Buffer,
  ctx: DecodeContext,
  maxPayloadBytes: number,
): Decoded {
  if (!isInboundKind(kind))
    return { ...empty(), rejections: [{ code: 'CT_TOPIC_UNKNOWN', detail: kind.slice(0, 64) }] };
  if (payload.length > maxPayloadBytes) {
    return {
      ...empty(),
      rejections: [
        { code: 'CT_PAYLOAD_TOO_LARGE', detail: `${payload.length} bytes, at most ${maxPayloadBytes}` },
      ],
    };
  }
  if (kind === 'status') return decodeStatus(payload);
  if (kind === 'readings' && looksLikeCborArray(payload)) {
    const cbor = parseSenmlCbor(payload);
    if ('rejection' in cbor) return { ...empty(), rejections: [cbor.rejection] };
    return decodeSenml(cbor.value, ctx);
  }
  const json = parseJsonPayload(payload);
  if ('rejection' in json) return { ...empty(), rejections: [json.rejection] };
  if (kind === 'events') return decodeEvents(json.value, ctx);
  if (looksLikeSenml(json.value)) return decodeSenml(json.value as unknown[], ctx);
  return decodeNativeReadings(json.value, ctx);
}
