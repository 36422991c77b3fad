import type { AlertKind, Severity } from '../domain/alerts.js';
import { hasMessage, type Locale, t } from '../domain/messages/catalog.js';
import { formatSiteTime } from '../domain/messages/time.js';
import { rangeText } from '../domain/range-text.js';
import {
  clauseTitle,
  findingTitle,
  formatDuration,
  type MailDocument,
  renderBilingualHtml,
  renderBilingualText,
} from './format.js';
import type { OutgoingMail } from './mail.js';

export type AlertPhase = 'started' | 'ended' | 'escalated';

/** Everything an alert mail says; the rules worker fills it from the alert and the records store. */
export interface AlertMailInput {
  alertId: number;
  episodeKey: string;
  kind: AlertKind;
  phase: AlertPhase;
  findingCode: string;
  clause: string;
  severity: Severity;
  deviceId?: string;
  /** device time the episode began */
  happenedAtMs: number;
  endedAtMs?: number;
  /** server time coldtrace learnt of it */
  detectedAtMs: number;
  /** the data came in a backlog after the fact */
  late: boolean;
  /** figures for the texts: tempC, peakC, durationMs, levelPct ... */
  figures: Record<string, string | number>;
  range?: { minC?: number | null; maxC?: number | null };
  shipment?: {
    id: string;
    product: { name: string; batch: string; quantity: number };
    origin: string;
    destination: string;
  };
  storageUnit?: { id: string; name: string; site: string };
  item?: { id: string; product: string };
  to: string[];
  cc?: string[];
  locale: Locale;
}

export interface RenderContext {
  timeZone: string;
  publicUrl: string;
}

const TAG: Record<AlertPhase, string> = { started: 'ALERT', ended: 'RESOLVED', escalated: 'ESCALATED' };

/** `[coldtrace][ALERT][CRITICAL][SHP-1] TEMP_OUT_OF_RANGE STARTED LOG-7: <plain words>` */
export function alertSubject(a: AlertMailInput): string {
  const subject = a.shipment?.id ?? a.storageUnit?.id ?? a.deviceId ?? '-';
  const who = a.deviceId && a.deviceId !== subject ? ` ${a.deviceId}` : '';
  const late = a.late ? '[LATE]' : '';
  const { code, title } = named(a, a.locale);
  return `[coldtrace][${TAG[a.phase]}][${a.severity.toUpperCase()}]${late}[${subject}] ${code} ${a.phase.toUpperCase()}${who}: ${title ? `${title} – ` : ''}${t(a.locale, `mail.phase.${a.phase}`)}`;
}

/** A pre-alarm names itself (it is no finding of the verdict); every other alert by its finding. */
function named(a: AlertMailInput, L: Locale): { code: string; title: string } {
  const own = `mail.kind.${a.kind}`;
  if (hasMessage(own)) return { code: a.kind, title: t(L, own) };
  return { code: a.findingCode, title: findingTitle(L, a.findingCode, a.deviceId) };
}

/** A statement with a placeholder left unfilled is never sent: the finding's plain title stands in. */
const UNFILLED = /\{\w+\}/;

function statement(a: AlertMailInput, ctx: RenderContext, L: Locale): string {
  const phaseKey = a.phase === 'escalated' ? 'started' : a.phase;
  const title = named(a, L).title || a.findingCode;
  const params: Record<string, string | number> = {
    deviceId: a.deviceId ?? '',
    rangeText: a.range ? rangeText(L, a.range.minC, a.range.maxC) : '',
    unitName: a.storageUnit?.name ?? '',
    itemId: a.item?.id ?? '',
    product: a.item?.product ?? '',
    ...a.figures,
  };
  if ('warnMinC' in a.figures || 'warnMaxC' in a.figures)
    params.warnText = rangeText(L, num(a.figures.warnMinC), num(a.figures.warnMaxC));
  for (const [k, v] of Object.entries(a.figures)) {
    if (k.endsWith('Ms') && typeof v === 'number') {
      if (k.endsWith('AtMs')) params[k.replace(/Ms$/, '')] = formatSiteTime(v, ctx.timeZone, L);
      else params[k.replace(/Ms$/, '')] = formatDuration(L, v);
    }
  }
  // an episode that ended lasted from its start to its end, whatever the figures kept at the start
  if (a.phase === 'ended' && a.endedAtMs !== undefined)
    params.duration = formatDuration(L, a.endedAtMs - a.happenedAtMs);
  // the domain's finding message is in the recipient's language; the other language gets the title
  if (L !== a.locale || typeof params.findingMessage !== 'string' || !params.findingMessage)
    params.findingMessage = title;
  const own = `mail.alert.${a.kind}.${phaseKey}`;
  const text = hasMessage(own) ? t(L, own, params) : t(L, `mail.alert.finding.${phaseKey}`, params);
  return UNFILLED.test(text) ? t(L, `mail.alert.finding.${phaseKey}`, { findingMessage: title }) : text;
}

function findingLine(a: AlertMailInput, L: Locale): string {
  // the statement above says what happened; here the finding is named once, by code and title
  const { code, title } = named(a, L);
  return title ? `${code} – ${title}` : code;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function alertDocument(a: AlertMailInput, ctx: RenderContext, L: Locale): MailDocument {
  const time = (ms: number) => formatSiteTime(ms, ctx.timeZone, L);
  const base = ctx.publicUrl.replace(/\/$/, '');
  const lead = [t(L, 'mail.greeting')];
  if (a.phase === 'escalated') lead.push(t(L, 'mail.escalation', { openedAt: time(a.detectedAtMs) }));
  lead.push(statement(a, ctx, L));
  lead.push(t(L, `mail.alert.todo.${a.phase}`));
  if (a.late)
    lead.push(t(L, 'mail.late', { happenedAt: time(a.happenedAtMs), detectedAt: time(a.detectedAtMs) }));

  const fields: [string, string][] = [[t(L, 'mail.field.severity'), t(L, `mail.severity.${a.severity}`)]];
  if (a.shipment) {
    const s = a.shipment;
    fields.push(
      [t(L, 'mail.field.product'), s.product.name],
      [t(L, 'mail.field.batch'), s.product.batch],
      [t(L, 'mail.field.shipment'), s.id],
      [t(L, 'mail.field.quantity'), String(s.product.quantity)],
      [t(L, 'mail.field.route'), `${s.origin} → ${s.destination}`],
    );
  }
  if (a.storageUnit) {
    fields.push(
      [t(L, 'mail.field.storageUnit'), `${a.storageUnit.name} (${a.storageUnit.id})`],
      [t(L, 'mail.field.site'), a.storageUnit.site],
    );
  }
  if (a.item) fields.push([t(L, 'mail.field.item'), `${a.item.id} (${a.item.product})`]);
  if (a.deviceId) fields.push([t(L, 'mail.field.device'), a.deviceId]);
  fields.push(
    [t(L, 'mail.field.finding'), findingLine(a, L)],
    [t(L, 'mail.field.clause'), clauseTitle(L, a.clause)],
    [t(L, 'mail.field.from'), time(a.happenedAtMs)],
  );
  if (a.endedAtMs !== undefined) {
    fields.push(
      [t(L, 'mail.field.to'), time(a.endedAtMs)],
      [t(L, 'mail.field.duration'), formatDuration(L, a.endedAtMs - a.happenedAtMs)],
    );
  }
  if (a.figures.peakC !== undefined) fields.push([t(L, 'mail.field.peak'), `${a.figures.peakC} °C`]);
  if (a.range) fields.push([t(L, 'mail.field.range'), rangeText(L, a.range.minC, a.range.maxC)]);
  fields.push(
    [t(L, 'mail.field.detectedAt'), time(a.detectedAtMs)],
    [t(L, 'mail.field.alertId'), String(a.alertId)],
  );

  const links: [string, string][] = [];
  if (a.shipment)
    links.push([t(L, 'mail.link.verdict'), `${base}/handover?id=${encodeURIComponent(a.shipment.id)}`]);
  if (a.storageUnit) links.push([t(L, 'mail.link.storage'), `${base}/board`]);
  links.push([t(L, 'mail.link.alerts'), `${base}/alerts`]);
  return { lead, fields, links, footer: [t(L, 'mail.footer'), t(L, 'mail.dedupeNote')] };
}

/** The alert mail: the recipient's language first, the other below; HTML and plain text. */
export function renderAlertMail(a: AlertMailInput, ctx: RenderContext): OutgoingMail {
  const other: Locale = a.locale === 'zh-CN' ? 'en' : 'zh-CN';
  const docs: [MailDocument, Locale][] = [
    [alertDocument(a, ctx, a.locale), a.locale],
    [alertDocument(a, ctx, other), other],
  ];
  return {
    key: `alert:${a.episodeKey}:${a.phase}`,
    to: a.to,
    cc: a.cc,
    subject: alertSubject(a),
    text: renderBilingualText(docs),
    html: renderBilingualHtml(docs),
  };
}
