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
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A batch's row, before its bytes: they are appended chunk by chunk (appendBytes) and put
 * into `content` by finishBatch, all in the export's transaction, so no reader ever sees the
 * row without them.
 */
export async function startBatch(tx: Tx, batch: NewBatch): Promise<void> {
  await tx.$executeRaw`
    CREATE TEMP TABLE IF NOT EXISTS pliant_export_chunks (batch_id bigint NOT NULL, seq integer NOT NULL, bytes bytea NOT NULL)
    ON COMMIT DROP`;
  await tx.$executeRaw`
    INSERT INTO export_batches (id, format, organization_id, period_from, period_to, mode, part, file_name, sha256,
                                size_bytes, content, entry_count, line_count, summary)
    VALUES (${batch.id}, ${batch.format}, ${batch.organizationId}, ${batch.period.from}::date, ${batch.period.to}::date,
            ${batch.mode}, ${batch.part}, ${batch.fileName}, ${'0'.repeat(64)}, 0, ''::bytea, 0, 0, '{}'::jsonb)`;
}

export async function appendBytes(tx: Tx, batchId: bigint, seq: number, bytes: Uint8Array): Promise<void> {
  await tx.$executeRaw`INSERT INTO pliant_export_chunks (batch_id, seq, bytes) VALUES (${batchId}, ${seq}, ${bytes})`;
}

/** The bytes, joined in the database, and what was counted while they were written. */
export async function finishBatch(
  tx: Tx,
  batch: { id: bigint; sha256: string; sizeBytes: number; entryCount: number; lineCount: number; summary: unknown },
): Promise<void> {
  await tx.$executeRaw`
    UPDATE export_batches SET
      content = COALESCE((SELECT string_agg(c.bytes, ''::bytea ORDER BY c.seq) FROM pliant_export_chunks c WHERE c.batch_id = ${batch.id}), ''::bytea),
      sha256 = ${batch.sha256}, size_bytes = ${batch.sizeBytes}, entry_count = ${batch.entryCount},
      line_count = ${batch.lineCount}, summary = ${JSON.stringify(batch.summary, bigintText)}::jsonb
    WHERE id = ${batch.id}`;
  await tx.$executeRaw`DELETE FROM pliant_export_chunks WHERE batch_id = ${batch.id}`;
}

/** Marks a `new` batch's entries as exported to the format. */
export async function markEntries(
  tx: Tx,
  batchId: bigint,
  format: ExportFormat,
  entries: JournalEntry[],
): Promise<void> {
  // One statement per chunk, the rows as one JSON parameter: far faster than createMany for big batches.
  for (let i = 0; i < entries.length; i += MARK_CHUNK) {
    const rows = entries.slice(i, i + MARK_CHUNK).map((e) => ({
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
      SELECT ${batchId}, ${format}, r.organization_id, r.entry_id, r.revision, r.kind, r.fingerprint, r.booking_date, r.journal
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(organization_id text, entry_id text, revision integer, kind text, fingerprint text, booking_date date, journal jsonb)`;
  }
}

const MARK_CHUNK = 5000;

const bigintText = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

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
