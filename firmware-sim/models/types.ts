/**
 * What the world does to a device at a moment of (device) time. Scenarios change these along a
 * timeline; the models read them in `step`.
 */
export interface Conditions {
  ambientC: number;
  /** shipper or box lid open */
  lidOpen: boolean;
  /** freezer, fridge or tank door/lid open */
  doorOpen: boolean;
  /** a dry shipper lying on its side: LN2 evaporates much faster */
  onSide: boolean;
  /** compressor of a freezer or fridge broken */
  compressorFailed: boolean;
  /** auto-fill of an LN2 storage tank not working */
  autoFillFailed: boolean;
  /** a frozen bag is in the thaw device's bath or block */
  productIn: boolean;
  /** the thaw device's heater is broken */
  heaterFailed: boolean;
}

export const DEFAULT_CONDITIONS: Conditions = {
  ambientC: 22,
  lidOpen: false,
  doorOpen: false,
  onSide: false,
  compressorFailed: false,
  autoFillFailed: false,
  productIn: false,
  heaterFailed: false,
};

/** What a sensor sees of a model's state (before noise). */
export interface Observation {
  tempC: number;
  ln2LevelPct?: number;
}

/**
 * A thermal model: a pure step function of (state, dt, conditions). `S` is the model's own state.
 * Steps are exact for a constant target (first-order relaxation), so any dt gives the same curve.
 */
export interface ThermalModel<S> {
  initial(): S;
  step(state: S, dtS: number, conditions: Conditions): S;
  observe(state: S): Observation;
}

/** First-order relaxation of `value` toward `target` with time constant `tauS` over `dtS`. */
export function relax(value: number, target: number, tauS: number, dtS: number): number {
  return target + (value - target) * Math.exp(-dtS / tauS);
}

/**
 * Relaxation toward two heat sources at once (e.g. ambient through insulation and a cold source):
 * dT/dt = (A - T)/tauA + (B - T)/tauB, which is one relaxation toward a weighted target.
 */
export function relaxTwo(
  value: number,
  a: { targetC: number; tauS: number },
  b: { targetC: number; tauS: number },
  dtS: number,
): number {
  const ka = 1 / a.tauS;
  const kb = 1 / b.tauS;
  const target = (a.targetC * ka + b.targetC * kb) / (ka + kb);
  return relax(value, target, 1 / (ka + kb), dtS);
}

export const HOUR_S = 3600;
export const MINUTE_S = 60;
