import type { DB } from './db';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';

// Runs a compiled search predicate. Statements are cached per SQL shape (bounded).

export interface SearchRow {
  id: number; message_id: string; list: string; thread_id: string; subject: string;
  from_name: string; from_addr: string; date: number | null; raw: () => Buffer;
}

type Stmt = { all(...a: unknown[]): unknown[]; pluck(): { get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] } };
const caches = new WeakMap<DB, Map<string, Stmt>>();
function prepared(db: DB, sql: string): Stmt {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  let st = c.get(sql);
  if (!st) {
    if (c.size > 200) c.clear();
    st = db.prepare(sql) as unknown as Stmt;
    c.set(sql, st);
  }
  return st;
}

/** The predicate of one full-text match (the search compiler writes it). */
export const FTS_MATCH = 'm.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';

/** textOnly: `where` is FTS_MATCH alone, so the index answers the count and the date order. */
export function runSearch(db: DB, where: string, params: unknown[], opts: { listId?: number; limit: number; offset: number; textOnly?: boolean; narrow?: boolean }) {
  const listCond = opts.listId !== undefined ? ' AND m.list_id = ?' : '';
  const p = opts.listId !== undefined ? [...params, opts.listId] : params;
  // Counting: a query that is one full-text match counts in the FTS index alone (every
  // indexed rowid is a stored message). Anything else counts over messages, in the narrow
  // (id, date, list_id) index when the predicate reads nothing more (figure terms, dates,
  // lists): tool:lmbench v:>100MB/s at 50k, 48 -> ~20 ms.
  const narrow = opts.narrow ? 'messages m INDEXED BY messages_id_date' : 'messages m';
  const total = (opts.textOnly && !listCond
    ? prepared(db, 'SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?')
    : prepared(db, `SELECT count(*) FROM ${narrow} WHERE ${where}${listCond}`)).pluck().get(...p) as number;
  // Two steps: order the matching ids by date first, then read the page's rows.
  // Sorting whole rows would drag every match's compressed message through the sorter.
  // A pure text query orders in one of two ways. Few matches: look each one's date up
  // in the narrow (id, date, list_id) index and sort. Many: walk the date index from the
  // newest and stop at the page's end; at 500k messages a two-word query matching
  // 24,000 took 19 ms the first way. Walking reads about (page end) x messages / matches
  // entries, sorting reads all matches: walk when that is fewer.
  const pageEnd = opts.limit + opts.offset;
  const walk = opts.textOnly && total * total > pageEnd * messageCount(db);
  const from = !opts.textOnly ? narrow : walk ? 'messages m INDEXED BY messages_date' : 'messages m INDEXED BY messages_id_date';
  const ids = prepared(db, `SELECT m.id FROM ${from} WHERE ${where}${listCond}
      ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?`).pluck().all(...p, opts.limit, opts.offset) as number[];
  const rows = ids.length ? prepared(db, `SELECT m.id, m.message_id, l.name AS list, m.thread_id, m.subject, m.from_name,
      m.from_addr, m.date, ${RAW_COLS} FROM json_each(?) j JOIN messages m ON m.id = j.value JOIN lists l ON l.id = m.list_id
      ORDER BY j.key`).all(JSON.stringify(ids)) as (Omit<SearchRow, 'raw'> & StoredRaw)[] : [];
  const raws = rawReaderOf(db);
  return { rows: rows.map((r) => ({ ...r, raw: () => raws.bytes(r) })), total };
}

/** About how many messages are stored (the largest row id: no count over the table). */
function messageCount(db: DB): number {
  return (prepared(db, 'SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
}

export function listIdByName(db: DB, name: string): number | undefined {
  return (prepared(db, 'SELECT id FROM lists WHERE name = ?').pluck().get(name) as number | undefined);
}
