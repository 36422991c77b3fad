import { eventPayloadSchema } from '../../services/domain/contract.js';
import {
  type DecodeContext,
  type Decoded,
  describeIssues,
  empty,
  TS_RANGE_DETAIL,
  timeRejection,
  tsInRange,
} from './types.js';

/** C0 controls and DEL: a newline would end the stored line; the store keeps text as sent or not at all */
const hasControl = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};
/** half a UTF-16 pair cannot be written as UTF-8: it would be stored as U+FFFD, not as sent */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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
    const index = Array.isArray(value) ? i : undefined;
    const refused = timeRejection(ts, ctx);
    if (refused) {
      out.rejections.push({ ...refused, index });
      return;
    }
    if (typeof v === 'string' && (hasControl(v) || LONE_SURROGATE.test(v))) {
      out.rejections.push({
        code: 'CT_EVENT_INVALID',
        detail: 'value: control characters or unpaired surrogates cannot be stored',
        index,
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
