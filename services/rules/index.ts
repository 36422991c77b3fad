export { RulesErrors } from './errors.js';
export type { EscalationPolicy, RulesWorkerOptions } from './options.js';
export { type SummaryKeeper, startSummaryKeeper } from './summary-keeper.js';
export { type StorageLimitState, storageLimitState } from './timers.js';
export { type RulesWorker, startRulesWorker } from './worker.js';
