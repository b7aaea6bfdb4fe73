// Cards: everyday cards per active cardholder, one platform-fee card per
// organization, and "showcase" cards so that every cardConfig and every card
// status Pliant documents (docs/pliant-api.md) exists somewhere in the data set.
import { PLATFORM_FEE_CARD_CONFIG, type CardStatus } from '../model/enums.js';
import type { Card, Organization } from '../model/records.js';
import type { World } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS, dayOfYmd, ymdOfDay } from '../util/time.js';
import { STREAM } from './streams.js';

/** [status, cardConfig]: together they cover all 15 statuses and all 11 configs. */
export const SHOWCASE_CARDS: readonly [CardStatus, string][] = [
  ['PENDING_ACTIVATION', 'PLIANT_BLUE'],
  ['PENDING_ISSUANCE', 'PLIANT_VIRTUAL'],
  ['PENDING_REGISTRATION', 'PLIANT_VIRTUAL'],
  ['PENDING_VALIDITY', 'PLIANT_VIRTUAL_TRAVEL'],
  ['REQUEST_APPROVED', 'PLIANT_VIRTUAL_TRAVEL_CC_100'],
  ['REQUESTED', 'PLIANT_BLACK'],
  ['REQUEST_CANCELLED', 'PLIANT_VIRTUAL'],
  ['REQUEST_REJECTED', 'PLIANT_VIRTUAL_TRAVEL_CC_120'],
  ['LOCKED', 'PLIANT_VIRTUAL_TRAVEL_CC_150'],
  ['LOCKED_PIN', 'PLIANT_BLUE'],
  ['EXPIRED', 'PLIANT_SINGLE_USE'],
  ['TERMINATED', 'PLIANT_VIRTUAL_TRAVEL_CC_180'],
  ['TERMINATED_LOST', 'PLIANT_BLACK'],
  ['TERMINATED_STOLEN', 'PLIANT_VIRTUAL'],
  ['ACTIVE', 'PLIANT_VIRTUAL_TRAVEL_CC_200'],
  ['ACTIVE', 'PLIANT_VIRTUAL_TRAVEL_CC'],
  ['ACTIVE', 'PLIANT_SINGLE_USE'],
  ['ACTIVE', 'PLIANT_VIRTUAL_TRAVEL'],
];

const NEVER_USED: ReadonlySet<CardStatus> = new Set<CardStatus>([
  'PENDING_ACTIVATION',
  'PENDING_ISSUANCE',
  'PENDING_REGISTRATION',
  'PENDING_VALIDITY',
  'REQUEST_APPROVED',
  'REQUESTED',
  'REQUEST_CANCELLED',
  'REQUEST_REJECTED',
]);

const NOT_ISSUED: ReadonlySet<CardStatus> = new Set<CardStatus>([
  'PENDING_ISSUANCE',
  'REQUEST_APPROVED',
  'REQUESTED',
  'REQUEST_CANCELLED',
  'REQUEST_REJECTED',
]);

const LABELS = [
  'AWS',
  'Marketing tools',
  'Travel Q3',
  'Team lunch',
  'Büro & Material',
  'Software "Abos"',
  'Conference; Berlin',
];
const PURPOSES = ['Conference ticket', 'Hardware order #4711', 'One-off supplier payment', 'Messestand Köln'];

function typeOf(config: string): Card['type'] {
  if (config === 'PLIANT_BLUE' || config === 'PLIANT_BLACK') return 'PHYSICAL';
  if (config === 'PLIANT_SINGLE_USE') return 'SINGLE_USE';
  return 'VIRTUAL';
}

function validityMonths(type: Card['type'], rng: Rng): number {
  if (type === 'PHYSICAL') return 36;
  if (type === 'SINGLE_USE') return 12;
  return rng.pick([12, 24, 36, 48]);
}

function addMonths(day: number, months: number): number {
  const { year, month, day: d } = ymdOfDay(day);
  const m0 = month - 1 + months;
  return dayOfYmd(year + Math.floor(m0 / 12), (m0 % 12) + 1, Math.min(d, 28));
}

function designOf(config: string): string {
  if (config === 'PLIANT_BLUE' || config === 'PLIANT_BLACK') return config;
  if (config === PLATFORM_FEE_CARD_CONFIG) return 'PLIANT_PLATFORM_FEE';
  return config.includes('TRAVEL') ? 'PLIANT_VIRTUAL_TRAVEL' : 'PLIANT_VIRTUAL_RED';
}

export interface CardRequest {
  status: CardStatus;
  config: string;
  /** cardholder serial, -1 for the fee card */
  cardholder: number;
  /** issued during the data window rather than before it */
  issuedInWindow?: boolean;
}

export function createCard(w: World, org: Organization, days: number, req: CardRequest): Card {
  const serial = w.cards.length;
  const rng = new Rng(w.seed, STREAM.card, serial);
  const type = req.config === PLATFORM_FEE_CARD_CONFIG ? 'VIRTUAL' : typeOf(req.config);
  const validity = validityMonths(type, rng);
  const start = w.startDay;
  let issuingDay = start - rng.range(10, 500);
  if (req.issuedInWindow) issuingDay = start + rng.int(Math.max(1, Math.floor(days / 2)));
  let spendFrom = Math.max(start, issuingDay);
  let spendUntil = 0xffff; // open end (day numbers are Uint16)
  let expiryDay = addMonths(issuingDay, validity);
  if (NEVER_USED.has(req.status)) {
    spendFrom = 0;
    spendUntil = 0;
    if (req.status.startsWith('REQUEST')) issuingDay = start + rng.int(Math.max(1, days));
  } else if (req.status !== 'ACTIVE') {
    // locked, expired or terminated part-way through the window
    spendUntil = start + Math.floor(days / 4) + rng.int(Math.max(1, Math.floor(days / 2)));
    if (req.status === 'EXPIRED') {
      expiryDay = spendUntil;
      issuingDay = addMonths(expiryDay, -validity);
      spendFrom = Math.max(start, issuingDay);
    }
  }
  const card: Card = {
    serial,
    id: w.ids.encode(IdKind.card, serial),
    org: org.serial,
    cardholder: req.cardholder,
    type,
    status: req.status,
    cardConfig: req.config,
    label: type === 'VIRTUAL' && req.cardholder >= 0 && rng.chance(2, 3) ? rng.pick(LABELS) : null,
    purpose: type === 'SINGLE_USE' ? rng.pick(PURPOSES) : null,
    refNum: String(rng.range(0, 9999)).padStart(4, '0'),
    // a card that was only requested, or is still being issued, has no dates yet
    issuingSec: NOT_ISSUED.has(req.status) ? -1 : issuingDay * DAY_SECONDS + rng.int(DAY_SECONDS),
    expirySec: NOT_ISSUED.has(req.status) ? -1 : expiryDay * DAY_SECONDS + DAY_SECONDS - 1,
    validityPeriod: validity,
    cardDesign: designOf(req.config),
    productRef: `PRD_${req.config}`,
    platformFee: req.config === PLATFORM_FEE_CARD_CONFIG,
    spendFromDay: spendFrom,
    spendUntilDay: spendUntil,
    used: false,
  };
  w.cards.push(card);
  org.cards.push(serial);
  return card;
}

/** Everyday cards of an organization with activity; returns the fee card's serial. */
export function createEverydayCards(w: World, org: Organization, days: number, customConfig: string | null): number {
  const fee = createCard(w, org, days, { status: 'ACTIVE', config: PLATFORM_FEE_CARD_CONFIG, cardholder: -1 });
  for (const h of org.cardholders) {
    const holder = w.cardholders[h]!;
    const rng = new Rng(w.seed, STREAM.card, 1_000_000 + h);
    if (holder.status === 'ACTIVE') {
      createCard(w, org, days, {
        status: 'ACTIVE',
        config: rng.chance(1, 4) ? 'PLIANT_BLACK' : 'PLIANT_BLUE',
        cardholder: h,
      });
      createCard(w, org, days, {
        status: 'ACTIVE',
        config: 'PLIANT_VIRTUAL',
        cardholder: h,
        issuedInWindow: rng.chance(1, 5),
      });
      if (rng.chance(1, 2))
        createCard(w, org, days, { status: 'ACTIVE', config: 'PLIANT_VIRTUAL_TRAVEL', cardholder: h });
    } else if (holder.status === 'INACTIVE') {
      createCard(w, org, days, { status: 'TERMINATED', config: 'PLIANT_BLUE', cardholder: h });
    } else {
      createCard(w, org, days, { status: 'PENDING_REGISTRATION', config: 'PLIANT_VIRTUAL', cardholder: h });
    }
  }
  if (customConfig) {
    createCard(w, org, days, { status: 'ACTIVE', config: customConfig, cardholder: org.cardholders[0]! });
  }
  return fee.serial;
}

export function createShowcaseCard(
  w: World,
  org: Organization,
  days: number,
  status: CardStatus,
  config: string,
): void {
  const holders = org.cardholders.map((h) => w.cardholders[h]!);
  const wanted = status === 'PENDING_REGISTRATION' ? 'INVITED' : 'ACTIVE';
  const holder = holders.find((h) => h.status === wanted) ?? holders[0]!;
  createCard(w, org, days, { status, config, cardholder: holder.serial });
}
