import type { DeviceEvent, Reading } from '../../domain/contract.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';
import {
  EMPTY_FINGERPRINT,
  type Fingerprinter,
  fingerprintOf,
  type RecordFingerprint,
  sameFingerprint,
} from '../../store/readings/record-fingerprint.js';
import { collect, collectPages } from './shipment-record.js';

export interface DeviceRecord {
  readonly readings: readonly Reading[];
  readonly events: readonly DeviceEvent[];
}

interface Entry extends DeviceRecord {
  readonly fromMs: number;
  readonly toMs: number;
  readonly fingerprint: RecordFingerprint;
}

/**
 * Keeps each device's record as last read from InfluxDB. On every request InfluxDB's own
 * aggregates over the requested range (one query for all the devices, a few ms) must equal the
 * cached data's, else the device is read again: a new reading, a late backlog reading, a rewrite or
 * a deletion is always seen, so the verdict is still computed from the stored record, without
 * transferring 10,000 points per logger on every request. When only newer points were added, just
 * those are read.
 */
export class DeviceRecordCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly readings: ReadingsStore,
    private readonly fingerprints: Fingerprinter,
    private readonly maxDevices = 256,
  ) {}

  /** Each device's readings and events in [fromMs, toMs], device-time order; treat them as read-only. */
  async loadMany(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<DeviceRecord[]> {
    // InfluxDB's aggregates are only compared with what is cached: a device read afresh skips them
    const anyCached = deviceIds.some((id) => this.entries.get(id)?.fromMs === fromMs);
    const stored = anyCached
      ? await this.fingerprints(deviceIds, fromMs, toMs)
      : new Map<string, RecordFingerprint>();
    return Promise.all(
      deviceIds.map((id) => this.load(id, fromMs, toMs, stored.get(id) ?? EMPTY_FINGERPRINT)),
    );
  }

  private async load(
    deviceId: string,
    fromMs: number,
    toMs: number,
    stored: RecordFingerprint,
  ): Promise<DeviceRecord> {
    const cached = this.entries.get(deviceId);
    if (cached && cached.fromMs === fromMs && cached.toMs <= toMs) {
      if (sameFingerprint(stored, cached.fingerprint)) {
        return this.keep(deviceId, { ...cached, toMs });
      }
      // perhaps only points after the cached range: read those and check the whole again
      const [rs, es] = await Promise.all([
        collectPages(this.readings.readingPagesOf(deviceId, cached.toMs + 1, toMs)),
        collect(this.readings.eventsOf(deviceId, cached.toMs + 1, toMs)),
      ]);
      // a new entry, never a mutated one: a concurrent request may still hold the old arrays
      const readings = cached.readings.concat(rs);
      const events = cached.events.concat(es);
      const fingerprint = fingerprintOf(readings, events);
      if (sameFingerprint(stored, fingerprint)) {
        return this.keep(deviceId, { fromMs, toMs, readings, events, fingerprint });
      }
    }
    const [readings, events] = await Promise.all([
      collectPages(this.readings.readingPagesOf(deviceId, fromMs, toMs, { pageSize: 20_000 })),
      collect(this.readings.eventsOf(deviceId, fromMs, toMs)),
    ]);
    return this.keep(deviceId, {
      fromMs,
      toMs,
      readings,
      events,
      fingerprint: fingerprintOf(readings, events),
    });
  }

  private keep(deviceId: string, entry: Entry): Entry {
    this.entries.delete(deviceId);
    this.entries.set(deviceId, entry);
    if (this.entries.size > this.maxDevices) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
