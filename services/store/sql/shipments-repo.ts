import type { Receipt, Shipment, Verdict } from '../../domain/contract.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { canonicalSha256 } from '../audit/audit-verify.js';
import { toPgArray } from './devices-repo.js';
import { StoreErrors } from './errors.js';
import { isUniqueViolation } from './rows.js';
import { fromJson, type SqlDb, type SqlQueryable, toIso, toIsoOrUndefined } from './sql-db.js';

export const SHIPMENT_STATUSES = [
  'created',
  'in_transit',
  'received',
  'accepted',
  'quarantined',
  // issue 15: the disposition of a deviation case
  'released',
  'rejected',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface StoredShipment {
  shipment: Shipment;
  profileVersion: number;
  status: ShipmentStatus;
  dispatchedAt?: string;
  receivedAt?: string;
  createdAt: string;
}

export interface StoredReceipt {
  shipmentId: string;
  receipt: Receipt & { receivedAt: string };
  verdict: Verdict;
  readingsDigest: string;
  readingsCount: number;
  /** the loggers' events signed for; absent on receipts recorded before migration 1500 */
  eventsDigest?: string;
  eventsCount?: number;
  recordedBy: string | null;
  createdAt: string;
}

export interface ReceiptToStore {
  receipt: Receipt & { receivedAt: string };
  verdict: Verdict;
  readingsDigest: string;
  readingsCount: number;
  eventsDigest: string;
  eventsCount: number;
}

interface ShipmentRow {
  body: unknown;
  profile_version: number;
  status: ShipmentStatus;
  dispatched_at: Date | null;
  received_at: Date | null;
  created_at: Date;
}

const SHIPMENT_COLUMNS = 'body, profile_version, status, dispatched_at, received_at, created_at';

const toStored = (r: ShipmentRow): StoredShipment => ({
  shipment: fromJson<Shipment>(r.body),
  profileVersion: Number(r.profile_version),
  status: r.status,
  dispatchedAt: toIsoOrUndefined(r.dispatched_at),
  receivedAt: toIsoOrUndefined(r.received_at),
  createdAt: toIso(r.created_at),
});

export class ShipmentsRepo {
  constructor(private readonly db: SqlDb) {}

  /** Creates the shipment pinned to the profile's current version, its loggers assigned. */
  async create(shipment: Shipment, actor: Actor): Promise<StoredShipment> {
    try {
      return await this.db.transaction(async (tx) => {
        const profile = await tx.query<{ version: number }>(
          'SELECT version FROM profiles WHERE id = $1 ORDER BY version DESC LIMIT 1',
          [shipment.profileId],
        );
        if (!profile[0]) throw new StoreErrors.unknownProfile(shipment.profileId);
        const known = await tx.query<{ id: string }>('SELECT id FROM devices WHERE id = ANY($1::text[])', [
          toPgArray(shipment.deviceIds),
        ]);
        const missing = shipment.deviceIds.filter((id) => !known.some((k) => k.id === id));
        if (missing.length > 0) throw new StoreErrors.unknownDevices(missing.join(', '));
        const rows = await tx.query<ShipmentRow>(
          `INSERT INTO shipments (id, body, profile_id, profile_version) VALUES ($1, $2, $3, $4)
           RETURNING ${SHIPMENT_COLUMNS}`,
          [shipment.id, JSON.stringify(shipment), shipment.profileId, profile[0].version],
        );
        for (const deviceId of new Set(shipment.deviceIds)) {
          await tx.query('INSERT INTO device_assignments (device_id, shipment_id) VALUES ($1, $2)', [
            deviceId,
            shipment.id,
          ]);
        }
        await appendAudit(tx, {
          actor,
          action: 'create',
          entity: 'shipment',
          entityId: shipment.id,
          newValue: { ...shipment, profileVersion: Number(profile[0].version) },
        });
        return toStored(rows[0]!);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreErrors.shipmentExists(shipment.id);
      throw err;
    }
  }

  async get(id: string): Promise<StoredShipment> {
    const found = await getShipment(this.db, id, false);
    if (!found) throw new StoreErrors.shipmentNotFound(id);
    return found;
  }

  async list(opts: { status?: ShipmentStatus; limit?: number } = {}): Promise<StoredShipment[]> {
    const rows = await this.db.query<ShipmentRow>(
      `SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE ($1::text IS NULL OR status = $1)
       ORDER BY created_at DESC LIMIT $2`,
      [opts.status ?? null, opts.limit ?? 200],
    );
    return rows.map(toStored);
  }

  /**
   * Starts the transport clock (7.7 maximum transport time). `atMs` may be in the past (recorded
   * late: audited with the reason); the caller refuses a future time.
   */
  async dispatch(id: string, atMs: number, actor: Actor, reason?: string): Promise<StoredShipment> {
    return this.db.transaction(async (tx) => {
      const current = await getShipment(tx, id, true);
      if (!current) throw new StoreErrors.shipmentNotFound(id);
      if (current.status !== 'created') throw new StoreErrors.alreadyDispatched(id);
      const at = new Date(atMs).toISOString();
      // A logger travels with one shipment at a time.
      const busy = await tx.query<{ device_id: string; shipment_id: string }>(
        `SELECT device_id, shipment_id FROM device_assignments
         WHERE device_id = ANY($1::text[]) AND shipment_id <> $2 AND from_at IS NOT NULL
           AND (to_at IS NULL OR to_at > $3) LIMIT 1`,
        [toPgArray(current.shipment.deviceIds), id, at],
      );
      if (busy[0]) throw new StoreErrors.deviceBusy(busy[0].device_id, busy[0].shipment_id);
      const rows = await tx.query<ShipmentRow>(
        `UPDATE shipments SET status = 'in_transit', dispatched_at = $2, updated_at = now() WHERE id = $1
         RETURNING ${SHIPMENT_COLUMNS}`,
        [id, at],
      );
      await tx.query('UPDATE device_assignments SET from_at = $2 WHERE shipment_id = $1', [id, at]);
      await appendAudit(tx, {
        actor,
        action: 'dispatch',
        entity: 'shipment',
        entityId: id,
        reason,
        oldValue: { status: current.status },
        newValue: { status: 'in_transit', dispatchedAt: at },
      });
      return toStored(rows[0]!);
    });
  }

  /**
   * 8.1.7: records the receipt and the final verdict, closes the loggers' window and sets the
   * outcome: deviation -> quarantined (8.1.6: stop use), pass -> accepted. `onStored` runs in the
   * same transaction (e.g. queue the manufacturer's notification in an outbox).
   */
  async recordReceipt(
    id: string,
    toStore: ReceiptToStore,
    actor: Actor,
    onStored?: (tx: SqlQueryable, shipment: StoredShipment) => Promise<void>,
  ): Promise<{ shipment: StoredShipment; receipt: StoredReceipt }> {
    return this.db.transaction(async (tx) => {
      const current = await getShipment(tx, id, true);
      if (!current) throw new StoreErrors.shipmentNotFound(id);
      if (current.status === 'created') throw new StoreErrors.notDispatched(id);
      if (current.status !== 'in_transit') throw new StoreErrors.receiptExists(id);
      const outcome: ShipmentStatus = toStore.verdict.status === 'deviation' ? 'quarantined' : 'accepted';
      const at = toStore.receipt.receivedAt;
      const receiptRows = await tx.query<ReceiptRow>(
        `INSERT INTO receipts (shipment_id, body, received_at, verdict, verdict_status, readings_digest,
           readings_count, events_digest, events_count, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          id,
          JSON.stringify(toStore.receipt),
          at,
          JSON.stringify(toStore.verdict),
          toStore.verdict.status,
          toStore.readingsDigest,
          toStore.readingsCount,
          toStore.eventsDigest,
          toStore.eventsCount,
          actor.id,
        ],
      );
      const rows = await tx.query<ShipmentRow>(
        `UPDATE shipments SET status = $2, received_at = $3, updated_at = now() WHERE id = $1
         RETURNING ${SHIPMENT_COLUMNS}`,
        [id, outcome, at],
      );
      await tx.query('UPDATE device_assignments SET to_at = $2 WHERE shipment_id = $1', [id, at]);
      await appendAudit(tx, {
        actor,
        action: 'receipt',
        entity: 'shipment',
        entityId: id,
        reason: toStore.receipt.notes,
        oldValue: { status: current.status },
        newValue: {
          status: outcome,
          receipt: toStore.receipt,
          verdictStatus: toStore.verdict.status,
          // issue 12: the whole stored verdict, so that an edit of any part of it is seen
          verdictSha256: canonicalSha256(toStore.verdict),
          findingCodes: toStore.verdict.findings.map((f) => f.code),
          readingsDigest: toStore.readingsDigest,
          readingsCount: toStore.readingsCount,
          eventsDigest: toStore.eventsDigest,
          eventsCount: toStore.eventsCount,
        },
      });
      const shipment = toStored(rows[0]!);
      await onStored?.(tx, shipment);
      return { shipment, receipt: toReceipt(receiptRows[0]!) };
    });
  }

  async receiptOf(id: string): Promise<StoredReceipt | undefined> {
    const rows = await this.db.query<ReceiptRow>('SELECT * FROM receipts WHERE shipment_id = $1', [id]);
    return rows[0] ? toReceipt(rows[0]) : undefined;
  }

  /** The shipments a device served (or serves) whose window overlaps [fromMs, toMs]. */
  async assignmentsOf(deviceId: string): Promise<{ shipmentId: string; fromAt?: string; toAt?: string }[]> {
    const rows = await this.db.query<{ shipment_id: string; from_at: Date | null; to_at: Date | null }>(
      'SELECT shipment_id, from_at, to_at FROM device_assignments WHERE device_id = $1 ORDER BY from_at NULLS LAST',
      [deviceId],
    );
    return rows.map((r) => ({
      shipmentId: r.shipment_id,
      fromAt: toIsoOrUndefined(r.from_at),
      toAt: toIsoOrUndefined(r.to_at),
    }));
  }
}

interface ReceiptRow {
  shipment_id: string;
  body: unknown;
  verdict: unknown;
  readings_digest: string;
  readings_count: number;
  events_digest: string | null;
  events_count: number | null;
  recorded_by: string | null;
  created_at: Date;
}

const toReceipt = (r: ReceiptRow): StoredReceipt => ({
  shipmentId: r.shipment_id,
  receipt: fromJson<Receipt & { receivedAt: string }>(r.body),
  verdict: fromJson<Verdict>(r.verdict),
  readingsDigest: r.readings_digest,
  readingsCount: Number(r.readings_count),
  ...(r.events_digest !== null && { eventsDigest: r.events_digest, eventsCount: Number(r.events_count) }),
  recordedBy: r.recorded_by,
  createdAt: toIso(r.created_at),
});

async function getShipment(
  db: SqlQueryable,
  id: string,
  forUpdate: boolean,
): Promise<StoredShipment | undefined> {
  const rows = await db.query<ShipmentRow>(
    `SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toStored(rows[0]) : undefined;
}
