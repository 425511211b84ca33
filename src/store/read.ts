import type { DB } from './db';
import type Database from 'better-sqlite3';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';

// Read queries for the site: lists, threads, messages. One Reader per read-only
// handle; every statement is prepared once, on first use, and reused.
// Whole-archive summaries (list counts, a list's threads by activity) are cached
// until PRAGMA data_version says another connection (an import) committed.

export interface ListRow {
  id: number; name: string; listId: string | null;
  messages: number; threads: number; figures: number;
  first: number | null; last: number | null;
}

export interface ThreadSummary { threadId: string; first: number | null; last: number | null; messages: number }

export interface ThreadHead extends ThreadSummary {
  subject: string; fromName: string; fromAddr: string; rootMessageId: string; figures: number;
  list: string;
}

export interface MessageRow {
  id: number; messageId: string; syntheticId: boolean; list: string; threadId: string;
  subject: string; fromName: string; fromAddr: string; to: string; cc: string;
  date: number | null; dateRaw: string | null; inReplyTo: string | null; refs: string[];
  rawSha256: string; rawSize: number; bodyChars: number;
}

/** `raw()` reads the exact bytes as imported (inflated on call: pages often need only the cached decode). */
export interface MessageWithRaw extends MessageRow { raw: () => Buffer }

export interface ContainerRow { messageId: string; parentId: string | null; real: boolean }

export interface MonthCount { month: string; messages: number } // month: YYYY-MM

const MSG_COLS = `m.id, m.message_id, m.synthetic_id, l.name AS list, m.thread_id, m.subject, m.from_name, m.from_addr,
  m.to_addrs, m.cc_addrs, m.date, m.date_raw, m.in_reply_to, m.refs, m.raw_sha256, m.raw_size, m.body_chars`;

type Row = Record<string, any>;

function toMessage(r: Row): MessageRow {
  return {
    id: r.id, messageId: r.message_id, syntheticId: !!r.synthetic_id, list: r.list, threadId: r.thread_id,
    subject: r.subject, fromName: r.from_name, fromAddr: r.from_addr, to: r.to_addrs, cc: r.cc_addrs,
    date: r.date, dateRaw: r.date_raw, inReplyTo: r.in_reply_to, refs: r.refs ? String(r.refs).split(' ').filter(Boolean) : [],
    rawSha256: r.raw_sha256, rawSize: r.raw_size, bodyChars: r.body_chars,
  };
}

export class Reader {
  readonly db: DB;
  private stmts = new Map<string, Database.Statement>();
  private cacheVersion = -1;
  private cache = new Map<string, unknown>();

  constructor(db: DB) { this.db = db; }

  private withRaw(r: Row): MessageWithRaw {
    const raws = rawReaderOf(this.db);
    return { ...toMessage(r), raw: () => raws.bytes(r as StoredRaw) };
  }

  /** A statement prepared once per Reader. */
  stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      // Explorer filters make a statement per shape of query (never per value); bound the set anyway.
      if (this.stmts.size >= 1000) this.stmts.delete(this.stmts.keys().next().value as string);
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Changes whenever another connection commits (an import running beside the server). */
  dataVersion(): number {
    return this.stmt('PRAGMA data_version').pluck().get() as number;
  }

  /** Memoises a whole-archive summary until the database changes. */
  cached<T>(key: string, make: () => T): T {
    const v = this.dataVersion();
    if (v !== this.cacheVersion) { this.cache.clear(); this.cacheVersion = v; }
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  lists(): ListRow[] {
    return this.cached('lists', () => (this.stmt(`
      SELECT l.id, l.name, l.list_id,
        (SELECT count(*) FROM messages m WHERE m.list_id = l.id) AS messages,
        (SELECT count(DISTINCT thread_id) FROM messages m WHERE m.list_id = l.id) AS threads,
        (SELECT count(*) FROM figures f JOIN messages m ON m.id = f.msg WHERE m.list_id = l.id) AS figures,
        (SELECT min(date) FROM messages m WHERE m.list_id = l.id) AS first,
        (SELECT max(date) FROM messages m WHERE m.list_id = l.id) AS last
      FROM lists l ORDER BY l.name`).all() as Row[]).map((r) => ({
      id: r.id, name: r.name, listId: r.list_id, messages: r.messages, threads: r.threads,
      figures: r.figures, first: r.first, last: r.last,
    })));
  }

  list(name: string): ListRow | undefined {
    return this.lists().find((l) => l.name === name);
  }

  /** Threads of a list (or all lists), newest activity first. Cached: one scan per import. */
  threadSummaries(listId: number | null): ThreadSummary[] {
    return this.cached(`threads:${listId}`, () => {
      const sql = `SELECT thread_id, min(date) AS first, max(date) AS last, count(*) AS n FROM messages
        ${listId === null ? '' : 'WHERE list_id = ?'} GROUP BY thread_id ORDER BY last DESC, thread_id`;
      const rows = (listId === null ? this.stmt(sql).all() : this.stmt(sql).all(listId)) as Row[];
      return rows.map((r) => ({ threadId: r.thread_id, first: r.first, last: r.last, messages: r.n }));
    });
  }

  /** Subject, author and figure count of each thread, from its root (or earliest) message; one query. */
  threadHeads(threads: ThreadSummary[]): ThreadHead[] {
    if (!threads.length) return [];
    const rows = this.stmt(`
      WITH t(tid) AS (SELECT value FROM json_each(?))
      SELECT t.tid,
        (SELECT m.message_id FROM messages m WHERE m.thread_id = t.tid
           ORDER BY (m.message_id = t.tid) DESC, m.date LIMIT 1) AS head,
        (SELECT count(*) FROM messages m JOIN figures f ON f.msg = m.id WHERE m.thread_id = t.tid) AS figures
      FROM t`).all(JSON.stringify(threads.map((t) => t.threadId))) as Row[];
    const heads = new Map(rows.map((r) => [r.tid as string, r]));
    const msgs = this.messagesByIds(rows.map((r) => r.head).filter(Boolean));
    const byId = new Map(msgs.map((m) => [m.messageId, m]));
    return threads.map((t) => {
      const h = heads.get(t.threadId);
      const m = h ? byId.get(h.head) : undefined;
      return {
        ...t, subject: m?.subject ?? '', fromName: m?.fromName ?? '', fromAddr: m?.fromAddr ?? '',
        rootMessageId: m?.messageId ?? t.threadId, figures: h?.figures ?? 0, list: m?.list ?? '',
      };
    });
  }

  /** Messages per month of a list, for date navigation. */
  monthCounts(listId: number | null): MonthCount[] {
    return this.cached(`months:${listId}`, () => {
      const sql = `SELECT strftime('%Y-%m', date, 'unixepoch') AS month, count(*) AS n FROM messages
        WHERE date IS NOT NULL ${listId === null ? '' : 'AND list_id = ?'} GROUP BY month ORDER BY month`;
      const rows = (listId === null ? this.stmt(sql).all() : this.stmt(sql).all(listId)) as Row[];
      return rows.map((r) => ({ month: r.month, messages: r.n }));
    });
  }

  message(messageId: string): MessageRow | undefined {
    const r = this.stmt(`SELECT ${MSG_COLS} FROM messages m JOIN lists l ON l.id = m.list_id WHERE m.message_id = ?`)
      .get(messageId) as Row | undefined;
    return r ? toMessage(r) : undefined;
  }

  messageWithRaw(messageId: string): MessageWithRaw | undefined {
    const r = this.stmt(`SELECT ${MSG_COLS}, ${RAW_COLS} FROM messages m JOIN lists l ON l.id = m.list_id WHERE m.message_id = ?`)
      .get(messageId) as Row | undefined;
    return r ? this.withRaw(r) : undefined;
  }

  messagesByIds(ids: string[]): MessageRow[] {
    if (!ids.length) return [];
    return (this.stmt(`SELECT ${MSG_COLS} FROM json_each(?) j JOIN messages m ON m.message_id = j.value
      JOIN lists l ON l.id = m.list_id`).all(JSON.stringify(ids)) as Row[]).map(toMessage);
  }

  /** A thread's messages in date order, without bodies. */
  threadMessages(threadId: string): MessageRow[] {
    return (this.stmt(`SELECT ${MSG_COLS} FROM messages m JOIN lists l ON l.id = m.list_id
      WHERE m.thread_id = ? ORDER BY m.date, m.id`).all(threadId) as Row[]).map(toMessage);
  }

  /** A thread's messages in date order, with their raw bytes. */
  threadMessagesWithRaw(threadId: string): MessageWithRaw[] {
    return (this.stmt(`SELECT ${MSG_COLS}, ${RAW_COLS} FROM messages m JOIN lists l ON l.id = m.list_id
      WHERE m.thread_id = ? ORDER BY m.date, m.id`).all(threadId) as Row[]).map((r) => this.withRaw(r));
  }

  /** A thread's messages for an overview: no addresses, no body; figure counts folded in (one query). */
  threadOverview(threadId: string): (MessageRow & { figures: number })[] {
    return (this.stmt(`SELECT m.id, m.message_id, m.synthetic_id, l.name AS list, m.thread_id, m.subject, m.from_name, m.from_addr,
        '' AS to_addrs, '' AS cc_addrs, m.date, NULL AS date_raw, m.in_reply_to, m.refs, '' AS raw_sha256, 0 AS raw_size, 0 AS body_chars,
        (SELECT count(*) FROM figures f WHERE f.msg = m.id) AS figures
      FROM messages m JOIN lists l ON l.id = m.list_id WHERE m.thread_id = ? ORDER BY m.date, m.id`).all(threadId) as Row[])
      .map((r) => ({ ...toMessage(r), figures: r.figures as number }));
  }

  /** A list's newest messages with raw bytes (the list's Atom feed). */
  latestMessagesWithRaw(listId: number, limit: number): MessageWithRaw[] {
    return (this.stmt(`SELECT ${MSG_COLS}, ${RAW_COLS} FROM messages m JOIN lists l ON l.id = m.list_id
      WHERE m.list_id = ? ORDER BY m.date DESC, m.id DESC LIMIT ?`).all(listId, limit) as Row[]).map((r) => this.withRaw(r));
  }

  /** JWZ containers of a thread, placeholders included. */
  containers(threadId: string): ContainerRow[] {
    // containers.thread_id is the reference-tree root; a thread (messages.thread_id) may
    // gather several trees by subject, so take every tree one of its messages is in.
    return (this.stmt(`SELECT message_id, parent_id, real FROM containers WHERE thread_id IN
      (SELECT c.thread_id FROM messages m JOIN containers c ON c.message_id = m.message_id WHERE m.thread_id = ?)`).all(threadId) as Row[])
      .map((r) => ({ messageId: r.message_id, parentId: r.parent_id, real: !!r.real }));
  }

  /** Figure counts of each message of a thread. */
  threadFigureCounts(threadId: string): Map<string, number> {
    const rows = this.stmt(`SELECT m.message_id, count(f.id) AS n FROM messages m
      JOIN figures f ON f.msg = m.id WHERE m.thread_id = ? GROUP BY m.message_id`).all(threadId) as Row[];
    return new Map(rows.map((r) => [r.message_id, r.n]));
  }
}
