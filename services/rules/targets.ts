import type { Device, Profile, Shipment, StorageUnit, StoredItemInput } from '../domain/contract.js';
import { type LoggerRules, profileLoggerRules, toleranceRules } from '../domain/logger-rules.js';
import { mktApplies, resolveRange, stuckCheckApplies } from '../domain/storage-modes.js';
import { fromJson, type SqlQueryable, toMs } from '../store/sql/sql-db.js';

/** A shipment in transit: the window opened at dispatch and is open until receipt. */
export interface ShipmentTarget {
  kind: 'shipment';
  scopeKey: string;
  shipment: Shipment;
  profile: Profile;
  dispatchedAtMs: number;
  devices: Device[];
}

export interface StoredItemTarget {
  id: string;
  product: string;
  storedAtMs: number;
  limitAtMs: number;
}

export interface UnitTarget {
  kind: 'unit';
  scopeKey: string;
  unit: StorageUnit;
  devices: Device[];
  items: StoredItemTarget[];
}

export type Target = ShipmentTarget | UnitTarget;

export interface Targets {
  shipments: Map<string, ShipmentTarget>;
  units: Map<string, UnitTarget>;
  /** which target a device serves now: a logger its shipment in transit, a sensor its unit */
  byDevice: Map<string, Target>;
}

const MINUTE_MS = 60_000;

/** A storage unit watches its sensors without end; its gap limit follows the sensors' interval. */
export function unitLoggerRules(unit: StorageUnit, device: Device | undefined, fromMs: number): LoggerRules {
  const intervalMs = (device?.loggingIntervalS ?? 60) * 1000;
  return {
    storageMode: unit.storageMode,
    range: resolveRange(unit.storageMode, unit.tempMinC, unit.tempMaxC),
    ...toleranceRules(undefined),
    // 7.7 storage: the unit's own alarm delay (a door opened for loading is not an excursion yet)
    alarmDelayMs: unit.alarmDelayMinutes * MINUTE_MS,
    maxGapMs: Math.max(3 * intervalMs, 15 * MINUTE_MS),
    coolantMinPct: unit.coolantMinPct,
    mkt: mktApplies(unit.storageMode),
    stuckCheck: stuckCheckApplies(unit.storageMode),
    windowFromMs: fromMs,
    windowToMs: Number.POSITIVE_INFINITY,
  };
}

/** The rules one device is judged by while it serves `target`. */
export function rulesFor(target: Target, deviceId: string, unitFromMs: number): LoggerRules {
  if (target.kind === 'shipment') {
    return profileLoggerRules(target.profile, target.dispatchedAtMs, Number.POSITIVE_INFINITY);
  }
  return unitLoggerRules(
    target.unit,
    target.devices.find((d) => d.id === deviceId),
    unitFromMs,
  );
}

/** Reads what the rules worker watches from the records store. */
export async function loadTargets(db: SqlQueryable): Promise<Targets> {
  const targets: Targets = { shipments: new Map(), units: new Map(), byDevice: new Map() };
  // which shipment a logger serves now: its open assignment window (dispatch .. receipt)
  const shipmentRows = await db.query<{ body: unknown; profile: unknown; dispatched_at: Date }>(
    `SELECT s.body, p.body AS profile, s.dispatched_at FROM shipments s
     JOIN profiles p ON p.id = s.profile_id AND p.version = s.profile_version
     WHERE s.status = 'in_transit' AND s.dispatched_at IS NOT NULL`,
  );
  const assignmentRows = await db.query<{ device_id: string; shipment_id: string }>(
    `SELECT a.device_id, a.shipment_id FROM device_assignments a JOIN shipments s ON s.id = a.shipment_id
     WHERE s.status = 'in_transit' AND a.from_at IS NOT NULL AND a.to_at IS NULL`,
  );
  // only the devices something watches: loggers of shipments in transit, sensors of storage units
  const deviceRows = await db.query<{ id: string; body: unknown }>(
    `SELECT id, body FROM devices WHERE id IN (
       SELECT device_id FROM device_assignments a JOIN shipments s ON s.id = a.shipment_id
       WHERE s.status = 'in_transit'
       UNION SELECT device_id FROM storage_unit_devices)`,
  );
  const devices = new Map(deviceRows.map((r) => [r.id, fromJson<Device>(r.body)]));
  const pick = (ids: readonly string[]) => ids.flatMap((id) => devices.get(id) ?? []);
  for (const r of shipmentRows) {
    const shipment = fromJson<Shipment>(r.body);
    targets.shipments.set(shipment.id, {
      kind: 'shipment',
      scopeKey: `shp:${shipment.id}`,
      shipment,
      profile: fromJson<Profile>(r.profile),
      dispatchedAtMs: toMs(r.dispatched_at),
      devices: pick(shipment.deviceIds),
    });
  }
  for (const a of assignmentRows) {
    const t = targets.shipments.get(a.shipment_id);
    if (t) targets.byDevice.set(a.device_id, t);
  }
  const unitRows = await db.query<{ body: unknown }>('SELECT body FROM storage_units');
  const itemRows = await db.query<{
    id: string;
    unit_id: string;
    body: unknown;
    stored_at: Date;
    limit_at: Date;
  }>('SELECT id, unit_id, body, stored_at, limit_at FROM stored_items WHERE removed_at IS NULL');
  for (const r of unitRows) {
    const unit = fromJson<StorageUnit>(r.body);
    const t: UnitTarget = {
      kind: 'unit',
      scopeKey: `unit:${unit.id}`,
      unit,
      devices: pick(unit.deviceIds),
      items: itemRows
        .filter((i) => i.unit_id === unit.id)
        .map((i) => ({
          id: i.id,
          product: fromJson<StoredItemInput>(i.body).product,
          storedAtMs: toMs(i.stored_at),
          limitAtMs: toMs(i.limit_at),
        })),
    };
    targets.units.set(unit.id, t);
    for (const id of unit.deviceIds) if (!targets.byDevice.has(id)) targets.byDevice.set(id, t);
  }
  return targets;
}

/** Identity of a device's assignment: when it changes, the device's state starts afresh. */
export function assignmentKey(target: Target): string {
  return target.kind === 'shipment' ? `${target.scopeKey}@${target.dispatchedAtMs}` : target.scopeKey;
}

/**
 * A cheap summary of everything loadTargets reads: when it has not changed, the worker skips the
 * full reload (which parses every device and shipment in transit).
 */
export async function targetsFingerprint(db: SqlQueryable): Promise<string> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM shipments WHERE status = 'in_transit') AS in_transit,
            (SELECT max(updated_at) FROM shipments) AS shipments_at,
            (SELECT count(*) FROM devices) AS devices,
            (SELECT max(updated_at) FROM devices) AS devices_at,
            (SELECT count(*) FROM profiles) AS profiles,
            (SELECT count(*) FROM storage_units) AS units,
            (SELECT count(*) FROM storage_unit_devices) AS unit_devices,
            (SELECT count(*) FROM stored_items) AS items,
            (SELECT count(*) FROM stored_items WHERE removed_at IS NULL) AS items_in`,
  );
  return JSON.stringify(rows[0] ?? {});
}
