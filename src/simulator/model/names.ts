// People and companies. Non-ASCII on purpose: exports must keep it intact.

export const FIRST_NAMES = [
  'Anna',
  'Jürgen',
  'Zoë',
  'Łukasz',
  'Ömer',
  'Søren',
  'Élodie',
  'Marie-Luise',
  'José',
  'Björn',
  'Chloé',
  'Mateusz',
  'Leonie',
  'Yuki',
  'Aylin',
  'Noah',
  'Inès',
  'François',
  'Katarzyna',
  'Paul',
  'Sophie',
  'Jonas',
  'Hannah',
  'Lukas',
  'Mia',
  'Felix',
  'Emma',
  'Maximilian',
  'Lea',
  'Ben',
] as const;

export const LAST_NAMES = [
  'Müller',
  'Schäfer',
  'Öztürk',
  'Nowak',
  'Dvořák',
  'Andersen',
  'Lefèvre',
  'García',
  'Weiß',
  'Jansen',
  'Kowalczyk',
  "O'Brien",
  'Tanaka',
  'Yılmaz',
  'Hoffmann',
  'Becker',
  'Groß',
  'Schröder',
  'Wagner',
  'Klein',
  'Schmidt',
  'Fischer',
  'Meyer',
  'Zimmermann',
  'Krüger',
  'Hartmann',
  'Lange',
  'Wolf',
  'Neumann',
  'Schwarz',
] as const;

export interface CompanyTemplate {
  name: string;
  tradeName: string;
  legalForm: string;
  country: string;
  city: string;
  street: string;
  postalCode: string;
  domain: string;
  registerCourt: string | null;
}

export const COMPANIES: readonly CompanyTemplate[] = [
  {
    name: 'Ada Lovelace Inc.',
    tradeName: 'Ada Lovelace Ltd.',
    legalForm: 'Ltd.',
    country: 'DE',
    city: 'Berlin',
    street: 'Friedrichstraße',
    postalCode: '10115',
    domain: 'ada-lovelace.example',
    registerCourt: 'HRB Berlin',
  },
  {
    name: 'Müller & Söhne Maschinenbau GmbH',
    tradeName: 'Müller & Söhne',
    legalForm: 'GmbH',
    country: 'DE',
    city: 'Stuttgart',
    street: 'Königstraße',
    postalCode: '70173',
    domain: 'mueller-soehne.example',
    registerCourt: 'Amtsgericht Stuttgart',
  },
  {
    name: 'Nordlicht Digital GmbH',
    tradeName: 'Nordlicht',
    legalForm: 'GmbH',
    country: 'DE',
    city: 'Hamburg',
    street: 'Große Elbstraße',
    postalCode: '22767',
    domain: 'nordlicht.example',
    registerCourt: 'Amtsgericht Hamburg',
  },
  {
    name: 'Øresund Logistik ApS',
    tradeName: 'Øresund Logistik',
    legalForm: 'ApS',
    country: 'DK',
    city: 'København',
    street: 'Strandgade',
    postalCode: '1401',
    domain: 'oresund-logistik.example',
    registerCourt: null,
  },
  {
    name: 'Café Zentral Betriebsgesellschaft KG',
    tradeName: 'Café Zentral',
    legalForm: 'KG',
    country: 'AT',
    city: 'Wien',
    street: 'Herrengasse',
    postalCode: '1010',
    domain: 'cafe-zentral.example',
    registerCourt: 'Handelsgericht Wien',
  },
  {
    name: 'Zürcher Treuhand AG',
    tradeName: 'Zürcher Treuhand',
    legalForm: 'AG',
    country: 'CH',
    city: 'Zürich',
    street: 'Bahnhofstrasse',
    postalCode: '8001',
    domain: 'zuercher-treuhand.example',
    registerCourt: 'Handelsregisteramt Zürich',
  },
  {
    name: 'Lumière Studios SARL',
    tradeName: 'Lumière',
    legalForm: 'SARL',
    country: 'FR',
    city: 'Paris',
    street: "Rue de l'Université",
    postalCode: '75007',
    domain: 'lumiere-studios.example',
    registerCourt: 'RCS Paris',
  },
  {
    name: 'Kowalski & Wiśniewski Sp. z o.o.',
    tradeName: 'K&W',
    legalForm: 'Sp. z o.o.',
    country: 'PL',
    city: 'Kraków',
    street: 'ulica Floriańska',
    postalCode: '31-019',
    domain: 'kw.example',
    registerCourt: 'KRS Kraków',
  },
  {
    name: 'Grünwald Architekten Partnerschaft mbB',
    tradeName: 'Grünwald Architekten',
    legalForm: 'PartG mbB',
    country: 'DE',
    city: 'München',
    street: 'Maximilianstraße',
    postalCode: '80539',
    domain: 'gruenwald-architekten.example',
    registerCourt: 'Amtsgericht München',
  },
  {
    name: 'Fjällräven Outdoor Consulting AB',
    tradeName: 'Fjäll Consulting',
    legalForm: 'AB',
    country: 'SE',
    city: 'Stockholm',
    street: 'Drottninggatan',
    postalCode: '111 51',
    domain: 'fjall-consulting.example',
    registerCourt: null,
  },
  {
    name: 'Atelier Dvořák s.r.o.',
    tradeName: 'Atelier Dvořák',
    legalForm: 's.r.o.',
    country: 'CZ',
    city: 'Praha',
    street: 'Národní',
    postalCode: '110 00',
    domain: 'atelier-dvorak.example',
    registerCourt: 'Městský soud v Praze',
  },
  {
    name: 'Bäckerei Schmidt e.K.',
    tradeName: 'Bäckerei Schmidt',
    legalForm: 'e.K.',
    country: 'DE',
    city: 'Leipzig',
    street: 'Grimmaische Straße',
    postalCode: '04109',
    domain: 'baeckerei-schmidt.example',
    registerCourt: 'Amtsgericht Leipzig',
  },
];

/** ASCII for e-mail local parts: ü → ue, ł → l, accents dropped. */
export function asciiFold(s: string): string {
  return s
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ı/g, 'i')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.-]/g, '');
}
