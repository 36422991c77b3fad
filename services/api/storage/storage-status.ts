import type { Device, DeviceEvent, Reading, StorageUnit } from '../../domain/contract.js';
import { evaluateStorage, type StorageStatus } from '../../domain/evaluate-storage.js';
import type { MessageOptions } from '../../domain/finding.js';
import type { StoredItem } from '../../store/sql/storage-repo.js';

export interface UnitStatusResponse extends StorageStatus {
  items: (StorageStatus['items'][number] & { product: string })[];
}

/** The first reading of the unit's sensors in the record, or undefined when none reported. */
function firstReadingMs(readings: readonly Reading[]): number | undefined {
  let firstMs: number | undefined;
  for (const r of readings) if (firstMs === undefined || r.tsMs < firstMs) firstMs = r.tsMs;
  return firstMs;
}

/**
 * GET /storage-units/:id/status: the domain's evaluateStorage (the code the verdicts use, 7.7) over
 * the recent record, never a rule of its own. The window is the last `lookbackMs`, starting no earlier
 * than the first reading of the unit's sensors in it: a unit whose sensors started an hour ago is not
 * "incomplete" for the 23 hours before, while a sensor silent beside one that kept reporting still is,
 * and a unit with no reading at all is NO_DATA over the whole lookback.
 */
export function storageStatusOf(
  unit: StorageUnit,
  devices: Device[],
  storedItems: readonly StoredItem[],
  record: { readings: Reading[]; events: DeviceEvent[] },
  nowMs: number,
  opts: MessageOptions & { lookbackMs: number },
): UnitStatusResponse {
  const lookbackFromMs = nowMs - opts.lookbackMs;
  const fromMs = Math.max(lookbackFromMs, firstReadingMs(record.readings) ?? lookbackFromMs);
  const status = evaluateStorage(
    {
      unit,
      devices,
      items: storedItems.map((i) => ({
        id: i.id,
        product: i.product,
        storedAtMs: Date.parse(i.storedAt),
        storageLimitDays: i.storageLimitDays,
        removedAtMs: i.removedAt ? Date.parse(i.removedAt) : undefined,
      })),
      readings: record.readings,
      events: record.events,
      fromMs,
    },
    nowMs,
    opts,
  );
  const productOf = new Map(storedItems.map((i) => [i.id, i.product]));
  return { ...status, items: status.items.map((i) => ({ ...i, product: productOf.get(i.id) ?? '' })) };
}
