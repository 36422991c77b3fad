import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/log.js';
import type { OutboxRepo, OutboxRow } from '../store/sql/outbox-repo.js';
import { DEFAULT_RELAY_RETRY, DEFAULT_RETRY, nextRetryDelayMs, type RetryPolicy } from './backoff.js';
import { emlTransport, isConnectionError, type MailTransport, smtpTransport } from './transport.js';

export interface NotifierOptions {
  config: Pick<Config, 'dataDir' | 'smtpUrl' | 'mailFrom'>;
  logger: Logger;
  /** the records store's outbox (RecordsStore.outbox) */
  outbox: OutboxRepo;
  /** how often the outbox is looked at when nobody kicks (default 500 ms) */
  pollMs?: number;
  /** backoff of a mail the relay refused (default 1 s doubling to 5 min) */
  retry?: RetryPolicy;
  /**
   * how often an unreachable relay is tried again (default 1 s doubling to 15 s): an alert is at
   * most this late once the relay is back, so the cap stays short; one probe costs one connection
   */
  relayRetry?: RetryPolicy;
  /** injectable clock (epoch ms) */
  now?: () => number;
  /** mails leased per round (default 20) */
  batchSize?: number;
  /** mails sent at once, each over its own relay connection (default 4) */
  concurrency?: number;
}

export interface Notifier {
  /** Look at the outbox now (call after committing a transaction that queued mail). */
  kick(): void;
  /** Stops the loop after the round in progress; mails not yet sent stay queued. */
  close(): Promise<void>;
  readonly transport: 'smtp' | 'eml';
}

const LEASE_MS = 60_000;

/**
 * The delivery loop of the transactional outbox. A mail is marked sent only after the relay
 * accepted it, and marked once: a crash between the two resends it with the same Message-ID
 * (receivers de-duplicate on it). While the relay is down, mails wait and the relay is probed with
 * a short, capped backoff (mails sent at once count as one probe), so alerts go out within seconds
 * of its return; a mail the relay refuses backs off on its own, up to minutes.
 */
export function startNotifier(opts: NotifierOptions): Notifier {
  const { outbox, logger } = opts;
  const log = logger.child({ role: 'notifier' });
  const now = opts.now ?? Date.now;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const relayRetry = opts.relayRetry ?? DEFAULT_RELAY_RETRY;
  const pollMs = opts.pollMs ?? 500;
  const batchSize = opts.batchSize ?? 20;
  const concurrency = opts.concurrency ?? 4;
  const transport: MailTransport = opts.config.smtpUrl
    ? smtpTransport(opts.config.smtpUrl, opts.config.mailFrom)
    : emlTransport(path.join(opts.config.dataDir, 'mail'), opts.config.mailFrom);

  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  /** relay found unreachable: nothing is tried before this time */
  let relayDownUntilMs = 0;
  let relayFailures = 0;
  /** bumped each time the relay is found down: sends in flight at once count as one probe */
  let relayProbe = 0;

  async function deliver(mail: OutboxRow): Promise<void> {
    if (closed || now() < relayDownUntilMs) {
      await outbox.release(mail.id, Math.max(now(), relayDownUntilMs));
      return;
    }
    const probe = relayProbe;
    try {
      await transport.send(mail);
      relayFailures = 0;
      const first = await outbox.markSent(mail.id, now());
      log.info({ mailId: mail.id, mailKey: mail.key, messageId: mail.messageId, first }, 'mail sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isConnectionError(err)) {
        if (probe === relayProbe) {
          relayProbe++;
          relayFailures++;
          const delay = nextRetryDelayMs(relayFailures, relayRetry, Math.random());
          relayDownUntilMs = Math.max(relayDownUntilMs, now() + delay);
          log.warn({ mailId: mail.id, retryInMs: delay, err: message }, 'mail relay unreachable');
        }
        await outbox.release(mail.id, relayDownUntilMs);
      } else {
        const delay = nextRetryDelayMs(mail.attempts + 1, retry, Math.random());
        await outbox.markFailed(mail.id, message, now() + delay);
        log.error({ mailId: mail.id, mailKey: mail.key, retryInMs: delay, err: message }, 'mail refused');
      }
    }
  }

  /** Leases due mails and sends them, a few at a time (one relay connection each). */
  async function round(): Promise<void> {
    for (;;) {
      if (closed || now() < relayDownUntilMs) return;
      const due = await outbox.claimDue(now(), batchSize, LEASE_MS);
      if (due.length === 0) return;
      let next = 0;
      const lane = async () => {
        while (next < due.length) {
          const mail = due[next++];
          if (mail) await deliver(mail);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, lane));
    }
  }

  function schedule(delayMs: number): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, delayMs);
    timer.unref?.();
  }

  function kick(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((err) =>
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox round failed'),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        } else {
          schedule(Math.max(pollMs, Math.min(relayDownUntilMs - now(), relayRetry.maxDelayMs)));
        }
      });
  }

  kick();
  log.info({ transport: transport.kind }, 'notifier started');
  return {
    kick,
    transport: transport.kind,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
