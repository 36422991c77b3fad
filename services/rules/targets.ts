import type { Device, Profile, Shipment, StorageUnit } from '../domain/contract.js';
import { type LoggerRules, profileLoggerRules, toleranceRules } from '../domain/logger-rules.js';
import { mktApplies, resolveRange, stuckCheckApplies } from '../domain/storage-modes.js';
import type { WatchedProduct, WatchRepo } from '../store/sql/watch-repo.js';

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

/** A product whose use-time clock runs (issue 16, 7.8); its alerts go to its site's people. */
export type ProductTarget = WatchedProduct;

export interface Targets {
  shipments: Map<string, ShipmentTarget>;
  units: Map<string, UnitTarget>;
  /** products out of storage for use, by id */
  products: Map<string, ProductTarget>;
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

/** Builds what the rules worker watches from the records store's rows. */
export async function loadTargets(watch: WatchRepo): Promise<Targets> {
  const targets: Targets = {
    shipments: new Map(),
    units: new Map(),
    products: new Map(),
    byDevice: new Map(),
  };
  const rows = await watch.load();
  for (const p of rows.products) targets.products.set(p.id, p);
  const devices = new Map(rows.devices.map((d) => [d.id, d]));
  const pick = (ids: readonly string[]) => ids.flatMap((id) => devices.get(id) ?? []);
  for (const r of rows.shipments) {
    const shipment = r.shipment;
    targets.shipments.set(shipment.id, {
      kind: 'shipment',
      scopeKey: `shp:${shipment.id}`,
      shipment,
      profile: r.profile,
      dispatchedAtMs: r.dispatchedAtMs,
      devices: pick(shipment.deviceIds),
    });
  }
  // which shipment a logger serves now: its open assignment window (dispatch .. receipt)
  for (const a of rows.assignments) {
    const t = targets.shipments.get(a.shipmentId);
    if (t) targets.byDevice.set(a.deviceId, t);
  }
  for (const unit of rows.units) {
    const t: UnitTarget = {
      kind: 'unit',
      scopeKey: `unit:${unit.id}`,
      unit,
      devices: pick(unit.deviceIds),
      items: rows.items
        .filter((i) => i.unitId === unit.id)
        .map((i) => ({ id: i.id, product: i.product, storedAtMs: i.storedAtMs, limitAtMs: i.limitAtMs })),
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
