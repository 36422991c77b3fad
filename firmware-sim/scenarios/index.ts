import { simErrors } from '../errors.js';
import { journeyScenarios } from './journey.js';
import { shipmentScenarios } from './shipments.js';
import { storageScenarios } from './storage.js';
import type { JourneyScenario, Scenario } from './types.js';

export { journeyScenarios } from './journey.js';
export type { JourneyScenario, Scenario, ShipmentScenario, StorageScenario } from './types.js';

export const scenarios: Scenario[] = [...shipmentScenarios, ...storageScenarios];

export function findScenario(id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw simErrors.unknownScenario(id);
  return found;
}

/** A product-journey scenario (issue 16), or undefined when the id names none. */
export function findJourneyScenario(id: string): JourneyScenario | undefined {
  return journeyScenarios.find((s) => s.id === id);
}
