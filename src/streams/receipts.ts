/**
 * The receipts of booked transactions: listed per transaction, their files downloaded into
 * the receipt store (once, and again only when Pliant's metadata changes), receipts gone
 * from a list marked deleted. Which transactions: see receipts/select-transactions.ts; with
 * nothing new a sync lists only the audit's share. No cursor: `receipt_checks` says what was
 * listed when, and a re-listed page costs requests, not downloads.
 */
import { recordAuditRound, windowStart } from '../receipts/audit.js';
import { checkTransactions } from '../receipts/check-transactions.js';
import { RECEIPTS_TABLE, recordChecks, type ReceiptRow } from '../receipts/rows.js';
import { transactionsToCheck } from '../receipts/select-transactions.js';
import type { Stream, StreamContext, StreamPage } from './types.js';

/** Transactions per committed page: small enough that a stop or crash loses little work. */
export const TRANSACTIONS_PER_PAGE = 50;

export const receiptsStream: Stream<ReceiptRow> = {
  name: 'receipts',
  scope: 'organization',
  needs: 'receipts',
  // Transactions' receiptIds and updatedAt say which to list.
  after: ['transactions'],
  table: RECEIPTS_TABLE,
  fetch: (ctx) => fetchReceipts(ctx),
  toRow: (row) => row,
};

async function* fetchReceipts(ctx: StreamContext): AsyncIterable<StreamPage<ReceiptRow>> {
  const receipts = ctx.receipts;
  if (!receipts) throw new Error('the receipts stream needs a receipt store (RECEIPTS_DIR)');
  const { ids, counts } = await transactionsToCheck(ctx.db, ctx.organizationId, ctx.mode, receipts);
  ctx.logger.debug(`Receipts of organization ${ctx.organizationId}: listing ${ids.length} transaction(s)`, {
    organizationId: ctx.organizationId,
    ...counts,
  });
  for (let i = 0; i < ids.length; i += TRANSACTIONS_PER_PAGE) {
    const deps = {
      client: ctx.client,
      db: ctx.db,
      receipts,
      logger: ctx.logger,
      stats: ctx.stats,
      pageSize: ctx.pageSize,
    };
    const result = await checkTransactions(deps, ctx.organizationId, ids.slice(i, i + TRANSACTIONS_PER_PAGE));
    // Unknown to Pliant counts as checked too: asked again on a change or when the audit comes round.
    const asked = [...result.checked, ...result.unknown];
    yield {
      records: result.rows,
      downloads: result.downloads,
      alsoCommit: (tx) => recordChecks(tx, asked, ctx.organizationId),
    };
  }
  // Reached only when every page is committed (a stop or failure ends the generator before).
  if (ctx.mode.kind === 'sync') {
    const round = await recordAuditRound(
      ctx.db,
      ctx.organizationId,
      windowStart(ctx.mode.today, receipts.lookbackDays),
    );
    ctx.logger.debug(
      `Receipts audit of organization ${ctx.organizationId}: ${round.roundChecked} of ${round.windowSize} re-checked this round`,
      {
        organizationId: ctx.organizationId,
        ...round,
      },
    );
  }
}
