import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { openDb, type DB } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { RAW_COLS, rawReaderOf, type StoredRaw } from '../../src/store/raw';
import { parseMessage } from '../../src/ingest/parse';
import { extractMessage } from '../../src/extract/index';

// A real database of the shared corpus in a temp dir, with figures: by the importer's
// extraction hook when it is wired, otherwise by running the extractor here over the
// stored mail (the same extractMessage, written with the same columns).

export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');

export function tempDir(prefix = 'benchmail-recipes-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function fillFigures(db: DB): void {
  const msgs = db.prepare(`SELECT m.id, m.from_name AS fromName, m.subject, ${RAW_COLS} FROM messages m`).all() as
    ({ id: number; fromName: string; subject: string } & StoredRaw)[];
  const ins = db.prepare(`INSERT INTO figures (msg, seq, value, unit, canonical_value, canonical_unit, kind, metric,
    condition, tool, approx, quoted, quoted_from, text, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  db.transaction(() => {
    for (const m of msgs) {
      const text = parseMessage(rawReaderOf(db).bytes(m)).text;
      extractMessage(text, { fromName: m.fromName, subject: m.subject }).figures.forEach((f, i) => {
        ins.run(m.id, i, f.value, f.unit, f.canonicalValue, f.canonicalUnit, f.kind, f.metric, f.condition, f.tool,
          f.approx ? 1 : 0, f.quoted ? 1 : 0, f.quotedFrom, f.text, f.start, f.end);
      });
    }
  })();
}

export async function corpusDb(dir: string): Promise<{ db: DB; file: string }> {
  const file = path.join(dir, 'corpus.db');
  const db = openDb(file);
  const mboxes = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).map((f) => path.join(CORPUS, f));
  await importPaths(db, mboxes, { threads: 0 });
  if (!(db.prepare('SELECT count(*) FROM figures').pluck().get() as number)) fillFigures(db);
  return { db, file };
}

/** A tiny database with one hand-made message and the figures a test needs. */
export function figureDb(file: string, figures: Array<Partial<Record<string, unknown>> & { text: string }>, body = ''): DB {
  const db = openDb(file);
  db.prepare("INSERT OR IGNORE INTO lists (id, name) VALUES (1, 'lkml')").run();
  db.prepare(`INSERT INTO messages (message_id, list_id, thread_id, subject, from_name, from_addr, date, raw_sha256, raw_size, raw, imported_at)
    VALUES ('t1@example', 1, 't1@example', 'Re: test', 'Test Author', 't@example', 989270000, 'x', 0, ?, 0)`)
    .run(require('node:zlib').deflateRawSync(Buffer.from(`From: Test Author <t@example>\nSubject: Re: test\nMessage-ID: <t1@example>\n\n${body}\n`)));
  const ins = db.prepare(`INSERT INTO figures (msg, seq, value, unit, canonical_value, canonical_unit, kind, metric, condition, tool, text, start, "end")
    VALUES ((SELECT id FROM messages WHERE message_id = 't1@example'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  figures.forEach((f, i) => ins.run(i, f.value ?? 1, f.unit ?? 'MB/sec', f.canonicalValue ?? 1e6, f.canonicalUnit ?? 'B/s', f.kind ?? 'throughput',
    f.metric ?? null, f.condition ?? null, f.tool ?? null, f.text, i * 10, i * 10 + 5));
  return db;
}
