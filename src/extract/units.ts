// Units lexicon: spelling -> canonical unit and factor, with the tool's prefix
// convention applied last. The spellings live in data/units.json.
import unitsData from './data/units.json';
import { skipBlanks, isLetterCode, codeAt } from './chars';

/** base: how the prefix power becomes a factor (see data/units.json _doc). */
export interface UnitDef {
  canonicalUnit: string; // B, B/s, bit/s, s, Hz, %, x, 1 (bit is turned into bit/s only with a per-second)
  power: number;
  base: 'size' | 'rate' | 'dec' | 'bin' | 'time' | 'factor' | 'min';
  factor?: number;
}

/**
 * Prefix convention a tool imposes on its B, B/s and bit/s spellings. 'kilo-binary': only K
 * is 1024 (bonnie's K/sec columns); M and G follow the rule without a tool (MB/s of
 * throughput is 10^6).
 */
export type Convention = Partial<Record<'B' | 'B/s' | 'bit/s', 'binary' | 'decimal' | 'kilo-binary'>>;

type Row = [string, number, string, number?];
const toDef = (r: Row): UnitDef => ({ canonicalUnit: r[0], power: r[1], base: r[2] as UnitDef['base'], factor: r[3] });

const EXACT = new Map<string, UnitDef>();
const WORDS = new Map<string, UnitDef>();
for (const [k, v] of Object.entries(unitsData.caseSensitive)) EXACT.set(k, toDef(v as Row));
for (const [k, v] of Object.entries(unitsData.words)) WORDS.set(k, toDef(v as Row));
const RATE_NOUNS = new Set(unitsData.rateNouns);
const PER_SECOND = unitsData.perSecond;
const PER_MINUTE = unitsData.perMinute;
export const COMPARATIVES = new Set(unitsData.comparatives);

/** Looks one unit word up: exact spelling first, then lower-case words. */
export function lookupUnit(spelling: string): UnitDef | null {
  return EXACT.get(spelling) ?? (spelling.length >= 2 ? WORDS.get(spelling.toLowerCase()) ?? null : null);
}

export interface UnitMatch {
  text: string;     // the unit as written
  def: UnitDef;
  perSecond: boolean;
  perMinute: boolean;
  end: number;      // offset after the unit in the line
  weak: boolean;    // a bare letter or x: needs support from context
}

// One bounded sticky pattern: an optional gap (space, hyphen, bracket), a unit word
// of at most 24 letters, and an optional "/word" or "ps" tail.
const UNIT_AT = /[ \t]{0,2}\+{0,2}[-[]?([%#µA-Za-z][%A-Za-z_]{0,23})(?:[ \t]?\/[ \t]?([A-Za-z]{1,10})\b)?(\])?/y;
// "10,000 cacheline writebacks per second": up to two words of what is counted, then a per-second
const COUNTED_PER = /[ \t]([a-z]{2,20}(?:[ \t][a-z]{2,20})?)[ \t]*(?:per[ \t]+sec(?:ond)?|\/[ \t]?s(?:ec)?)\b/y;
const SPLIT_SECONDS = /[ \t-]?sec(?:ond)?s?\b/y;
const PER_SLASH = /\/[ \t]?(?:sec|s|second)\b/y;
const PER_ALONE = /[ \t]?(?:\(|\[)?per[ \t]+(sec(?:ond)?s?|min(?:ute)?s?)\b\.?/y;
const PER_PHRASE = /[ \t]{1,2}(?:per|a|\/)[ \t]?(sec(?:ond)?s?|s|min(?:ute)?s?)\b/y;

// (module constants: a regex literal is a new RegExp object each time it is evaluated)
const SECONDS_WORD = /^(?:s|sec|secs|second|seconds)$/i, MINUTES_WORD = /^(?:min|mins|minute|minutes|m)$/i;
const PREFIX_WORD = /^(?:micro|milli|nano)$/i;

function perTail(tail: string): 's' | 'min' | null {
  const t = '/' + tail;
  if (PER_SECOND.includes(t) || SECONDS_WORD.test(tail)) return 's';
  if (PER_MINUTE.includes(t) || MINUTES_WORD.test(tail)) return 'min';
  return null;
}

/** False when PER_ALONE cannot match at pos: an optional blank and bracket, then "per". */
function mayBePer(line: string, pos: number): boolean {
  let k = pos;
  if (codeAt(line, k) === 32 || codeAt(line, k) === 9) k++;
  if (codeAt(line, k) === 40 || codeAt(line, k) === 91) k++;
  return codeAt(line, k) === 112 && codeAt(line, k + 1) === 101 && codeAt(line, k + 2) === 114;
}

/**
 * Reads the unit written right after a number at `pos` in `line`.
 * Handles "141.63 MB/sec", "100MB/s", "(60-byte)", "850000 interrupts/s",
 * "500,000 packets per second", "1.2 [ms]", "jobs/min", "MBps".
 */
export function matchUnitAt(line: string, pos: number): UnitMatch | null {
  const c0 = codeAt(line, pos);
  // every pattern below starts with a blank, a bracket, '+', '-', '%', '#', 'µ', '/' or a letter
  if (!(c0 === 32 || c0 === 9 || c0 === 40 || c0 === 91 || c0 === 43 || c0 === 45 || c0 === 37 || c0 === 35 || c0 === 181 || c0 === 47 ||
    (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return null;
  if (c0 === 37 /* % */) {
    // "%" and "%CPU" / "%CP"
    const m = /%(CPU|CP|cpu)?/y; m.lastIndex = pos; const r = m.exec(line)!;
    return { text: r[0], def: EXACT.get('%')!, perSecond: false, perMinute: false, end: pos + r[0].length, weak: false };
  }
  if (c0 === 47 /* / */) {
    // a column headed "/sec" (bonnie's seeks, creates): so many per second
    PER_SLASH.lastIndex = pos;
    const ps = PER_SLASH.exec(line);
    if (ps) return { text: ps[0], def: { canonicalUnit: 'Hz', power: 0, base: 'dec' }, perSecond: true, perMinute: false, end: PER_SLASH.lastIndex, weak: false };
  }
  PER_ALONE.lastIndex = pos;
  const pa = mayBePer(line, pos) ? PER_ALONE.exec(line) : null;
  if (pa) {
    // "1234.50 per sec." (sysbench): a rate of whatever the line counts
    return { text: pa[0].trim(), def: { canonicalUnit: 'Hz', power: 0, base: 'dec' }, perSecond: !/^min/i.test(pa[1]), perMinute: /^min/i.test(pa[1]), end: PER_ALONE.lastIndex, weak: false };
  }
  UNIT_AT.lastIndex = pos;
  const m = UNIT_AT.exec(line);
  if (!m) return null;
  let word = m[1];
  let tail: string | null = m[2] ?? null;
  let end = pos + m[0].length;
  // "MB/sec" may come as word "MB" + tail "sec"; "Mbps" and "MBps" as one word
  let def = lookupUnit(word);
  // "5 micro seconds", "3 milli seconds": a prefix written as its own word
  if (!def && (word.length === 4 || word.length === 5) && PREFIX_WORD.test(word)) {
    SPLIT_SECONDS.lastIndex = pos + m[0].length;
    const sp = SPLIT_SECONDS.exec(line);
    if (sp) {
      const p = /^mi[lc]/i.test(word) ? (/^milli/i.test(word) ? -1 : -2) : -3;
      return { text: line.slice(pos, SPLIT_SECONDS.lastIndex).trim(), def: { canonicalUnit: 's', power: p, base: 'time' }, perSecond: false, perMinute: false, end: SPLIT_SECONDS.lastIndex, weak: false };
    }
  }
  if (!def) {
    const d = psSpelling(word);
    if (d) { def = d; tail = tail ?? 's'; }
  }
  let isRateNoun = false;
  if (!def) {
    const lw = word.toLowerCase();
    if (RATE_NOUNS.has(lw) || word === '#') { isRateNoun = true; def = { canonicalUnit: 'Hz', power: 0, base: 'dec' }; }
    else {
      COUNTED_PER.lastIndex = pos;
      const cp = COUNTED_PER.exec(line);
      if (!cp) return null;
      return { text: line.slice(pos, COUNTED_PER.lastIndex).trim(), def: { canonicalUnit: 'Hz', power: 0, base: 'dec' }, perSecond: true, perMinute: false, end: COUNTED_PER.lastIndex, weak: false };
    }
  }
  let per: 's' | 'min' | null = tail ? perTail(tail) : null;
  if (tail && !per) {
    // "MB/foo": not a rate we know; keep the word alone
    end = pos + m[0].indexOf('/') ;
    tail = null;
  }
  if (!per) {
    PER_PHRASE.lastIndex = end;
    const p = PER_PHRASE.exec(line);
    if (p) { per = /^min/i.test(p[1]) ? 'min' : 's'; end = PER_PHRASE.lastIndex; }
  }
  if (isRateNoun && !per) return null;      // "850000 interrupts" alone is a count, not taken in prose
  if (per && def.canonicalUnit !== 'B' && def.canonicalUnit !== 'bit' && def.canonicalUnit !== 'Hz') {
    // "sec/sec" or "%/s" make no sense as a unit: keep the first word only
    per = null; end = pos + m[0].length - (tail ? m[0].length - m[0].indexOf('/') : 0);
  }
  // strip the gap and bracket before the unit (only there when the first character is one) and a closing ']'
  // (/^[ \t]*\+*[-[]?/ and a final ']' cut by index: one copy)
  let from = pos;
  if (c0 === 32 || c0 === 9 || c0 === 43 || c0 === 45 || c0 === 91) {
    from = skipBlanks(line, from, end);
    while (from < end && line.charCodeAt(from) === 43) from++;
    if (from < end && (line.charCodeAt(from) === 45 || line.charCodeAt(from) === 91)) from++;
  }
  const text = line.slice(from, end > from && line.charCodeAt(end - 1) === 93 ? end - 1 : end);
  const weak = (!per && word.length === 1 && isLetterCode(word.charCodeAt(0)) && word !== 's') || word === 'times';
  return { text, def, perSecond: per === 's', perMinute: per === 'min', end, weak };
}

/**
 * Whether matchUnitAt(w, 0) reads a unit spanning (all but at most the last character of) w, for
 * a word of 1 to 24 ASCII letters; its text is then w. For such a word UNIT_AT takes it whole,
 * with no gap, tail or bracket; PER_ALONE, COUNTED_PER, PER_PHRASE and the split seconds need a
 * blank or more text, and a rate noun needs a per-second; what is left is a lexicon spelling, or
 * "<B or bit spelling>ps". Keep in step with matchUnitAt (test/extract/units.test.ts checks it).
 */
export function isUnitWord(w: string): boolean {
  return lookupUnit(w) !== null || psSpelling(w) !== null;
}

/** "Mbps", "MBps", "KBps": a byte or bit spelling and "ps" (per second); its size unit. */
function psSpelling(word: string): UnitDef | null {
  if (word.length <= 2 || !word.endsWith('ps')) return null;
  const d = lookupUnit(word.slice(0, -2));
  return d && (d.canonicalUnit === 'B' || d.canonicalUnit === 'bit') ? d : null;
}

/** A tool's convention as it bears on a prefix of this power: 'kilo-binary' says nothing of M and G. */
function conventionAt(c: Convention['B'], power: number): 'binary' | 'decimal' | undefined {
  return c === 'kilo-binary' ? (power === 1 ? 'binary' : undefined) : c;
}

/** Canonical unit and factor for a matched unit, under a tool's convention. */
export function canonicalOf(u: Pick<UnitMatch, 'def' | 'perSecond' | 'perMinute'>, conv: Convention = {}): { unit: string; factor: number } {
  const d = u.def;
  let unit = d.canonicalUnit;
  if (unit === 'bit') unit = 'bit/s';                 // "100Mbit" on the wire is a rate
  if (unit === 'B' && (u.perSecond || u.perMinute)) unit = 'B/s';
  if (unit === 'Hz' && d.base === 'min') return { unit, factor: 1 / 60 };
  let factor = 1;
  const step = (binary: boolean) => Math.pow(binary ? 1024 : 1000, d.power);
  switch (d.base) {
    case 'size': {
      const c = conventionAt(conv[unit as 'B' | 'B/s'], d.power);
      factor = step(c ? c === 'binary' : unit === 'B');
      break;
    }
    case 'rate': factor = step(conventionAt(conv[unit as 'B/s'], d.power) === 'binary'); break;
    case 'dec': factor = step(unit === 'bit/s' && conventionAt(conv['bit/s'], d.power) === 'binary'); break;
    case 'bin': factor = step(true); break;
    case 'time': factor = Math.pow(1000, d.power); break;
    case 'factor': factor = d.factor ?? 1; break;
    case 'min': factor = 1 / 60; break;
  }
  if (u.perMinute) factor /= 60;
  if (unit === 'Hz' && (u.perSecond || u.perMinute)) unit = 'Hz';
  return { unit, factor };
}

const LATENCY_UNIT = /^(?:ms|us|µs|ns|msecs?|usecs?|nsecs?|micro|milli|nano)/i;
const HZ_END = /hz$/i;

/** Kind of figure from its canonical unit and spelling. */
export function kindOf(canonicalUnit: string, unitText: string): string {
  switch (canonicalUnit) {
    case 'B/s': case 'bit/s': return 'throughput';
    case 'B': return 'size';
    case 's': return LATENCY_UNIT.test(unitText) ? 'latency' : 'time';
    case 'Hz': return HZ_END.test(unitText) ? 'frequency' : 'rate';
    case '%': return 'percent';
    case 'x': return 'ratio';
    default: return 'count';
  }
}

const NUMBER = /^\s*([-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)/;

/**
 * "100MB/s", "10ms", "1.5GHz", "20%" -> value and canonical value. Used by the
 * search language (v:>100MB/s) and `measurements --min 100MB/s`. Without a tool,
 * MB/s is decimal and MB is binary, as in the gold conventions.
 */
export function parseQuantity(s: string): { value: number; canonicalValue: number; canonicalUnit: string } | null {
  if (typeof s !== 'string' || s.length > 64) return null;
  const m = NUMBER.exec(s);
  if (!m) return null;
  const value = Number(m[1].replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  const rest = s.slice(m[0].length);
  if (!rest.trim()) return { value, canonicalValue: value, canonicalUnit: '1' };
  const u = matchUnitAt(rest.replace(/^\s+/, ''), 0);
  if (!u || u.end < rest.trim().length) return null;
  const c = canonicalOf(u);
  return { value, canonicalValue: value * c.factor, canonicalUnit: c.unit };
}
