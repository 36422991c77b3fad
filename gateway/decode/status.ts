import { deviceStatusSchema } from '../../services/domain/contract.js';
import { type Decoded, empty } from './types.js';

/**
 * Status (retained, and the device's will): `online` / `offline`, as plain text or as a JSON string
 * or `{"status": "..."}`.
 */
export function decodeStatus(payload: Buffer): Decoded {
  const out = empty();
  let text = payload.toString('utf8').trim();
  if (text.startsWith('"') || text.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(text);
      text = typeof v === 'string' ? v : String((v as { status?: unknown })?.status ?? '');
    } catch {
      text = '';
    }
  }
  const parsed = deviceStatusSchema.safeParse(text);
  if (parsed.success) out.status = parsed.data;
  else out.rejections.push({ code: 'CT_STATUS_INVALID', detail: payload.toString('utf8').slice(0, 40) });
  return out;
}
