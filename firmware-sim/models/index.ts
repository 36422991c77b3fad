import { type DryIceParams, dryIceBox } from './dry-ice.js';
import { type Ln2ShipperParams, ln2Shipper } from './ln2-shipper.js';
import { type Ln2TankParams, ln2Tank } from './ln2-tank.js';
import { type PassiveBoxParams, passiveBox } from './passive-box.js';
import { freezer80, fridge, type RefrigeratedUnitParams } from './refrigerated-unit.js';
import { dryThawer, type ThawDeviceParams, waterBath } from './thaw-device.js';
import type { Conditions, Observation, ThermalModel } from './types.js';

/** Which physics a simulated device carries, with parameter overrides. */
export type ModelSpec =
  | { kind: 'ln2_dry_shipper'; params?: Partial<Ln2ShipperParams> }
  | { kind: 'dry_ice_box'; params?: Partial<DryIceParams> }
  | { kind: 'passive_2_8_box'; params?: Partial<PassiveBoxParams> }
  | { kind: 'freezer_80'; params?: Partial<RefrigeratedUnitParams> }
  | { kind: 'fridge'; params?: Partial<RefrigeratedUnitParams> }
  | { kind: 'ln2_tank'; params?: Partial<Ln2TankParams> }
  | { kind: 'water_bath'; params?: Partial<ThawDeviceParams> }
  | { kind: 'dry_thawer'; params?: Partial<ThawDeviceParams> };

export type ModelKind = ModelSpec['kind'];

/** A model with its state held inside, for the device loop; the physics stay pure underneath. */
export interface ModelInstance {
  step(dtS: number, conditions: Conditions): void;
  observe(): Observation;
}

function instantiate<S>(model: ThermalModel<S>): ModelInstance {
  let state = model.initial();
  return {
    step(dtS, conditions) {
      state = model.step(state, dtS, conditions);
    },
    observe: () => model.observe(state),
  };
}

export function createModel(spec: ModelSpec): ModelInstance {
  switch (spec.kind) {
    case 'ln2_dry_shipper':
      return instantiate(ln2Shipper(spec.params));
    case 'dry_ice_box':
      return instantiate(dryIceBox(spec.params));
    case 'passive_2_8_box':
      return instantiate(passiveBox(spec.params));
    case 'freezer_80':
      return instantiate(freezer80(spec.params));
    case 'fridge':
      return instantiate(fridge(spec.params));
    case 'ln2_tank':
      return instantiate(ln2Tank(spec.params));
    case 'water_bath':
      return instantiate(waterBath(spec.params));
    case 'dry_thawer':
      return instantiate(dryThawer(spec.params));
  }
}
