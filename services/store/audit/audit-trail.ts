import { createHash } from 'node:crypto';
import type { SqlDb, SqlQueryable } from '../sql/sql-db.js';
import { toIso } from '../sql/sql-db.js';

/**
 * The audit trail (10.3, 10.14; like 21 CFR 11.10(e)): every create and change records who, what,
 * when, why, and the old and new value. Rows are append-only (a database trigger refuses UPDATE,
 * DELETE, TRUNCATE) and hash-chained: hash = sha256(previous hash + this row's fields), so a row
 * edited, inserted or removed behind the application's back is detected by verifyAuditChain.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  /** API key id, or 'system' / 'cli' */
  id: string;
  name: string;
}

export interface AuditEntry {
  actor: Actor;
  /** e.g. 'create', 'update', 'dispatch', 'receipt', 'revoke' */
  action: string;
  entity: string;
  entityId: string;
  reason?: string;
  oldValue?: unknown;
  newValue?: unknown;
  /** defaults to now */
  atMs?: number;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  reason: string | null;
  oldValue: string | null;
  newValue: string | null;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: string | number;
  at: Date | string;
  actor_id: string;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  reason: string | null;
  old_value: string | null;
  new_value: string | null;
  prev_hash: string;
  hash: string;
}

export function auditHash(r: Omit<AuditRecord, 'hash'>): string {
  const fields = [
    r.seq,
    r.at,
    r.actorId,
    r.actorName,
    r.action,
    r.entity,
    r.entityId,
    r.reason,
    r.oldValue,
    r.newValue,
  ];
  return createHash('sha256').update(r.prevHash).update(JSON.stringify(fields)).digest('hex');
}

const asJsonText = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Appends one entry; call inside the transaction that makes the change it records. */
export async function appendAudit(tx: SqlQueryable, entry: AuditEntry): Promise<AuditRecord> {
  // Serialise writers so that each row chains onto the one before it.
  await tx.exec('LOCK TABLE audit_trail IN EXCLUSIVE MODE');
  const last = await tx.query<{ seq: string | number; hash: string }>(
    'SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1',
  );
  const partial: Omit<AuditRecord, 'hash'> = {
    seq: last[0] ? Number(last[0].seq) + 1 : 1,
    at: new Date(entry.atMs ?? Date.now()).toISOString(),
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    reason: entry.reason ?? null,
    oldValue: asJsonText(entry.oldValue),
    newValue: asJsonText(entry.newValue),
    prevHash: last[0]?.hash ?? GENESIS_HASH,
  };
  const record = { ...partial, hash: auditHash(partial) };
  await tx.query(
    `INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, entity, entity_id, reason,
       old_value, new_value, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [
      record.seq,
      record.at,
      record.actorId,
      record.actorName,
      record.action,
      record.entity,
      record.entityId,
      record.reason,
      record.oldValue,
      record.newValue,
      record.prevHash,
      record.hash,
    ],
  );
  return record;
}

function fromRow(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: toIso(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    reason: r.reason,
    oldValue: r.old_value,
    newValue: r.new_value,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function auditOf(db: SqlQueryable, entity: string, entityId: string): Promise<AuditRecord[]> {
  const rows = await db.query<AuditRow>(
    'SELECT * FROM audit_trail WHERE entity = $1 AND entity_id = $2 ORDER BY seq',
    [entity, entityId],
  );
  return rows.map(fromRow);
}

export interface AuditProblem {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap';
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  lastHash: string;
  problems: AuditProblem[];
}

/** Recomputes the whole chain; reports every row whose hash or link does not hold. */
export async function verifyAuditChain(db: SqlDb, pageSize = 5000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let after = 0;
  for (;;) {
    const page = await db.query<AuditRow>('SELECT * FROM audit_trail WHERE seq > $1 ORDER BY seq LIMIT $2', [
      after,
      pageSize,
    ]);
    for (const row of page) {
      const r = fromRow(row);
      rows++;
      if (r.seq !== expectedSeq) {
        problems.push({ seq: r.seq, problem: 'sequence_gap', detail: `expected seq ${expectedSeq}` });
      }
      if (r.prevHash !== prevHash) {
        problems.push({
          seq: r.seq,
          problem: 'broken_link',
          detail: 'prev_hash is not the previous row hash',
        });
      }
      const { hash, ...rest } = r;
      if (auditHash(rest) !== hash) {
        problems.push({
          seq: r.seq,
          problem: 'hash_mismatch',
          detail: 'row content does not match its hash',
        });
      }
      prevHash = hash;
      expectedSeq = r.seq + 1;
      after = r.seq;
    }
    if (page.length < pageSize) break;
  }
  return { ok: problems.length === 0, rows, lastHash: prevHash, problems };
}
