/** Output helpers: results on stdout (JSON with --json), logs on stderr. */

/** bigint as a number when exact, else as a string: JSON has no integer type beyond 2^53. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v),
    2,
  );
}

export function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(toJson(value) + '\n');
}

/** A plain text table: header, rule, rows; numbers right-aligned. */
export function renderTable(headers: string[], rows: (string | number | bigint | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => r[i] == null || typeof r[i] !== 'string'));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
