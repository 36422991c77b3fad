import { HOUR_S, MINUTE_S, relax, type ThermalModel } from './types.js';

/**
 * LN2 storage tank (vapour-phase storage): the liquid evaporates at a daily loss rate (faster with
 * the lid open) and an auto-fill valve refills from a supply dewar between a low and a high mark.
 * The vapour at the top rack warms as the level falls; with the auto-fill broken the level keeps
 * falling until the tank runs dry.
 */
export interface Ln2TankParams {
  levelPct: number;
  lossPctPerDay: number;
  fillLowPct: number;
  fillHighPct: number;
  fillRatePctPerH: number;
  warmTauH: number;
}

export interface Ln2TankState {
  tempC: number;
  ln2LevelPct: number;
  filling: boolean;
}

export const LN2_TANK_DEFAULTS: Ln2TankParams = {
  levelPct: 70,
  lossPctPerDay: 4,
  fillLowPct: 50,
  fillHighPct: 80,
  fillRatePctPerH: 30,
  warmTauH: 48,
};

/** Top-rack vapour temperature: about -190 °C with a full tank, about -150 °C when empty. */
export function tankVapourTempC(levelPct: number): number {
  const emptiness = 1 - Math.max(0, Math.min(100, levelPct)) / 100;
  return -190 + 40 * emptiness ** 3;
}

export function ln2Tank(overrides: Partial<Ln2TankParams> = {}): ThermalModel<Ln2TankState> {
  const p = { ...LN2_TANK_DEFAULTS, ...overrides };
  return {
    initial: () => ({ tempC: tankVapourTempC(p.levelPct), ln2LevelPct: p.levelPct, filling: false }),
    step(s, dtS, c) {
      const lossPctPerS = (p.lossPctPerDay / (24 * HOUR_S)) * (c.doorOpen ? 5 : 1);
      let level = Math.max(0, s.ln2LevelPct - lossPctPerS * dtS);
      let filling = s.filling;
      if (c.autoFillFailed) filling = false;
      else if (level < p.fillLowPct) filling = true;
      if (filling) {
        level = Math.min(100, level + (p.fillRatePctPerH / HOUR_S) * dtS);
        if (level >= p.fillHighPct) filling = false;
      }
      let tempC: number;
      if (c.doorOpen) tempC = relax(s.tempC, c.ambientC, 30 * MINUTE_S, dtS);
      else if (level > 0) tempC = relax(s.tempC, tankVapourTempC(level), 20 * MINUTE_S, dtS);
      else tempC = relax(s.tempC, c.ambientC, p.warmTauH * HOUR_S, dtS);
      return { tempC, ln2LevelPct: level, filling };
    },
    observe: (s) => ({ tempC: s.tempC, ln2LevelPct: s.ln2LevelPct }),
  };
}
