import type { Registry } from 'prom-client';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/log.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { RecordsStore } from '../store/sql/records-store.js';

export interface EscalationPolicy {
  /** an alert nobody acknowledged for this long goes to `to` */
  afterMs: number;
  to: string[];
}

/** The one place the escalation settings (COLDTRACE_ESCALATION_EMAIL, _MINUTES) become a policy. */
export function escalationPolicy(config: Partial<Pick<Config, 'escalation'>>): EscalationPolicy | undefined {
  const e = config.escalation;
  return e ? { to: e.to, afterMs: e.afterMinutes * 60_000 } : undefined;
}

export interface RulesWorkerOptions {
  config: Pick<Config, 'site' | 'http'> & Partial<Pick<Config, 'escalation'>>;
  logger: Logger;
  /** the records store: what to watch, the alerts, their mails (one transaction each) */
  records: Pick<RecordsStore, 'alerts' | 'watch' | 'transaction'> & Partial<Pick<RecordsStore, 'deviations'>>;
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
  /** default: config.escalation (COLDTRACE_ESCALATION_EMAIL, COLDTRACE_ESCALATION_MINUTES) */
  escalation?: EscalationPolicy;
  /** recipients of storage-unit alerts (the site's QA); default config.site.alertEmails */
  siteAlertTo?: string[];
  /** how far back a storage unit's sensors are re-read on start; default 24 h */
  unitLookbackMs?: number;
  /** where the worker's failure counters go (the API's /metrics); none: not exported */
  metrics?: Registry;
  /** called after a transaction that queued mail committed (wire it to the notifier's kick) */
  onMailQueued?: () => void;
}
