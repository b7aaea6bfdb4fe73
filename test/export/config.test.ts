import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EXIT, exitCodeOf } from '../../src/errors.js';
import { ExportConfigError, loadExportSettings, parseExportSettings } from '../../src/export/index.js';

function problems(text: string, file = 'export.yaml'): ExportConfigError['problems'] {
  try {
    parseExportSettings(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ExportConfigError);
    expect(exitCodeOf(error)).toBe(EXIT.usage);
    return (error as ExportConfigError).problems;
  }
  throw new Error('the config was accepted');
}

describe('EXPORT_CONFIG', () => {
  it('defaults to the built-in SKR03 preset', () => {
    const s = loadExportSettings(undefined);
    expect(s.source).toBe('built-in SKR03');
    expect(s.accounts).toEqual({
      card: '1730',
      clearing: '1360',
      fees: '4970',
      cash: '1000',
      defaultExpense: '4900',
      creditor: '70000',
    });
    expect(s.categories.OFFICE_SUPPLIES_AND_EQUIPMENT).toEqual({ account: '4930', taxKey: '9' });
    expect(s.datev.lock).toBe(false);
  });

  it('reads the SKR04 preset with overrides, rules and cost centres from YAML', () => {
    const s = parseExportSettings(
      [
        'chart: SKR04',
        'posting: creditor',
        'accounts:',
        '  clearing: 1461',
        'categories:',
        '  COMPUTING_AND_SOFTWARE: { account: "6837", taxKey: "94" }',
        '  OTHER: 6300',
        'merchants:',
        '  - contains: aws',
        '    taxKey: 94',
        'cards:',
        '  - refNum: "0042"',
        '    costCentre: Marketing',
        'cardholders:',
        '  Anna@Example.com: "100"',
        'entryTypes:',
        '  TRANSACTION/NEW_KIND: { account: "1460" }',
        'datev: { beraternummer: 29098, mandantennummer: 55003, fiscalYearStart: "07-01", lock: true }',
      ].join('\n'),
      'export.yaml',
    );
    expect(s.chart).toBe('SKR04');
    expect(s.accounts.card).toBe('3610');
    expect(s.accounts.clearing).toBe('1461');
    expect(s.posting).toBe('creditor');
    expect(s.categories.COMPUTING_AND_SOFTWARE).toEqual({ account: '6837', taxKey: '94' });
    expect(s.categories.OTHER).toEqual({ account: '6300', taxKey: '' });
    expect(s.merchants).toEqual([{ contains: 'aws', taxKey: '94', where: 'merchants[0] (line 9)' }]);
    expect(s.cards).toEqual([{ refNum: '0042', costCentre: 'Marketing', where: 'cards[0] (line 12)' }]);
    expect(s.cardholders.get('anna@example.com')).toBe('100');
    expect(s.entryTypes.get('TRANSACTION/NEW_KIND')?.account).toBe('1460');
    expect(s.datev).toMatchObject({
      beraternummer: 29098,
      mandantennummer: 55003,
      fiscalYearStart: { month: 7, day: 1 },
      lock: true,
      placeholderClient: false,
    });
  });

  it('widens preset accounts to a longer Sachkontenlänge, DATEV-style', () => {
    const s = parseExportSettings('accountLength: 5\n', 'export.yaml');
    expect(s.accounts).toMatchObject({ card: '17300', creditor: '700000' });
    expect(s.categories.FOOD_AND_DRINKS.account).toBe('46500');
  });

  it('refuses an unknown category, naming its line and field', () => {
    expect(problems('chart: SKR03\ncategories:\n  OFFICE_SUPPLIES_AND_EQUIPMENT: "4930"\n  FOOD: "4650"\n')).toEqual([
      {
        line: 4,
        field: 'categories.FOOD',
        problem: expect.stringMatching(/^unknown category "FOOD"; Pliant's categories are ADVERTISING_AND_MARKETING, /),
      },
    ]);
  });

  it('refuses accounts of the wrong length, naming line and field, and keeps leading zeros as written', () => {
    const found = problems(
      [
        'accounts:',
        '  card: 17300',
        '  creditor: "7000"',
        'merchants:',
        '  - name: Adobe',
        '    account: 0480',
        'cards:',
        '  - cardId: x',
        '    account: "493"',
      ].join('\n'),
    );
    expect(found).toEqual([
      {
        line: 2,
        field: 'accounts.card',
        problem: 'account "17300" has 5 digits, but a general ledger account has 4 digits with accountLength 4',
      },
      {
        line: 3,
        field: 'accounts.creditor',
        problem: 'account "7000" has 4 digits, but a creditor (personal) account has 5 digits with accountLength 4',
      },
      {
        line: 9,
        field: 'cards[0].account',
        problem: 'account "493" has 3 digits, but a general ledger account has 4 digits with accountLength 4',
      },
    ]);
    expect(
      parseExportSettings('merchants:\n  - name: Adobe\n    account: 0480\n', 'x.yaml').merchants[0]?.account,
    ).toBe('0480');
  });

  it('names every problem at once: unknown keys, bad values, rules without a target', () => {
    const found = problems(
      [
        'chart: SKR05',
        'postng: direct',
        'feesTaxKey: "9x"',
        'merchants:',
        '  - contains: x',
        '  - name: a',
        '    contains: b',
        '    account: "4900"',
        'datev:',
        '  beraternummer: 12',
        '  fiscalYearStart: "02-30"',
        '  lock: yes please',
      ].join('\n'),
    );
    expect(found.map((p) => [p.line, p.field])).toEqual([
      [2, 'postng'],
      [1, 'chart'],
      [3, 'feesTaxKey'],
      [5, 'merchants[0]'],
      [6, 'merchants[1]'],
      [10, 'datev.beraternummer'],
      [11, 'datev.fiscalYearStart'],
      [12, 'datev.lock'],
    ]);
    expect(found[0]!.problem).toMatch(/unknown setting "postng"; allowed here: chart, accountLength, posting/);
    expect(found[3]!.problem).toBe('sets nothing: give account, taxKey, creditor or costCentre');
    expect(found[4]!.problem).toMatch(/exactly one of name .* or contains/);
  });

  it('reads JSON with line numbers, and names the line of a JSON syntax error', () => {
    const json = '{\n  "chart": "SKR04",\n  "categories": {\n    "FOOD_AND_DRINKS": { "account": "66400" }\n  }\n}\n';
    expect(problems(json, 'export.json')).toEqual([
      {
        line: 4,
        field: 'categories.FOOD_AND_DRINKS.account',
        problem: expect.stringMatching(/^account "66400" has 5 digits/),
      },
    ]);
    const broken = problems('{\n  "chart": "SKR04",\n  "posting": "direct",\n}\n', 'export.json');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.problem).toMatch(/is not valid JSON/);
    expect(broken[0]!.line).toBe(4);
  });

  it('names the line of a YAML syntax error, and says which file it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-config-'));
    const file = join(dir, 'export.yaml');
    writeFileSync(file, 'chart: SKR03\naccounts:\n  card: "1730\n  fees: 4970\n');
    expect(() => loadExportSettings(file)).toThrow(
      new RegExp(`EXPORT_CONFIG ${file} is not valid:\\n  line \\d, field \\(top level\\): is not valid YAML`),
    );
    expect(() => loadExportSettings(join(dir, 'missing.yaml'))).toThrow(
      /missing\.yaml is not valid:\n {2}field \(top level\): cannot be read/,
    );
  });
});
