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
  const sqlUser = new Command('sql-user').description("read-only database logins for accountants' tools");
  sqlUser.addCommand(pending(new Command('create').description('create a read-only login').argument('<name>', 'login name'), 'sql-user create'));

  return [
    pending(
      new Command('export')
        .description('journal lines for booked entries; by default only those not yet exported to that format')
        .requiredOption('--format <format>', 'datev, csv or hledger')
        .requiredOption('--from <date>', 'first booking date, YYYY-MM-DD')
        .requiredOption('--to <date>', 'last booking date, YYYY-MM-DD')
        .option('--org <id>', 'only this organization')
        .option('--out <path>', 'file or directory to write')
        .option('--all', 'repeat the period into a new file without marking anything exported')
        .option('--json', 'print the export summary as JSON on stdout'),
      'export',
    ),
    pending(new Command('demo').description('simulator + embedded database + sync + export, end to end, and says where to look'), 'demo'),
    lead,
    sqlUser,
  ];
}
