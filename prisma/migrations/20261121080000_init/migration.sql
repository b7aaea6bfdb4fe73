-- CreateTable
CREATE TABLE "organizations" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "status" TEXT,
    "account_type" TEXT,
    "country" TEXT,
    "credit_limit" BIGINT,
    "available_limit" BIGINT,
    "currency" CHAR(3),
    "payment_frequency" TEXT,
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cardholders" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "salutation" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "email" TEXT,
    "phone_number" TEXT,
    "language" TEXT,
    "is_owner" BOOLEAN,
    "status" TEXT,
    "created_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6),
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cardholders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cards" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "cardholder_id" TEXT,
    "card_config" TEXT,
    "type" TEXT,
    "status" TEXT,
    "ref_num" TEXT,
    "label" TEXT,
    "platform_fee" BOOLEAN NOT NULL DEFAULT false,
    "issuing_date" TIMESTAMPTZ(6),
    "expiry_date" TIMESTAMPTZ(6),
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_entries" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "card_account_id" TEXT,
    "entry_index" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "booking_date" DATE NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance_after" BIGINT,
    "transaction_type" TEXT,
    "transaction_id" TEXT,
    "bill_payment_type" TEXT,
    "bill_payment_id" TEXT,
    "fx_fee_amount" BIGINT,
    "fx_fee_currency" CHAR(3),
    "created_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6),
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "card_id" TEXT,
    "cardholder_id" TEXT,
    "card_account_id" TEXT,
    "type" TEXT,
    "status" TEXT,
    "category" TEXT,
    "billing_amount" BIGINT,
    "billing_currency" CHAR(3),
    "transaction_amount" BIGINT,
    "transaction_currency" CHAR(3),
    "fx_fee_amount" BIGINT,
    "fx_fee_currency" CHAR(3),
    "merchant_name" TEXT,
    "merchant_legal_name" TEXT,
    "merchant_mcc" TEXT,
    "merchant_city" TEXT,
    "merchant_country" TEXT,
    "receipt_needed" BOOLEAN,
    "platform_fee" BOOLEAN NOT NULL DEFAULT false,
    "booking_date" DATE,
    "created_at" TIMESTAMPTZ(6),
    "authorized_at" TIMESTAMPTZ(6),
    "confirmed_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6),
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bill_payments" (
    "id" TEXT NOT NULL,
    "public_payment_id" TEXT,
    "organization_id" TEXT NOT NULL,
    "type" TEXT,
    "method" TEXT,
    "status" TEXT,
    "amount" BIGINT,
    "currency" CHAR(3),
    "planned_payment_date" DATE,
    "actual_payment_date" DATE,
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bill_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipts" (
    "id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "file_name" TEXT,
    "mime_type" TEXT,
    "size_bytes" BIGINT,
    "sha256" CHAR(64),
    "storage_key" TEXT,
    "fetched_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6),
    "deleted_at" TIMESTAMPTZ(6),
    "raw" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_cursors" (
    "stream" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "run_id" BIGINT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_cursors_pkey" PRIMARY KEY ("stream","organization_id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(6),
    "scope" JSONB NOT NULL DEFAULT '{}',
    "host" TEXT,
    "pid" INTEGER,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "rows_fetched" INTEGER NOT NULL DEFAULT 0,
    "rows_inserted" INTEGER NOT NULL DEFAULT 0,
    "rows_updated" INTEGER NOT NULL DEFAULT 0,
    "rows_unchanged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_run_streams" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "stream" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(6),
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "rows_fetched" INTEGER NOT NULL DEFAULT 0,
    "rows_inserted" INTEGER NOT NULL DEFAULT 0,
    "rows_updated" INTEGER NOT NULL DEFAULT 0,
    "rows_unchanged" INTEGER NOT NULL DEFAULT 0,
    "cursor_before" JSONB,
    "cursor_after" JSONB,
    "error" TEXT,

    CONSTRAINT "sync_run_streams_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cardholders_organization_id_idx" ON "cardholders"("organization_id");

-- CreateIndex
CREATE INDEX "cards_organization_id_idx" ON "cards"("organization_id");

-- CreateIndex
CREATE INDEX "cards_cardholder_id_idx" ON "cards"("cardholder_id");

-- CreateIndex
CREATE INDEX "account_entries_organization_id_card_account_id_entry_index_idx" ON "account_entries"("organization_id", "card_account_id", "entry_index");

-- CreateIndex
CREATE INDEX "account_entries_organization_id_booking_date_idx" ON "account_entries"("organization_id", "booking_date");

-- CreateIndex
CREATE INDEX "account_entries_organization_id_created_at_idx" ON "account_entries"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "account_entries_transaction_id_idx" ON "account_entries"("transaction_id");

-- CreateIndex
CREATE INDEX "account_entries_bill_payment_id_idx" ON "account_entries"("bill_payment_id");

-- CreateIndex
CREATE INDEX "transactions_organization_id_booking_date_idx" ON "transactions"("organization_id", "booking_date");

-- CreateIndex
CREATE INDEX "transactions_card_id_idx" ON "transactions"("card_id");

-- CreateIndex
CREATE INDEX "transactions_cardholder_id_idx" ON "transactions"("cardholder_id");

-- CreateIndex
CREATE INDEX "bill_payments_organization_id_actual_payment_date_idx" ON "bill_payments"("organization_id", "actual_payment_date");

-- CreateIndex
CREATE INDEX "receipts_transaction_id_idx" ON "receipts"("transaction_id");

-- CreateIndex
CREATE INDEX "sync_runs_started_at_idx" ON "sync_runs"("started_at");

-- CreateIndex
CREATE INDEX "sync_runs_status_started_at_idx" ON "sync_runs"("status", "started_at");

-- CreateIndex
CREATE INDEX "sync_run_streams_stream_organization_id_started_at_idx" ON "sync_run_streams"("stream", "organization_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "sync_run_streams_run_id_stream_organization_id_key" ON "sync_run_streams"("run_id", "stream", "organization_id");

-- AddForeignKey
ALTER TABLE "sync_run_streams" ADD CONSTRAINT "sync_run_streams_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
