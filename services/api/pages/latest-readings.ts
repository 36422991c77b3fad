import type { Reading } from '../../domain/contract.js';
import type { ReadingsStore } from '../../store/readings/readings-store.js';

/** how far back a logger's latest reading is looked for */
export const LATEST_LOOKBACK_MS = 6 * 3_600_000;

export interface LatestReading {
  deviceId: string;
  /** null when the logger sent nothing in the last six hours */
  tsMs: number | null;
  tempC: number | null;
}

async function latestOf(
  readings: Pick<ReadingsStore, 'readingPagesOf'>,
  deviceId: string,
  nowMs: number,
): Promise<Reading | undefined> {
  let last: Reading | undefined;
  for await (const page of readings.readingPagesOf(deviceId, nowMs - LATEST_LOOKBACK_MS, nowMs)) {
    last = page[page.length - 1] ?? last;
  }
  return last;
}

/** Each logger's latest reading of the last six hours (the board and the handover page show it). */
export function latestReadingsOf(
  readings: Pick<ReadingsStore, 'readingPagesOf'>,
  deviceIds: readonly string[],
  nowMs: number,
): Promise<LatestReading[]> {
  return Promise.all(
    deviceIds.map(async (deviceId) => {
      const r = await latestOf(readings, deviceId, nowMs);
      return r ? { deviceId, tsMs: r.tsMs, tempC: r.tempC } : { deviceId, tsMs: null, tempC: null };
    }),
  );
}
