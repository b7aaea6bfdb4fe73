/** What `status` reports: the last runs, the cursors, and what the mirror holds per organization. */
import type { PrismaClient } from '../db/prisma.js';

export interface StatusReport {
  runs: {
    id: bigint;
    kind: string;
    status: string;
    startedAt: Date;
    finishedAt: Date | null;
    requests: number;
    pages: number;
    rowsFetched: number;
    rowsInserted: number;
    rowsUpdated: number;
    rowsUnchanged: number;
    error: string | null;
  }[];
  streams: {
    stream: string;
    organizationId: string;
    cursor: unknown;
    cursorUpdatedAt: Date | null;
    lastRunId: bigint | null;
    lastStatus: string | null;
    lastFinishedAt: Date | null;
    lastRowsFetched: number | null;
    lastError: string | null;
  }[];
  organizations: {
    id: string;
    name: string | null;
    cardholders: number;
    cards: number;
    accountEntries: number;
    transactions: number;
    billPayments: number;
    lastBookingDate: string | null;
  }[];
}

export async function readStatus(prisma: PrismaClient, lastRuns = 10): Promise<StatusReport> {
  const runs = await prisma.syncRun.findMany({ orderBy: { id: 'desc' }, take: lastRuns });

  // Latest run per stream and organization, beside its cursor (a stream may have either alone).
  const streams = await prisma.$queryRaw<StatusReport['streams']>`
    WITH last AS (
      SELECT DISTINCT ON (stream, organization_id) *
      FROM sync_run_streams ORDER BY stream, organization_id, id DESC
    )
    SELECT COALESCE(c.stream, l.stream) AS "stream",
           COALESCE(c.organization_id, l.organization_id) AS "organizationId",
           c.value AS "cursor", c.updated_at AS "cursorUpdatedAt",
           l.run_id AS "lastRunId", l.status AS "lastStatus", l.finished_at AS "lastFinishedAt",
           l.rows_fetched AS "lastRowsFetched", l.error AS "lastError"
    FROM sync_cursors c
    FULL JOIN last l ON l.stream = c.stream AND l.organization_id = c.organization_id
    ORDER BY 2, 1`;

  const organizations = await prisma.$queryRaw<StatusReport['organizations']>`
    SELECT o.id, o.name,
      (SELECT count(*)::int FROM cardholders x WHERE x.organization_id = o.id) AS "cardholders",
      (SELECT count(*)::int FROM cards x WHERE x.organization_id = o.id) AS "cards",
      (SELECT count(*)::int FROM account_entries x WHERE x.organization_id = o.id) AS "accountEntries",
      (SELECT count(*)::int FROM transactions x WHERE x.organization_id = o.id) AS "transactions",
      (SELECT count(*)::int FROM bill_payments x WHERE x.organization_id = o.id) AS "billPayments",
      (SELECT to_char(max(booking_date), 'YYYY-MM-DD') FROM account_entries x WHERE x.organization_id = o.id) AS "lastBookingDate"
    FROM organizations o ORDER BY o.name, o.id`;

  return {
    runs: runs.map(({ scope: _scope, host: _host, pid: _pid, retries: _retries, ...r }) => r),
    streams,
    organizations,
  };
}
