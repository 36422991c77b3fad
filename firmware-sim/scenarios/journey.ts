import { HOURS, ln2Profile, route } from './common.js';
import type { JourneyScenario } from './types.js';

const ward = {
  ...ln2Profile,
  name: 'CAR-T cryopreserved, thawed at the bedside',
  storageLimitDays: 365,
  // 7.8: use within 30 min of thawing, within 4 h of leaving the tank; 7.14: 36-38 °C water bath
  postThawUseMinutes: 30,
  preparationMinutes: 4 * HOURS,
  thaw: { tempMinC: 36, tempMaxC: 38, method: 'water_bath' as const, maxMinutes: 15 },
};

const tank = {
  name: 'Ward LN2 tank (vapour phase)',
  storageMode: 'ln2_vapor' as const,
  tempMaxC: -150,
  alarmDelayMinutes: 15,
  coolantMinPct: 30,
  site: route.destination,
};

const devices = (thawFromMin: number, thawToMin: number): JourneyScenario['devices'] => [
  {
    id: 'WARD-TANK-S',
    kind: 'storage_sensor',
    model: { kind: 'ln2_tank' },
    loggingIntervalS: 60,
    noiseC: 0.3,
    reportLn2: true,
  },
  {
    // the bath is switched on for the thaw: its start and stop events are the thaw's start and finish
    id: 'WARD-BATH',
    kind: 'thaw_device',
    model: { kind: 'water_bath' },
    loggingIntervalS: 5,
    noiseC: 0.1,
    onFromMin: thawFromMin,
    onToMin: thawToMin,
    timeline: [
      { atMin: thawFromMin, productIn: true },
      { atMin: thawToMin, productIn: false },
    ],
  },
];

const product = { name: 'CAR-T cell injection', cellType: 'CAR-T', batch: 'B2026-1202', quantity: 1 };

/** Stored, taken out, thawed in a 37 °C bath, infused 20 minutes after the thaw: in time. */
export const infusionInTime: JourneyScenario = {
  id: 'infusion-in-time',
  kind: 'journey',
  title: 'Thawed and infused in time',
  story:
    'a CAR-T bag is kept in the ward tank, taken out at hour 3, thawed for 10 min in a 37 °C bath and infused 20 min later (limit 30 min)',
  ambientC: 22,
  profile: ward,
  unit: tank,
  product,
  devices: devices(185, 195),
  steps: {
    storedAtMin: 0,
    removedAtMin: 180,
    thawStartedAtMin: 185,
    thawFinishedAtMin: 195,
    infusedAtMin: 215,
  },
  recordFromMin: 0,
  recordToMin: 215,
  expect: { status: 'infused', thaw: 'ok' },
};

/** The same bag infused 45 minutes after the thaw: past the 30 min limit, refused (7.8 do not use). */
export const lateInfusion: JourneyScenario = {
  ...infusionInTime,
  id: 'late-infusion',
  title: 'Infusion after the use time: refused',
  story:
    'the thawed bag waits 45 min at the bedside (limit 30 min after thawing); the infusion is refused (7.8 overtime: do not use) and the refusal is kept on the timeline',
  steps: { ...infusionInTime.steps, infusedAtMin: 240 },
  recordToMin: 240,
  expect: { status: 'refused', thaw: 'ok' },
};

export const journeyScenarios: JourneyScenario[] = [infusionInTime, lateInfusion];
