import type { DeviceEvent, Reading } from '../../domain/contract.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';
import { fingerprintOf, type RecordFingerprint, sameFingerprint } from './record-fingerprint.js';

interface Entry {
  readonly fromMs: number;
  readonly toMs: number;
  readonly readings: readonly Reading[];
  readonly events: readonly DeviceEvent[];
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Keeps each device's record as last read from InfluxDB. Before reuse, InfluxDB's own aggregates
 * over the cached range must equal the cached data's (so a late backlog reading, a rewrite or a
 * deletion forces a fresh read): the verdict is still computed from the stored record, without
 * transferring 10,000 points per logger on every request. Only the part after the cached range
 * is read anew.
 */
export class DeviceRecordCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly readings: ReadingsStore,
    private readonly fingerprint: (
      deviceId: string,
      fromMs: number,
      toMs: number,
    ) => Promise<RecordFingerprint>,
    private readonly maxDevices = 256,
  ) {}

  /** The device's readings and events in [fromMs, toMs], device-time order; treat them as read-only. */
  async load(
    deviceId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ readonly readings: readonly Reading[]; readonly events: readonly DeviceEvent[] }> {
    const cached = this.entries.get(deviceId);
    if (cached && cached.fromMs === fromMs && cached.toMs <= toMs) {
      const stored = await this.fingerprint(deviceId, fromMs, cached.toMs);
      if (sameFingerprint(stored, fingerprintOf(cached.readings, cached.events))) {
        if (cached.toMs < toMs) {
          const [rs, es] = await Promise.all([
            collect(this.readings.readingsOf(deviceId, cached.toMs + 1, toMs)),
            collect(this.readings.eventsOf(deviceId, cached.toMs + 1, toMs)),
          ]);
          // a new entry, never a mutated one: a concurrent request may still hold the old arrays
          const extended = {
            fromMs,
            toMs,
            readings: cached.readings.concat(rs),
            events: cached.events.concat(es),
          };
          this.touch(deviceId, extended);
          return extended;
        }
        this.touch(deviceId, cached);
        return cached;
      }
    }
    const [readings, events] = await Promise.all([
      collect(this.readings.readingsOf(deviceId, fromMs, toMs, { pageSize: 20_000 })),
      collect(this.readings.eventsOf(deviceId, fromMs, toMs)),
    ]);
    this.touch(deviceId, { fromMs, toMs, readings, events });
    return { readings, events };
  }

  private touch(deviceId: string, entry: Entry): void {
    this.entries.delete(deviceId);
    this.entries.set(deviceId, entry);
    if (this.entries.size > this.maxDevices) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
