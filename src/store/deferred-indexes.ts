import type { DB } from './db';
import { cores } from '../core/config';

// Bulk loading: indexes that only serve figure search are dropped for the length of
// a large import and built once at its end (see migrations/0008). Figure queries
// still answer meanwhile, by scanning. Everything else the writer looks up by
// (message id, thread, subject) keeps its index.
const DEFERRABLE = ['figures_unit_value', 'figures_tool'];

/** Drops the figure search indexes, recording their definitions; one transaction. */
export function deferIndexes(db: DB): string[] {
  const get = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
  const keep = db.prepare('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)');
  const dropped: string[] = [];
  db.transaction(() => {
    for (const name of DEFERRABLE) {
      const row = get.get(name);
      if (!row) continue;
      keep.run(name, row.sql);
      db.exec(`DROP INDEX "${name}"`);
      dropped.push(name);
    }
  })();
  return dropped;
}

// The build sorts every key. SQLite's sorter uses helper threads only for runs it spills
// to temporary files, and spills only past the page cache's size: with the writer's
// 32 MiB cache one thread sorts all 327k keys of the 50k bench archive in memory. A
// 2 MiB cache for the build makes it sort ~2 MiB runs on PRAGMA threads and merge them:
// both indexes of the 50k bench database in 320-337 ms instead of 548-568 (same CPU), at
// the end of an import, when the cores beside the writer have nothing else to do.
// Temporary files held in memory (temp_store=MEMORY) would turn the helper threads off.
const SORT_CACHE_KIB = 2048;
const SORT_THREADS = Math.max(1, Math.min(4, cores()));

/** Builds every index an earlier bulk import deferred (a no-op when none is). */
export function restoreIndexes(db: DB): string[] {
  const rows = db.prepare<[], { name: string; sql: string }>('SELECT name, sql FROM deferred_indexes ORDER BY name').all();
  if (!rows.length) return [];
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
  db.pragma(`threads = ${SORT_THREADS}`);
  try {
    db.transaction(() => {
      for (const r of rows) db.exec(r.sql.replace(/^CREATE INDEX\s+/i, 'CREATE INDEX IF NOT EXISTS '));
      db.exec('DELETE FROM deferred_indexes');
    })();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`threads = ${threads}`);
  }
  return rows.map((r) => r.name);
}

/** Index names an interrupted bulk import left to rebuild (for verify and stats). */
export function pendingIndexes(db: DB): string[] {
  return db.prepare<[], { name: string }>('SELECT name FROM deferred_indexes ORDER BY name').all().map((r) => r.name);
}
