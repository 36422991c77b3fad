import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { OutboxRow } from './outbox.js';

/** Hands one mail to the outside world; resolves once the relay (or the disk) has accepted it. */
export interface MailTransport {
  readonly kind: 'smtp' | 'eml';
  send(mail: OutboxRow): Promise<void>;
  close(): void;
}

function message(mail: OutboxRow, from: string): SendMailOptions {
  return {
    from,
    to: mail.to,
    cc: mail.cc.length ? mail.cc : undefined,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: new Date(mail.createdAtMs),
    headers: { 'X-Coldtrace-Mail-Key': mail.key },
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      ...(a.encoding && { encoding: a.encoding }),
    })),
  };
}

/**
 * SMTP relay (COLDTRACE_SMTP_URL). Connections are pooled while mail flows (setting one up costs a
 * relay's greeting delay, ~100 ms even on loopback) and closed after `idleCloseMs` without mail, so
 * no idle connection goes stale while a relay restarts. Short timeouts: a relay that is down is
 * found out quickly.
 */
export function smtpTransport(
  url: string,
  from: string,
  opts: { maxConnections?: number; idleCloseMs?: number } = {},
): MailTransport {
  let transporter: Transporter<SMTPPool.SentMessageInfo> | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const options: SMTPPool.Options = {
    url,
    pool: true,
    maxConnections: opts.maxConnections ?? 4,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  };
  const closePool = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
    transporter?.close();
    transporter = undefined;
  };
  return {
    kind: 'smtp',
    async send(mail) {
      if (idleTimer) clearTimeout(idleTimer);
      transporter ??= nodemailer.createTransport(options);
      try {
        await transporter.sendMail(message(mail, from));
      } catch (err) {
        // a refused or broken connection: start from a fresh pool next time
        if (isConnectionError(err)) closePool();
        throw err;
      } finally {
        if (transporter) {
          idleTimer = setTimeout(closePool, opts.idleCloseMs ?? 2_000);
          idleTimer.unref?.();
        }
      }
    },
    close: closePool,
  };
}

/**
 * No relay configured (the demo): each mail becomes `<dataDir>/mail/<time>-<id>.eml`, written to a
 * temporary name first and renamed, so a reader never sees half a file; a resend overwrites.
 */
export function emlTransport(dir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'eml',
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const info = await composer.sendMail(message(mail, from));
      const stamp = new Date(mail.createdAtMs).toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${String(mail.id).padStart(6, '0')}.eml`);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, info.message as Buffer);
      await rename(tmp, file);
    },
    close: () => composer.close(),
  };
}

/** True for errors that mean "the relay is unreachable", as opposed to "the relay refused this mail". */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  const responseCode = (err as { responseCode?: unknown })?.responseCode;
  if (typeof responseCode === 'number' && responseCode >= 500) return false;
  // 421: the relay is shutting down or overloaded; the mail itself is fine
  if (responseCode === 421) return true;
  return (
    typeof code === 'string' &&
    ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'EDNS', 'ECONNRESET', 'EPIPE'].includes(code)
  );
}
