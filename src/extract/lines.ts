// Facts about the lines of one body found in one regex pass over the whole text:
// cheaper than a substring and a regex call (or a JS character loop) per line.
import type { LineInfo } from './segment';

export interface DigitAndTwiceLines {
  digits: number[];   // the lines holding a digit
  twice: number[];    // the lines holding "twice" (any case) before their first digit, if any
}

// (a match holds no line end, blank, '>' or '|': none crosses a line end or a quote prefix)
const DIGIT_OR_TWICE = /\d|twice/gi;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * The text and quote lines (indexes, ascending) whose content (its first `cap` characters)
 * holds a digit, and those that hold "twice" before it (or with none): one scan of the body,
 * a line's stopping at its first digit. (test(), not exec(): no match array is made; where
 * lastIndex ends tells a digit from "twice".)
 */
export function digitAndTwiceLines(text: string, lines: LineInfo[], cap: number): DigitAndTwiceLines {
  const out: DigitAndTwiceLines = { digits: [], twice: [] };
  const re = DIGIT_OR_TWICE;
  let k = 0;
  re.lastIndex = 0;
  while (re.test(text)) {
    const e = re.lastIndex;
    const p = isDigitCode(text.charCodeAt(e - 1)) ? e - 1 : e - 5;   // where the match starts
    while (k < lines.length && lines[k].end <= p) k++;
    if (k >= lines.length) break;
    const l = lines[k];
    if (l.kind !== 'text' && l.kind !== 'quote') {
      // a patch, a signature ...: the scan goes on from the next text or quote line
      while (k < lines.length && lines[k].kind !== 'text' && lines[k].kind !== 'quote') k++;
      if (k >= lines.length) break;
      re.lastIndex = lines[k].contentStart;
      continue;
    }
    // in the quote prefix: look again from the content on
    if (p < l.contentStart) { re.lastIndex = l.contentStart; continue; }
    const capEnd = Math.min(l.end, l.contentStart + cap);
    if (e > capEnd) re.lastIndex = l.end;   // past what is read of the line: on to the next
    else if (e - p === 1) { out.digits.push(k); re.lastIndex = l.end; }   // one digit is enough
    else if (out.twice.length === 0 || out.twice[out.twice.length - 1] !== k) out.twice.push(k);
  }
  return out;
}
