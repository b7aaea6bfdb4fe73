/** The journal exporter's public surface: run an export, read batches back, load the mapping, check a DATEV file. */
export { getBatch, listBatches, type StoredBatch } from './batches/store.js';
export { loadExportSettings, parseExportSettings } from './config/load.js';
export { presetSettings, type ExportSettings } from './config/settings.js';
export { ExportConfigError, ExportRefusedError } from './errors.js';
export { validateDatev, describeFinding, type Finding } from './formats/datev/validator.js';
export { buildJournal } from './journal/build.js';
export { parsePeriod } from './period.js';
export { runExport, type ExportOptions, type ExportResult } from './run-export.js';
export { renderSummary, type ExportSummary, type BatchSummary } from './summary.js';
export { EXPORT_FORMATS, type ExportFormat, type JournalEntry, type JournalLine } from './types.js';
