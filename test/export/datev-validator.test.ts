/**
 * The pre-flight validator fails hand-broken copies of a golden DATEV file, each naming the
 * rule it breaks (and passes the untouched file: see golden.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { COLUMNS } from '../../src/export/formats/datev/columns.js';
import { decodeCp1252, encodeCp1252 } from '../../src/export/formats/datev/cp1252.js';
import { describeFinding, validateDatev } from '../../src/export/index.js';
import { GOLDEN_DIR } from './support.js';

const NAME = 'EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv';
const golden = readFileSync(join(GOLDEN_DIR, 'skr03/datev', NAME));
const text = decodeCp1252(golden).text;
const lines = text.split('\r\n').slice(0, -1);

/** The golden file with one line's fields changed (1-based line and field). */
function withField(line: number, field: number, value: string): Buffer {
  const copy = [...lines];
  const fields = splitSimple(copy[line - 1]!);
  fields[field - 1] = value;
  copy[line - 1] = fields.join(';');
  return encodeCp1252(copy.join('\r\n') + '\r\n');
}

/** Splits at semicolons outside quotes, keeping the quotes (enough for these files). */
function splitSimple(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

const rules = (bytes: Uint8Array, name = NAME): string[] => [
  ...new Set(
    validateDatev(bytes, name)
      .filter((f) => f.severity === 'error')
      .map((f) => f.rule),
  ),
];

describe('DATEV pre-flight validator on hand-broken files', () => {
  it('accepts the golden file', () => {
    expect(validateDatev(golden, NAME)).toEqual([]);
  });

  it.each([
    ['file-name', () => golden, 'Buchungsstapel_oktober.csv'],
    ['line-ending', () => Buffer.from(golden.toString('latin1').replaceAll('\r\n', '\n'), 'latin1'), NAME],
    ['encoding', () => Buffer.from(text, 'utf8'), NAME],
    ['header-fields', () => withField(1, 31, '"";""'), NAME],
    ['header-version', () => withField(1, 2, '510'), NAME],
    ['header-format-version', () => withField(1, 5, '12'), NAME],
    ['header-created', () => withField(1, 6, '2026103110'), NAME],
    ['header-berater', () => withField(1, 11, '999'), NAME],
    ['header-festschreibung', () => withField(1, 21, ''), NAME],
    ['header-dates-year', () => withField(1, 16, '20270131'), NAME],
    ['header-beyond-wj', () => withField(1, 13, '20251001'), NAME],
    ['header-quoting', () => withField(1, 17, 'Pliant'), NAME],
    ['headings-count', () => withField(2, 125, 'Abw. Skontokonto;Extra'), NAME],
    ['row-fields', () => withField(3, 125, ';'), NAME],
    ['amount', () => withField(3, 1, '-5000,00'), NAME],
    ['amount', () => withField(3, 1, '5.000,00'), NAME],
    ['amount', () => withField(3, 1, '0,00'), NAME],
    ['side', () => withField(3, 2, '"X"'), NAME],
    ['fx', () => withField(4, 4, ''), NAME],
    ['fx', () => withField(4, 4, '0,983333'), NAME],
    ['account-length', () => withField(3, 7, '173000'), NAME],
    ['account', () => withField(3, 8, '13A1'), NAME],
    ['bu-format', () => withField(4, 9, '"9a"'), NAME],
    ['bu-automatic', () => withField(4, 8, '1576'), NAME],
    ['date', () => withField(3, 10, '3102'), NAME],
    ['date-period', () => withField(3, 10, '0111'), NAME],
    ['beleg1-chars', () => withField(3, 11, '"PAY_00001"'), NAME],
    ['beleg1-length', () => withField(3, 11, `"${'A'.repeat(37)}"`), NAME],
    ['text-length', () => withField(3, 14, `"${'x'.repeat(61)}"`), NAME],
    ['quoting', () => withField(3, 14, 'Pliant Aufladung'), NAME],
    ['quoting', () => withField(3, 7, '"1730"'), NAME],
    ['kost', () => withField(4, 37, '"100-A"'), NAME],
    ['info-pair', () => withField(4, 49, '""'), NAME],
    ['lock-flag', () => withField(3, 114, ''), NAME],
    ['lock-flag', () => withField(3, 114, '1'), NAME],
    ['reversal-flag', () => withField(3, 118, '"G2"'), NAME],
    ['unclosed-quote', () => withField(3, 125, '"abc'), NAME],
  ] as const)('fails naming the rule %s', (rule, broken, name) => {
    const found = rules(broken(), name);
    expect(found).toContain(rule);
  });

  it('names line and field in its findings', () => {
    const findings = validateDatev(withField(5, 10, '3102'), NAME);
    expect(findings.map(describeFinding)).toEqual([
      '[date] line 5, field 10 Belegdatum: Belegdatum must be TTMM, a real day, found "3102"',
    ]);
  });

  it('refuses more than 99,999 bookings in one file', () => {
    const row = lines[2]!;
    const many = [lines[0], lines[1], ...new Array<string>(100_000).fill(row)].join('\r\n') + '\r\n';
    expect(rules(encodeCp1252(many))).toEqual(['too-many-bookings']);
  });

  it('knows all 125 headings of Formatversion 13', () => {
    expect(COLUMNS).toHaveLength(125);
    expect(lines[1]!.split(';')).toEqual([...COLUMNS]);
  });
});
