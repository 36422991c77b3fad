import type { Device, DeviceEvent, Profile, Reading, Shipment } from '../../services/domain/contract.js';
import type { ShipmentEvaluationInput } from '../../services/domain/evaluation-input.js';

/** Builders for domain tests: a 2-8 °C shipment dispatched at T0 with loggers L1..Ln. */
export const T0 = Date.parse('2026-11-20T00:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: 'P-CART',
    name: 'CAR-T 2-8',
    storageMode: 'refrigerated',
    maxTransportMinutes: 48 * 60,
    containerTypes: ['passive_2_8_box', 'active_2_8_container'],
    maxGapMinutes: 15,
    ...overrides,
  };
}

export function shipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: 'S-1',
    profileId: 'P-CART',
    product: { name: 'CAR-T', cellType: 'T cell', batch: 'B1', quantity: 1 },
    containerType: 'passive_2_8_box',
    deviceIds: ['L1'],
    manufacturer: { name: 'Maker', qaEmail: 'qa@example.com' },
    origin: 'Suzhou',
    destination: 'Shanghai',
    ...overrides,
  };
}

export function device(id: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    kind: 'shipper_logger',
    loggingIntervalS: 300,
    calibrationValidUntil: '2027-06-01T00:00:00Z',
    ...overrides,
  };
}

/** Readings every `stepMs` from `fromMs` to `toMs` inclusive, temperature from `tempAt`. */
export function series(
  deviceId: string,
  fromMs: number,
  toMs: number,
  stepMs: number,
  tempAt: (tsMs: number, i: number) => number = () => 5,
  seqStart = 0,
): Reading[] {
  const out: Reading[] = [];
  for (let ts = fromMs, i = 0; ts <= toMs; ts += stepMs, i++) {
    out.push({ deviceId, tsMs: ts, seq: seqStart + i, tempC: tempAt(ts, i) });
  }
  return out;
}

export function event(deviceId: string, tsMs: number, type: DeviceEvent['type']): DeviceEvent {
  return { deviceId, tsMs, type };
}

/** A received shipment: dispatched at T0, received at T0 + 4 h, one logger every 5 min, all at 5 °C. */
export function input(overrides: Partial<ShipmentEvaluationInput> = {}): ShipmentEvaluationInput {
  const ship = overrides.shipment ?? shipment();
  return {
    shipment: ship,
    profile: profile(),
    devices: ship.deviceIds.map((id) => device(id)),
    dispatchedAtMs: T0,
    receivedAtMs: T0 + 4 * HOUR,
    receiptChecks: {
      labelOk: true,
      packagingOk: true,
      appearanceOk: true,
      documentsOk: true,
      quantityOk: true,
    },
    readings: ship.deviceIds.flatMap((id) => series(id, T0, T0 + 4 * HOUR, 5 * MIN)),
    events: [],
    ...overrides,
  };
}
