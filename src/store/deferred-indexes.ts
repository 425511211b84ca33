import type { DB } from './db';

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

/** Builds every index an earlier bulk import deferred (a no-op when none is). */
export function restoreIndexes(db: DB): string[] {
  const rows = db.prepare<[], { name: string; sql: string }>('SELECT name, sql FROM deferred_indexes ORDER BY name').all();
  if (!rows.length) return [];
  db.transaction(() => {
    for (const r of rows) db.exec(r.sql.replace(/^CREATE INDEX\s+/i, 'CREATE INDEX IF NOT EXISTS '));
    db.exec('DELETE FROM deferred_indexes');
  })();
  return rows.map((r) => r.name);
}

/** Index names an interrupted bulk import left to rebuild (for verify and stats). */
export function pendingIndexes(db: DB): string[] {
  return db.prepare<[], { name: string }>('SELECT name FROM deferred_indexes ORDER BY name').all().map((r) => r.name);
}
