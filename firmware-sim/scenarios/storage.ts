import { HOURS } from './common.js';
import type { StorageScenario } from './types.js';

/** A -80 °C freezer whose door is left open for the last hours of the watch. */
export const freezerDoorOpen: StorageScenario = {
  id: 'freezer-door-open',
  kind: 'storage',
  title: '-80 °C freezer door left open',
  story:
    'a -80 °C freezer runs normally for 20 h, then its door is left open; the cabinet warms above -60 °C',
  ambientC: 22,
  unit: {
    name: 'ULT freezer 3 (cell bank)',
    storageMode: 'ultra_low',
    tempMinC: -90,
    tempMaxC: -60,
    alarmDelayMinutes: 15,
    site: 'Shanghai cell bank',
  },
  devices: [
    {
      id: 'ULT-SENSOR',
      kind: 'storage_sensor',
      model: { kind: 'freezer_80' },
      loggingIntervalS: 300,
      noiseC: 0.3,
      timeline: [{ atMin: 20 * HOURS, doorOpen: true }],
    },
  ],
  recordFromMin: 0,
  recordToMin: 24 * HOURS,
  expect: {
    status: 'alarm',
    findingCodes: ['TEMP_OUT_OF_RANGE'],
    alsoAllowed: ['EXPOSURE'],
    alerts: ['STORAGE_OUT_OF_RANGE/critical'],
  },
};

/** An LN2 storage tank whose auto-fill valve stops working: the level keeps falling. */
export const ln2TankAutoFillFailure: StorageScenario = {
  id: 'ln2-tank-autofill-failure',
  kind: 'storage',
  title: 'LN2 storage tank auto-fill failure',
  story: 'auto-fill fails at hour 2; the level falls from 55 % under the 30 % minimum within two days',
  ambientC: 22,
  unit: {
    name: 'LN2 tank 1 (vapour phase)',
    storageMode: 'ln2_vapor',
    tempMaxC: -150,
    alarmDelayMinutes: 15,
    coolantMinPct: 30,
    site: 'Shanghai cell bank',
  },
  devices: [
    {
      id: 'TANK-SENSOR',
      kind: 'storage_sensor',
      model: { kind: 'ln2_tank', params: { levelPct: 55, lossPctPerDay: 20 } },
      loggingIntervalS: 300,
      noiseC: 0.3,
      reportLn2: true,
      timeline: [{ atMin: 2 * HOURS, autoFillFailed: true }],
    },
  ],
  recordFromMin: 0,
  recordToMin: 48 * HOURS,
  expect: {
    status: 'alarm',
    findingCodes: ['COOLANT_LOW'],
    alsoAllowed: ['TEMP_OUT_OF_RANGE'],
    alerts: ['COOLANT_LOW/critical'],
  },
};

export const storageScenarios: StorageScenario[] = [freezerDoorOpen, ln2TankAutoFillFailure];
