import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb, type DB } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { deferIndexes, pendingIndexes } from '../../src/store/deferred-indexes';
import { searchMessages } from '../../src/search/index';
import { verifyDatabase } from '../../src/api/verify';
import { corpusFiles, tmpDir } from '../helpers/corpus';

// A large import builds the figure search indexes once at its end. What users see
// must not change: the indexes exist afterwards, an import killed while they were
// dropped leaves a record that the next import acts on, and figure queries answer
// the same with or without them.

const FIGURE_INDEXES = ['figures_tool', 'figures_unit_value'];
const indexes = (db: DB) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'figures_%' ORDER BY name")
  .pluck().all() as string[];
const figureQuery = (db: DB) => searchMessages(db, 'v:>1MB/s unit:B/s', { limit: 500 }).results.map((r) => r.messageId).sort();

test('a bulk import into a fresh database ends with every figure index built', async () => {
  const db = openDb(path.join(tmpDir(), 'b.db'));
  const seen: string[][] = [];
  await importPaths(db, corpusFiles(), { threads: 0, batchSize: 50, onBatch: (d) => { seen.push(indexes(d)); } });
  assert.ok(seen.length > 1);
  assert.ok(seen.every((names) => !names.includes('figures_unit_value')), 'dropped while the batches were written');
  for (const name of FIGURE_INDEXES) assert.ok(indexes(db).includes(name), `${name} rebuilt`);
  assert.deepEqual(pendingIndexes(db), []);
  // the build sorts on helper threads with a small cache (deferred-indexes.ts); the writer gets its own back
  assert.equal(db.pragma('cache_size', { simple: true }), -32768);
  assert.equal(db.pragma('threads', { simple: true }), 0);
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT msg FROM figures WHERE canonical_unit = 'B/s' AND canonical_value > 1e6").all() as { detail: string }[];
  assert.match(plan.map((p) => p.detail).join('\n'), /figures_unit_value/);
  db.close();
});

test('an import killed with the indexes dropped: queries still answer, the next import rebuilds them', async () => {
  const file = path.join(tmpDir(), 'k.db');
  let db = openDb(file);
  const files = corpusFiles();
  await importPaths(db, files, { threads: 0 });
  const before = figureQuery(db);
  assert.ok(before.length > 5, 'the corpus has byte-rate figures above 1 MB/s');
  deferIndexes(db); // what a bulk import does first, then the process dies
  db.close();

  const report = verifyDatabase(file);
  assert.ok(report.ok, 'not damage');
  assert.match(report.checks.find((c) => c.name === 'figure search indexes')?.skipped ?? '', /figures_tool, figures_unit_value not built yet/);
  db = openDb(file);
  assert.deepEqual(pendingIndexes(db), FIGURE_INDEXES);
  assert.deepEqual(figureQuery(db), before, 'same answer by scanning');
  // a small import (nothing new, not bulk) rebuilds what the killed one left
  const s = await importPaths(db, files.slice(0, 1), { threads: 0, bulk: false });
  assert.equal(s.new, 0);
  assert.deepEqual(pendingIndexes(db), []);
  for (const name of FIGURE_INDEXES) assert.ok(indexes(db).includes(name));
  assert.deepEqual(figureQuery(db), before);
  db.close();
});

test('an import that is not bulk keeps the figure indexes throughout', async () => {
  const db = openDb(path.join(tmpDir(), 'n.db'));
  const seen: string[][] = [];
  await importPaths(db, corpusFiles(), { threads: 0, batchSize: 50, bulk: false, onBatch: (d) => { seen.push(indexes(d)); } });
  assert.ok(seen.every((names) => FIGURE_INDEXES.every((n) => names.includes(n))));
  db.close();
});
