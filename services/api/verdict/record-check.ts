import { z } from 'zod';
import type { Reading } from '../../domain/contract.js';
import { type Locale, t } from '../../domain/messages/catalog.js';
import type { StoredReceipt } from '../../store/sql/shipments-repo.js';
import { digestReadings } from './shipment-record.js';

export const RECORD_CHANGED_AFTER_RECEIPT = 'RECORD_CHANGED_AFTER_RECEIPT';

/**
 * Annex 11 §8.2: every view of a received shipment says whether the temperature record is still
 * the one the receipt signed for. The stored final verdict is never rewritten; this sits beside it.
 */
export const recordCheckSchema = z
  .object({
    status: z.enum(['unchanged', 'changed', 'not_checked']),
    code: z.enum(['RECORD_UNCHANGED', RECORD_CHANGED_AFTER_RECEIPT, 'RECORD_NOT_CHECKED']),
    message: z.string(),
    signed: z.object({ readingsDigest: z.string(), readingsCount: z.number().int() }),
    current: z.object({ readingsDigest: z.string(), readingsCount: z.number().int() }).optional(),
    checkedAt: z.string(),
  })
  .describe(
    "a received shipment's record now compared with the digest its receipt signed for; RECORD_CHANGED_AFTER_RECEIPT when they differ",
  );
export type RecordCheck = z.infer<typeof recordCheckSchema>;

const short = (digest: string) => digest.slice(0, 16);

/**
 * Compares the record as read now (in the receipt's window, the same order as at receipt) with
 * the receipt's digest; `readings` undefined when the record could not be read.
 */
export function compareWithReceipt(
  receipt: Pick<StoredReceipt, 'readingsDigest' | 'readingsCount'>,
  readings: readonly Reading[] | undefined,
  nowMs: number,
  locale: Locale,
): RecordCheck {
  const signed = { readingsDigest: receipt.readingsDigest, readingsCount: receipt.readingsCount };
  const checkedAt = new Date(nowMs).toISOString();
  if (!readings) {
    return {
      status: 'not_checked',
      code: 'RECORD_NOT_CHECKED',
      message: t(locale, 'record.RECORD_NOT_CHECKED', { digest: short(signed.readingsDigest) }),
      signed,
      checkedAt,
    };
  }
  const current = { readingsDigest: digestReadings(readings), readingsCount: readings.length };
  if (current.readingsDigest === signed.readingsDigest) {
    return {
      status: 'unchanged',
      code: 'RECORD_UNCHANGED',
      message: t(locale, 'record.RECORD_UNCHANGED', {
        count: signed.readingsCount,
        digest: short(signed.readingsDigest),
      }),
      signed,
      current,
      checkedAt,
    };
  }
  return {
    status: 'changed',
    code: RECORD_CHANGED_AFTER_RECEIPT,
    message: t(locale, `record.${RECORD_CHANGED_AFTER_RECEIPT}`, {
      signedCount: signed.readingsCount,
      signedDigest: short(signed.readingsDigest),
      currentCount: current.readingsCount,
      currentDigest: short(current.readingsDigest),
    }),
    signed,
    current,
    checkedAt,
  };
}
