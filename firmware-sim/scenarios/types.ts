import type {
  FindingCode,
  ProductInfo,
  Profile,
  Shipment,
  StorageUnit,
} from '../../services/domain/contract.js';
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
  /**
   * the live alerts it raises, exactly, as `KIND/severity` (issue 17: no false alerts; a logger that
   * stops at the end of its trip raises nothing); the scenario test holds the library to these
   */
  alerts: readonly string[];
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

/** Minutes of scenario time at which the ward does each step of a product's journey (issue 16). */
export interface JourneySteps {
  storedAtMin: number;
  removedAtMin: number;
  thawStartedAtMin: number;
  thawFinishedAtMin: number;
  dilutedAtMin?: number;
  infusedAtMin: number;
}

/**
 * A product after the door (issue 16; 7.8, 8.2.4-8.2.6): stored in a tank watched by a sensor,
 * taken out, thawed in a thaw device that reports its bath temperature, infused (or not) in time.
 * The outcome is what the API answers to the infusion: infused, infused as a deviation, or refused.
 */
export interface JourneyScenario extends ScenarioBase {
  kind: 'journey';
  profile: Omit<Profile, 'id'>;
  unit: Omit<StorageUnit, 'id' | 'deviceIds'>;
  product: ProductInfo;
  steps: JourneySteps;
  expect: { status: 'infused' | 'deviation' | 'refused'; thaw: 'ok' | 'fail' | 'unverified' };
}
