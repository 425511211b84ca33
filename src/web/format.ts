// Small formatting helpers the templates use (as it.h.*).

const PREFIXES: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];

/** 141630000 B/s -> "141.6 MB/s", 0.00012 s -> "120 µs"; units without SI sense stay plain. */
export function fmtCanonical(v: number, unit0: string, kind?: string | null): string {
  // Rates (interrupts/s, packets/s) are Hz in the schema but read better per second.
  const unit = unit0 === 'Hz' && kind === 'rate' ? '/s' : unit0;
  if (!Number.isFinite(v)) return `${v} ${unit}`;
  if (unit === '%' || unit === 'x' || unit === '1') return `${fmtNum(v)}${unit === '1' ? '' : unit === '%' ? '%' : '×'}`;
  const a = Math.abs(v);
  if (a === 0) return `0 ${unit}`;
  const [f, p] = PREFIXES.find(([f]) => a >= f) ?? PREFIXES[PREFIXES.length - 1];
  if (unit === 's' && a >= 100) return `${fmtNum(v)} s`;
  return unit === '/s' ? `${fmtNum(v / f)}${p ? ' ' + p : ''}/s` : `${fmtNum(v / f)} ${p}${unit}`;
}

/** Four significant digits, no exponent for everyday magnitudes. */
export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a >= 1e15 || a < 1e-4) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** JSON safe inside <script type="application/json">: no '<', '>', '&' or line separators survive raw. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
