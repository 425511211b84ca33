import { BenchmailError } from '../core/errors';
import { TEXT_FIELDS, type Node } from './parse';
import { FTS_MATCH } from '../store/search';
import { parseQuantity } from '../extract/units';

// Query tree -> one SQL predicate over `messages m` with its parameters. Text terms
// become FTS5 MATCH expressions in which every term is a quoted string (so no FTS5
// syntax from the user gets through); figure terms ANDed together become one
// EXISTS over figures, so "tool:lmbench v:>100MB/s" means one figure with both.

export interface Compiled { where: string; params: unknown[]; terms: string[]; textOnly: boolean; narrow: boolean; idQuery: string | null }


export function compile(node: Node): Compiled {
  const params: unknown[] = [];
  const terms: string[] = [];
  // One group of figure terms and nothing else: the store reads its message ids directly.
  const figs = figureGroup(node);
  const idQuery = figs ? figureIds(figs, params) : null;
  const where = idQuery ? `m.id IN (${idQuery})` : pred(node, params, terms);
  // One MATCH and nothing else: the store can count and order from its indexes.
  // narrow: the predicate reads only m.id, m.date and m.list_id (everything but m:<id>),
  // so the store can answer it from the (id, date, list_id) index without the wide rows.
  return { where, params, terms, textOnly: isPureText(node), narrow: !readsMessageId(node), idQuery };
}

type FigNode = Extract<Node, { t: 'fig' }>;
const figureGroup = (n: Node): FigNode[] | null =>
  n.t === 'fig' ? [n] : n.t === 'and' && n.kids.every((k) => k.t === 'fig') ? (n.kids as FigNode[]) : null;

const readsMessageId = (n: Node): boolean =>
  n.t === 'msgid' || ((n.t === 'and' || n.t === 'or') && n.kids.some(readsMessageId)) || (n.t === 'not' && readsMessageId(n.kid));

const isPureText = (n: Node): boolean =>
  n.t === 'text' || ((n.t === 'or' || n.t === 'and') && n.kids.every(isPureText));

function ftsExpr(n: Node, terms: string[]): string {
  if (n.t === 'text') {
    const v = n.value.replace(/"/g, '""');
    if (!n.field || ['s', 'b', 'bs', 'q', 'nq'].includes(n.field)) terms.push(n.value);
    const cols = n.field ? `{${TEXT_FIELDS[n.field]}} : ` : '';
    return `${cols}"${v}"${n.prefix ? ' *' : ''}`;
  }
  if (n.t === 'and' || n.t === 'or') return `(${n.kids.map((k) => ftsExpr(k, terms)).join(n.t === 'and' ? ' AND ' : ' OR ')})`;
  throw new Error('not a text node');
}

const MATCH = FTS_MATCH;

function pred(n: Node, params: unknown[], terms: string[]): string {
  switch (n.t) {
    case 'text': case 'or':
      if (isPureText(n)) { params.push(ftsExpr(n, terms)); return MATCH; }
      if (n.t === 'or') return `(${n.kids.map((k) => pred(k, params, terms)).join(' OR ')})`;
      throw new Error('unreachable');
    case 'and': {
      const text = n.kids.filter(isPureText);
      const figs = n.kids.filter((k) => k.t === 'fig') as FigNode[];
      const rest = n.kids.filter((k) => !isPureText(k) && k.t !== 'fig');
      const parts: string[] = [];
      if (text.length) { params.push(text.map((k) => ftsExpr(k, terms)).join(' AND ')); parts.push(MATCH); }
      if (figs.length) parts.push(figureExists(figs, params));
      for (const k of rest) parts.push(pred(k, params, terms));
      return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
    }
    case 'not': return `NOT ${pred(n.kid, params, terms)}`;
    case 'date': {
      const c: string[] = [];
      if (n.from !== null) { c.push('m.date >= ?'); params.push(n.from); }
      if (n.to !== null) { c.push('m.date < ?'); params.push(n.to); }
      return c.length ? `(${c.join(' AND ')})` : '1';
    }
    case 'msgid': params.push(n.value); return 'm.message_id = ?';
    case 'list': params.push(n.value); return 'm.list_id = (SELECT id FROM lists WHERE name = ?)';
    case 'fig': return figureExists([n], params);
  }
}

function figureExists(figs: FigNode[], params: unknown[]): string {
  // IN (not a correlated EXISTS): SQLite then finds the figures once through their own
  // indexes instead of probing them once per message.
  return `m.id IN (${figureIds(figs, params)})`;
}

/** The messages holding one figure with every one of these terms (a message may come more than once). */
function figureIds(figs: FigNode[], params: unknown[]): string {
  const c: string[] = [];
  for (const f of figs) {
    if (f.field === 'tool') { c.push('f.tool = ?'); params.push(f.value.toLowerCase()); }
    else if (f.field === 'kind') { c.push('f.kind = ?'); params.push(f.value.toLowerCase()); }
    else if (f.field === 'unit') { c.push('(f.canonical_unit = ? OR f.unit = ?)'); params.push(f.value, f.value); }
    else if (f.field === 'quoted') { c.push('f.quoted = ?'); params.push(/^(1|y|yes|true)$/i.test(f.value) ? 1 : 0); }
    else c.push(valueCondition(f.value, params));
  }
  return `SELECT f.msg FROM figures f WHERE ${c.join(' AND ')}`;
}

/** v:>100MB/s  v:>=1e8  v:10..20ms  v:141.63MB/s (within 1%) */
function valueCondition(v: string, params: unknown[]): string {
  const q = (s: string) => {
    const r = parseQuantity(s.trim());
    if (!r) throw new BenchmailError('bad_input', `v:${v}: "${s}" is not a number with a unit (try v:>100MB/s, v:10..20ms)`);
    return r;
  };
  const col = (r: { canonicalUnit: string }, written: string) =>
    /^[-+]?[\d.,eE]+$/.test(written.trim()) ? 'f.value' : 'f.canonical_value';
  const range = /^([^.][^]*?)\.\.(.+)$/.exec(v);
  if (range) {
    const a = q(range[1]), b = q(range[2]);
    const unit = b.canonicalUnit !== '1' ? b.canonicalUnit : a.canonicalUnit;
    const lo = a.canonicalUnit === '1' && unit !== '1' ? q(range[1] + range[2].replace(/^[-+\d.,eE\s]+/, '')) : a;
    const c = col({ canonicalUnit: unit }, range[2]);
    params.push(Math.min(lo.canonicalValue, b.canonicalValue), Math.max(lo.canonicalValue, b.canonicalValue));
    if (unit === '1' && c === 'f.value') return `${c} BETWEEN ? AND ?`;
    params.push(unit);
    return `(${c} BETWEEN ? AND ? AND f.canonical_unit = ?)`;
  }
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(v)!;
  const op = m[1] ?? '~';
  const r = q(m[2]);
  const c = col(r, m[2]);
  const unitCond = c === 'f.value' ? '' : ' AND f.canonical_unit = ?';
  if (op === '~') {
    params.push(r.canonicalValue * 0.99, r.canonicalValue * 1.01);
    if (unitCond) params.push(r.canonicalUnit);
    return `(${c} BETWEEN ? AND ?${unitCond})`;
  }
  params.push(r.canonicalValue);
  if (unitCond) params.push(r.canonicalUnit);
  return `(${c} ${op} ?${unitCond})`;
}
