import { z } from 'zod';
import { type Locale, t } from '../../domain/messages/catalog.js';
import type { StoredReceipt } from '../../store/sql/shipments-repo.js';
import { digestEvents, digestReadings, type ShipmentRecord } from './shipment-record.js';

export const RECORD_CHANGED_AFTER_RECEIPT = 'RECORD_CHANGED_AFTER_RECEIPT';

/**
 * Annex 11 §8.2: every view of a received shipment says whether the temperature record is still
 * the one the receipt signed for. The stored final verdict is never rewritten; this sits beside it.
 */
const digestsSchema = z.object({
  readingsDigest: z.string(),
  readingsCount: z.number().int(),
  eventsDigest: z.string().optional(),
  eventsCount: z.number().int().optional(),
});

export const recordCheckSchema = z
  .object({
    status: z.enum(['unchanged', 'changed', 'not_checked']),
    code: z.enum(['RECORD_UNCHANGED', RECORD_CHANGED_AFTER_RECEIPT, 'RECORD_NOT_CHECKED']),
    message: z.string(),
    signed: digestsSchema,
    current: digestsSchema.optional(),
    eventsChecked: z
      .boolean()
      .describe(
        'false for receipts recorded before the events were signed for (migration 1500): readings only',
      ),
    checkedAt: z.string(),
  })
  .describe(
    "a received shipment's record now compared with the digest its receipt signed for; RECORD_CHANGED_AFTER_RECEIPT when they differ",
  );
export type RecordCheck = z.infer<typeof recordCheckSchema>;

const short = (digest: string) => digest.slice(0, 16);

/**
 * Compares the record as read now (in the receipt's window, the same order as at receipt) with
 * the receipt's digests: the readings, and the events where the receipt signed for them.
 * `record` undefined when the record could not be read.
 */
export function compareWithReceipt(
  receipt: Pick<StoredReceipt, 'readingsDigest' | 'readingsCount' | 'eventsDigest' | 'eventsCount'>,
  record: ShipmentRecord | undefined,
  nowMs: number,
  locale: Locale,
): RecordCheck {
  const eventsChecked = receipt.eventsDigest !== undefined;
  const signed = {
    readingsDigest: receipt.readingsDigest,
    readingsCount: receipt.readingsCount,
    ...(eventsChecked && { eventsDigest: receipt.eventsDigest, eventsCount: receipt.eventsCount ?? 0 }),
  };
  const checkedAt = new Date(nowMs).toISOString();
  if (!record) {
    return {
      status: 'not_checked',
      code: 'RECORD_NOT_CHECKED',
      message: t(locale, 'record.RECORD_NOT_CHECKED', { digest: short(signed.readingsDigest) }),
      signed,
      eventsChecked,
      checkedAt,
    };
  }
  const current = {
    readingsDigest: digestReadings(record.readings),
    readingsCount: record.readings.length,
    ...(eventsChecked && { eventsDigest: digestEvents(record.events), eventsCount: record.events.length }),
  };
  const readingsSame = current.readingsDigest === signed.readingsDigest;
  const eventsSame = current.eventsDigest === signed.eventsDigest;
  if (readingsSame && eventsSame) {
    const key = eventsChecked ? 'record.RECORD_UNCHANGED' : 'record.RECORD_UNCHANGED.readingsOnly';
    return {
      status: 'unchanged',
      code: 'RECORD_UNCHANGED',
      message: t(locale, key, {
        count: signed.readingsCount,
        digest: short(signed.readingsDigest),
        events: signed.eventsCount ?? 0,
      }),
      signed,
      current,
      eventsChecked,
      checkedAt,
    };
  }
  const changed = [
    !readingsSame &&
      t(locale, `record.${RECORD_CHANGED_AFTER_RECEIPT}`, {
        signedCount: signed.readingsCount,
        signedDigest: short(signed.readingsDigest),
        currentCount: current.readingsCount,
        currentDigest: short(current.readingsDigest),
      }),
    !eventsSame &&
      t(locale, `record.${RECORD_CHANGED_AFTER_RECEIPT}.events`, {
        signedCount: signed.eventsCount ?? 0,
        signedDigest: short(signed.eventsDigest ?? ''),
        currentCount: current.eventsCount ?? 0,
        currentDigest: short(current.eventsDigest ?? ''),
      }),
    t(locale, 'record.changed.review'),
  ].filter((text): text is string => typeof text === 'string');
  return {
    status: 'changed',
    code: RECORD_CHANGED_AFTER_RECEIPT,
    message: changed.join(' '),
    signed,
    current,
    eventsChecked,
    checkedAt,
  };
}
