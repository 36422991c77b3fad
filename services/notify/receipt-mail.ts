import { loadConfig } from '../config/config.js';
import type { Shipment, Verdict } from '../domain/contract.js';
import { type Locale, t } from '../domain/messages/catalog.js';
import '../domain/messages/deviation.js';
import '../domain/messages/people.js';
import { formatSiteTime } from '../domain/messages/time.js';
import type { RecordsTx } from '../store/sql/records-store.js';
import { clauseTitle, type MailDocument, renderHtml, renderText } from './format.js';
import type { OutgoingMail } from './mail.js';
import { queueMail } from './outbox.js';

export interface SiteContext {
  timeZone: string;
  /** the site's language (COLDTRACE_LOCALE), used when the manufacturer states none */
  locale: Locale;
  publicUrl: string;
}

export interface ReceiptDeviationInput {
  shipment: Shipment;
  verdict: Verdict;
  /** the shipment's temperature record as CSV (GET /shipments/:id/readings?format=csv) */
  csv: string;
  receipt?: { receivedAt?: string; receiverName?: string; notes?: string };
  /** the receipt's electronic signatures (11.50(b): shown on every human-readable form) */
  signatures?: { printedName: string; meaning: string; signedAt: string; contentSha256: string }[];
  /** issue 15: the deviation case the receipt opened, where QA investigates and advises (8.1.6) */
  deviationCase?: { id: string; dueAt: string };
}

function siteFromEnvironment(): SiteContext {
  const c = loadConfig(process.env);
  return { timeZone: c.site.timeZone, locale: c.site.locale, publicUrl: c.http.publicUrl };
}

/** 8.1.6: the mail to the manufacturer's QA when a receipt finds a deviation. */
export function renderReceiptDeviationMail(input: ReceiptDeviationInput, site: SiteContext): OutgoingMail {
  const { shipment: s, verdict: v } = input;
  const L: Locale = s.manufacturer.locale ?? site.locale;
  const time = (iso: string) => formatSiteTime(Date.parse(iso), site.timeZone, L);
  const base = site.publicUrl.replace(/\/$/, '');
  const codes = [...new Set(v.findings.map((f) => f.code))];
  const fields: [string, string][] = [
    [t(L, 'mail.field.shipment'), s.id],
    [t(L, 'mail.field.product'), `${s.product.name} (${s.product.cellType})`],
    [t(L, 'mail.field.batch'), s.product.batch],
    [t(L, 'mail.field.quantity'), String(s.product.quantity)],
    [t(L, 'mail.field.route'), `${s.origin} → ${s.destination}`],
    [t(L, 'mail.field.status'), t(L, `mail.verdict.${v.status}`)],
    [t(L, 'mail.field.from'), time(v.window.from)],
    [t(L, 'mail.field.to'), time(v.window.to)],
  ];
  if (input.receipt?.receivedAt) fields.push([t(L, 'mail.field.receivedAt'), time(input.receipt.receivedAt)]);
  if (input.receipt?.receiverName) fields.push([t(L, 'mail.field.receiver'), input.receipt.receiverName]);
  if (input.receipt?.notes) fields.push([t(L, 'mail.field.notes'), input.receipt.notes]);
  for (const sig of input.signatures ?? []) {
    fields.push([
      t(L, 'page.signature.title'),
      t(L, 'page.signature.line', {
        name: sig.printedName,
        meaning: t(L, `page.signature.meaning.${sig.meaning}`),
        time: time(sig.signedAt),
        hash: sig.contentSha256.slice(0, 16),
      }),
    ]);
  }

  const findingLines = v.findings.map((f) => {
    const span = f.from ? ` [${time(f.from)}${f.to ? ` – ${time(f.to)}` : ''}]` : '';
    const device = f.deviceId ? ` ${t(L, 'mail.field.device')} ${f.deviceId}` : '';
    const figures = f.details ? ` ${JSON.stringify(f.details)}` : '';
    return `${f.code} (${clauseTitle(L, f.clause)}, ${t(L, `mail.severity.${f.severity}`)}):${device}${span} ${f.message}${figures}`;
  });
  const dc = input.deviationCase;
  if (dc) {
    fields.push([t(L, 'case.field.case'), dc.id]);
    fields.push([t(L, 'case.field.dueAt'), time(dc.dueAt)]);
  }
  const doc: MailDocument = {
    lead: [
      t(L, 'mail.greeting'),
      t(L, 'mail.receipt.intro', { shipmentId: s.id }),
      ...(dc ? [t(L, 'mail.case.intro.opened', { subjectId: s.id })] : []),
      t(L, 'mail.receipt.attachment'),
    ],
    fields,
    sections: [{ title: t(L, 'mail.receipt.findings'), lines: findingLines }],
    links: [
      ...(dc
        ? [[t(L, 'case.link'), `${base}/case?id=${encodeURIComponent(dc.id)}`] as [string, string]]
        : []),
      [t(L, 'mail.link.verdict'), `${base}/handover?id=${encodeURIComponent(s.id)}`],
    ],
    footer: [t(L, 'mail.footer'), t(L, 'mail.dedupeNote')],
  };
  return {
    key: `receipt-deviation:${s.id}`,
    to: [s.manufacturer.qaEmail],
    subject: `[coldtrace][DEVIATION][${s.id}] RECEIPT ${codes.join(',')}: ${t(L, 'mail.receipt.subject')}`,
    text: renderText(doc),
    html: renderHtml(doc, L),
    attachments: [
      { filename: `${s.id}-temperature-record.csv`, contentType: 'text/csv', content: input.csv },
    ],
  };
}

/**
 * Queues the 8.1.6 deviation mail inside the receipt's transaction. Call it from the receipt
 * endpoint when the final verdict is a deviation; queueing it twice for one shipment does nothing.
 * `site` defaults to the COLDTRACE_* environment.
 */
export async function queueReceiptDeviationMail(
  tx: RecordsTx,
  input: ReceiptDeviationInput,
  site: SiteContext = siteFromEnvironment(),
): Promise<boolean> {
  return queueMail(tx, renderReceiptDeviationMail(input, site));
}
