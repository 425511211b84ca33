// Figures and claims: the writer side (save one message's extraction, link
// quoted figures to the message that first said them) and the read queries
// behind `benchmail measurements`, `claims` and `eval`.
// Statements are prepared once per database handle.
import type { DB } from './db';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';
import type { Figure } from '../core/types';
import { FIGURE_WIDTH, type ExtractionRows } from '../core/figure-rows';

/** Quoted figures of a thread that name an author: candidates for the reverse link. Read through figures_quoted (migrations/0013). */
export const QUOTES_IN_THREAD = `SELECT f.id, m.message_id, lower(f.quoted_from) AS who, f.canonical_unit, f.canonical_value,
    f.origin_message_id AS origin, om.date AS origin_date
  FROM messages m JOIN figures f ON f.msg = m.id
  LEFT JOIN messages om ON om.message_id = f.origin_message_id
  WHERE m.thread_id = ? AND f.quoted = 1 AND f.quoted_from IS NOT NULL`;

function prepareAll(db: DB) {
  return {
    hasFigures: db.prepare('SELECT 1 FROM figures WHERE msg = ? LIMIT 1').pluck(),
    unlinkInto: db.prepare('UPDATE figures SET origin_message_id = NULL, origin_figure_id = NULL WHERE origin_message_id = ?'),
    delFigures: db.prepare('DELETE FROM figures WHERE msg = ?'),
    delClaims: db.prepare('DELETE FROM claims WHERE message_id = ?'),
    insFigure: db.prepare(`INSERT INTO figures (msg, seq, value, unit, canonical_value, canonical_unit, kind, metric,
      condition, tool, approx, quoted, quoted_from, text, start, "end")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insClaim: db.prepare(`INSERT INTO claims (message_id, seq, kind, direction, factor, figure_ids, quoted, quoted_from, text, start, "end")
      VALUES (@messageId, @seq, @kind, @direction, @factor, @figureIds, @quoted, @quotedFrom, @text, @start, @end)`),
    message: db.prepare('SELECT message_id, thread_id, refs, date, from_name, from_addr FROM messages WHERE message_id = ?'),
    quotedOf: db.prepare(`SELECT id, canonical_unit, canonical_value, quoted_from FROM figures
      WHERE msg = (SELECT id FROM messages WHERE message_id = ?) AND quoted = 1 AND quoted_from IS NOT NULL`),
    ownOf: db.prepare('SELECT id, seq, canonical_unit, canonical_value FROM figures WHERE msg = (SELECT id FROM messages WHERE message_id = ?) AND quoted = 0'),
    // messages that may hold an original: the thread, plus the references (which may sit in another thread)
    threadMessages: db.prepare(`SELECT message_id, date, id, lower(from_name) AS name, lower(from_addr) AS addr FROM messages
      WHERE thread_id = ?`),
    messageBrief: db.prepare(`SELECT message_id, date, id, lower(from_name) AS name, lower(from_addr) AS addr FROM messages
      WHERE message_id = ?`),
    quotesInThread: db.prepare(QUOTES_IN_THREAD),
    // runs remember their figure by message and offset: re-point them after re-extraction
    relinkRuns: db.prepare(`UPDATE runs SET figure_id = (SELECT f.id FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = runs.message_id
      AND f.start = runs.figure_start ORDER BY f.seq LIMIT 1) WHERE message_id = ?`),
    setOrigin: db.prepare('UPDATE figures SET origin_message_id = ?, origin_figure_id = ? WHERE id = ?'),
  };
}
type Stmts = ReturnType<typeof prepareAll>;
const CACHE = new WeakMap<DB, Stmts>();
function st(db: DB): Stmts {
  let s = CACHE.get(db);
  if (!s) { s = prepareAll(db); CACHE.set(db, s); }
  return s;
}

/**
 * Replaces one message's figures and claims (`row` = messages.id). Call inside the
 * writer's transaction. `fresh`: the row was inserted in this transaction, so it has
 * nothing to replace (one lookup less per imported message).
 */
export function saveExtraction(db: DB, row: number, messageId: string, result: ExtractionRows, fresh = false): Saved {
  const s = st(db);
  if (!fresh && s.hasFigures.get(row) !== undefined) {
    // re-extraction: quotes elsewhere must not keep pointing at rows about to go
    s.unlinkInto.run(messageId);
    s.delClaims.run(messageId);
    s.delFigures.run(row);
  }
  const ids: number[] = [];
  const saved: Saved = { own: [], quoted: [] };
  const r = result.figures;
  for (let i = 0, seq = 0; i < r.length; i += FIGURE_WIDTH, seq++) {
    // positional binding: this runs once per figure of every imported message
    const info = s.insFigure.run(row, seq, r[i], r[i + 1], r[i + 2], r[i + 3], r[i + 4], r[i + 5], r[i + 6], r[i + 7],
      r[i + 8], r[i + 9], r[i + 10], r[i + 11], r[i + 12], r[i + 13]);
    const id = Number(info.lastInsertRowid);
    ids.push(id);
    // what linkOrigins would read back: handed to it instead
    const unit = r[i + 3] as string;
    const value = r[i + 2] as number;
    const quotedFrom = r[i + 10] as string | null;
    if (!r[i + 9]) saved.own.push({ id, canonical_unit: unit, canonical_value: value });
    else if (quotedFrom) saved.quoted.push({ id, canonical_unit: unit, canonical_value: value, quoted_from: quotedFrom });
  }
  result.claims.forEach((c, seq) => {
    s.insClaim.run({
      messageId, seq, kind: c.kind, direction: c.direction ?? null, factor: c.factor ?? null,
      figureIds: JSON.stringify(c.figureIndexes.filter((i) => i >= 0 && i < ids.length).map((i) => ids[i])),
      quoted: c.quoted ? 1 : 0, quotedFrom: c.quotedFrom ?? null, text: c.text ?? '', start: c.start, end: c.end,
    });
  });
  return saved;
}

/**
 * Links quoted figures to the message that first said them, both ways, so the
 * import order does not matter: a reply's quoted figure finds an original
 * already stored, and an original arriving later claims the replies' quotes.
 */
type Brief = { message_id: string; date: number | null; id: number; name: string; addr: string };
type QuotedRow = { id: number; canonical_unit: string; canonical_value: number; quoted_from: string };
export type MessageRow = { message_id: string; thread_id: string; refs: string; date: number | null; from_name: string; from_addr: string };
/**
 * One message's figures as just written, so linking need not read them back; and the
 * message row as written, unless a later message of the batch moved it to another thread.
 */
export interface Saved { own: Own[]; quoted: QuotedRow[]; message?: MessageRow }
export type Written = Map<string, Saved>;
/** What saving a message without figures or claims leaves (shared, never written to). */
export const NOTHING_SAVED: Readonly<Saved> = Object.freeze({ own: Object.freeze([]) as unknown as Own[], quoted: Object.freeze([]) as unknown as QuotedRow[] });
type Own = { id: number; canonical_unit: string; canonical_value: number; k?: string };
type ThreadBriefs = { list: Brief[]; ids: Set<string>; sorted: Brief[] | null };
type Quote = { id: number; message_id: string; who: string; canonical_unit: string; canonical_value: number; origin: string | null; origin_date: number | null };

export function linkOrigins(db: DB, messageIds: string[], written?: Written): void {
  const s = st(db);
  const key = (u: string, v: number) => u + '|' + v.toPrecision(12);
  // caches for this call: a batch holds many messages of one thread
  const threads = new Map<string, ThreadBriefs>();
  const threadOf = (thread: string): ThreadBriefs => {
    let t = threads.get(thread);
    if (!t) {
      const list = s.threadMessages.all(thread) as Brief[];
      t = { list, ids: new Set(list.map((c) => c.message_id)), sorted: null };
      threads.set(thread, t);
    }
    return t;
  };
  const quotesByThread = new Map<string, Quote[]>();
  const quotesOf = (thread: string) => {
    let q = quotesByThread.get(thread);
    if (!q) {
      q = s.quotesInThread.all(thread) as Quote[];
      quotesByThread.set(thread, q);
    }
    return q;
  };
  const owns = new Map<string, Own[]>();
  if (written) for (const [id, w] of written) owns.set(id, w.own);
  const ownOf = (mid: string) => {
    let o = owns.get(mid);
    if (!o) { o = s.ownOf.all(mid) as Own[]; owns.set(mid, o); }
    return o;
  };
  // Every message of this call gets its quotes linked below, against all that is stored
  // now: the reverse pass leaves their quotes to them (an update that would be overwritten).
  const inCall = new Set(messageIds);
  const authorIndex = new Map<string, Map<string, { msg: string; fig: number }[]>>();
  const byDate = (a: Brief, b: Brief) => (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) || (a.date ?? 0) - (b.date ?? 0) || a.id - b.id;
  for (const id of messageIds) {
    // a message just written without figures neither quotes nor is quoted: no lookup
    const w = written?.get(id);
    if (w && !w.own.length && !w.quoted.length) continue;
    const m = w?.message ?? s.message.get(id) as MessageRow | undefined;
    if (!m) continue;
    const quoted = w?.quoted ?? s.quotedOf.all(id) as QuotedRow[];
    if (quoted.length) {
      // the earliest own figure of the quoted author, same unit and value, in the thread or among the references
      const thread = threadOf(m.thread_id);
      const extra: Brief[] = [];
      for (const r of m.refs ? m.refs.split(/\s+/) : []) {
        if (!r || thread.ids.has(r) || extra.some((b) => b.message_id === r)) continue;
        const b = s.messageBrief.get(r) as Brief | undefined;
        if (b) extra.push(b);
      }
      // origins by author and value: built once per thread and author for the whole batch
      // (messages outside the thread, from References, make a one-off index for this message)
      const index = (who: string, list: Brief[]) => {
        const map = new Map<string, { msg: string; fig: number }[]>();
        for (const c of list) {
          if (c.name !== who && c.addr !== who) continue;
          for (const f of ownOf(c.message_id)) {
            const k = f.k ?? (f.k = key(f.canonical_unit, f.canonical_value));
            const a = map.get(k);
            if (a) a.push({ msg: c.message_id, fig: f.id }); else map.set(k, [{ msg: c.message_id, fig: f.id }]);
          }
        }
        return map;
      };
      const oneOff = extra.length ? thread.list.concat(extra).sort(byDate) : null;
      const local = new Map<string, Map<string, { msg: string; fig: number }[]>>();
      const originsOf = (who: string) => {
        const w = who.toLowerCase();
        if (oneOff) {
          let map = local.get(w);
          if (!map) { map = index(w, oneOff); local.set(w, map); }
          return map;
        }
        const tk = m.thread_id + '\u0000' + w;
        let map = authorIndex.get(tk);
        if (!map) { map = index(w, thread.sorted ??= thread.list.slice().sort(byDate)); authorIndex.set(tk, map); }
        return map;
      };
      const first = (list: { msg: string; fig: number }[] | undefined) => list?.find((x) => x.msg !== id);
      for (const f of quoted) {
        const o = first(originsOf(f.quoted_from).get(key(f.canonical_unit, f.canonical_value)));
        // (its cached row, if the thread's quotes were read, is never looked at again: the
        // reverse pass leaves the quotes of this call's messages alone)
        if (o) s.setOrigin.run(o.msg, o.fig, f.id);
      }
    }
    // the reverse: replies stored before this call that quote this author's figures
    if ((!m.from_name && !m.from_addr) || ownOf(id).length === 0) continue;
    const inThread = quotesOf(m.thread_id);
    const name = (m.from_name || m.from_addr).toLowerCase();
    const addr = (m.from_addr || m.from_name).toLowerCase();
    const quotes = inThread.filter((q) => !inCall.has(q.message_id) && (q.who === name || q.who === addr));
    if (!quotes.length) continue;
    const own = new Map<string, number>();
    for (const f of ownOf(id)) {
      const k = f.k ?? (f.k = key(f.canonical_unit, f.canonical_value));
      if (!own.has(k)) own.set(k, f.id);
    }
    for (const q of quotes) {
      const fig = own.get(key(q.canonical_unit, q.canonical_value));
      if (fig === undefined) continue;
      if (q.origin === null || (m.date !== null && q.origin_date !== null && m.date < q.origin_date)) {
        s.setOrigin.run(id, fig, q.id);
        q.origin = id; q.origin_date = m.date;   // keep the cached row true for the rest of the batch
      }
    }
  }
}

/** After re-extraction: runs of a message point at its new figure rows (matched by offset). */
export function relinkRuns(db: DB, messageIds: string[]): void {
  const s = st(db);
  for (const id of messageIds) s.relinkRuns.run(id);
}

// ---- read side -------------------------------------------------------------

export interface MeasurementFilter {
  tool?: string; unit?: string; kind?: string; author?: string; list?: string; threadId?: string; messageId?: string;
  since?: number; until?: number; min?: number; max?: number; quoted?: boolean; limit?: number; offset?: number;
}

function where(f: MeasurementFilter): { sql: string; args: Record<string, unknown> } {
  const w: string[] = [];
  const a: Record<string, unknown> = {};
  if (f.tool !== undefined) { w.push('lower(f.tool) = lower(@tool)'); a.tool = f.tool; }
  if (f.unit !== undefined) { w.push('f.canonical_unit = @unit'); a.unit = f.unit; }
  if (f.kind !== undefined) { w.push('f.kind = @kind'); a.kind = f.kind; }
  if (f.author !== undefined) { w.push("(m.from_name LIKE @author ESCAPE '\\' OR m.from_addr LIKE @author ESCAPE '\\')"); a.author = '%' + f.author.replace(/[\\%_]/g, '\\$&') + '%'; }
  if (f.list !== undefined) { w.push('l.name = @list'); a.list = f.list; }
  if (f.threadId !== undefined) { w.push('m.thread_id = @thread'); a.thread = f.threadId; }
  if (f.messageId !== undefined) { w.push('m.message_id = @mid'); a.mid = f.messageId; }
  if (f.since !== undefined) { w.push('m.date >= @since'); a.since = f.since; }
  if (f.until !== undefined) { w.push('m.date < @until'); a.until = f.until; }
  if (f.min !== undefined) { w.push('f.canonical_value >= @min'); a.min = f.min; }
  if (f.max !== undefined) { w.push('f.canonical_value <= @max'); a.max = f.max; }
  if (f.quoted !== undefined) { w.push('f.quoted = @quoted'); a.quoted = f.quoted ? 1 : 0; }
  return { sql: w.length ? 'WHERE ' + w.join(' AND ') : '', args: a };
}

type Row = Record<string, any>;
const iso = (d: number | null) => (d == null ? null : new Date(d * 1000).toISOString());

function toMeasurement(r: Row): Figure {
  return {
    id: r.id, messageId: r.message_id, threadId: r.thread_id, list: r.list, date: iso(r.date), author: r.from_name,
    quoted: !!r.quoted, quotedFrom: r.quoted_from, originMessageId: r.origin_message_id,
    value: r.value, unit: r.unit, canonicalValue: r.canonical_value, canonicalUnit: r.canonical_unit,
    kind: r.kind, metric: r.metric, condition: r.condition, tool: r.tool, approx: !!r.approx,
    text: r.text, start: r.start, end: r.end,
  };
}

/** Figures matching the filters, oldest message first, in body order. */
export function queryMeasurements(db: DB, f: MeasurementFilter = {}): Figure[] {
  const { sql, args } = where(f);
  const limit = f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))} OFFSET ${Math.max(0, Math.floor(f.offset ?? 0))}` : '';
  return (db.prepare(`SELECT f.id, m.message_id, m.thread_id, l.name AS list, m.date, m.from_name, f.quoted, f.quoted_from,
      f.origin_message_id, f.value, f.unit, f.canonical_value, f.canonical_unit, f.kind, f.metric, f.condition, f.tool,
      f.approx, f.text, f.start, f."end" AS "end"
    FROM figures f JOIN messages m ON m.id = f.msg JOIN lists l ON l.id = m.list_id
    ${sql} ORDER BY m.date IS NULL, m.date, m.id, f.seq${limit}`).all(args) as Row[]).map(toMeasurement);
}

export interface ClaimRow {
  id: number; messageId: string; threadId: string; list: string; date: string | null; author: string;
  kind: string; direction: string | null; factor: number | null; figureIds: number[];
  quoted: boolean; quotedFrom: string | null; text: string; start: number; end: number;
}

export interface ClaimFilter { kind?: string; author?: string; list?: string; threadId?: string; messageId?: string; quoted?: boolean; limit?: number }

export function queryClaims(db: DB, f: ClaimFilter = {}): ClaimRow[] {
  const w: string[] = [];
  const a: Record<string, unknown> = {};
  if (f.kind !== undefined) { w.push('c.kind = @kind'); a.kind = f.kind; }
  if (f.author !== undefined) { w.push("(m.from_name LIKE @author ESCAPE '\\' OR m.from_addr LIKE @author ESCAPE '\\')"); a.author = '%' + f.author.replace(/[\\%_]/g, '\\$&') + '%'; }
  if (f.list !== undefined) { w.push('l.name = @list'); a.list = f.list; }
  if (f.threadId !== undefined) { w.push('m.thread_id = @thread'); a.thread = f.threadId; }
  if (f.messageId !== undefined) { w.push('c.message_id = @mid'); a.mid = f.messageId; }
  if (f.quoted !== undefined) { w.push('c.quoted = @quoted'); a.quoted = f.quoted ? 1 : 0; }
  const limit = f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))}` : '';
  return (db.prepare(`SELECT c.*, m.thread_id, l.name AS list, m.date, m.from_name FROM claims c
    JOIN messages m ON m.message_id = c.message_id JOIN lists l ON l.id = m.list_id
    ${w.length ? 'WHERE ' + w.join(' AND ') : ''} ORDER BY m.date IS NULL, m.date, m.id, c.seq${limit}`).all(a) as Row[]).map((r) => ({
    id: r.id, messageId: r.message_id, threadId: r.thread_id, list: r.list, date: iso(r.date), author: r.from_name,
    kind: r.kind, direction: r.direction, factor: r.factor, figureIds: JSON.parse(r.figure_ids || '[]'),
    quoted: !!r.quoted, quotedFrom: r.quoted_from, text: r.text, start: r.start, end: r.end,
  }));
}

/** Stored figures of the given messages, for `benchmail eval`. */
export function figuresOfMessages(db: DB, messageIds: string[]): Figure[] {
  const out: Figure[] = [];
  for (const id of messageIds) out.push(...queryMeasurements(db, { messageId: id }));
  return out;
}

/** Which of these Message-IDs are stored. */
export function storedMessageIds(db: DB, messageIds: string[]): Set<string> {
  const q = db.prepare('SELECT 1 FROM messages WHERE message_id = ?').pluck();
  return new Set(messageIds.filter((id) => q.get(id) !== undefined));
}

/** Every stored message, oldest first, with what reextract needs to decode it again. */
export function* iterateRawMessages(db: DB, batch = 500): Generator<{ row: number; messageId: string; raw: () => Buffer }> {
  let last = 0;
  const q = db.prepare(`SELECT m.id, m.message_id, ${RAW_COLS} FROM messages m WHERE m.id > ? ORDER BY m.id LIMIT ?`);
  const raws = rawReaderOf(db);
  for (;;) {
    const rows = q.all(last, batch) as ({ id: number; message_id: string } & StoredRaw)[];
    if (!rows.length) return;
    for (const r of rows) yield { row: r.id, messageId: r.message_id, raw: () => raws.bytes(r) };
    last = rows[rows.length - 1].id;
  }
}

export function countMessages(db: DB): number {
  return db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
}

/** Runs fn in one write transaction. */
export function inTransaction<T>(db: DB, fn: () => T): T {
  return db.transaction(fn)();
}
