/**
 * EXPORT_CONFIG: a YAML or JSON file (JSON is read by the same YAML 1.2 parser, which keeps
 * line numbers) laid over a built-in preset. Every problem names its line and field; the
 * file is refused as a whole, so a typo never exports half-mapped journals.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

import { ExportConfigError } from '../errors.js';
import { CATEGORIES, isCategory } from './categories.js';
import type { AccountSet, ChartName } from './presets.js';
import { presetSettings, type CardRule, type ExportSettings, type MerchantRule, type RuleTarget } from './settings.js';

type Path = (string | number)[];
type Problem = ExportConfigError['problems'][number];

/** The settings for a run: the preset alone when no file is configured. */
export function loadExportSettings(file: string | undefined): ExportSettings {
  if (!file) return presetSettings('SKR03');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ExportConfigError(file, [
      { line: null, field: '', problem: `cannot be read (${(error as Error).message})` },
    ]);
  }
  return parseExportSettings(text, file);
}

export function parseExportSettings(text: string, file: string): ExportSettings {
  const lineCounter = new LineCounter();
  if (extname(file).toLowerCase() === '.json') {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new ExportConfigError(file, [
        {
          line: jsonErrorLine(text, error as Error),
          field: '',
          problem: `is not valid JSON (${(error as Error).message})`,
        },
      ]);
    }
  }
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ExportConfigError(
      file,
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        field: '',
        problem: `is not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const reader = new Reader(doc, text, lineCounter);
  const settings = reader.read(file);
  if (reader.problems.length > 0) throw new ExportConfigError(file, reader.problems);
  return settings;
}

function jsonErrorLine(text: string, error: Error): number | null {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position === undefined)
    return /line (\d+)/.exec(error.message)?.[1] ? Number(/line (\d+)/.exec(error.message)![1]) : null;
  return text.slice(0, Number(position)).split('\n').length;
}

const fieldName = (path: Path): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

const TOP_KEYS = [
  'chart',
  'accountLength',
  'posting',
  'accounts',
  'feesTaxKey',
  'categories',
  'merchants',
  'cards',
  'cardholders',
  'entryTypes',
  'datev',
];
const ACCOUNT_KEYS: (keyof AccountSet)[] = ['card', 'clearing', 'fees', 'cash', 'defaultExpense', 'creditor'];
const TARGET_KEYS = ['account', 'taxKey', 'creditor', 'costCentre'];
const DATEV_KEYS = [
  'beraternummer',
  'mandantennummer',
  'fiscalYearStart',
  'lock',
  'exportedBy',
  'dictation',
  'foreignCurrencyColumns',
];

/** Walks the document with the path of every value, so problems can name their line. */
class Reader {
  readonly problems: Problem[] = [];
  private accountLength = 4;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  read(file: string): ExportSettings {
    const root = this.doc.contents;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      return { ...presetSettings('SKR03'), source: file };
    }
    if (!isMap(root)) {
      this.fail([], 'must be a mapping of settings (chart, accounts, categories, …)');
      return presetSettings('SKR03');
    }
    this.onlyKeys([], TOP_KEYS);

    const chart = this.oneOf(['chart'], ['SKR03', 'SKR04']) as ChartName | undefined;
    const length = this.integer(['accountLength'], 4, 8);
    if (length !== undefined) this.accountLength = length;
    const settings = presetSettings(chart ?? 'SKR03', this.accountLength);
    settings.source = file;

    const posting = this.oneOf(['posting'], ['direct', 'creditor']);
    if (posting) settings.posting = posting as ExportSettings['posting'];
    const feesTaxKey = this.taxKey(['feesTaxKey']);
    if (feesTaxKey !== undefined) settings.feesTaxKey = feesTaxKey;

    if (this.mapAt(['accounts'])) {
      this.onlyKeys(['accounts'], ACCOUNT_KEYS);
      for (const key of ACCOUNT_KEYS) {
        const value = this.account(['accounts', key], key === 'creditor' ? 'creditor' : 'ledger');
        if (value !== undefined) settings.accounts[key] = value;
      }
    }

    const categories = this.mapAt(['categories']);
    if (categories) {
      for (const key of this.keysOf(['categories'])) {
        if (!isCategory(key)) {
          this.fail(
            ['categories', key],
            `unknown category "${key}"; Pliant's categories are ${CATEGORIES.join(', ')}`,
            'key',
          );
          continue;
        }
        const target = this.accountWithTax(['categories', key]);
        if (target)
          settings.categories[key] = {
            account: target.account ?? settings.categories[key].account,
            taxKey: target.taxKey ?? settings.categories[key].taxKey,
          };
      }
    }

    settings.merchants = this.list(['merchants'], (path) => this.merchantRule(path));
    settings.cards = this.list(['cards'], (path) => this.cardRule(path));

    if (this.mapAt(['cardholders'])) {
      for (const key of this.keysOf(['cardholders'])) {
        const kost = this.costCentre(['cardholders', key]);
        if (kost !== undefined) settings.cardholders.set(key.toLowerCase(), kost);
      }
    }

    if (this.mapAt(['entryTypes'])) {
      for (const key of this.keysOf(['entryTypes'])) {
        if (!/^[A-Z][A-Z0-9_]*(\/[A-Z][A-Z0-9_]*)?$/.test(key)) {
          this.fail(
            ['entryTypes', key],
            'must be TYPE or TYPE/SUBTYPE in capitals, for example TRANSACTION/NEW_KIND',
            'key',
          );
          continue;
        }
        const target = this.accountWithTax(['entryTypes', key]);
        if (target?.account)
          settings.entryTypes.set(key, {
            account: target.account,
            taxKey: target.taxKey ?? '',
            where: this.where(['entryTypes', key]),
          });
        else if (target) this.fail(['entryTypes', key], 'needs an account');
      }
    }

    if (this.mapAt(['datev'])) this.readDatev(settings);
    return settings;
  }

  private readDatev(settings: ExportSettings): void {
    this.onlyKeys(['datev'], DATEV_KEYS);
    const d = settings.datev;
    const berater = this.integer(['datev', 'beraternummer'], 1001, 9999999);
    const mandant = this.integer(['datev', 'mandantennummer'], 1, 99999);
    if (berater !== undefined) d.beraternummer = berater;
    if (mandant !== undefined) d.mandantennummer = mandant;
    d.placeholderClient = berater === undefined || mandant === undefined;
    const fy = this.string(['datev', 'fiscalYearStart']);
    if (fy !== undefined) {
      const m = /^(\d{2})-(\d{2})$/.exec(fy);
      const month = Number(m?.[1]);
      const day = Number(m?.[2]);
      if (!m || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2025, month, 0)).getUTCDate()) {
        this.fail(['datev', 'fiscalYearStart'], `"${fy}" is not a day of the year: use MM-DD, for example "07-01"`);
      } else d.fiscalYearStart = { month, day };
    }
    const lock = this.boolean(['datev', 'lock']);
    if (lock !== undefined) d.lock = lock;
    const by = this.string(['datev', 'exportedBy'], 25);
    if (by !== undefined) d.exportedBy = by;
    const dictation = this.string(['datev', 'dictation'], 2);
    if (dictation !== undefined) d.dictation = dictation;
    const fx = this.boolean(['datev', 'foreignCurrencyColumns']);
    if (fx !== undefined) d.foreignCurrencyColumns = fx;
  }

  private merchantRule(path: Path): MerchantRule | undefined {
    if (!this.mapAt(path, true)) return undefined;
    this.onlyKeys(path, ['name', 'contains', ...TARGET_KEYS]);
    const name = this.string([...path, 'name']);
    const contains = this.string([...path, 'contains']);
    if ((name === undefined) === (contains === undefined)) {
      this.fail(path, 'needs exactly one of name (the whole merchant name) or contains (a part of it)');
      return undefined;
    }
    const target = this.target(path);
    return { ...target, ...(name !== undefined ? { name } : { contains: contains! }), where: this.where(path) };
  }

  private cardRule(path: Path): CardRule | undefined {
    if (!this.mapAt(path, true)) return undefined;
    this.onlyKeys(path, ['cardId', 'refNum', ...TARGET_KEYS]);
    const cardId = this.string([...path, 'cardId']);
    const refNum = this.digitsText([...path, 'refNum']);
    if ((cardId === undefined) === (refNum === undefined)) {
      this.fail(path, 'needs exactly one of cardId or refNum (the last 4 digits of the card)');
      return undefined;
    }
    return {
      ...this.target(path),
      ...(cardId !== undefined ? { cardId } : { refNum: refNum! }),
      where: this.where(path),
    };
  }

  private target(path: Path): RuleTarget {
    const out: RuleTarget = {};
    const account = this.account([...path, 'account'], 'ledger');
    const taxKey = this.taxKey([...path, 'taxKey']);
    const creditor = this.account([...path, 'creditor'], 'creditor');
    const costCentre = this.costCentre([...path, 'costCentre']);
    if (account !== undefined) out.account = account;
    if (taxKey !== undefined) out.taxKey = taxKey;
    if (creditor !== undefined) out.creditor = creditor;
    if (costCentre !== undefined) out.costCentre = costCentre;
    if (!this.keysOf(path).some((k) => TARGET_KEYS.includes(k)))
      this.fail(path, 'sets nothing: give account, taxKey, creditor or costCentre');
    return out;
  }

  /** `"4930"` or `{account: "4930", taxKey: "9"}`. */
  private accountWithTax(path: Path): { account?: string; taxKey?: string } | undefined {
    const node = this.node(path);
    if (isMap(node)) {
      this.onlyKeys(path, ['account', 'taxKey']);
      const out: { account?: string; taxKey?: string } = {};
      const account = this.account([...path, 'account'], 'ledger');
      const taxKey = this.taxKey([...path, 'taxKey']);
      if (account !== undefined) out.account = account;
      if (taxKey !== undefined) out.taxKey = taxKey;
      return out;
    }
    const account = this.account(path, 'ledger');
    return account === undefined ? undefined : { account };
  }

  // ---- scalar readers: undefined when absent or wrong (the problem is recorded) ----

  private account(path: Path, kind: 'ledger' | 'creditor'): string | undefined {
    const text = this.digitsText(path);
    if (text === undefined) return undefined;
    const want = kind === 'creditor' ? this.accountLength + 1 : this.accountLength;
    if (text.length !== want) {
      const what =
        kind === 'creditor'
          ? `a creditor (personal) account has ${want} digits`
          : `a general ledger account has ${want} digits`;
      this.fail(
        path,
        `account "${text}" has ${text.length} digits, but ${what} with accountLength ${this.accountLength}`,
      );
      return undefined;
    }
    return text;
  }

  /** Digits as written in the file (a YAML number keeps its leading zeros this way). */
  private digitsText(path: Path): string | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.fail(path, 'must be a number written with digits only, for example "4930"');
      return undefined;
    }
    const text =
      typeof node.value === 'number' && node.range
        ? this.text.slice(node.range[0], node.range[1]).trim()
        : String(node.value).trim();
    if (!/^\d+$/.test(text)) {
      this.fail(path, `"${text}" must consist of digits only`);
      return undefined;
    }
    return text;
  }

  private taxKey(path: Path): string | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    const text =
      value === null ? '' : typeof value === 'number' || typeof value === 'string' ? String(value).trim() : undefined;
    if (text === undefined || !/^\d{0,4}$/.test(text)) {
      this.fail(
        path,
        'must be a DATEV BU-Schlüssel of up to 4 digits (9 = 19 % Vorsteuer, 8 = 7 %, 94 = §13b) or "" for none',
      );
      return undefined;
    }
    return text;
  }

  private costCentre(path: Path): string | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : undefined;
    if (text === undefined || !/^[A-Za-z0-9_ ]{1,36}$/.test(text)) {
      this.fail(path, 'must be a cost centre (KOST1) of 1 to 36 letters, digits, spaces or _');
      return undefined;
    }
    return text;
  }

  private string(path: Path, max?: number): string | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      this.fail(path, 'must be text');
      return undefined;
    }
    const text = String(node.value);
    if (max !== undefined && text.length > max) {
      this.fail(path, `"${text}" is longer than ${max} characters`);
      return undefined;
    }
    return text;
  }

  private integer(path: Path, min: number, max: number): number | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(path, `must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return n;
  }

  private boolean(path: Path): boolean | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return undefined;
    }
    return node.value;
  }

  private oneOf(path: Path, values: string[]): string | undefined {
    const node = this.node(path);
    if (node === undefined) return undefined;
    const value = isScalar(node) ? String(node.value) : undefined;
    if (value === undefined || !values.includes(value)) {
      this.fail(path, `must be one of ${values.join(', ')}`);
      return undefined;
    }
    return value;
  }

  private list<T>(path: Path, item: (path: Path) => T | undefined): T[] {
    const node = this.node(path);
    if (node === undefined) return [];
    if (!isSeq(node)) {
      this.fail(path, 'must be a list (items starting with "-")');
      return [];
    }
    return node.items.flatMap((_, i) => {
      const value = item([...path, i]);
      return value === undefined ? [] : [value];
    });
  }

  // ---- structure ----

  private mapAt(path: Path, required = false): boolean {
    const node = this.node(path);
    if (node === undefined) {
      if (required) this.fail(path, 'must be a mapping');
      return false;
    }
    if (!isMap(node)) {
      this.fail(path, 'must be a mapping of names to values');
      return false;
    }
    return true;
  }

  private keysOf(path: Path): string[] {
    const node = this.node(path);
    return isMap(node) ? node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
  }

  private onlyKeys(path: Path, allowed: string[]): void {
    for (const key of this.keysOf(path)) {
      if (!allowed.includes(key))
        this.fail([...path, key], `unknown setting "${key}"; allowed here: ${allowed.join(', ')}`, 'key');
    }
  }

  private node(path: Path): Node | undefined {
    const found = this.locate(path);
    return found.complete ? (found.value ?? undefined) : undefined;
  }

  /** The node at `path` and its key, or as far as the path exists. */
  private locate(path: Path): { value: Node | null; key: Node | null; complete: boolean } {
    let value = this.doc.contents as Node | null;
    let key: Node | null = null;
    for (const segment of path) {
      if (isMap(value)) {
        const pair = value.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (!pair) return { value, key, complete: false };
        key = pair.key as Node;
        value = (pair.value as Node | null) ?? null;
      } else if (isSeq(value) && typeof segment === 'number' && segment < value.items.length) {
        key = null;
        value = value.items[segment] as Node;
      } else {
        return { value, key, complete: false };
      }
    }
    return { value, key, complete: true };
  }

  private lineOf(path: Path, at: 'key' | 'value'): number | null {
    const { value, key } = this.locate(path);
    const node = at === 'key' && key ? key : (value ?? key);
    const offset = node?.range?.[0];
    return offset === undefined ? null : this.lines.linePos(offset).line;
  }

  private where(path: Path): string {
    const line = this.lineOf(path, 'value');
    return `${fieldName(path)}${line === null ? '' : ` (line ${line})`}`;
  }

  private fail(path: Path, problem: string, at: 'key' | 'value' = 'value'): void {
    this.problems.push({ line: this.lineOf(path, at), field: fieldName(path), problem });
  }
}
