import type { DeviceEvent, Reading } from '../domain/contract.js';
import type { Target } from './targets.js';
import type { Watch } from './watch.js';

/**
 * Readings of a logger the worker has no watch for yet (its shipment was dispatched a moment ago and
 * the assignments are not re-read yet) are kept for the last UNROUTED_KEEP_MS of arrivals: a new
 * watch loads the stored record from InfluxDB, and the newest readings may still be in the
 * gateway's spool then. Without them the watch saw a hole the verdict never had.
 */
const UNROUTED_KEEP_MS = 30_000;
const UNROUTED_MAX_READINGS = 5_000;
const UNROUTED_MAX_DEVICES = 5_000;

export type Batch = { readings: Reading[]; events: DeviceEvent[] };

/** Which watch gets a reading: the device's assignment now, or a short wait for one. */
export class Router {
  private readonly byDevice = new Map<string, Watch>();
  /** per device: [arrival by the worker's clock, reading] */
  private readonly unrouted = new Map<string, [number, Reading][]>();

  watchOf(deviceId: string): Watch | undefined {
    return this.byDevice.get(deviceId);
  }

  /** Splits what arrived by watch; readings of devices no watch serves yet wait (see above). */
  route(readings: Reading[], events: DeviceEvent[], nowMs: number): Map<Watch, Batch> {
    const byWatch = new Map<Watch, Batch>();
    const slot = (deviceId: string) => {
      const w = this.byDevice.get(deviceId);
      if (!w) return undefined;
      let s = byWatch.get(w);
      if (!s) {
        s = { readings: [], events: [] };
        byWatch.set(w, s);
      }
      return s;
    };
    for (const r of readings) {
      const s = slot(r.deviceId);
      if (s) s.readings.push(r);
      else {
        const waiting = this.unrouted.get(r.deviceId) ?? [];
        waiting.push([nowMs, r]);
        let drop = Math.max(0, waiting.length - UNROUTED_MAX_READINGS);
        while (drop < waiting.length && waiting[drop]![0] < nowMs - UNROUTED_KEEP_MS) drop++;
        if (drop > 0) waiting.splice(0, drop);
        this.unrouted.set(r.deviceId, waiting);
      }
    }
    for (const e of events) slot(e.deviceId)?.events.push(e);
    return byWatch;
  }

  /**
   * Routes devices to the watches of their current assignments; returns the readings that waited
   * for each newly routed device.
   */
  assign(
    byDevice: Map<string, Target>,
    watchOfTarget: (t: Target) => Watch | undefined,
  ): [Watch, Reading[]][] {
    const handed: [Watch, Reading[]][] = [];
    this.byDevice.clear();
    for (const [deviceId, t] of byDevice) {
      const w = watchOfTarget(t);
      if (!w) continue;
      this.byDevice.set(deviceId, w);
      const waiting = this.unrouted.get(deviceId)?.map(([, r]) => r);
      if (waiting) handed.push([w, waiting]);
      this.unrouted.delete(deviceId);
    }
    if (this.unrouted.size > UNROUTED_MAX_DEVICES) this.unrouted.clear();
    return handed;
  }
}
