import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { openDb, type DB } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { evaluate } from '../../src/api/eval';
import { scoreFigures, type GoldLabel, type Prediction } from '../../src/extract/score';

// Measured, not asserted: import the dev corpus through the real import, run the
// real eval against the gold labels, and hold the targets of issue #4.

const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
let dir: string;
let db: DB;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-eval-'));
  db = openDb(path.join(dir, 'eval.db'));
  const corpus = path.join(SHARED, 'corpus');
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.mbox')).map((f) => path.join(corpus, f));
  await importPaths(db, files, { threads: 0 });
});
after(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

test('dev set: precision >= 0.90, recall >= 0.85, quoted >= 0.95, tool >= 0.80', { timeout: 300000 }, () => {
  const r = evaluate(db, path.join(SHARED, 'gold'));
  process.stdout.write(`# eval: P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)} ` +
    `quoted ${r.quotedAccuracy.toFixed(3)} quotedFrom ${r.quotedFromAccuracy.toFixed(3)} tool ${r.toolAccuracy.toFixed(3)}\n`);
  assert.deepEqual(r.missing, [], 'every labelled message is imported');
  assert.ok(r.precision >= 0.90, `precision ${r.precision}`);
  assert.ok(r.recall >= 0.85, `recall ${r.recall}`);
  assert.ok(r.quotedAccuracy >= 0.95, `quoted accuracy ${r.quotedAccuracy}`);
  assert.ok(r.toolAccuracy >= 0.80, `tool accuracy ${r.toolAccuracy}`);
  assert.equal(r.tp + r.fp, r.tp + r.falsePositives.length);
});

test('the scorer follows the gold matching rule', () => {
  const L = (v: number, opt = false, u = 'B/s'): GoldLabel => ({ messageId: 'm', value: v, unit: '', canonicalValue: v, canonicalUnit: u,
    quoted: false, quotedFrom: null, tool: null, optional: opt, text: '' });
  const P = (v: number, u = 'B/s'): Prediction => ({ messageId: 'm', value: v, unit: '', canonicalValue: v, canonicalUnit: u,
    quoted: false, quotedFrom: null, tool: null, text: '' });
  // within 1% matches; one-to-one; optional labels count neither way; other units never match
  const s = scoreFigures([P(100.9), P(100), P(50), P(7, 's'), P(3)], [L(100), L(50, true), L(7)], ['m']);
  assert.equal(s.tp, 1);
  assert.equal(s.fp, 3);   // the second 100, 7 s (label is B/s), 3
  assert.equal(s.fn, 1);   // 7 B/s
  assert.equal(s.precision, 0.25);
  assert.equal(s.recall, 0.5);
  // non-optional labels are preferred when a prediction could match either
  const t = scoreFigures([P(100)], [L(100, true), L(100.5)], ['m']);
  assert.deepEqual([t.tp, t.fp, t.fn], [1, 0, 0]);
  // messages not listed are ignored
  assert.equal(scoreFigures([{ ...P(1), messageId: 'other' }], [], ['m']).fp, 0);
});
