/**
 * export_journal_previews: what the exporter would book now for each entry an export run reads, so
 * the journal_lines view can show entries not exported yet. Bookings depend on EXPORT_CONFIG,
 * which SQL cannot read; the rows come from the same builder as the files. Written inside the
 * export's transaction: a refused export leaves the previous previews as they were.
 */
import type { Prisma } from '../generated/prisma/client.js';
import { toStored } from './journal/stored.js';
import type { JournalEntry, Period } from './types.js';

const CHUNK = 5000;

/**
 * Page by page, as the export reads: the lock and the period's rows first, once per run.
 * Exports to different formats read the same entries: one at a time here, or both would
 * insert the same entry_id.
 */
export async function lockPreviews(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('pliant-sync journal previews'))`;
}

export async function clearPreviews(
  tx: Prisma.TransactionClient,
  period: Period,
  organizationId: string,
): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM export_journal_previews
    WHERE organization_id = ${organizationId} AND booking_date BETWEEN ${period.from}::date AND ${period.to}::date`;
}

/** One page: the rows of its entries (also those that moved into the period), replaced. */
export async function storePreviewPage(
  tx: Prisma.TransactionClient,
  ids: string[],
  journals: JournalEntry[],
): Promise<void> {
  await tx.$executeRaw`DELETE FROM export_journal_previews WHERE entry_id = ANY(${ids}::text[])`;
  for (let i = 0; i < journals.length; i += CHUNK) {
    const rows = journals.slice(i, i + CHUNK).map((j) => ({
      entry_id: j.entryId,
      organization_id: j.organizationId,
      booking_date: j.bookingDate,
      journal: toStored(j),
    }));
    await tx.$executeRaw`
      INSERT INTO export_journal_previews (entry_id, organization_id, booking_date, journal)
      SELECT r.entry_id, r.organization_id, r.booking_date, r.journal
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(entry_id text, organization_id text, booking_date date, journal jsonb)`;
  }
}
