// Facts about the lines of one body found in one regex pass over the whole text:
// cheaper than a substring and a regex call (or a JS character loop) per line.
import type { LineInfo } from './segment';

/**
 * The text and quote lines (indexes, ascending) whose content (its first `cap` characters) holds a
 * match of `re` (global, one character long: "\d"). Only for patterns whose matches hold no line
 * end, blank, '>' or '|' (so none crosses a line end or a quote prefix): then a line holds one
 * exactly when the scan of the whole text finds one starting inside it. (test(), not exec():
 * a one-character match is where lastIndex ends, and no match array is made.)
 */
export function linesMatching(text: string, lines: LineInfo[], re: RegExp, cap: number): number[] {
  const out: number[] = [];
  let k = 0;
  re.lastIndex = 0;
  while (re.test(text)) {
    const p = re.lastIndex - 1;
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
    if (p + 1 <= Math.min(l.end, l.contentStart + cap)) out.push(k);
    re.lastIndex = l.end;   // one match is enough: on to the next line
  }
  return out;
}
