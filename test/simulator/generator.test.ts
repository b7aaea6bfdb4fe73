// Invariants of the generated data set, checked on the records as they go over
// the wire (parsed JSON), for several seeds.
import { createHash } from 'node:crypto';

import { advanceWorld, dumpDataset, generateDataset, World } from '../../src/simulator/index.js';
import {
  ACCOUNT_TYPES,
  BILL_PAYMENT_TYPES,
  CARD_CONFIGS,
  CARD_STATUSES,
  CARDHOLDER_STATUSES,
  CATEGORIES,
  ORGANIZATION_STATUSES,
  PAYMENT_FREQUENCIES,
  RECEIPT_MIME_TYPES,
  TRANSACTION_TYPES,
} from '../../src/simulator/model/enums.js';

const NOW = '2025-06-01T00:00:00Z';

interface Money {
  value: number;
  currency: string;
}
type Rec = Record<string, unknown>;

interface Parsed {
  orgs: Rec[];
  cardholders: Rec[];
  cards: Rec[];
  payments: Rec[];
  entries: Rec[];
  transactions: Rec[];
  receipts: Rec[];
}

function parse(w: World): Parsed {
  const p: Parsed = { orgs: [], cardholders: [], cards: [], payments: [], entries: [], transactions: [], receipts: [] };
  for (const line of dumpDataset(w)) {
    const r = JSON.parse(line) as Rec;
    if ('accountType' in r) p.orgs.push(r);
    else if ('cardholderId' in r && 'firstName' in r) p.cardholders.push(r);
    else if ('cardConfig' in r) p.cards.push(r);
    else if ('paymentId' in r) p.payments.push(r);
    else if ('balanceAfter' in r) p.entries.push(r);
    else if ('transactionId' in r && 'merchantData' in r) p.transactions.push(r);
    else if ('receiptId' in r) p.receipts.push(r);
    else throw new Error(`unclassified record ${line.slice(0, 80)}`);
  }
  return p;
}

/** ISO instant → [epoch seconds, nanoseconds], exact for 0–9 fractional digits. */
function instant(s: string): [number, number] {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`not an ISO UTC instant: ${s}`);
  return [Date.parse(`${m[1]}Z`) / 1000, Number((m[2] ?? '').padEnd(9, '0'))];
}

function byOrg(entries: Rec[]): Map<string, Rec[]> {
  const m = new Map<string, Rec[]>();
  for (const e of entries) {
    const k = e['organizationId'] as string;
    (m.get(k) ?? m.set(k, []).get(k)!).push(e);
  }
  return m;
}

const money = (r: Rec, k: string): number => (r[k] as Money).value;

describe.each([1, 42, 20250601])('generated data set, seed %i', (seed) => {
  const w = generateDataset({ seed, orgs: 3, days: 75, now: NOW });
  const d = parse(w);
  const txById = new Map(d.transactions.map((t) => [t['transactionId'] as string, t]));
  const entriesByOrg = byOrg(d.entries);

  it('has the three account kinds, and availableLimit = balance + creditLimit', () => {
    expect(d.orgs.map((o) => o['accountType'])).toEqual(['CREDIT', 'PREFUNDED', 'CREDIT']);
    for (const o of d.orgs) {
      const entries = entriesByOrg.get(o['organizationId'] as string)!;
      const balance = entries.reduce((s, e) => s + money(e, 'amount'), 0);
      expect(money(o, 'availableLimit')).toBe(balance + money(o, 'creditLimit'));
    }
    const hybrid = d.orgs[2]!;
    expect(money(hybrid, 'creditLimit')).toBeGreaterThan(0);
    const hybridTopups = d.payments.filter(
      (p) => p['organizationId'] === hybrid['organizationId'] && p['type'] === 'TOPUP',
    );
    expect(hybridTopups.length).toBeGreaterThan(0);
    expect(money(d.orgs[1]!, 'creditLimit')).toBe(0);
  });

  it('numbers entries 1..n without gaps per organization and card account, in createdAt order', () => {
    const bad: string[] = [];
    for (const [org, entries] of entriesByOrg) {
      if (new Set(entries.map((e) => e['cardAccountId'])).size !== 1) bad.push(`${org}: several card accounts`);
      entries.forEach((e, i) => {
        if (e['index'] !== i + 1) bad.push(`${org}: index ${String(e['index'])} at position ${i + 1}`);
      });
      for (let i = 1; i < entries.length; i++) {
        const [as, ans] = instant(entries[i - 1]!['createdAt'] as string);
        const [bs, bns] = instant(entries[i]!['createdAt'] as string);
        if (!(bs > as || (bs === as && bns > ans))) bad.push(`${org}: createdAt not rising at index ${i + 1}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('chains balanceAfter along index, starting from 0, ending at the balance', () => {
    const bad: string[] = [];
    for (const [org, entries] of entriesByOrg) {
      let balance = 0;
      for (const e of entries) {
        balance += money(e, 'amount');
        if (money(e, 'balanceAfter') !== balance || !Number.isInteger(money(e, 'amount')))
          bad.push(`${org} #${String(e['index'])}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('books a transaction entry for exactly its billingAmount, in EUR', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const e of d.entries) {
      if ((e['amount'] as Money).currency !== 'EUR') bad.push(`${String(e['id'])}: currency`);
      if (e['type'] !== 'TRANSACTION') continue;
      const t = txById.get(e['transactionId'] as string);
      if (!t) {
        bad.push(`${String(e['id'])}: no transaction`);
        continue;
      }
      if (money(e, 'amount') !== money(t, 'billingAmount')) bad.push(`${String(e['id'])}: amount`);
      if (e['transactionType'] !== t['type'] || e['bookingDate'] !== t['bookingDate'] || t['status'] !== 'BOOKED') {
        bad.push(`${String(e['id'])}: fields`);
      }
      seen++;
    }
    expect(bad).toEqual([]);
    expect(seen).toBe(d.transactions.length);
  });

  it('gives signs by type: debits negative, refunds and chargebacks positive, card checks zero on the fee card', () => {
    const feeCards = new Set(d.cards.filter((c) => c['platformFee'] === true).map((c) => c['cardId']));
    const bad = d.transactions.filter((t) => {
      const v = money(t, 'billingAmount');
      switch (t['type']) {
        case 'PURCHASE':
        case 'CASH_WITHDRAWAL':
        case 'RECHARGE':
          return !(v < 0);
        case 'REFUND':
        case 'CHARGEBACK':
          return !(v > 0);
        case 'STATUS_INQUIRY':
          return v !== 0 || !feeCards.has(t['cardId']);
        default:
          return true;
      }
    });
    expect(bad).toEqual([]);
  });

  it('charges each FX fee once, as a Pliant GmbH purchase on the platform-fee card, never inside the amount', () => {
    const feeCards = d.cards.filter((c) => c['platformFee'] === true);
    expect(feeCards.map((c) => [c['cardConfig'], c['cardholderId']])).toEqual([
      ['PLIANT_PLATFORM_FEE', null],
      ['PLIANT_PLATFORM_FEE', null],
      ['PLIANT_PLATFORM_FEE', null],
    ]);
    const feeCardOf = new Map(feeCards.map((c) => [c['organizationId'], c['cardId']]));
    const fx = d.transactions.filter((t) => 'fxFee' in t);
    expect(fx.length).toBeGreaterThan(5);
    expect(fx.every((t) => (t['transactionAmount'] as Money).currency !== 'EUR' && money(t, 'fxFee') < 0)).toBe(true);
    const feeTx = d.transactions.filter(
      (t) => (t['merchantData'] as Rec)['displayName'] === 'Pliant GmbH' && t['type'] === 'PURCHASE',
    );
    expect(feeTx.every((t) => t['cardId'] === feeCardOf.get(t['organizationId']) && !('fxFee' in t))).toBe(true);
    // per organization: one fee per FX transaction with its value, plus one platform fee per month start
    const monthStarts = new Set(d.entries.map((e) => e['bookingDate'] as string).filter((b) => b.endsWith('-01'))).size;
    for (const org of d.orgs) {
      const id = org['organizationId'];
      const fees = feeTx.filter((t) => t['organizationId'] === id).map((t) => money(t, 'billingAmount'));
      const orgFx = fx.filter((t) => t['organizationId'] === id);
      expect(fees.length).toBe(orgFx.length + monthStarts);
      for (const t of orgFx) {
        const at = fees.indexOf(money(t, 'fxFee'));
        expect(at).toBeGreaterThanOrEqual(0);
        fees.splice(at, 1);
      }
    }
  });

  it('books bills for credit organizations and top-ups for prefunded ones, all PAID', () => {
    const kinds = new Map(d.orgs.map((o, i) => [o['organizationId'], ['credit', 'prefunded', 'hybrid'][i]]));
    const bad = d.payments.filter((p) => {
      const kind = kinds.get(p['organizationId']);
      if (p['status'] !== 'PAID') return true;
      if (p['type'] === 'BILL') {
        return (
          kind === 'prefunded' ||
          money(p, 'amount') <= 0 ||
          !/^(DIRECT_DEBIT_(CORE|B2B)|WIRE_TRANSFER)$/.test(String(p['method']))
        );
      }
      if (p['type'] === 'TOPUP') return kind === 'credit' || money(p, 'amount') <= 0;
      return false;
    });
    expect(bad).toEqual([]);
    const credit = d.payments.filter((p) => kinds.get(p['organizationId']) === 'credit' && p['type'] === 'BILL');
    expect(credit.length).toBeGreaterThanOrEqual(2);
    // prefunded: the balance never goes below zero
    const prefunded = entriesByOrg.get(d.orgs[1]!['organizationId'] as string)!;
    expect(prefunded.filter((e) => money(e, 'balanceAfter') < 0)).toEqual([]);
  });

  it('has late bookings, several receipts on some transactions, and all fractional-second precisions', () => {
    const late = d.entries.filter((e) => (e['createdAt'] as string).slice(0, 10) > (e['bookingDate'] as string));
    expect(late.length).toBeGreaterThan(0);
    expect(d.transactions.some((t) => (t['receiptIds'] as string[]).length >= 2)).toBe(true);
    const digits = new Set(d.entries.map((e) => ((e['createdAt'] as string).split('.')[1] ?? 'Z').length - 1));
    expect([...digits].sort()).toEqual([0, 3, 6, 9]);
    // every live receipt belongs to the transaction that lists it
    const listed = new Set(d.transactions.flatMap((t) => t['receiptIds'] as string[]));
    expect(d.receipts.length).toBe(listed.size);
    expect(d.receipts.filter((r) => !listed.has(r['receiptId'] as string))).toEqual([]);
    const withReceipt = d.transactions.filter((t) => t['type'] === 'PURCHASE' && t['receiptNeeded'] === true);
    const covered = withReceipt.filter((t) => (t['receiptIds'] as string[]).length > 0).length;
    expect(covered / withReceipt.length).toBeGreaterThan(0.6);
  });

  it('has merchants with ";", quotes and non-ASCII characters', () => {
    const names = new Set(d.transactions.map((t) => (t['merchantData'] as Rec)['displayName'] as string));
    expect([...names].some((n) => n.includes(';'))).toBe(true);
    expect([...names].some((n) => n.includes('"'))).toBe(true);
    expect([...names].some((n) => /[^\x00-\x7f]/.test(n))).toBe(true);
  });
});

describe('enum coverage', () => {
  const w = generateDataset({ seed: 7, orgs: 11, days: 70, now: NOW });
  const d = parse(w);
  const values = (rs: Rec[], k: string): Set<unknown> => new Set(rs.map((r) => r[k]));

  it('covers every organization status, account type and payment frequency', () => {
    expect(values(d.orgs, 'status')).toEqual(new Set(ORGANIZATION_STATUSES));
    expect(values(d.orgs, 'accountType')).toEqual(new Set(ACCOUNT_TYPES));
    expect(values(d.orgs, 'paymentFrequency')).toEqual(new Set(PAYMENT_FREQUENCIES));
  });

  it('covers every cardholder status, card config and card status Pliant documents', () => {
    expect(values(d.cardholders, 'status')).toEqual(new Set(CARDHOLDER_STATUSES));
    const configs = values(d.cards, 'cardConfig');
    for (const c of [...CARD_CONFIGS, 'PLIANT_PLATFORM_FEE']) expect(configs).toContain(c);
    expect(
      [...configs].some((c) => typeof c === 'string' && /^[A-Z]+_VIRTUAL$/.test(c) && !c.startsWith('PLIANT')),
    ).toBe(true);
    expect(values(d.cards, 'status')).toEqual(new Set(CARD_STATUSES));
    expect(values(d.cards, 'type')).toEqual(new Set(['PHYSICAL', 'VIRTUAL', 'SINGLE_USE']));
  });

  it('covers every transaction type and category, bill payment type, receipt type and the currencies', () => {
    expect(values(d.transactions, 'type')).toEqual(new Set(TRANSACTION_TYPES));
    expect(values(d.transactions, 'category')).toEqual(new Set(CATEGORIES));
    expect(values(d.payments, 'type')).toEqual(new Set(BILL_PAYMENT_TYPES));
    expect(values(d.receipts, 'mimeType')).toEqual(new Set(RECEIPT_MIME_TYPES));
    const currencies = new Set(d.transactions.map((t) => (t['transactionAmount'] as Money).currency));
    for (const c of ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'PLN', 'BHD']) expect(currencies).toContain(c);
    expect(values(d.entries, 'type')).toEqual(new Set(['TRANSACTION', 'BILL_PAYMENT']));
  });

  it('keeps the three-org default covering every transaction and bill payment type too', () => {
    const small = parse(generateDataset({ seed: 3, orgs: 3, days: 60, now: NOW }));
    expect(values(small.transactions, 'type')).toEqual(new Set(TRANSACTION_TYPES));
    expect(values(small.payments, 'type')).toEqual(new Set(BILL_PAYMENT_TYPES));
    expect(values(small.cards, 'status')).toEqual(new Set(CARD_STATUSES));
  });

  it('gives onboarding organizations no activity', () => {
    const onboarding = new Set(
      d.orgs.filter((o) => String(o['status']).startsWith('ONBOARDING')).map((o) => o['organizationId']),
    );
    expect(onboarding.size).toBe(3);
    expect(d.entries.some((e) => onboarding.has(e['organizationId']))).toBe(false);
  });
});

describe('determinism', () => {
  const digest = (w: World): string => {
    const h = createHash('sha256');
    for (const line of dumpDataset(w)) h.update(line).update('\n');
    return h.digest('hex');
  };
  const opts = { seed: 99, orgs: 3, days: 30, now: NOW };

  it('produces identical bytes for the same options', () => {
    expect(digest(generateDataset(opts))).toBe(digest(generateDataset(opts)));
  });

  it('produces different data for another seed or another clock', () => {
    const base = digest(generateDataset(opts));
    expect(digest(generateDataset({ ...opts, seed: 100 }))).not.toBe(base);
    expect(digest(generateDataset({ ...opts, now: '2025-06-02T00:00:00Z' }))).not.toBe(base);
  });

  it('advances deterministically too', () => {
    const a = generateDataset(opts);
    const b = generateDataset(opts);
    advanceWorld(a, 3);
    advanceWorld(b, 3);
    expect(digest(a)).toBe(digest(b));
  });
});

describe('scale', () => {
  it('reaches an entries target within 25 %', () => {
    const w = generateDataset({ seed: 5, orgs: 3, days: 30, now: NOW, entriesTarget: 30000 });
    expect(w.entries.length).toBeGreaterThan(22500);
    expect(w.entries.length).toBeLessThan(37500);
  });
});
