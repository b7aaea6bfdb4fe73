/**
 * Export batches in the database: the per-format lock, what was exported before, the new
 * batch with its bytes, and reading a finished batch back. Bytes live in
 * export_batches.content (bytea), so a batch is stored in the same transaction that marks
 * its entries: both happen, or neither.
 */
import { createHash } from 'node:crypto';

import type { PrismaClient } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { fingerprint, fromStored, toStored, type StoredJournal } from '../journal/stored.js';
import type { ExportFormat, ExportMode, JournalEntry, Period } from '../types.js';
import type { ExportedState } from './plan.js';

type Tx = Prisma.TransactionClient;

/**
 * One export per format and organization at a time (transaction-scoped advisory locks, taken
 * in a fixed order); the unique index on (format, entry, revision, kind) backs this up.
 */
export async function lockFormat(tx: Tx, format: ExportFormat, organizationIds: string[]): Promise<void> {
  for (const org of [...organizationIds].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pliant-sync export ${format} ${org}`}))`;
  }
}

export async function readExportedStates(
  tx: Tx,
  format: ExportFormat,
  entryIds: string[],
): Promise<Map<string, ExportedState>> {
  if (entryIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<
    { entry_id: string; revision: number; kind: string; fingerprint: string; journal: StoredJournal }[]
  >`
    SELECT DISTINCT ON (entry_id) entry_id, revision, kind, fingerprint, journal
    FROM export_batch_entries
    WHERE format = ${format} AND entry_id = ANY(${entryIds}::text[])
    ORDER BY entry_id, revision DESC, (kind = 'reversal') DESC`;
  return new Map(
    rows.map((r) => [
      r.entry_id,
      {
        entryId: r.entry_id,
        revision: r.revision,
        kind: r.kind === 'reversal' ? 'reversal' : 'booking',
        fingerprint: r.fingerprint,
        journal: fromStored(r.journal),
      },
    ]),
  );
}

/** The next batch id, taken before the file is written because CSV files carry it. */
export async function reserveBatchId(tx: Tx): Promise<bigint> {
  const rows = await tx.$queryRaw<
    { id: bigint }[]
  >`SELECT nextval(pg_get_serial_sequence('export_batches', 'id')) AS id`;
  return rows[0]!.id;
}

export interface NewBatch {
  id: bigint;
  format: ExportFormat;
  organizationId: string;
  period: Period;
  mode: ExportMode;
  part: number;
  fileName: string;
  bytes: Buffer;
  sha256: string;
  entries: JournalEntry[];
  lineCount: number;
  summary: Prisma.InputJsonValue;
}

const asDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores the batch; a `new` batch also marks its entries as exported to the format. */
export async function insertBatch(tx: Tx, batch: NewBatch): Promise<void> {
  await tx.exportBatch.create({
    data: {
      id: batch.id,
      format: batch.format,
      organizationId: batch.organizationId,
      periodFrom: asDate(batch.period.from),
      periodTo: asDate(batch.period.to),
      mode: batch.mode,
      part: batch.part,
      fileName: batch.fileName,
      sha256: batch.sha256,
      sizeBytes: batch.bytes.length,
      content: new Uint8Array(batch.bytes),
      entryCount: batch.entries.length,
      lineCount: batch.lineCount,
      summary: batch.summary,
    },
  });
  if (batch.mode !== 'new') return;
  // One statement per chunk, the rows as one JSON parameter: far faster than createMany for big batches.
  for (let i = 0; i < batch.entries.length; i += MARK_CHUNK) {
    const rows = batch.entries.slice(i, i + MARK_CHUNK).map((e) => ({
      organization_id: e.organizationId,
      entry_id: e.entryId,
      revision: e.revision,
      kind: e.kind,
      fingerprint: fingerprint(e),
      booking_date: e.bookingDate,
      journal: toStored(e),
    }));
    await tx.$executeRaw`
      INSERT INTO export_batch_entries (batch_id, format, organization_id, entry_id, revision, kind, fingerprint, booking_date, journal)
      SELECT ${batch.id}, ${batch.format}, r.organization_id, r.entry_id, r.revision, r.kind, r.fingerprint, r.booking_date, r.journal
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(organization_id text, entry_id text, revision integer, kind text, fingerprint text, booking_date date, journal jsonb)`;
  }
}

const MARK_CHUNK = 5000;

export interface StoredBatch {
  id: bigint;
  format: string;
  organizationId: string;
  periodFrom: string;
  periodTo: string;
  mode: string;
  part: number;
  createdAt: Date;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  entryCount: number;
  lineCount: number;
  summary: unknown;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

function toStoredBatch(b: Omit<Prisma.ExportBatchGetPayload<object>, 'content'>): StoredBatch {
  return {
    id: b.id,
    format: b.format,
    organizationId: b.organizationId,
    periodFrom: iso(b.periodFrom),
    periodTo: iso(b.periodTo),
    mode: b.mode,
    part: b.part,
    createdAt: b.createdAt,
    fileName: b.fileName,
    sha256: b.sha256,
    sizeBytes: b.sizeBytes,
    entryCount: b.entryCount,
    lineCount: b.lineCount,
    summary: b.summary,
  };
}

/** A finished batch with its bytes exactly as delivered; null when there is no such batch. */
export async function getBatch(prisma: PrismaClient, id: bigint): Promise<(StoredBatch & { bytes: Buffer }) | null> {
  const b = await prisma.exportBatch.findUnique({ where: { id } });
  if (!b) return null;
  const bytes = Buffer.from(b.content);
  if (sha256(bytes) !== b.sha256)
    throw new Error(`export batch ${id}: the stored bytes do not match their sha256 ${b.sha256}; the row was altered`);
  const { content: _content, ...rest } = b;
  return { ...toStoredBatch(rest), bytes };
}

export async function listBatches(
  prisma: PrismaClient,
  filter: { format?: string; organizationId?: string; limit?: number } = {},
): Promise<StoredBatch[]> {
  const rows = await prisma.exportBatch.findMany({
    where: {
      ...(filter.format ? { format: filter.format } : {}),
      ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
    },
    omit: { content: true },
    orderBy: { id: 'desc' },
    take: filter.limit ?? 50,
  });
  return rows.map(toStoredBatch);
}
