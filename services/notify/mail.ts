import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A mail as queued in the outbox. `key` makes queueing idempotent (one mail per key, ever). */
export interface OutgoingMail {
  key: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

export const mailAttachmentSchema = z.object({
  filename: z.string().min(1),
  contentType: z.string().min(1),
  /** utf-8 text (CSV), or base64 when `encoding` says so (a PDF) */
  content: z.string(),
  encoding: z.literal('base64').optional(),
});
export type MailAttachment = z.infer<typeof mailAttachmentSchema>;

export const outgoingMailSchema = z.object({
  key: z.string().min(1).max(500),
  to: z.array(z.string().email()).min(1),
  cc: z.array(z.string().email()).optional(),
  subject: z.string().min(1).max(998),
  text: z.string(),
  html: z.string(),
  attachments: z.array(mailAttachmentSchema).optional(),
});

/**
 * A Message-ID derived from the mail's key only: a copy resent after a crash between sending and
 * marking it sent carries the same Message-ID, so receivers (and their mail clients) can drop it.
 */
export function stableMessageId(key: string): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return `<${digest}@coldtrace>`;
}
