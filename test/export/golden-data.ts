/**
 * The fixed data set behind the golden files: one organization, October and November 2026,
 * every kind of entry the exporter books (and a card check it leaves out), FX purchases in a
 * 2-, 0- and 3-digit currency, umlauts, typographic quotes and one character cp1252 lacks.
 */
import { MirrorBuilder, type Mirror } from './fixture.js';

export const GOLDEN_ORG = '6f1c2a4e-3b7d-4e59-9a0c-5d8e7f1b2c3a';

export function goldenMirror(): Mirror {
  const m = new MirrorBuilder(GOLDEN_ORG, 'Muster & Söhne GmbH');
  const anna = m.cardholder('anna', 'Anna', 'Müller', 'anna.mueller@example.com');
  const bob = m.cardholder('bob', 'Bob', 'Smith', 'bob.smith@example.com');
  const annaCard = m.card('anna', anna, '1234');
  const bobCard = m.card('bob', bob, '5678');
  const fees = m.card('fees', null, '0000', true);

  m.payment('2026-10-01', 'TOPUP', 500000);
  m.spend({
    date: '2026-10-02',
    card: annaCard,
    amount: -6000,
    merchant: 'Adobe Systems',
    category: 'COMPUTING_AND_SOFTWARE',
    foreign: { amount: 6500, currency: 'USD' },
    receipts: 1,
    fxFee: 105,
  });
  m.spend({ date: '2026-10-02', card: fees, amount: -105, merchant: 'Pliant GmbH', category: 'OTHER' });
  m.spend({
    date: '2026-10-05',
    card: annaCard,
    amount: -11900,
    merchant: 'Bürobedarf Schäfer & Söhne',
    category: 'OFFICE_SUPPLIES_AND_EQUIPMENT',
    receipts: 2,
  });
  m.spend({
    date: '2026-10-06',
    card: annaCard,
    amount: 1900,
    type: 'REFUND',
    merchant: 'Bürobedarf Schäfer & Söhne',
    category: 'OFFICE_SUPPLIES_AND_EQUIPMENT',
    receipts: 1,
  });
  m.spend({ date: '2026-10-07', card: fees, amount: 0, type: 'STATUS_INQUIRY', merchant: 'Pliant GmbH' });
  m.spend({
    date: '2026-10-08',
    card: bobCard,
    amount: -5831,
    type: 'CASH_WITHDRAWAL',
    merchant: 'Seven Bank ATM Tokyo',
    foreign: { amount: 10000, currency: 'JPY' },
    fxFee: 102,
  });
  m.spend({ date: '2026-10-08', card: fees, amount: -102, merchant: 'Pliant GmbH' });
  m.spend({
    date: '2026-10-09',
    card: bobCard,
    amount: -2380,
    merchant: 'Café „Zur Post“ – ☕ Bar',
    category: 'FOOD_AND_DRINKS',
    receipts: 1,
  });
  m.spend({
    date: '2026-10-12',
    card: bobCard,
    amount: 4500,
    type: 'CHARGEBACK',
    merchant: 'Shady Shop "Online"',
    category: 'ELECTRONICS_AND_IT_EQUIPMENT',
  });
  m.spend({
    date: '2026-10-15',
    card: annaCard,
    amount: -3012,
    merchant: 'Gulf Air',
    category: 'TRAVEL_AND_ACCOMMODATION',
    foreign: { amount: 12345, currency: 'BHD' },
    fxFee: 53,
  });
  m.spend({ date: '2026-10-15', card: fees, amount: -53, merchant: 'Pliant GmbH' });
  m.spend({
    date: '2026-10-20',
    card: bobCard,
    amount: -4500,
    type: 'RECHARGE',
    merchant: 'Shady Shop "Online"',
    category: 'ELECTRONICS_AND_IT_EQUIPMENT',
  });
  m.spend({ date: '2026-10-31', card: fees, amount: -4900, merchant: 'Pliant GmbH', category: 'OTHER' });
  m.payment('2026-11-02', 'BILL', 35000);
  m.payment('2026-11-04', 'PAYOUT', -50000);
  m.spend({
    date: '2026-11-05',
    card: bobCard,
    amount: -48750,
    merchant: 'Deutsche Lufthansa AG Frankfurt am Main Flughafen Terminal 1 Abflug',
    category: 'TRAVEL_AND_ACCOMMODATION',
    receipts: 3,
  });
  // Booked on 3 November, created on the 6th: its index comes after later bookings.
  m.spend({
    date: '2026-11-03',
    card: annaCard,
    amount: -4895,
    merchant: 'Waterstones London',
    category: 'EDUCATION_AND_TRAINING',
    foreign: { amount: 4200, currency: 'GBP' },
    receipts: 1,
    fxFee: 86,
    lateDays: 3,
  });
  m.spend({ date: '2026-11-03', card: fees, amount: -86, merchant: 'Pliant GmbH', lateDays: 3 });
  m.payment('2026-11-06', 'DIRECT_DEBIT_REVERSAL', -35000);
  m.payment('2026-11-10', 'BILL', 35000);
  m.payment('2026-11-12', 'BILL_PAYMENT_REVERSAL', -1000);
  m.spend({ date: '2026-11-30', card: annaCard, amount: -2499, merchant: null, category: 'ADVERTISING_AND_MARKETING' });
  return m.rows;
}
