import { parseLocale } from '../../domain/messages/catalog.js';
import { queueCaseMail, type SiteContext } from '../../notify/index.js';
import type { Actor } from '../../store/audit/audit-trail.js';
import { type CaseOpening, openDeviationCase } from '../../store/sql/deviation-cases-repo.js';
import type { RecordsTx } from '../../store/sql/records-store.js';

/**
 * Opens the subject's case inside the caller's transaction (or finds the one already open) and,
 * when it is new, queues the "case opened" mail to the manufacturer's QA in their language: the
 * case, its audit row and its mail commit together or not at all (8.1.5: reported at once).
 */
export async function openCaseAndTellManufacturer(
  tx: RecordsTx,
  opening: CaseOpening,
  actor: Actor,
  nowMs: number,
  site: SiteContext,
) {
  const r = await openDeviationCase(tx, opening, actor, nowMs);
  if (r.opened) {
    const c = r.deviationCase;
    await queueCaseMail(
      tx,
      {
        kind: 'opened',
        audience: 'manufacturer',
        locale: parseLocale(opening.manufacturer.locale ?? site.locale),
        to: [opening.manufacturer.qaEmail],
        caseId: c.id,
        subjectId: opening.subjectId,
        state: c.state,
        product: opening.product,
        findingCodes: [...new Set(opening.findings.map((f) => f.code))],
        dueAt: c.dueAt,
      },
      site,
      nowMs,
    );
  }
  return r;
}
