import type { Finding, FindingCode } from './contract.js';
import { hasMessage, type Locale, t } from './messages/catalog.js';
import { formatSiteTime } from './messages/time.js';
import { rangeText } from './range-text.js';
import { findingRules } from './rule-book.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The clause each finding code implements (DESIGN.md table). */
export const FINDING_CLAUSE: Record<FindingCode, string> = {
  NO_DATA: '8.1.5',
  RECORD_GAP: '8.1.5',
  RECORD_INCOMPLETE: '8.1.5',
  TEMP_OUT_OF_RANGE: '7.7, 8.1.5',
  TRANSPORT_TIME_EXCEEDED: '7.7, 8.1.5',
  CONTAINER_MISMATCH: '7.7, 8.1.5',
  DELAYED: '8.1.5',
  EXPOSURE: '8.1.5',
  COOLANT_LOW: '8.1.4',
  SENSOR_FAULT: '8.1.5',
  CALIBRATION_EXPIRED: '10.12',
  PRODUCT_EXPIRED: '8.1.3',
  RECEIPT_CHECK_FAILED: '8.1.3, 8.1.4',
  RECORD_CONFLICT: '8.1.5',
};

export type Severity = Finding['severity'];
export type DetailValue = string | number | boolean | null;

export interface FindingDraft {
  code: FindingCode;
  severity: Severity;
  clause?: string;
  deviceId?: string;
  fromMs?: number;
  toMs?: number;
  /** figures of the finding; `kind` selects the message variant `finding.<CODE>.<kind>` */
  details: Record<string, DetailValue>;
}

export interface MessageOptions {
  locale?: Locale;
  timeZone?: string;
}

/**
 * formatSiteTime builds Intl formatters on each call (about 0.5 ms); a verdict formats the same few
 * instants again and again, so results are memoised (bounded).
 */
const siteTimeMemo = new Map<string, string>();
function siteTime(ms: number, timeZone: string, locale: Locale): string {
  const key = `${ms}|${timeZone}|${locale}`;
  let text = siteTimeMemo.get(key);
  if (text === undefined) {
    if (siteTimeMemo.size >= 10_000) siteTimeMemo.clear();
    text = formatSiteTime(ms, timeZone, locale);
    siteTimeMemo.set(key, text);
  }
  return text;
}

/** Minutes with one decimal, the way a person reads them. */
export function minutes(ms: number): number {
  return Math.round(ms / 6_000) / 10;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

export function buildFinding(draft: FindingDraft, opts: MessageOptions = {}): Finding {
  const finding: Finding = {
    code: draft.code,
    clause: draft.clause ?? FINDING_CLAUSE[draft.code],
    severity: draft.severity,
    message: '',
    ...(draft.deviceId !== undefined && { deviceId: draft.deviceId }),
    ...(draft.fromMs !== undefined && { from: isoUtc(draft.fromMs) }),
    ...(draft.toMs !== undefined && { to: isoUtc(draft.toMs) }),
    details: draft.details,
    rules: findingRules(draft.code, draft.details.kind),
  };
  finding.message = findingMessage(opts.locale ?? 'en', finding, opts.timeZone);
  return finding;
}

/** The range a finding was judged against, in words; older findings carry only `rangeC` ("2–8"). */
function findingRangeText(locale: Locale, details: Record<string, unknown>): string | undefined {
  const limit = (v: unknown) => (typeof v === 'number' ? v : null);
  if ('minLimitC' in details || 'maxLimitC' in details)
    return rangeText(locale, limit(details.minLimitC), limit(details.maxLimitC));
  if (typeof details.rangeC !== 'string') return undefined;
  const between = /^(-?[\d.]+)–(-?[\d.]+)$/.exec(details.rangeC);
  if (between) return rangeText(locale, Number(between[1]), Number(between[2]));
  return `${details.rangeC} °C`;
}

/**
 * A finding's plain statement in `locale`, with its figures, times in the site zone (labelled,
 * unless `labelZone` is false: a document that says the zone once at its top).
 * Pages and emails call this to render a stored finding in the reader's language.
 */
export function findingMessage(
  locale: Locale,
  finding: Finding,
  timeZone = DEFAULT_TIME_ZONE,
  { labelZone = true }: { labelZone?: boolean } = {},
): string {
  const time = (ms: number) => {
    const text = siteTime(ms, timeZone, locale);
    return labelZone ? text : text.replace(/ \(.*\)$/, '');
  };
  const details = finding.details ?? {};
  const kind = typeof details.kind === 'string' ? details.kind : undefined;
  const variant = kind ? `finding.${finding.code}.${kind}` : undefined;
  const key = variant && hasMessage(variant) ? variant : `finding.${finding.code}`;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    else if (typeof value === 'boolean') params[name] = String(value);
    else if (value === null) params[name] = '—';
    // times carried in details end in "At" and are shown in the site zone like from/to
    if (name.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      params[name] = time(Date.parse(value));
    }
  }
  if (Array.isArray(details.thawFindings)) {
    const names = details.thawFindings.map((c) => t(locale, `journey.thaw.${String(c)}`));
    params.thawProblems = names.length > 0 ? names.join(locale === 'zh-CN' ? '、' : ', ') : '—';
  }
  if (typeof details.event === 'string') params.event = t(locale, `finding.event.${details.event}`);
  const range = findingRangeText(locale, details);
  if (range !== undefined) params.rangeText = range;
  if (typeof details.check === 'string') params.checkLabel = t(locale, `check.receipt.${details.check}`);
  params.deviceId = finding.deviceId ?? '';
  if (finding.from) params.from = time(Date.parse(finding.from));
  if (finding.to) params.to = time(Date.parse(finding.to));
  return t(locale, key, params);
}
