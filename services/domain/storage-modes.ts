import type { StorageMode } from './contract.js';

/** A temperature range, limits inclusive (DESIGN.md: 2.0 and 8.0 are inside 2-8 °C). */
export interface TempRange {
  minC: number;
  maxC: number;
}

/** 7.7 storage modes and their default ranges; a profile or storage unit may state its own. */
export const STORAGE_MODE_DEFAULTS: Record<StorageMode, { range: TempRange; coolantWatch: boolean }> = {
  ln2_vapor: { range: { minC: Number.NEGATIVE_INFINITY, maxC: -150 }, coolantWatch: true },
  dry_ice: { range: { minC: Number.NEGATIVE_INFINITY, maxC: -60 }, coolantWatch: true },
  ultra_low: { range: { minC: -90, maxC: -60 }, coolantWatch: false },
  refrigerated: { range: { minC: 2, maxC: 8 }, coolantWatch: false },
  controlled_room: { range: { minC: 15, maxC: 25 }, coolantWatch: false },
};

/** The range that applies: the stated limits, each missing one taken from the storage mode's default. */
export function resolveRange(mode: StorageMode, tempMinC?: number, tempMaxC?: number): TempRange {
  const d = STORAGE_MODE_DEFAULTS[mode].range;
  return { minC: tempMinC ?? d.minC, maxC: tempMaxC ?? d.maxC };
}

/** MKT is information for 2-8 °C and room-temperature legs only, never for cryogenic ones (DESIGN.md). */
export function mktApplies(mode: StorageMode): boolean {
  return mode === 'refrigerated' || mode === 'controlled_room';
}

/** A stuck sensor is only plausible to detect where the temperature naturally moves. */
export function stuckCheckApplies(mode: StorageMode): boolean {
  return mode === 'refrigerated' || mode === 'controlled_room' || mode === 'ultra_low';
}

/** "-150" for an open lower bound, "2–8" for a closed range; used in messages. */
export function formatRange(range: TempRange): string {
  if (range.minC === Number.NEGATIVE_INFINITY) return `≤ ${range.maxC}`;
  if (range.maxC === Number.POSITIVE_INFINITY) return `≥ ${range.minC}`;
  return `${range.minC}–${range.maxC}`;
}
