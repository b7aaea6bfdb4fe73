import type { ExportFormat } from '../types.js';
import { csvExporter } from './csv.js';
import { datevExporter } from './datev/exporter.js';
import type { Exporter } from './exporter.js';
import { hledgerExporter } from './hledger.js';

export function exporterFor(format: ExportFormat, options: { maxDatevRows?: number } = {}): Exporter {
  switch (format) {
    case 'datev':
      return datevExporter(options.maxDatevRows);
    case 'csv':
      return csvExporter();
    case 'hledger':
      return hledgerExporter();
  }
}
