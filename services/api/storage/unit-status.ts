import type { Finding, Reading, StorageUnit } from '../../domain/contract.js';
import {
  buildFinding,
  type FindingDraft,
  type MessageOptions,
  minutes,
  round1,
} from '../../domain/finding.js';
import { formatRange, resolveRange } from '../../domain/storage-modes.js';
import type { StoredItem } from '../../store/sql/storage-repo.js';

const MINUTE_MS = 60_000;
/** an item is due soon in its last 10 % of the limit, at most its last 7 days */
const DUE_SOON_MAX_MS = 7 * 86_400_000;

export type ItemState = 'ok' | 'due_soon' | 'overdue';

export interface UnitStatus {
  status: 'ok' | 'alarm';
  findings: Finding[];
  items: { id: string; product: string; storedAt: string; limitAt: string; state: ItemState }[];
}

/** 7.7 storage time limit: overdue past the limit, due soon near it. */
export function itemState(item: Pick<StoredItem, 'storedAt' | 'limitAt'>, nowMs: number): ItemState {
  const storedMs = Date.parse(item.storedAt);
  const limitMs = Date.parse(item.limitAt);
  if (nowMs > limitMs) return 'overdue';
  const soonMs = Math.min(DUE_SOON_MAX_MS, (limitMs - storedMs) / 10);
  return limitMs - nowMs <= soonMs ? 'due_soon' : 'ok';
}

/**
 * A storage unit now, from each sensor's recent readings (device-time order): no recent reading,
 * an excursion that has lasted at least the unit's alarm delay, or coolant under its minimum.
 * `silenceMs`: longer without a reading than this is NO_DATA.
 */
export function unitStatus(
  unit: StorageUnit,
  readingsByDevice: ReadonlyMap<string, readonly Reading[]>,
  items: readonly StoredItem[],
  nowMs: number,
  opts: MessageOptions & { lookbackMs: number; silenceMs: number },
): UnitStatus {
  const range = resolveRange(unit.storageMode, unit.tempMinC, unit.tempMaxC);
  const drafts: FindingDraft[] = [];
  for (const deviceId of unit.deviceIds) {
    const rs = readingsByDevice.get(deviceId) ?? [];
    const last = rs.at(-1);
    if (!last || nowMs - last.tsMs > opts.silenceMs) {
      drafts.push({
        code: 'NO_DATA',
        severity: 'critical',
        deviceId,
        fromMs: last?.tsMs ?? nowMs - opts.lookbackMs,
        toMs: nowMs,
        details: {},
      });
      continue;
    }
    // the excursion still open at the last reading (sample and hold from its first reading)
    let firstOut: Reading | undefined;
    let peakC = last.tempC;
    for (const r of rs) {
      const out = r.tempC < range.minC || r.tempC > range.maxC;
      if (!out) firstOut = undefined;
      else if (!firstOut) {
        firstOut = r;
        peakC = r.tempC;
      } else if (
        Math.abs(r.tempC - (range.maxC + range.minC) / 2) > Math.abs(peakC - (range.maxC + range.minC) / 2)
      ) {
        peakC = r.tempC;
      }
    }
    if (firstOut && nowMs - firstOut.tsMs >= unit.alarmDelayMinutes * MINUTE_MS) {
      drafts.push({
        code: 'TEMP_OUT_OF_RANGE',
        severity: 'critical',
        deviceId,
        fromMs: firstOut.tsMs,
        toMs: last.tsMs,
        details: {
          kind: 'excursion_open',
          rangeC: formatRange(range),
          durationMinutes: minutes(nowMs - firstOut.tsMs),
          peakC: round1(peakC),
        },
      });
    }
    if (
      unit.coolantMinPct !== undefined &&
      last.ln2LevelPct !== undefined &&
      last.ln2LevelPct < unit.coolantMinPct
    ) {
      drafts.push({
        code: 'COOLANT_LOW',
        clause: '7.7',
        severity: 'major',
        deviceId,
        fromMs: last.tsMs,
        toMs: last.tsMs,
        details: { coolantMinPct: unit.coolantMinPct, minPct: last.ln2LevelPct },
      });
    }
  }
  const findings = drafts.map((d) => buildFinding(d, opts));
  return {
    status: findings.length > 0 ? 'alarm' : 'ok',
    findings,
    items: items.map((i) => ({
      id: i.id,
      product: i.product,
      storedAt: i.storedAt,
      limitAt: i.limitAt,
      state: itemState(i, nowMs),
    })),
  };
}
