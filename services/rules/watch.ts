import type { DeviceEvent, Reading } from '../domain/contract.js';
import { buildFinding } from '../domain/finding.js';
import { LoggerMonitor } from '../domain/logger-monitor.js';
import type { LoggerRules } from '../domain/logger-rules.js';
import { profileLoggerRules } from '../domain/logger-rules.js';
import type { Locale } from '../domain/messages/catalog.js';
import { type WarningBand, WarningBandWatch, warningBandOf } from '../domain/pre-alarm.js';
import { recordReadWindow } from '../domain/record-window.js';
import { ShipmentMonitor } from '../domain/shipment-monitor.js';
import type { TempRange } from '../domain/storage-modes.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { Transition } from './alert-writer.js';
import { type ShipmentTarget, type UnitTarget, unitLoggerRules } from './targets.js';

/**
 * What the worker watches, each around the domain's own monitor (the code the verdict runs):
 * a shipment in transit (ShipmentMonitor) or a storage unit (a LoggerMonitor per sensor).
 * A watch starts "loading": its stored record is read back from InfluxDB first, and readings that
 * arrive meanwhile wait in `buffer`, so a new assignment or a restart sees the whole record.
 */
export interface Watch {
  readonly scopeKey: string;
  loading: boolean;
  buffer: { readings: Reading[]; events: DeviceEvent[] };
  target: ShipmentTarget | UnitTarget;
  range: TempRange;
  maxGapMs: number;
  add(readings: Reading[], events: DeviceEvent[], nowMs: number): Transition[];
  tick(nowMs: number): Transition[];
  /** device time of each device's newest reading, now */
  deviceTimes(): Map<string, number>;
  /** reads the stored record back; emits what it shows (deduplicated by episode key downstream) */
  load(store: Pick<ReadingsStore, 'readingsOf' | 'eventsOf'>, nowMs: number): Promise<Transition[]>;
}

/** Pre-alarms (issue #17): each device's warning band, run beside the monitor on the same readings. */
class WarningBands {
  private readonly watches = new Map<string, WarningBandWatch>();
  constructor(
    readonly band: WarningBand | undefined,
    range: TempRange,
    deviceIds: Iterable<string>,
    delayMs: number,
    fromMs: number,
  ) {
    if (!band) return;
    for (const id of new Set(deviceIds))
      this.watches.set(id, new WarningBandWatch(id, range, band, { delayMs, fromMs }));
  }

  add(readings: Reading[]): Transition[] {
    if (this.watches.size === 0 || !this.band) return [];
    const band = this.band;
    const out: Transition[] = [];
    for (const w of this.watches.values())
      for (const tr of w.add(readings)) out.push({ ...tr, code: 'TEMP_OUT_OF_RANGE', band });
    return out;
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export class ShipmentWatch implements Watch {
  loading = true;
  buffer = { readings: [] as Reading[], events: [] as DeviceEvent[] };
  readonly monitor: ShipmentMonitor;
  readonly range: TempRange;
  readonly maxGapMs: number;
  private readonly warnings: WarningBands;

  constructor(
    public target: ShipmentTarget,
    locale: Locale,
    timeZone: string,
    lateAfterMs: number | undefined,
  ) {
    this.monitor = new ShipmentMonitor(
      {
        shipment: target.shipment,
        profile: target.profile,
        devices: target.devices,
        dispatchedAtMs: target.dispatchedAtMs,
      },
      { locale, timeZone, lateAfterMs },
    );
    const rules = profileLoggerRules(target.profile, target.dispatchedAtMs, Number.POSITIVE_INFINITY);
    this.range = rules.range;
    this.maxGapMs = rules.maxGapMs;
    this.warnings = new WarningBands(
      warningBandOf(rules.range, target.profile),
      rules.range,
      target.shipment.deviceIds,
      rules.alarmDelayMs,
      target.dispatchedAtMs,
    );
  }

  get scopeKey(): string {
    return this.target.scopeKey;
  }

  add(readings: Reading[], events: DeviceEvent[], nowMs: number): Transition[] {
    const out: Transition[] = this.monitor.addReadings(readings, nowMs);
    out.push(...this.warnings.add(readings));
    if (events.length > 0) out.push(...this.monitor.addEvents(events, nowMs));
    return out;
  }

  tick(nowMs: number): Transition[] {
    return this.monitor.tick(nowMs);
  }

  deviceTimes(): Map<string, number> {
    return new Map(this.target.shipment.deviceIds.map((id) => [id, this.monitor.lastReadingMs(id)]));
  }

  async load(store: Pick<ReadingsStore, 'readingsOf' | 'eventsOf'>, nowMs: number): Promise<Transition[]> {
    const { fromMs } = recordReadWindow(this.maxGapMs, this.target.dispatchedAtMs, nowMs);
    const readings: Reading[] = [];
    const events: DeviceEvent[] = [];
    for (const id of new Set(this.target.shipment.deviceIds)) {
      readings.push(...(await collect(store.readingsOf(id, fromMs, nowMs))));
      events.push(...(await collect(store.eventsOf(id, fromMs, nowMs))));
    }
    return this.add(readings, events, nowMs);
  }
}

/**
 * A storage unit is watched for months: its monitors keep the last day of readings and fold older
 * ones into a checkpoint (once an hour), so memory stays flat. The full record stays in InfluxDB.
 */
export const UNIT_RETAIN_MS = 24 * 3_600_000;
const UNIT_COMPACT_EVERY_MS = 3_600_000;

export class UnitWatch implements Watch {
  loading = true;
  private compactedAtMs = Number.NEGATIVE_INFINITY;
  buffer = { readings: [] as Reading[], events: [] as DeviceEvent[] };
  readonly monitors = new Map<string, LoggerMonitor>();
  readonly range: TempRange;
  readonly maxGapMs: number;
  private readonly fromMs: number;
  private readonly warnings: WarningBands;

  constructor(
    public target: UnitTarget,
    locale: Locale,
    timeZone: string,
    lateAfterMs: number | undefined,
    fromMs: number,
  ) {
    this.fromMs = fromMs;
    let rules: LoggerRules | undefined;
    for (const id of new Set(target.unit.deviceIds)) {
      rules = unitLoggerRules(
        target.unit,
        target.devices.find((d) => d.id === id),
        fromMs,
      );
      this.monitors.set(
        id,
        new LoggerMonitor(id, rules, {
          toFinding: (d) => buildFinding(d, { locale, timeZone }),
          lateAfterMs,
        }),
      );
    }
    const any = rules ?? unitLoggerRules(target.unit, undefined, fromMs);
    this.range = any.range;
    this.maxGapMs = any.maxGapMs;
    this.warnings = new WarningBands(
      warningBandOf(any.range, target.unit),
      any.range,
      target.unit.deviceIds,
      any.alarmDelayMs,
      fromMs,
    );
  }

  get scopeKey(): string {
    return this.target.scopeKey;
  }

  add(readings: Reading[], _events: DeviceEvent[], nowMs: number): Transition[] {
    const out: Transition[] = [];
    for (const [id, m] of this.monitors) {
      const own = readings.filter((r) => r.deviceId === id);
      if (own.length > 0) out.push(...m.add(own, nowMs));
    }
    out.push(...this.warnings.add(readings));
    return out;
  }

  deviceTimes(): Map<string, number> {
    return new Map([...this.monitors].map(([id, m]) => [id, m.lastReadingMs]));
  }

  tick(nowMs: number): Transition[] {
    const out: Transition[] = [];
    for (const m of this.monitors.values()) out.push(...m.tick(nowMs));
    if (nowMs - this.compactedAtMs >= UNIT_COMPACT_EVERY_MS) {
      for (const m of this.monitors.values()) m.compactBefore(nowMs - UNIT_RETAIN_MS);
      this.compactedAtMs = nowMs;
    }
    return out;
  }

  async load(store: Pick<ReadingsStore, 'readingsOf' | 'eventsOf'>, nowMs: number): Promise<Transition[]> {
    const readings: Reading[] = [];
    for (const id of this.monitors.keys())
      readings.push(...(await collect(store.readingsOf(id, this.fromMs, nowMs))));
    return this.add(readings, [], nowMs);
  }
}
