import { eventPayloadSchema } from '../../services/domain/contract.js';
import {
  type DecodeContext,
  type Decoded,
  describeIssues,
  empty,
  TS_RANGE_DETAIL,
  tsInRange,
} from './types.js';

/** Events: `{ts, type, value?}` or an array of them (8.1.5: lid, door, light, shock, tilt ...). */
export function decodeEvents(value: unknown, ctx: DecodeContext): Decoded {
  const out = empty();
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0 || items.length > ctx.maxItems) {
    out.rejections.push({
      code: items.length === 0 ? 'CT_EVENT_INVALID' : 'CT_BATCH_TOO_LARGE',
      detail: `${items.length} events`,
    });
    return out;
  }
  items.forEach((item, i) => {
    const parsed = eventPayloadSchema.safeParse(item);
    if (!parsed.success) {
      out.rejections.push({
        code: 'CT_EVENT_INVALID',
        detail: describeIssues(parsed.error.issues),
        index: Array.isArray(value) ? i : undefined,
      });
      return;
    }
    const { ts, type, value: v } = parsed.data;
    if (!tsInRange(ts)) {
      out.rejections.push({
        code: 'CT_EVENT_INVALID',
        detail: TS_RANGE_DETAIL,
        index: Array.isArray(value) ? i : undefined,
      });
      return;
    }
    out.events.push({
      deviceId: ctx.deviceId,
      tsMs: ts,
      type,
      receivedAtMs: ctx.receivedAtMs,
      ...(v !== undefined ? { value: v } : {}),
    });
  });
  return out;
}
