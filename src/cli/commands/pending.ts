/**
 * Commands of shared/interface.md whose issues have not landed yet: registered with their
 * options so `--help` tells the truth, each failing with a clear "not available yet".
 */
import { Command } from 'commander';
import { NotAvailableError } from '../../errors.js';

function pending(command: Command, name: string): Command {
  return command.action(() => {
    throw new NotAvailableError(name);
  });
}

export function pendingCommands(): Command[] {
  const lead = new Command('lead').description('refer a customer to Pliant, and follow its onboarding');
  lead.addCommand(pending(new Command('create').description('send a lead to Pliant').requiredOption('--file <path>', 'lead as JSON'), 'lead create'));
  lead.addCommand(pending(new Command('list').description('the leads sent and their onboarding state').option('--json', 'JSON on stdout'), 'lead list'));

  return [lead];
}
