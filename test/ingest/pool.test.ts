import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessPool } from '../../src/ingest/pool';
import { processRaw } from '../../src/ingest/process';
import { corpusMessages } from '../helpers/corpus';

// A worker thread that dies mid-batch costs nothing: its batch is parsed again on
// the main thread, with a note, and the pool keeps working with a new worker.
test('a dead worker’s batch is redone inline and the pool goes on', async () => {
  const items = (await corpusMessages()).slice(0, 40);
  const pool = new ProcessPool(1, true);
  try {
    const pending = pool.run(items.slice(0, 20));
    await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
    const out = await pending;
    const inline = items.slice(0, 20).map((it) => processRaw(it, { extract: true }));
    assert.deepEqual(out.map((p) => p.sha256), inline.map((p) => p.sha256));
    assert.deepEqual(out.map((p) => (p.ok ? p.extraction?.figures.length : -1)), inline.map((p) => (p.ok ? p.extraction?.figures.length : -1)));
    assert.ok(pool.notes.some((n) => /parser thread stopped/.test(n)), pool.notes.join('; '));
    const next = await pool.run(items.slice(20));
    assert.equal(next.length, 20, 'the replacement worker takes the next batch');
  } finally { await pool.close(); }
});
