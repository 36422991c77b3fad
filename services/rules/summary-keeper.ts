import type { Logger } from '../config/log.js';
import { HOUR_MS, hourOf } from '../domain/hour-summary.js';
import { keepHourlySummaries } from '../store/readings/keep-summaries.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { RecordsStore } from '../store/sql/records-store.js';

export interface SummaryKeeperOptions {
  records: Pick<RecordsStore, 'storage'>;
  readings: ReadingsStore;
  logger: Logger;
  now?: () => number;
  /** how often the keeper looks (default 10 minutes) */
  everyMs?: number;
  /** how far back each look goes (default 48 hours: late readings of the last two days) */
  backHours?: number;
}

export interface SummaryKeeper {
  /** one look now (tests; the timer calls it too); resolves with the summaries made */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Keeps the hourly summaries of every storage unit's sensors up to date, ahead of the long status
 * and the report (which would make them on the way, slower): every `everyMs`, the complete hours of
 * the last `backHours` are checked against InfluxDB's counts and the missing or stale ones made again.
 * Outside the rules' own chain, one look at a time; a failed look is logged and tried at the next.
 * Idempotent: two keepers (a standby taking over) write the same points.
 */
export function startSummaryKeeper(o: SummaryKeeperOptions): SummaryKeeper {
  const now = o.now ?? Date.now;
  const backHours = o.backHours ?? 48;
  let running: Promise<number> | undefined;
  let closed = false;
  const look = async (): Promise<number> => {
    const units = await o.records.storage.listUnits();
    const ids = [...new Set(units.flatMap((u) => u.deviceIds))];
    if (ids.length === 0) return 0;
    const toHourMs = hourOf(now());
    const kept = await keepHourlySummaries(
      o.readings,
      ids,
      toHourMs - backHours * HOUR_MS,
      toHourMs,
      o.logger,
    );
    if (kept.made > 0) o.logger.debug({ made: kept.made, sensors: ids.length }, 'hourly summaries kept');
    return kept.made;
  };
  const runOnce = () => {
    running ??= look().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(
    () => {
      if (closed) return;
      runOnce().catch((err: unknown) =>
        o.logger.warn({ err }, 'hourly summaries not kept; trying again later'),
      );
    },
    o.everyMs ?? 10 * 60_000,
  );
  timer.unref();
  return {
    runOnce,
    async close() {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
