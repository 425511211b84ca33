import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { inflate, deflate } from '../../src/core/compress';
import { corpusFiles, tmpDir } from '../helpers/corpus';
import { record, resetRecords, verifyCli, problemsOf, runCli } from './helpers';

// verify must catch damage, or the crash tests prove nothing: each kind of damage is
// done to a copy of a good archive, and `benchmail verify` must exit non-zero naming it.

const SUITE = 'verify';
let dir: string, good: string, goodDigest: string;

before(async () => {
  resetRecords(SUITE);
  dir = tmpDir('benchmail-verify-');
  good = path.join(dir, 'good.db');
  const db = openDb(good);
  try { await importPaths(db, corpusFiles(), { threads: 0, list: 'lkml' }); } finally { db.close(); }
});

/** A copy of the good archive with `damage` done to it (checkpointed, one file). */
function damaged(name: string, damage: (db: Database.Database) => void): string {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(good, file);
  const db = new Database(file);
  try { db.pragma('foreign_keys = OFF'); damage(db); db.pragma('wal_checkpoint(TRUNCATE)'); } finally { db.close(); }
  return file;
}

const one = <T>(db: Database.Database, sql: string): T => db.prepare(sql).get() as T;

const DAMAGE: { name: string; check: RegExp; damage: (db: Database.Database) => void }[] = [
  { name: 'one byte of a raw message changed in its pack', check: /raw messages/, damage: (db) => {
    const m = one<{ pack: number; at: number; data: Buffer }>(db, `SELECT raw_pack AS pack, raw_offset + raw_size / 2 AS at, data
      FROM messages JOIN raw_packs ON raw_packs.id = raw_pack ORDER BY messages.id LIMIT 1 OFFSET 7`);
    const bytes = inflate(m.data); bytes[m.at] ^= 0x20;
    db.prepare('UPDATE raw_packs SET data = ? WHERE id = ?').run(deflate(bytes), m.pack);
  } },
  { name: 'one byte changed in a message stored on its own (before packs)', check: /raw messages/, damage: (db) => {
    const m = one<{ id: number; at: number; size: number; data: Buffer }>(db, `SELECT messages.id, raw_offset AS at, raw_size AS size, data
      FROM messages JOIN raw_packs ON raw_packs.id = raw_pack ORDER BY messages.id LIMIT 1 OFFSET 9`);
    const bytes = Buffer.from(inflate(m.data).subarray(m.at, m.at + m.size)); bytes[m.size >> 1] ^= 0x20;
    db.prepare('UPDATE messages SET raw = ?, raw_pack = NULL, raw_offset = NULL WHERE id = ?').run(deflate(bytes), m.id);
  } },
  { name: 'a pack that does not decompress', check: /raw messages/, damage: (db) => db.exec("UPDATE raw_packs SET data = x'00ff00ff' WHERE id = (SELECT raw_pack FROM messages WHERE id = (SELECT max(id) FROM messages))") },
  { name: 'a pack deleted', check: /raw messages/, damage: (db) => db.exec('DELETE FROM raw_packs WHERE id = (SELECT min(raw_pack) FROM messages)') },
  { name: 'raw size recorded wrong', check: /raw messages/, damage: (db) => db.exec('UPDATE messages SET raw_size = raw_size + 1 WHERE id = (SELECT min(id) FROM messages)') },
  { name: 'quarantined bytes changed', check: /quarantined raw/, damage: (db) => db.prepare("INSERT INTO quarantine (source, offset, reason, raw_sha256, raw_size, raw, at) VALUES ('x', 0, 'test', ?, 3, ?, 0)").run('0'.repeat(64), deflate(Buffer.from('abc'))) },
  { name: 'a full-text row deleted', check: /full-text rows/, damage: (db) => db.exec('DELETE FROM messages_fts WHERE rowid = (SELECT min(id) FROM messages)') },
  { name: 'a full-text row for no message', check: /full-text rows/, damage: (db) => db.exec("INSERT INTO messages_fts (rowid, subject, sender, to_addrs, cc_addrs, nq, q) VALUES (999999, 'x', '', '', '', '', '')") },
  { name: 'a message row deleted (containers still say real)', check: /thread links|full-text rows/, damage: (db) => db.exec('DELETE FROM messages WHERE id = (SELECT max(id) FROM messages)') },
  { name: 'a container deleted', check: /thread links/, damage: (db) => db.exec('DELETE FROM containers WHERE message_id = (SELECT message_id FROM messages LIMIT 1 OFFSET 3)') },
  { name: 'a parent that is no container', check: /thread links/, damage: (db) => db.exec("UPDATE containers SET parent_id = 'nowhere@example.com' WHERE message_id = (SELECT message_id FROM containers WHERE parent_id IS NOT NULL LIMIT 1)") },
  { name: 'a parent loop', check: /thread links/, damage: (db) => {
    const c = one<{ message_id: string; parent_id: string }>(db, 'SELECT message_id, parent_id FROM containers WHERE parent_id IS NOT NULL LIMIT 1');
    db.prepare('UPDATE containers SET parent_id = ? WHERE message_id = ?').run(c.message_id, c.parent_id);
  } },
  { name: 'a message moved to another thread', check: /thread links/, damage: (db) => db.exec("UPDATE messages SET thread_id = 'elsewhere@example.com' WHERE id = (SELECT id FROM messages WHERE message_id IN (SELECT message_id FROM containers WHERE parent_id IS NOT NULL) LIMIT 1)") },
  { name: 'a figure of no message', check: /foreign keys/, damage: (db) => db.exec("INSERT INTO figures (msg, seq, value, unit, canonical_value, canonical_unit, kind, text, start, \"end\") VALUES (999999, 0, 1, 'ms', 0.001, 's', 'latency', 'x', 0, 1)") },
  { name: 'an index page overwritten on disk', check: /sqlite integrity/, damage: (db) => {
    // Scribble over the first page of the messages_date index: SQLite's own check must see it.
    const page = one<{ rootpage: number }>(db, "SELECT rootpage FROM sqlite_master WHERE name = 'messages_date'").rootpage;
    const size = one<{ page_size: number }>(db, 'PRAGMA page_size').page_size;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fd = fs.openSync(db.name, 'r+');
    try { fs.writeSync(fd, Buffer.alloc(size - 200, 0x5a), 0, size - 200, (page - 1) * size + 100); } finally { fs.closeSync(fd); }
  } },
];

test('verify: a good archive is whole; its digest survives a copy', async () => {
  const v = await verifyCli(good);
  assert.equal(v.code, 0, problemsOf(v.report));
  assert.match(v.report.digest, /^[0-9a-f]{64}$/);
  goodDigest = v.report.digest;
  record(SUITE, { area: 'Verify', fault: 'undamaged archive (LKML corpus)', cases: 1, pass: true, result: 'exit 0, every check ok' });
});

test('verify: every kind of damage makes it exit non-zero and name the damaged check', async () => {
  const caught: string[] = [];
  let pass = false;
  try {
    for (const d of DAMAGE) {
      const file = damaged(d.name.replace(/\W+/g, '-'), d.damage);
      const r = await verifyCli(file);
      assert.equal(r.code, 1, `${d.name}: verify exited ${r.code}`);
      assert.equal(r.report.ok, false, d.name);
      const bad = r.report.checks.filter((c) => !c.ok).map((c) => c.name).join(', ');
      assert.match(bad, d.check, `${d.name}: flagged ${bad}`);
      caught.push(d.name);
    }
    pass = true;
  } finally {
    record(SUITE, { area: 'Verify', fault: 'damage done to a copy of a good archive', cases: DAMAGE.length, pass,
      result: pass ? `all ${DAMAGE.length} caught, exit 1: ${caught.join('; ')}` : `caught ${caught.length} of ${DAMAGE.length}` });
  }
  assert.ok(goodDigest);
});

test('verify: no database at the path is a sentence and exit 3, not a stack', async () => {
  const r = await runCli(['verify', '--db', path.join(dir, 'missing.db')], { timeoutMs: 60000 });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /no database at .*missing\.db/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(fs.existsSync(path.join(dir, 'missing.db')), false, 'verify created the database it was asked to check');
});
