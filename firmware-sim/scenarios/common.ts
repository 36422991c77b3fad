import type { Profile } from '../../services/domain/contract.js';
import type { ShipmentScenario } from './types.js';

export const HOURS = 60;

export const ln2Profile: Omit<Profile, 'id'> = {
  name: 'CAR-T cryopreserved, LN2 vapour',
  storageMode: 'ln2_vapor',
  tempMaxC: -150,
  maxTransportMinutes: 72 * HOURS,
  containerTypes: ['ln2_dry_shipper'],
  maxGapMinutes: 30,
  arrivalGraceMinutes: 120,
  coolantMinPct: 20,
};

export const fridgeProfile: Omit<Profile, 'id'> = {
  name: 'MSC fresh suspension, 2-8 °C',
  storageMode: 'refrigerated',
  tempMinC: 2,
  tempMaxC: 8,
  maxTransportMinutes: 48 * HOURS,
  containerTypes: ['passive_2_8_box', 'active_2_8_container'],
  maxGapMinutes: 30,
  arrivalGraceMinutes: 120,
};

export const frozenProduct: ShipmentScenario['shipment']['product'] = {
  name: 'CAR-T cell injection',
  cellType: 'CAR-T',
  batch: 'B2026-1120',
  quantity: 2,
  state: 'frozen',
};

export const freshProduct: ShipmentScenario['shipment']['product'] = {
  name: 'Mesenchymal stem cell injection',
  cellType: 'MSC',
  batch: 'M2026-1120',
  quantity: 4,
  state: 'fresh',
};

export const route = {
  origin: 'Suzhou GMP plant',
  destination: 'Shanghai Ruijin Hospital cell therapy unit',
};
