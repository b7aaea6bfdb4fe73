// Static organization data: names, registers, addresses, bank account.
import { asciiFold, COMPANIES, type CompanyTemplate } from '../model/names.js';
import type { Address, OrganizationProfile } from '../model/records.js';
import type { World } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import type { Rng } from '../util/prng.js';
import { ymdOfDay } from '../util/time.js';

/** ISO 13616 check digits, computed digit by digit (integers only). */
export function ibanFor(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  const check = 98 - rem;
  return `${country}${check < 10 ? '0' : ''}${check}${bban}`;
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

function address(w: World, rng: Rng, serial: number, type: Address['type'], c: CompanyTemplate): Address {
  const number = String(rng.range(1, 220));
  return {
    id: w.ids.encode(IdKind.address, serial * 2 + (type === 'BILLING' ? 0 : 1)),
    type,
    country: c.country,
    city: c.city,
    // the delivery address keeps the odd "street, number, " spelling of Pliant's example
    streetFull: type === 'BILLING' ? `${c.street} ${number}` : `${c.street}, ${number}, `,
    streetName: c.street,
    streetNumber: number,
    streetAdditional: '',
    postalCode: c.postalCode,
  };
}

export function companyFor(seed: number, serial: number): CompanyTemplate {
  const base = COMPANIES[(serial + seed) % COMPANIES.length] as CompanyTemplate;
  const round = Math.floor(serial / COMPANIES.length);
  return round === 0
    ? base
    : { ...base, name: `${base.name} ${round + 1}`, tradeName: `${base.tradeName} ${round + 1}` };
}

export function buildProfile(
  w: World,
  rng: Rng,
  serial: number,
  c: CompanyTemplate,
  referredAs: string | null,
  syncType: 'FULL' | 'PARTIAL',
): OrganizationProfile {
  const founded = ymdOfDay(w.startDay - rng.range(400, 9000));
  const registerId = `HRB ${rng.range(10000, 299999)}`;
  const bankCode = `1001${digits(rng, 4)}`;
  const bban = `${bankCode}${digits(rng, 10)}`;
  return {
    name: c.name,
    syncType,
    integrationType: referredAs ? 'PARTNER' : 'CUSTOMER',
    cardsAccounts: [
      { number: rng.range(1000, 9999), type: 'CREDITOR_ACCOUNT' },
      { number: rng.range(1000, 9999), type: 'PAYMENT_ACCOUNT' },
    ],
    tradeName: c.tradeName,
    legalForm: c.legalForm,
    foundationDate: `${String(founded.day).padStart(2, '0')}.${String(founded.month).padStart(2, '0')}.${founded.year}`,
    country: c.country,
    partnersOrganizationId: referredAs,
    nationalRegisterCourt: c.registerCourt,
    nationalRegisterId: c.registerCourt ? registerId : null,
    nationalRegisterType: c.registerCourt && rng.chance(1, 2) ? 'HRB' : null,
    tradeRegisterNumber: c.registerCourt ? digits(rng, 13) : null,
    vatId: rng.chance(2, 3) ? `${c.country === 'GR' ? 'EL' : c.country}${digits(rng, 9)}` : null,
    billingEmail: `billing@${c.domain}`,
    billingAddress: address(w, rng, serial, 'BILLING', c),
    deliveryAddress: address(w, rng, serial, 'DELIVERY', c),
    // cards print at most 26 characters
    isCompanyNamePrintable: c.name.length <= 26,
    processingAccount: {
      beneficiary: c.name,
      bankName: 'Moonbank',
      iban: ibanFor('DE', bban),
      bic: 'MOONDEB1XXX',
    },
  };
}

export function slugOf(name: string): string {
  return asciiFold(name.replace(/[\s&.]+/g, '-'))
    .toLowerCase()
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
