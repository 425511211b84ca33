import type { Site, RunView } from './site';
import { runsForFigures } from './site';
import {
  exploreFigures, figurePoints, figuresByIds, listClaims, FIGURE_COLUMNS, FILTER_OPS,
  type FigureFilter, type FigureRow, type FilterOp, type ClaimRow, type FacetValue,
} from '../../store/read-figures';
import { BenchmailError } from '../../core/errors';
import { barChart, type BarChart } from './message';
import { urls } from './urls';

// The measurements explorer (/measurements/) and the claims page (/claims/).
// Filters follow Datasette: ?column=value, ?column__op=value, _sort, _sort_desc,
// _facet, _size, _next. Every filter shows with a link that removes it.

export type Query = Record<string, string | string[] | undefined>;

export const DEFAULT_FACETS = ['tool', 'canonicalUnit', 'kind', 'quoted', 'list'];
export const PAGE_SIZE = 100;
export const MAX_SIZE = 1000;
export const CSV_MAX = 100000;
const CHART_CAP = 5000;

export const CSV_COLUMNS = ['id', 'messageId', 'threadId', 'list', 'date', 'author', 'quoted', 'quotedFrom', 'originMessageId',
  'value', 'unit', 'canonicalValue', 'canonicalUnit', 'kind', 'metric', 'condition', 'tool', 'approx', 'text', 'start', 'end'] as const;

const values = (v: string | string[] | undefined): string[] => v === undefined ? [] : Array.isArray(v) ? v : [v];

/** URL query -> filters, sort, facets, page. Unknown columns/operators are errors that name the valid ones. */
export function parseExploreQuery(q: Query, opts: { csv?: boolean } = {}) {
  const filters: FigureFilter[] = [];
  for (const [key, raw] of Object.entries(q)) {
    if (key.startsWith('_') || key === 'q') continue;
    const i = key.indexOf('__');
    const column = i < 0 ? key : key.slice(0, i);
    const op = (i < 0 ? 'exact' : key.slice(i + 2)) as FilterOp;
    if (!FIGURE_COLUMNS[column]) throw new BenchmailError('bad_input', `no column "${column.slice(0, 40)}" to filter on; columns: ${Object.keys(FIGURE_COLUMNS).join(', ')}`);
    if (!FILTER_OPS.includes(op)) throw new BenchmailError('bad_input', `no operator "__${op.slice(0, 20)}"; operators: exact, ${FILTER_OPS.filter((o) => o !== 'exact').map((o) => '__' + o).join(', ')}`);
    // An empty form field is "no filter", not "equals the empty string".
    for (const value of values(raw)) if (value !== '' || op === 'isnull' || op === 'notnull') filters.push({ column, op, value });
  }
  let sort = { column: 'date', desc: false };
  const s = values(q._sort)[0], sd = values(q._sort_desc)[0];
  if (sd) sort = { column: sd, desc: true };
  else if (s) sort = s.startsWith('-') ? { column: s.slice(1), desc: true } : { column: s, desc: false };
  const sizeRaw = values(q._size)[0];
  const limit = sizeRaw === 'max' ? MAX_SIZE : sizeRaw ? Number(sizeRaw) : opts.csv ? CSV_MAX : PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > (opts.csv ? CSV_MAX : MAX_SIZE)) {
    throw new BenchmailError('bad_input', `_size takes a whole number from 1 to ${opts.csv ? CSV_MAX : MAX_SIZE} (or max)`);
  }
  const offset = Number(values(q._next)[0] ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new BenchmailError('bad_input', '_next takes the value of a "next" link (a row offset)');
  const requested = values(q._facet).flatMap((f) => f.split(','));
  const facets = [...new Set([...DEFAULT_FACETS, ...requested])];
  return { filters, sort, limit, offset, facets, requested };
}

export interface FilterChip { column: string; op: string; value: string; label: string; removeUrl: string }
export interface FacetView { name: string; values: (FacetValue & { url: string; selected: boolean })[] }
export interface ExploreRow extends FigureRow {
  messageUrl: string; originUrl: string | null; dateShown: string; runs: RunView[];
  textParts: [string, string, string];  // the line split around the figure as written, for highlighting
}

/** Finds the figure as written ("141.63 MB/sec") in its line; the whole line when it cannot. */
export function splitAtFigure(text: string, value: number, unit: string): [string, string, string] {
  const nums = new Set([String(value), ...[1, 2, 3].map((d) => value.toFixed(d)), value.toLocaleString('en-US')]);
  for (const n of nums) {
    for (const w of [`${n} ${unit}`, `${n}${unit}`, `${n}-${unit}`]) {
      for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
        if (!/[\d.]/.test(text[i - 1] ?? '')) return [text.slice(0, i), w, text.slice(i + w.length)];
      }
    }
  }
  return [text, '', ''];
}
export interface TimeChart { unit: string; points: { id: number; t: number; v: number; tool: string }[]; capped: boolean }

export interface MeasurementsPage {
  page: 'measurements'; title: string; total: number; rows: ExploreRow[];
  filters: FilterChip[]; facets: FacetView[]; sort: { column: string; desc: boolean };
  columns: string[]; sortUrls: Record<string, string>;
  next: string | null; nextUrl: string | null; prevUrl: string | null; offset: number; limit: number;
  jsonUrl: string; csvUrl: string; chart: TimeChart | null; bar: BarChart | null; units: FacetValue[];
  filterColumns: string[]; filterOps: string[];
}

/** The current query string, with keys replaced or removed (the building block of every link). */
function withParams(q: Query, set: Record<string, string | null>, drop: (k: string, v: string) => boolean = () => false): string {
  const p = new URLSearchParams();
  for (const [k, raw] of Object.entries(q)) {
    if (k in set) continue;
    for (const v of values(raw)) if (v !== '' && !drop(k, v)) p.append(k, v);
  }
  for (const [k, v] of Object.entries(set)) if (v !== null) p.append(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

/**
 * The filter form without JavaScript (as Datasette does it): _filter_column, _filter_op and
 * _filter_value become the canonical "column__op=value" parameter, by a redirect.
 */
export function filterFormRedirect(q: Query): string | null {
  const col = values(q._filter_column)[0], op = values(q._filter_op)[0] ?? 'exact', val = values(q._filter_value)[0] ?? '';
  if (col === undefined) return null;
  const rest = withParams(q, { _filter_column: null, _filter_op: null, _filter_value: null, _next: null });
  if (!col || (val === '' && op !== 'isnull' && op !== 'notnull')) return '/measurements/' + rest;
  const key = op === 'exact' ? col : `${col}__${op}`;
  return '/measurements/' + withParams(q, { _filter_column: null, _filter_op: null, _filter_value: null, _next: null, [key]: op === 'isnull' || op === 'notnull' ? '1' : val });
}

// GET /measurements/  (and /measurements/json, /measurements/csv)
export function measurementsPage(site: Site, q: Query, opts: { csv?: boolean } = {}): MeasurementsPage | { redirect: string } {
  const to = filterFormRedirect(q);
  if (to !== null) return { redirect: to };
  const pq = parseExploreQuery(q, opts);
  const res = exploreFigures(site.reader, pq);
  const runs = runsForFigures(site, res.rows);
  const rows: ExploreRow[] = res.rows.map((f) => ({
    ...f,
    messageUrl: urls.figure(f.list, f.messageId, f.id),
    originUrl: f.originMessageId && f.originMessageId !== f.messageId
      ? (f.originFigureId ? urls.figure(f.originList ?? f.list, f.originMessageId, f.originFigureId) : urls.message(f.originList ?? f.list, f.originMessageId))
      : null,
    dateShown: f.date ? f.date.slice(0, 10) : '',
    runs: runs.get(f.id) ?? [],
    textParts: splitAtFigure(f.text, f.value, f.unit),
  }));
  const filters: FilterChip[] = pq.filters.map((f) => ({
    column: f.column, op: f.op, value: f.value,
    label: `${f.column}${f.op === 'exact' ? ' =' : ' ' + ({ not: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains', in: 'in', isnull: 'is null', notnull: 'is not null' }[f.op])} ${f.op === 'isnull' || f.op === 'notnull' ? '' : f.value}`.trim(),
    removeUrl: '/measurements/' + withParams(q, { _next: null }, (k, v) => k === (f.op === 'exact' ? f.column : `${f.column}__${f.op}`) && v === f.value),
  }));
  const exact = new Map(pq.filters.filter((f) => f.op === 'exact').map((f) => [f.column, f.value]));
  const facets: FacetView[] = pq.facets.map((name) => ({
    name,
    values: (res.facets[name] ?? []).map((fv) => {
      const v = fv.value === null ? '' : String(fv.value);
      const selected = exact.get(name) === v;
      const url = '/measurements/' + (fv.value === null
        ? withParams(q, { _next: null, [`${name}__isnull`]: '1' })
        : selected ? withParams(q, { _next: null }, (k, x) => k === name && x === v) : withParams(q, { _next: null, [name]: v }));
      return { ...fv, url, selected };
    }),
  }));
  const units = res.facets.canonicalUnit ?? [];
  const unit = exact.get('canonicalUnit') ?? (units[0]?.value != null ? String(units[0].value) : null);
  let chart: TimeChart | null = null;
  if (unit && !opts.csv) {
    const inUnit = units.find((u) => String(u.value) === unit)?.count ?? res.total;
    const pts = figurePoints(site.reader, pq.filters, unit, CHART_CAP + 1, inUnit > CHART_CAP);
    chart = { unit, capped: pts.length > CHART_CAP, points: pts.slice(0, CHART_CAP).map((p) => ({ id: p.id, t: p.date, v: p.canonicalValue, tool: p.tool ?? '(no tool)' })) };
  }
  const scoped = exact.has('threadId') || exact.has('messageId');
  const nextOffset = pq.offset + pq.limit < res.total ? pq.offset + pq.limit : null;
  const sortUrls: Record<string, string> = {};
  for (const c of ['date', 'list', 'author', 'canonicalValue', 'kind', 'tool', 'metric', 'quoted']) {
    const desc = pq.sort.column === c && !pq.sort.desc;
    sortUrls[c] = '/measurements/' + withParams(q, { _next: null, _sort_desc: null, _sort: desc ? '-' + c : c });
  }
  return {
    page: 'measurements', title: `Measurements${filters.length ? ': ' + filters.map((f) => f.label).join(', ') : ''}`,
    total: res.total, rows, filters, facets, sort: pq.sort, columns: [...CSV_COLUMNS], sortUrls,
    next: nextOffset === null ? null : String(nextOffset),
    nextUrl: nextOffset === null ? null : '/measurements/' + withParams(q, { _next: String(nextOffset) }),
    prevUrl: pq.offset > 0 ? '/measurements/' + withParams(q, { _next: pq.offset - pq.limit > 0 ? String(pq.offset - pq.limit) : null }) : null,
    offset: pq.offset, limit: pq.limit,
    filterColumns: Object.keys(FIGURE_COLUMNS), filterOps: [...FILTER_OPS],
    jsonUrl: '/measurements/json' + withParams(q, {}), csvUrl: '/measurements/csv' + withParams(q, { _next: null, _size: null }),
    chart, bar: scoped ? barChart(res.rows) : null, units,
  };
}

export interface ClaimView extends ClaimRow { messageUrl: string; figures: FigureRow[]; dateShown: string }
export interface ClaimsPage {
  page: 'claims'; title: string; total: number; rows: ClaimView[]; kinds: (FacetValue & { url: string; selected: boolean })[];
  nextUrl: string | null; prevUrl: string | null; filters: FilterChip[];
}

// GET /claims/  (and /claims/json)
export function claimsPage(site: Site, q: Query): ClaimsPage {
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (!k.startsWith('_') && values(v)[0] !== undefined) filters[k] = values(v)[0];
  const limit = PAGE_SIZE;
  const offset = Number(values(q._next)[0] ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new BenchmailError('bad_input', '_next takes the value of a "next" link (a row offset)');
  const res = listClaims(site.reader, filters, limit, offset);
  const figs = new Map(figuresByIds(site.reader, [...new Set(res.rows.flatMap((c) => c.figureIds))]).map((f) => [f.id, f]));
  return {
    page: 'claims', title: 'Claims', total: res.total,
    rows: res.rows.map((c) => ({
      ...c, messageUrl: urls.message(c.list, c.messageId), dateShown: c.date ? c.date.slice(0, 10) : '',
      figures: c.figureIds.map((id) => figs.get(id)).filter((f): f is FigureRow => !!f),
    })),
    kinds: res.kinds.map((k) => ({ ...k, selected: filters.kind === k.value,
      url: '/claims/' + withParams(q, { _next: null, kind: filters.kind === k.value ? null : String(k.value) }) })),
    filters: Object.entries(filters).map(([k, v]) => ({ column: k, op: 'exact', value: v, label: `${k} = ${v}`, removeUrl: '/claims/' + withParams(q, { _next: null, [k]: null }) })),
    nextUrl: offset + limit < res.total ? '/claims/' + withParams(q, { _next: String(offset + limit) }) : null,
    prevUrl: offset > 0 ? '/claims/' + withParams(q, { _next: offset - limit > 0 ? String(offset - limit) : null }) : null,
  };
}
