import type { Logger } from 'pino';
import type { Device, DeviceEvent, Reading, StorageUnit } from '../../domain/contract.js';
import {
  evaluateStorage,
  evaluateStorageWithSummaries,
  type StorageEvaluationInput,
  type StorageStatus,
  storageLoggerRules,
} from '../../domain/evaluate-storage.js';
import type { MessageOptions } from '../../domain/finding.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';
import type { StoredItem } from '../../store/sql/storage-repo.js';
import { type LongStorageRecord, loadLongStorageRecord } from './storage-record.js';

export interface UnitStatusResponse extends StorageStatus {
  items: (StorageStatus['items'][number] & { product: string })[];
  /** a long status: how many hours came as summaries and how many as their points */
  source?: LongStorageRecord['source'];
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
  const status = evaluateStorage(evaluationInput(unit, devices, storedItems, record, fromMs), nowMs, opts);
  return withProducts(status, storedItems);
}

function evaluationInput(
  unit: StorageUnit,
  devices: Device[],
  storedItems: readonly StoredItem[],
  record: { readings: Reading[]; events: DeviceEvent[] },
  fromMs: number,
): StorageEvaluationInput {
  return {
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
  };
}

function withProducts(status: StorageStatus, storedItems: readonly StoredItem[]): UnitStatusResponse {
  const productOf = new Map(storedItems.map((i) => [i.id, i.product]));
  return { ...status, items: status.items.map((i) => ({ ...i, product: productOf.get(i.id) ?? '' })) };
}

/** a summary the fold refuses is read raw and the status judged again, this many times at most */
const MAX_REFUSALS = 3;

/**
 * The status over a long lookback (days to 90 days): the same judgement as storageStatusOf, over a
 * record where quiet whole hours come as their hourly summaries (storage-record.ts) and every other
 * hour as its points, so 90 days of minute readings cost a few hundred summaries, not 100,000 points
 * per sensor. When the fold refuses a summary (it was not quiet there after all), that hour is read
 * raw and the status judged again; after MAX_REFUSALS the whole record is read raw.
 */
export async function longStorageStatusOf(
  unit: StorageUnit,
  devices: Device[],
  storedItems: readonly StoredItem[],
  store: ReadingsStore,
  nowMs: number,
  opts: MessageOptions & { lookbackMs: number; logger: Logger },
): Promise<UnitStatusResponse> {
  const lookbackFromMs = nowMs - opts.lookbackMs;
  const rawAnyway = new Set<string>();
  for (let attempt = 0; attempt <= MAX_REFUSALS; attempt++) {
    // every summary refused so far, or all of them on the last attempt, comes as points
    const rules = storageLoggerRules(unit, devices, lookbackFromMs, nowMs);
    const record = await loadLongStorageRecord(
      store,
      unit.deviceIds,
      lookbackFromMs,
      nowMs,
      rules,
      opts.logger,
      attempt === MAX_REFUSALS ? 'all' : rawAnyway,
    );
    const firstMs = Math.min(
      firstReadingMs(record.readings) ?? Number.POSITIVE_INFINITY,
      ...record.summaries.map((s) => s.first.tsMs),
    );
    const fromMs = Math.max(lookbackFromMs, Number.isFinite(firstMs) ? firstMs : lookbackFromMs);
    const input = {
      ...evaluationInput(unit, devices, storedItems, record, fromMs),
      summaries: record.summaries,
    };
    const status = evaluateStorageWithSummaries(input, nowMs, opts);
    if (!('refused' in status)) return { ...withProducts(status, storedItems), source: record.source };
    opts.logger.warn(
      {
        unitId: unit.id,
        refused: status.refused.map((s) => `${s.deviceId}@${new Date(s.hourMs).toISOString()}`),
      },
      'hourly summary refused by the fold; reading its hour raw',
    );
    for (const s of status.refused) rawAnyway.add(`${s.deviceId}|${s.hourMs}`);
  }
  throw new Error(`storage status of ${unit.id}: summaries refused after a raw read`);
}
