import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb, type DB } from '../../src/store/db';
import { importPaths, importRawMessages } from '../../src/api/import';
import { sha256 } from '../../src/core/compress';
import { RAW_COLS, rawReaderOf, type StoredRaw } from '../../src/store/raw';
import { corpusFiles, corpusMessages, tmpDir } from '../helpers/corpus';
import type { RawMessage } from '../../src/core/types';

// The whole real corpus through the real import into a real SQLite file.

function partition(db: DB): string[] {
  const rows = db.prepare('SELECT thread_id, message_id FROM messages ORDER BY message_id').all() as { thread_id: string; message_id: string }[];
  const by = new Map<string, string[]>();
  for (const r of rows) (by.get(r.thread_id) ?? by.set(r.thread_id, []).get(r.thread_id)!).push(r.message_id);
  return [...by.values()].map((ids) => ids.sort().join(' ')).sort();
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const a = xs.slice();
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

test('imports the whole corpus once; a second import adds nothing and says so', async () => {
  const dir = tmpDir();
  const db = openDb(path.join(dir, 'a.db'));
  const first = await importPaths(db, corpusFiles(), {});
  assert.equal(first.messages, 294);
  assert.equal(first.new, 294);
  assert.equal(first.quarantined, 0);
  assert.ok(first.figures > 1000, `${first.figures} figures`);
  assert.equal(first.figures, db.prepare('SELECT count(*) FROM figures').pluck().get(), 'the summary counts the stored figure rows');
  const again = await importPaths(db, corpusFiles(), { threads: 0 });
  assert.equal(again.new, 0);
  assert.equal(again.figures, 0, 'nothing new, no figures counted');
  assert.equal(again.present, 294);
  assert.equal((db.prepare('SELECT count(*) FROM messages').pluck().get()), 294);
  assert.equal(db.prepare("SELECT count(*) FROM lists WHERE name = 'lkml'").pluck().get(), 1, 'X-Mailing-List linux-kernel@vger -> lkml');
  db.close();
});

test('raw bytes come back byte for byte, with their SHA-256', async () => {
  const dir = tmpDir();
  const db = openDb(path.join(dir, 'a.db'));
  const msgs = await corpusMessages();
  await importRawMessages(db, msgs, { threads: 0, extract: false });
  const get = db.prepare<[string], StoredRaw>(`SELECT ${RAW_COLS} FROM messages m WHERE m.raw_sha256 = ?`);
  for (const m of msgs) {
    const row = get.get(sha256(m.raw));
    assert.ok(row, `message at ${m.source}:${m.offset} stored`);
    const back = rawReaderOf(db).bytes(row);
    assert.ok(back.equals(m.raw), `round trip of ${m.source}:${m.offset}`);
    assert.equal(row.raw_size, m.raw.length);
  }
  db.close();
});

test('threads follow the In-Reply-To chains and do not depend on import order', async () => {
  const dir = tmpDir();
  const msgs = await corpusMessages();
  const parts: string[][] = [];
  for (const [i, order] of [msgs, msgs.slice().reverse(), shuffled(msgs, 7), shuffled(msgs, 1234)].entries()) {
    const db = openDb(path.join(dir, `order${i}.db`));
    await importRawMessages(db, order as RawMessage[], { threads: 0, extract: false, batchSize: 50 });
    parts.push(partition(db));
    // the threader's list of trees subject grouping may move is what the stored set says
    assert.deepEqual(floatingTrees(db), floatingFromScratch(db), `order ${i}: floating_trees kept true`);
    if (i === 0) {
      // Every reply whose parent is stored sits in its parent's thread, under it.
      const rows = db.prepare(`SELECT m.message_id, m.thread_id, p.thread_id AS parent_thread, c.parent_id
        FROM messages m JOIN messages p ON p.message_id = m.in_reply_to JOIN containers c ON c.message_id = m.message_id`).all() as
        { message_id: string; thread_id: string; parent_thread: string; parent_id: string }[];
      assert.ok(rows.length > 150, `${rows.length} replies with a stored parent`);
      for (const r of rows) assert.equal(r.thread_id, r.parent_thread, `${r.message_id} in its parent's thread`);
      // Each corpus file is one thread on the public archive; subject grouping brings
      // orphans back, so there are few more threads than files.
      const threads = db.prepare('SELECT count(DISTINCT thread_id) FROM messages').pluck().get() as number;
      assert.ok(threads >= 30 && threads <= 34, `${threads} threads for 30 thread files`);
    }
    db.close();
  }
  for (let i = 1; i < parts.length; i++) assert.deepEqual(parts[i], parts[0], `order ${i} gives the same threads`);
});

const floatingTrees = (db: ReturnType<typeof openDb>) =>
  db.prepare('SELECT root, norm_subject, list_id FROM floating_trees ORDER BY root').all();
// Reference trees whose root is not a stored original, by their earliest message (as migration 0011 fills it).
const floatingFromScratch = (db: ReturnType<typeof openDb>) => db.prepare(`
  WITH members AS (
    SELECT c.thread_id AS root, m.norm_subject, m.list_id,
           ROW_NUMBER() OVER (PARTITION BY c.thread_id ORDER BY m.date, m.message_id) AS rn
    FROM containers c JOIN messages m ON m.message_id = c.message_id)
  SELECT root, norm_subject, list_id FROM members
  WHERE rn = 1 AND norm_subject != '' AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.message_id = members.root AND r.is_reply = 0)
  ORDER BY root`).all();
