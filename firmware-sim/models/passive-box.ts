import { HOUR_S, MINUTE_S, relaxTwo, type ThermalModel } from './types.js';

/**
 * Passive 2-8 °C box: insulation plus phase-change packs conditioned to about 5 °C. Heat leaks in
 * through the walls (fast when the lid is open) and the packs absorb it until their latent reserve is
 * used up; then the load drifts toward ambient.
 */
export interface PassiveBoxParams {
  /** how long the packs last at 25 °C ambient, lid closed */
  pcmHours: number;
  pcmC: number;
  /** wall time constant toward ambient, lid closed */
  insulationTauH: number;
  /** time constant toward ambient with the lid open */
  lidOpenTauMin: number;
  /** coupling of the load to the packs */
  pcmTauH: number;
  tempC: number;
}

export interface PassiveBoxState {
  tempC: number;
  pcmReservePct: number;
}

export const PASSIVE_BOX_DEFAULTS: PassiveBoxParams = {
  pcmHours: 96,
  pcmC: 5,
  insulationTauH: 48,
  lidOpenTauMin: 30,
  pcmTauH: 6,
  tempC: 5,
};

export function passiveBox(overrides: Partial<PassiveBoxParams> = {}): ThermalModel<PassiveBoxState> {
  const p = { ...PASSIVE_BOX_DEFAULTS, ...overrides };
  return {
    initial: () => ({ tempC: p.tempC, pcmReservePct: 100 }),
    step(s, dtS, c) {
      const wallTauS = c.lidOpen ? p.lidOpenTauMin * MINUTE_S : p.insulationTauH * HOUR_S;
      const ambient = { targetC: c.ambientC, tauS: wallTauS };
      // the packs use up their reserve in proportion to the heat (or cold) leaking in
      const leak = (Math.abs(c.ambientC - p.pcmC) / 20) * ((p.insulationTauH * HOUR_S) / wallTauS);
      const pcmReservePct = Math.max(0, s.pcmReservePct - ((100 * dtS) / (p.pcmHours * HOUR_S)) * leak);
      const tempC =
        pcmReservePct > 0
          ? relaxTwo(s.tempC, ambient, { targetC: p.pcmC, tauS: p.pcmTauH * HOUR_S }, dtS)
          : relaxTwo(s.tempC, ambient, { targetC: c.ambientC, tauS: ambient.tauS }, dtS);
      return { tempC, pcmReservePct };
    },
    observe: (s) => ({ tempC: s.tempC }),
  };
}
