import { z } from 'zod';
import { findingSchema } from '../../domain/contract.js';
import {
  ADVICE_DECISIONS,
  CASE_SOURCES,
  CASE_STATES,
  CASE_STEP_KINDS,
  CASE_SUBJECT_KINDS,
  caseAgeMinutes,
  DISPOSITION_OUTCOMES,
  EPCIS_DISPOSITIONS,
  isFinal,
} from '../../domain/deviation-case.js';
import type { Belonging } from '../../domain/scope.js';
import {
  type CaseStep,
  caseShipmentId,
  type DeviationCase,
  STEP_RECORD_TYPE,
  stepRecordId,
  stepSignedContent,
} from '../../store/sql/deviation-cases-repo.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import { signatureView, signatureViewSchema } from '../people/signing.js';

/** Where a case belongs: the manufacturer organisation and the site, as the shipment does. */
export const caseBelonging = (c: DeviationCase): Belonging => ({
  organisation: c.opening.organisation,
  site: c.opening.site,
});

export const caseSummarySchema = z.object({
  id: z.string(),
  state: z.enum(CASE_STATES),
  final: z.boolean(),
  subject: z.object({ kind: z.enum(CASE_SUBJECT_KINDS), id: z.string() }),
  shipmentId: z.string().optional().describe('the shipment whose record and report the case shows'),
  source: z.enum(CASE_SOURCES),
  organisation: z.string(),
  site: z.string(),
  product: z.object({ name: z.string(), batch: z.string(), quantity: z.number() }),
  manufacturer: z.object({
    name: z.string(),
    qaEmail: z.string(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  }),
  findingCodes: z.array(z.string()),
  openedAt: z.string().describe('UTC'),
  dueAt: z.string().describe("UTC: the manufacturer's answer is due (8.1.6, per manufacturer, default 24 h)"),
  overdue: z.boolean().describe('no advice yet and the due time has passed'),
  ageMinutes: z.number().int().describe('since the case opened, up to its close'),
  latestAdvice: z
    .object({
      decision: z.enum(ADVICE_DECISIONS),
      conditions: z.string().optional(),
      doNotUseAction: z.enum(['destroy', 'return']).optional(),
    })
    .optional(),
  advisedAt: z.string().optional(),
  disposition: z
    .object({
      outcome: z.enum(DISPOSITION_OUTCOMES),
      epcisDisposition: z.enum(EPCIS_DISPOSITIONS),
      conditions: z.string().optional(),
    })
    .optional(),
  closedAt: z.string().optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseStepViewSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(CASE_STEP_KINDS),
  body: z.record(z.string(), z.unknown()),
  stateAfter: z.enum(CASE_STATES),
  by: z.string(),
  at: z.string().describe('UTC'),
  contentSha256: z.string(),
  attachments: z.array(
    z.object({
      n: z.number().int(),
      filename: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      url: z.string(),
    }),
  ),
  signatures: z.array(signatureViewSchema),
});

export const caseDetailSchema = caseSummarySchema.extend({
  findings: z.array(findingSchema),
  readingsDigest: z.string().optional(),
  readingsCount: z.number().int().optional(),
  openingSha256: z.string(),
  reminderAt: z.string(),
  escalationAt: z.string(),
  steps: z.array(caseStepViewSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export function caseSummary(c: DeviationCase, nowMs: number): CaseSummary {
  const o = c.opening;
  const a = c.latestAdvice;
  const d = c.disposition;
  return {
    id: c.id,
    state: c.state,
    final: isFinal(c.state),
    subject: { kind: o.subjectKind, id: o.subjectId },
    ...(caseShipmentId(o) && { shipmentId: caseShipmentId(o) }),
    source: o.source,
    organisation: o.organisation,
    site: o.site,
    product: o.product,
    manufacturer: o.manufacturer,
    findingCodes: [...new Set(o.findings.map((f) => f.code))],
    openedAt: c.openedAt,
    dueAt: c.dueAt,
    overdue: !c.advisedAt && !isFinal(c.state) && nowMs > Date.parse(c.dueAt),
    ageMinutes: caseAgeMinutes(
      Date.parse(c.openedAt),
      c.closedAt ? Date.parse(c.closedAt) : undefined,
      nowMs,
    ),
    ...(a && {
      latestAdvice: {
        decision: a.decision,
        ...(a.conditions && { conditions: a.conditions }),
        ...(a.doNotUseAction && { doNotUseAction: a.doNotUseAction }),
      },
    }),
    ...(c.advisedAt && { advisedAt: c.advisedAt }),
    ...(d && {
      disposition: {
        outcome: d.outcome,
        epcisDisposition: d.epcisDisposition,
        ...(d.conditions && { conditions: d.conditions }),
      },
    }),
    ...(c.closedAt && { closedAt: c.closedAt }),
  };
}

/** A step with its signatures, each verified against the step as stored now (11.70). */
async function stepView(records: Pick<RecordsStore, 'signatures'>, c: DeviationCase, s: CaseStep) {
  const recordId = stepRecordId(c.id, s.seq);
  const content = stepSignedContent(c, s);
  const sigs = await records.signatures.listFor(STEP_RECORD_TYPE, recordId);
  return {
    seq: s.seq,
    kind: s.kind,
    body: s.body,
    stateAfter: s.stateAfter,
    by: s.actorName,
    at: s.at,
    contentSha256: s.contentSha256,
    attachments: s.attachments.map((f) => ({
      ...f,
      url: `/api/v1/cases/${encodeURIComponent(c.id)}/steps/${s.seq}/attachments/${f.n}`,
    })),
    signatures: sigs.map((sig) => signatureView(sig, STEP_RECORD_TYPE, recordId, content)),
  };
}

export async function caseDetail(
  records: Pick<RecordsStore, 'signatures' | 'deviations'>,
  c: DeviationCase,
  nowMs: number,
): Promise<CaseDetail> {
  const steps = await records.deviations.steps(c.id);
  return {
    ...caseSummary(c, nowMs),
    findings: c.opening.findings,
    ...(c.opening.readingsDigest && { readingsDigest: c.opening.readingsDigest }),
    ...(c.opening.readingsCount !== undefined && { readingsCount: c.opening.readingsCount }),
    openingSha256: c.openingSha256,
    reminderAt: c.reminderAt,
    escalationAt: c.escalationAt,
    steps: await Promise.all(steps.map((s) => stepView(records, c, s))),
  };
}
