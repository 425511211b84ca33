import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { ProcessPool } from '../../src/ingest/pool';
import { processBatch, type Processed } from '../../src/ingest/process';
import { inflate } from '../../src/core/compress';
import { decodeExtraction } from '../../src/core/figure-rows';
import { corpusMessages } from '../helpers/corpus';

// A worker thread that dies mid-batch costs nothing: its batch is parsed again on
// the main thread, with a note, and the pool keeps working with a new worker.
test('a dead worker’s batch is redone inline and the pool goes on', async () => {
  const items = (await corpusMessages()).slice(0, 40);
  const pool = new ProcessPool(1, true);
  try {
    const pending = pool.run(items.slice(0, 20));
    const packedHere = pool.run(items.slice(0, 20), true);
    await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
    const out = await pending;
    assert.deepEqual((await packedHere).map((p) => p.sha256), out.map((p) => p.sha256), 'a batch packed here is redone too');
    const inline = processBatch(items.slice(0, 20), { extract: true });
    assert.deepEqual(out.map((p) => p.sha256), inline.map((p) => p.sha256));
    const figures = (ps: Processed[]) => ps.map((p) => (p.ok && p.extraction ? decodeExtraction(p.extraction).figures : null));
    assert.deepEqual(figures(out), figures(inline));
    assert.ok(pool.notes.some((n) => /parser thread stopped/.test(n)), pool.notes.join('; '));
    const next = await pool.run(items.slice(20));
    assert.equal(next.length, 20, 'the replacement worker takes the next batch');
  } finally { await pool.close(); }
});

// The writer stores a pack once, with its first new member: that only works if the
// members of a pack still share one object after the trip back from the worker.
test('messages packed in a worker come back sharing their pack, each at its own bytes', async () => {
  const items = (await corpusMessages()).slice(0, 60);
  const pool = new ProcessPool(1, false);
  let out: Processed[];
  try { out = await pool.run(items); } finally { await pool.close(); }
  const ok = out.flatMap((p, i) => (p.ok ? [{ p, raw: items[i].raw }] : []));
  const packs = new Set(ok.map(({ p }) => p.packed.pack));
  assert.ok(packs.size > 1 && packs.size < ok.length / 2, `${ok.length} messages in ${packs.size} packs`);
  for (const { p, raw } of ok) {
    assert.ok(Buffer.isBuffer(p.packed.pack.data));
    const bytes = inflate(p.packed.pack.data).subarray(p.packed.offset, p.packed.offset + p.rawSize);
    assert.ok(bytes.equals(raw), `message at offset ${p.offset} comes back byte for byte`);
  }
});

// While the writer waits, the import packs batches on the main thread and the worker
// only parses them: what comes back must be the same either way.
test('a batch packed on the main thread comes back as one packed in the worker', async () => {
  const items = (await corpusMessages()).slice(0, 60);
  const pool = new ProcessPool(1, true);
  let here: Processed[], there: Processed[];
  try { [here, there] = await Promise.all([pool.run(items, true), pool.run(items, false)]); } finally { await pool.close(); }
  assert.deepEqual(here.map((p) => p.sha256), there.map((p) => p.sha256));
  here.forEach((p, i) => {
    const q = there[i];
    assert.equal(p.ok, q.ok);
    if (!p.ok || !q.ok) return;
    assert.equal(p.extraction, q.extraction);
    assert.equal(p.packed.offset, q.packed.offset);
    assert.ok(Buffer.isBuffer(p.packed.pack.data));
    assert.ok(inflate(p.packed.pack.data).equals(inflate(q.packed.pack.data)), `message ${i} sits in the same bytes`);
  });
  const packs = new Set(here.flatMap((p) => (p.ok ? [p.packed.pack] : [])));
  assert.ok(packs.size > 1 && packs.size < here.length / 2, 'members of a pack share it');
});

// The writer (main thread) sets an import's pace: workers that outnumber the cores
// beside it yield to it; a pool that leaves the writer a core keeps normal priority.
test('worker threads yield to the main thread only when they outnumber the other cores (Linux)', { skip: process.platform !== 'linux' || os.getPriority() > 9 }, async () => {
  const niceOf = (tid: string) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
  const lowered = Math.min(19, os.getPriority() + 10);
  const cores = os.availableParallelism();
  const niceCounts = async (threads: number) => {
    const pool = new ProcessPool(threads, false);
    try {
      await Promise.all(Array.from({ length: threads }, async () => pool.run((await corpusMessages()).slice(0, 2)))); // every worker is up and has run
      assert.equal(niceOf(String(process.pid)), os.getPriority(), 'the main thread keeps its priority');
      return fs.readdirSync('/proc/self/task').map(niceOf).filter((n) => n === lowered).length;
    } finally { await pool.close(); }
  };
  assert.equal(await niceCounts(cores), cores, `${cores} workers on ${cores} cores run lowered`);
  if (cores > 1) assert.equal(await niceCounts(cores - 1), 0, `${cores - 1} workers beside the writer keep their priority`);
});
