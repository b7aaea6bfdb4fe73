// Cardholders: the owner, one invited, one who left, the rest active.
import type { CardholderStatus } from '../model/enums.js';
import { asciiFold, FIRST_NAMES, LAST_NAMES } from '../model/names.js';
import type { Cardholder, Organization } from '../model/records.js';
import type { World } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS } from '../util/time.js';
import { STREAM } from './streams.js';

function statusFor(position: number): CardholderStatus {
  if (position === 1) return 'INVITED';
  if (position === 2) return 'INACTIVE';
  return 'ACTIVE';
}

export function createCardholders(w: World, org: Organization, count: number, domain: string): void {
  const startSec = w.startDay * DAY_SECONDS;
  for (let p = 0; p < count; p++) {
    const serial = w.cardholders.length;
    const rng = new Rng(w.seed, STREAM.cardholder, serial);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const status = org.activity ? statusFor(p) : p === 0 ? 'INVITED' : 'ACTIVE';
    const createdSec = startSec - rng.range(20, 700) * DAY_SECONDS - rng.int(DAY_SECONDS);
    const holder: Cardholder = {
      serial,
      id: w.ids.encode(IdKind.cardholder, serial),
      org: org.serial,
      salutation: rng.pick(['MR', 'MS', null, 'MR', 'MS']),
      firstName,
      lastName,
      // two people may share a name: the serial keeps addresses unique
      email: `${asciiFold(firstName).toLowerCase()}.${asciiFold(lastName).toLowerCase()}${serial}@${domain}`,
      phoneNumber: rng.chance(3, 4) ? `+49 15${rng.range(1, 9)} ${rng.range(1000000, 99999999)}` : null,
      language: rng.pick(['de', 'en', 'de', 'fr', 'it']),
      isOwner: p === 0,
      status,
      createdSec,
      updatedSec: createdSec + rng.int(10) * DAY_SECONDS,
    };
    w.cardholders.push(holder);
    org.cardholders.push(serial);
  }
}
