// Quoting for generated sh: every argument that is not plainly safe is single-quoted,
// so no text from a mail can reach a shell as code.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shQuote(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** One line of comment text: control characters (newlines above all) become spaces. */
export function shComment(s: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const one = s.replace(/[\x00-\x1f\x7f\u2028\u2029]+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}
