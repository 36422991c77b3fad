import { MINUTE_S, relax, type ThermalModel } from './types.js';

/**
 * A thawing device (issue 16; 7.14, 8.2.4): a water bath or a dry thawer whose heater holds the bath
 * or the block at a setpoint. A frozen bag put in pulls it down a little until the heater catches
 * up; with the heater broken it drifts toward the room. What it reports is the bath / block
 * temperature, the one the profile's thaw range is about.
 */
export interface ThawDeviceParams {
  setpointC: number;
  /** how fast the heater brings the bath back to the setpoint */
  heaterTauMin: number;
  /** a frozen bag in the bath holds it this far under the setpoint */
  loadDropC: number;
  /** how fast a bath with a broken heater cools toward the room */
  coolTauMin: number;
  /** at switch-on; default: already at the setpoint (pre-warmed, as the manufacturers ask) */
  tempC?: number;
}

export interface ThawDeviceState {
  tempC: number;
}

export const WATER_BATH_DEFAULTS: ThawDeviceParams = {
  setpointC: 37,
  heaterTauMin: 2,
  loadDropC: 0.6,
  coolTauMin: 40,
};

/** A dry thawer's block has less heat stored than a bath: a bag pulls it further, it recovers faster. */
export const DRY_THAWER_DEFAULTS: ThawDeviceParams = {
  setpointC: 37,
  heaterTauMin: 1,
  loadDropC: 0.8,
  coolTauMin: 15,
};

export function thawDevice(p: ThawDeviceParams): ThermalModel<ThawDeviceState> {
  return {
    initial: () => ({ tempC: p.tempC ?? p.setpointC }),
    step(s, dtS, c) {
      if (c.heaterFailed) return { tempC: relax(s.tempC, c.ambientC, p.coolTauMin * MINUTE_S, dtS) };
      const target = c.productIn ? p.setpointC - p.loadDropC : p.setpointC;
      return { tempC: relax(s.tempC, target, p.heaterTauMin * MINUTE_S, dtS) };
    },
    observe: (s) => ({ tempC: s.tempC }),
  };
}

export const waterBath = (o: Partial<ThawDeviceParams> = {}) => thawDevice({ ...WATER_BATH_DEFAULTS, ...o });
export const dryThawer = (o: Partial<ThawDeviceParams> = {}) => thawDevice({ ...DRY_THAWER_DEFAULTS, ...o });
