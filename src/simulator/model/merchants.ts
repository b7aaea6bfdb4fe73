// The merchant catalogue. Names are deliberately awkward in places (`;`, `"`,
// `'`, non-ASCII, CJK) because exports and CSV writers must survive them.
import { CATEGORIES, type Category } from './enums.js';

export interface Merchant {
  displayName: string;
  legalName: string;
  /** what the card network sends as the statement descriptor */
  descriptor: string;
  mcc: string;
  city: string;
  country: string;
  currency: string;
  category: number;
  /** known to Pliant's merchant database: has a logo and a pliantMerchantId */
  known: boolean;
}

type Row = [string, string, string, string, string, string, string, boolean?];

const BY_CATEGORY: Record<Category, Row[]> = {
  ADVERTISING_AND_MARKETING: [
    ['Google Ads', 'Google Ireland Ltd.', 'GOOGLE *ADS1234567', '7311', 'Dublin', 'IE', 'EUR'],
    ['Meta Ads', 'Meta Platforms Ireland Ltd.', 'FACEBK *ADS 8HZT2', '7311', 'Dublin', 'IE', 'EUR'],
    ['LinkedIn Ads', 'LinkedIn Ireland Unlimited Company', 'LINKEDIN *ADS', '7311', 'Dublin', 'IE', 'EUR'],
    [
      'Werbeagentur Schäfer & Partner',
      'Schäfer & Partner Werbeagentur GmbH',
      'SCHAEFER+PARTNER MUENCHEN',
      '7311',
      'München',
      'DE',
      'EUR',
      false,
    ],
    ['Mailchimp', 'The Rocket Science Group LLC', 'MAILCHIMP *MONTHLY', '7311', 'Atlanta', 'US', 'USD'],
    ['Vistaprint', 'Cimpress Schweiz GmbH', 'VISTAPRINT.DE', '7333', 'Winterthur', 'CH', 'EUR'],
  ],
  COMPUTING_AND_SOFTWARE: [
    ['Amazon Web Services', 'Amazon Web Services EMEA SARL', 'AWS EMEA', '5734', 'Luxembourg', 'LU', 'EUR'],
    ['GitHub', 'GitHub, Inc.', 'GITHUB, INC.', '5734', 'San Francisco', 'US', 'USD'],
    ['Slack', 'Slack Technologies Ltd.', 'SLACK T03ABCD', '5734', 'Dublin', 'IE', 'USD'],
    ['Atlassian', 'Atlassian Pty Ltd', 'ATLASSIAN', '5734', 'Sydney', 'AU', 'USD'],
    ['JetBrains', 'JetBrains s.r.o.', 'JETBRAINS S.R.O.', '5734', 'Praha', 'CZ', 'EUR'],
    ['DATEV eG', 'DATEV eG', 'DATEV EG NUERNBERG', '5734', 'Nürnberg', 'DE', 'EUR'],
    ['Notion', 'Notion Labs, Inc.', 'NOTION LABS, INC.', '5734', 'San Francisco', 'US', 'USD'],
    ['Hetzner Online', 'Hetzner Online GmbH', 'HETZNER ONLINE GMBH', '4816', 'Gunzenhausen', 'DE', 'EUR'],
  ],
  EDUCATION_AND_TRAINING: [
    ['Udemy', 'Udemy Ireland Ltd.', 'UDEMY', '8299', 'Dublin', 'IE', 'EUR'],
    ['Haufe Akademie', 'Haufe Akademie GmbH & Co. KG', 'HAUFE AKADEMIE FREIBURG', '8299', 'Freiburg', 'DE', 'EUR'],
    ["O'Reilly Media", "O'Reilly Media, Inc.", 'OREILLY MEDIA', '8299', 'Sebastopol', 'US', 'USD'],
    ['Goethe-Institut', 'Goethe-Institut e.V.', 'GOETHE-INSTITUT MUENCHEN', '8299', 'München', 'DE', 'EUR', false],
    ['Coursera', 'Coursera Inc.', 'COURSERA.ORG', '8299', 'Mountain View', 'US', 'USD'],
  ],
  ELECTRONICS_AND_IT_EQUIPMENT: [
    ['MediaMarkt', 'MediaMarktSaturn Deutschland GmbH', 'MEDIA MARKT BERLIN', '5732', 'Berlin', 'DE', 'EUR'],
    ['Apple Store', 'Apple Distribution International Ltd.', 'APPLE STORE R358', '5732', 'Berlin', 'DE', 'EUR'],
    ['Cyberport', 'Cyberport GmbH', 'CYBERPORT.DE', '5732', 'Dresden', 'DE', 'EUR'],
    [
      'Yodobashi Camera ヨドバシカメラ',
      'Yodobashi Camera Co., Ltd.',
      'YODOBASHI CAMERA AKIBA',
      '5732',
      'Tokyo',
      'JP',
      'JPY',
    ],
    ['Digitec Galaxus', 'Digitec Galaxus AG', 'DIGITEC GALAXUS AG', '5732', 'Zürich', 'CH', 'CHF'],
    ['Conrad Electronic', 'Conrad Electronic SE', 'CONRAD ELECTRONIC', '5732', 'Hirschau', 'DE', 'EUR'],
  ],
  ENTERTAINMENT_AND_WELLNESS: [
    ['Urban Sports Club', 'Urban Sports GmbH', 'URBAN SPORTS CLUB', '7997', 'Berlin', 'DE', 'EUR'],
    ['Spotify', 'Spotify AB', 'SPOTIFY P1A2B3C4', '4899', 'Stockholm', 'SE', 'SEK'],
    ['Kino "Babylon" Mitte', 'Babylon Kino GmbH', 'KINO BABYLON BERLIN', '7832', 'Berlin', 'DE', 'EUR', false],
    ['Therme Erding', 'Therme Erding GmbH', 'THERME ERDING', '7298', 'Erding', 'DE', 'EUR'],
    ['Eventim', 'CTS Eventim AG & Co. KGaA', 'EVENTIM.DE', '7922', 'Bremen', 'DE', 'EUR'],
  ],
  FOOD_AND_DRINKS: [
    ['Café "Zur Post"', 'Café Zur Post Inh. M. Öztürk', 'CAFE ZUR POST; KOELN', '5814', 'Köln', 'DE', 'EUR', false],
    [
      'Bäckerei Müller; Filiale 3',
      'Bäckerei Müller GmbH',
      'BAECKEREI MUELLER FIL 3',
      '5462',
      'Hamburg',
      'DE',
      'EUR',
      false,
    ],
    ['Lieferando', 'Takeaway.com Central Core B.V.', 'LIEFERANDO.DE', '5814', 'Amsterdam', 'NL', 'EUR'],
    ['Pret A Manger', 'Pret A Manger (Europe) Ltd', 'PRET A MANGER LONDON', '5814', 'London', 'GB', 'GBP'],
    [
      'Joe\'s "Famous" Diner; NYC',
      "Joe's Famous Diner LLC",
      'JOES FAMOUS DINER NEW YORK',
      '5812',
      'New York',
      'US',
      'USD',
      false,
    ],
    ['Żabka', 'Żabka Polska sp. z o.o.', 'ZABKA Z1234 K.1', '5411', 'Warszawa', 'PL', 'PLN'],
    ['Sprüngli', 'Confiserie Sprüngli AG', 'SPRUENGLI ZUERICH', '5441', 'Zürich', 'CH', 'CHF'],
    ['Sushi Zanmai すしざんまい', 'Kiyomura Co., Ltd.', 'SUSHIZANMAI TSUKIJI', '5812', 'Tokyo', 'JP', 'JPY', false],
    ['Café de Flore', 'SARL Café de Flore', 'CAFE DE FLORE PARIS', '5812', 'Paris', 'FR', 'EUR'],
    ['REWE', 'REWE Markt GmbH', 'REWE 4711 BERLIN', '5411', 'Berlin', 'DE', 'EUR'],
  ],
  GIFTS_AND_VOUCHERS: [
    ['Amazon Gutscheine', 'Amazon EU S.à r.l.', 'AMZN MKTP DE*GUTSCHEIN', '5399', 'Luxembourg', 'LU', 'EUR'],
    ['Wunschgutschein', 'Wunschgutschein GmbH', 'WUNSCHGUTSCHEIN.DE', '5947', 'Berlin', 'DE', 'EUR'],
    ['Fleurop', 'Fleurop AG', 'FLEUROP-INTERFLORA', '5992', 'Berlin', 'DE', 'EUR'],
    ['Manufactum', 'Manufactum GmbH', 'MANUFACTUM WALTROP', '5947', 'Waltrop', 'DE', 'EUR'],
  ],
  MATERIALS_AND_PACKAGING: [
    ['Würth', 'Adolf Würth GmbH & Co. KG', 'WUERTH KUENZELSAU', '5072', 'Künzelsau', 'DE', 'EUR'],
    ['RAJA', 'RAJA GmbH', 'RAJA VERPACKUNGEN', '5111', 'Rüsselsheim', 'DE', 'EUR'],
    ['Łódź Print Sp. z o.o.', 'Łódź Print Sp. z o.o.', 'LODZ PRINT SP Z O O', '2741', 'Łódź', 'PL', 'PLN', false],
    ['OBI', 'OBI Group Holding SE & Co. KGaA', 'OBI MARKT 123', '5200', 'Wermelskirchen', 'DE', 'EUR'],
    ['Uline', 'ULINE, Inc.', 'ULINE *SHIP SUPPLIES', '5111', 'Pleasant Prairie', 'US', 'USD'],
  ],
  OFFICE_SUPPLIES_AND_EQUIPMENT: [
    ['IKEA', 'IKEA Deutschland GmbH & Co. KG', 'IKEA BERLIN-TEMPELHOF', '5712', 'Berlin', 'DE', 'EUR'],
    ['Viking Direkt', 'Office Depot Deutschland GmbH', 'VIKING DIREKT', '5111', 'Großostheim', 'DE', 'EUR'],
    ['Staples', 'Staples Solutions B.V.', 'STAPLES.DE', '5943', 'Amsterdam', 'NL', 'EUR'],
    [
      'Kaut-Bullinger',
      'Kaut-Bullinger Büro-Center GmbH',
      'KAUT-BULLINGER MUENCHEN',
      '5943',
      'München',
      'DE',
      'EUR',
      false,
    ],
    ['Åhléns City', 'Åhléns AB', 'AHLENS CITY STOCKHOLM', '5311', 'Stockholm', 'SE', 'SEK'],
  ],
  SERVICES: [
    ['Deutsche Post', 'Deutsche Post AG', 'DEUTSCHE POST AG FIL.', '9402', 'Bonn', 'DE', 'EUR'],
    ['Telekom', 'Telekom Deutschland GmbH', 'TELEKOM DEUTSCHLAND', '4814', 'Bonn', 'DE', 'EUR'],
    ['DHL Express', 'DHL Express Germany GmbH', 'DHL EXPRESS', '4215', 'Bonn', 'DE', 'EUR'],
    ['Notar Dr. Öhlmann', 'Notariat Dr. Öhlmann', 'NOTAR DR OEHLMANN', '8111', 'Stuttgart', 'DE', 'EUR', false],
    [
      'Steuerberatung "Klar & Co."',
      'Klar & Co. Steuerberatungsgesellschaft mbH',
      'KLAR + CO STB; HAMBURG',
      '8931',
      'Hamburg',
      'DE',
      'EUR',
      false,
    ],
    ['Regus', 'Regus Business Centre GmbH', 'REGUS MANAGEMENT', '6513', 'Frankfurt am Main', 'DE', 'EUR'],
  ],
  TRAVEL_AND_ACCOMMODATION: [
    ['Deutsche Bahn', 'DB Fernverkehr AG', 'DB VERTRIEB GMBH', '4112', 'Frankfurt am Main', 'DE', 'EUR'],
    ['Lufthansa', 'Deutsche Lufthansa AG', 'LUFTHANSA 2201234567890', '3000', 'Köln', 'DE', 'EUR'],
    ['Hotel "Adlon" Kempinski', 'Hotel Adlon GmbH', 'HOTEL ADLON KEMPINSKI', '7011', 'Berlin', 'DE', 'EUR'],
    ['Uber', 'Uber B.V.', 'UBER *TRIP HELP.UBER.COM', '4121', 'Amsterdam', 'NL', 'EUR'],
    ['Transport for London', 'Transport for London', 'TFL TRAVEL CH', '4111', 'London', 'GB', 'GBP'],
    ['Zürich HB SBB', 'Schweizerische Bundesbahnen SBB', 'SBB CFF FFS ZUERICH HB', '4112', 'Zürich', 'CH', 'CHF'],
    [
      'Tokyo Station Hotel 東京ステーションホテル',
      'Nihon Hotel Co., Ltd.',
      'TOKYO STATION HOTEL',
      '7011',
      'Tokyo',
      'JP',
      'JPY',
    ],
    ['Delta Air Lines', 'Delta Air Lines, Inc.', 'DELTA AIR 0062345678901', '3058', 'Atlanta', 'US', 'USD'],
    ['Gulf Hotel Bahrain', 'Gulf Hotel Bahrain B.S.C.', 'GULF HOTEL MANAMA', '7011', 'Manama', 'BH', 'BHD', false],
    ["Hôtel de l'Opéra", "SAS Hôtel de l'Opéra", 'HOTEL DE L OPERA PARIS', '7011', 'Paris', 'FR', 'EUR', false],
    ['SAS Scandinavian Airlines', 'SAS AB', 'SAS 1171234567890', '3052', 'Stockholm', 'SE', 'SEK'],
    ['Marriott Warsaw', 'Marriott Hotel Warszawa', 'MARRIOTT WARSAW', '7011', 'Warszawa', 'PL', 'PLN'],
  ],
  OTHER: [
    ['Amazon Marketplace', 'Amazon EU S.à r.l.', 'AMZN MKTP DE*2K4L19XY5', '5999', 'Luxembourg', 'LU', 'EUR'],
    ['eBay', 'eBay GmbH', 'EBAY O*12-34567-89012', '5999', 'Dreilinden', 'DE', 'EUR'],
    [
      'PayPal *Händler',
      'PayPal (Europe) S.à r.l. et Cie, S.C.A.',
      'PAYPAL *HAENDLER 4029357733',
      '5999',
      'Luxembourg',
      'LU',
      'EUR',
      false,
    ],
    ['Finanzamt Berlin', 'Land Berlin', 'FINANZAMT BERLIN', '9311', 'Berlin', 'DE', 'EUR', false],
  ],
};

/** ATMs for cash withdrawals, one per currency we withdraw in. */
const ATMS: Row[] = [
  ['Geldautomat Sparkasse Berlin', 'Berliner Sparkasse', 'SPK BERLIN GA 0815', '6011', 'Berlin', 'DE', 'EUR', false],
  ['Barclays ATM Oxford St', 'Barclays Bank UK PLC', 'BARCLAYS ATM OXFORD ST', '6011', 'London', 'GB', 'GBP', false],
  ['UBS Bancomat Bahnhofstrasse', 'UBS Switzerland AG', 'UBS BANCOMAT ZUERICH', '6011', 'Zürich', 'CH', 'CHF', false],
  ['7-Eleven ATM 東京', 'Seven Bank, Ltd.', 'SEVEN BANK ATM TOKYO', '6011', 'Tokyo', 'JP', 'JPY', false],
];

const PLIANT: Row = ['Pliant GmbH', 'Pliant GmbH', 'PLIANT GMBH', '7399', 'Berlin', 'DE', 'EUR'];

function build(row: Row, category: number): Merchant {
  const [displayName, legalName, descriptor, mcc, city, country, currency, known] = row;
  return { displayName, legalName, descriptor, mcc, city, country, currency, category, known: known ?? true };
}

export const MERCHANTS: readonly Merchant[] = [];
/** merchant indexes per category (purchases only) */
export const MERCHANTS_BY_CATEGORY: readonly number[][] = CATEGORIES.map(() => []);
export const ATM_MERCHANTS: readonly number[] = [];

const list = MERCHANTS as Merchant[];
CATEGORIES.forEach((cat, ci) => {
  for (const row of BY_CATEGORY[cat]) {
    (MERCHANTS_BY_CATEGORY[ci] as number[]).push(list.length);
    list.push(build(row, ci));
  }
});
const other = CATEGORIES.indexOf('OTHER');
for (const row of ATMS) {
  (ATM_MERCHANTS as number[]).push(list.length);
  list.push(build(row, other));
}
export const PLIANT_MERCHANT = list.length;
list.push(build(PLIANT, other));

/** EUR price range (cents) per category: [min, max]. */
export const CATEGORY_PRICE_RANGE: readonly [number, number][] = [
  [2000, 300000], // advertising
  [500, 80000], // software
  [2000, 150000], // education
  [1500, 250000], // electronics
  [1000, 30000], // entertainment
  [250, 15000], // food
  [1000, 20000], // gifts
  [500, 60000], // materials
  [300, 50000], // office
  [1000, 120000], // services
  [300, 180000], // travel
  [100, 50000], // other
];

/** How often each category is picked (integer weights). */
export const CATEGORY_WEIGHTS: readonly number[] = [4, 10, 2, 4, 3, 22, 2, 4, 7, 8, 16, 5];

export function merchantSlug(m: Merchant): string {
  return m.displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
