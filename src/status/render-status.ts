import { formatDistanceStrict } from 'date-fns';

import { renderTable } from '../cli/output.js';
import type { StatusReport } from './read-status.js';

const when = (d: Date | null): string => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '');
const short = (text: string | null, max = 60): string =>
  !text ? '' : text.length > max ? text.slice(0, max - 1) + '…' : text;

/** The status report as text for a person at a terminal. */
export function renderStatus(report: StatusReport, now = new Date()): string {
  const parts: string[] = [];
  if (report.runs.length === 0) {
    parts.push('No sync has run yet. Start one with `pliant-sync sync`.');
  } else {
    parts.push(
      'Last runs\n' +
        renderTable(
          [
            'run',
            'kind',
            'status',
            'started (UTC)',
            'took',
            'requests',
            'pages',
            'fetched',
            'inserted',
            'updated',
            'unchanged',
            'files',
            'error',
          ],
          report.runs.map((r) => [
            r.id,
            r.kind,
            r.status,
            when(r.startedAt),
            r.finishedAt
              ? formatDistanceStrict(r.finishedAt, r.startedAt)
              : `running ${formatDistanceStrict(now, r.startedAt)}`,
            r.requests,
            r.pages,
            r.rowsFetched,
            r.rowsInserted,
            r.rowsUpdated,
            r.rowsUnchanged,
            r.filesDownloaded,
            short(r.error),
          ]),
        ),
    );
  }
  if (report.streams.length > 0) {
    parts.push(
      'Streams\n' +
        renderTable(
          ['organization', 'stream', 'cursor', 'last run', 'status', 'finished (UTC)', 'fetched', 'error'],
          report.streams.map((s) => [
            s.organizationId,
            s.stream,
            s.cursor === null || s.cursor === undefined ? '' : short(JSON.stringify(s.cursor), 50),
            s.lastRunId,
            s.lastStatus,
            when(s.lastFinishedAt),
            s.lastRowsFetched,
            short(s.lastError, 40),
          ]),
        ),
    );
  }
  if (report.organizations.length > 0) {
    parts.push(
      'Mirror\n' +
        renderTable(
          ['organization', 'name', 'cardholders', 'cards', 'entries', 'transactions', 'bill payments', 'last booking'],
          report.organizations.map((o) => [
            o.id,
            o.name,
            o.cardholders,
            o.cards,
            o.accountEntries,
            o.transactions,
            o.billPayments,
            o.lastBookingDate,
          ]),
        ),
    );
  }
  const { receipts } = report;
  if (receipts.organizations.length > 0) {
    parts.push(
      'Receipts\n' +
        renderTable(
          [
            'organization',
            'present',
            'missing',
            'deleted',
            'problems',
            'audit window',
            're-checked this round',
            'audit last went round (UTC)',
          ],
          receipts.organizations.map((o) => [
            o.organizationId,
            o.present,
            o.missing,
            o.deleted,
            o.problems,
            o.audit?.windowSize ?? '',
            o.audit?.roundChecked ?? '',
            o.audit ? (o.audit.lastRoundAt ? when(o.audit.lastRoundAt) : 'not yet') : '',
          ]),
        ) +
        (receipts.totals.missing > 0
          ? '\nmissing: booked purchases without a receipt, listed by the missing_receipts view'
          : '') +
        (receipts.totals.problems > 0 ? '\nproblems: files not in the store; see receipts.problem' : '') +
        (receipts.organizations.some((o) => o.audit)
          ? '\naudit: transactions booked within RECEIPTS_LOOKBACK_DAYS or still needing a receipt, re-listed RECEIPTS_AUDIT_PER_RUN per run' +
            ' without a change signal; it went round when every one had been re-checked since the round before'
          : ''),
    );
  }
  const c = receipts.callbacks;
  if (c.lastReceivedAt) {
    parts.push(
      `Callbacks: last received ${when(c.lastReceivedAt)} UTC; ${c.processed} processed, ${c.pending} pending, ${c.ignored} ignored, ${c.failed} failed` +
        (c.failed > 0 ? ' (see callback_events.error; the daily sync covers their transactions)' : ''),
    );
  }
  return parts.join('\n\n');
}
