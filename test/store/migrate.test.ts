import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../src/store/db';
import { MIGRATIONS_DIR } from '../../src/core/config';
import { tmpDir } from '../helpers/corpus';

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
