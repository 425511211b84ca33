import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../core/config';
import { BenchmailError } from '../core/errors';

export type DB = Database.Database;

/**
 * Opens the database. The writer (import, reextract, runs) migrates it; readers
 * (web, queries) open it read-only so they can never change the archive.
 */
export function openDb(file: string, opts: { readonly?: boolean } = {}): DB {
  if (opts.readonly) {
    if (!fs.existsSync(file)) {
      throw new BenchmailError('not_found', `no database at ${file}: run \`benchmail import\` first (or pass --db)`);
    }
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = 1');
    if (pendingMigrations(db).length) {
      db.close();
      // A reader may not write: migrate through a writer handle, then reopen read-only.
      openDb(file).close();
      return openDb(file, opts);
    }
    return db;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: DB;
  try {
    db = new Database(file);
  } catch (e) {
    throw new BenchmailError('io', `cannot open database ${file}: ${(e as Error).message}`);
  }
  // 16 KiB pages for a new archive: rows carrying a 1-4 KB compressed message waste a
  // quarter of each 4 KiB page; at 16 KiB the messages table is ~25% smaller.
  // (Only possible before the first table exists; older databases keep theirs.)
  if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -32768'); // 32 MiB: index pages stay hot; import's memory budget is 400 MB in all
  migrate(db);
  return db;
}

interface Migration { version: number; name: string; file: string }

function listMigrations(): Migration[] {
  return fs.readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

function appliedVersions(db: DB): Set<number> {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!has) return new Set();
  return new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
}

function pendingMigrations(db: DB): Migration[] {
  const done = appliedVersions(db);
  return listMigrations().filter((m) => !done.has(m.version));
}

/** Applies numbered migrations/NNNN_name.sql in order, each in its own transaction. */
export function migrate(db: DB): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied: number[] = [];
  for (const m of pendingMigrations(db)) {
    const sql = fs.readFileSync(m.file, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, Math.floor(Date.now() / 1000));
    })();
    applied.push(m.version);
  }
  return applied;
}
