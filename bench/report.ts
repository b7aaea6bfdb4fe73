// The table: every figure beside its target from issue 13, met or missed; and results.json.
import { writeFileSync } from 'node:fs';
import prettier from 'prettier';

export interface Line {
  figure: string;
  value: string;
  target?: string;
  /** undefined: no target, reported only. */
  met?: boolean;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function check(figure: string, value: string, target: string, met: boolean): Line {
  return { figure, value, target, met };
}

export function info(figure: string, value: string): Line {
  return { figure, value };
}

export function table(lines: Line[]): string {
  const rows = [['figure', 'value', 'target', ''], ...lines.map((l) => [l.figure, l.value, l.target ?? '', mark(l)])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const cell = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? c.length)).join(' | ')} |`;
  return [
    cell(rows[0]!),
    `|${[...widths, 6].map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(cell),
  ].join('\n');
}

const mark = (l: Line): string => (l.met === undefined ? '' : l.met ? 'met' : 'missed');

/** Written as prettier would format it, so that `npm run lint` passes with the file in the tree. */
export async function writeResults(path: string, results: object): Promise<void> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(JSON.stringify(results), { ...options, filepath: path }));
}
