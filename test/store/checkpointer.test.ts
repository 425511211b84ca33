import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { Checkpointer, type CheckpointStats } from '../../src/store/checkpointer';
import { corpusFiles, tmpDir } from '../helpers/corpus';

// During an import the WAL is checkpointed from a thread of its own (checkpointer.ts).
// What must hold: the checkpoints happen there, the WAL still rewinds while the writer
// commits back to back, the writer gets its automatic checkpoint back, and the
// database is whole and complete afterwards.

test('an import of many batches checkpoints from its own thread and leaves a whole database', async () => {
  const db = openDb(path.join(tmpDir(), 'c.db'));
  let stats: CheckpointStats | null = null;
  const s = await importPaths(db, corpusFiles(), { threads: 0, batchSize: 20, onCheckpoints: (c) => { stats = c; } });
  assert.ok(stats, 'a checkpoint thread ran');
  const st = stats as CheckpointStats;
  assert.ok(st.checkpoints > 0, `${st.checkpoints} checkpoints`);
  assert.deepEqual(st.errors, []);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the writer checkpoints for itself again');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), s.new);
  db.close();
});

test('a small import starts no checkpoint thread', async () => {
  const db = openDb(path.join(tmpDir(), 's.db'));
  let called = false;
  await importPaths(db, corpusFiles().slice(0, 1), { threads: 0, onCheckpoints: () => { called = true; } });
  assert.equal(called, false);
  db.close();
});

test('the WAL rewinds while the writer commits back to back, and stays near the backstop', async () => {
  const file = path.join(tmpDir(), 'w.db');
  const db = openDb(file);
  db.exec('CREATE TABLE t (x BLOB)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const ck = Checkpointer.start(db, { backstopBytes: 64 * pageSize })!;
  await ck.ready;
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(4000))');
  const commits = 300;
  for (let i = 0; i < commits; i++) {
    db.transaction(() => { for (let k = 0; k < 40; k++) insert.run(); })(); // ~12 frames a commit
    ck.committed();
    await new Promise(setImmediate);
  }
  const stats = await ck.stop();
  assert.ok(stats.checkpoints > 0 && stats.errors.length === 0, JSON.stringify(stats));
  // Never rewound, the WAL would hold every commit: ~3,600 frames. With the thread alone
  // and SQLite's automatic checkpoint as the backstop it grew to ~1,750 (the thread held
  // the checkpoint lock whenever the writer tried). SQLite's own checkpoint, left as a last
  // resort, starts at 4 x the backstop: below that, the rewinding is the checkpointer's.
  const frames = (fs.statSync(`${file}-wal`).size - 32) / (pageSize + 24);
  assert.ok(frames < 4 * 64, `WAL grew to ${frames} frames (backstop 64)`);
  assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), commits * 40);
  db.close();
});

// (a timeout, not a timing: the writer must not wait out STUCK_MS for a thread that is gone)
test('a checkpoint thread that cannot open the database: the writer goes on checkpointing itself, nothing lost', { timeout: 20_000 }, async () => {
  const dir = tmpDir();
  const db = openDb(path.join(dir, 'a', 'g.db'));
  db.exec('CREATE TABLE t (x BLOB)');
  // the archive's directory moves away under a running writer: its open files stay
  // good, a new connection to the old path cannot be made
  fs.renameSync(path.join(dir, 'a'), path.join(dir, 'b'));
  const ck = Checkpointer.start(db, { backstopBytes: 64 * 16384 })!;
  // no await: the writer runs ahead of the thread's start and then waits for it (MAX_LAG)
  // in a loop that lets no event through
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(4000))');
  for (let i = 0; i < 10; i++) {
    db.transaction(() => { for (let k = 0; k < 40; k++) insert.run(); })();
    ck.committed();
  }
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'SQLite checkpoints for the writer again');
  const stats = await ck.stop();
  assert.equal(stats.checkpoints, 0);
  assert.match(stats.errors.join('\n'), /unable to open|no such file|cannot open/i);
  assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 400);
  db.close();
});

test('an import whose checkpoint thread fails says so in its summary and stores every message', async () => {
  const dir = tmpDir();
  const db = openDb(path.join(dir, 'a', 'n.db'));
  let moved = false;
  let stats: CheckpointStats | null = null;
  const s = await importPaths(db, corpusFiles(), {
    threads: 0, batchSize: 20, onCheckpoints: (c) => { stats = c; },
    // after the first batch the directory moves away: the thread, started after the
    // second, cannot open the database; the writer's open files stay good
    onBatch: () => { if (!moved) { fs.renameSync(path.join(dir, 'a'), path.join(dir, 'b')); moved = true; } },
  });
  assert.ok(stats && (stats as CheckpointStats).errors.length > 0, 'the thread failed');
  const note = s.notes.find((n) => /checkpoint thread failed/.test(n.message));
  assert.ok(note, JSON.stringify(s.notes));
  assert.match(note!.message, /No mail was lost/);
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), s.new);
  assert.equal(s.new, 294);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('no checkpoint thread for an in-memory database', () => {
  const db = openDb(':memory:');
  assert.equal(Checkpointer.start(db), null);
  db.close();
});
