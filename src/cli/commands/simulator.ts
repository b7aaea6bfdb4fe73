// PLACEHOLDER written by the lead so the CLI builds; the simulator helper replaces this file.
import { Command } from 'commander';
import { NotAvailableError } from '../../errors.js';
export function simulatorCommand(): Command {
  return new Command('simulator').description('serves the bundled Pliant API simulator').action(() => {
    throw new NotAvailableError('simulator');
  });
}
