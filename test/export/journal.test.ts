/** The journal-line builder on hand-made mirror rows, no database: one case per entry type. */
import { parseExportSettings, presetSettings } from '../../src/export/index.js';
import { balanceProblem, cardEffect } from '../../src/export/journal/balance.js';
import { buildJournal } from '../../src/export/journal/build.js';
import { fingerprint, reversalOf } from '../../src/export/journal/stored.js';
import type { JournalEntry, SourceEntry, SourceTransaction } from '../../src/export/types.js';

const skr03 = presetSettings('SKR03');

function tx(overrides: Partial<SourceTransaction> = {}): SourceTransaction {
  return {
    id: 'tx-0001-aaaa-bbbb',
    type: 'PURCHASE',
    category: 'OFFICE_SUPPLIES_AND_EQUIPMENT',
    billingAmount: -11900n,
    billingCurrency: 'EUR',
    transactionAmount: -11900n,
    transactionCurrency: 'EUR',
    merchantName: 'Bürobedarf Schäfer',
    merchantLegalName: null,
    platformFee: false,
    cardId: 'card-1',
    cardRefNum: '1234',
    cardholderId: 'ch-1',
    cardholderEmail: 'anna@example.com',
    documentDate: '2026-11-02',
    receiptIds: ['r-1'],
    ...overrides,
  };
}

function entry(overrides: Partial<SourceEntry> = {}, t: SourceTransaction | null = tx()): SourceEntry {
  return {
    id: 'entry-1',
    organizationId: 'org-1',
    cardAccountId: 'ca-1',
    entryIndex: 7n,
    type: 'TRANSACTION',
    bookingDate: '2026-11-03',
    amount: t?.billingAmount ?? -11900n,
    currency: 'EUR',
    balanceAfter: -11900n,
    previous: null,
    transactionType: t?.type ?? null,
    billPaymentType: null,
    changedAt: new Date('2026-11-03T10:00:00Z'),
    transaction: t,
    missingTransactionId: null,
    billPayment: null,
    missingBillPaymentId: null,
    ...overrides,
  };
}

function journal(source: SourceEntry, settings = skr03): JournalEntry {
  const result = buildJournal(source, settings);
  if (result.kind !== 'journal') throw new Error(`not a journal: ${JSON.stringify(result)}`);
  expect(balanceProblem(result.journal)).toBeNull();
  expect(cardEffect(result.journal)).toBe(source.amount);
  return result.journal;
}

const lines = (j: JournalEntry) =>
  j.lines.map((l) => [l.pair, l.side, l.role, l.account, l.amount, l.taxKey, l.costCentre]);

describe('journal lines from booked entries', () => {
  it('purchase: expense (with its tax key) debited, card account credited', () => {
    const j = journal(entry());
    expect(lines(j)).toEqual([
      [1, 'debit', 'expense', '4930', 11900n, '9', ''],
      [1, 'credit', 'card', '1730', 11900n, '', ''],
    ]);
    expect(j).toMatchObject({
      reference: 'Ttx0001aaaabb',
      text: 'Bürobedarf Schäfer',
      documentDate: '2026-11-02',
      receiptIds: ['r-1'],
    });
  });

  it('refund: sides reversed, same expense and tax key (the VAT is reversed too)', () => {
    const j = journal(entry({}, tx({ type: 'REFUND', billingAmount: 1900n, transactionAmount: 1900n })));
    expect(lines(j)).toEqual([
      [1, 'debit', 'card', '1730', 1900n, '', ''],
      [1, 'credit', 'expense', '4930', 1900n, '9', ''],
    ]);
    expect(j.text).toBe('Erstattung Bürobedarf Schäfer');
  });

  it('chargeback and recharge go against the expense like refund and purchase', () => {
    expect(lines(journal(entry({}, tx({ type: 'CHARGEBACK', billingAmount: 4500n }))))[0]).toEqual([
      1,
      'debit',
      'card',
      '1730',
      4500n,
      '',
      '',
    ]);
    expect(lines(journal(entry({}, tx({ type: 'RECHARGE', billingAmount: -4500n }))))[0]).toEqual([
      1,
      'debit',
      'expense',
      '4930',
      4500n,
      '9',
      '',
    ]);
  });

  it('cash withdrawal in yen: the EUR that hit the card account is booked on the cash account; yen and rate are information', () => {
    const j = journal(
      entry(
        {},
        tx({
          type: 'CASH_WITHDRAWAL',
          category: 'OTHER',
          billingAmount: -5831n,
          transactionAmount: -10000n,
          transactionCurrency: 'JPY',
        }),
      ),
    );
    expect(lines(j)).toEqual([
      [1, 'debit', 'cash', '1000', 5831n, '', ''],
      [1, 'credit', 'card', '1730', 5831n, '', ''],
    ]);
    expect(j.lines[0]!.original).toEqual({ amount: 10000n, currency: 'JPY' });
    expect(j.lines[1]!.original).toBeNull();
  });

  it('never books the fxFee of an entry: Pliant charges it as its own fee-card entry, booked on the fees account', () => {
    const fx = journal(entry({}, tx({ billingAmount: -6000n, transactionAmount: -6500n, transactionCurrency: 'USD' })));
    expect(fx.lines.map((l) => l.amount)).toEqual([6000n, 6000n]);
    const fee = journal(
      entry(
        { id: 'entry-2' },
        tx({
          platformFee: true,
          merchantName: 'Pliant GmbH',
          category: 'OTHER',
          billingAmount: -105n,
          transactionAmount: -105n,
        }),
      ),
    );
    expect(lines(fee)).toEqual([
      [1, 'debit', 'fees', '4970', 105n, '', ''],
      [1, 'credit', 'card', '1730', 105n, '', ''],
    ]);
  });

  it('leaves out zero-amount card checks', () => {
    expect(
      buildJournal(entry({ amount: 0n }, tx({ type: 'STATUS_INQUIRY', platformFee: true, billingAmount: 0n })), skr03),
    ).toEqual({ kind: 'left-out', reason: 'zero amount' });
  });

  it.each([
    ['BILL', 35000n, 'debit'],
    ['TOPUP', 500000n, 'debit'],
    ['PAYOUT', -50000n, 'credit'],
    ['DIRECT_DEBIT_REVERSAL', -35000n, 'credit'],
    ['BILL_PAYMENT_REVERSAL', -1000n, 'credit'],
  ] as const)('bill payment %s goes against the clearing account (Geldtransit)', (type, amount, cardSide) => {
    const j = journal(
      entry(
        {
          type: 'BILL_PAYMENT',
          amount,
          transactionType: null,
          billPaymentType: type,
          billPayment: {
            id: 'bp-1',
            publicPaymentId: 'PAY-7',
            type,
            amount,
            currency: 'EUR',
            actualPaymentDate: '2026-11-02',
          },
        },
        null,
      ),
    );
    expect(j.lines.find((l) => l.role === 'card')!.side).toBe(cardSide);
    expect(j.lines.find((l) => l.role === 'clearing')!.account).toBe('1360');
    expect(j.reference).toBe('PAY-7');
    expect(j.documentDate).toBe('2026-11-02');
  });

  it('creditor-based posting: expense an Sammelkreditor, Kreditor an Kreditkarte', () => {
    const settings = { ...skr03, posting: 'creditor' as const };
    expect(lines(journal(entry(), settings))).toEqual([
      [1, 'debit', 'expense', '4930', 11900n, '9', ''],
      [1, 'credit', 'creditor', '70000', 11900n, '', ''],
      [2, 'debit', 'creditor', '70000', 11900n, '', ''],
      [2, 'credit', 'card', '1730', 11900n, '', ''],
    ]);
  });

  it('applies merchant rules before card rules before the category, and the cost centre from card rule or cardholder', () => {
    const settings = parseExportSettings(
      [
        'merchants:',
        '  - contains: schäfer',
        '    account: "4940"',
        'cards:',
        '  - refNum: "1234"',
        '    account: "4600"',
        '    taxKey: "8"',
        '    costCentre: "300"',
        'cardholders:',
        '  anna@example.com: "100"',
      ].join('\n'),
      'x.yaml',
    );
    expect(lines(journal(entry(), settings))[0]).toEqual([1, 'debit', 'expense', '4940', 11900n, '8', '300']);
    expect(lines(journal(entry({}, tx({ cardRefNum: '9999', merchantName: 'Other' })), settings))[0]).toEqual([
      1,
      'debit',
      'expense',
      '4930',
      11900n,
      '9',
      '100',
    ]);
    expect(lines(journal(entry({}, tx({ category: 'SOMETHING_NEW' })), skr03))[0]).toEqual([
      1,
      'debit',
      'expense',
      '4900',
      11900n,
      '',
      '',
    ]);
  });

  it('refuses an unknown entry type naming the entry, unless EXPORT_CONFIG maps it', () => {
    const odd = entry({ type: 'INTEREST', amount: -250n, transactionType: null }, null);
    const refused = buildJournal(odd, skr03);
    expect(refused).toEqual({
      kind: 'refused',
      problem: expect.stringContaining(
        'entry entry-1 (index 7, booked 2026-11-03, INTEREST): its type INTEREST is not one the exporter knows',
      ),
    });
    const mapped = parseExportSettings('entryTypes:\n  INTEREST: { account: "2100" }\n', 'x.yaml');
    expect(lines(journal(odd, mapped))).toEqual([
      [1, 'debit', 'rule', '2100', 250n, '', ''],
      [1, 'credit', 'card', '1730', 250n, '', ''],
    ]);
    const newKind = buildJournal(entry({}, tx({ type: 'NEW_KIND' })), skr03);
    expect(newKind.kind === 'refused' && newKind.problem).toMatch(
      /TRANSACTION\/NEW_KIND is not one the exporter knows .* entryTypes: \{ "TRANSACTION\/NEW_KIND"/,
    );
  });

  it('refuses an entry whose transaction the mirror lacks', () => {
    const r = buildJournal(entry({ transaction: null, missingTransactionId: 'tx-404' }, null), skr03);
    expect(r).toEqual({
      kind: 'refused',
      problem: expect.stringMatching(/entry entry-1 .*: its transaction tx-404 is not in the mirror: run sync first/),
    });
  });

  it('finds an entry that does not balance: the transaction says another amount than the card account', () => {
    const r = buildJournal(entry({ amount: -11900n }, tx({ billingAmount: -11899n })), skr03);
    expect(r.kind === 'journal' && balanceProblem(r.journal)).toBe(
      'does not balance: debits 118.99 EUR, credits 119.00 EUR',
    );
  });

  it('a reversal swaps the sides of what was exported, keeping its meaning in the fingerprint apart', () => {
    const booked = { ...journal(entry()), revision: 1 };
    const reversal = reversalOf(booked, { bookingDate: '2026-11-20', changedAt: new Date('2026-11-20T00:00:00Z') });
    expect(reversal.kind).toBe('reversal');
    expect(reversal.bookingDate).toBe('2026-11-20');
    expect(reversal.lines.map((l) => l.side)).toEqual(['credit', 'debit']);
    expect(balanceProblem(reversal)).toBeNull();
    expect(cardEffect(reversal)).toBe(11900n);
    expect(fingerprint(reversal)).not.toBe(fingerprint(booked));
    // Texts and receipts are information, not meaning: a late merchant name does not rebook.
    expect(fingerprint({ ...booked, text: 'Schäfer GmbH', receiptIds: [] } as JournalEntry)).toBe(fingerprint(booked));
  });
});
