import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type AdviceDecision,
  type CaseState,
  type CaseStepKind,
  type DispositionOutcome,
  type DispositionRefusal,
  dispositionAllowed,
  type EpcisDisposition,
  mayTakeStep,
  nextState,
  STEP_MEANING,
} from '../../domain/deviation-case.js';
import { parseLocale } from '../../domain/messages/catalog.js';
import type { SignatureMeaning } from '../../domain/signature.js';
import { type CaseMailKind, queueCaseMail, type SiteContext } from '../../notify/index.js';
import { PeopleErrors } from '../../store/people/errors.js';
import {
  type AttachmentInput,
  type CaseStep,
  type DeviationCase,
  STEP_RECORD_TYPE,
  stepRecordId,
} from '../../store/sql/deviation-cases-repo.js';
import { DeviationErrors } from '../../store/sql/deviation-errors.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import type { SqlQueryable } from '../../store/sql/sql-db.js';
import { actorOf } from '../auth.js';
import { loginSchema, passwordSchema } from '../people/schemas.js';
import { addSignatures, signersOf } from '../people/signing.js';
import { caseBelonging } from './case-view.js';

/** Every step is signed by the person taking it (21 CFR 11.50, 11.200(a)): login name and password. */
export const caseSignatureSchema = z
  .strictObject({ login: loginSchema, password: passwordSchema })
  .describe('the person taking the step signs it with their own login name and password');

export const attachmentSchema = z
  .strictObject({
    filename: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(1).max(200),
    text: z
      .string()
      .max(512 * 1024)
      .optional(),
    base64: z
      .string()
      .max(700 * 1024)
      .regex(/^[A-Za-z0-9+/=\s]*$/, 'base64')
      .optional(),
  })
  .refine((a) => (a.text === undefined) !== (a.base64 === undefined), {
    message: 'give either text or base64',
  });

/** Who may sign the steps: the clinic's and the manufacturer's quality people (and an administrator). */
const SIGNER_ROLES = ['admin', 'qa'] as const;

export interface StepRequest {
  kind: CaseStepKind;
  body: Record<string, unknown>;
  signature: z.infer<typeof caseSignatureSchema> | undefined;
  attachments?: AttachmentInput[];
}

export interface CaseStepDeps {
  records: RecordsStore;
  site: SiteContext;
  /** the site's quality mailbox (COLDTRACE_SITE_ALERT_EMAIL) */
  siteEmails: string[];
  escalationEmails: string[];
}

function refusal(c: DeviationCase, kind: CaseStepKind, problem: DispositionRefusal): Error {
  switch (problem) {
    case 'case_closed':
      return new DeviationErrors.caseClosed(c.id);
    case 'step_not_allowed':
      return new DeviationErrors.stepNotAllowed(kind, c.state);
    case 'no_advice':
      return new DeviationErrors.noAdvice();
    case 'advised_do_not_use':
      return new DeviationErrors.advisedDoNotUse();
    case 'conditions_missing':
      return new DeviationErrors.conditionsMissing();
    case 'disposition_mismatch':
      return new DeviationErrors.dispositionMismatch();
  }
}

/** The domain's decision for a step, under the case's row lock. */
function decide(kind: CaseStepKind, body: Record<string, unknown>, current: DeviationCase): CaseState {
  if (kind === 'disposition') {
    const d = body as {
      outcome: DispositionOutcome;
      epcisDisposition: EpcisDisposition;
      conditions?: string;
    };
    const latest = current.latestAdvice as { decision: AdviceDecision; conditions?: string } | undefined;
    const r = dispositionAllowed(current.state, latest, d);
    if (!r.ok) throw refusal(current, kind, r.problem);
    return r.state;
  }
  const r = nextState(current.state, kind);
  if (!r.ok) throw refusal(current, kind, r.problem);
  return r.state;
}

const meaningOf = (kind: CaseStepKind, body: Record<string, unknown>): SignatureMeaning =>
  kind === 'disposition' ? (body.outcome === 'released' ? 'released' : 'rejected') : STEP_MEANING[kind];

/** The site's readers of a case: its quality mailbox and the clinic people who signed its steps. */
async function siteRecipients(deps: CaseStepDeps, c: DeviationCase): Promise<string[]> {
  const out = new Set(deps.siteEmails);
  for (const s of await deps.records.deviations.steps(c.id)) {
    if (s.kind !== 'assessment' && s.kind !== 'disposition') continue;
    for (const sig of await deps.records.signatures.listFor(STEP_RECORD_TYPE, stepRecordId(c.id, s.seq))) {
      const user = await deps.records.users.get(sig.signerId).catch(() => undefined);
      if (user) out.add(user.email);
    }
  }
  return [...out];
}

/** The mails a step sends: each side hears of the other's step; the disposition reaches both. */
async function queueStepMails(
  deps: CaseStepDeps,
  tx: SqlQueryable,
  c: DeviationCase,
  step: CaseStep,
  siteTo: string[],
  nowMs: number,
): Promise<void> {
  const o = c.opening;
  const manufacturerLocale = parseLocale(o.manufacturer.locale ?? deps.site.locale);
  const common = {
    caseId: c.id,
    subjectId: o.subjectId,
    state: c.state,
    product: o.product,
    findingCodes: [...new Set(o.findings.map((f) => f.code))],
    dueAt: c.dueAt,
    step: { seq: step.seq, kind: step.kind, by: step.actorName, at: step.at, body: step.body },
  };
  const toManufacturer = async (kind: CaseMailKind) =>
    queueCaseMail(
      tx,
      {
        ...common,
        kind,
        audience: 'manufacturer',
        locale: manufacturerLocale,
        to: [o.manufacturer.qaEmail],
      },
      deps.site,
      nowMs,
    );
  const toSite = async (kind: CaseMailKind) =>
    queueCaseMail(
      tx,
      {
        ...common,
        kind,
        audience: 'site',
        locale: deps.site.locale,
        to: siteTo,
      },
      deps.site,
      nowMs,
    );
  if (step.kind === 'assessment') await toManufacturer('assessed');
  if (step.kind === 'question') await toSite('questioned');
  if (step.kind === 'advice') await toSite('advised');
  if (step.kind === 'disposition') {
    await toManufacturer('closed');
    await toSite('closed');
  }
}

/**
 * One signed step of a case: the caller and the signer must be of the party the step belongs to,
 * the signer gives login name and password now, the domain decides under the row lock, and the
 * step, its signature, its audit rows and its mails are one transaction.
 */
export async function takeCaseStep(
  deps: CaseStepDeps,
  req: FastifyRequest,
  caseId: string,
  s: StepRequest,
  nowMs: number,
): Promise<DeviationCase> {
  const actor = actorOf(req);
  const { records } = deps;
  if (!mayTakeStep(actor.scope, s.kind)) throw new DeviationErrors.wrongParty(s.kind);
  if (!s.signature) throw new DeviationErrors.signatureRequired();
  if (actor.user && s.signature.login.toLowerCase() !== actor.user.login) {
    throw new PeopleErrors.signerInvalid('the signed-in person signs their own step');
  }
  const current = await records.deviations.get(caseId);
  const meaning = meaningOf(s.kind, s.body);
  const signers = await signersOf(records, req, [{ ...s.signature, meaning }], {
    roles: SIGNER_ROLES,
    belonging: caseBelonging(current),
    nowMs,
  });
  if (!signers.every((x) => mayTakeStep(x.user.scope, s.kind))) throw new DeviationErrors.wrongParty(s.kind);
  const siteTo = await siteRecipients(deps, current);
  // the person signing now is one of the clinic's readers from this step on
  if ((s.kind === 'assessment' || s.kind === 'disposition') && signers[0]) siteTo.push(signers[0].user.email);
  const { deviationCase } = await records.deviations.addStep(
    caseId,
    {
      kind: s.kind,
      body: s.body,
      attachments: s.attachments,
      decide: (c) => decide(s.kind, s.body, c),
      sign: (tx, recordId, content) =>
        addSignatures(records, tx, { recordType: STEP_RECORD_TYPE, recordId, content }, signers, nowMs),
      after: (tx, updated, step) => queueStepMails(deps, tx, updated, step, [...new Set(siteTo)], nowMs),
    },
    { id: actor.id, name: signers[0]?.user.printedName ?? actor.name },
    nowMs,
  );
  return deviationCase;
}
