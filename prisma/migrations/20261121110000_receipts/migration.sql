-- AlterTable
ALTER TABLE "receipts" ADD COLUMN     "problem" TEXT;

-- AlterTable
ALTER TABLE "sync_run_streams" ADD COLUMN     "bytes_downloaded" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "files_downloaded" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "bytes_downloaded" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "files_downloaded" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "receipt_checks" (
    "transaction_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "transaction_updated_at" TIMESTAMPTZ(6),
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipt_checks_pkey" PRIMARY KEY ("transaction_id")
);

-- CreateTable
CREATE TABLE "callback_events" (
    "id" BIGSERIAL NOT NULL,
    "callback_id" TEXT NOT NULL,
    "event_type" TEXT,
    "organization_id" TEXT,
    "transaction_id" TEXT,
    "receipt_id" TEXT,
    "body" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "callback_created_at" TIMESTAMPTZ(6),
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(6),
    "error" TEXT,

    CONSTRAINT "callback_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "receipts_organization_id_idx" ON "receipts"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "callback_events_callback_id_key" ON "callback_events"("callback_id");

-- CreateIndex
CREATE INDEX "callback_events_status_next_attempt_at_idx" ON "callback_events"("status", "next_attempt_at");

-- Views are not part of schema.prisma (Prisma does not manage them); written by hand.
-- Booked purchases (TRANSACTION entries of type PURCHASE, platform fees left out) that
-- Pliant does not mark as needing no receipt, and that have no receipt (or only deleted ones).
CREATE VIEW "missing_receipts" AS
SELECT e.organization_id,
       e.transaction_id,
       e.id AS entry_id,
       e.booking_date,
       e.amount,
       e.currency,
       t.merchant_name,
       t.category,
       t.card_id,
       t.cardholder_id,
       h.first_name AS cardholder_first_name,
       h.last_name AS cardholder_last_name,
       h.email AS cardholder_email,
       t.receipt_needed
FROM account_entries e
LEFT JOIN transactions t ON t.id = e.transaction_id
LEFT JOIN cardholders h ON h.id = t.cardholder_id
WHERE e.type = 'TRANSACTION'
  AND e.transaction_id IS NOT NULL
  AND COALESCE(t.type, e.transaction_type) = 'PURCHASE'
  AND COALESCE(t.platform_fee, false) = false
  AND t.receipt_needed IS DISTINCT FROM false
  AND NOT EXISTS (
    SELECT 1 FROM receipts r WHERE r.transaction_id = e.transaction_id AND r.deleted_at IS NULL
  );
