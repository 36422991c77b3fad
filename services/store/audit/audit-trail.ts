import { createHash } from 'node:crypto';
import type { SqlQueryable } from '../sql/sql-db.js';
import { toIso } from '../sql/sql-db.js';
import { type AuditKey, auditKeyCarried } from './audit-key.js';

/**
 * The audit trail (10.3, 10.14; like 21 CFR 11.10(e)): every create and change records who, what,
 * when, why, and the old and new value. Rows are append-only (a database trigger refuses UPDATE,
 * DELETE, TRUNCATE) and hash-chained: hash = sha256(previous hash + this row's fields), so a row
 * edited, inserted or removed behind the application's back is detected by verifyAuditChain.
 * Issue 12: the plain chain can be recomputed by anyone who can write to the database, so each row
 * also carries mac = HMAC-SHA256(key, previous row's mac, this row's hash) with a key kept outside
 * the database (audit-key.ts), and the head is anchored outside the store (audit-anchor.ts).
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
  /** null on rows written before the chain was keyed (migration 1300) or without a key */
  mac?: string | null;
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
  mac: string | null;
}

export function auditHash(r: Omit<AuditRecord, 'hash' | 'mac'>): string {
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

/** The row's MAC: chained onto the previous row's MAC (or, before the first keyed row, its hash). */
export const auditMac = (key: AuditKey, prevLink: string, hash: string): string =>
  key.mac('audit_trail', prevLink, hash);

const asJsonText = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Appends one entry; call inside the transaction that makes the change it records. */
export async function appendAudit(tx: SqlQueryable, entry: AuditEntry): Promise<AuditRecord> {
  // Serialise writers so that each row chains onto the one before it.
  await tx.exec('LOCK TABLE audit_trail IN EXCLUSIVE MODE');
  const last = await tx.query<{ seq: string | number; hash: string; mac: string | null }>(
    'SELECT seq, hash, mac FROM audit_trail ORDER BY seq DESC LIMIT 1',
  );
  const partial: Omit<AuditRecord, 'hash' | 'mac'> = {
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
  const hash = auditHash(partial);
  const key = auditKeyCarried(tx);
  const prevLink = last[0]?.mac ?? last[0]?.hash ?? GENESIS_HASH;
  const record: AuditRecord = { ...partial, hash, mac: key ? auditMac(key, prevLink, hash) : null };
  await tx.query(
    `INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, entity, entity_id, reason,
       old_value, new_value, prev_hash, hash, mac) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
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
      record.mac ?? null,
    ],
  );
  return record;
}

export function fromAuditRow(r: AuditRow): AuditRecord {
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
    mac: r.mac ?? null,
  };
}

export type { AuditRow };

export async function auditOf(db: SqlQueryable, entity: string, entityId: string): Promise<AuditRecord[]> {
  const rows = await db.query<AuditRow>(
    'SELECT * FROM audit_trail WHERE entity = $1 AND entity_id = $2 ORDER BY seq',
    [entity, entityId],
  );
  return rows.map(fromAuditRow);
}
