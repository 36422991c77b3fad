import type { FindingCode, Profile, Shipment, StorageUnit } from '../../services/domain/contract.js';
import type { DeviceSpec } from '../device.js';

/**
 * A scenario declares everything it needs from the system (profile, devices, shipment or storage
 * unit), what the devices go through, and the outcome it must produce. Times are minutes of scenario
 * time; minute 0 is the dispatch (or the start of watching a storage unit).
 */
interface ScenarioBase {
  id: string;
  title: string;
  /** what happens, for `coldtrace-sim list` */
  story: string;
  ambientC: number;
  /** loggers start this many minutes before minute 0 (negative: before), e.g. at packing */
  recordFromMin: number;
  /** loggers stop at this minute */
  recordToMin: number;
  devices: DeviceSpec[];
}

/** The outcome to check: `findingCodes` must all be present; other codes only from `alsoAllowed`. */
export interface Expectation<S extends string> {
  status: S;
  findingCodes: FindingCode[];
  alsoAllowed?: FindingCode[];
}

export interface ShipmentScenario extends ScenarioBase {
  kind: 'shipment';
  profile: Omit<Profile, 'id'>;
  shipment: Pick<Shipment, 'product' | 'containerType' | 'origin' | 'destination'> & {
    expectedArrivalMin?: number;
    expiresMin?: number;
  };
  dispatchAtMin: number;
  receiptAtMin: number;
  expect: Expectation<'pass' | 'deviation'>;
}

export interface StorageScenario extends ScenarioBase {
  kind: 'storage';
  unit: Omit<StorageUnit, 'id' | 'deviceIds'>;
  expect: Expectation<'ok' | 'alarm'>;
}

export type Scenario = ShipmentScenario | StorageScenario;
