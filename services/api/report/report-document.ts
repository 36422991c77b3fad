import type { Reading, Verdict } from '../../domain/contract.js';
import { RECEIPT_CHECKS } from '../../domain/contract.js';
import { findingMessage } from '../../domain/finding.js';
import { hasMessage, type Locale, t } from '../../domain/messages/catalog.js';
import { formatSiteTime } from '../../domain/messages/time.js';
import { rangeText } from '../../domain/range-text.js';
import { checkRules, findingRules, rulesText } from '../../domain/rule-book.js';
import { mktApplies, resolveRange } from '../../domain/storage-modes.js';
import type { StoredProfile } from '../../store/sql/profiles-repo.js';
import type { StoredReceipt, StoredShipment } from '../../store/sql/shipments-repo.js';
import type { RecordCheck } from '../verdict/record-check.js';
import { type ChartGeometry, layoutChart } from './chart.js';

export interface ReportModel {
  locale: Locale;
  timeZone: string;
  generatedAtMs: number;
  shipment: StoredShipment;
  profile: StoredProfile;
  verdict: Verdict;
  receipt?: StoredReceipt;
  /** the receipt's electronic signatures, each checked against the stored receipt (11.50, 11.70) */
  signatures?: readonly {
    printedName: string;
    meaning: string;
    signedAt: string;
    contentSha256: string;
    valid: boolean;
  }[];
  readings: readonly Reading[];
  /** a received shipment's record now compared with the receipt's digest */
  recordCheck?: RecordCheck;
}

export type Rows = [string, string][];

/** The report's content in the reader's language, laid out once for the HTML and PDF renderers. */
export interface ReportDocument {
  lang: Locale;
  title: string;
  status: 'pass' | 'deviation';
  statusLine: string;
  finalLine: string;
  /** shown plainly under the status when the record changed after the receipt (Annex 11 §8.2) */
  recordNotice?: { code: string; title: string; text: string };
  timesIn: string;
  shipment: Rows;
  requirements: Rows;
  chartTitle: string;
  chartAxis: string;
  chartLegend: { band: string; excursion: string; noData?: string; description: string };
  chart: ChartGeometry;
  /** per logger: min, max, mean, MKT (where it applies), time out of range */
  summaryTitle: string;
  summaryHead: string[];
  summary: string[][];
  summaryNote?: string;
  findingsTitle: string;
  /** code, clause, severity, finding, the plain statement of the rules it applies */
  findingsHead: [string, string, string, string, string];
  findings: [string, string, string, string, string][];
  noFindings: string;
  checksTitle: string;
  /** check, clause, result, the plain statement of the rules it applies */
  checksHead: [string, string, string, string];
  checks: [string, string, string, string][];
  receiptTitle: string;
  receipt: Rows;
  noReceipt: string;
  /** 11.50(b): printed name, meaning, time in the site zone (labelled), what was signed */
  eSignaturesTitle: string;
  eSignaturesHead: [string, string, string, string];
  eSignatures: [string, string, string, string][];
  noESignatures: string;
  /** issue 15: the deviation report adds the case and each signed step after the receipt's signatures */
  caseSections?: { title: string; rows: Rows }[];
  signaturesTitle: string;
  signatures: string[];
  signDate: string;
  footer: Rows;
}

const clauseText = (locale: Locale, clause: string) =>
  clause
    .split(/[,\s]+/)
    .filter((n) => hasMessage(`clause.${n}`))
    .map((n) => `${n} ${t(locale, `clause.${n}`)}`)
    .join(' ');

/** "21 h 30 min" / "45 min" in the reader's language (the pages' words). */
export function durationWords(L: Locale, minutesTotal: number): string {
  const minutes = Math.max(0, Math.round(minutesTotal));
  const h = Math.floor(minutes / 60);
  if (h === 0) return t(L, 'page.duration.m', { m: minutes });
  return minutes % 60 === 0
    ? t(L, 'page.duration.h', { h })
    : t(L, 'page.duration.hm', { h, m: minutes % 60 });
}

/** The chart's summary row per logger, from the verdict's own statistics (the same held values). */
function summaryRows(L: Locale, verdict: Verdict, deviceIds: readonly string[], mkt: boolean): string[][] {
  const loggers = (verdict.stats.loggers ?? {}) as Record<string, Record<string, unknown>>;
  const c = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 10) / 10} °C` : '—');
  return deviceIds.map((id) => {
    const st = loggers[id] ?? {};
    const out = typeof st.minutesOutOfRange === 'number' ? durationWords(L, st.minutesOutOfRange) : '—';
    return [id, c(st.minC), c(st.maxC), c(st.meanC), ...(mkt ? [c(st.mktC)] : []), out];
  });
}

function chartDescription(L: Locale, readings: readonly Reading[], excursions: number): string {
  if (readings.length === 0) return t(L, 'report.chart.noData');
  // a reduce, not Math.min(...): a long record would overflow the call stack
  const min = readings.reduce((lo, r) => Math.min(lo, r.tempC), Number.POSITIVE_INFINITY);
  const max = readings.reduce((hi, r) => Math.max(hi, r.tempC), Number.NEGATIVE_INFINITY);
  return t(L, 'chart.description', {
    n: readings.length,
    min: min.toFixed(1),
    max: max.toFixed(1),
    excursions,
  });
}

export function reportDocument(m: ReportModel): ReportDocument {
  const L = m.locale;
  // the zone is said once, at the top (timesIn); the times below are not labelled again
  const time = (ms: number) => formatSiteTime(ms, m.timeZone, L).replace(/ \(.*\)$/, '');
  const isoTime = (iso: string | undefined) => (iso ? time(Date.parse(iso)) : '—');
  const s = m.shipment.shipment;
  const p = m.profile.profile;
  const range = resolveRange(p.storageMode, p.tempMinC, p.tempMaxC);
  const fromMs = Date.parse(m.verdict.window.from);
  const toMs = Math.max(fromMs + 60_000, Date.parse(m.verdict.window.to));
  const shortTime = (ms: number) => time(ms).slice(5, 16);
  const chart = layoutChart({
    readings: m.readings,
    deviceIds: [...new Set(s.deviceIds)],
    fromMs,
    toMs,
    range,
    findings: m.verdict.findings,
    tickLabel: shortTime,
    peakLabel: (c) => t(L, 'chart.peak', { c }),
  });
  const mkt = mktApplies(p.storageMode);
  const receipt = m.receipt?.receipt;
  const signed = (meaning: string) => (m.signatures ?? []).some((x) => x.meaning === meaning && x.valid);
  const receiptRows: Rows = receipt
    ? [
        [t(L, 'report.field.receivedAt'), isoTime(receipt.receivedAt)],
        [t(L, 'report.field.receiver'), receipt.receiverName],
        [t(L, 'report.field.verifier'), receipt.verifierName ?? '—'],
        ...RECEIPT_CHECKS.map((c): [string, string] => [
          t(L, `report.check.${c}`),
          t(L, receipt.checks[c] ? 'report.ok' : 'report.notOk'),
        ]),
        // 8.1.3: product state, optional in the contract: shown when recorded or when a state was declared
        ...(receipt.checks.stateOk !== undefined || s.product.state !== undefined
          ? [
              [
                t(L, 'report.check.stateOk', {
                  expected: s.product.state ? t(L, `report.state.${s.product.state}`) : '—',
                }),
                t(
                  L,
                  receipt.checks.stateOk === undefined
                    ? 'report.notRecorded'
                    : receipt.checks.stateOk
                      ? 'report.ok'
                      : 'report.notOk',
                ),
              ] as [string, string],
            ]
          : []),
        [t(L, 'report.field.notes'), receipt.notes ?? '—'],
        [t(L, 'report.field.readingsCount'), String(m.receipt!.readingsCount)],
        [t(L, 'report.field.readingsDigest'), m.receipt!.readingsDigest],
        ...(m.recordCheck ? [[t(L, 'record.title'), m.recordCheck.message] as [string, string]] : []),
        [t(L, 'report.field.retention'), t(L, 'report.retention')],
      ]
    : [];
  return {
    lang: L,
    title: t(L, 'report.title'),
    status: m.verdict.status,
    statusLine: t(L, `report.status.${m.verdict.status}`),
    finalLine: t(L, m.verdict.final ? 'report.final' : 'report.provisional'),
    ...(m.recordCheck?.status === 'changed' && {
      recordNotice: { code: m.recordCheck.code, title: t(L, 'record.title'), text: m.recordCheck.message },
    }),
    timesIn: t(L, 'report.timesIn', {
      zone: formatSiteTime(m.generatedAtMs, m.timeZone, L).replace(/^.*\((.*)\)$/, '$1'),
    }),
    shipment: [
      [t(L, 'report.field.shipmentId'), s.id],
      [t(L, 'report.field.product'), s.product.name],
      [t(L, 'report.field.cellType'), s.product.cellType],
      [t(L, 'report.field.batch'), s.product.batch],
      [t(L, 'report.field.quantity'), String(s.product.quantity)],
      [t(L, 'report.field.state'), s.product.state ? t(L, `report.state.${s.product.state}`) : '—'],
      [
        t(L, 'report.field.donor'),
        s.donor ? `${t(L, `term.donor.${s.donor.type}`)}${s.donor.code ? ` / ${s.donor.code}` : ''}` : '—',
      ],
      [t(L, 'report.field.container'), t(L, `term.container.${s.containerType}`)],
      [t(L, 'report.field.route'), `${s.origin} → ${s.destination}`],
      [t(L, 'report.field.manufacturer'), `${s.manufacturer.name} <${s.manufacturer.qaEmail}>`],
      [t(L, 'report.field.loggers'), s.deviceIds.join(', ')],
      [t(L, 'report.field.dispatchedAt'), isoTime(m.shipment.dispatchedAt)],
      [t(L, 'report.field.expectedArrival'), isoTime(s.expectedArrivalAt)],
      [t(L, 'report.field.expiresAt'), isoTime(s.expiresAt)],
    ],
    requirements: [
      [t(L, 'report.field.profile'), `${p.name} (${p.id} v${m.profile.version})`],
      [t(L, 'report.field.range'), rangeText(L, range.minC, range.maxC)],
      [t(L, 'page.handover.storageMode'), t(L, `term.storageMode.${p.storageMode}`)],
      [t(L, 'report.field.maxTransport'), t(L, 'report.minutes', { n: p.maxTransportMinutes })],
      [t(L, 'report.field.maxGap'), t(L, 'report.minutes', { n: p.maxGapMinutes })],
    ],
    chartTitle: t(L, 'report.section.chart'),
    chartAxis: t(L, 'report.chart.axis', { zone: m.timeZone }),
    chartLegend: {
      band: t(L, 'report.chart.band'),
      excursion: t(L, 'report.chart.excursion'),
      ...(m.readings.length === 0 && { noData: t(L, 'report.chart.noData') }),
      description: chartDescription(L, m.readings, chart.excursions.length),
    },
    chart,
    summaryTitle: t(L, 'chart.summary.title'),
    summaryHead: [
      t(L, 'chart.summary.logger'),
      t(L, 'chart.summary.min'),
      t(L, 'chart.summary.max'),
      t(L, 'chart.summary.mean'),
      ...(mkt ? [t(L, 'chart.summary.mkt')] : []),
      t(L, 'chart.summary.outOfRange'),
    ],
    summary: summaryRows(L, m.verdict, [...new Set(s.deviceIds)], mkt),
    ...(mkt && { summaryNote: t(L, 'chart.summary.mktNotApplicable') }),
    findingsTitle: t(L, 'report.section.findings'),
    findingsHead: [
      t(L, 'report.col.code'),
      t(L, 'report.col.clause'),
      t(L, 'report.col.severity'),
      t(L, 'report.col.finding'),
      t(L, 'report.col.rule'),
    ],
    findings: m.verdict.findings.map((f) => [
      f.code,
      clauseText(L, f.clause) || f.clause,
      t(L, `report.severity.${f.severity}`),
      findingMessage(L, f, m.timeZone, { labelZone: false }),
      rulesText(L, f.rules ?? findingRules(f.code, f.details?.kind)),
    ]),
    noFindings: t(L, 'report.noFindings'),
    checksTitle: t(L, 'report.section.checks'),
    checksHead: [
      t(L, 'report.col.check'),
      t(L, 'report.col.clause'),
      t(L, 'report.col.result'),
      t(L, 'report.col.rule'),
    ],
    checks: m.verdict.checks.map((c) => [
      hasMessage(`check.${c.id}`) ? t(L, `check.${c.id}`) : c.label,
      c.clause,
      t(L, `report.checkStatus.${c.status}`),
      rulesText(L, c.rules ?? checkRules(c.id)),
    ]),
    receiptTitle: t(L, 'report.section.receipt'),
    receipt: receiptRows,
    noReceipt: t(L, 'report.noReceipt'),
    eSignaturesTitle: t(L, 'page.signature.title'),
    eSignaturesHead: [
      t(L, 'page.signature.col.name'),
      t(L, 'page.signature.col.meaning'),
      t(L, 'page.signature.col.signedAt'),
      t(L, 'page.signature.col.binding'),
    ],
    eSignatures: (m.signatures ?? []).map((sig) => [
      sig.printedName,
      t(L, `page.signature.meaning.${sig.meaning}`),
      isoTime(sig.signedAt),
      `${sig.contentSha256} (${t(L, sig.valid ? 'page.signature.valid' : 'page.signature.invalid')})`,
    ]),
    noESignatures: t(L, 'page.signature.none'),
    signaturesTitle: t(L, 'report.section.signatures'),
    // a hand-signature line only for what was not signed electronically
    signatures: [
      ...(signed('received') ? [] : [t(L, 'report.sign.receiver')]),
      ...(signed('verified') ? [] : [t(L, 'report.sign.verifier')]),
      t(L, 'report.sign.qa'),
    ],
    signDate: t(L, 'report.sign.date'),
    footer: [
      [t(L, 'report.field.evaluatedAt'), isoTime(m.verdict.evaluatedAt)],
      [t(L, 'report.field.generatedAt'), time(m.generatedAtMs)],
    ],
  };
}
