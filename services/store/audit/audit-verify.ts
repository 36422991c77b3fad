import { createHash } from 'node:crypto';
import type { SqlQueryable } from '../sql/sql-db.js';
import { type AuditAnchorLine, readAnchors } from './audit-anchor.js';
import type { AuditKey } from './audit-key.js';
import { type AuditRow, auditHash, auditMac, fromAuditRow, GENESIS_HASH } from './audit-trail.js';

/**
 * What `coldtrace audit verify` and `GET /api/v1/audit/verify` report (issue 12), each problem
 * with the row it is about:
 * - `edited`: a row's content no longer matches what was recorded (its hash; for a GxP record,
 *   its audit row: a receipt's verdict flipped, a shipment's or alert's state changed);
 * - `rechained`: the plain hashes hold but the keyed MAC does not: the chain was recomputed, or
 *   rows were written by someone without the audit key; also a row that differs from its anchor;
 * - `missing`: rows absent from the middle of the chain (a gap), or a GxP record with no audit row;
 * - `truncated`: the chain ends before the head anchored outside the database.
 */
export type AuditProblemKind = 'edited' | 'rechained' | 'truncated' | 'missing';

export interface AuditProblem {
  kind: AuditProblemKind;
  table:
    | 'audit_trail'
    | 'audit_anchors'
    | 'receipts'
    | 'shipments'
    | 'alerts'
    | 'signatures'
    | 'deviation_case_steps';
  /** audit seq (or a range "5-9"), anchor line, shipment id, alert id, signature id, "case#step" */
  rowId: string;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** false when no audit key was given: only the plain hashes were checked */
  keyed: boolean;
  head: { seq: number; hash: string } | null;
  lastHash: string;
  anchors: number;
  problems: AuditProblem[];
}

/** sha256 of a JSON value with keys sorted: the same whatever order jsonb gives them back in. */
export function canonicalSha256(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(JSON.parse(JSON.stringify(value ?? null)))))
    .digest('hex');
}

type Json = Record<string, unknown>;
const parse = (text: string | null): Json => {
  try {
    const v = text === null ? null : JSON.parse(text);
    return v && typeof v === 'object' ? (v as Json) : {};
  } catch {
    return {};
  }
};

/** What the audit rows say each GxP record should be, collected while the chain is read. */
class AuditedRecords {
  readonly receipts = new Map<string, Json>();
  readonly shipmentStatus = new Map<string, string>();
  readonly alertState = new Map<string, string>();
  readonly signatures = new Map<string, Json>();
  readonly steps = new Map<string, Json>();

  add(action: string, entity: string, entityId: string, newValue: string | null): void {
    if (entity === 'shipment') {
      const v = parse(newValue);
      if (action === 'receipt') this.receipts.set(entityId, v);
      if (typeof v.status === 'string') this.shipmentStatus.set(entityId, v.status);
      else if (action === 'create') this.shipmentStatus.set(entityId, 'created');
    } else if (entity === 'alert') {
      const v = parse(newValue);
      if (action === 'open') this.alertState.set(entityId, 'open');
      else if (typeof v.state === 'string') this.alertState.set(entityId, v.state);
    } else if (entity === 'deviation_case') {
      const v = parse(newValue);
      if (typeof v.seq === 'number') this.steps.set(`${entityId}#${v.seq}`, v);
    }
    if (action === 'sign') {
      const v = parse(newValue);
      if (typeof v.signatureId === 'string') this.signatures.set(v.signatureId, v);
    }
  }
}

/**
 * Reads the whole chain in seq order and checks each row's hash, link and (with the key) MAC; then
 * the anchors written outside the database; then the GxP records against their audit rows.
 */
export async function verifyAudit(
  db: SqlQueryable,
  opts: { key?: AuditKey; anchorFile?: string } = {},
  pageSize = 5000,
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const chain = (kind: AuditProblemKind, seq: number | string, detail: string) =>
    problems.push({ kind, table: 'audit_trail', rowId: String(seq), detail });
  const { anchors, badLines } = opts.anchorFile
    ? await readAnchors(opts.anchorFile, opts.key)
    : { anchors: [] as AuditAnchorLine[], badLines: [] as number[] };
  for (const line of badLines) {
    problems.push({
      kind: 'edited',
      table: 'audit_anchors',
      rowId: String(line),
      detail: 'anchor line does not parse or its MAC does not hold',
    });
  }
  const anchoredSeqs = new Set(anchors.map((a) => a.seq));
  const anchoredRows = new Map<number, { hash: string; mac: string | null }>();
  const audited = new AuditedRecords();
  let prevHash = GENESIS_HASH;
  let prevLink = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let sawKeyed = false;
  let rechainedFrom: number | undefined;
  let rechainedTo = 0;
  const endRechained = () => {
    if (rechainedFrom === undefined) return;
    chain(
      'rechained',
      rechainedFrom === rechainedTo ? rechainedFrom : `${rechainedFrom}-${rechainedTo}`,
      'the hashes hold but the MAC does not: recomputed or written without the audit key',
    );
    rechainedFrom = undefined;
  };
  let head: AuditVerification['head'] = null;
  for (let after = 0; ; ) {
    const page = await db.query<AuditRow>('SELECT * FROM audit_trail WHERE seq > $1 ORDER BY seq LIMIT $2', [
      after,
      pageSize,
    ]);
    for (const row of page) {
      const r = fromAuditRow(row);
      rows++;
      const gap = r.seq > expectedSeq;
      if (gap) {
        endRechained();
        const range = r.seq - 1 === expectedSeq ? `${expectedSeq}` : `${expectedSeq}-${r.seq - 1}`;
        chain('missing', range, `no row ${range}: row ${r.seq} follows row ${expectedSeq - 1}`);
      }
      const { hash, mac: stored, ...rest } = r;
      const mac = stored ?? null;
      const contentOk = auditHash(rest) === hash;
      let macOk = true;
      if (!contentOk) {
        endRechained();
        chain('edited', r.seq, 'the row does not match its hash');
      } else if (!gap && r.prevHash !== prevHash) {
        macOk = false;
      } else if (opts.key && !gap) {
        if (mac === null) macOk = !sawKeyed;
        else macOk = auditMac(opts.key, prevLink, hash) === mac;
      }
      if (!macOk) {
        rechainedFrom ??= r.seq;
        rechainedTo = r.seq;
      } else if (contentOk) endRechained();
      if (mac !== null) sawKeyed = true;
      if (anchoredSeqs.has(r.seq)) anchoredRows.set(r.seq, { hash, mac });
      audited.add(r.action, r.entity, r.entityId, r.newValue);
      prevHash = hash;
      prevLink = mac ?? hash;
      expectedSeq = r.seq + 1;
      after = r.seq;
      head = { seq: r.seq, hash };
    }
    if (page.length < pageSize) break;
  }
  endRechained();

  const headSeq = head?.seq ?? 0;
  const furthest = anchors.reduce<AuditAnchorLine | undefined>(
    (a, b) => (!a || b.seq > a.seq ? b : a),
    undefined,
  );
  if (furthest && furthest.seq > headSeq) {
    const range = furthest.seq === headSeq + 1 ? `${furthest.seq}` : `${headSeq + 1}-${furthest.seq}`;
    chain(
      'truncated',
      range,
      `anchored at ${furthest.at} with head ${furthest.seq}; the chain ends at ${headSeq}`,
    );
  }
  for (const a of anchors) {
    const row = anchoredRows.get(a.seq);
    if (row && (row.hash !== a.hash || row.mac !== a.mac)) {
      chain('rechained', a.seq, `the row differs from its anchor of ${a.at}`);
    }
  }
  problems.push(...(await checkRecords(db, audited)));
  return {
    ok: problems.length === 0,
    rows,
    keyed: opts.key !== undefined,
    head,
    lastHash: prevHash,
    anchors: anchors.length,
    problems,
  };
}

/** Each GxP record as stored now against what its latest audit row recorded. */
async function checkRecords(db: SqlQueryable, audited: AuditedRecords): Promise<AuditProblem[]> {
  const out: AuditProblem[] = [];
  const edited = (table: AuditProblem['table'], rowId: string, detail: string) =>
    out.push({ kind: 'edited', table, rowId, detail });
  const missing = (table: AuditProblem['table'], rowId: string) =>
    out.push({ kind: 'missing', table, rowId, detail: 'no audit row records it' });

  const receipts = await db.query<{
    shipment_id: string;
    verdict: unknown;
    verdict_status: string;
    readings_digest: string;
    readings_count: string | number;
    events_digest: string | null;
    events_count: string | number | null;
  }>(
    `SELECT shipment_id, verdict, verdict_status, readings_digest, readings_count, events_digest, events_count
     FROM receipts ORDER BY shipment_id`,
  );
  for (const r of receipts) {
    const a = audited.receipts.get(r.shipment_id);
    if (!a) {
      missing('receipts', r.shipment_id);
      continue;
    }
    const verdict = (typeof r.verdict === 'string' ? JSON.parse(r.verdict) : r.verdict) as Json;
    const differs: string[] = [];
    if (r.verdict_status !== a.verdictStatus) differs.push('verdict_status');
    if (verdict?.status !== a.verdictStatus) differs.push('verdict.status');
    if (r.readings_digest !== a.readingsDigest) differs.push('readings_digest');
    if (Number(r.readings_count) !== a.readingsCount) differs.push('readings_count');
    // receipts since migration 1500 sign for the events too; the audit row holds what was signed
    if ((r.events_digest ?? undefined) !== a.eventsDigest) differs.push('events_digest');
    if ((r.events_count === null ? undefined : Number(r.events_count)) !== a.eventsCount)
      differs.push('events_count');
    if (typeof a.verdictSha256 === 'string' && canonicalSha256(verdict) !== a.verdictSha256)
      differs.push('verdict');
    if (differs.length)
      edited('receipts', r.shipment_id, `differs from its audit row: ${differs.join(', ')}`);
  }

  const shipments = await db.query<{ id: string; status: string }>(
    'SELECT id, status FROM shipments ORDER BY id',
  );
  for (const s of shipments) {
    const status = audited.shipmentStatus.get(s.id);
    if (status === undefined) missing('shipments', s.id);
    else if (status !== s.status)
      edited('shipments', s.id, `status is ${s.status}, the audit trail says ${status}`);
  }

  const alerts = await db.query<{ id: string | number; state: string }>(
    'SELECT id, state FROM alerts ORDER BY id',
  );
  for (const al of alerts) {
    const state = audited.alertState.get(String(al.id));
    if (state === undefined) missing('alerts', String(al.id));
    else if (state !== al.state)
      edited('alerts', String(al.id), `state is ${al.state}, the audit trail says ${state}`);
  }

  const signatures = await db.query<{ id: string; content_sha256: string; binding_sha256: string }>(
    'SELECT id, content_sha256, binding_sha256 FROM signatures ORDER BY id',
  );
  for (const s of signatures) {
    const a = audited.signatures.get(s.id);
    if (!a) missing('signatures', s.id);
    else if (a.contentSha256 !== s.content_sha256 || a.bindingSha256 !== s.binding_sha256)
      edited('signatures', s.id, 'differs from its audit row: content or binding hash');
  }

  const steps = await db.query<{ case_id: string; seq: number; content_sha256: string }>(
    'SELECT case_id, seq, content_sha256 FROM deviation_case_steps ORDER BY case_id, seq',
  );
  for (const st of steps) {
    const id = `${st.case_id}#${st.seq}`;
    const a = audited.steps.get(id);
    if (!a) missing('deviation_case_steps', id);
    else if (a.contentSha256 !== st.content_sha256)
      edited('deviation_case_steps', id, 'differs from its audit row: content hash');
  }
  return out;
}
