import type { Reader } from './read';
import type { Figure } from '../core/types';
import { BenchmailError } from '../core/errors';

// Figure and claim read queries for the site: a message's figures, who quoted
// them, and the explorer's filtered table (Datasette's grammar compiled to SQL
// from a whitelist of columns and operators; values are always bound, never spliced).

/** A figure as the site shows it: the measurements JSON fields plus link targets. */
export interface FigureRow extends Figure {
  seq: number;
  originFigureId: number | null;
  originList: string | null;
}

type ColType = 'num' | 'text' | 'bool' | 'date';
/** Field name of the measurements JSON -> SQL expression and type. */
export const FIGURE_COLUMNS: Record<string, { sql: string; type: ColType }> = {
  id: { sql: 'f.id', type: 'num' },
  messageId: { sql: 'm.message_id', type: 'text' },
  threadId: { sql: 'm.thread_id', type: 'text' },
  list: { sql: 'l.name', type: 'text' },
  date: { sql: 'm.date', type: 'date' },
  author: { sql: "COALESCE(NULLIF(m.from_name, ''), m.from_addr)", type: 'text' },
  quoted: { sql: 'f.quoted', type: 'bool' },
  quotedFrom: { sql: 'f.quoted_from', type: 'text' },
  originMessageId: { sql: 'f.origin_message_id', type: 'text' },
  value: { sql: 'f.value', type: 'num' },
  unit: { sql: 'f.unit', type: 'text' },
  canonicalValue: { sql: 'f.canonical_value', type: 'num' },
  canonicalUnit: { sql: 'f.canonical_unit', type: 'text' },
  kind: { sql: 'f.kind', type: 'text' },
  metric: { sql: 'f.metric', type: 'text' },
  condition: { sql: 'f.condition', type: 'text' },
  tool: { sql: 'f.tool', type: 'text' },
  approx: { sql: 'f.approx', type: 'bool' },
  text: { sql: 'f.text', type: 'text' },
  start: { sql: 'f.start', type: 'num' },
  end: { sql: 'f."end"', type: 'num' },
};

export const FILTER_OPS = ['exact', 'not', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'isnull', 'notnull'] as const;
export type FilterOp = typeof FILTER_OPS[number];
export interface FigureFilter { column: string; op: FilterOp; value: string }
export interface FigureSort { column: string; desc: boolean }

const BASE = `FROM figures f JOIN messages m ON m.id = f.msg JOIN lists l ON l.id = m.list_id
  LEFT JOIN messages om ON om.message_id = f.origin_message_id LEFT JOIN lists ol ON ol.id = om.list_id`;
// Date order over many rows: walk messages by their date index and probe each one's figures, so a
// LIMIT stops early instead of sorting every figure (CROSS JOIN fixes messages as the outer loop).
// Only worth it when the selection is large; a selective filter on figures is better sorted directly.
const BASE_BY_DATE = `FROM messages m CROSS JOIN figures f ON f.msg = m.id JOIN lists l ON l.id = m.list_id
  LEFT JOIN messages om ON om.message_id = f.origin_message_id LEFT JOIN lists ol ON ol.id = om.list_id`;
const BY_DATE_MIN_ROWS = 5000;
const SELECT = `SELECT f.id, m.message_id, m.thread_id, l.name AS list, m.date, COALESCE(NULLIF(m.from_name, ''), m.from_addr) AS from_name, f.quoted, f.quoted_from,
  f.origin_message_id, f.origin_figure_id, ol.name AS origin_list, f.value, f.unit, f.canonical_value, f.canonical_unit,
  f.kind, f.metric, f.condition, f.tool, f.approx, f.text, f.start, f."end", f.seq`;

type Row = Record<string, any>;

/** The smallest FROM that covers the columns a count or facet touches: most filters are on figures alone. */
function fromFor(columns: string[]): string {
  const sql = columns.map((c) => FIGURE_COLUMNS[c]?.sql ?? '').join(' ');
  const needL = /\bl\./.test(sql), needM = needL || /\bm\./.test(sql);
  return `FROM figures f${needM ? ' JOIN messages m ON m.id = f.msg' : ''}${needL ? ' JOIN lists l ON l.id = m.list_id' : ''}`;
}

export function toFigure(r: Row): FigureRow {
  return {
    id: r.id, messageId: r.message_id, threadId: r.thread_id, list: r.list,
    date: r.date == null ? null : new Date(r.date * 1000).toISOString(), author: r.from_name,
    quoted: !!r.quoted, quotedFrom: r.quoted_from, originMessageId: r.origin_message_id,
    value: r.value, unit: r.unit, canonicalValue: r.canonical_value, canonicalUnit: r.canonical_unit,
    kind: r.kind, metric: r.metric, condition: r.condition, tool: r.tool, approx: !!r.approx,
    text: r.text, start: r.start, end: r.end, seq: r.seq,
    originFigureId: r.origin_figure_id, originList: r.origin_list,
  };
}

/** '2001', '2001-05', '2001-05-07', full ISO or unix seconds -> [from, to) in unix seconds. */
export function dateRange(v: string): [number, number] {
  const s = v.trim();
  if (/^\d{9,11}$/.test(s)) { const n = Number(s); return [n, n + 1]; }
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (m) {
    const y = Number(m[1]), mo = m[2] ? Number(m[2]) - 1 : 0, d = m[3] ? Number(m[3]) : 1;
    const from = Date.UTC(y, mo, d) / 1000;
    const to = m[3] ? Date.UTC(y, mo, d + 1) / 1000 : m[2] ? Date.UTC(y, mo + 1, 1) / 1000 : Date.UTC(y + 1, 0, 1) / 1000;
    return [from, to];
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new BenchmailError('bad_input', `"${s.slice(0, 40)}" is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601`);
  return [Math.floor(t / 1000), Math.floor(t / 1000) + 1];
}

function bindValue(type: ColType, v: string, column: string): number | string {
  if (type === 'num') {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new BenchmailError('bad_input', `${column} takes a number, got "${v.slice(0, 40)}"`);
    return n;
  }
  if (type === 'bool') {
    if (/^(1|true|yes)$/i.test(v)) return 1;
    if (/^(0|false|no)$/i.test(v)) return 0;
    throw new BenchmailError('bad_input', `${column} takes true or false, got "${v.slice(0, 40)}"`);
  }
  return v;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** Filters -> a WHERE clause and its parameters. Unknown columns or operators are an error, not ignored. */
export function compileFilters(filters: FigureFilter[]): { where: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const f of filters) {
    const col = FIGURE_COLUMNS[f.column];
    if (!col) throw new BenchmailError('bad_input', `no column "${f.column}" to filter on; columns: ${Object.keys(FIGURE_COLUMNS).join(', ')}`);
    if (!FILTER_OPS.includes(f.op)) throw new BenchmailError('bad_input', `no operator "__${f.op}"; operators: ${FILTER_OPS.join(', ')}`);
    const x = col.sql;
    if (f.op === 'isnull' || f.op === 'notnull') { parts.push(`${x} IS ${f.op === 'isnull' ? '' : 'NOT '}NULL`); continue; }
    if (f.op === 'contains') { parts.push(`${x} LIKE ? ESCAPE '\\'`); params.push(`%${escapeLike(f.value)}%`); continue; }
    if (col.type === 'date') {
      const [from, to] = dateRange(f.value);
      switch (f.op) {
        case 'exact': parts.push(`(${x} >= ? AND ${x} < ?)`); params.push(from, to); break;
        case 'not': parts.push(`NOT (${x} >= ? AND ${x} < ?)`); params.push(from, to); break;
        case 'gt': parts.push(`${x} >= ?`); params.push(to); break;
        case 'gte': parts.push(`${x} >= ?`); params.push(from); break;
        case 'lt': parts.push(`${x} < ?`); params.push(from); break;
        case 'lte': parts.push(`${x} < ?`); params.push(to); break;
        case 'in': throw new BenchmailError('bad_input', 'date__in is not supported: use date__gte and date__lt');
      }
      continue;
    }
    if (f.op === 'in') {
      const vals = f.value.startsWith('[') ? safeJsonList(f.value) : f.value.split(',');
      if (!vals.length || vals.length > 100) throw new BenchmailError('bad_input', `${f.column}__in takes 1 to 100 comma-separated values`);
      parts.push(`${x} IN (${vals.map(() => '?').join(',')})`);
      for (const v of vals) params.push(bindValue(col.type, v.trim(), f.column));
      continue;
    }
    const sqlOp = { exact: '=', not: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op as 'exact'];
    if (f.op === 'not') parts.push(`(${x} IS NULL OR ${x} != ?)`);
    else parts.push(`${x} ${sqlOp} ?`);
    params.push(bindValue(col.type, f.value, f.column));
  }
  return { where: parts.length ? 'WHERE ' + parts.join(' AND ') : '', params };
}

function safeJsonList(s: string): string[] {
  try {
    const v = JSON.parse(s);
    if (Array.isArray(v)) return v.map(String);
  } catch { /* fall through */ }
  throw new BenchmailError('bad_input', `"${s.slice(0, 40)}" is not a JSON list`);
}

export interface FacetValue { value: string | number | null; count: number }

export interface ExploreResult {
  total: number;
  rows: FigureRow[];
  facets: Record<string, FacetValue[]>;
}

export function exploreFigures(rd: Reader, q: {
  filters: FigureFilter[]; sort: FigureSort; limit: number; offset: number; facets: string[];
}): ExploreResult {
  const { where, params } = compileFilters(q.filters);
  const sortCol = FIGURE_COLUMNS[q.sort.column];
  if (!sortCol) throw new BenchmailError('bad_input', `cannot sort by "${q.sort.column}"; columns: ${Object.keys(FIGURE_COLUMNS).join(', ')}`);
  const dir = q.sort.desc ? 'DESC' : 'ASC';
  const filterCols = q.filters.map((f) => f.column);
  const count = () => rd.stmt(`SELECT count(*) ${fromFor(filterCols)} ${where}`).pluck().get(...params) as number;
  const total = q.filters.length ? count() : rd.cached('figures:count', count);
  const from = q.sort.column === 'date' && total >= BY_DATE_MIN_ROWS ? BASE_BY_DATE : BASE;
  const rows = (rd.stmt(`${SELECT} ${from} ${where} ORDER BY ${sortCol.sql} ${dir} NULLS LAST, f.id ${dir} LIMIT ? OFFSET ?`)
    .all(...params, q.limit, q.offset) as Row[]).map(toFigure);
  const facets: Record<string, FacetValue[]> = {};
  for (const name of q.facets) {
    const col = FIGURE_COLUMNS[name];
    if (!col) throw new BenchmailError('bad_input', `cannot facet by "${name}"; columns: ${Object.keys(FIGURE_COLUMNS).join(', ')}`);
    const run = () => (rd.stmt(`SELECT ${col.sql} AS v, count(*) AS n ${fromFor([...filterCols, name])} ${where} GROUP BY v ORDER BY n DESC, v LIMIT 30`)
      .all(...params) as Row[]).map((r) => ({ value: col.type === 'bool' ? (r.v ? 'true' : 'false') : r.v, count: r.n }));
    // The unfiltered explorer is the landing page: its facets scan every figure, so keep them until the next import.
    facets[name] = q.filters.length ? run() : rd.cached(`facet:${name}`, run);
  }
  return { total, rows, facets };
}

export interface ChartPoint { id: number; date: number; canonicalValue: number; tool: string | null }

/** The points of the time chart: the selected figures of one canonical unit, oldest first, capped. */
export function figurePoints(rd: Reader, filters: FigureFilter[], canonicalUnit: string, cap: number, many = false): ChartPoint[] {
  const { where, params } = compileFilters([...filters, { column: 'canonicalUnit', op: 'exact', value: canonicalUnit }]);
  return (rd.stmt(`SELECT f.id, m.date, f.canonical_value, f.tool ${many ? BASE_BY_DATE : BASE} ${where} AND m.date IS NOT NULL
    ORDER BY m.date, f.id LIMIT ?`).all(...params, cap) as Row[])
    .map((r) => ({ id: r.id, date: r.date, canonicalValue: r.canonical_value, tool: r.tool }));
}

export function figuresForMessage(rd: Reader, messageId: string): FigureRow[] {
  return (rd.stmt(`${SELECT} ${BASE} WHERE m.message_id = ? ORDER BY f.start, f.seq`).all(messageId) as Row[]).map(toFigure);
}

export function figuresForThread(rd: Reader, threadId: string): FigureRow[] {
  return (rd.stmt(`${SELECT} ${BASE} WHERE m.thread_id = ? ORDER BY m.date, m.id, f.start, f.seq`).all(threadId) as Row[]).map(toFigure);
}

export function figuresByIds(rd: Reader, ids: number[]): FigureRow[] {
  if (!ids.length) return [];
  return (rd.stmt(`${SELECT} FROM json_each(?) j JOIN figures f ON f.id = j.value
    JOIN messages m ON m.id = f.msg JOIN lists l ON l.id = m.list_id
    LEFT JOIN messages om ON om.message_id = f.origin_message_id LEFT JOIN lists ol ON ol.id = om.list_id`)
    .all(JSON.stringify(ids)) as Row[]).map(toFigure);
}

export interface Quoter { originFigureId: number; figureId: number; messageId: string; list: string; author: string; date: number | null }

/** Later messages of the same thread that quote a figure (quoting across threads is rare; this stays indexed). */
export function quotersInThread(rd: Reader, threadId: string): Quoter[] {
  return (rd.stmt(`SELECT f.origin_figure_id, f.id, m.message_id, l.name AS list, m.from_name, m.date
    FROM messages m JOIN figures f ON f.msg = m.id JOIN lists l ON l.id = m.list_id
    WHERE m.thread_id = ? AND f.origin_figure_id IS NOT NULL ORDER BY m.date, m.id`).all(threadId) as Row[])
    .map((r) => ({ originFigureId: r.origin_figure_id, figureId: r.id, messageId: r.message_id, list: r.list, author: r.from_name, date: r.date }));
}

export interface ClaimRow {
  id: number; messageId: string; threadId: string; list: string; date: string | null; author: string;
  kind: string; direction: string | null; factor: number | null; figureIds: number[];
  quoted: boolean; quotedFrom: string | null; text: string; start: number; end: number;
}

function toClaim(r: Row): ClaimRow {
  let ids: number[] = [];
  try { ids = (JSON.parse(r.figure_ids) as unknown[]).filter((x): x is number => typeof x === 'number'); } catch { ids = []; }
  return {
    id: r.id, messageId: r.message_id, threadId: r.thread_id, list: r.list,
    date: r.date == null ? null : new Date(r.date * 1000).toISOString(), author: r.from_name,
    kind: r.kind, direction: r.direction, factor: r.factor, figureIds: ids, quoted: !!r.quoted, quotedFrom: r.quoted_from,
    text: r.text, start: r.start, end: r.end,
  };
}

const CLAIM_SELECT = `SELECT c.id, c.message_id, m.thread_id, l.name AS list, m.date, COALESCE(NULLIF(m.from_name, ''), m.from_addr) AS from_name, c.kind, c.direction,
  c.factor, c.figure_ids, c.quoted, c.quoted_from, c.text, c.start, c."end"
  FROM claims c JOIN messages m ON m.message_id = c.message_id JOIN lists l ON l.id = m.list_id`;

export function claimsForMessage(rd: Reader, messageId: string): ClaimRow[] {
  return (rd.stmt(`${CLAIM_SELECT} WHERE c.message_id = ? ORDER BY c.start, c.seq`).all(messageId) as Row[]).map(toClaim);
}

export const CLAIM_FILTERS: Record<string, string> = { kind: 'c.kind', list: 'l.name', direction: 'c.direction', messageId: 'c.message_id', threadId: 'm.thread_id', quoted: 'c.quoted' };

export function listClaims(rd: Reader, filters: Record<string, string>, limit: number, offset: number): { total: number; rows: ClaimRow[]; kinds: FacetValue[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const [k, v] of Object.entries(filters)) {
    const col = CLAIM_FILTERS[k];
    if (!col) throw new BenchmailError('bad_input', `no claim column "${k}" to filter on; columns: ${Object.keys(CLAIM_FILTERS).join(', ')}`);
    parts.push(`${col} = ?`);
    params.push(k === 'quoted' ? (/^(1|true|yes)$/i.test(v) ? 1 : 0) : v);
  }
  const where = parts.length ? 'WHERE ' + parts.join(' AND ') : '';
  const total = rd.stmt(`SELECT count(*) FROM claims c JOIN messages m ON m.message_id = c.message_id JOIN lists l ON l.id = m.list_id ${where}`)
    .pluck().get(...params) as number;
  const rows = (rd.stmt(`${CLAIM_SELECT} ${where} ORDER BY m.date, c.id LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]).map(toClaim);
  const kinds = (rd.stmt(`SELECT c.kind AS v, count(*) AS n FROM claims c JOIN messages m ON m.message_id = c.message_id
    JOIN lists l ON l.id = m.list_id ${where} GROUP BY v ORDER BY n DESC`).all(...params) as Row[]).map((r) => ({ value: r.v, count: r.n }));
  return { total, rows, kinds };
}
