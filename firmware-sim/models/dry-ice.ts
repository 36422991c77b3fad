import { HOUR_S, MINUTE_S, relax, type ThermalModel } from './types.js';

/**
 * Dry-ice box: the ice sublimates at -78.5 °C at a rate that grows with the temperature difference
 * to ambient; the load sits a little above it. Once the ice is gone the box warms toward ambient.
 */
export interface DryIceParams {
  iceKg: number;
  /** sublimation at 20 °C ambient, lid closed */
  sublimationKgPerH: number;
  warmTauH: number;
}

export interface DryIceState {
  tempC: number;
  iceKg: number;
}

export const DRY_ICE_SUBLIMATION_C = -78.5;
/** the load sits a few degrees above the ice */
export const DRY_ICE_LOAD_C = -75;

export const DRY_ICE_DEFAULTS: DryIceParams = { iceKg: 10, sublimationKgPerH: 0.12, warmTauH: 5 };

export function dryIceBox(overrides: Partial<DryIceParams> = {}): ThermalModel<DryIceState> {
  const p = { ...DRY_ICE_DEFAULTS, ...overrides };
  return {
    initial: () => ({ tempC: DRY_ICE_LOAD_C, iceKg: p.iceKg }),
    step(s, dtS, c) {
      const diff = Math.max(0, c.ambientC - DRY_ICE_SUBLIMATION_C) / (20 - DRY_ICE_SUBLIMATION_C);
      const rateKgPerS = (p.sublimationKgPerH / HOUR_S) * diff * (c.lidOpen ? 3 : 1);
      const iceKg = Math.max(0, s.iceKg - rateKgPerS * dtS);
      let tempC: number;
      if (c.lidOpen) tempC = relax(s.tempC, c.ambientC, 40 * MINUTE_S, dtS);
      else if (iceKg > 0) tempC = relax(s.tempC, DRY_ICE_LOAD_C, 20 * MINUTE_S, dtS);
      else tempC = relax(s.tempC, c.ambientC, p.warmTauH * HOUR_S, dtS);
      return { tempC, iceKg };
    },
    observe: (s) => ({ tempC: s.tempC }),
  };
}
