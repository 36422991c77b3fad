import { type Locale, t } from '../domain/messages/catalog.js';
import { formatSiteTime } from '../domain/messages/time.js';
import type { RecordsTx } from '../store/sql/records-store.js';
import { type MailDocument, renderHtml, renderText } from './format.js';
import type { MailAttachment, OutgoingMail } from './mail.js';
import { queueMail } from './outbox.js';
import type { SiteContext } from './receipt-mail.js';

/**
 * Mails of the deviation loop (issue 15): each step tells the other side, in that side's language;
 * the answer time is watched with a reminder before and an escalation after (8.1.6, 10.14).
 */
export type CaseMailKind =
  | 'opened'
  | 'assessed'
  | 'questioned'
  | 'advised'
  | 'closed'
  | 'reminder'
  | 'escalation';

export interface CaseMailInput {
  kind: CaseMailKind;
  /** who reads it: the manufacturer's QA or the site's quality staff */
  audience: 'manufacturer' | 'site';
  locale: Locale;
  to: string[];
  cc?: string[];
  caseId: string;
  subjectId: string;
  state: string;
  product: { name: string; batch: string; quantity: number };
  findingCodes: string[];
  dueAt: string;
  /** the step that caused the mail, when one did */
  step?: { seq: number; kind: string; by: string; at: string; body: Record<string, unknown> };
  attachments?: MailAttachment[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** What the step said, in the reader's words: decision, conditions, rationale, question, outcome. */
function stepFields(L: Locale, body: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const decision = str(body.decision);
  if (decision) out.push([t(L, 'case.field.decision'), t(L, `case.decision.${decision}`)]);
  const action = str(body.doNotUseAction);
  if (action) out.push([t(L, 'case.field.doNotUseAction'), t(L, `case.action.${action}`)]);
  const outcome = str(body.outcome);
  if (outcome) out.push([t(L, 'case.field.outcome'), t(L, `case.outcome.${outcome}`)]);
  const epcis = str(body.epcisDisposition);
  if (epcis) out.push([t(L, 'case.field.epcisDisposition'), t(L, `case.epcis.${epcis}`)]);
  for (const key of ['conditions', 'question', 'answer', 'impact', 'investigation', 'rationale', 'notes']) {
    const value = str(body[key]);
    if (value) out.push([t(L, `case.field.${key}`), value]);
  }
  return out;
}

export function renderCaseMail(input: CaseMailInput, site: SiteContext): OutgoingMail {
  const L = input.locale;
  const time = (iso: string) => formatSiteTime(Date.parse(iso), site.timeZone, L);
  const base = site.publicUrl.replace(/\/$/, '');
  const outcome = str(input.step?.body.outcome);
  const vars = {
    subjectId: input.subjectId,
    dueAt: time(input.dueAt),
    outcome: outcome ? t(L, `case.outcome.${outcome}`) : '',
  };
  const fields: [string, string][] = [
    [t(L, 'case.field.case'), input.caseId],
    [t(L, 'case.field.shipment'), input.subjectId],
    [t(L, 'case.field.product'), input.product.name],
    [t(L, 'case.field.batch'), input.product.batch],
    [t(L, 'case.field.quantity'), String(input.product.quantity)],
    [t(L, 'case.field.findings'), input.findingCodes.join(', ')],
    [t(L, 'case.field.state'), t(L, `case.state.${input.state}`)],
    [t(L, 'case.field.dueAt'), time(input.dueAt)],
  ];
  if (input.step) {
    fields.push([t(L, 'case.field.by'), `${input.step.by}, ${time(input.step.at)}`]);
    fields.push(...stepFields(L, input.step.body));
  }
  const doc: MailDocument = {
    lead: [t(L, 'mail.greeting'), t(L, `mail.case.intro.${input.kind}`, vars)],
    fields,
    links: [
      [t(L, 'case.link'), `${base}/case?id=${encodeURIComponent(input.caseId)}`],
      ...(input.kind === 'closed'
        ? ([
            [
              t(L, 'mail.case.report'),
              `${base}/api/v1/cases/${encodeURIComponent(input.caseId)}/report?format=pdf&lang=${L}`,
            ],
          ] as [string, string][])
        : []),
    ],
    footer: [t(L, 'mail.case.footer'), t(L, 'mail.dedupeNote')],
  };
  return {
    key: `case:${input.caseId}:${input.kind}:${input.step?.seq ?? 0}:${input.audience}`,
    to: input.to,
    ...(input.cc?.length && { cc: input.cc }),
    subject: `[coldtrace][CASE][${input.caseId}][${input.subjectId}] ${t(L, `mail.case.subject.${input.kind}`)}`,
    text: renderText(doc),
    html: renderHtml(doc, L),
    ...(input.attachments?.length && { attachments: input.attachments }),
  };
}

/** Queues a case mail in the step's transaction; once per case, kind, step and audience. */
export async function queueCaseMail(
  tx: RecordsTx,
  input: CaseMailInput,
  site: SiteContext,
  nowMs: number,
): Promise<boolean> {
  if (input.to.length === 0) return false;
  return queueMail(tx, renderCaseMail(input, site), nowMs);
}
