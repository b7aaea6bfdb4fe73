-- The accountants' views (docs/sql.md), the money helpers they share, and export_journal_previews.
-- Plain SQL only: the same script runs on PostgreSQL and on PGlite.

-- ISO 4217 minor-unit digits; the same list as src/export/money.ts. Anything else has 2.
CREATE FUNCTION currency_minor_units(code text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE upper(btrim(code))
    WHEN 'BIF' THEN 0 WHEN 'CLP' THEN 0 WHEN 'DJF' THEN 0 WHEN 'GNF' THEN 0 WHEN 'ISK' THEN 0
    WHEN 'JPY' THEN 0 WHEN 'KMF' THEN 0 WHEN 'KRW' THEN 0 WHEN 'PYG' THEN 0 WHEN 'RWF' THEN 0
    WHEN 'UGX' THEN 0 WHEN 'UYI' THEN 0 WHEN 'VND' THEN 0 WHEN 'VUV' THEN 0 WHEN 'XAF' THEN 0
    WHEN 'XOF' THEN 0 WHEN 'XPF' THEN 0
    WHEN 'BHD' THEN 3 WHEN 'IQD' THEN 3 WHEN 'JOD' THEN 3 WHEN 'KWD' THEN 3 WHEN 'LYD' THEN 3
    WHEN 'OMR' THEN 3 WHEN 'TND' THEN 3
    WHEN 'CLF' THEN 4 WHEN 'UYW' THEN 4
    ELSE 2
  END
$$;

-- Minor units as an exact numeric with the currency's own scale: (1234, 'EUR') → 12.34,
-- (1234, 'JPY') → 1234, (1234, 'BHD') → 1.234. Exact: the division is by a power of ten.
CREATE FUNCTION to_major(amount bigint, currency text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT round(amount::numeric / (10::numeric ^ currency_minor_units(currency)), currency_minor_units(currency))
$$;

-- What the exporter would book now for an entry, written by every `export` run (any format or
-- mode) for each entry of the period it reads, by the same builder as the files (src/export).
-- SQL alone cannot compute bookings: they depend on EXPORT_CONFIG. No row: left out (zero
-- amount) or never read by an export. `journal` has the shape of export_batch_entries.journal.
CREATE TABLE "export_journal_previews" (
    "entry_id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "booking_date" DATE NOT NULL,
    "journal" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "export_journal_previews_pkey" PRIMARY KEY ("entry_id")
);

CREATE INDEX "export_journal_previews_organization_id_booking_date_idx" ON "export_journal_previews"("organization_id", "booking_date");

-- One row per account entry, with what an accountant needs to read it.
CREATE VIEW "booked_entries" AS
SELECT e.id AS entry_id,
       e.organization_id,
       o.name AS organization_name,
       e.card_account_id,
       e.entry_index,
       e.booking_date,
       e.type,
       e.amount,
       to_major(e.amount, e.currency) AS amount_major,
       e.currency,
       e.balance_after,
       e.transaction_id,
       COALESCE(t.type, e.transaction_type) AS transaction_type,
       t.category,
       t.merchant_name,
       t.card_id,
       c.ref_num AS card_ref_num,
       COALESCE(t.cardholder_id, c.cardholder_id) AS cardholder_id,
       NULLIF(concat_ws(' ', h.first_name, h.last_name), '') AS cardholder_name,
       fx.original_amount,
       fx.original_currency,
       COALESCE(rc.receipt_count, 0) AS receipt_count,
       t.receipt_needed,
       e.bill_payment_id,
       -- Beyond interface.md:
       to_major(e.balance_after, e.currency) AS balance_after_major,
       to_major(fx.original_amount, fx.original_currency) AS original_amount_major,
       (COALESCE(t.platform_fee, false) OR COALESCE(c.platform_fee, false)) AS platform_fee,
       e.bill_payment_type,
       c.label AS card_label,
       h.email AS cardholder_email,
       t.merchant_country,
       t.status AS transaction_status
FROM account_entries e
LEFT JOIN organizations o ON o.id = e.organization_id
LEFT JOIN transactions t ON t.id = e.transaction_id
LEFT JOIN cards c ON c.id = t.card_id
LEFT JOIN cardholders h ON h.id = COALESCE(t.cardholder_id, c.cardholder_id)
LEFT JOIN (
  SELECT transaction_id, count(*)::integer AS receipt_count FROM receipts WHERE deleted_at IS NULL GROUP BY transaction_id
) rc ON rc.transaction_id = e.transaction_id
-- The merchant's amount only when it was charged in another currency than the one billed.
LEFT JOIN LATERAL (
  SELECT t.transaction_amount AS original_amount, t.transaction_currency AS original_currency
  WHERE t.transaction_currency <> COALESCE(t.billing_currency, e.currency)
) fx ON true;

-- Same columns as before, in the same order (CREATE OR REPLACE may only append), then the new ones.
CREATE OR REPLACE VIEW "missing_receipts" AS
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
       t.receipt_needed,
       to_major(e.amount, e.currency) AS amount_major,
       NULLIF(concat_ws(' ', h.first_name, h.last_name), '') AS cardholder_name,
       c.ref_num AS card_ref_num,
       (current_date - e.booking_date) AS days_outstanding
FROM account_entries e
LEFT JOIN transactions t ON t.id = e.transaction_id
LEFT JOIN cards c ON c.id = t.card_id
LEFT JOIN cardholders h ON h.id = t.cardholder_id
WHERE e.type = 'TRANSACTION'
  AND e.transaction_id IS NOT NULL
  AND COALESCE(t.type, e.transaction_type) = 'PURCHASE'
  AND COALESCE(t.platform_fee, false) = false
  AND t.receipt_needed IS DISTINCT FROM false
  AND NOT EXISTS (
    SELECT 1 FROM receipts r WHERE r.transaction_id = e.transaction_id AND r.deleted_at IS NULL
  );

-- Signed entry amounts per organization, month of booking, category and currency.
CREATE VIEW "monthly_totals" AS
SELECT organization_id,
       date_trunc('month', booking_date)::date AS month,
       category,
       currency,
       count(*)::integer AS entries,
       sum(amount)::bigint AS amount,
       to_major(sum(amount)::bigint, currency) AS amount_major
FROM booked_entries
GROUP BY organization_id, date_trunc('month', booking_date)::date, category, currency;

-- The lines the exporter books for each entry: as delivered in the entry's latest `new` batch
-- (any format), or, for an entry never exported, as the last export run would book it now.
CREATE VIEW "journal_lines" AS
WITH latest AS (
  SELECT DISTINCT ON (x.entry_id) x.entry_id, x.batch_id, x.format, x.revision, x.kind, x.journal
  FROM export_batch_entries x
  -- Within a batch a reversal (revision n) precedes its rebooking (n + 1).
  ORDER BY x.entry_id, x.batch_id DESC, x.revision DESC, (x.kind = 'reversal') DESC
), journals AS (
  -- A latest record that is a reversal: the booking was cancelled and nothing stands.
  SELECT entry_id, journal, batch_id, format, revision FROM latest WHERE kind = 'booking'
  UNION ALL
  SELECT p.entry_id, p.journal, NULL::bigint, NULL::text, NULL::integer
  FROM export_journal_previews p
  WHERE NOT EXISTS (SELECT 1 FROM export_batch_entries x WHERE x.entry_id = p.entry_id)
)
SELECT j.entry_id,
       j.journal->>'organizationId' AS organization_id,
       (j.journal->>'bookingDate')::date AS booking_date,
       (l.line->>'lineNo')::integer AS line_no,
       l.line->>'account' AS account,
       contra.account AS contra_account,
       CASE l.line->>'side' WHEN 'debit' THEN 'S' WHEN 'credit' THEN 'H' END AS side,
       (l.line->>'amount')::bigint AS amount,
       to_major((l.line->>'amount')::bigint, l.line->>'currency') AS amount_major,
       (l.line->>'currency')::char(3) AS currency,
       NULLIF(l.line->>'taxKey', '') AS tax_key,
       NULLIF(l.line->>'costCentre', '') AS cost_center,
       j.journal->>'text' AS text,
       j.batch_id AS exported_batch_id,
       -- Beyond interface.md:
       j.format AS exported_format,
       j.revision,
       (l.line->>'pair')::integer AS pair,
       l.line->>'role' AS role,
       (l.line->'original'->>'amount')::bigint AS original_amount,
       (l.line->'original'->>'currency')::char(3) AS original_currency,
       j.journal->>'reference' AS reference,
       (j.journal->>'documentDate')::date AS document_date
FROM journals j
CROSS JOIN LATERAL jsonb_array_elements(j.journal->'lines') AS l(line)
-- Each pair is one debit and one credit line: the contra account is the other line's.
LEFT JOIN LATERAL (
  SELECT o->>'account' AS account
  FROM jsonb_array_elements(j.journal->'lines') AS o
  WHERE o->'pair' = l.line->'pair' AND o->>'side' <> l.line->>'side'
  LIMIT 1
) contra ON true;
