import { loadConfig } from '../config/config.js';
import type { Finding, Shipment, Verdict } from '../domain/contract.js';
import { findingMessage } from '../domain/finding.js';
import { type Locale, t } from '../domain/messages/catalog.js';
import { formatSiteTime } from '../domain/messages/time.js';
import type { RecordsTx } from '../store/sql/records-store.js';
import { findingTitle, type MailDocument, renderBilingualHtml, renderBilingualText } from './format.js';
import type { MailAttachment, OutgoingMail } from './mail.js';
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
  /** the printable report as PDF, base64 (GET /shipments/:id/report?format=pdf), in the recipient's language */
  reportPdfBase64?: string;
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

/** A finding in plain words from the catalogue; its title when the figures for the full text are missing. */
function findingWords(L: Locale, f: Finding, timeZone: string): string {
  const text = findingMessage(L, f, timeZone);
  const words = /\{\w+\}/.test(text) ? findingTitle(L, f.code, f.deviceId) || f.code : text;
  return `${words} (${t(L, 'mail.field.clause')} ${f.clause})`;
}

function receiptDocument(input: ReceiptDeviationInput, site: SiteContext, L: Locale): MailDocument {
  const { shipment: s, verdict: v } = input;
  const time = (iso: string) => formatSiteTime(Date.parse(iso), site.timeZone, L);
  const base = site.publicUrl.replace(/\/$/, '');
  // product, batch, shipment and verdict on top, as in every mail
  const fields: [string, string][] = [
    [t(L, 'mail.field.product'), `${s.product.name} (${s.product.cellType})`],
    [t(L, 'mail.field.batch'), s.product.batch],
    [t(L, 'mail.field.shipment'), s.id],
    [t(L, 'mail.field.status'), t(L, `mail.verdict.${v.status}`)],
    [t(L, 'mail.field.quantity'), String(s.product.quantity)],
    [t(L, 'mail.field.route'), `${s.origin} → ${s.destination}`],
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
  const dc = input.deviationCase;
  if (dc) {
    fields.push([t(L, 'case.field.case'), dc.id]);
    fields.push([t(L, 'case.field.dueAt'), time(dc.dueAt)]);
  }
  return {
    lead: [
      t(L, 'mail.greeting'),
      t(L, 'mail.receipt.happened', { shipmentId: s.id }),
      ...(dc ? [t(L, 'mail.case.intro.opened', { subjectId: s.id })] : []),
      t(L, 'mail.receipt.todo'),
      t(L, input.reportPdfBase64 ? 'mail.receipt.attachments' : 'mail.receipt.attachment'),
    ],
    fields,
    // each finding once, in the reader's words
    sections: [
      {
        title: t(L, 'mail.receipt.findings'),
        lines: v.findings.map((f) => findingWords(L, f, site.timeZone)),
      },
    ],
    links: [
      ...(dc
        ? [[t(L, 'case.link'), `${base}/case?id=${encodeURIComponent(dc.id)}`] as [string, string]]
        : []),
      [t(L, 'mail.link.verdict'), `${base}/handover?id=${encodeURIComponent(s.id)}`],
    ],
    // not the alerts' footer: there is no alert to acknowledge here
    footer: [t(L, 'mail.receipt.footer'), t(L, 'mail.dedupeNote')],
  };
}

/**
 * 8.1.6: the mail to the manufacturer's QA when a receipt finds a deviation, in the recipient's
 * language first and the other below, with the temperature record (CSV) and the report (PDF).
 */
export function renderReceiptDeviationMail(input: ReceiptDeviationInput, site: SiteContext): OutgoingMail {
  const { shipment: s, verdict: v } = input;
  const L: Locale = s.manufacturer.locale ?? site.locale;
  const other: Locale = L === 'zh-CN' ? 'en' : 'zh-CN';
  const docs: [MailDocument, Locale][] = [
    [receiptDocument(input, site, L), L],
    [receiptDocument(input, site, other), other],
  ];
  const codes = [...new Set(v.findings.map((f) => f.code))];
  const attachments: MailAttachment[] = [
    { filename: `${s.id}-temperature-record.csv`, contentType: 'text/csv', content: input.csv },
  ];
  if (input.reportPdfBase64) {
    attachments.push({
      filename: `${s.id}-report.pdf`,
      contentType: 'application/pdf',
      content: input.reportPdfBase64,
      encoding: 'base64',
    });
  }
  return {
    key: `receipt-deviation:${s.id}`,
    to: [s.manufacturer.qaEmail],
    subject: `[coldtrace][DEVIATION][${s.id}] RECEIPT ${codes.join(',')}: ${t(L, 'mail.receipt.subject')}`,
    text: renderBilingualText(docs),
    html: renderBilingualHtml(docs),
    attachments,
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
