/**
 * The pre-flight validator: every DATEV file is checked before it is stored or written, and
 * the tests run it on the golden files and on hand-broken ones. Rules follow DATEV's format
 * description (developer.datev.de, DATEV-Format: structure, header, Buchungsstapel) and the
 * README's export section; each finding names its rule, line and field. `error` findings
 * refuse the export.
 */
import { basename } from 'node:path';

import { COL, COLUMN_COUNT, COLUMNS, DOC_INFO_PAIRS, EXTRA_INFO_PAIRS, TEXT_COLUMNS } from './columns.js';
import { decodeCp1252 } from './cp1252.js';
import { splitLine, type Cell } from './fields.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  line?: number;
  field?: string;
  message: string;
}

export const MAX_BOOKINGS = 99_999;

const HEADER_NAMES = [
  'Kennzeichen',
  'Versionsnummer',
  'Formatkategorie',
  'Formatname',
  'Formatversion',
  'Erzeugt am',
  'Importiert',
  'Herkunft',
  'Exportiert von',
  'Importiert von',
  'Beraternummer',
  'Mandantennummer',
  'WJ-Beginn',
  'Sachkontenlänge',
  'Datum vom',
  'Datum bis',
  'Bezeichnung',
  'Diktatkürzel',
  'Buchungstyp',
  'Rechnungslegungszweck',
  'Festschreibung',
  'WKZ',
  'reserviert',
  'Derivatskennzeichen',
  'reserviert',
  'reserviert',
  'Sachkontenrahmen',
  'Branchenlösungs-ID',
  'reserviert',
  'reserviert',
  'Anwendungsinformation',
];
const HEADER_TEXT = new Set([1, 4, 8, 9, 10, 17, 18, 22, 24, 27, 30, 31]);

/** Accounts that post tax automatically (AM/AV): a BU-Schlüssel on them double-counts VAT. */
const AUTOMATIC: Record<string, Set<string>> = {
  '03': new Set(['1571', '1576', '1771', '1776', '8300', '8400']),
  '04': new Set(['1401', '1406', '3801', '3806', '4300', '4400']),
};

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** YYYYMMDD → YYYY-MM-DD, or null. */
function isoOf(ymd: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(ymd);
  return m && realDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function addYear(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

class Findings {
  readonly list: Finding[] = [];
  error(rule: string, message: string, line?: number, field?: string): void {
    this.list.push({
      rule,
      severity: 'error',
      message,
      ...(line !== undefined ? { line } : {}),
      ...(field !== undefined ? { field } : {}),
    });
  }
  warning(rule: string, message: string, line?: number, field?: string): void {
    this.list.push({
      rule,
      severity: 'warning',
      message,
      ...(line !== undefined ? { line } : {}),
      ...(field !== undefined ? { field } : {}),
    });
  }
}

interface HeaderFacts {
  from: string | null;
  to: string | null;
  wjBegin: string | null;
  skl: number | null;
  skr: string;
  currency: string;
  lock: string;
}

export function validateDatev(bytes: Uint8Array, fileName?: string): Finding[] {
  const check = new DatevCheck(fileName);
  check.push(bytes);
  return check.finish();
}

/**
 * The same checks over a file that arrives in chunks, holding one line at a time: the
 * exporter checks each DATEV file while it writes it. Chunks end at a line end (CR LF), as the
 * exporter writes them, so no character is cut. The findings come in the order of the whole-file check.
 */
export class DatevCheck {
  private size = 0;
  private readonly first: number[] = [];
  private high = false;
  private utf8 = true;
  private undefinedByte: { offset: number; byte: number } | null = null;
  private carry = '';
  private tail = '';
  private line = 0;
  private facts: HeaderFacts | null = null;
  private rows = 0;
  private readonly endings = new Findings();
  private readonly quotes = new Findings();
  private readonly header = new Findings();
  private readonly headings = new Findings();
  private readonly rowFindings = new Findings();

  constructor(private readonly fileName?: string) {}

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length && this.first.length < 3; i++) this.first.push(bytes[i]!);
    if (!this.high && bytes.some((b) => b >= 0x80)) this.high = true;
    if (this.utf8 && !isUtf8(bytes)) this.utf8 = false;
    const { text, undefinedBytes } = decodeCp1252(bytes);
    if (this.undefinedByte === null && undefinedBytes.length > 0)
      this.undefinedByte = { offset: this.size + undefinedBytes[0]!, byte: bytes[undefinedBytes[0]!]! };
    this.size += bytes.length;
    this.tail = (this.tail + text).slice(-2);
    const lines = (this.carry + text).split('\r\n');
    this.carry = lines.pop()!;
    for (const line of lines) this.check(line);
  }

  private check(line: string): void {
    const n = ++this.line;
    if (/[\r\n]/.test(line))
      this.endings.error(
        'line-ending',
        'lines must end with CR LF; this line contains a bare CR or LF (a line break inside a field, or LF line ends)',
        n,
      );
    const { cells, unclosed } = splitLine(line);
    if (unclosed) this.quotes.error('unclosed-quote', 'a quote opens and never closes', n);
    if (n === 1) this.facts = checkHeader(cells, this.header);
    else if (n === 2) checkHeadings(cells, this.headings);
    else {
      this.rows++;
      if (this.facts) checkRow(cells, n, this.facts, this.rowFindings);
    }
  }

  finish(): Finding[] {
    if (this.carry !== '') this.check(this.carry);
    this.carry = '';
    const out = new Findings();
    if (this.fileName !== undefined) {
      const name = basename(this.fileName);
      if (!name.startsWith('EXTF_') || !name.toLowerCase().endsWith('.csv'))
        out.error('file-name', `file name "${name}" must start with EXTF_ and end in .csv`);
    }
    if (this.size === 0) {
      out.error('empty', 'the file is empty');
      return out.list;
    }
    if (this.first[0] === 0xef && this.first[1] === 0xbb && this.first[2] === 0xbf)
      out.error('encoding', 'the file starts with a UTF-8 BOM; the exporter writes Windows-1252');
    else if (this.high && this.utf8)
      out.error('encoding', 'the file is UTF-8; DATEV reads it as Windows-1252, so every umlaut would be garbled');
    if (this.undefinedByte)
      out.error(
        'encoding',
        `byte 0x${this.undefinedByte.byte.toString(16)} at offset ${this.undefinedByte.offset} is not a Windows-1252 character`,
      );
    if (!this.tail.endsWith('\r\n')) out.error('line-ending', 'the last line must end with CR LF');
    out.list.push(...this.endings.list, ...this.quotes.list, ...this.header.list);
    if (this.line < 2) {
      out.error('headings-missing', 'line 2 must hold the 125 column headings');
      return out.list;
    }
    out.list.push(...this.headings.list);
    if (this.rows === 0) out.warning('no-rows', 'the file holds no bookings');
    if (this.rows > MAX_BOOKINGS)
      out.error('too-many-bookings', `${this.rows} bookings; DATEV takes at most ${MAX_BOOKINGS} per file`);
    out.list.push(...this.rowFindings.list);
    return out.list;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function checkHeader(cells: Cell[], out: Findings): HeaderFacts | null {
  const v = (n: number): string => cells[n - 1]?.value ?? '';
  const at = (n: number): [number, string] => [1, `${n} ${HEADER_NAMES[n - 1] ?? ''}`.trim()];
  if (v(1) !== 'EXTF') {
    out.error(
      'header-kennzeichen',
      `line 1 must start with "EXTF" (third-party data), found "${v(1).slice(0, 20)}"`,
      ...at(1),
    );
    return null;
  }
  if (cells.length !== 31) out.error('header-fields', `the header has ${cells.length} fields; format 700 has 31`, 1);
  for (let n = 1; n <= Math.min(31, cells.length); n++) {
    const cell = cells[n - 1]!;
    const wantQuoted = HEADER_TEXT.has(n);
    if (wantQuoted !== cell.quoted) {
      out.error(
        'header-quoting',
        `${wantQuoted ? 'text field must be quoted' : 'number field must not be quoted'}`,
        ...at(n),
      );
    }
  }
  if (v(2) !== '700') out.error('header-version', `Versionsnummer must be 700, found "${v(2)}"`, ...at(2));
  if (v(3) !== '21')
    out.error('header-category', `Formatkategorie must be 21 (Buchungsstapel), found "${v(3)}"`, ...at(3));
  if (v(4) !== 'Buchungsstapel')
    out.error('header-format-name', `Formatname must be "Buchungsstapel", found "${v(4)}"`, ...at(4));
  if (v(5) !== '13') out.error('header-format-version', `Formatversion must be 13, found "${v(5)}"`, ...at(5));
  if (!/^\d{17}$/.test(v(6)) || !isoOf(v(6).slice(0, 8)))
    out.error('header-created', `Erzeugt am must be YYYYMMDDHHMMSSFFF, found "${v(6)}"`, ...at(6));
  if (v(9).length > 25) out.error('header-exported-by', 'Exportiert von has more than 25 characters', ...at(9));
  if (!/^\d{4,7}$/.test(v(11)) || Number(v(11)) < 1001)
    out.error('header-berater', `Beraternummer must be 1001–9999999, found "${v(11)}"`, ...at(11));
  if (!/^\d{1,5}$/.test(v(12)) || Number(v(12)) < 1)
    out.error('header-mandant', `Mandantennummer must be 1–99999, found "${v(12)}"`, ...at(12));
  const wjBegin = isoOf(v(13));
  if (!wjBegin) out.error('header-wj', `WJ-Beginn must be a date YYYYMMDD, found "${v(13)}"`, ...at(13));
  const skl = /^[4-8]$/.test(v(14)) ? Number(v(14)) : null;
  if (skl === null) out.error('header-skl', `Sachkontenlänge must be 4–8, found "${v(14)}"`, ...at(14));
  const from = isoOf(v(15));
  const to = isoOf(v(16));
  if (!from) out.error('header-date', `Datum vom must be a date YYYYMMDD, found "${v(15)}"`, ...at(15));
  if (!to) out.error('header-date', `Datum bis must be a date YYYYMMDD, found "${v(16)}"`, ...at(16));
  if (from && to) {
    if (to < from) out.error('header-dates-order', `Datum bis ${v(16)} is before Datum vom ${v(15)}`, 1);
    else if (from.slice(0, 4) !== to.slice(0, 4))
      out.error('header-dates-year', `Datum vom ${v(15)} and Datum bis ${v(16)} lie in different calendar years`, 1);
  }
  if (wjBegin && from && from < wjBegin)
    out.error('header-before-wj', `Datum vom ${v(15)} lies before WJ-Beginn ${v(13)}`, 1);
  if (wjBegin && to && to > addYear(wjBegin))
    out.error('header-beyond-wj', `Datum bis ${v(16)} lies beyond the fiscal year that starts ${v(13)}`, 1);
  if (v(17).length > 30) out.error('header-label', 'Bezeichnung has more than 30 characters', ...at(17));
  if (v(18).length > 2) out.error('header-dictation', 'Diktatkürzel has more than 2 characters', ...at(18));
  if (v(21) !== '0' && v(21) !== '1') {
    out.error(
      'header-festschreibung',
      `Festschreibung must be 0 or 1, explicitly (empty locks the batch on import), found "${v(21)}"`,
      ...at(21),
    );
  }
  if (!/^[A-Z]{3}$/.test(v(22)))
    out.error('header-currency', `WKZ must be an ISO currency code, found "${v(22)}"`, ...at(22));
  if (v(27) !== '' && !/^\d{2}$/.test(v(27)))
    out.error('header-skr', `Sachkontenrahmen must be two digits ("03", "04"), found "${v(27)}"`, ...at(27));
  return { from, to, wjBegin, skl, skr: v(27), currency: v(22), lock: v(21) };
}

function checkHeadings(cells: Cell[], out: Findings): void {
  if (cells.length !== COLUMN_COUNT)
    out.error('headings-count', `line 2 has ${cells.length} headings; Formatversion 13 has ${COLUMN_COUNT}`, 2);
  const differ = cells.findIndex((c, i) => i < COLUMN_COUNT && c.value !== COLUMNS[i]);
  if (differ >= 0)
    out.error(
      'headings-text',
      `heading ${differ + 1} is "${cells[differ]!.value}", DATEV's is "${COLUMNS[differ]}"`,
      2,
      String(differ + 1),
    );
}

function checkRow(cells: Cell[], line: number, h: HeaderFacts, out: Findings): void {
  const name = (n: number): string => `${n} ${COLUMNS[n - 1] ?? ''}`.trim();
  const v = (n: number): string => cells[n - 1]?.value ?? '';
  const err = (rule: string, n: number, message: string) => out.error(rule, message, line, name(n));
  if (cells.length !== COLUMN_COUNT)
    out.error('row-fields', `the row has ${cells.length} fields, not ${COLUMN_COUNT}`, line);

  cells.forEach((cell, i) => {
    const n = i + 1;
    if (n > COLUMN_COUNT) return;
    if (TEXT_COLUMNS.has(n) && !cell.quoted) err('quoting', n, 'text field must be quoted ("" when empty)');
    if (!TEXT_COLUMNS.has(n) && cell.quoted) err('quoting', n, 'number field must not be quoted');
    if (/[\r\n\t]/.test(cell.value)) err('text-control', n, 'contains a line break or tab');
  });

  amount(v(COL.amount), true, (m) => err('amount', COL.amount, m));
  if (v(COL.side) !== 'S' && v(COL.side) !== 'H') err('side', COL.side, `must be "S" or "H", found "${v(COL.side)}"`);
  const currency = v(COL.currency);
  if (currency !== '' && !/^[A-Z]{3}$/.test(currency))
    err('currency', COL.currency, `must be an ISO currency code, found "${currency}"`);
  const foreign = currency !== '' && currency !== h.currency;
  const rate = v(COL.rate);
  const base = v(COL.baseAmount);
  const baseCurrency = v(COL.baseCurrency);
  if ((base === '') !== (baseCurrency === ''))
    err('fx', COL.baseAmount, 'Basis-Umsatz and WKZ Basis-Umsatz go together');
  if (foreign && (rate === '' || base === '' || baseCurrency !== h.currency)) {
    err('fx', COL.rate, `Umsatz in ${currency} needs Kurs, Basis-Umsatz and WKZ Basis-Umsatz ${h.currency}`);
  }
  if (rate !== '' && !/^[1-9]\d{0,3},\d{2,6}$/.test(rate))
    err('fx', COL.rate, `Kurs must look like 1,234567 (1 to 9999, 2–6 decimals, never 0), found "${rate}"`);
  if (base !== '') amount(base, false, (m) => err('fx', COL.baseAmount, m));

  const account = v(COL.account);
  const contra = v(COL.contra);
  for (const [n, value] of [
    [COL.account, account],
    [COL.contra, contra],
  ] as const) {
    if (!/^\d{1,9}$/.test(value) || /^0+$/.test(value))
      err('account', n, `must be an account number, found "${value}"`);
    else if (h.skl !== null && value.length !== h.skl && value.length !== h.skl + 1) {
      err(
        'account-length',
        n,
        `account ${value} has ${value.length} digits; with Sachkontenlänge ${h.skl} accounts have ${h.skl} (ledger) or ${h.skl + 1} (personal) digits`,
      );
    }
  }
  if (account !== '' && account === contra) err('account-same', COL.contra, `Konto and Gegenkonto are both ${account}`);
  const key = v(COL.taxKey);
  if (key !== '' && !/^\d{1,4}$/.test(key))
    err('bu-format', COL.taxKey, `BU-Schlüssel must be up to 4 digits, found "${key}"`);
  const automatic = AUTOMATIC[h.skr];
  if (key !== '' && key !== '40' && automatic && (automatic.has(account) || automatic.has(contra))) {
    err(
      'bu-automatic',
      COL.taxKey,
      `no BU-Schlüssel on the automatic account ${automatic.has(account) ? account : contra}`,
    );
  }

  const date = v(COL.date);
  const m = /^(\d{2})(\d{2})$/.exec(date);
  const year = Number(h.from?.slice(0, 4) ?? h.wjBegin?.slice(0, 4));
  if (!m || !realDate(Number.isNaN(year) ? 2024 : year, Number(m[2]), Number(m[1])))
    err('date', COL.date, `Belegdatum must be TTMM, a real day, found "${date}"`);
  else if (h.from && h.to) {
    const iso = `${h.from.slice(0, 4)}-${m[2]}-${m[1]}`;
    if (iso < h.from || iso > h.to)
      err('date-period', COL.date, `Belegdatum ${date} lies outside the header's period ${h.from} – ${h.to}`);
    if (h.wjBegin && (iso < h.wjBegin || iso > addYear(h.wjBegin)))
      err('date-fiscal-year', COL.date, `Belegdatum ${date} lies outside the fiscal year that starts ${h.wjBegin}`);
  }

  const beleg1 = v(COL.beleg1);
  if (beleg1.length > 36) err('beleg1-length', COL.beleg1, `Belegfeld 1 has ${beleg1.length} characters; at most 36`);
  if (/[^A-Za-z0-9$&%*+\-/]/.test(beleg1))
    err('beleg1-chars', COL.beleg1, `Belegfeld 1 "${beleg1}" may hold only A–Z a–z 0–9 $ & % * + - /`);
  if (v(COL.beleg2).length > 12) err('beleg2-length', COL.beleg2, 'Belegfeld 2 has more than 12 characters');
  if (v(COL.text).length > 60)
    err('text-length', COL.text, `Buchungstext has ${v(COL.text).length} characters; at most 60`);
  for (const n of [COL.kost1, COL.kost2]) {
    if (v(n).length > 36 || /[^\w ]/.test(v(n)))
      err('kost', n, `a cost centre has at most 36 letters, digits, spaces or _, found "${v(n)}"`);
  }
  infoPairs(COL.docInfo, DOC_INFO_PAIRS, v, (n, m2) => err('info-pair', n, m2));
  infoPairs(COL.extraInfo, EXTRA_INFO_PAIRS, v, (n, m2) => err('info-pair', n, m2));

  if (v(COL.lock) !== '0' && v(COL.lock) !== '1')
    err('lock-flag', COL.lock, `Festschreibung must be 0 or 1, explicitly, found "${v(COL.lock)}"`);
  else if (v(COL.lock) !== h.lock)
    err('lock-flag', COL.lock, `Festschreibung ${v(COL.lock)} differs from the header's ${h.lock}`);
  if (!['', '0', '1'].includes(v(COL.reversal)))
    err('reversal-flag', COL.reversal, `Generalumkehr must be empty, 0 or 1, found "${v(COL.reversal)}"`);
}

function amount(value: string, required: boolean, fail: (message: string) => void): void {
  if (value === '') {
    if (required) fail('Umsatz is missing');
  } else if (value.startsWith('-')) fail(`amounts are never negative (S/H carries the side), found "${value}"`);
  else if (!/^\d{1,10},\d{2}$/.test(value))
    fail(`amounts are written like 1234,56 (decimal comma, no thousands mark), found "${value}"`);
  else if (/^0+,00$/.test(value)) fail('amounts must be above 0');
}

function infoPairs(
  first: number,
  count: number,
  v: (n: number) => string,
  fail: (n: number, message: string) => void,
): void {
  for (let i = 0; i < count; i++) {
    const art = first + 2 * i;
    if ((v(art) === '') !== (v(art + 1) === '')) fail(art, `${COLUMNS[art - 1]} and ${COLUMNS[art]} go together`);
    if (v(art).length > 20) fail(art, `${COLUMNS[art - 1]} has more than 20 characters`);
    if (v(art + 1).length > 210) fail(art + 1, `${COLUMNS[art]} has more than 210 characters`);
  }
}

export function describeFinding(f: Finding): string {
  return `[${f.rule}] ${f.line !== undefined ? `line ${f.line}` : 'file'}${f.field ? `, field ${f.field}` : ''}: ${f.message}`;
}
