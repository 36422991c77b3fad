import { insertOutboxMail, type OutboxRow } from '../store/sql/outbox-repo.js';
import type { RecordsTx } from '../store/sql/records-store.js';
import { MailInvalid } from './errors.js';
import { type OutgoingMail, outgoingMailSchema, stableMessageId } from './mail.js';

export type { OutboxRow };

/**
 * Queues a mail inside the caller's transaction (the transactional outbox): it is sent only if the
 * alert or receipt that caused it commits. Queueing the same key again does nothing, so a replay
 * cannot mail twice. Returns whether this call queued it.
 */
export async function queueMail(
  tx: RecordsTx,
  mail: OutgoingMail,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const parsed = outgoingMailSchema.safeParse(mail);
  if (!parsed.success) throw new MailInvalid(parsed.error.issues.map((i) => i.message).join('; '));
  const m = parsed.data;
  return insertOutboxMail(tx, { ...m, messageId: stableMessageId(m.key) }, nowMs);
}
