import { readingPayloadSchema } from '../../services/domain/contract.js';
import { fastReading } from './fast-reading.js';
import {
  type DecodeContext,
  type Decoded,
  describeIssues,
  empty,
  TS_RANGE_DETAIL,
  timeRejection,
  toReading,
  tsInRange,
} from './types.js';

/**
 * Native readings: one reading object, or an array of them (a logger's store-and-forward backlog).
 * Each element is checked alone against the contract; the good ones of a mixed array are kept.
 */
export function decodeNativeReadings(value: unknown, ctx: DecodeContext): Decoded {
  const out = empty();
  if (!Array.isArray(value)) {
    addReading(value, undefined, ctx, out);
    return out;
  }
  if (value.length === 0) {
    out.rejections.push({ code: 'CT_READING_INVALID', detail: 'empty array' });
    return out;
  }
  if (value.length > ctx.maxItems) {
    out.rejections.push({
      code: 'CT_BATCH_TOO_LARGE',
      detail: `${value.length} readings, at most ${ctx.maxItems}`,
    });
    return out;
  }
  for (let i = 0; i < value.length; i++) addReading(value[i], i, ctx, out);
  return out;
}

function addReading(item: unknown, index: number | undefined, ctx: DecodeContext, out: Decoded): void {
  const fast = fastReading(item, ctx.deviceId, ctx.receivedAtMs);
  if (fast) {
    const refused = timeRejection(fast.tsMs, ctx);
    if (refused) out.rejections.push({ ...refused, index });
    else out.readings.push(fast);
    return;
  }
  const parsed = readingPayloadSchema.safeParse(item);
  if (!parsed.success) {
    out.rejections.push({ code: 'CT_READING_INVALID', detail: describeIssues(parsed.error.issues), index });
    return;
  }
  const p = parsed.data;
  if (!tsInRange(p.ts)) {
    out.rejections.push({ code: 'CT_READING_INVALID', detail: TS_RANGE_DETAIL, index });
    return;
  }
  const refused = timeRejection(p.ts, ctx);
  if (refused) {
    out.rejections.push({ ...refused, index });
    return;
  }
  out.readings.push(toReading(p, ctx));
}
