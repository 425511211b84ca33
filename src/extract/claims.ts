// Claims: sentences that relate figures or state a factor ("a factor of 2",
// "over 10 times faster", "141.63 vs 74.79 MB/sec", "20% regression").
// Claim words are matched on Porter stems (natural), so "regressed",
// "regressions" and "regression" are one word.
import type { ExtractedClaim, ExtractedFigure } from '../core/types';
import { remember } from './memo';
// the stemmer alone: loading all of natural costs ~0.5 s and prints dotenv notes
// eslint-disable-next-line @typescript-eslint/no-var-requires
const PorterStemmer: { stem(w: string): string } = require('natural/lib/natural/stemmers/porter_stemmer');

const UP = new Set(['faster', 'quicker', 'better', 'improv', 'increas', 'speedup', 'higher', 'gain', 'win', 'boost', 'more', 'cheaper']);
const DOWN = new Set(['slower', 'wors', 'regress', 'decreas', 'slowdown', 'lower', 'drop', 'degrad', 'penalti', 'less']);
const VS = /\b(?:vs\.?|versus|against|compared (?:to|with)|instead of|as opposed to)\b|->|=>/i;

// only words that may be claim words are stemmed: a cheap prefilter keeps this linear and fast
const CLAIM_WORD = /\b(?:fast|slow|quick|bett|wors|high|low|improv|increas|decreas|speed|gain|win|boost|more|less|regress|drop|degrad|penalt|cheap)[a-z]*/gi;
// the stemmer is pure and the same few words recur: remembered across messages (bounded)
const STEMS = new Map<string, string>();
const STEMS_MAX = 20000;
function stem(x: string): string {
  let s = STEMS.get(x);
  if (s === undefined) {
    s = PorterStemmer.stem(x);
    remember(STEMS, STEMS_MAX, x, s);
  }
  return s;
}
function stems(s: string): string[] {
  const w = s.toLowerCase().match(CLAIM_WORD) ?? [];
  return w.map((x) => (x === 'faster' || x === 'slower' || x === 'better' || x === 'higher' || x === 'lower' ? x : stem(x)));
}

// a line's direction words: UP_ONLY, DOWN_ONLY, or neither/both (0 or UP_ONLY | DOWN_ONLY)
const UP_ONLY = 1, DOWN_ONLY = 2;
function directionOf(text: string): number {
  const ws = stems(text);
  return (ws.some((w) => UP.has(w)) ? UP_ONLY : 0) | (ws.some((w) => DOWN.has(w)) ? DOWN_ONLY : 0);
}

export interface LineRef { start: number; end: number; depth: number; text: string }

/** Builds claims from the figures of one message; figures carry offsets into the body. */
export function findClaims(figs: ExtractedFigure[], lineOf: (f: ExtractedFigure, i: number) => LineRef, isCell: (i: number) => boolean = () => false): ExtractedClaim[] {
  const claims: ExtractedClaim[] = [];
  // the figures of each line, lines in body order; figures come in body order, so a line's
  // figures are one run (sorted by line, then index, if they ever are not)
  const lineRefs = figs.map(lineOf);
  const order = figs.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < figs.length && sorted; i++) sorted = lineRefs[i - 1].start <= lineRefs[i].start;
  if (!sorted) order.sort((a, b) => lineRefs[a].start - lineRefs[b].start || a - b);
  for (let run = 0; run < order.length;) {
    let e = run + 1;
    while (e < order.length && lineRefs[order[e]].start === lineRefs[order[run]].start) e++;
    const idx = order.slice(run, e);
    run = e;
    const line = lineRefs[idx[0]];
    // the line's direction words matter only to ratio and percent figures: stemmed on first use
    let dir = -1;
    const first = figs[idx[0]];
    // what every claim of the line shares, made for the first claim (most lines make none)
    let base: Pick<ExtractedClaim, 'quoted' | 'quotedFrom' | 'text' | 'start' | 'end'> | null = null;
    for (const i of idx) {
      const f = figs[i];
      if (isCell(i)) continue;   // a ratio column of a table is data, not a claim someone makes
      if (f.canonicalUnit === 'x') {
        // evidence: figures of one other unit on this line or the next few lines of the same depth
        // figures are in body order: look at most a few neighbours each way (linear overall)
        const near: number[] = [];
        for (let k = i + 1; k < figs.length && k <= i + 8 && near.length < 2; k++) {
          const g = figs[k];
          if (g.start - f.start >= 400) break;
          if (g.canonicalUnit !== 'x' && g.quoted === f.quoted) near.push(k);
        }
        for (let k = i - 1; k >= 0 && k >= i - 8 && near.length < 2; k--) {
          const g = figs[k];
          if (f.start - g.start >= 400) break;
          if (g.canonicalUnit !== 'x' && g.quoted === f.quoted) near.push(k);
        }
        if (dir < 0) dir = directionOf(line.text);
        const kind = dir === UP_ONLY ? 'speedup' : dir === DOWN_ONLY ? 'slowdown' : 'comparison';
        base ??= { quoted: first.quoted, quotedFrom: first.quotedFrom, text: line.text.trim(), start: line.start, end: line.end };
        claims.push({ ...base, kind, direction: kind === 'speedup' ? 'faster' : kind === 'slowdown' ? 'slower' : null,
          factor: f.value, figureIndexes: [i, ...near] });
      } else if (f.canonicalUnit === '%' && idx.length <= 2 && ((dir < 0 ? (dir = directionOf(line.text)) : dir) === UP_ONLY || dir === DOWN_ONLY)) {
        const down = dir === DOWN_ONLY;
        const kind = down ? 'regression' : 'improvement';
        base ??= { quoted: first.quoted, quotedFrom: first.quotedFrom, text: line.text.trim(), start: line.start, end: line.end };
        claims.push({ ...base, kind, direction: down ? 'lower' : 'higher', factor: null, figureIndexes: [i] });
      }
    }
    // "A vs B": two figures of one unit on a line that compares them
    // (two figures of one unit first: the line is read only then)
    const same = idx.filter((i) => figs[i].canonicalUnit !== 'x' && figs[i].canonicalUnit !== '%');
    if (same.length >= 2 && VS.test(line.text)) {
      for (let a = 0; a + 1 < same.length; a++) {
        const fa = figs[same[a]], fb = figs[same[a + 1]];
        if (fa.canonicalUnit !== fb.canonicalUnit || fb.canonicalValue === 0) continue;
        const r = fa.canonicalValue / fb.canonicalValue;
        base ??= { quoted: first.quoted, quotedFrom: first.quotedFrom, text: line.text.trim(), start: line.start, end: line.end };
        claims.push({ ...base, kind: 'comparison', direction: r > 1 ? 'higher' : r < 1 ? 'lower' : null,
          factor: Math.round(r * 1000) / 1000, figureIndexes: [same[a], same[a + 1]] });
        break;
      }
    }
  }
  return claims;
}
