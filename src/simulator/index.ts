// The bundled Pliant API simulator: an independent implementation of
// docs/pliant-api.md for tests, demo and benchmarks.
export { startSimulator } from './simulator.js';
export type { RunningSimulator, AdvanceResult } from './simulator.js';
export type { SimulatorOptions } from './options.js';
export { SIMULATOR_CREDENTIALS, SUPPORTED_API_VERSIONS } from './options.js';
export { generateDataset, advanceWorld, startOfTodayUtc, DATASET_DEFAULTS } from './generator/index.js';
export type { DatasetOptions } from './generator/index.js';
export { dumpDataset } from './serialize/dump.js';
export {
  entryJson,
  transactionJson,
  receiptJson,
  organizationJson,
  cardJson,
  cardholderJson,
  paymentJson,
} from './serialize/records.js';
export { receiptFile } from './files/receipt-file.js';
export { summarize } from './summary.js';
export type { Summary, OrganizationSummary } from './summary.js';
export { World } from './store/world.js';
export { FAULT_KINDS, VIOLATION_VARIANTS } from './faults.js';
export type { FaultRule, FaultKind, ViolationVariant } from './faults.js';
export type { RateLimitOptions } from './server/rate-limit.js';
export type { TokenQuotaOptions } from './server/token-quota.js';
export type { CallbackRetry } from './callbacks/delivery.js';
