import { simErrors } from '../errors.js';
import { shipmentScenarios } from './shipments.js';
import { storageScenarios } from './storage.js';
import type { Scenario } from './types.js';

export type { Scenario, ShipmentScenario, StorageScenario } from './types.js';

export const scenarios: Scenario[] = [...shipmentScenarios, ...storageScenarios];

export function findScenario(id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw simErrors.unknownScenario(id);
  return found;
}
