// The quote prefix of a mail line ("> > ", ">>", "Robert> ", "| " after a '>'), read with
// charCode checks: most lines are rejected on their first characters, and a quoted line
// costs no regex call, copy or match array. QUOTE_PREFIX is the specification;
// test/extract/quoteprefix.test.ts checks the reader against it.

/** Up to 3 blanks, then '>', '|' (a blank after it, no '|' further on) or a short name and '>', repeated; one blank after. */
import { isBlankCode, isLetterCode } from './chars';

export const QUOTE_PREFIX = /^(?:[ \t]{0,3}(?:>|\|(?=[ \t])(?![^|]*\|)|[A-Za-z][\w.-]{0,14}>(?=[ \t>]|$)))+[ \t]?/;

export interface QuotePrefix {
  length: number;        // characters of the prefix
  depth: number;         // its levels (each has one '>' or '|')
  name: string | null;   // the name of its first level ("Robert" in "Robert> ")
}

const isNameCode = (c: number) => isLetterCode(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

/**
 * QUOTE_PREFIX.exec(text.slice(pos, end)), read in place (`end`: where the string tested
 * would end). Each level takes its first alternative that matches: the levels after it
 * never fail the match (the optional blank ends it), so the regex does not backtrack into
 * a level once it holds.
 */
export function quotePrefixAt(text: string, pos: number, end: number): QuotePrefix | null {
  let i = pos, depth = 0;
  let name: string | null = null;
  for (;;) {
    let k = i;
    while (k < i + 3 && k < end && isBlankCode(text.charCodeAt(k))) k++;
    if (k >= end) break;
    const c = text.charCodeAt(k);
    if (c === 62) { i = k + 1; depth++; continue; }
    if (c === 124) {
      // (?=[ \t])(?![^|]*\|): a blank follows, and no other '|' in the rest of the string
      if (k + 1 >= end || !isBlankCode(text.charCodeAt(k + 1))) break;
      let bar = k + 1;
      while (bar < end && text.charCodeAt(bar) !== 124) bar++;
      if (bar < end) break;
      i = k + 1; depth++; continue;
    }
    if (!isLetterCode(c)) break;
    // [A-Za-z][\w.-]{0,14}>(?=[ \t>]|$): '>' can only follow the whole run of name characters
    let j = k + 1;
    while (j < end && j < k + 15 && isNameCode(text.charCodeAt(j))) j++;
    if (j >= end || text.charCodeAt(j) !== 62) break;
    if (j + 1 < end && !(isBlankCode(text.charCodeAt(j + 1)) || text.charCodeAt(j + 1) === 62)) break;
    if (depth === 0) name = text.slice(k, j);
    i = j + 1; depth++;
  }
  if (depth === 0) return null;
  if (i < end && isBlankCode(text.charCodeAt(i))) i++;
  return { length: i - pos, depth, name };
}
