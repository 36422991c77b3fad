import { z } from 'zod';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/log.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';

export interface EscalationPolicy {
  /** an alert nobody acknowledged for this long goes to `to` */
  afterMs: number;
  to: string[];
}

export interface RulesWorkerOptions {
  config: Pick<Config, 'site' | 'http'>;
  logger: Logger;
  db: SqlDb;
  /** the stored record, to rebuild state after a restart or a new assignment */
  readings: Pick<ReadingsStore, 'readingsOf' | 'eventsOf'>;
  /** injectable clock, epoch ms */
  now?: () => number;
  /** timers (silence, transport time, storage limits, escalation) run this often; default 1 s */
  tickMs?: number;
  /** assignments (dispatch, receipt, storage units) are re-read this often; default 2 s */
  refreshMs?: number;
  /** data older than this when it raises an alert makes the alert "late"; default the max gap */
  lateAfterMs?: number;
  escalation?: EscalationPolicy;
  /** recipients of storage-unit alerts (the site's QA) */
  siteAlertTo?: string[];
  /** how far back a storage unit's sensors are re-read on start; default 24 h */
  unitLookbackMs?: number;
  /** called after a transaction that queued mail committed (wire it to the notifier's kick) */
  onMailQueued?: () => void;
}

const emails = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().email()));

const envSchema = z.object({
  COLDTRACE_ESCALATION_EMAIL: emails.optional(),
  COLDTRACE_ESCALATION_MINUTES: z.coerce.number().positive().default(30),
  COLDTRACE_SITE_ALERT_EMAIL: emails.optional(),
});

/**
 * Escalation contact and site QA address from the environment (until the lead folds them into
 * Config): COLDTRACE_ESCALATION_EMAIL (comma-separated), COLDTRACE_ESCALATION_MINUTES (default 30),
 * COLDTRACE_SITE_ALERT_EMAIL. Throws naming the bad variable.
 */
export function rulesOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<RulesWorkerOptions, 'escalation' | 'siteAlertTo'> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    escalation: e.COLDTRACE_ESCALATION_EMAIL?.length
      ? { afterMs: e.COLDTRACE_ESCALATION_MINUTES * 60_000, to: e.COLDTRACE_ESCALATION_EMAIL }
      : undefined,
    siteAlertTo: e.COLDTRACE_SITE_ALERT_EMAIL,
  };
}
