import { RETENTION_YEARS_AFTER_USE, riskPriority } from '../../domain/deviation-case.js';
import { type Locale, t } from '../../domain/messages/catalog.js';
import { formatSiteTime } from '../../domain/messages/time.js';
import type { CaseStep, DeviationCase } from '../../store/sql/deviation-cases-repo.js';
import type { ReportDocument, ReportModel, Rows } from '../report/report-document.js';
import { reportDocument } from '../report/report-document.js';

/** A step as the report shows it, with its signatures (each verified against the step as stored). */
export interface ReportStep {
  step: Pick<CaseStep, 'seq' | 'kind' | 'body' | 'at' | 'attachments'>;
  signatures: readonly {
    printedName: string;
    meaning: string;
    signedAt: string;
    contentSha256: string;
    valid: boolean;
  }[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined;

function stepRows(L: Locale, time: (iso: string) => string, s: ReportStep): Rows {
  const b = s.step.body;
  const rows: Rows = [];
  const word = (field: string, prefix: string) => {
    const v = str(b[field]);
    if (v) rows.push([t(L, `case.field.${field}`), t(L, `${prefix}.${v}`)]);
  };
  word('decision', 'case.decision');
  word('doNotUseAction', 'case.action');
  word('outcome', 'case.outcome');
  word('epcisDisposition', 'case.epcis');
  for (const k of ['impact', 'severity', 'likelihood', 'detectability', 'ownScheme', 'answer', 'question']) {
    const v = str(b[k]);
    if (v) rows.push([t(L, `case.field.${k}`), v]);
  }
  const rpn =
    s.step.kind === 'assessment' ? riskPriority(b as Parameters<typeof riskPriority>[0]) : undefined;
  if (rpn !== undefined) rows.push([t(L, 'case.field.riskPriority'), String(rpn)]);
  const ic = b.interimControl as
    | { keptInQuarantine: boolean; storedAtRequiredTemperature: boolean; storageUnitId?: string }
    | undefined;
  if (ic) {
    const yes = (v: boolean) => t(L, v ? 'case.yes' : 'case.no');
    rows.push([
      t(L, 'case.field.interimControl'),
      [
        `${t(L, 'case.field.keptInQuarantine')}: ${yes(ic.keptInQuarantine)}`,
        `${t(L, 'case.field.storedAtRequiredTemperature')}: ${yes(ic.storedAtRequiredTemperature)}`,
        ...(ic.storageUnitId ? [`${t(L, 'case.field.storageUnit')}: ${ic.storageUnitId}`] : []),
      ].join('; '),
    ]);
  }
  for (const k of ['investigation', 'conditions', 'rationale', 'notes']) {
    const v = str(b[k]);
    if (v) rows.push([t(L, `case.field.${k}`), v]);
  }
  for (const f of s.step.attachments)
    rows.push([t(L, 'case.field.attachments'), `${f.filename} (${f.sizeBytes} B, SHA-256 ${f.sha256})`]);
  for (const g of s.signatures) {
    rows.push([
      t(L, 'page.signature.title'),
      `${t(L, 'page.signature.line', {
        name: g.printedName,
        meaning: t(L, `page.signature.meaning.${g.meaning}`),
        time: time(g.signedAt),
        hash: g.contentSha256.slice(0, 16),
      })}${g.valid ? ` (${t(L, 'page.signature.valid')})` : ` ${t(L, 'page.signature.invalid')}`}`,
    ]);
  }
  return rows;
}

/**
 * The deviation report (issue 15): the shipment's report (record, chart, findings with clauses,
 * receipt and its signatures) followed by the case, the risk assessment, the investigation and
 * advice, the disposition and every signature, in the reader's language.
 */
export function caseReportDocument(
  m: ReportModel,
  c: DeviationCase,
  steps: readonly ReportStep[],
): ReportDocument {
  const L = m.locale;
  const time = (iso: string) => formatSiteTime(Date.parse(iso), m.timeZone, L).replace(/ \(.*\)$/, '');
  const base = reportDocument(m);
  const caseRows: Rows = [
    [t(L, 'case.field.case'), c.id],
    [t(L, 'case.field.state'), t(L, `case.state.${c.state}`)],
    [t(L, 'case.field.openedAt'), time(c.openedAt)],
    [t(L, 'case.field.dueAt'), time(c.dueAt)],
    ...(c.closedAt ? ([[t(L, 'case.report.closedAt'), time(c.closedAt)]] as Rows) : []),
    ...(c.disposition
      ? ([
          [t(L, 'case.field.epcisDisposition'), t(L, `case.epcis.${c.disposition.epcisDisposition}`)],
        ] as Rows)
      : []),
    ...(c.opening.readingsDigest
      ? ([[t(L, 'case.report.recordDigest'), c.opening.readingsDigest]] as Rows)
      : []),
    [t(L, 'case.report.openingDigest'), c.openingSha256],
    // 10.3, 10.4
    [t(L, 'case.report.retention'), t(L, 'case.report.retentionText', { years: RETENTION_YEARS_AFTER_USE })],
  ];
  return {
    ...base,
    title: `${t(L, 'case.report.title')} ${c.id}`,
    statusLine: `${base.statusLine} · ${t(L, 'case.field.state')}: ${t(L, `case.state.${c.state}`)}`,
    caseSections: [
      { title: t(L, 'case.title'), rows: caseRows },
      ...steps.map((s) => ({
        title: `${s.step.seq}. ${t(L, `case.step.${s.step.kind}`)} · ${time(s.step.at)}`,
        rows: stepRows(L, time, s),
      })),
    ],
  };
}
