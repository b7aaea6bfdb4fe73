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
    /** Receipt files downloaded, and their bytes. */
    filesDownloaded: number;
    bytesDownloaded: bigint;
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
  receipts: ReceiptStatus;
}

export interface ReceiptCounts {
  /** Receipts at Pliant whose file is in the store. */
  present: number;
  /** Booked purchases without a receipt (the `missing_receipts` view). */
  missing: number;
  /** Receipts removed at Pliant (row and file kept). */
  deleted: number;
  /** Receipts at Pliant whose file is not in the store: too large, not the declared type, download failed. */
  problems: number;
}

/** The receipts audit of an organization after its last sync (receipts/audit.ts). */
export interface AuditStatus {
  /** Transactions in the window: booked within RECEIPTS_LOOKBACK_DAYS, or needing a receipt and having none. */
  windowSize: number;
  /** Of them, re-checked since the last round ended. */
  roundChecked: number;
  /** When every transaction of the window had last been re-checked since the round before; null: not yet. */
  lastRoundAt: Date | null;
  /** The sync that counted this. */
  evaluatedAt: Date;
}

export interface ReceiptStatus {
  totals: ReceiptCounts;
  /** `audit` is null for an organization no sync has listed receipts for yet. */
  organizations: ({ organizationId: string; audit: AuditStatus | null } & ReceiptCounts)[];
  callbacks: { pending: number; processed: number; ignored: number; failed: number; lastReceivedAt: Date | null };
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
    receipts: await readReceiptStatus(prisma),
  };
}

async function readReceiptStatus(prisma: PrismaClient): Promise<ReceiptStatus> {
  type Row = { organizationId: string } & ReceiptCounts & { [K in keyof AuditStatus]: AuditStatus[K] | null };
  const rows = await prisma.$queryRaw<Row[]>`
    WITH r AS (
      SELECT COALESCE(organization_id, '?') AS organization_id,
             count(*) FILTER (WHERE deleted_at IS NULL AND storage_key IS NOT NULL) AS present,
             count(*) FILTER (WHERE deleted_at IS NULL AND storage_key IS NULL) AS problems,
             count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
      FROM receipts GROUP BY 1
    ), m AS (
      SELECT organization_id, count(DISTINCT transaction_id) AS missing FROM missing_receipts GROUP BY 1
    )
    SELECT COALESCE(r.organization_id, m.organization_id, a.organization_id) AS "organizationId",
           COALESCE(r.present, 0)::int AS present, COALESCE(m.missing, 0)::int AS missing,
           COALESCE(r.deleted, 0)::int AS deleted, COALESCE(r.problems, 0)::int AS problems,
           a.window_size AS "windowSize", a.round_checked AS "roundChecked", a.last_round_at AS "lastRoundAt", a.evaluated_at AS "evaluatedAt"
    FROM r FULL JOIN m ON m.organization_id = r.organization_id
    FULL JOIN receipt_audits a ON a.organization_id = COALESCE(r.organization_id, m.organization_id) ORDER BY 1`;
  const organizations = rows.map(({ windowSize, roundChecked, lastRoundAt, evaluatedAt, ...counts }) => ({
    ...counts,
    audit:
      evaluatedAt && windowSize !== null && roundChecked !== null
        ? { windowSize, roundChecked, lastRoundAt, evaluatedAt }
        : null,
  }));
  const totals: ReceiptCounts = { present: 0, missing: 0, deleted: 0, problems: 0 };
  for (const o of organizations)
    for (const key of Object.keys(totals) as (keyof ReceiptCounts)[]) totals[key] += o[key];
  const [callbacks] = await prisma.$queryRaw<ReceiptStatus['callbacks'][]>`
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'processed')::int AS processed,
           count(*) FILTER (WHERE status = 'ignored')::int AS ignored, count(*) FILTER (WHERE status = 'failed')::int AS failed,
           max(received_at) AS "lastReceivedAt"
    FROM callback_events`;
  return {
    totals,
    organizations,
    callbacks: callbacks ?? { pending: 0, processed: 0, ignored: 0, failed: 0, lastReceivedAt: null },
  };
}
