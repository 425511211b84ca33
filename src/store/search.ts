import type { DB } from './db';

// Runs a compiled search predicate. Statements are cached per SQL shape (bounded).

export interface SearchRow {
  id: number; message_id: string; list: string; thread_id: string; subject: string;
  from_name: string; from_addr: string; date: number | null; raw: Buffer;
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
export function runSearch(db: DB, where: string, params: unknown[], opts: { listId?: number; limit: number; offset: number; textOnly?: boolean }) {
  const listCond = opts.listId !== undefined ? ' AND m.list_id = ?' : '';
  const p = opts.listId !== undefined ? [...params, opts.listId] : params;
  // Two steps: order the matching ids by date first, then read the page's rows.
  // Sorting whole rows would drag every match's compressed message through the sorter.
  // A pure text query reads date and list from the narrow (id, date, list_id) index.
  const from = opts.textOnly ? 'messages m INDEXED BY messages_id_date' : 'messages m';
  const ids = prepared(db, `SELECT m.id FROM ${from} WHERE ${where}${listCond}
      ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?`).pluck().all(...p, opts.limit, opts.offset) as number[];
  const rows = ids.length ? prepared(db, `SELECT m.id, m.message_id, l.name AS list, m.thread_id, m.subject, m.from_name,
      m.from_addr, m.date, m.raw FROM json_each(?) j JOIN messages m ON m.id = j.value JOIN lists l ON l.id = m.list_id
      ORDER BY j.key`).all(JSON.stringify(ids)) as SearchRow[] : [];
  // A query that is one full-text match counts in the index alone (every indexed
  // rowid is a stored message); anything else counts over messages.
  const total = (opts.textOnly && !listCond
    ? prepared(db, 'SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?')
    : prepared(db, `SELECT count(*) FROM messages m WHERE ${where}${listCond}`)).pluck().get(...p) as number;
  return { rows, total };
}

export function listIdByName(db: DB, name: string): number | undefined {
  return (prepared(db, 'SELECT id FROM lists WHERE name = ?').pluck().get(name) as number | undefined);
}
