import type { Logger } from '../config/log.js';
import { remindersDue } from '../domain/deviation-case.js';
import { parseLocale } from '../domain/messages/catalog.js';
import { queueCaseMail, type SiteContext } from '../notify/index.js';
import type { RecordsStore } from '../store/sql/records-store.js';

export interface CaseReminderContext {
  records: Pick<RecordsStore, 'deviations' | 'transaction'>;
  site: SiteContext;
  /** the site's quality mailbox: told of an escalation too */
  siteTo: string[];
  /** COLDTRACE_ESCALATION_EMAIL: told of an escalation */
  escalationTo: string[];
  /** mail keys already queued by this process (the outbox's unique key is the guarantee) */
  queued: Set<string>;
  logger: Logger;
  onMailQueued: () => void;
}

/**
 * 8.1.6 (timely advice), 10.14 (monitoring): while a case waits for the manufacturer's advice, a
 * reminder goes to its QA at three quarters of the answer time and an escalation a quarter after
 * the due time, to the QA, the site and the escalation address. One mail each, ever (outbox key).
 */
export async function raiseCaseReminders(c: CaseReminderContext, nowMs: number): Promise<void> {
  for (const dc of await c.records.deviations.list({ open: true })) {
    // the points stored when the case opened, under the manufacturer's answer time of that moment
    const times = {
      dueAtMs: Date.parse(dc.dueAt),
      reminderAtMs: Date.parse(dc.reminderAt),
      escalationAtMs: Date.parse(dc.escalationAt),
    };
    for (const kind of remindersDue({ state: dc.state, advised: dc.advisedAt !== undefined, times }, nowMs)) {
      const key = `${dc.id}|${kind}`;
      if (c.queued.has(key)) continue;
      const o = dc.opening;
      const common = {
        kind,
        caseId: dc.id,
        subjectId: o.subjectId,
        state: dc.state,
        product: o.product,
        findingCodes: [...new Set(o.findings.map((f) => f.code))],
        dueAt: dc.dueAt,
      };
      try {
        const queued = await c.records.transaction(async (tx) => {
          const toMaker = await queueCaseMail(
            tx,
            {
              ...common,
              audience: 'manufacturer',
              locale: parseLocale(o.manufacturer.locale ?? c.site.locale),
              to: [o.manufacturer.qaEmail],
            },
            c.site,
            nowMs,
          );
          const siteTo = kind === 'escalation' ? [...new Set([...c.siteTo, ...c.escalationTo])] : [];
          const toSite = await queueCaseMail(
            tx,
            { ...common, audience: 'site', locale: c.site.locale, to: siteTo },
            c.site,
            nowMs,
          );
          return toMaker || toSite;
        });
        c.queued.add(key);
        if (queued) c.onMailQueued();
      } catch (err) {
        // one case's failure never stops the others' reminders
        c.logger.error({ err: (err as Error).message, caseId: dc.id, kind }, 'case reminder failed');
      }
    }
  }
}
