import { readFile } from 'node:fs/promises';
import { Command } from 'commander';

import { UsageError } from '../../errors.js';
import { createLead } from '../../leads/create.js';
import { listLeads, type Lead } from '../../leads/store.js';
import { validateLead } from '../../leads/validate.js';
import { clientFromConfig } from '../../pliant/from-config.js';
import type { Context } from '../context.js';
import { withMirror } from '../mirror.js';
import { failed, returnsOutcome, succeeded } from '../outcome.js';
import { printJson, renderTable } from '../output.js';

const CREATE_HELP = `
The file holds one JSON object: partnersOrganizationId (your own id of the organization), name,
country (English name as in Pliant's list, e.g. "Germany", "Türkiye", "Republic of Korea", or the
ISO 3166-1 alpha-2 code, e.g. "DE"; sent and stored as the code), industry (Pliant's value,
e.g. "COMPUTER_SOFTWARE"), and contacts: at least one {firstName, lastName, email, phoneNumber?
in E.164 such as "+4930123456", role?}. Any other field (legalForm, address, website, vatId,
nationalRegisterId, …) is sent as given.

Every problem is named at once and nothing is sent or stored. A partnersOrganizationId already
stored is not sent again (the stored lead is shown); one Pliant refused, or whose sending failed,
is sent again. Pliant's refusal is shown with the field it named and stored as REJECTED_BY_API.
The worker follows the onboarding through Pliant's callbacks (see \`lead list\`).

Exit codes: 0 sent, or already stored; 1 Pliant refused it or it could not be sent (stored with
the error); 2 bad usage, configuration or lead file (nothing sent, nothing stored); 3 the
embedded database is in use by another process.`;

const LIST_HELP = `
Each lead with its state (SENT, REJECTED_BY_API, SEND_FAILED, then Pliant's callbacks:
ORGANIZATION_ADDED, the onboarding steps, AUTHORIZATION_PENDING, AUTHORIZATION_GRANTED), since
when, Pliant's organization id and the last event. SQL: the \`leads\` table, history in \`lead_events\`.

Exit codes: 0 listed; 1 the database did not answer; 2 bad usage or configuration; 3 the
embedded database is in use by another process.`;

/** A lead as shown: the row, with `raw` (the lead as sent). */
function shown(lead: Lead): Record<string, unknown> {
  return {
    id: lead.id,
    partnersOrganizationId: lead.partnersOrganizationId,
    organizationId: lead.organizationId,
    name: lead.name,
    country: lead.country,
    industry: lead.industry,
    state: lead.state,
    stateChangedAt: lead.stateChangedAt.toISOString(),
    leadId: lead.leadId,
    error: lead.error,
    errorField: lead.errorField,
    lastEventType: lead.lastEventType,
    lastEventAt: lead.lastEventAt?.toISOString() ?? null,
    authorizedAt: lead.authorizedAt?.toISOString() ?? null,
    firstSyncRunId: lead.firstSyncRunId,
    sentAt: lead.sentAt?.toISOString() ?? null,
    raw: lead.raw,
  };
}

async function readLeadFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the path of a JSON file with the lead.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `--file ${path}: is not valid JSON (${error instanceof Error ? error.message : String(error)}); the file holds one JSON object, the lead.`,
    );
  }
}

function createCommand(context: () => Context): Command {
  return new Command('create')
    .description('send a lead (a customer you refer) to Pliant, and store it')
    .requiredOption('--file <path>', 'the lead as a JSON file')
    .option('--json', 'print the stored lead as JSON on stdout')
    .addHelpText('after', CREATE_HELP)
    .action(
      returnsOutcome(async (opts: { file: string; json?: boolean }) => {
        const checked = validateLead(await readLeadFile(opts.file));
        if (!checked.ok) {
          const lines = checked.problems.map((p) => `  ${p.field}: ${p.problem}`);
          throw new UsageError(
            `${opts.file}: ${checked.problems.length} problem(s), nothing sent:\n${lines.join('\n')}`,
          );
        }
        const ctx = context();
        const client = clientFromConfig(ctx.config, ctx.logger);
        return withMirror(ctx, 'lead', async (database) => {
          const result = await createLead({ db: database.prisma, client, logger: ctx.logger }, checked.body);
          const id = result.lead.partnersOrganizationId;
          if (opts.json)
            printJson({
              outcome: result.outcome,
              lead: shown(result.lead),
              ...('field' in result ? { field: result.field } : {}),
            });
          switch (result.outcome) {
            case 'sent':
              if (!opts.json)
                process.stdout.write(
                  `Lead ${id} sent to Pliant (state SENT). The worker follows its onboarding; see \`pliant-sync lead list\`.\n`,
                );
              return succeeded;
            case 'exists':
              if (!opts.json)
                process.stdout.write(
                  `Lead ${id} exists already (state ${result.lead.state} since ${result.lead.stateChangedAt.toISOString()}): nothing sent.\n`,
                );
              return succeeded;
            case 'rejected':
              return failed(
                `Pliant refused lead ${id}${result.field ? `, naming the field ${result.field}` : ''}: ${result.message}. Stored as REJECTED_BY_API; fix the file and run lead create again.`,
              );
            case 'failed':
              return failed(
                `Lead ${id} could not be sent: ${result.message} Stored as SEND_FAILED; run lead create again to send it.`,
              );
          }
        });
      }),
    );
}

function listCommand(context: () => Context): Command {
  return new Command('list')
    .description('the leads sent and their onboarding state')
    .option('--json', 'print the leads as JSON on stdout')
    .addHelpText('after', LIST_HELP)
    .action(
      returnsOutcome(async (opts: { json?: boolean }) =>
        withMirror(context(), 'lead', async (database) => {
          const leads = await listLeads(database.prisma);
          if (opts.json) printJson(leads.map(shown));
          else if (leads.length === 0)
            process.stdout.write('No lead yet: send one with `pliant-sync lead create --file lead.json`.\n');
          else {
            const rows = leads.map((l) => [
              l.partnersOrganizationId,
              l.name,
              l.country,
              l.state,
              l.stateChangedAt.toISOString(),
              l.organizationId ?? '',
              l.lastEventType ? `${l.lastEventType} ${l.lastEventAt?.toISOString() ?? ''}` : (l.error ?? ''),
            ]);
            process.stdout.write(
              renderTable(['partner id', 'name', 'country', 'state', 'since', 'organization', 'last event'], rows) +
                '\n',
            );
          }
          return succeeded;
        }),
      ),
    );
}

export function leadCommand(context: () => Context): Command {
  return new Command('lead')
    .description('refer a customer to Pliant, and follow its onboarding')
    .addCommand(createCommand(context))
    .addCommand(listCommand(context));
}
