// One bounded scanner per line: numbers, their unit as written, time formats,
// ratios ("2x", "x2", "10 times faster", "a factor of 2", "twice") and ranges.
// Noise rules (versions, dates, addresses...) come from data/noise.json.
import noiseData from './data/noise.json';
import { matchUnitAt, lookupUnit, COMPARATIVES, type UnitMatch } from './units';
import { backBlanks, codeAt, isLetterCode } from './chars';
import { isAnchored, hasBackReference } from './rulesrc';

export interface Candidate {
  value: number;
  start: number;          // offsets in the scanned string
  end: number;            // end of number..unit
  numEnd: number;         // end of the number itself
  unit: UnitMatch | null; // null: no unit written (a table cell may give one)
  fixed?: { unitText: string; canonicalUnit: string; factor: number; kind: string }; // time formats, ratios
  approx: boolean;
  attachedWord: boolean;  // letters glued to the number that are not a unit ("3c905")
  range?: boolean;
  weakNoise?: boolean;     // no unit and a word before it that usually names a version, a part or a parameter
  unitOnNextLine?: number; // the unit stands at the start of the next line; its end there
}

// each rule list is one alternation: one regex run per number, not one per rule
const alt = (list: string[]) => new RegExp(list.map((s) => '(?:' + s + ')').join('|'), 'i');
const BEFORE = alt(noiseData.before);
// the rules that can match text ending in a blank: the only ones worth running then (the common case)
const BEFORE_BLANK = alt(noiseData.before.filter((r) => /\\s[*+]\)?\$$|\[= \]\$$|\)\?\$$/.test(r)));
const beforeNoise = (pre: string) => {
  const last = codeAt(pre, pre.length - 1);
  return last === 32 || last === 9 ? BEFORE_BLANK.test(pre) : BEFORE.test(pre);
};
const BEFORE_WEAK = alt(noiseData.beforeWeak);

function anchorsFirst(rules: string[]): RegExp {
  const group = (list: string[]) => list.map((r) => '(?:' + r + ')').join('|');
  if (rules.some(hasBackReference)) return new RegExp(group(rules));   // back-references: keep the order
  const anchored = rules.filter(isAnchored);
  const blanks = anchored.filter((r) => r.startsWith('^\\s*')).map((r) => r.slice(4));
  const start = anchored.filter((r) => !r.startsWith('^\\s*')).map((r) => r.slice(1));
  const rest = rules.filter((r) => !anchored.includes(r));
  const heads = [...start.map((r) => '(?:' + r + ')'), ...(blanks.length ? ['\\s*(?:' + group(blanks) + ')'] : [])];
  return new RegExp([...(heads.length ? ['^(?:' + heads.join('|') + ')'] : []), ...(rest.length ? [group(rest)] : [])].join('|'));
}
const AFTER = alt(noiseData.after);
/**
 * One alternation of every skip-line rule: a single test per line. The rules anchored at
 * the start are grouped under one '^' (those that then skip blanks under one '^\\s*'): the
 * same language, but V8 no longer tries each of them at every position of the line.
 */
export const SKIP_LINE = anchorsFirst(noiseData.skipLines);

const NUM = /(?:\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[eE][-+]?\d{1,3}(?![\w.]))?/g;
const MIN_SEC = /(\d{1,4})m[ \t]?(\d{1,2}(?:\.\d+)?)s\b/y;                 // 4m32.1s, 0m26.636s
const CLOCK = /(\d{1,4}):(\d\d(?:\.\d+)?)(elapsed)?(?![:\d])/y;               // 2:43.09elapsed, 0:26.80
const TIMING_WORDS = /\b(?:took|takes|elapsed|real|finished|compile[sd]?|build|went (?:down|up) from|make)\b/i;
const SLASH_SEQ = /\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?){1,5}/y;
const SLASH_LABEL = /[A-Za-z]+(?:\/[A-Za-z]+){1,5}[ \t]*[=:]?[ \t]*$/;
const TIME_WORD = /(\d+(?:\.\d+)?)(user|system|elapsed|sys)\b/y;              // 265.05user 16.66system
const CSH_U = /(\d+\.\d+)u(?=[ \t]+\d+\.\d+s\b)/y;                             // 6.080u 17.420s
const RANGE = /[ \t]?(?:-|~|–|to|and|vs\.?|versus)[ \t]?(?=\d)/y;   // "and" only after "between"; "141.63 vs 74.79 MB/sec"
// "jobs/min went from 300 to 601": the unit is named before the numbers
const UNIT_BEFORE = /([A-Za-z][\w/%]{0,20})[ \t]+(?:went|goes|go|increased|decreased|dropped|rose|fell|improved|changed|jumped|climbed|grew)[ \t]+from[ \t]+$/i;
const FROM_TO = /\bfrom[ \t]+[\d.,]+[ \t]+to[ \t]+$/i;
const APPROX = /(?:~=?|≈|\babout|\baround|\bapprox(?:imately|\.)?|\broughly|\bnearly|\balmost|\bover|\bmore than|\bless than|\bunder|\bat least|\bup to|\bsome|\bcirca|\bca\.|>=?|<=?)[ \t]*$/i;
const FACTOR_BEFORE = /\bfactor(?:[ \t]+of)?(?:[ \t]+(?:about|around|roughly|nearly|almost|over|~))?[ \t]*$/i;
const TIMES_AFTER = /[ \t]?(?:-[ \t]?)?(times|fold)\b/y;
const TWICE = /\btwice\b/gi;
const TWICE_OK = /^[ \t]+(?:as[ \t]+|the[ \t]+)?(?:fast|faster|slow|slower|quick|quicker|good|better|bad|worse|long|longer|high|higher|efficient|throughput|bandwidth|performance|speed)\b/i;
const WORD_CHAR = /[A-Za-z0-9_]/;
const isDigitCode = (c: number) => c >= 48 && c <= 57;
/** WORD_CHAR on one UTF-16 unit, without a regex call. */
const isWordCode = (c: number) => isDigitCode(c) || isLetterCode(c) || c === 95;
const HOLE = /(?:https?|ftp):\/\/[^\s<>"]{1,2000}|www\.[^\s<>"]{1,2000}|[\w.+$%-]{1,200}@[\w-]{1,100}(?:\.[\w-]{1,100}){0,20}/g;

const rev = (s: string) => s;

// the fixed units of time formats and ratios: shared, never written
type Fixed = NonNullable<Candidate['fixed']>;
const fixedOf = (unitText: string, canonicalUnit: string, kind: string): Fixed => ({ unitText, canonicalUnit, factor: 1, kind });
const FIXED_X = fixedOf('x', 'x', 'ratio'), FIXED_TIMES = fixedOf('times', 'x', 'ratio'), FIXED_FOLD = fixedOf('fold', 'x', 'ratio');
const FIXED_FACTOR = fixedOf('factor', 'x', 'ratio'), FIXED_TWICE = fixedOf('twice', 'x', 'ratio');
const FIXED_MIN_SEC = fixedOf('m:s', 's', 'time'), FIXED_CLOCK = fixedOf('m:ss', 's', 'time'), FIXED_CSH_U = fixedOf('u', 's', 'time');
const FIXED_TIME_WORD: Record<string, Fixed> = { user: fixedOf('user', 's', 'time'), system: fixedOf('system', 's', 'time'), elapsed: fixedOf('elapsed', 's', 'time'), sys: fixedOf('sys', 's', 'time') };
/** TIME_WORD's unit (its words are all there; case-sensitive) */
const timeFixed = (w: string): Fixed => FIXED_TIME_WORD[w];

const isWordOrDot = (c: number) => isWordCode(c) || c === 46;
/** /^[ \t]*$/ on s.slice(a, b), without the copy. */
function onlyBlanks(s: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) { const c = s.charCodeAt(k); if (c !== 32 && c !== 9) return false; }
  return true;
}
/** /\bw\/$/: "w/" at the end, not glued to a word before it. */
const endsWithW = (pre: string) => {
  const n = pre.length;
  return n >= 2 && pre.charCodeAt(n - 1) === 47 && pre.charCodeAt(n - 2) === 119 && !(n > 2 && isWordCode(pre.charCodeAt(n - 3)));
};
/**
 * APPROX.test(pre), run only when pre (its trailing blanks aside) ends with a character one
 * of its alternatives ends with: ~ = ≈ > < . or a letter of about, around, approx,
 * approximately, roughly, nearly, almost, over, more than, less than, under, at least,
 * up to, some, circa (t d x y r n o e a). Keep in step with APPROX.
 */
function approxBefore(pre: string): boolean {
  const e = backBlanks(pre, 0, pre.length);
  const c = codeAt(pre, e - 1) | 0x20;   // ASCII letters to lower case (the others only need to stay out of the set)
  return (c === 0x7e || c === 0x3d || c === 0x3e || c === 0x3c || c === 0x2e || codeAt(pre, e - 1) === 0x2248 ||
    c === 0x74 || c === 0x64 || c === 0x78 || c === 0x79 || c === 0x72 || c === 0x6e || c === 0x6f || c === 0x65 || c === 0x61) && APPROX.test(pre);
}
const inHole = (holes: number[], i: number) => {
  for (let k = 0; k < holes.length; k += 2) if (i >= holes[k] && i < holes[k + 1]) return true;
  return false;
};

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/**
 * Number(s) for a match of NUM. Digits[.digits] of at most 15 digits: the integer
 * and the power of ten are exact doubles, so one division rounds as Number() does
 * (the classic exact fast path); anything else goes to Number().
 */
function toNumber(s: string): number {
  // (-0, not 0: a double from the start, so optimized code does double arithmetic and does
  // not deoptimize when a tenth digit takes the integer past the small integers; -0 + d is d)
  let mant = -0, frac = -1, digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && frac < 0) { frac = 0; continue; }
    if (c < 48 || c > 57 || ++digits > 15) return Number(s);
    mant = mant * 10 + (c - 48);
    if (frac >= 0) frac++;
  }
  return frac > 0 ? mant / POW10[frac] : mant;
}


function comparativeNear(s: string, from: number): boolean {
  const words = s.slice(from, from + 60).toLowerCase().match(/[a-z]+/g);
  if (!words) return false;
  for (let i = 0; i < Math.min(words.length, 4); i++) if (COMPARATIVES.has(words[i])) return true;
  return false;
}

/** Scans one line (quote prefix already removed). Linear: one global regex walk. */
export function scanLine(s: string, nextLine = '', prevLine = ''): Candidate[] {
  const out: Candidate[] = [];
  // numbers inside URLs, mail addresses and Message-IDs are never figures
  let holes: number[] | null = null;   // start, end, start, end ...
  if (s.length < 20000 && (s.includes('@') || s.includes('://') || s.includes('www.'))) {
    holes = [];
    HOLE.lastIndex = 0;
    let h: RegExpExecArray | null;
    while ((h = HOLE.exec(s)) !== null) holes.push(h.index, h.index + h[0].length);
  }
  NUM.lastIndex = 0;
  let m: RegExpExecArray | null;
  let skipUntil = -1;
  let rangeNext = -1;        // where the second number of a range starts
  let lastUnitBefore: UnitMatch | null = null;
  while ((m = NUM.exec(s)) !== null) {
    const i = m.index;
    let j = i + m[0].length;
    if (i < skipUntil) continue;
    if (holes !== null && inHole(holes, i)) continue;
    const prev = i > 0 ? s[i - 1] : ' ';
    // "x2": a ratio written before the number
    if (prev === 'x' && (i < 2 || !WORD_CHAR.test(s[i - 2])) && !isWordOrDot(codeAt(s, j)) && Number(m[0]) <= 50) {
      out.push({ value: Number(m[0].replace(/,/g, '')), start: i - 1, end: j, numEnd: j, unit: null,
        fixed: FIXED_X, approx: approxBefore(s.slice(Math.max(0, i - 21), i - 1)), attachedWord: false });
      continue;
    }
    // "8x1.5GHz": the number after an NxM multiplier stands on its own
    const afterTimes = ((prev === 'x' || prev === 'X') && i > 1 && /\d/.test(s[i - 2])) ||
      // "SMP-PII-450Mhz": a clock glued to a part name by a hyphen
      (prev === '-' && /^[ \t]?[KMG]hz\b/i.test(s.slice(j, j + 5)));
    if (!afterTimes && i !== rangeNext && (isWordCode(prev.charCodeAt(0)) || prev === '.' || prev === '-' && i > 1 && /[\w.]/.test(s[i - 2]))) continue;
    const pre = s.slice(Math.max(0, i - 24), i);
    const post = s.slice(j, j + 24);
    // The time formats below need, after the digit run at i, an 'm' or ':' (run of at most
    // 4 digits) or, after digits[.digits], 'u', 's' or 'e': their patterns run only then.
    let runEnd = i;
    while (isDigitCode(codeAt(s, runEnd))) runEnd++;
    let fracEnd = runEnd;
    if (codeAt(s, runEnd) === 46 && isDigitCode(codeAt(s, runEnd + 1))) { fracEnd = runEnd + 1; while (isDigitCode(codeAt(s, fracEnd))) fracEnd++; }
    const shortRun = runEnd - i <= 4, afterRun = codeAt(s, runEnd), afterFrac = codeAt(s, fracEnd);
    // time formats first: they contain ':' and letters that the noise rules would reject
    let t: RegExpExecArray | null = null;
    MIN_SEC.lastIndex = i;
    if (shortRun && afterRun === 109 /* m */ && (t = MIN_SEC.exec(s))) {
      const v = Number(t[1]) * 60 + Number(t[2]);
      out.push({ value: v, start: i, end: MIN_SEC.lastIndex, numEnd: MIN_SEC.lastIndex, unit: null, fixed: FIXED_MIN_SEC, approx: false, attachedWord: false });
      skipUntil = MIN_SEC.lastIndex; continue;
    }
    CLOCK.lastIndex = i;
    if (shortRun && afterRun === 58 /* : */ && (t = CLOCK.exec(s)) && (t[2].includes('.') || t[3] || (TIMING_WORDS.test(s) && !/\bat[ \t]*$/i.test(pre))) && !/^[ \t]*(?:[AaPp][Mm]|UTC|GMT|[+-]\d{4})\b/.test(s.slice(CLOCK.lastIndex)) && !beforeNoise(pre)) {
      const v = Number(t[1]) * 60 + Number(t[2]);
      out.push({ value: v, start: i, end: CLOCK.lastIndex, numEnd: CLOCK.lastIndex, unit: null, fixed: FIXED_CLOCK, approx: false, attachedWord: false });
      skipUntil = CLOCK.lastIndex; continue;
    }
    TIME_WORD.lastIndex = i;
    if ((afterFrac === 117 || afterFrac === 115 || afterFrac === 101) && (t = TIME_WORD.exec(s))) {
      out.push({ value: Number(t[1]), start: i, end: TIME_WORD.lastIndex, numEnd: j, unit: null, fixed: timeFixed(t[2]), approx: false, attachedWord: false });
      skipUntil = TIME_WORD.lastIndex; continue;
    }
    CSH_U.lastIndex = i;
    if (afterFrac === 117 && (t = CSH_U.exec(s))) {
      out.push({ value: Number(t[1]), start: i, end: CSH_U.lastIndex, numEnd: j, unit: null, fixed: FIXED_CSH_U, approx: false, attachedWord: false });
      continue;
    }
    // "min/avg/max = 109.6/110.3/112.2 ms": values joined by '/' share the unit after the last
    SLASH_SEQ.lastIndex = i;
    if (codeAt(s, j) === 47 /* post[0] === '/' */ && SLASH_LABEL.test(pre) && (t = SLASH_SEQ.exec(s))) {
      const u = matchUnitAt(s, SLASH_SEQ.lastIndex);
      if (u && !u.weak) {
        let at = i;
        for (const part of t[0].split('/')) {
          const v = Number(part);
          out.push({ value: v, start: at, end: at + part.length, numEnd: at + part.length, unit: u, approx: false, attachedWord: false });
          at += part.length + 1;
        }
        skipUntil = u.end;
        continue;
      }
    }
    if (AFTER.test(post)) { if (/^[.:\/]\d/.test(post)) skipUntil = j + 1 + /^[.:\/][\d.:\/]*/.exec(post)![0].length; continue; }
    const value = m[0].includes(',') ? Number(m[0].replace(/,/g, '')) : toNumber(m[0]);
    if (!Number.isFinite(value)) continue;
    let unit = matchUnitAt(s, j);
    let range = false;
    let pendingRangeNext = -1;   // becomes rangeNext only if this number is kept
    // "10-15 ms", "30-50%", "2~3 sec": the first number takes the unit of the second
    if (!unit) {
      RANGE.lastIndex = j;
      const rm = RANGE.exec(s);
      if (rm && (!/and/.test(rm[0]) || /\bbetween[ \t]+$/i.test(pre)) && (!/v/.test(rm[0]) || /[ \t]/.test(rm[0]))) {
        const k = RANGE.lastIndex;
        NUM.lastIndex = k;
        const m2 = NUM.exec(s);
        if (m2 && m2.index === k) {
          const u2 = matchUnitAt(s, k + m2[0].length);
          if (u2 && !u2.weak) { unit = { ...u2, end: j }; range = true; pendingRangeNext = k; }
        }
        NUM.lastIndex = j;
      }
    }
    if (!unit && (pre.endsWith('from ') || pre.endsWith('to '))) {
      const ub = UNIT_BEFORE.exec(s.slice(Math.max(0, i - 60), i));
      if (ub) { const u = matchUnitAt(ub[1], 0); if (u && !u.weak && u.end === ub[1].length) { unit = { ...u, end: j }; lastUnitBefore = u; } }
      else if (lastUnitBefore && FROM_TO.test(pre)) unit = { ...lastUnitBefore, end: j };
    }
    // "850000\ninterrupts/s": a number that ends the line takes a unit that starts the next
    let unitOnNextLine: number | undefined;
    if (!unit && nextLine && onlyBlanks(s, j, s.length) && (s.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 4) {
      const lead = /^[ \t]*/.exec(nextLine)![0].length;
      const u = matchUnitAt(nextLine, lead);
      if (u && !u.weak && u.def.canonicalUnit !== 'x' && !/\d/.test(nextLine.slice(u.end, u.end + 30))) { unit = u; unitOnNextLine = u.end; }
    }
    // ratios: "10 times faster", "3-fold", "a factor of 2", "2x" (x glued or followed by a comparative)
    if (unit && unit.def.canonicalUnit === 'x') {
      const glued = codeAt(s, j) === 120 || codeAt(s, j) === 88;   // s[j] is 'x' or 'X'
      if (!glued && !comparativeNear(s, unit.end)) unit = null;
      else if (isDigitCode(codeAt(s, unit.end))) continue; // 1024x768
      // "2x Xeon", "4x 36GB disks", "8x P3": a count of parts, not a factor
      else if (glued && /^[ \t]+(?:[A-Z\d]|(?:cpus?|disks?|drives?|nics?|cards?|processors?|cores?)\b)/.test(s.slice(unit.end, unit.end + 12)) && !comparativeNear(s, unit.end)) continue;
    }
    if (!unit) {
      TIMES_AFTER.lastIndex = j;
      const ca = codeAt(s, j);   // the pattern starts with a blank, '-', 't' or 'f'
      const tm = ca === 32 || ca === 9 || ca === 45 || ca === 116 || ca === 102 ? TIMES_AFTER.exec(s) : null;
      if (tm && (tm[1] === 'fold' || comparativeNear(s + ' ' + nextLine, TIMES_AFTER.lastIndex) ||
        /\b(?:faster|slower|better|worse|quicker)\b/i.test(s.slice(0, i)))) {
        out.push({ value, start: i, end: TIMES_AFTER.lastIndex, numEnd: j, unit: null, fixed: tm[1] === 'fold' ? FIXED_FOLD : FIXED_TIMES, approx: approxBefore(pre), attachedWord: false });
        continue;
      }
      // "a factor of\n5.": the words may end the line above
      const factorPre = prevLine && onlyBlanks(pre, 0, pre.length) ? prevLine.slice(-24) + ' ' : pre;
      if (FACTOR_BEFORE.test(factorPre) && !/^[ \t]*:/.test(post)) {
        out.push({ value, start: i, end: j, numEnd: j, unit: null, fixed: FIXED_FACTOR, approx: approxBefore(pre) || /about|around|roughly|nearly|almost|over|~/.test(pre), attachedWord: false });
        continue;
      }
    }
    // "300 megabytes per\nsecond": the per-second on the next line
    if (unit && !unit.perSecond && (unit.def.canonicalUnit === 'B' || unit.def.canonicalUnit === 'bit') &&
        /^[ \t]+per[ \t]*$/.test(s.slice(unit.end)) && /^[ \t]*sec(?:ond)?s?\b/i.test(nextLine)) {
      unit = { ...unit, perSecond: true, text: unit.text + ' per' };
    }
    // "in the 90s": a decade
    if (unit && unit.text === 's' && /\bthe[ \t]*$/i.test(pre)) continue;
    const weak = !unit || unit.weak;
    let weakNoise = false;
    if (!afterTimes && i !== rangeNext && !endsWithW(pre)) {
      if (beforeNoise(pre)) continue;
      // "cpu 2", "kernel 2": dropped in prose, but a table column or a label may still give it a unit
      if (weak && BEFORE_WEAK.test(pre)) { if (unit) continue; weakNoise = true; }
    }
    const p0 = codeAt(s, j);   // post[0]: a letter or '_' glued to the number
    const attachedWord = !unit && ((p0 >= 65 && p0 <= 90) || (p0 >= 97 && p0 <= 122) || p0 === 95);
    if (pendingRangeNext >= 0) rangeNext = pendingRangeNext;
    out.push({ value, start: i, end: unit && unitOnNextLine === undefined ? unit.end : j, numEnd: j, unit, approx: approxBefore(pre), attachedWord, range, unitOnNextLine, weakNoise });
    if (unit && unitOnNextLine === undefined) skipUntil = unit.end;
  }
  TWICE.lastIndex = 0;
  while ((m = TWICE.exec(s)) !== null) {
    // "twice as fast", "twice the throughput": a factor; "ran it twice", "twice as many CPUs": not
    if (!TWICE_OK.test(s.slice(m.index + 5, m.index + 45))) continue;
    out.push({ value: 2, start: m.index, end: m.index + 5, numEnd: m.index + 5, unit: null, fixed: FIXED_TWICE, approx: false, attachedWord: false });
  }
  // mostly in order already: the (stable) sort would leave it as it is
  let sorted = true;
  for (let k = 1; k < out.length && sorted; k++) sorted = out[k - 1].start <= out[k].start;
  if (!sorted) out.sort((a, b) => a.start - b.start);
  void rev; void lookupUnit;
  return out;
}
