import { z } from 'zod';

/**
 * The deviation loop (issue 15): a case opened on a deviation, the clinic's risk assessment, the
 * manufacturer's investigation and advice, and the clinic's signed disposition. Pure decisions:
 * which step may follow which, when a release is allowed, when the manufacturer's answer is due.
 *
 * 8.1.5  a deviation is reported to the manufacturer at once and the clinic assesses the risk
 * 8.1.6  use stops; the manufacturer investigates the anomaly and gives handling advice
 * 10.14  risk identification, assessment, control, monitoring and review are recorded and traceable
 */

/** What a case is about: a shipment today, a stored product later (the product journey). */
export const CASE_SUBJECT_KINDS = ['shipment', 'stored_product'] as const;
export type CaseSubjectKind = (typeof CASE_SUBJECT_KINDS)[number];

/**
 * How the case came to be: a receipt's final verdict, a critical live alert, by hand, or a step of
 * the product's journey recorded as a deviation (7.8 late infusion, 8.2.4 failed thaw).
 */
export const CASE_SOURCES = ['receipt', 'alert', 'manual', 'journey'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/**
 * open       reported, nothing recorded yet (8.1.5 report at once)
 * assessed   the clinic's risk assessment is signed (8.1.5, 10.14)
 * questioned the manufacturer asked the clinic a question; the clinic answers with a new assessment
 * advised    the manufacturer's investigation and advice are signed (8.1.6)
 * released   the clinic's responsible person released the product (final)
 * rejected   the product is rejected: destroyed or returned (final)
 */
export const CASE_STATES = ['open', 'assessed', 'questioned', 'advised', 'released', 'rejected'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STEP_KINDS = ['assessment', 'question', 'advice', 'disposition'] as const;
export type CaseStepKind = (typeof CASE_STEP_KINDS)[number];

export const isFinal = (s: CaseState): boolean => s === 'released' || s === 'rejected';

/** Who takes a step: the clinic's quality role, the manufacturer's QA, the clinic's responsible person. */
export const STEP_PARTY: Record<CaseStepKind, 'clinic' | 'manufacturer'> = {
  assessment: 'clinic', // 8.1.5
  question: 'manufacturer', // 8.1.6: the investigation may need more from the clinic
  advice: 'manufacturer', // 8.1.6
  disposition: 'clinic', // 8.1.6, 10.14
};

/** The signature meaning each step is signed with (21 CFR 11.50(a)(3)). */
export const STEP_MEANING = {
  assessment: 'assessed',
  question: 'reviewed',
  advice: 'advised',
  disposition: undefined,
} as const;

/** The states each step may be taken from; undefined means the step is not allowed there. */
const NEXT: Record<Exclude<CaseStepKind, 'disposition'>, Partial<Record<CaseState, CaseState>>> = {
  // 8.1.5: first assessment, a revised one, or the answer to the manufacturer's question
  assessment: { open: 'assessed', assessed: 'assessed', questioned: 'assessed', advised: 'assessed' },
  // 8.1.6: the manufacturer asks before advising, or after (a further round)
  question: { open: 'questioned', assessed: 'questioned', advised: 'questioned' },
  // 8.1.6: advice on the clinic's assessment; a later advice supersedes the earlier one
  advice: { assessed: 'advised', advised: 'advised' },
};

export type TransitionRefusal = 'case_closed' | 'step_not_allowed';

/** The state after `step` from `state`, or why the step is refused. */
export function nextState(
  state: CaseState,
  step: Exclude<CaseStepKind, 'disposition'>,
): { ok: true; state: CaseState } | { ok: false; problem: TransitionRefusal } {
  if (isFinal(state)) return { ok: false, problem: 'case_closed' };
  const to = NEXT[step][state];
  return to ? { ok: true, state: to } : { ok: false, problem: 'step_not_allowed' };
}

export const ADVICE_DECISIONS = ['use', 'use_with_conditions', 'do_not_use'] as const;
export type AdviceDecision = (typeof ADVICE_DECISIONS)[number];

/** EPCIS-style disposition values kept on the record for export (GS1 CBV dispositions). */
export const EPCIS_DISPOSITIONS = ['released', 'damaged', 'destroyed', 'returned'] as const;
export type EpcisDisposition = (typeof EPCIS_DISPOSITIONS)[number];

export const DISPOSITION_OUTCOMES = ['released', 'rejected'] as const;
export type DispositionOutcome = (typeof DISPOSITION_OUTCOMES)[number];

export type DispositionRefusal =
  | TransitionRefusal
  | 'no_advice'
  | 'advised_do_not_use'
  | 'conditions_missing'
  | 'disposition_mismatch';

/**
 * May the clinic record this disposition? 8.1.6: a product is released only on the manufacturer's
 * advice to use it, and the latest signed advice counts: after "do not use" only a new signed
 * advice can open the way to a release. Rejecting (destroy, return) is always allowed while the
 * case is open: it is the safe direction. A release on "use with conditions" carries the conditions.
 */
export function dispositionAllowed(
  state: CaseState,
  latestAdvice: { decision: AdviceDecision; conditions?: string } | undefined,
  d: { outcome: DispositionOutcome; epcisDisposition: EpcisDisposition; conditions?: string },
): { ok: true; state: CaseState } | { ok: false; problem: DispositionRefusal } {
  if (isFinal(state)) return { ok: false, problem: 'case_closed' };
  if (d.outcome === 'released') {
    if (d.epcisDisposition !== 'released') return { ok: false, problem: 'disposition_mismatch' };
    // 8.1.6: advice first; it must be the state's current advice (not answered by a question since)
    if (state !== 'advised' || !latestAdvice) return { ok: false, problem: 'no_advice' };
    if (latestAdvice.decision === 'do_not_use') return { ok: false, problem: 'advised_do_not_use' };
    if (latestAdvice.decision === 'use_with_conditions' && !d.conditions?.trim())
      return { ok: false, problem: 'conditions_missing' };
    return { ok: true, state: 'released' };
  }
  if (d.epcisDisposition === 'released') return { ok: false, problem: 'disposition_mismatch' };
  return { ok: true, state: 'rejected' };
}

export const DEFAULT_ANSWER_HOURS = 24;
const HOUR_MS = 3_600_000;

/** The points in time of the manufacturer's answer (8.1.6 with the time set per manufacturer). */
export interface AnswerTimes {
  dueAtMs: number;
  /** a reminder before the due time: when three quarters of the time have passed */
  reminderAtMs: number;
  /** escalation after the due time: a quarter of the time later */
  escalationAtMs: number;
}

export function answerTimes(openedAtMs: number, answerHours: number = DEFAULT_ANSWER_HOURS): AnswerTimes {
  const spanMs = answerHours * HOUR_MS;
  return {
    dueAtMs: openedAtMs + spanMs,
    reminderAtMs: openedAtMs + Math.round(spanMs * 0.75),
    escalationAtMs: openedAtMs + spanMs + Math.round(spanMs * 0.25),
  };
}

export type ReminderKind = 'reminder' | 'escalation';

/**
 * Which reminder mails are due now (8.1.6 timely advice; 10.14 monitoring): only while the case
 * waits for the manufacturer (open or assessed, no advice yet), at or after their point in time.
 * The outbox's key makes each one a single mail however often this is asked.
 */
export function remindersDue(
  c: { state: CaseState; advised: boolean; times: AnswerTimes },
  nowMs: number,
): ReminderKind[] {
  if (c.advised || (c.state !== 'open' && c.state !== 'assessed')) return [];
  const due: ReminderKind[] = [];
  if (nowMs >= c.times.reminderAtMs) due.push('reminder');
  if (nowMs >= c.times.escalationAtMs) due.push('escalation');
  return due;
}

/** How long a case has been open (the QA pages' age), in whole minutes. */
export const caseAgeMinutes = (openedAtMs: number, closedAtMs: number | undefined, nowMs: number): number =>
  Math.max(0, Math.floor(((closedAtMs ?? nowMs) - openedAtMs) / 60_000));

/** 10.3, 10.4: records are kept at least 15 years after the product's use. */
export const RETENTION_YEARS_AFTER_USE = 15;

// --- what each step records (the public contract of the steps' bodies) ---

const text = (max: number) => z.string().trim().min(1).max(max);

/** 8.1.5, 10.14: the clinic's risk assessment (FMEA-like, or the clinic's own scheme). */
export const assessmentSchema = z.strictObject({
  impact: text(4000).describe('impact on the product'),
  severity: z.number().int().min(1).max(5).optional(),
  likelihood: z.number().int().min(1).max(5).optional(),
  detectability: z.number().int().min(1).max(5).optional(),
  ownScheme: text(4000)
    .optional()
    .describe("the clinic's own scheme, when not severity/likelihood/detectability"),
  interimControl: z.strictObject({
    keptInQuarantine: z.boolean(),
    storedAtRequiredTemperature: z.boolean(),
    storageUnitId: z.string().min(1).max(128).optional(),
    notes: z.string().max(2000).optional(),
  }),
  answer: z.string().max(4000).optional().describe("the answer to the manufacturer's question, if any"),
});
export type Assessment = z.infer<typeof assessmentSchema>;

/** 10.14: a scheme is given: either the three scores or the clinic's own. */
export function assessmentComplete(a: Assessment): boolean {
  const scored = a.severity !== undefined && a.likelihood !== undefined && a.detectability !== undefined;
  return scored || a.ownScheme !== undefined;
}

/** Risk priority number (severity x likelihood x detectability), when scored. */
export const riskPriority = (a: Assessment): number | undefined =>
  a.severity !== undefined && a.likelihood !== undefined && a.detectability !== undefined
    ? a.severity * a.likelihood * a.detectability
    : undefined;

export const adviceFieldsSchema = z.strictObject({
  investigation: text(8000),
  decision: z.enum(ADVICE_DECISIONS),
  conditions: text(4000).optional(),
  doNotUseAction: z.enum(['destroy', 'return']).optional(),
  rationale: text(8000),
});

/** What an advice must carry beyond its fields: conditions for a conditional use, an action for "do not use". */
export function adviceProblems(a: z.infer<typeof adviceFieldsSchema>): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (a.decision === 'use_with_conditions' && a.conditions === undefined)
    out.push({ path: 'conditions', message: 'use_with_conditions needs the conditions' });
  if (a.decision === 'do_not_use' && a.doNotUseAction === undefined)
    out.push({ path: 'doNotUseAction', message: 'do_not_use needs doNotUseAction (destroy or return)' });
  return out;
}

export const adviceSchema = adviceFieldsSchema.superRefine((a, ctx) => {
  for (const p of adviceProblems(a)) ctx.addIssue({ code: 'custom', message: p.message, path: [p.path] });
});
export type Advice = z.infer<typeof adviceSchema>;

export const questionSchema = z.strictObject({ question: text(4000) });

export const dispositionSchema = z.strictObject({
  outcome: z.enum(DISPOSITION_OUTCOMES),
  epcisDisposition: z.enum(EPCIS_DISPOSITIONS),
  conditions: text(4000).optional().describe('released with conditions: shown wherever the product is shown'),
  notes: z.string().max(4000).optional(),
});
export type Disposition = z.infer<typeof dispositionSchema>;

/**
 * Which side a scope speaks for: a site-bound scope is the clinic, one bound to a manufacturer
 * organisation only is the manufacturer; a global scope (an administrator) may act for either.
 * 8.1.5 the clinic assesses and disposes; 8.1.6 the manufacturer investigates and advises.
 */
export function scopeParty(
  scope: { site?: string; organisation?: string } | undefined,
): 'clinic' | 'manufacturer' | 'any' {
  if (scope?.site !== undefined) return 'clinic';
  if (scope?.organisation !== undefined) return 'manufacturer';
  return 'any';
}

/** May a holder of `scope` take `step`? */
export const mayTakeStep = (scope: Parameters<typeof scopeParty>[0], step: CaseStepKind): boolean => {
  const party = scopeParty(scope);
  return party === 'any' || party === STEP_PARTY[step];
};
