-- Receipts cost what changed (issue 13): a transaction is listed again when its receiptIds or
-- updatedAt changed since its receipts were last listed, or when the bounded audit comes to it.

-- AlterTable: the transaction's receiptIds (sorted) when its receipts were last listed.
ALTER TABLE "receipt_checks" ADD COLUMN "receipt_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- Until now a listing left the mirror holding exactly the listed receipts: those are the ids
-- of the last listing, so no transaction is listed again only because this column is new.
UPDATE "receipt_checks" c
   SET "receipt_ids" = ARRAY(SELECT r.id FROM "receipts" r WHERE r.transaction_id = c.transaction_id AND r.deleted_at IS NULL ORDER BY 1);

-- CreateTable: per organization, how far the audit has come round its window.
CREATE TABLE "receipt_audits" (
    "organization_id" TEXT NOT NULL,
    "window_size" INTEGER NOT NULL,
    "round_checked" INTEGER NOT NULL,
    "last_round_at" TIMESTAMPTZ(6),
    "evaluated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipt_audits_pkey" PRIMARY KEY ("organization_id")
);
