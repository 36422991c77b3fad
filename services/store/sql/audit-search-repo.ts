import type { AuditRecord } from '../audit/audit-trail.js';
import { type SqlDb, type SqlParam, toIso } from './sql-db.js';

/** What the audit trail is searched by (Annex 11 §9, 21 CFR 11.10(e)): person, record, time. */
export interface AuditQuery {
  /** the actor id: a person's account id, an API key id, 'cli' or 'system' */
  actorId?: string;
  entity?: string;
  entityId?: string;
  /** UTC ms, inclusive */
  fromMs?: number;
  /** UTC ms, exclusive */
  toMs?: number;
  /** rows with a smaller seq only: the next page of a newest-first listing */
  beforeSeq?: number;
  limit: number;
}

interface Row {
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

/**
 * Read-only search of the audit trail, newest first. Separate from services/store/audit, which
 * owns writing and verifying the chain; this only selects rows.
 */
export class AuditSearchRepo {
  constructor(private readonly db: SqlDb) {}

  async search(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (sql: string, value: SqlParam) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actorId !== undefined) add('actor_id = ?', q.actorId);
    if (q.entity !== undefined) add('entity = ?', q.entity);
    if (q.entityId !== undefined) add('entity_id = ?', q.entityId);
    if (q.fromMs !== undefined) add('at >= ?', new Date(q.fromMs).toISOString());
    if (q.toMs !== undefined) add('at < ?', new Date(q.toMs).toISOString());
    if (q.beforeSeq !== undefined) add('seq < ?', q.beforeSeq);
    params.push(q.limit);
    const rows = await this.db.query<Row>(
      `SELECT * FROM audit_trail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
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
    }));
  }
}
