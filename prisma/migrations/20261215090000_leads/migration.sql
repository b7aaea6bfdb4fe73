-- Leads referred to Pliant (seed 001) and the history of their onboarding.

-- CreateTable
CREATE TABLE "leads" (
    "id" BIGSERIAL NOT NULL,
    "partners_organization_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "name" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "state_changed_at" TIMESTAMPTZ(6) NOT NULL,
    "lead_id" TEXT,
    "error" TEXT,
    "error_field" TEXT,
    "last_event_type" TEXT,
    "last_event_at" TIMESTAMPTZ(6),
    "authorized_at" TIMESTAMPTZ(6),
    "first_sync_run_id" BIGINT,
    "sent_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raw" JSONB NOT NULL,
    "response" JSONB,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead_events" (
    "id" BIGSERIAL NOT NULL,
    "lead_id" BIGINT,
    "callback_event_id" BIGINT,
    "event_type" TEXT NOT NULL,
    "organization_id" TEXT,
    "partners_organization_id" TEXT,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "recorded_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" TEXT,
    "raw" JSONB NOT NULL,

    CONSTRAINT "lead_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "leads_partners_organization_id_key" ON "leads"("partners_organization_id");

-- CreateIndex
CREATE INDEX "leads_organization_id_idx" ON "leads"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "lead_events_callback_event_id_key" ON "lead_events"("callback_event_id");

-- CreateIndex
CREATE INDEX "lead_events_lead_id_occurred_at_idx" ON "lead_events"("lead_id", "occurred_at");

-- CreateIndex
CREATE INDEX "lead_events_organization_id_idx" ON "lead_events"("organization_id");

-- CreateIndex
CREATE INDEX "lead_events_partners_organization_id_idx" ON "lead_events"("partners_organization_id");

-- AddForeignKey
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;
