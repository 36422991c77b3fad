import type { AlertKind, AlertState, Severity } from '../../domain/alerts.js';
import type { Actor } from '../audit/audit-trail.js';
import { appendAudit } from '../audit/audit-trail.js';
import { AlertErrors } from './alert-errors.js';
import { fromJson, type SqlDb, type SqlQueryable, toMs, toMsOrUndefined } from './sql-db.js';

export type { AlertState };
export type AlertDetails = Record<string, string | number | boolean | null>;

/** One alert: one episode, from open to closed (never one per reading). */
export interface AlertRecord {
  id: number;
  episodeKey: string;
  kind: AlertKind;
  findingCode: string;
  clause: string;
  severity: Severity;
  state: AlertState;
  deviceId?: string;
  shipmentId?: string;
  storageUnitId?: string;
  itemId?: string;
  /** device time the episode began (or the alarm condition was met) */
  happenedAtMs: number;
  endedAtMs?: number;
  /** server time coldtrace raised it */
  detectedAtMs: number;
  late: boolean;
  details: AlertDetails;
  acknowledgedBy?: string;
  ackReason?: string;
  acknowledgedAtMs?: number;
  escalatedAtMs?: number;
  closedAtMs?: number;
}

export type NewAlert = Omit<
  AlertRecord,
  'id' | 'state' | 'acknowledgedBy' | 'ackReason' | 'acknowledgedAtMs' | 'escalatedAtMs' | 'closedAtMs'
>;

/** The rules worker acts as this actor in the audit trail. */
export const RULES_ACTOR: Actor = { id: 'system', name: 'coldtrace rules worker' };

interface AlertRow {
  id: string | number;
  episode_key: string;
  kind: AlertKind;
  finding_code: string;
  clause: string;
  severity: Severity;
  state: AlertState;
  device_id: string | null;
  shipment_id: string | null;
  storage_unit_id: string | null;
  item_id: string | null;
  happened_at: Date;
  ended_at: Date | null;
  detected_at: Date;
  late: boolean;
  details: unknown;
  acknowledged_by: string | null;
  ack_reason: string | null;
  acknowledged_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toRecord(r: AlertRow): AlertRecord {
  return {
    id: Number(r.id),
    episodeKey: r.episode_key,
    kind: r.kind,
    findingCode: r.finding_code,
    clause: r.clause,
    severity: r.severity,
    state: r.state,
    deviceId: opt(r.device_id),
    shipmentId: opt(r.shipment_id),
    storageUnitId: opt(r.storage_unit_id),
    itemId: opt(r.item_id),
    happenedAtMs: toMs(r.happened_at),
    endedAtMs: toMsOrUndefined(r.ended_at),
    detectedAtMs: toMs(r.detected_at),
    late: r.late,
    details: fromJson<AlertDetails>(r.details),
    acknowledgedBy: opt(r.acknowledged_by),
    ackReason: opt(r.ack_reason),
    acknowledgedAtMs: toMsOrUndefined(r.acknowledged_at),
    escalatedAtMs: toMsOrUndefined(r.escalated_at),
    closedAtMs: toMsOrUndefined(r.closed_at),
  };
}

/** Opens the episode's alert; undefined when the episode already has one (restart, replay). */
export async function openAlert(tx: SqlQueryable, a: NewAlert): Promise<AlertRecord | undefined> {
  const rows = await tx.query<AlertRow>(
    `INSERT INTO alerts (episode_key, kind, finding_code, clause, severity, state, device_id, shipment_id,
       storage_unit_id, item_id, happened_at, ended_at, detected_at, late, details, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $12)
     ON CONFLICT (episode_key) DO NOTHING RETURNING *`,
    [
      a.episodeKey,
      a.kind,
      a.findingCode,
      a.clause,
      a.severity,
      a.deviceId ?? null,
      a.shipmentId ?? null,
      a.storageUnitId ?? null,
      a.itemId ?? null,
      new Date(a.happenedAtMs),
      a.endedAtMs === undefined ? null : new Date(a.endedAtMs),
      new Date(a.detectedAtMs),
      a.late,
      JSON.stringify(a.details),
    ],
  );
  if (!rows[0]) return undefined;
  const alert = toRecord(rows[0]);
  await appendAudit(tx, {
    actor: RULES_ACTOR,
    action: 'open',
    entity: 'alert',
    entityId: String(alert.id),
    newValue: {
      episodeKey: a.episodeKey,
      kind: a.kind,
      severity: a.severity,
      late: a.late,
      details: a.details,
    },
    atMs: a.detectedAtMs,
  });
  return alert;
}

/** Closes the episode's alert (open or acknowledged); undefined when there is none or it is closed. */
export async function closeAlert(
  tx: SqlQueryable,
  episodeKey: string,
  endedAtMs: number,
  details: AlertDetails,
  nowMs: number,
): Promise<AlertRecord | undefined> {
  const rows = await tx.query<AlertRow>(
    `UPDATE alerts SET state = 'closed', ended_at = $2, closed_at = $3, updated_at = $3,
       details = details || $4::jsonb
     WHERE episode_key = $1 AND state <> 'closed' RETURNING *`,
    [episodeKey, new Date(endedAtMs), new Date(nowMs), JSON.stringify(details)],
  );
  if (!rows[0]) return undefined;
  const alert = toRecord(rows[0]);
  await appendAudit(tx, {
    actor: RULES_ACTOR,
    action: 'close',
    entity: 'alert',
    entityId: String(alert.id),
    newValue: { state: 'closed', endedAt: new Date(endedAtMs).toISOString(), details },
    atMs: nowMs,
  });
  return alert;
}

/** QA acknowledges an alert: who and why are kept, in the alert and the audit trail. */
export async function acknowledgeAlert(
  tx: SqlQueryable,
  input: { alertId: number; by: Actor; reason: string; nowMs?: number },
): Promise<AlertRecord> {
  const reason = input.reason.trim();
  if (!reason) throw new AlertErrors.ackReasonMissing();
  const nowMs = input.nowMs ?? Date.now();
  const current = await tx.query<AlertRow>('SELECT * FROM alerts WHERE id = $1 FOR UPDATE', [input.alertId]);
  if (!current[0]) throw new AlertErrors.alertNotFound(String(input.alertId));
  const before = toRecord(current[0]);
  if (before.state === 'acknowledged') throw new AlertErrors.alertAlreadyAcknowledged(String(input.alertId));
  if (before.state === 'closed' && before.acknowledgedAtMs !== undefined) {
    throw new AlertErrors.alertClosed(String(input.alertId));
  }
  // An episode that ended before anyone acknowledged it stays closed, but the acknowledgement is kept.
  const state: AlertState = before.state === 'closed' ? 'closed' : 'acknowledged';
  const rows = await tx.query<AlertRow>(
    `UPDATE alerts SET state = $2, acknowledged_by = $3, ack_reason = $4, acknowledged_at = $5, updated_at = $5
     WHERE id = $1 RETURNING *`,
    [input.alertId, state, input.by.name, reason, new Date(nowMs)],
  );
  await appendAudit(tx, {
    actor: input.by,
    action: 'acknowledge',
    entity: 'alert',
    entityId: String(input.alertId),
    reason,
    oldValue: { state: before.state },
    newValue: { state },
    atMs: nowMs,
  });
  return toRecord(rows[0] as AlertRow);
}

/** Open alerts nobody acknowledged, raised before `beforeMs` and not yet escalated. */
export async function alertsToEscalate(db: SqlQueryable, beforeMs: number): Promise<AlertRecord[]> {
  const rows = await db.query<AlertRow>(
    `SELECT * FROM alerts WHERE state = 'open' AND escalated_at IS NULL AND detected_at <= $1
     ORDER BY id LIMIT 100`,
    [new Date(beforeMs)],
  );
  return rows.map(toRecord);
}

/** Marks the escalation once; false when another worker did it first. */
export async function markEscalated(
  tx: SqlQueryable,
  alertId: number,
  to: string[],
  nowMs: number,
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE alerts SET escalated_at = $2, updated_at = $2 WHERE id = $1 AND escalated_at IS NULL AND state = 'open'
     RETURNING id`,
    [alertId, new Date(nowMs)],
  );
  if (rows.length === 0) return false;
  await appendAudit(tx, {
    actor: RULES_ACTOR,
    action: 'escalate',
    entity: 'alert',
    entityId: String(alertId),
    newValue: { escalatedTo: to },
    atMs: nowMs,
  });
  return true;
}

export interface AlertFilter {
  state?: AlertState;
  shipmentId?: string;
  deviceId?: string;
  storageUnitId?: string;
  kind?: AlertKind;
  limit?: number;
}

/** Alerts, newest first (GET /alerts). */
export async function listAlerts(db: SqlQueryable, f: AlertFilter = {}): Promise<AlertRecord[]> {
  const rows = await db.query<AlertRow>(
    `SELECT * FROM alerts
     WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR shipment_id = $2)
       AND ($3::text IS NULL OR device_id = $3) AND ($4::text IS NULL OR storage_unit_id = $4)
       AND ($5::text IS NULL OR kind = $5)
     ORDER BY id DESC LIMIT $6`,
    [
      f.state ?? null,
      f.shipmentId ?? null,
      f.deviceId ?? null,
      f.storageUnitId ?? null,
      f.kind ?? null,
      f.limit ?? 200,
    ],
  );
  return rows.map(toRecord);
}

export async function getAlert(db: SqlQueryable, alertId: number): Promise<AlertRecord> {
  const rows = await db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [alertId]);
  if (!rows[0]) throw new AlertErrors.alertNotFound(String(alertId));
  return toRecord(rows[0]);
}

/** Open (or acknowledged) alerts whose episode key starts with `prefix` (restart: open timers). */
export async function unclosedAlerts(db: SqlQueryable, prefix: string): Promise<AlertRecord[]> {
  const rows = await db.query<AlertRow>(
    `SELECT * FROM alerts WHERE state <> 'closed' AND episode_key LIKE $1 ORDER BY id`,
    [`${prefix.replace(/[%_\\]/g, '\\$&')}%`],
  );
  return rows.map(toRecord);
}

/**
 * The alerts table for callers outside a transaction (API, rules worker at start-up, escalation).
 * Inside a RecordsStore transaction, openAlert / closeAlert / markEscalated take the transaction.
 */
export class AlertsRepo {
  constructor(private readonly db: SqlDb) {}

  list(f: AlertFilter = {}): Promise<AlertRecord[]> {
    return listAlerts(this.db, f);
  }

  get(alertId: number): Promise<AlertRecord> {
    return getAlert(this.db, alertId);
  }

  unclosed(prefix: string): Promise<AlertRecord[]> {
    return unclosedAlerts(this.db, prefix);
  }

  toEscalate(beforeMs: number): Promise<AlertRecord[]> {
    return alertsToEscalate(this.db, beforeMs);
  }

  acknowledge(input: { alertId: number; by: Actor; reason: string; nowMs?: number }): Promise<AlertRecord> {
    return this.db.transaction((tx) => acknowledgeAlert(tx, input));
  }
}
