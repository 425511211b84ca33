// What a user can ask about figures: `benchmail measurements` and its filters.
import type { DB } from '../store/db';
import type { Figure } from '../core/types';
import { queryMeasurements, type MeasurementFilter } from '../store/figures';
import { parseQuantity } from '../extract/units';
import { normalizeMsgId } from '../core/msgid';
import { usageError } from '../core/errors';

export const MEASUREMENT_FIELDS = ['id', 'messageId', 'threadId', 'list', 'date', 'author', 'quoted', 'quotedFrom',
  'originMessageId', 'value', 'unit', 'canonicalValue', 'canonicalUnit', 'kind', 'metric', 'condition', 'tool',
  'approx', 'text', 'start', 'end'] as const;

export const CANONICAL_UNITS = ['B', 'B/s', 'bit/s', 's', 'Hz', '%', 'x', '1'];
export const KINDS = ['throughput', 'latency', 'time', 'size', 'rate', 'frequency', 'ratio', 'percent', 'count'];

/** Options as a user writes them (strings from the CLI or a query string). */
export interface MeasurementQuery {
  tool?: string; unit?: string; kind?: string; author?: string; list?: string; thread?: string; message?: string;
  since?: string; until?: string; min?: string; max?: string; quoted?: boolean; limit?: number; offset?: number;
}

/** "2001-05-07" or an ISO date-time -> unix seconds (UTC). */
export function parseDate(s: string, what: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(s + 'T00:00:00Z') : Date.parse(s);
  if (!Number.isFinite(t)) throw usageError(`${what} expects a date like 2001-05-07 or 2001-05-07T12:00:00Z, got "${s}"`);
  return Math.floor(t / 1000);
}

/** "--min 100MB/s" or "--min 100000000": a canonical value, checked against --unit when both are given. */
export function parseBound(s: string, what: string, unit?: string): { value: number; unit: string | null } {
  const n = Number(s);
  if (s.trim() !== '' && Number.isFinite(n)) return { value: n, unit: null };
  const q = parseQuantity(s);
  if (!q) throw usageError(`${what} expects a number or a quantity like 100MB/s, 10ms, 1.5GHz; got "${s}"`);
  if (unit && q.canonicalUnit !== unit) throw usageError(`${what} ${s} is in ${q.canonicalUnit}, but --unit asks for ${unit}`);
  return { value: q.canonicalValue, unit: q.canonicalUnit };
}

export function toFilter(q: MeasurementQuery): MeasurementFilter {
  const f: MeasurementFilter = {};
  if (q.unit !== undefined) {
    if (!CANONICAL_UNITS.includes(q.unit)) throw usageError(`--unit takes a canonical unit (${CANONICAL_UNITS.join(', ')}), got "${q.unit}"`);
    f.unit = q.unit;
  }
  if (q.kind !== undefined) {
    if (!KINDS.includes(q.kind)) throw usageError(`--kind takes one of ${KINDS.join(', ')}, got "${q.kind}"`);
    f.kind = q.kind;
  }
  if (q.tool !== undefined) f.tool = q.tool;
  if (q.author !== undefined) f.author = q.author;
  if (q.list !== undefined) f.list = q.list;
  if (q.thread !== undefined) f.threadId = normalizeMsgId(q.thread);
  if (q.message !== undefined) f.messageId = normalizeMsgId(q.message);
  if (q.since !== undefined) f.since = parseDate(q.since, '--since');
  if (q.until !== undefined) f.until = parseDate(q.until, '--until');
  for (const k of ['min', 'max'] as const) {
    const v = q[k];
    if (v === undefined) continue;
    const b = parseBound(v, '--' + k, f.unit);
    f[k] = b.value;
    if (b.unit && !f.unit) f.unit = b.unit;   // "--min 100MB/s" means B/s figures
  }
  if (q.quoted !== undefined) f.quoted = q.quoted;
  if (q.limit !== undefined) f.limit = q.limit;
  if (q.offset !== undefined) f.offset = q.offset;
  return f;
}

/** Figures as `measurements --json` prints them: exactly MEASUREMENT_FIELDS, in that order. */
export function listMeasurements(db: DB, q: MeasurementQuery = {}): Figure[] {
  return queryMeasurements(db, toFilter(q)).map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of MEASUREMENT_FIELDS) o[k] = r[k];
    return o as unknown as Figure;
  });
}
