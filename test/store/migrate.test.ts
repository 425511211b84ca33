import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../src/store/db';
import { MIGRATIONS_DIR } from '../../src/core/config';
import { tmpDir } from '../helpers/corpus';
import { QUOTES_IN_THREAD } from '../../src/store/figures';

// Opening an older database migrates it; migrations are recorded and applied once.

const all = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();

test('an old database (first migration only) is brought up to date on open, data kept', () => {
  const file = path.join(tmpDir(), 'old.db');
  const old = new Database(file);
  old.exec(fs.readFileSync(path.join(MIGRATIONS_DIR, all[0]), 'utf8'));
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(Number(all[0].slice(0, 4)), all[0].replace(/\.sql$/, ''));
  old.exec("INSERT INTO lists (name) VALUES ('lkml')");
  old.close();

  // A reader asks first: it may not write, so the writer migrates for it.
  const ro = openDb(file, { readonly: true });
  const versions = ro.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  assert.deepEqual(versions, all.map((f) => Number(f.slice(0, 4))));
  assert.equal(ro.prepare("SELECT count(*) FROM lists WHERE name = 'lkml'").pluck().get(), 1);
  assert.throws(() => ro.exec("INSERT INTO lists (name) VALUES ('x')"), /readonly|read-only|query_only/i);
  ro.close();

  const rw = openDb(file);
  assert.equal(rw.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), all.length, 'nothing applied twice');
  assert.equal(rw.pragma('journal_mode', { simple: true }), 'wal');
  rw.close();
});

test('a reader on a missing database says what to do', () => {
  assert.throws(() => openDb(path.join(tmpDir(), 'none.db'), { readonly: true }), /benchmail import/);
});

/** A database with the migrations before `version` applied (as an older benchmail left it) and one list. */
function databaseBefore(version: number): { file: string; old: Database.Database } {
  const file = path.join(tmpDir(), `pre${version}.db`);
  const old = new Database(file);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const f of all.filter((f) => Number(f.slice(0, 4)) < version)) {
    old.exec(fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8'));
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(Number(f.slice(0, 4)), f.replace(/\.sql$/, ''));
  }
  old.exec("INSERT INTO lists (id, name) VALUES (1, 'lkml')");
  return { file, old };
}

test('figures keyed by Message-ID (before 0009) keep their ids, values and links, now keyed by message row', () => {
  const { file, old } = databaseBefore(9);
  const msg = old.prepare(`INSERT INTO messages (id, message_id, list_id, thread_id, raw_sha256, raw_size, raw, imported_at)
    VALUES (?, ?, 1, ?, 'x', 0, x'', 0)`);
  msg.run(7, 'a@x', 'a@x');
  msg.run(9, 'b@x', 'a@x');
  const fig = old.prepare(`INSERT INTO figures (id, message_id, seq, value, unit, canonical_value, canonical_unit, kind, quoted,
    quoted_from, origin_message_id, origin_figure_id, text, start, "end") VALUES (?, ?, ?, ?, 'MB/sec', ?, 'B/s', 'throughput', ?, ?, ?, ?, 't', 0, 1)`);
  fig.run(40, 'a@x', 0, 141.63, 141.63e6, 0, null, null, null);
  fig.run(41, 'b@x', 0, 141.63, 141.63e6, 1, 'Pekka', 'a@x', 40);
  old.close();

  const db = openDb(file);
  const rows = db.prepare('SELECT f.id, f.msg, m.message_id, f.value, f.origin_message_id, f.origin_figure_id FROM figures f JOIN messages m ON m.id = f.msg ORDER BY f.id').all();
  assert.deepEqual(rows, [
    { id: 40, msg: 7, message_id: 'a@x', value: 141.63, origin_message_id: null, origin_figure_id: null },
    { id: 41, msg: 9, message_id: 'b@x', value: 141.63, origin_message_id: 'a@x', origin_figure_id: 40 },
  ]);
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'figures' ORDER BY name").pluck().all();
  assert.deepEqual(names, ['figures_origin', 'figures_quoted', 'figures_tool', 'figures_unit_value', 'sqlite_autoindex_figures_1']);
  db.close();
});

test('message sources (before 0010, one path per row) move to the sources table, stored once', () => {
  const { file, old } = databaseBefore(10);
  const msg = old.prepare(`INSERT INTO messages (message_id, list_id, thread_id, raw_sha256, raw_size, raw, imported_at, source)
    VALUES (?, 1, ?, 'x', 0, x'', 0, ?)`);
  msg.run('a@x', 'a@x', '/archive/2001-05.mbox');
  msg.run('b@x', 'a@x', '/archive/2001-05.mbox');
  msg.run('c@x', 'c@x', null);
  old.close();

  const db = openDb(file);
  assert.deepEqual(db.prepare('SELECT name FROM sources').pluck().all(), ['/archive/2001-05.mbox']);
  const rows = db.prepare('SELECT m.message_id, m.source, s.name FROM messages m LEFT JOIN sources s ON s.id = m.source_id ORDER BY m.message_id').all();
  assert.deepEqual(rows, [
    { message_id: 'a@x', source: null, name: '/archive/2001-05.mbox' },
    { message_id: 'b@x', source: null, name: '/archive/2001-05.mbox' },
    { message_id: 'c@x', source: null, name: null },
  ]);
  db.close();
});

test('the origin linker reads a thread\'s quoted figures through the partial index of 0013', () => {
  const db = openDb(path.join(tmpDir(), 'plan.db'));
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${QUOTES_IN_THREAD}`).all('t@x') as { detail: string }[]).map((r) => r.detail).join('\n');
  assert.match(plan, /SEARCH f USING INDEX figures_quoted/);
  db.close();
});
