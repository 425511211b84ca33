import { BenchmailError } from '../core/errors';

// The query language: lore's prefixes (s: f: t: c: a: b: bs: q: nq: d: m:) and
// ours for figures (v: tool: unit: kind:), with AND / OR / NOT, parentheses,
// "phrases" and a trailing * for prefixes. Parsed by a hand-written scanner:
// every character is looked at once, so no query can make it backtrack.

export type Node =
  | { t: 'and' | 'or'; kids: Node[] }
  | { t: 'not'; kid: Node }
  | { t: 'text'; field: string | null; value: string; phrase: boolean; prefix: boolean }
  | { t: 'date'; from: number | null; to: number | null }
  | { t: 'msgid'; value: string }
  | { t: 'list'; value: string }
  | { t: 'fig'; field: 'v' | 'tool' | 'unit' | 'kind' | 'quoted'; value: string };

export const TEXT_FIELDS: Record<string, string> = {
  s: 'subject', f: 'sender', t: 'to_addrs', c: 'cc_addrs', a: 'sender to_addrs cc_addrs',
  b: 'nq q', bs: 'subject nq q', q: 'q', nq: 'nq',
};
const FIG_FIELDS = new Set(['v', 'tool', 'unit', 'kind', 'quoted']);
const MAX_QUERY = 2000;
const MAX_TERMS = 64;

interface Tok { kind: 'word' | 'lp' | 'rp'; field: string | null; value: string; quoted: boolean }

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = q.length;
  while (i < n) {
    const ch = q[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') { i++; continue; }
    if (ch === '(') { out.push({ kind: 'lp', field: null, value: '(', quoted: false }); i++; continue; }
    if (ch === ')') { out.push({ kind: 'rp', field: null, value: ')', quoted: false }); i++; continue; }
    let field: string | null = null;
    let neg = false;
    if (ch === '-' && i + 1 < n && q[i + 1] !== ' ') { neg = true; i++; }
    // prefix "xx:" (letters only, as lore)
    let j = i;
    while (j < n && j - i < 6 && /[a-z]/i.test(q[j])) j++;
    if (j > i && q[j] === ':' && j + 1 < n && q[j + 1] !== ' ') { field = q.slice(i, j).toLowerCase(); i = j + 1; }
    let value = '';
    let quoted = false;
    if (q[i] === '"') {
      quoted = true;
      const close = q.indexOf('"', i + 1);
      if (close < 0) throw new BenchmailError('bad_input', `unbalanced quote in the query at character ${i + 1}: close the "phrase"`);
      value = q.slice(i + 1, close);
      i = close + 1;
      if (q[i] === '*') { value += '*'; i++; }
    } else {
      let k = i;
      while (k < n && !' \t\r\n()'.includes(q[k])) k++;
      value = q.slice(i, k);
      i = k;
    }
    if (neg) out.push({ kind: 'word', field: null, value: 'NOT', quoted: false });
    out.push({ kind: 'word', field, value, quoted });
  }
  return out;
}

export function parseQuery(q: string): Node {
  if (q.length > MAX_QUERY) throw new BenchmailError('bad_input', `query too long (${q.length} characters, at most ${MAX_QUERY})`);
  // Control characters are no search terms; a NUL ended the FTS5 query string early (a 500).
  const toks = tokenize(q.replace(/[\u0000-\u001f\u007f]/g, ' '));
  if (toks.filter((t) => t.kind === 'word').length > MAX_TERMS) throw new BenchmailError('bad_input', `too many terms in the query (at most ${MAX_TERMS})`);
  let pos = 0;
  const peek = () => toks[pos];
  const isOp = (t: Tok | undefined, op: string) => t && t.kind === 'word' && !t.field && !t.quoted && t.value === op;

  function orExpr(depth: number): Node {
    const kids = [andExpr(depth)];
    while (isOp(peek(), 'OR')) { pos++; kids.push(andExpr(depth)); }
    return kids.length === 1 ? kids[0] : { t: 'or', kids };
  }
  function andExpr(depth: number): Node {
    const kids: Node[] = [];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'rp' || isOp(t, 'OR')) break;
      if (isOp(t, 'AND')) { pos++; continue; }
      kids.push(unary(depth));
    }
    if (!kids.length) throw new BenchmailError('bad_input', 'empty query or operator without a term');
    return kids.length === 1 ? kids[0] : { t: 'and', kids };
  }
  function unary(depth: number): Node {
    if (isOp(peek(), 'NOT')) { pos++; return { t: 'not', kid: unary(depth) }; }
    const t = toks[pos++];
    if (!t) throw new BenchmailError('bad_input', 'NOT at the end of the query: say what to leave out, e.g. "dbench NOT tbench"');
    if (t.kind === 'lp') {
      if (depth > 20) throw new BenchmailError('bad_input', 'parentheses nested too deep');
      const inner = orExpr(depth + 1);
      if (peek()?.kind !== 'rp') throw new BenchmailError('bad_input', 'unbalanced parenthesis: a "(" is not closed');
      pos++;
      return inner;
    }
    if (t.kind === 'rp') throw new BenchmailError('bad_input', 'unbalanced parenthesis: a ")" has no "("');
    return leaf(t);
  }
  const node = orExpr(0);
  if (pos < toks.length) throw new BenchmailError('bad_input', 'unbalanced parenthesis: a ")" has no "("');
  return node;
}

function leaf(t: Tok): Node {
  const f = t.field;
  if (f === 'd' || f === 'dt') return dateRange(t.value);
  if (f === 'm') return { t: 'msgid', value: t.value.replace(/^<|>$/g, '') };
  if (f === 'l') return { t: 'list', value: t.value };
  if (f && FIG_FIELDS.has(f)) return { t: 'fig', field: f as 'v', value: t.value };
  if (f && !TEXT_FIELDS[f]) throw new BenchmailError('bad_input', `unknown search prefix "${f}:" (text: s: f: t: c: a: b: bs: q: nq: d: m:; figures: v: tool: unit: kind:)`);
  const prefix = t.value.endsWith('*');
  const value = prefix ? t.value.slice(0, -1) : t.value;
  if (!value.trim()) throw new BenchmailError('bad_input', `empty search term${f ? ` after "${f}:"` : ''}`);
  return { t: 'text', field: f, value, phrase: t.quoted, prefix };
}

/** d:2001-05-01..2001-05-31, d:..2001-06, d:2001, d:20010507 -> [from, to) in unix seconds. */
export function dateRange(v: string): Node {
  const [a, b, extra] = v.split('..');
  if (extra !== undefined) throw new BenchmailError('bad_input', `d:${v}: a date range has one ".."`);
  if (b === undefined) {
    const r = datePeriod(a);
    return { t: 'date', from: r[0], to: r[1] };
  }
  return { t: 'date', from: a ? datePeriod(a)[0] : null, to: b ? datePeriod(b)[1] : null };
}

function datePeriod(s: string): [number, number] {
  const m = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$/.exec(s);
  if (!m) throw new BenchmailError('bad_input', `d:${s}: dates are YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD`);
  const y = +m[1], mo = m[2] ? +m[2] - 1 : 0, d = m[3] ? +m[3] : 1;
  const start = Date.UTC(y, mo, d) / 1000;
  const end = m[3] ? Date.UTC(y, mo, d + 1) / 1000 : m[2] ? Date.UTC(y, mo + 1, 1) / 1000 : Date.UTC(y + 1, 0, 1) / 1000;
  return [start, end];
}
