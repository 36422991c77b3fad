import { fromJson, type SqlQueryable, toMs } from './sql-db.js';

/** An attachment as the outbox keeps it (utf-8 text, e.g. a CSV; or base64, e.g. a PDF). */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  content: string;
  encoding?: 'base64';
}

/** A mail ready for the outbox: validated and given its Message-ID by notify. */
export interface OutboxMail {
  key: string;
  messageId: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: OutboxAttachment[];
}

/** A queued mail as the delivery loop reads it back. */
export interface OutboxRow {
  id: number;
  key: string;
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: OutboxAttachment[];
  attempts: number;
  createdAtMs: number;
}

/**
 * Inserts a mail inside the caller's transaction (the transactional outbox). Inserting the same
 * key again does nothing. Returns whether this call inserted it.
 */
export async function insertOutboxMail(tx: SqlQueryable, m: OutboxMail, nowMs: number): Promise<boolean> {
  const now = new Date(nowMs);
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO mail_outbox (mail_key, message_id, to_addrs, cc_addrs, subject, text_body, html_body,
       attachments, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $9)
     ON CONFLICT (mail_key) DO NOTHING
     RETURNING id`,
    [
      m.key,
      m.messageId,
      m.to.join(', '),
      m.cc?.length ? m.cc.join(', ') : null,
      m.subject,
      m.text,
      m.html,
      JSON.stringify(m.attachments ?? []),
      now,
    ],
  );
  return rows.length > 0;
}

interface RawOutboxRow {
  id: string | number;
  mail_key: string;
  message_id: string;
  to_addrs: string;
  cc_addrs: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: unknown;
  attempts: number;
  created_at: unknown;
}

const splitAddrs = (v: string | null) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/** The mail outbox table, for the delivery loop (notify) and health figures. */
export class OutboxRepo {
  constructor(private readonly db: SqlQueryable) {}

  /**
   * Leases up to `limit` due mails for `leaseMs`. Several notifiers may share one database: a leased
   * row is invisible to the others until the lease runs out (a crashed notifier's rows come back).
   */
  async claimDue(nowMs: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    const now = new Date(nowMs);
    const rows = await this.db.query<RawOutboxRow>(
      `UPDATE mail_outbox SET lease_until = $2
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY id LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id, mail_key, message_id, to_addrs, cc_addrs, subject, text_body, html_body,
         attachments, attempts, created_at`,
      [now, new Date(nowMs + leaseMs), limit],
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        key: r.mail_key,
        messageId: r.message_id,
        to: splitAddrs(r.to_addrs),
        cc: splitAddrs(r.cc_addrs),
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        attachments: fromJson<OutboxAttachment[]>(r.attachments),
        attempts: r.attempts,
        createdAtMs: toMs(r.created_at),
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks a mail sent; only the first mark counts (a second returns false). */
  async markSent(id: number, nowMs: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE mail_outbox SET sent_at = $2, lease_until = NULL, attempts = attempts + 1, last_error = NULL
       WHERE id = $1 AND sent_at IS NULL RETURNING id`,
      [id, new Date(nowMs)],
    );
    return rows.length > 0;
  }

  /** Records a failed attempt and when to try again. */
  async markFailed(id: number, error: string, nextAttemptAtMs: number): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
         lease_until = NULL
       WHERE id = $1 AND sent_at IS NULL`,
      [id, error.slice(0, 1000), new Date(nextAttemptAtMs)],
    );
  }

  /** Gives a leased mail back untried (the relay was found down before its turn). */
  async release(id: number, nextAttemptAtMs: number): Promise<void> {
    await this.db.query(
      'UPDATE mail_outbox SET lease_until = NULL, next_attempt_at = $2 WHERE id = $1 AND sent_at IS NULL',
      [id, new Date(nextAttemptAtMs)],
    );
  }

  /** Outbox figures for health pages and tests. */
  async counts(): Promise<{ pending: number; sent: number }> {
    const rows = await this.db.query<{ pending: string | number; sent: string | number }>(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL) AS pending,
              count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent
       FROM mail_outbox`,
    );
    return { pending: Number(rows[0]?.pending ?? 0), sent: Number(rows[0]?.sent ?? 0) };
  }
}
