import { HOUR_S, MINUTE_S, relax, relaxTwo, type ThermalModel } from './types.js';

/**
 * A compressor-cooled unit (-80 °C freezer, 2-8 °C fridge): the compressor switches on above
 * setpoint + hysteresis and off below setpoint - hysteresis, giving the familiar saw-tooth. The
 * cabinet leaks toward ambient (much faster with the door open); a failed compressor lets it warm.
 */
export interface RefrigeratedUnitParams {
  setpointC: number;
  hysteresisC: number;
  /** evaporator temperature while the compressor runs */
  evaporatorC: number;
  evaporatorTauH: number;
  /** cabinet time constant toward ambient, door closed */
  cabinetTauH: number;
  doorOpenTauMin: number;
  tempC?: number;
}

export interface RefrigeratedUnitState {
  tempC: number;
  compressorOn: boolean;
}

export const FREEZER_80_DEFAULTS: RefrigeratedUnitParams = {
  setpointC: -80,
  hysteresisC: 2,
  evaporatorC: -95,
  evaporatorTauH: 1,
  cabinetTauH: 20,
  doorOpenTauMin: 15,
};

export const FRIDGE_DEFAULTS: RefrigeratedUnitParams = {
  setpointC: 5,
  hysteresisC: 1,
  evaporatorC: -5,
  evaporatorTauH: 1,
  cabinetTauH: 10,
  doorOpenTauMin: 10,
};

export function refrigeratedUnit(params: RefrigeratedUnitParams): ThermalModel<RefrigeratedUnitState> {
  const p = params;
  return {
    initial: () => ({ tempC: p.tempC ?? p.setpointC, compressorOn: false }),
    step(s, dtS, c) {
      let compressorOn = s.compressorOn;
      if (c.compressorFailed) compressorOn = false;
      else if (s.tempC > p.setpointC + p.hysteresisC) compressorOn = true;
      else if (s.tempC < p.setpointC - p.hysteresisC) compressorOn = false;
      const ambient = {
        targetC: c.ambientC,
        tauS: c.doorOpen ? p.doorOpenTauMin * MINUTE_S : p.cabinetTauH * HOUR_S,
      };
      const tempC = compressorOn
        ? relaxTwo(s.tempC, ambient, { targetC: p.evaporatorC, tauS: p.evaporatorTauH * HOUR_S }, dtS)
        : relax(s.tempC, ambient.targetC, ambient.tauS, dtS);
      return { tempC, compressorOn };
    },
    observe: (s) => ({ tempC: s.tempC }),
  };
}

export const freezer80 = (o: Partial<RefrigeratedUnitParams> = {}) =>
  refrigeratedUnit({ ...FREEZER_80_DEFAULTS, ...o });
export const fridge = (o: Partial<RefrigeratedUnitParams> = {}) =>
  refrigeratedUnit({ ...FRIDGE_DEFAULTS, ...o });
