import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { SHARED, CORPUS, tmpDir } from '../helpers/corpus';
import { runCli, record, resetRecords, query, verifyCli, problemsOf } from './helpers';

// Disk full: the database lives on a 2 MB tmpfs (mounted here, as root). A small
// import fits; a bigger one must fail with a sentence, and leave the database whole
// and as it was after its last committed batch.

const SUITE = 'diskfull';
let dir: string, mnt: string, mounted = false, skip: string | false = false;

before(() => {
  resetRecords(SUITE);
  dir = tmpDir('benchmail-diskfull-');
  mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
  if (process.getuid?.() !== 0) { skip = 'not root: cannot mount a small tmpfs'; return; }
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (r.status !== 0) { skip = `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}`; return; }
  mounted = true;
});
after(() => { if (mounted) spawnSync('umount', ['-l', mnt]); });

test('import onto a full disk: a clear error, the database whole and unchanged since its last commit', async (t) => {
  if (skip) {
    record(SUITE, { area: 'Disk full', fault: 'import onto a 2 MB tmpfs', cases: 0, pass: true, result: `skipped: ${skip}` });
    t.skip(skip);
    return;
  }
  const db = path.join(mnt, 'archive.db');
  const big = path.join(dir, 'bench-1500.mbox');
  execFileSync(process.execPath, [path.join(SHARED, 'tools', 'make-bench-corpus'), '--messages', '1500', '--seed', '3', '--out', big], { stdio: 'ignore' });
  let pass = false, outcome = '';
  try {
    const small = await runCli(['import', path.join(CORPUS, '2-4-7-ac4-disk-thrashing.mbox'), '--db', db, '--quiet'], { timeoutMs: 60000 });
    assert.equal(small.code, 0, `the small import should fit: ${small.stderr}`);
    const before = await verifyCli(db);
    assert.equal(before.code, 0, problemsOf(before.report));

    const r = await runCli(['import', big, '--db', db, '--quiet'], { timeoutMs: 120000 });
    assert.equal(r.timedOut, false);
    assert.notEqual(r.code, 0, 'the import cannot have fitted in 2 MB');
    assert.match(r.stderr, /disk .*full/i, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `not a clear message: ${r.stderr.slice(0, 300)}`);

    const after = await verifyCli(db);
    assert.equal(after.code, 0, `after the failed import: ${problemsOf(after.report)}`);
    // Batches are whole: either none of the big import is in, or whole batches of 1,000.
    const added = after.report.counts.messages - before.report.counts.messages;
    assert.ok(added % 1000 === 0, `${added} messages added: part of a batch`);
    if (added === 0) assert.equal(after.report.digest, before.report.digest, 'nothing added, yet the content changed');
    // Usable: read and searched as before.
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'disk'")[0].n > 0, true);
    // Space freed (the tmpfs grown): the same import completes what was missing.
    const grown = spawnSync('mount', ['-o', 'remount,size=64m', mnt], { encoding: 'utf8' });
    assert.equal(grown.status, 0, `remount: ${grown.stderr}`);
    const again = await runCli(['import', big, '--db', db, '--quiet'], { timeoutMs: 120000 });
    assert.equal(again.code, 0, again.stderr);
    const done = await verifyCli(db);
    assert.equal(done.code, 0, problemsOf(done.report));
    assert.equal(done.report.counts.messages, before.report.counts.messages + 1500);
    outcome = `exit ${r.code}: "${r.stderr.trim().replace(/^benchmail: /, '').replace(/\/tmp\/[^ ]+/, 'DB').slice(0, 90)}..."; verify whole; ${added} messages added (whole batches only); after freeing space the same import completes (+1500, verify whole)`;
    pass = true;
  } finally {
    record(SUITE, { area: 'Disk full', fault: 'import onto a 2 MB tmpfs', cases: 1, pass, result: pass ? outcome : 'FAILED' });
  }
});
