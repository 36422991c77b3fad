import type { Logger } from '../config/log.js';
import { AdvisoryLock } from '../store/leadership/advisory-lock.js';

/** The one lock the active rules process holds (scaled out: one active, any number on standby). */
export const RULES_LOCK_NAME = 'coldtrace-rules';

export interface RulesLeadership {
  /** stops leading: the lock is released and a standby takes over */
  release(): Promise<void>;
}

export interface RulesLeadershipOptions {
  databaseUrl: string;
  logger: Logger;
  /** how often a standby tries the lock, and the leader checks it still holds it; default 1 s */
  pollMs?: number;
  /**
   * Called once when the lock is lost while leading (the connection to PostgreSQL ended). The
   * process must stop acting as the rules role at once: a standby may already lead.
   */
  onLost(error: Error): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until this process holds the rules lock (a PostgreSQL advisory lock: no home-made
 * consensus), then keeps checking it. A SIGKILLed leader's connection closes, PostgreSQL frees the
 * lock, and a standby's next try (within pollMs) takes it; that standby then starts the worker,
 * which rebuilds its state from the stored record.
 */
export async function awaitRulesLeadership(o: RulesLeadershipOptions): Promise<RulesLeadership> {
  const pollMs = o.pollMs ?? 1_000;
  const log = o.logger.child({ role: 'rules', component: 'leadership' });
  let saidStandby = false;
  for (;;) {
    let lock: AdvisoryLock | undefined;
    try {
      lock = await AdvisoryLock.connect(o.databaseUrl, RULES_LOCK_NAME);
      while (!(await lock.tryAcquire())) {
        if (!saidStandby) log.info('rules: standby, another process holds the rules lock');
        saidStandby = true;
        await sleep(pollMs);
      }
    } catch (error) {
      await lock?.release();
      log.warn(
        { err: (error as Error).message },
        'rules: cannot reach PostgreSQL for the rules lock; retrying',
      );
      await sleep(pollMs);
      continue;
    }
    const held = lock;
    log.info('rules: leadership acquired');
    let lost = false;
    const lose = (error: Error) => {
      if (lost) return;
      lost = true;
      clearInterval(check);
      log.fatal({ err: error.message }, 'rules: leadership lost');
      o.onLost(error);
    };
    held.onLost(lose);
    const check = setInterval(() => {
      void held.stillHeld(Math.max(pollMs * 3, 3_000)).then((ok) => {
        if (!ok) lose(new Error('the rules lock is no longer held'));
      });
    }, pollMs);
    check.unref();
    return {
      async release() {
        lost = true;
        clearInterval(check);
        await held.release();
      },
    };
  }
}
