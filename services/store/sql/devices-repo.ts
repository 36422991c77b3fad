import type { Device } from '../../domain/contract.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { StoreErrors } from './errors.js';
import { isUniqueViolation } from './rows.js';
import { fromJson, type SqlDb, toIso } from './sql-db.js';

export interface StoredDevice {
  device: Device;
  createdAt: string;
}

/** What the gateway asks to authenticate a device (MQTT username = device id). */
/** Where the gateway looks up a device's secret hash (the one declaration; DevicesRepo implements it). */
export interface DeviceDirectory {
  /** The stored hash (secrets.ts format) of a registered device, or undefined if unknown. */
  secretHashOf(deviceId: string): Promise<string | undefined>;
  /** many at once: the gateway's periodic check that connected sessions' secrets still hold */
  secretHashesOf?(deviceIds: readonly string[]): Promise<Map<string, string>>;
}

interface DeviceRow {
  body: unknown;
  created_at: Date;
}

export class DevicesRepo implements DeviceDirectory {
  constructor(private readonly db: SqlDb) {}

  /** Registers a device with the scrypt hash of its MQTT secret; the secret itself is never stored. */
  async create(device: Device, secretHash: string, actor: Actor): Promise<StoredDevice> {
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<DeviceRow>(
          `INSERT INTO devices (id, kind, body, secret_hash, calibration_valid_until)
           VALUES ($1, $2, $3, $4, $5) RETURNING body, created_at`,
          [device.id, device.kind, JSON.stringify(device), secretHash, device.calibrationValidUntil],
        );
        // 10.12: calibration validity is part of the record; the secret hash is not audited.
        await appendAudit(tx, {
          actor,
          action: 'create',
          entity: 'device',
          entityId: device.id,
          newValue: device,
        });
        return { device: fromJson<Device>(rows[0]!.body), createdAt: toIso(rows[0]!.created_at) };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreErrors.deviceExists(device.id);
      throw err;
    }
  }

  async get(id: string): Promise<StoredDevice> {
    const rows = await this.db.query<DeviceRow>('SELECT body, created_at FROM devices WHERE id = $1', [id]);
    if (!rows[0]) throw new StoreErrors.deviceNotFound(id);
    return { device: fromJson<Device>(rows[0].body), createdAt: toIso(rows[0].created_at) };
  }

  async many(ids: readonly string[]): Promise<Device[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<DeviceRow & { id: string }>(
      'SELECT id, body, created_at FROM devices WHERE id = ANY($1::text[])',
      [toPgArray(ids)],
    );
    const byId = new Map(rows.map((r) => [r.id, fromJson<Device>(r.body)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async list(): Promise<Device[]> {
    const rows = await this.db.query<DeviceRow>('SELECT body, created_at FROM devices ORDER BY id');
    return rows.map((r) => fromJson<Device>(r.body));
  }

  async secretHashOf(deviceId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM devices WHERE id = $1 AND revoked_at IS NULL',
      [deviceId],
    );
    return rows[0]?.secret_hash;
  }

  async secretHashesOf(deviceIds: readonly string[]): Promise<Map<string, string>> {
    if (deviceIds.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; secret_hash: string }>(
      'SELECT id, secret_hash FROM devices WHERE id = ANY($1::text[])',
      [toPgArray(deviceIds)],
    );
    return new Map(rows.map((r) => [r.id, r.secret_hash]));
  }

  /** Replaces the secret (a lost or leaked one); audited without the hash. */
  async rotateSecret(deviceId: string, secretHash: string, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        'UPDATE devices SET secret_hash = $2, updated_at = now() WHERE id = $1 RETURNING id',
        [deviceId, secretHash],
      );
      if (rows.length === 0) throw new StoreErrors.deviceNotFound(deviceId);
      await appendAudit(tx, { actor, action: 'rotate_secret', entity: 'device', entityId: deviceId, reason });
    });
  }
}

/** Revocation: a lost, stolen or retired device; its record stays, its login ends. */
export class DeviceRevocation {
  constructor(private readonly db: SqlDb) {}

  /** Marks the device revoked (audited); revoking twice keeps the first time. Returns that time. */
  async revoke(deviceId: string, actor: Actor, reason: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ revoked_at: Date }>(
        'UPDATE devices SET revoked_at = COALESCE(revoked_at, now()), updated_at = now() WHERE id = $1 RETURNING revoked_at',
        [deviceId],
      );
      if (!rows[0]) throw new StoreErrors.deviceNotFound(deviceId);
      await appendAudit(tx, { actor, action: 'revoke', entity: 'device', entityId: deviceId, reason });
      return toIso(rows[0].revoked_at);
    });
  }

  /** Throws CT_DEVICE_NOT_FOUND or CT_DEVICE_REVOKED unless the device may log in. */
  async assertActive(deviceId: string): Promise<void> {
    const rows = await this.db.query<{ revoked: boolean }>(
      'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1',
      [deviceId],
    );
    if (!rows[0]) throw new StoreErrors.deviceNotFound(deviceId);
    if (rows[0].revoked) throw new StoreErrors.deviceRevoked(deviceId);
  }

  /** Ids of the devices that may log in (registered, not revoked). */
  async activeIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      'SELECT id FROM devices WHERE revoked_at IS NULL ORDER BY id',
    );
    return rows.map((r) => r.id);
  }
}

/** A text[] literal: both drivers accept it for `$n::text[]`. Ids never hold quotes or commas. */
export function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}
