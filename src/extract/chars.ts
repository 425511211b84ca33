// Character tests by code, for the hot paths that read a line in place instead of
// slicing it and calling a regex (extraction runs on every line of every message).

/**
 * s.charCodeAt(i), NaN outside s, for an index that may lie past either end of s. Optimized
 * code deoptimizes the first time a charCodeAt call site reads out of bounds (and the whole
 * function is compiled again): in a cold import scanLine went through that seven times,
 * running unoptimized for its first ~3000 messages.
 */
export const codeAt = (s: string, i: number): number => (i >= 0 && i < s.length ? s.charCodeAt(i) : NaN);

/** A space or a tab. */
export const isBlankCode = (c: number): boolean => c === 32 || c === 9;

/** An ASCII letter ([A-Za-z]). */
export const isLetterCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Where the blanks (space, tab) from `a` on end, before `b`. */
export function skipBlanks(text: string, a: number, b: number): number {
  while (a < b && isBlankCode(text.charCodeAt(a))) a++;
  return a;
}

/** Where the blanks (space, tab) before `b` begin, not before `a`. */
export function backBlanks(text: string, a: number, b: number): number {
  while (b > a && isBlankCode(text.charCodeAt(b - 1))) b--;
  return b;
}

/** Same as !text.slice(a, b).trim(), without the copy. */
export function isBlank(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    // String.prototype.trim's white space: ASCII blanks, NBSP, BOM, Unicode spaces, line ends
    if (!(c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000)) return false;
  }
  return true;
}
