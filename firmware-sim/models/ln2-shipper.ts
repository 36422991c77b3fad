import { HOUR_S, MINUTE_S, relax, type ThermalModel } from './types.js';

/**
 * LN2 dry shipper: the liquid nitrogen is held in an absorbent and the load sits in the cold vapour.
 * The charge evaporates at a steady rate given by the rated static hold time; lying on its side the
 * vapour spills and the hold time shortens by `onSideFactor`. While LN2 remains the vapour stays far
 * below -150 °C, warming slightly as the charge runs low; once it is gone the shipper warms toward
 * ambient over hours.
 */
export interface Ln2ShipperParams {
  /** fill level at the start, 0-100 */
  ln2ChargePct: number;
  /** rated static hold time, upright, at 20 °C ambient */
  holdTimeH: number;
  /** evaporation multiplier on its side (real shippers lose most of their hold time) */
  onSideFactor: number;
  /** time constant of the warm-up once the LN2 is gone */
  warmTauH: number;
  /** start temperature; defaults to the vapour temperature for the charge */
  tempC?: number;
}

export interface Ln2ShipperState {
  tempC: number;
  ln2LevelPct: number;
}

export const LN2_SHIPPER_DEFAULTS: Ln2ShipperParams = {
  ln2ChargePct: 100,
  holdTimeH: 240,
  onSideFactor: 3,
  warmTauH: 8,
};

/** Vapour temperature over the charge: about -192 °C full, about -162 °C when almost empty. */
export function ln2VapourTempC(levelPct: number): number {
  const emptiness = 1 - Math.max(0, Math.min(100, levelPct)) / 100;
  return -192 + 30 * emptiness ** 4;
}

export function ln2Shipper(overrides: Partial<Ln2ShipperParams> = {}): ThermalModel<Ln2ShipperState> {
  const p = { ...LN2_SHIPPER_DEFAULTS, ...overrides };
  return {
    initial: () => ({ tempC: p.tempC ?? ln2VapourTempC(p.ln2ChargePct), ln2LevelPct: p.ln2ChargePct }),
    step(s, dtS, c) {
      // warmer surroundings boil the charge off faster (linear in the temperature difference)
      const ambientFactor = Math.max(0.5, (c.ambientC + 196) / 216);
      const sideFactor = c.onSide ? p.onSideFactor : 1;
      const lidFactor = c.lidOpen ? 4 : 1;
      const ratePctPerS = (100 / (p.holdTimeH * HOUR_S)) * ambientFactor * sideFactor * lidFactor;
      const ln2LevelPct = Math.max(0, s.ln2LevelPct - ratePctPerS * dtS);
      let tempC: number;
      if (c.lidOpen) tempC = relax(s.tempC, c.ambientC, 30 * MINUTE_S, dtS);
      else if (ln2LevelPct > 0) tempC = relax(s.tempC, ln2VapourTempC(ln2LevelPct), 15 * MINUTE_S, dtS);
      else tempC = relax(s.tempC, c.ambientC, p.warmTauH * HOUR_S, dtS);
      return { tempC, ln2LevelPct };
    },
    observe: (s) => ({ tempC: s.tempC, ln2LevelPct: s.ln2LevelPct }),
  };
}
