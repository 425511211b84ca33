import type Database from 'better-sqlite3';
import type { DB } from './db';

// Sync state (table sync_state: per list and epoch, the last imported commit) and the
// few lookups `fetch` needs to ask a server for less. setSyncState is called inside the
// import's batch transaction, so the position and the messages commit together.

interface Stmts {
  get: Database.Statement<[string], { epoch: string; last_commit: string }>;
  set: Database.Statement<[string, string, string, number]>;
  clear: Database.Statement<[string]>;
  msgThread: Database.Statement<[string], { thread_id: string }>;
  threadIds: Database.Statement<[string], { message_id: string }>;
  has: Database.Statement<[string], { x: number }>;
}

const cache = new WeakMap<DB, Stmts>();

function stmts(db: DB): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      get: db.prepare('SELECT epoch, last_commit FROM sync_state WHERE list = ? ORDER BY epoch'),
      set: db.prepare(`INSERT INTO sync_state (list, epoch, last_commit, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (list, epoch) DO UPDATE SET last_commit = excluded.last_commit, updated_at = excluded.updated_at`),
      clear: db.prepare('DELETE FROM sync_state WHERE list = ?'),
      msgThread: db.prepare('SELECT thread_id FROM messages WHERE message_id = ?'),
      threadIds: db.prepare('SELECT message_id FROM messages WHERE thread_id = ? ORDER BY date, id'),
      has: db.prepare('SELECT 1 AS x FROM messages WHERE message_id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** Where the last sync of `list` stopped: epoch -> last imported commit. */
export function getSyncState(db: DB, list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of stmts(db).get.all(list)) out[r.epoch] = r.last_commit;
  return out;
}

/** Records the last imported commit of an epoch (joins the caller's transaction if any). */
export function setSyncState(db: DB, list: string, epoch: string, commit: string): void {
  stmts(db).set.run(list, epoch, commit, Math.floor(Date.now() / 1000));
}

/** Forgets where a list's sync stopped (the next sync starts from the first commit). */
export function clearSyncState(db: DB, list: string): void {
  stmts(db).clear.run(list);
}

/** The thread a stored message belongs to, with the ids of every stored message in it. */
export function storedThreadOf(db: DB, messageId: string): { threadId: string; messageIds: string[] } | null {
  const s = stmts(db);
  const m = s.msgThread.get(messageId);
  if (!m) return null;
  return { threadId: m.thread_id, messageIds: s.threadIds.all(m.thread_id).map((r) => r.message_id) };
}

/** Which of these Message-IDs are stored. */
export function storedIds(db: DB, ids: string[]): Set<string> {
  const s = stmts(db);
  return new Set(ids.filter((id) => s.has.get(id)));
}
