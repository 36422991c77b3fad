/** The domain's public API: pure decisions, no I/O. */

export { TRANSPORT_CHECKS } from './checks.js';
export { CLAUSE_NUMBERS, type ClauseEntry, clauseCatalog, clauseStatement } from './clause-catalog.js';
export * from './contract.js';
export { evaluateShipment, transportWindow } from './evaluate-shipment.js';
export type {
  StorageEvaluationInput,
  StorageStatus,
  StoredItem,
  StoredItemState,
} from './evaluate-storage.js';
export { evaluateStorage, storageLoggerRules, storedItemState } from './evaluate-storage.js';
export type { ShipmentEvaluationInput } from './evaluation-input.js';
export { buildFinding, DEFAULT_TIME_ZONE, FINDING_CLAUSE, findingMessage } from './finding.js';
export type { LoggerTransition, LoggerTransitionType } from './logger-monitor.js';
export { createLoggerMonitor, LoggerMonitor } from './logger-monitor.js';
export { type LoggerRules, profileLoggerRules } from './logger-rules.js';
export { rangeText } from './range-text.js';
export type {
  ShipmentMonitorContext,
  ShipmentTransition,
  ShipmentTransitionType,
} from './shipment-monitor.js';
export { createShipmentMonitor, ShipmentMonitor } from './shipment-monitor.js';
export { mktApplies, resolveRange, STORAGE_MODE_DEFAULTS } from './storage-modes.js';
