import type { Device, Profile, Shipment, StorageUnit, StoredItemInput } from '../../domain/contract.js';
import type { ProductEventKind, RemovalPurpose } from '../../domain/product-journey.js';
import { fromJson, type SqlQueryable, toMs } from './sql-db.js';

/** A shipment in transit with the profile version it is pinned to. */
export interface WatchedShipment {
  shipment: Shipment;
  profile: Profile;
  dispatchedAtMs: number;
}

export interface WatchedItem {
  id: string;
  unitId: string;
  product: string;
  storedAtMs: number;
  limitAtMs: number;
}

/** A product out of storage whose use-time clock runs (issue 16, 7.8). */
export interface WatchedProduct {
  id: string;
  name: string;
  site: string;
  /** the unit it came out of: its site's people get the alerts */
  lastUnitId?: string;
  profile?: Profile;
  /** its steps, oldest first */
  steps: { kind: ProductEventKind; atMs: number; purpose?: RemovalPurpose }[];
}

/** Everything the rules worker watches, as the records store holds it now. */
export interface WatchRecords {
  shipments: WatchedShipment[];
  /** open assignment windows (dispatch .. receipt) of shipments in transit */
  assignments: { deviceId: string; shipmentId: string }[];
  /** only the devices something watches: loggers of shipments in transit, sensors of storage units */
  devices: Device[];
  units: StorageUnit[];
  /** items still stored (not removed) */
  items: WatchedItem[];
  /** products out for use, thawing, thawed or diluted: their use-time clock runs */
  products: WatchedProduct[];
}

/** A logger file handed over at the door, as the rules worker follows them (issue 19). */
export interface UploadedLoggerFile {
  id: string;
  shipmentId: string;
  deviceId: string;
  firstReadingAtMs: number;
  lastReadingAtMs: number;
  /** where the worker's reading of the files stands: pass it back to `loggerFilesAfter` */
  cursor: LoggerFileCursor;
}

/**
 * A position in the files by upload time (then id, for files of the same instant). `uploadedAt` is
 * PostgreSQL's own text of the time, microseconds included (a JavaScript Date would cut them and the
 * last file would come back on every call).
 */
export interface LoggerFileCursor {
  uploadedAt: string;
  id: string;
}

/** The rules worker's reads of the records store. */
export class WatchRepo {
  constructor(private readonly db: SqlQueryable) {}

  async load(): Promise<WatchRecords> {
    const db = this.db;
    const shipmentRows = await db.query<{ body: unknown; profile: unknown; dispatched_at: Date }>(
      `SELECT s.body, p.body AS profile, s.dispatched_at FROM shipments s
       JOIN profiles p ON p.id = s.profile_id AND p.version = s.profile_version
       WHERE s.status = 'in_transit' AND s.dispatched_at IS NOT NULL`,
    );
    const assignmentRows = await db.query<{ device_id: string; shipment_id: string }>(
      `SELECT a.device_id, a.shipment_id FROM device_assignments a JOIN shipments s ON s.id = a.shipment_id
       WHERE s.status = 'in_transit' AND a.from_at IS NOT NULL AND a.to_at IS NULL`,
    );
    const deviceRows = await db.query<{ id: string; body: unknown }>(
      `SELECT id, body FROM devices WHERE id IN (
         SELECT device_id FROM device_assignments a JOIN shipments s ON s.id = a.shipment_id
         WHERE s.status = 'in_transit'
         UNION SELECT device_id FROM storage_unit_devices)`,
    );
    const unitRows = await db.query<{ body: unknown }>('SELECT body FROM storage_units');
    const itemRows = await db.query<{
      id: string;
      unit_id: string;
      body: unknown;
      stored_at: Date;
      limit_at: Date;
    }>('SELECT id, unit_id, body, stored_at, limit_at FROM stored_items WHERE removed_at IS NULL');
    const productRows = await db.query<{
      id: string;
      body: unknown;
      site: string;
      profile: unknown;
      last_unit_id: string | null;
    }>(
      `SELECT p.id, p.body, p.site, pr.body AS profile,
         (SELECT i.unit_id FROM stored_items i WHERE i.id = p.id) AS last_unit_id
       FROM products p LEFT JOIN profiles pr ON pr.id = p.profile_id AND pr.version = p.profile_version
       WHERE p.state IN ('out', 'thawing', 'thawed', 'diluted')`,
    );
    const stepRows =
      productRows.length === 0
        ? []
        : await db.query<{
            product_id: string;
            kind: ProductEventKind;
            at: Date;
            purpose: RemovalPurpose | null;
          }>(
            `SELECT product_id, kind, at, purpose FROM product_events
             WHERE product_id IN (SELECT id FROM products WHERE state IN ('out', 'thawing', 'thawed', 'diluted'))
             ORDER BY id`,
          );
    return {
      products: productRows.map((p) => ({
        id: p.id,
        name: fromJson<{ name: string }>(p.body).name,
        site: p.site,
        lastUnitId: p.last_unit_id ?? undefined,
        profile: p.profile ? fromJson<Profile>(p.profile) : undefined,
        steps: stepRows
          .filter((e) => e.product_id === p.id)
          .map((e) => ({ kind: e.kind, atMs: toMs(e.at), purpose: e.purpose ?? undefined })),
      })),
      shipments: shipmentRows.map((r) => ({
        shipment: fromJson<Shipment>(r.body),
        profile: fromJson<Profile>(r.profile),
        dispatchedAtMs: toMs(r.dispatched_at),
      })),
      assignments: assignmentRows.map((a) => ({ deviceId: a.device_id, shipmentId: a.shipment_id })),
      devices: deviceRows.map((r) => fromJson<Device>(r.body)),
      units: unitRows.map((r) => fromJson<StorageUnit>(r.body)),
      items: itemRows.map((i) => ({
        id: i.id,
        unitId: i.unit_id,
        product: fromJson<StoredItemInput>(i.body).product,
        storedAtMs: toMs(i.stored_at),
        limitAtMs: toMs(i.limit_at),
      })),
    };
  }

  /**
   * A cheap summary of everything load() reads: when it has not changed, the worker skips the
   * full reload (which parses every device and shipment in transit).
   */
  /** Where the logger files stand now: the files kept from here on are new to the worker. */
  async loggerFilesCursor(): Promise<LoggerFileCursor> {
    const rows = await this.db.query<{ uploaded_at: string; id: string }>(
      'SELECT f.uploaded_at::text AS uploaded_at, f.id FROM logger_files f ORDER BY f.uploaded_at DESC, f.id DESC LIMIT 1',
    );
    const last = rows[0];
    return last
      ? { uploadedAt: last.uploaded_at, id: last.id }
      : { uploadedAt: '1970-01-01T00:00:00Z', id: '' };
  }

  /** Logger files kept after the cursor, oldest first, at most `limit`. */
  async loggerFilesAfter(cursor: LoggerFileCursor, limit = 100): Promise<UploadedLoggerFile[]> {
    const rows = await this.db.query<{
      id: string;
      shipment_id: string;
      device_id: string;
      first_reading_at: Date;
      last_reading_at: Date;
      uploaded_at: string;
    }>(
      `SELECT f.id, f.shipment_id, f.device_id, f.first_reading_at, f.last_reading_at,
              f.uploaded_at::text AS uploaded_at
       FROM logger_files f WHERE f.uploaded_at > $1::timestamptz OR (f.uploaded_at = $1::timestamptz AND f.id > $2)
       ORDER BY f.uploaded_at, f.id LIMIT ${Math.max(1, Math.floor(limit))}`,
      [cursor.uploadedAt, cursor.id],
    );
    return rows.map((r) => ({
      id: r.id,
      shipmentId: r.shipment_id,
      deviceId: r.device_id,
      firstReadingAtMs: toMs(r.first_reading_at),
      lastReadingAtMs: toMs(r.last_reading_at),
      cursor: { uploadedAt: r.uploaded_at, id: r.id },
    }));
  }

  async fingerprint(): Promise<string> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT (SELECT count(*) FROM shipments WHERE status = 'in_transit') AS in_transit,
              (SELECT max(updated_at) FROM shipments) AS shipments_at,
              (SELECT count(*) FROM devices) AS devices,
              (SELECT max(updated_at) FROM devices) AS devices_at,
              (SELECT count(*) FROM profiles) AS profiles,
              (SELECT count(*) FROM storage_units) AS units,
              (SELECT count(*) FROM storage_unit_devices) AS unit_devices,
              (SELECT count(*) FROM stored_items) AS items,
              (SELECT count(*) FROM stored_items WHERE removed_at IS NULL) AS items_in,
              (SELECT count(*) FROM product_events) AS product_steps`,
    );
    return JSON.stringify(rows[0] ?? {});
  }
}
