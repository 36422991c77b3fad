import { createHash, randomBytes } from 'node:crypto';
import type { Finding } from '../../domain/contract.js';
import {
  type Advice,
  answerTimes,
  type CaseSource,
  type CaseState,
  type CaseStepKind,
  type CaseSubjectKind,
  DEFAULT_ANSWER_HOURS,
  type Disposition,
  isFinal,
} from '../../domain/deviation-case.js';
import { contentSha256 } from '../../domain/signature.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { DeviationErrors } from './deviation-errors.js';
import { ProductsRepo } from './products-repo.js';
import { fromJson, type SqlDb, type SqlQueryable, toIso, toIsoOrUndefined } from './sql-db.js';

/** What a case was opened on (kept as it was: later steps refer to it by its digest). */
export interface CaseOpening {
  subjectKind: CaseSubjectKind;
  subjectId: string;
  source: CaseSource;
  /** the alert id, the receipt's shipment id ... */
  sourceRef?: string;
  organisation: string;
  site: string;
  product: { name: string; batch: string; quantity: number };
  manufacturer: { name: string; qaEmail: string; locale?: 'zh-CN' | 'en' };
  findings: Finding[];
  /** sha256 of the temperature record the findings came from, and how many readings it held */
  readingsDigest?: string;
  readingsCount?: number;
  /** the shipment whose record and report the case shows: the subject, or the one a product came in */
  shipmentId?: string;
}

/** The shipment a case's record, chart and report come from (cases opened before shipmentId: the subject). */
export const caseShipmentId = (o: CaseOpening): string | undefined =>
  o.shipmentId ?? (o.subjectKind === 'shipment' ? o.subjectId : undefined);

export interface DeviationCase {
  id: string;
  state: CaseState;
  opening: CaseOpening;
  openedAt: string;
  dueAt: string;
  reminderAt: string;
  escalationAt: string;
  latestAdvice?: Advice;
  advisedAt?: string;
  disposition?: Disposition;
  closedAt?: string;
  stepCount: number;
  /** sha256 of the opening: every signed step names it */
  openingSha256: string;
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  /** utf-8 text, or base64 for a small file */
  text?: string;
  base64?: string;
}

export interface StoredAttachment {
  n: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface CaseStep {
  seq: number;
  kind: CaseStepKind;
  body: Record<string, unknown>;
  stateAfter: CaseState;
  actorId: string;
  actorName: string;
  at: string;
  contentSha256: string;
  attachments: StoredAttachment[];
}

export const MAX_ATTACHMENT_BYTES = 512 * 1024;

interface CaseRow {
  id: string;
  state: CaseState;
  opening: unknown;
  opened_at: Date;
  due_at: Date;
  reminder_at: Date;
  escalation_at: Date;
  latest_advice: unknown;
  advised_at: Date | null;
  disposition: unknown;
  closed_at: Date | null;
  step_count: number;
}

const toCase = (r: CaseRow): DeviationCase => {
  const opening = fromJson<CaseOpening>(r.opening);
  return {
    id: r.id,
    state: r.state,
    opening,
    openedAt: toIso(r.opened_at),
    dueAt: toIso(r.due_at),
    reminderAt: toIso(r.reminder_at),
    escalationAt: toIso(r.escalation_at),
    ...(r.latest_advice ? { latestAdvice: fromJson<Advice>(r.latest_advice) } : {}),
    ...(r.advised_at ? { advisedAt: toIso(r.advised_at) } : {}),
    ...(r.disposition ? { disposition: fromJson<Disposition>(r.disposition) } : {}),
    ...(r.closed_at ? { closedAt: toIsoOrUndefined(r.closed_at) } : {}),
    stepCount: Number(r.step_count),
    openingSha256: contentSha256(opening),
  };
};

/** The exact content a step's signature is bound to (11.70): the step, its files, the case it is on. */
export function stepSignedContent(
  c: Pick<DeviationCase, 'id' | 'openingSha256'>,
  step: {
    seq: number;
    kind: CaseStepKind;
    body: unknown;
    attachments: { filename: string; sha256: string }[];
  },
) {
  return {
    record: 'deviation-case-step',
    caseId: c.id,
    openingSha256: c.openingSha256,
    seq: step.seq,
    kind: step.kind,
    body: step.body,
    attachments: step.attachments.map((a) => ({ filename: a.filename, sha256: a.sha256 })),
  };
}

/** The record id a step's signatures carry (one per step, so a second round is its own record). */
export const stepRecordId = (caseId: string, seq: number) => `${caseId}/${seq}`;
export const STEP_RECORD_TYPE = 'deviation_case_step';

export interface StepToStore {
  kind: CaseStepKind;
  body: Record<string, unknown>;
  attachments?: AttachmentInput[];
  /**
   * The domain's decision under the case's row lock: the state after this step, or throw. Gets
   * the case as it is now.
   */
  decide: (current: DeviationCase) => CaseState;
  /** signs the step's content in the same transaction (issue 14's addSignatures) */
  sign: (tx: SqlQueryable, recordId: string, content: unknown) => Promise<unknown>;
  /** after the step is written, in the same transaction (e.g. queue the closing mail) */
  after?: (tx: SqlQueryable, updated: DeviationCase, step: CaseStep) => Promise<void>;
}

const CASE_COLUMNS =
  'id, state, opening, opened_at, due_at, reminder_at, escalation_at, latest_advice, advised_at, disposition, closed_at, step_count';

function attachmentBytes(a: AttachmentInput): Buffer {
  if (a.base64 !== undefined) return Buffer.from(a.base64, 'base64');
  return Buffer.from(a.text ?? '', 'utf8');
}

/**
 * Opens a case for a subject inside the caller's transaction (the receipt's, an alert's, later the
 * product journey's), or returns the subject's case that is already open. Audited. The answer is
 * due after the manufacturer's answer time (default 24 h).
 */
export async function openDeviationCase(
  tx: SqlQueryable,
  opening: CaseOpening,
  actor: Actor,
  nowMs: number,
): Promise<{ deviationCase: DeviationCase; opened: boolean }> {
  const existing = await tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM deviation_cases
     WHERE subject_kind = $1 AND subject_id = $2 AND closed_at IS NULL FOR UPDATE`,
    [opening.subjectKind, opening.subjectId],
  );
  if (existing[0]) return { deviationCase: toCase(existing[0]), opened: false };
  const hours = await answerHoursOf(tx, opening.organisation);
  const times = answerTimes(nowMs, hours);
  const id = `DC-${new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const at = new Date(nowMs).toISOString();
  const rows = await tx.query<CaseRow>(
    `INSERT INTO deviation_cases (id, subject_kind, subject_id, source, source_ref, organisation, site,
       state, opening, opened_at, due_at, reminder_at, escalation_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8::jsonb, $9, $10, $11, $12, $9)
     RETURNING ${CASE_COLUMNS}`,
    [
      id,
      opening.subjectKind,
      opening.subjectId,
      opening.source,
      opening.sourceRef ?? null,
      opening.organisation,
      opening.site,
      JSON.stringify(opening),
      at,
      new Date(times.dueAtMs).toISOString(),
      new Date(times.reminderAtMs).toISOString(),
      new Date(times.escalationAtMs).toISOString(),
    ],
  );
  const deviationCase = toCase(rows[0]!);
  await appendAudit(tx, {
    actor,
    action: 'open',
    entity: 'deviation_case',
    entityId: id,
    atMs: nowMs,
    reason: `8.1.5: ${opening.source} of ${opening.subjectKind} ${opening.subjectId}`,
    newValue: {
      state: 'open',
      subject: { kind: opening.subjectKind, id: opening.subjectId },
      findingCodes: opening.findings.map((f) => f.code),
      readingsDigest: opening.readingsDigest,
      openingSha256: deviationCase.openingSha256,
      dueAt: deviationCase.dueAt,
      answerHours: hours,
    },
  });
  return { deviationCase, opened: true };
}

async function answerHoursOf(db: SqlQueryable, organisation: string): Promise<number> {
  const rows = await db.query<{ answer_hours: string | number }>(
    'SELECT answer_hours FROM manufacturer_answer_times WHERE organisation = $1',
    [organisation],
  );
  return rows[0] ? Number(rows[0].answer_hours) : DEFAULT_ANSWER_HOURS;
}

/** Deviation cases (issue 15): opened in the transaction of what found the deviation, steps signed and audited. */
export class DeviationCasesRepo {
  constructor(private readonly db: SqlDb) {}

  async get(id: string): Promise<DeviationCase> {
    const rows = await this.db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM deviation_cases WHERE id = $1`, [
      id,
    ]);
    if (!rows[0]) throw new DeviationErrors.caseNotFound(id);
    return toCase(rows[0]);
  }

  /** Cases, newest first; `open` only those not closed. Scope filtering is the caller's (API). */
  async list(opts: { open?: boolean; subjectId?: string; limit?: number } = {}): Promise<DeviationCase[]> {
    const rows = await this.db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM deviation_cases
       WHERE ($1::boolean IS NULL OR (closed_at IS NULL) = $1) AND ($2::text IS NULL OR subject_id = $2)
       ORDER BY opened_at DESC LIMIT $3`,
      [opts.open ?? null, opts.subjectId ?? null, opts.limit ?? 500],
    );
    return rows.map(toCase);
  }

  async steps(caseId: string): Promise<CaseStep[]> {
    const rows = await this.db.query<{
      seq: number;
      kind: CaseStepKind;
      body: unknown;
      state_after: CaseState;
      actor_id: string;
      actor_name: string;
      at: Date;
      content_sha256: string;
    }>('SELECT * FROM deviation_case_steps WHERE case_id = $1 ORDER BY seq', [caseId]);
    const files = await this.db.query<{
      seq: number;
      n: number;
      filename: string;
      content_type: string;
      size_bytes: number;
      sha256: string;
    }>(
      'SELECT seq, n, filename, content_type, size_bytes, sha256 FROM deviation_case_attachments WHERE case_id = $1 ORDER BY seq, n',
      [caseId],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      kind: r.kind,
      body: fromJson<Record<string, unknown>>(r.body),
      stateAfter: r.state_after,
      actorId: r.actor_id,
      actorName: r.actor_name,
      at: toIso(r.at),
      contentSha256: r.content_sha256,
      attachments: files
        .filter((f) => Number(f.seq) === Number(r.seq))
        .map((f) => ({
          n: Number(f.n),
          filename: f.filename,
          contentType: f.content_type,
          sizeBytes: Number(f.size_bytes),
          sha256: f.sha256,
        })),
    }));
  }

  async attachment(
    caseId: string,
    seq: number,
    n: number,
  ): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const rows = await this.db.query<{ filename: string; content_type: string; content_base64: string }>(
      'SELECT filename, content_type, content_base64 FROM deviation_case_attachments WHERE case_id = $1 AND seq = $2 AND n = $3',
      [caseId, seq, n],
    );
    if (!rows[0]) throw new DeviationErrors.attachmentNotFound(`${caseId}/${seq}/${n}`);
    return {
      filename: rows[0].filename,
      contentType: rows[0].content_type,
      content: Buffer.from(rows[0].content_base64, 'base64'),
    };
  }

  /** Opens (or finds) a case in its own transaction. */
  open(opening: CaseOpening, actor: Actor, nowMs: number) {
    return this.db.transaction((tx) => openDeviationCase(tx, opening, actor, nowMs));
  }

  /**
   * One step in one transaction: the case row locked, the domain's decision, the step and its
   * files, the signature (11.70), the audit row and, on a disposition, the shipment's state
   * (quarantined -> released | rejected) with its own audit row.
   */
  async addStep(
    caseId: string,
    step: StepToStore,
    actor: Actor,
    nowMs: number,
  ): Promise<{ deviationCase: DeviationCase; step: CaseStep }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM deviation_cases WHERE id = $1 FOR UPDATE`,
        [caseId],
      );
      if (!rows[0]) throw new DeviationErrors.caseNotFound(caseId);
      const current = toCase(rows[0]);
      const stateAfter = step.decide(current);
      const seq = current.stepCount + 1;
      const at = new Date(nowMs).toISOString();
      const files = (step.attachments ?? []).map((a, i) => {
        const bytes = attachmentBytes(a);
        if (bytes.length > MAX_ATTACHMENT_BYTES) throw new DeviationErrors.attachmentTooLarge(a.filename);
        return {
          n: i + 1,
          filename: a.filename,
          contentType: a.contentType,
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          base64: bytes.toString('base64'),
        };
      });
      const content = stepSignedContent(current, {
        seq,
        kind: step.kind,
        body: step.body,
        attachments: files,
      });
      const digest = contentSha256(content);
      await tx.query(
        `INSERT INTO deviation_case_steps (case_id, seq, kind, body, state_after, actor_id, actor_name, at, content_sha256)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
        [caseId, seq, step.kind, JSON.stringify(step.body), stateAfter, actor.id, actor.name, at, digest],
      );
      for (const f of files) {
        await tx.query(
          `INSERT INTO deviation_case_attachments (case_id, seq, n, filename, content_type, size_bytes, sha256, content_base64)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [caseId, seq, f.n, f.filename, f.contentType, f.sizeBytes, f.sha256, f.base64],
        );
      }
      const closing = isFinal(stateAfter);
      const updated = await tx.query<CaseRow>(
        `UPDATE deviation_cases SET state = $2, step_count = $3, updated_at = $4,
           latest_advice = CASE WHEN $5::jsonb IS NULL THEN latest_advice ELSE $5::jsonb END,
           advised_at = CASE WHEN $5::jsonb IS NULL THEN advised_at ELSE $4::timestamptz END,
           disposition = CASE WHEN $6::jsonb IS NULL THEN disposition ELSE $6::jsonb END,
           closed_at = CASE WHEN $7 THEN $4::timestamptz ELSE closed_at END
         WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
        [
          caseId,
          stateAfter,
          seq,
          at,
          step.kind === 'advice' ? JSON.stringify(step.body) : null,
          step.kind === 'disposition' ? JSON.stringify(step.body) : null,
          closing,
        ],
      );
      await appendAudit(tx, {
        actor,
        action: step.kind,
        entity: 'deviation_case',
        entityId: caseId,
        atMs: nowMs,
        oldValue: { state: current.state },
        newValue: { state: stateAfter, seq, contentSha256: digest, attachments: files.map((f) => f.sha256) },
      });
      await step.sign(tx, stepRecordId(caseId, seq), content);
      if (closing && current.opening.subjectKind === 'shipment') {
        await followShipment(
          tx,
          current.opening.subjectId,
          stateAfter as 'released' | 'rejected',
          caseId,
          actor,
          nowMs,
        );
      }
      if (stateAfter === 'rejected' && current.opening.subjectKind === 'stored_product') {
        await discardProduct(new ProductsRepo(this.db), tx, current.opening.subjectId, caseId, actor, nowMs);
      }
      const deviationCase = toCase(updated[0]!);
      const stored: CaseStep = {
        seq,
        kind: step.kind,
        body: step.body,
        stateAfter,
        actorId: actor.id,
        actorName: actor.name,
        at,
        contentSha256: digest,
        attachments: files.map(({ base64: _b, ...f }) => f),
      };
      await step.after?.(tx, deviationCase, stored);
      return { deviationCase, step: stored };
    });
  }

  /** The manufacturer's answer time in hours (default 24). */
  answerHours(organisation: string): Promise<number> {
    return answerHoursOf(this.db, organisation);
  }

  /** Sets the manufacturer's answer time; cases opened later use it. Audited. */
  async setAnswerHours(organisation: string, hours: number, actor: Actor, nowMs: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const old = await answerHoursOf(tx, organisation);
      await tx.query(
        `INSERT INTO manufacturer_answer_times (organisation, answer_hours, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (organisation) DO UPDATE SET answer_hours = $2, updated_at = $3`,
        [organisation, hours, new Date(nowMs).toISOString()],
      );
      await appendAudit(tx, {
        actor,
        action: 'update',
        entity: 'manufacturer_answer_time',
        entityId: organisation,
        atMs: nowMs,
        oldValue: { answerHours: old },
        newValue: { answerHours: hours },
      });
    });
  }
}

/** The shipment's state follows the case's disposition (quarantined -> released | rejected). */
async function followShipment(
  tx: SqlQueryable,
  shipmentId: string,
  to: 'released' | 'rejected',
  caseId: string,
  actor: Actor,
  nowMs: number,
): Promise<void> {
  const rows = await tx.query<{ status: string }>('SELECT status FROM shipments WHERE id = $1 FOR UPDATE', [
    shipmentId,
  ]);
  const from = rows[0]?.status;
  if (!from) throw new DeviationErrors.subjectNotFound(shipmentId);
  // a product not yet received cannot be disposed of at the clinic; an accepted one can still be rejected
  if (from !== 'quarantined' && !(from === 'accepted' && to === 'rejected'))
    throw new DeviationErrors.subjectNotQuarantined(shipmentId, from);
  await tx.query('UPDATE shipments SET status = $2, updated_at = $3 WHERE id = $1', [
    shipmentId,
    to,
    new Date(nowMs).toISOString(),
  ]);
  await appendAudit(tx, {
    actor,
    action: 'disposition',
    entity: 'shipment',
    entityId: shipmentId,
    atMs: nowMs,
    reason: `deviation case ${caseId}`,
    oldValue: { status: from },
    newValue: { status: to, caseId },
  });
}

/**
 * 8.1.5, 10.14: a stored product the clinic rejects after its deviation case is discarded on its
 * timeline in the disposition's transaction, so that it cannot go on to thawing or infusion. A
 * product already infused, discarded or transferred keeps its state: the disposition stays on the
 * case, and nothing is rewritten.
 */
async function discardProduct(
  products: ProductsRepo,
  tx: SqlQueryable,
  productId: string,
  caseId: string,
  actor: Actor,
  nowMs: number,
): Promise<void> {
  const product = await products.get(productId, tx);
  if (product.state === 'infused' || product.state === 'discarded' || product.state === 'transferred') return;
  const reason = `deviation case ${caseId}: rejected`;
  await products.appendIn(
    tx,
    productId,
    ({ product: p }) =>
      p.state === 'stored'
        ? { kind: 'removed', purpose: 'discard', unitId: p.unitId, atMs: nowMs, reason }
        : { kind: 'discarded', atMs: nowMs, reason },
    nowMs,
    actor,
  );
}
