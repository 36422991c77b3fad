import type { Device, DeviceEvent, Profile, Reading, ReceiptChecks, Shipment } from './contract.js';

/**
 * What the verdict engine needs to judge one shipment. The API (receipt, verdict) and the live rules
 * worker build it from the records store and InfluxDB; the engine itself does no I/O.
 */
export interface ShipmentEvaluationInput {
  shipment: Shipment;
  /** the profile version the shipment was sent under */
  profile: Profile;
  /** the shipment's loggers as registered (calibration validity, logging interval) */
  devices: Device[];
  /** dispatch time, epoch ms UTC; undefined while not yet dispatched */
  dispatchedAtMs?: number;
  /** receipt time, epoch ms UTC; undefined while in transit (the verdict is then provisional) */
  receivedAtMs?: number;
  /** the receiver's checks (8.1.3, 8.1.4), present once the receipt is recorded */
  receiptChecks?: ReceiptChecks;
  /** readings of the shipment's loggers, any order, duplicates allowed */
  readings: Iterable<Reading>;
  /** events of the shipment's loggers, any order */
  events: Iterable<DeviceEvent>;
}
