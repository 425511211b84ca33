// Output helpers shared by commands: JSON to stdout, CSV quoting, errors to stderr.
export function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function printCsv(rows: Record<string, unknown>[], columns: string[]): void {
  const out = [columns.join(',')];
  for (const r of rows) out.push(columns.map((c) => csvCell(r[c])).join(','));
  process.stdout.write(out.join('\n') + '\n');
}

/** Commander option parser for a positive integer. */
export function intOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${v}"`);
  return n;
}
