import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SHARED, corpusFiles, tmpDir } from '../helpers/corpus';
import { runCli, record, resetRecords, query, verifyCli, problemsOf, snapshotBuild } from './helpers';

// Crash safety: the import is killed with SIGKILL at random moments, over and over on
// the same database, then run to the end. After every kill `benchmail verify` must find
// the database whole and no message once stored may be gone; at the end the content
// digest must equal that of an import that was never interrupted.

const SUITE = 'crash';
let dir: string;
let generated: string;
let bin: string; // a frozen build: every run of this file uses the same code

/** mulberry32: the kill moments are random but the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

before(() => {
  resetRecords(SUITE);
  dir = tmpDir('benchmail-crash-');
  bin = snapshotBuild(dir);
  generated = path.join(dir, 'bench-3000.mbox');
  execFileSync(process.execPath, [path.join(SHARED, 'tools', 'make-bench-corpus'), '--messages', '3000', '--seed', '2', '--out', generated], { stdio: 'ignore' });
});

async function crashLoop(name: string, sources: string[], kills: number, seed: number): Promise<void> {
  const clean = path.join(dir, `${name}-clean.db`);
  const t = await runCli(['import', ...sources, '--db', clean, '--quiet'], { timeoutMs: 120000, bin });
  assert.equal(t.code, 0, t.stderr);
  const want = await verifyCli(clean, bin);
  assert.equal(want.code, 0, problemsOf(want.report));

  let round = 0;
  let db = path.join(dir, `${name}-killed-${round}.db`);
  const rnd = prng(seed);
  let stored = new Set<string>();
  let midway = 0; // kills that left a partial database (neither empty nor complete)
  const counts: number[] = [];
  let inCommitKills = 0; // kills while a batch was being written to the WAL
  let pass = false;
  try {
    for (let i = 0; i < kills; i++) {
      // Batches commit in the second half of a run (workers parse ahead): aim there,
      // with a few kills before anything is written and after the end.
      // Every other kill lands inside a commit: when the WAL has grown by 256 KB, within 30 ms
      // (and past the ~0.9 MB the migrations of a new database write, so not in those).
      const inCommit = i % 2 === 1;
      const at = Math.round(t.ms * (0.3 + 0.8 * rnd()));
      const delay = Math.round(rnd() * 30);
      const r = await runCli(['import', ...sources, '--db', db, '--quiet'], inCommit
        ? { timeoutMs: 120000, bin, killWhenGrows: { file: `${db}-wal`, bytes: 256 * 1024, minSize: 1536 * 1024, delayMs: delay } }
        : { timeoutMs: 120000, bin, killAfterMs: at });
      if (inCommit && r.killed) inCommitKills++;
      assert.ok(r.killed || r.code === 0, `kill ${i} (${inCommit ? `in a commit +${delay} ms` : `at ${at} ms`}): import failed by itself: ${r.stderr.slice(0, 300)}`);
      if (!fs.existsSync(db)) {
        // Killed before it opened the database: nothing was written, nothing can be lost.
        assert.equal(stored.size, 0, `after kill ${i}: the database with ${stored.size} messages is gone`);
        counts.push(0);
        continue;
      }
      const v = await verifyCli(db, bin);
      assert.equal(v.code, 0, `after kill ${i} (${inCommit ? 'in a commit' : `at ${at} ms`}): ${problemsOf(v.report)}`);
      const now = new Set(query<{ message_id: string }>(db, 'SELECT message_id FROM messages').map((x) => x.message_id));
      for (const id of stored) assert.ok(now.has(id), `after kill ${i}: stored message ${id} is gone`);
      if (now.size > 0 && now.size < want.report.counts.messages) midway++;
      stored = now;
      counts.push(now.size);
      if (now.size === want.report.counts.messages) {
        // Killed after the last commit: the archive must be the clean one; go on with a fresh one.
        assert.equal(v.report.digest, want.report.digest, `after kill ${i}: complete but not the same content`);
        db = path.join(dir, `${name}-killed-${++round}.db`);
        stored = new Set();
      }
    }
    const last = await runCli(['import', ...sources, '--db', db, '--quiet'], { timeoutMs: 120000, bin });
    assert.equal(last.code, 0, last.stderr);
    const got = await verifyCli(db, bin);
    assert.equal(got.code, 0, problemsOf(got.report));
    assert.equal(got.report.counts.messages, want.report.counts.messages);
    assert.equal(got.report.counts.figures, want.report.counts.figures);
    assert.equal(got.report.digest, want.report.digest, 'the interrupted import ends with other content than a clean one');
    pass = true;
  } finally {
    record(SUITE, {
      area: 'Crash safety', fault: `SIGKILL during import of ${name}, then re-run`, cases: kills, pass,
      result: pass ? `${inCommitKills} kills timed on a commit (WAL growing, +0-30 ms), the rest at random times; verify whole after every kill (messages stored after each: ${counts.join(', ')}); ${round} archives completed by a killed run; each ends with the clean import's digest` : 'FAILED',
      detail: { kills, inCommitKills, midway, rounds: round + 1, messages: want.report.counts.messages, countsAfterKills: counts },
    });
  }
}

test('SIGKILL at random points of a corpus import: whole after each kill, same digest at the end', async () => {
  await crashLoop('the LKML corpus (294 messages)', corpusFiles(), 13, 1);
});

test('SIGKILL at random points of a generated 3,000-message archive: whole after each kill, same digest at the end', async () => {
  await crashLoop('a generated archive (3,000 messages)', [generated], 7, 2);
});
