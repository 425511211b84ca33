import Database from 'better-sqlite3';
import type { DB } from './db';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';

// Read-only queries for `benchmail verify`: every stored row walked once, in
// primary-key order, through iterators (a large archive never sits in memory as rows).

export interface RawRow extends StoredRaw { id: number; message_id: string; raw_sha256: string }
export interface ContainerRow { message_id: string; parent_id: string | null; thread_id: string; real: number }
export interface MessageThreadRow { id: number; message_id: string; thread_id: string; c_thread: string | null; c_real: number | null }

export function verifyStatements(db: DB) {
  return {
    integrity: (full: boolean) => (db.pragma(full ? 'integrity_check(100)' : 'quick_check(100)') as Record<string, string>[])
      .map((r) => Object.values(r)[0]),
    foreignKeys: () => db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string; fkid: number }[],
    counts: () => db.prepare<[], Record<string, number>>(`SELECT
        (SELECT count(*) FROM messages) AS messages,
        (SELECT count(*) FROM containers) AS containers,
        (SELECT count(*) FROM containers WHERE real = 1) AS realContainers,
        (SELECT count(*) FROM messages_fts_docsize) AS ftsRows,
        (SELECT count(*) FROM quarantine) AS quarantine,
        (SELECT count(*) FROM figures) AS figures,
        (SELECT count(*) FROM claims) AS claims`).get()!,
    messagesRaw: () => db.prepare<[], RawRow>(`SELECT m.id, m.message_id, m.raw_sha256, ${RAW_COLS} FROM messages m ORDER BY m.id`).iterate(),
    quarantineRaw: () => db.prepare<[], RawRow>(`SELECT id, source AS message_id, raw_sha256, raw_size, raw, NULL AS raw_pack, NULL AS raw_offset
      FROM quarantine ORDER BY id`).iterate(),
    raws: rawReaderOf(db),
    /** Messages without a full-text row, and full-text rows without a message. */
    ftsMissing: () => db.prepare<[], { id: number; message_id: string }>(`SELECT m.id, m.message_id FROM messages m
        WHERE NOT EXISTS (SELECT 1 FROM messages_fts_docsize d WHERE d.id = m.id) LIMIT 100`).all(),
    ftsOrphans: () => db.prepare<[], { id: number }>(`SELECT d.id FROM messages_fts_docsize d
        WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = d.id) LIMIT 100`).all(),
    containers: () => db.prepare<[], ContainerRow>('SELECT message_id, parent_id, thread_id, real FROM containers').iterate(),
    messageThreads: () => db.prepare<[], MessageThreadRow>(`SELECT m.id, m.message_id, m.thread_id, c.thread_id AS c_thread, c.real AS c_real
        FROM messages m LEFT JOIN containers c ON c.message_id = m.message_id ORDER BY m.id`).iterate(),
    /** Content lines for the digest, each set sorted by SQLite so the order is the same everywhere. */
    digestMessages: () => db.prepare<[], { message_id: string; raw_sha256: string; thread_id: string }>(
      'SELECT message_id, raw_sha256, thread_id FROM messages ORDER BY message_id').iterate(),
    digestFigures: () => db.prepare<[], { message_id: string; seq: number; canonical_value: number; canonical_unit: string; kind: string }>(
      `SELECT m.message_id, f.seq, f.canonical_value, f.canonical_unit, f.kind FROM figures f JOIN messages m ON m.id = f.msg
        ORDER BY m.message_id, f.seq`).iterate(),
    digestQuarantine: () => db.prepare<[], { raw_sha256: string; reason: string }>(
      'SELECT raw_sha256, reason FROM quarantine ORDER BY raw_sha256').iterate(),
  };
}
export type VerifyStatements = ReturnType<typeof verifyStatements>;

/**
 * FTS5's own 'integrity-check' is written as an INSERT, so it needs a writable
 * handle; it changes nothing. Returns null when a writer holds the database or it
 * cannot be opened for writing.
 */
export function ftsIntegrityCheck(file: string): string | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true }); // a read-only file or directory: skipped below
    db.pragma('busy_timeout = 0');
    db.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 0)");
    return 'ok';
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return null;
    return (e as Error).message;
  } finally {
    db?.close();
  }
}
