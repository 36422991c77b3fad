import type { AlertDetails, AlertRecord } from '../store/sql/alerts-repo.js';
import type { Target } from './targets.js';

/**
 * Clear hold: an alert whose condition ended is resolved only once its device has stayed clear for
 * a hold (three logging intervals of device time, or as long by the server's clock when the device
 * is silent), and an episode of the same kind on the same device that starts again within the hold
 * continues that alert. A reading that dithers around a limit (8.1 °C, 7.9 °C, 8.2 °C ...) or a
 * level that hovers at its minimum is one alert with one "resolved" mail, not one per crossing.
 * The verdict keeps every episode as it happened; only alerts are held.
 */
export interface PendingEnd {
  target: Target | undefined;
  /** the held alert */
  alert: Pick<AlertRecord, 'episodeKey' | 'kind' | 'deviceId'>;
  /** raised from a backlog and not mailed yet: its one mail is the "resolved" one */
  unmailed?: AlertRecord;
  /** device time the condition ended */
  endedAtMs: number;
  details: AlertDetails;
  mail: boolean;
  holdMs: number;
  /** server time the end was seen */
  sinceMs: number;
}

const MIN_HOLD_MS = 1_000;

/** Three logging intervals of the device. */
export function clearHoldMs(target: Target | undefined, deviceId: string | undefined): number {
  const intervalS = target?.devices.find((d) => d.id === deviceId)?.loggingIntervalS ?? 60;
  return Math.max(MIN_HOLD_MS, 3 * intervalS * 1000);
}

/** groups episodes that may continue one another: same place, device and kind */
export const holdGroup = (a: Pick<AlertRecord, 'kind' | 'deviceId'>, scopeKey: string) =>
  `${scopeKey}|${a.deviceId ?? ''}|${a.kind}`;

export class ClearHolds {
  private readonly pending = new Map<string, PendingEnd>(); // by the alert's episode key
  /** episode key of a continuation -> episode key of the alert it continues */
  private readonly alias = new Map<string, string>();

  get size(): number {
    return this.pending.size;
  }

  /** The alert an episode belongs to (itself, or the alert it continues). */
  alertKey(episodeKey: string): string {
    return this.alias.get(episodeKey) ?? episodeKey;
  }

  hold(p: PendingEnd): void {
    this.pending.set(p.alert.episodeKey, p);
  }

  /** An episode starting at `fromMs` continues a held alert of its group, if one ended within the hold. */
  continuation(episodeKey: string, group: string, scopeKey: string, fromMs: number): PendingEnd | undefined {
    for (const p of this.pending.values()) {
      if (holdGroup(p.alert, scopeKey) !== group) continue;
      if (fromMs - p.endedAtMs > p.holdMs) continue;
      this.pending.delete(p.alert.episodeKey);
      this.alias.set(episodeKey, p.alert.episodeKey);
      return p;
    }
    return undefined;
  }

  take(alertKey: string): PendingEnd | undefined {
    const p = this.pending.get(alertKey);
    this.pending.delete(alertKey);
    return p;
  }

  /** Held ends of `scopeKey` that are due: the device has been clear for the hold. */
  due(scopeKey: string, lastReadingMs: (deviceId: string) => number, nowMs: number): PendingEnd[] {
    const out: PendingEnd[] = [];
    for (const p of this.pending.values()) {
      if (!p.alert.episodeKey.startsWith(`${scopeKey}|`)) continue;
      const deviceMs = p.alert.deviceId ? lastReadingMs(p.alert.deviceId) : Number.NEGATIVE_INFINITY;
      if (deviceMs - p.endedAtMs >= p.holdMs || nowMs - p.sinceMs >= p.holdMs) out.push(p);
    }
    for (const p of out) this.pending.delete(p.alert.episodeKey);
    return out;
  }

  /** Every held end of `scopeKey` (its window closed). */
  all(scopeKey: string): PendingEnd[] {
    return this.due(scopeKey, () => Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
}
