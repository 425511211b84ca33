import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb, type DB } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { rawOf, threadMbox } from '../../src/api/messages';
import { verifyDatabase } from '../../src/api/verify';
import { deflate } from '../../src/core/compress';
import { unescapeFrom } from '../../src/ingest/mbox';
import { corpusFiles, corpusMessages, tmpDir } from '../helpers/corpus';
import { processBatch } from '../../src/ingest/process';
import { MessageWriter } from '../../src/store/writer';

// Raw mail is stored in packs of consecutive messages (migrations/0012); rows written
// before that keep a deflate stream each. Both read back byte for byte, through the
// same paths a user takes (show --raw, the thread mbox), and verify checks both.

const count = (db: DB, sql: string) => db.prepare(sql).pluck().get() as number;

test('an import packs consecutive messages; importing the same mail again stores no pack', async () => {
  const file = path.join(tmpDir(), 'p.db');
  const db = openDb(file);
  try {
    await importPaths(db, corpusFiles(), { threads: 0, extract: false });
    const messages = count(db, 'SELECT count(*) FROM messages');
    const packs = count(db, 'SELECT count(*) FROM raw_packs');
    assert.ok(packs > 1 && packs < messages / 3, `${messages} messages in ${packs} packs`);
    assert.equal(count(db, 'SELECT count(*) FROM messages WHERE raw_pack IS NULL OR length(raw) > 0'), 0);
    const again = await importPaths(db, corpusFiles(), { threads: 0, extract: false });
    assert.equal(again.new, 0);
    assert.equal(count(db, 'SELECT count(*) FROM raw_packs'), packs, 'mail already stored adds no pack');
  } finally { db.close(); }
  assert.ok(verifyDatabase(file).ok);
});

test('a message stored on its own (before packs) reads back byte for byte beside packed ones', async () => {
  const file = path.join(tmpDir(), 'legacy.db');
  const db = openDb(file);
  try {
    await importPaths(db, corpusFiles(), { threads: 0, extract: false });
    // A thread with several messages: make every other one a pre-0012 row.
    const thread = db.prepare(`SELECT thread_id FROM messages GROUP BY thread_id HAVING count(*) >= 4 LIMIT 1`).pluck().get() as string;
    const rows = db.prepare('SELECT id, message_id FROM messages WHERE thread_id = ? ORDER BY date, id').all(thread) as { id: number; message_id: string }[];
    const before = rows.map((r) => rawOf(db, r.message_id));
    rows.forEach((r, i) => {
      if (i % 2) db.prepare('UPDATE messages SET raw = ?, raw_pack = NULL, raw_offset = NULL WHERE id = ?').run(deflate(before[i]), r.id);
    });
    rows.forEach((r, i) => assert.ok(rawOf(db, r.message_id).equals(before[i]), `message ${r.message_id}`));
    const mbox = threadMbox(db, rows[0].message_id);
    for (const b of before) assert.ok(mbox.includes(b) || unescapeFrom(mbox).includes(b), 'each message is in the thread mbox');
  } finally { db.close(); }
  assert.ok(verifyDatabase(file).ok, 'verify reads both kinds');
});

test('a batch rolled back and written again stores its packs again (no message points at a pack that was undone)', async () => {
  const file = path.join(tmpDir(), 'retry.db');
  const db = openDb(file);
  try {
    const items = (await corpusMessages()).slice(0, 30);
    const batch = processBatch(items, { extract: false });
    const writer = new MessageWriter(db);
    assert.throws(() => writer.writeBatch(batch, { extract: false }, () => { throw new Error('disk full, say'); }), /disk full/);
    assert.equal(count(db, 'SELECT count(*) FROM raw_packs'), 0, 'rolled back');
    const r = writer.writeBatch(batch, { extract: false });
    assert.equal(r.counts.new, items.filter((_, i) => batch[i].ok).length);
    for (const [i, p] of batch.entries()) {
      if (p.ok) assert.ok(rawOf(db, p.parsed.messageId).equals(items[i].raw), `message ${i} reads back`);
    }
  } finally { db.close(); }
  assert.ok(verifyDatabase(file).ok);
});

test('bytes read back are the caller\'s own: changing them does not change the next read', async () => {
  const db = openDb(path.join(tmpDir(), 'own.db'));
  try {
    await importPaths(db, corpusFiles(), { threads: 0, extract: false });
    const id = db.prepare('SELECT message_id FROM messages WHERE raw_pack IS NOT NULL LIMIT 1').pluck().get() as string;
    const first = rawOf(db, id);
    const copy = Buffer.from(first);
    first.fill(0x58);
    assert.ok(rawOf(db, id).equals(copy), 'the pack cached for the handle is untouched');
  } finally { db.close(); }
});
