import type { DB } from './db';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';

// Runs a compiled search predicate. Statements are cached per SQL shape (bounded).

export interface SearchRow {
  id: number; message_id: string; list: string; thread_id: string; subject: string;
  from_name: string; from_addr: string; date: number | null; raw: () => Buffer;
}

type Stmt = { all(...a: unknown[]): unknown[]; pluck(): { get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[]; iterate(...a: unknown[]): IterableIterator<unknown> } };
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

export interface SearchOptions {
  listId?: number; limit: number; offset: number;
  /** `where` is FTS_MATCH alone. */
  textOnly?: boolean;
  /** `where` reads only m.id, m.date and m.list_id. */
  narrow?: boolean;
  /** SQL giving the matching message ids (repeats allowed), when `where` is figure terms alone (`m.id IN (that)`). */
  idQuery?: string | null;
}

/** The page of matching messages, newest first, and how many match in all. */
export function runSearch(db: DB, where: string, params: unknown[], opts: SearchOptions) {
  if (opts.listId === undefined && opts.textOnly) return pageOfTextMatch(db, params[0], opts);
  if (opts.listId === undefined && opts.idQuery) return pageOfIdSet(db, opts.idQuery, params, opts);
  return pageByPredicate(db, where, params, opts);
}

const FTS_IDS = 'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?';

/**
 * One full-text match, newest first. Counting is the FTS index's own (C, no rowids
 * handed out). A dense match rarely needs more than its newest rowids: mail is mostly
 * imported in date order, so the page is found among the 4 x (page end) highest
 * rowids, and then proved: a match outside them has a lower rowid, so it can only
 * belong to the page if its date is later than the page's last one, and the date
 * index lists those messages (usually none). At 500k: regression throughput 12.8 ms
 * -> 9.0, a word in every message 81 -> 21 ms. Few matches, NULL dates or mail far
 * out of date order take the general path.
 */
function pageOfTextMatch(db: DB, match: unknown, opts: SearchOptions): { rows: SearchRow[]; total: number } {
  const total = prepared(db, 'SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(match) as number;
  const pageEnd = opts.limit + opts.offset;
  if (!total || opts.offset >= total) return { rows: [], total };
  if (total * total <= pageEnd * messageCount(db)) return pageOfIdSet(db, FTS_IDS, [match], opts); // sparse
  const ids = newestOfTextMatch(db, match, total, pageEnd);
  return ids ? { rows: pageRows(db, ids.slice(opts.offset, pageEnd)), total } : pageOfIdSet(db, FTS_IDS, [match], opts);
}

type Dated = { id: number; date: number | null };
// date DESC (NULL last, as SQLite orders them), then id DESC
const newestFirst = (a: Dated, b: Dated) => ((b.date ?? -Infinity) - (a.date ?? -Infinity)) || b.id - a.id;
const MAX_OUT_OF_ORDER = 5000;

/** The first `pageEnd` matches in date order, or null when the newest rowids cannot prove it. */
function newestOfTextMatch(db: DB, match: unknown, total: number, pageEnd: number): number[] | null {
  const k = Math.min(total, 4 * pageEnd);
  const top = prepared(db, `${FTS_IDS} ORDER BY rowid DESC LIMIT ?`).pluck().all(match, k) as number[];
  const datesOf = (ids: number[]) => prepared(db, `SELECT m.id, m.date FROM json_each(?) j
    JOIN messages m INDEXED BY messages_id_date ON m.id = j.value`).all(JSON.stringify(ids)) as Dated[];
  const rows = datesOf(top).sort(newestFirst);
  if (rows.length < Math.min(pageEnd, total)) return null;
  if (k < total) {
    const last = rows[pageEnd - 1];
    if (last.date === null) return null;
    const later = prepared(db, `SELECT id FROM messages INDEXED BY messages_date WHERE date > ? AND id < ? LIMIT ${MAX_OUT_OF_ORDER + 1}`)
      .pluck().all(last.date, top[top.length - 1]) as number[];
    if (later.length > MAX_OUT_OF_ORDER) return null;
    if (later.length) {
      const matching = prepared(db, `${FTS_IDS} AND rowid IN (SELECT value FROM json_each(?))`).pluck().all(match, JSON.stringify(later)) as number[];
      rows.push(...datesOf(matching));
      rows.sort(newestFirst);
    }
  }
  return rows.slice(0, pageEnd).map((r) => r.id);
}

/**
 * A query that is one set of ids (one group of figure terms, or a full-text match the
 * newest rowids could not settle): the ids are read once; their number is the total,
 * and the page comes from the date index. Counting and then ordering ran the match
 * twice: at 500k, tool:lmbench v:>100MB/s 183 -> 50 ms (covering figure index).
 */
function pageOfIdSet(db: DB, idQuery: string, params: unknown[], opts: SearchOptions): { rows: SearchRow[]; total: number } {
  // One entry per matching figure; duplicates fold in a byte per message. SQL's DISTINCT
  // sorted them in a temporary b-tree instead: 281,000 figures at 500k, 77 ms vs 46 ms.
  const max = messageCount(db);
  const member = new Uint8Array(max + 1);
  const matched: number[] = [];
  for (const id of prepared(db, idQuery).pluck().all(...params) as number[]) {
    if (id <= max && !member[id]) { member[id] = 1; matched.push(id); }
  }
  const total = matched.length;
  const pageEnd = opts.limit + opts.offset;
  let ids: number[] = [];
  if (!total || opts.offset >= total) ids = [];
  else if (total * total > pageEnd * max) {
    // Dense: walk the date index from the newest; about pageEnd x messages / matches steps.
    let skip = opts.offset;
    for (const id of prepared(db, 'SELECT id FROM messages INDEXED BY messages_date ORDER BY date DESC, id DESC').pluck().iterate() as IterableIterator<number>) {
      if (!member[id]) continue;
      if (skip > 0) { skip--; continue; }
      ids.push(id);
      if (ids.length >= opts.limit) break;
    }
  } else {
    // Sparse: each match's date from the narrow index, then sort.
    ids = prepared(db, `SELECT m.id FROM json_each(?) j JOIN messages m INDEXED BY messages_id_date ON m.id = j.value
      ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?`).pluck().all(JSON.stringify(matched), opts.limit, opts.offset) as number[];
  }
  return { rows: pageRows(db, ids), total };
}

function pageByPredicate(db: DB, where: string, params: unknown[], opts: SearchOptions): { rows: SearchRow[]; total: number } {
  const listCond = opts.listId !== undefined ? ' AND m.list_id = ?' : '';
  const p = opts.listId !== undefined ? [...params, opts.listId] : params;
  // Counting over messages, in the narrow (id, date, list_id) index when the predicate
  // reads nothing more (figure terms, dates, lists).
  const narrow = opts.narrow ? 'messages m INDEXED BY messages_id_date' : 'messages m';
  const total = prepared(db, `SELECT count(*) FROM ${narrow} WHERE ${where}${listCond}`).pluck().get(...p) as number;
  // Two steps: order the matching ids by date first, then read the page's rows.
  // Sorting whole rows would drag every match's compressed message through the sorter.
  // A pure text query orders in one of two ways. Few matches: look each one's
  // date up in the narrow index and sort. Many: walk the date index from the newest and
  // stop at the page's end. Walking reads about (page end) x messages / matches entries,
  // sorting reads all matches: walk when that is fewer.
  const pageEnd = opts.limit + opts.offset;
  const walk = opts.textOnly && total * total > pageEnd * messageCount(db);
  const from = !opts.textOnly ? narrow : walk ? 'messages m INDEXED BY messages_date' : 'messages m INDEXED BY messages_id_date';
  const ids = prepared(db, `SELECT m.id FROM ${from} WHERE ${where}${listCond}
      ORDER BY m.date DESC, m.id DESC LIMIT ? OFFSET ?`).pluck().all(...p, opts.limit, opts.offset) as number[];
  return { rows: pageRows(db, ids), total };
}

/** The page's rows, in the order of `ids`; raw bytes read only if asked for (snippets). */
function pageRows(db: DB, ids: number[]): SearchRow[] {
  const rows = ids.length ? prepared(db, `SELECT m.id, m.message_id, l.name AS list, m.thread_id, m.subject, m.from_name,
      m.from_addr, m.date, ${RAW_COLS} FROM json_each(?) j JOIN messages m ON m.id = j.value JOIN lists l ON l.id = m.list_id
      ORDER BY j.key`).all(JSON.stringify(ids)) as (Omit<SearchRow, 'raw'> & StoredRaw)[] : [];
  const raws = rawReaderOf(db);
  return rows.map((r) => ({ ...r, raw: () => raws.bytes(r) }));
}

/** About how many messages are stored (the largest row id: no count over the table). */
function messageCount(db: DB): number {
  return (prepared(db, 'SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
}

export function listIdByName(db: DB, name: string): number | undefined {
  return (prepared(db, 'SELECT id FROM lists WHERE name = ?').pluck().get(name) as number | undefined);
}
