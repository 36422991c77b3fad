import type { StorageUnit, StoredItemInput } from '../../domain/contract.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { toPgArray } from './devices-repo.js';
import { StoreErrors } from './errors.js';
import { isUniqueViolation } from './rows.js';
import { fromJson, type SqlDb, toIso, toIsoOrUndefined } from './sql-db.js';

const DAY_MS = 86_400_000;

export interface StoredItem {
  id: string;
  unitId: string;
  product: string;
  storageLimitDays: number;
  storedAt: string;
  /** 7.7 storage time limit: storedAt + storageLimitDays */
  limitAt: string;
  removedAt?: string;
}

interface ItemRow {
  id: string;
  unit_id: string;
  body: unknown;
  stored_at: Date;
  limit_at: Date;
  removed_at: Date | null;
}

const toItem = (r: ItemRow): StoredItem => {
  const body = fromJson<StoredItemInput>(r.body);
  return {
    id: r.id,
    unitId: r.unit_id,
    product: body.product,
    storageLimitDays: body.storageLimitDays,
    storedAt: toIso(r.stored_at),
    limitAt: toIso(r.limit_at),
    removedAt: toIsoOrUndefined(r.removed_at),
  };
};

export class StorageRepo {
  constructor(private readonly db: SqlDb) {}

  async createUnit(unit: StorageUnit, actor: Actor): Promise<StorageUnit> {
    try {
      return await this.db.transaction(async (tx) => {
        const known = await tx.query<{ id: string }>('SELECT id FROM devices WHERE id = ANY($1::text[])', [
          toPgArray(unit.deviceIds),
        ]);
        const missing = unit.deviceIds.filter((id) => !known.some((k) => k.id === id));
        if (missing.length > 0) throw new StoreErrors.unknownDevices(missing.join(', '));
        await tx.query('INSERT INTO storage_units (id, body, site) VALUES ($1, $2, $3)', [
          unit.id,
          JSON.stringify(unit),
          unit.site,
        ]);
        for (const deviceId of new Set(unit.deviceIds)) {
          await tx.query('INSERT INTO storage_unit_devices (unit_id, device_id) VALUES ($1, $2)', [
            unit.id,
            deviceId,
          ]);
        }
        await appendAudit(tx, {
          actor,
          action: 'create',
          entity: 'storage_unit',
          entityId: unit.id,
          newValue: unit,
        });
        return unit;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreErrors.storageUnitExists(unit.id);
      throw err;
    }
  }

  async getUnit(id: string): Promise<StorageUnit> {
    const rows = await this.db.query<{ body: unknown }>('SELECT body FROM storage_units WHERE id = $1', [id]);
    if (!rows[0]) throw new StoreErrors.storageUnitNotFound(id);
    return fromJson<StorageUnit>(rows[0].body);
  }

  async listUnits(): Promise<StorageUnit[]> {
    const rows = await this.db.query<{ body: unknown }>('SELECT body FROM storage_units ORDER BY id');
    return rows.map((r) => fromJson<StorageUnit>(r.body));
  }

  async addItem(unitId: string, item: StoredItemInput, nowMs: number, actor: Actor): Promise<StoredItem> {
    const storedAtMs = item.storedAt ? Date.parse(item.storedAt) : nowMs;
    const limitAtMs = storedAtMs + item.storageLimitDays * DAY_MS;
    try {
      return await this.db.transaction(async (tx) => {
        const unit = await tx.query('SELECT 1 FROM storage_units WHERE id = $1', [unitId]);
        if (unit.length === 0) throw new StoreErrors.storageUnitNotFound(unitId);
        const rows = await tx.query<ItemRow>(
          `INSERT INTO stored_items (id, unit_id, body, stored_at, limit_at) VALUES ($1, $2, $3, $4, $5)
           RETURNING *`,
          [
            item.id,
            unitId,
            JSON.stringify(item),
            new Date(storedAtMs).toISOString(),
            new Date(limitAtMs).toISOString(),
          ],
        );
        const stored = toItem(rows[0]!);
        await appendAudit(tx, {
          actor,
          action: 'store',
          entity: 'stored_item',
          entityId: item.id,
          newValue: stored,
        });
        return stored;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreErrors.itemExists(item.id);
      throw err;
    }
  }

  async removeItem(
    unitId: string,
    itemId: string,
    nowMs: number,
    actor: Actor,
    reason?: string,
  ): Promise<StoredItem> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<ItemRow>(
        `UPDATE stored_items SET removed_at = $3 WHERE id = $1 AND unit_id = $2 AND removed_at IS NULL
         RETURNING *`,
        [itemId, unitId, new Date(nowMs).toISOString()],
      );
      if (!rows[0]) throw new StoreErrors.itemNotFound(itemId);
      const removed = toItem(rows[0]);
      await appendAudit(tx, {
        actor,
        action: 'remove',
        entity: 'stored_item',
        entityId: itemId,
        reason,
        oldValue: { ...removed, removedAt: undefined },
        newValue: removed,
      });
      return removed;
    });
  }

  /** Items still in the unit. */
  async itemsIn(unitId: string): Promise<StoredItem[]> {
    const rows = await this.db.query<ItemRow>(
      'SELECT * FROM stored_items WHERE unit_id = $1 AND removed_at IS NULL ORDER BY stored_at',
      [unitId],
    );
    return rows.map(toItem);
  }
}
