import type { DeviceSpec } from '../device.js';
import { freshProduct, fridgeProfile, frozenProduct, HOURS, ln2Profile, route } from './common.js';
import type { ShipmentScenario } from './types.js';

const ln2Logger = (over: Partial<DeviceSpec> = {}): DeviceSpec => ({
  id: 'LN2-LOGGER',
  kind: 'shipper_logger',
  model: { kind: 'ln2_dry_shipper', params: { holdTimeH: 240 } },
  loggingIntervalS: 300,
  noiseC: 0.3,
  reportLn2: true,
  ...over,
});

const boxLogger = (over: Partial<DeviceSpec> = {}): DeviceSpec => ({
  id: 'BOX-LOGGER',
  kind: 'shipper_logger',
  model: { kind: 'passive_2_8_box' },
  loggingIntervalS: 300,
  noiseC: 0.05,
  ...over,
});

/** 48 h by road and air in a dry shipper; offline 6 h on the flight, backlog sent on landing. */
export const ln2Nominal: ShipmentScenario = {
  id: 'ln2-nominal',
  kind: 'shipment',
  title: 'Nominal LN2 dry-shipper transport',
  story: '48 h door to door, shipper upright, 6 h without network on the flight (backlog sent on landing)',
  ambientC: 22,
  profile: ln2Profile,
  devices: [
    ln2Logger({
      timeline: [
        { atMin: 8 * HOURS, online: false },
        { atMin: 14 * HOURS, online: true },
      ],
    }),
  ],
  shipment: {
    product: frozenProduct,
    containerType: 'ln2_dry_shipper',
    expectedArrivalMin: 48 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 48 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 48 * HOURS,
  expect: { status: 'pass', findingCodes: [], alerts: [] },
};

/** A 2-8 °C box packed with too few conditioned packs on a hot day: the packs run out. */
export const excursion: ShipmentScenario = {
  id: 'excursion',
  kind: 'shipment',
  title: 'Temperature excursion: 2-8 °C packs exhausted in summer heat',
  story: '36 h at 30 °C ambient with packs rated 18 h; the load warms above 8 °C for the last hours',
  ambientC: 30,
  profile: fridgeProfile,
  devices: [boxLogger({ model: { kind: 'passive_2_8_box', params: { pcmHours: 18 } } })],
  shipment: {
    product: freshProduct,
    containerType: 'passive_2_8_box',
    expectedArrivalMin: 36 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 36 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 36 * HOURS,
  expect: { status: 'deviation', findingCodes: ['TEMP_OUT_OF_RANGE'], alerts: ['TEMP_EXCURSION/critical'] },
};

/** The logger stops recording for 3 h (battery contact) and resumes: a hole in the record. */
export const loggerGap: ShipmentScenario = {
  id: 'logger-gap',
  kind: 'shipment',
  title: 'Logger gap: no readings for 3 h',
  story: 'the logger stops recording between hour 20 and hour 23, then resumes; the rest is nominal',
  ambientC: 22,
  profile: ln2Profile,
  devices: [
    ln2Logger({
      timeline: [
        { atMin: 20 * HOURS, recording: false },
        { atMin: 23 * HOURS, recording: true },
      ],
    }),
  ],
  shipment: {
    product: frozenProduct,
    containerType: 'ln2_dry_shipper',
    expectedArrivalMin: 36 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 36 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 36 * HOURS,
  expect: { status: 'deviation', findingCodes: ['RECORD_GAP'], alerts: ['RECORD_GAP/major'] },
};

/** Expected after 24 h, arrives after 40 h: past the 2 h grace, within the 72 h maximum. */
export const delayedArrival: ShipmentScenario = {
  id: 'delayed-arrival',
  kind: 'shipment',
  title: 'Delayed arrival',
  story: 'expected after 24 h, received after 40 h (grace 2 h, maximum transport 72 h); temperatures fine',
  ambientC: 22,
  profile: ln2Profile,
  devices: [ln2Logger()],
  shipment: {
    product: frozenProduct,
    containerType: 'ln2_dry_shipper',
    expectedArrivalMin: 24 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 40 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 40 * HOURS,
  expect: { status: 'deviation', findingCodes: ['DELAYED'], alerts: ['DELAYED/minor'] },
};

/** Someone opens the 2-8 °C box for two minutes at a transfer point. */
export const lidOpened: ShipmentScenario = {
  id: 'lid-opened',
  kind: 'shipment',
  title: 'Lid opened in transit',
  story:
    'the box lid is opened for 2 minutes at hour 10 (lid_open / lid_closed events); temperature stays in range',
  ambientC: 20,
  profile: fridgeProfile,
  devices: [
    boxLogger({
      timeline: [
        { atMin: 10 * HOURS, lidOpen: true },
        { atMin: 10 * HOURS + 2, lidOpen: false },
      ],
    }),
  ],
  shipment: {
    product: freshProduct,
    containerType: 'passive_2_8_box',
    expectedArrivalMin: 24 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 24 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 24 * HOURS,
  expect: { status: 'deviation', findingCodes: ['EXPOSURE'], alerts: ['EXPOSURE/major'] },
};

/** An old shipper (40 h hold time) on a 48 h trip: the LN2 runs out before arrival. */
export const ln2Exhausted: ShipmentScenario = {
  id: 'ln2-exhausted',
  kind: 'shipment',
  title: 'LN2 exhausted before arrival',
  story: 'shipper rated 40 h on a 48 h trip: the level falls under 20 %, then the vapour warms above -150 °C',
  ambientC: 22,
  profile: ln2Profile,
  devices: [ln2Logger({ model: { kind: 'ln2_dry_shipper', params: { holdTimeH: 40 } } })],
  shipment: {
    product: frozenProduct,
    containerType: 'ln2_dry_shipper',
    expectedArrivalMin: 48 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 48 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 48 * HOURS,
  expect: {
    status: 'deviation',
    findingCodes: ['TEMP_OUT_OF_RANGE', 'COOLANT_LOW'],
    alerts: ['TEMP_EXCURSION/critical', 'COOLANT_LOW/critical'],
  },
};

/** The product's profile asks for an active 2-8 °C container; it went in a passive box. */
export const wrongContainer: ShipmentScenario = {
  id: 'wrong-container',
  kind: 'shipment',
  title: 'Wrong container',
  story: 'profile allows only an active 2-8 °C container; shipped in a passive box (temperatures fine)',
  ambientC: 20,
  profile: { ...fridgeProfile, containerTypes: ['active_2_8_container'] },
  devices: [boxLogger()],
  shipment: {
    product: freshProduct,
    containerType: 'passive_2_8_box',
    expectedArrivalMin: 24 * HOURS,
    ...route,
  },
  recordFromMin: -30,
  recordToMin: 24 * HOURS + 10,
  dispatchAtMin: 0,
  receiptAtMin: 24 * HOURS,
  expect: { status: 'deviation', findingCodes: ['CONTAINER_MISMATCH'], alerts: [] },
};

export const shipmentScenarios: ShipmentScenario[] = [
  ln2Nominal,
  excursion,
  loggerGap,
  delayedArrival,
  lidOpened,
  ln2Exhausted,
  wrongContainer,
];
