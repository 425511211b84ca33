// Seeded random strings for the tests that check an in-place reader against its pattern.

/** `count` strings of minLen..maxLen pieces (characters or words) drawn from `alphabet` (a fixed seed: the same strings each run). */
export function randomStrings(alphabet: string | string[], count: number, minLen: number, maxLen: number, seed: number): string[] {
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const len = minLen + rnd(maxLen - minLen + 1);
    for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
    out.push(s);
  }
  return out;
}
