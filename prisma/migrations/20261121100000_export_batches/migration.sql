-- CreateTable
CREATE TABLE "export_batches" (
    "id" BIGSERIAL NOT NULL,
    "format" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "period_from" DATE NOT NULL,
    "period_to" DATE NOT NULL,
    "mode" TEXT NOT NULL,
    "part" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file_name" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "entry_count" INTEGER NOT NULL,
    "line_count" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,

    CONSTRAINT "export_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_batch_entries" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" BIGINT NOT NULL,
    "format" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "entry_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "booking_date" DATE NOT NULL,
    "journal" JSONB NOT NULL,

    CONSTRAINT "export_batch_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_batches_organization_id_format_period_from_idx" ON "export_batches"("organization_id", "format", "period_from");

-- CreateIndex
CREATE INDEX "export_batch_entries_batch_id_idx" ON "export_batch_entries"("batch_id");

-- CreateIndex
CREATE INDEX "export_batch_entries_organization_id_format_booking_date_idx" ON "export_batch_entries"("organization_id", "format", "booking_date");

-- CreateIndex
CREATE UNIQUE INDEX "export_batch_entries_format_entry_id_revision_kind_key" ON "export_batch_entries"("format", "entry_id", "revision", "kind");

-- AddForeignKey
ALTER TABLE "export_batch_entries" ADD CONSTRAINT "export_batch_entries_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "export_batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
