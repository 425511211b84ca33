// readPublicInbox / isPublicInboxGit against real inboxes built by public-inbox itself
// from ../shared/corpus (v2 with an epoch, v1 as a single bare repo).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isPublicInboxGit, readPublicInbox, readEpoch, listEpochs, type PublicInboxMessage } from '../../src/ingest/publicinbox';
import { BenchmailError } from '../../src/core/errors';
import {
  publicInboxMissing, buildInbox, corpusMboxes, inboxMessageIds, commitCount, CORPUS, type TestInbox,
} from '../helpers/publicinbox-server';

const missing = publicInboxMissing();
const skip = missing ? `public-inbox not available: ${missing}` : false;

let v2: TestInbox;
let v1: TestInbox;
let scratch: string;

before(() => {
  if (missing) return;
  v2 = buildInbox(corpusMboxes(), { name: 'lkml' });
  v1 = buildInbox(corpusMboxes().slice(0, 4), { name: 'old', version: 1 });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-pi-scratch-'));
});

after(() => {
  v2?.cleanup();
  v1?.cleanup();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function git(gitDir: string, ...args: string[]): string {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** Message-ID header of raw bytes (test-side, independent of src/ingest/parse). */
function msgIdOf(raw: Buffer): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*<([^>\r\n]{1,995})>/im.exec(head);
  return m ? m[1].trim() : null;
}

async function all(it: AsyncIterable<PublicInboxMessage>): Promise<PublicInboxMessage[]> {
  const out: PublicInboxMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}

test('isPublicInboxGit recognises inboxes by content, not by name', { skip }, () => {
  assert.equal(isPublicInboxGit(v2.dir), true, 'v2 inbox directory');
  assert.equal(isPublicInboxGit(path.join(v2.dir, 'git', '0.git')), true, 'a v2 epoch on its own');
  assert.equal(isPublicInboxGit(v1.dir), true, 'v1 inbox (bare repo)');
  // a copy of an epoch under an unhelpful name is still an inbox
  const renamed = path.join(scratch, 'whatever');
  spawnSync('git', ['clone', '-q', '--bare', path.join(v2.dir, 'git', '0.git'), renamed]);
  assert.equal(isPublicInboxGit(renamed), true, 'bare clone named "whatever"');
  assert.equal(isPublicInboxGit(CORPUS), false, 'a directory of mbox files');
  const empty = path.join(scratch, 'empty.git');
  spawnSync('git', ['init', '-q', '--bare', empty]);
  assert.equal(isPublicInboxGit(empty), false, 'an empty bare repo named *.git');
  const code = path.join(scratch, 'code.git');
  spawnSync('git', ['clone', '-q', '--bare', path.join(scratch, 'whatever'), code]);
  // rewrite to an ordinary source tree: one README at the top
  const blob = spawnSync('git', ['--git-dir', code, 'hash-object', '-w', '--stdin'], { input: 'hello\n', encoding: 'utf8' }).stdout.trim();
  const tree = spawnSync('git', ['--git-dir', code, 'mktree'], { input: `100644 blob ${blob}\tREADME\n`, encoding: 'utf8' }).stdout.trim();
  const commit = spawnSync('git', ['--git-dir', code, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit-tree', tree, '-m', 'x'], { encoding: 'utf8' }).stdout.trim();
  git(code, 'update-ref', 'HEAD', commit);
  assert.equal(isPublicInboxGit(code), false, 'a bare repo of source code');
});

test('readPublicInbox (v2) yields every message once, oldest commit first, bytes as stored', { skip }, async () => {
  const epoch = path.join(v2.dir, 'git', '0.git');
  const got = await all(readPublicInbox(v2.dir));
  assert.equal(got.length, commitCount(epoch));
  assert.equal(got.length, 294, 'the corpus holds 294 messages');
  assert.deepEqual(got.map((m) => m.commit), git(epoch, 'rev-list', '--reverse', 'HEAD').trim().split('\n'));
  assert.deepEqual(got.map((m) => msgIdOf(m.raw)).sort(), inboxMessageIds(v2).sort(),
    'the Message-IDs public-inbox recorded in its msgmap');
  for (const m of got) {
    assert.equal(m.epoch, 'git/0.git');
    assert.equal(m.source, `git:git/0.git:${m.commit}`);
    assert.equal(m.offset, null);
  }
  for (const i of [0, 137, got.length - 1]) {
    const blob = spawnSync('git', ['--git-dir', epoch, 'cat-file', 'blob', `${got[i].commit}:m`]).stdout;
    assert.ok(blob.equals(got[i].raw), `message ${i} is the blob m of its commit, byte for byte`);
  }
});

test('readPublicInbox resumes after a commit and filters by date', { skip }, async () => {
  const epoch = path.join(v2.dir, 'git', '0.git');
  const commits = git(epoch, 'rev-list', '--reverse', 'HEAD').trim().split('\n');
  const rest = await all(readPublicInbox(v2.dir, { after: { 'git/0.git': commits[100] } }));
  assert.deepEqual(rest.map((m) => m.commit), commits.slice(101));
  const none = await all(readPublicInbox(v2.dir, { after: { 'git/0.git': commits[commits.length - 1] } }));
  assert.equal(none.length, 0);

  // public-inbox stores the message's Date as the commit's author time
  const times = git(epoch, 'log', '--reverse', '--format=%at', 'HEAD').trim().split('\n').map(Number);
  const sorted = [...times].sort((a, b) => a - b);
  const cut = sorted[Math.floor(sorted.length / 2)];
  const since = await all(readPublicInbox(v2.dir, { since: new Date(cut * 1000) }));
  assert.equal(since.length, times.filter((t) => t >= cut).length);
  assert.ok(since.length > 0 && since.length < commits.length);
});

test('a deletion commit (public-inbox-learn rm) is skipped; later mail still comes', { skip }, async () => {
  const inbox = buildInbox(corpusMboxes().slice(0, 2), { name: 'del' });
  try {
    const before = await all(readPublicInbox(inbox.dir));
    const victim = before[1];
    inbox.remove(victim.raw);
    inbox.add(corpusMboxes().slice(2, 3));
    const epoch = path.join(inbox.dir, 'git', '0.git');
    const lastBefore = before[before.length - 1].commit;
    const afterDel = await all(readPublicInbox(inbox.dir, { after: { 'git/0.git': lastBefore } }));
    const total = commitCount(epoch);
    assert.equal(afterDel.length, total - before.length - 1, 'every new commit but the deletion');
    assert.ok(afterDel.every((m) => msgIdOf(m.raw) !== msgIdOf(victim.raw)));
  } finally {
    inbox.cleanup();
  }
});

test('readPublicInbox (v1) reads the file each commit adds', { skip }, async () => {
  assert.deepEqual(listEpochs(v1.dir).map(([label]) => label), ['old']);
  const got = await all(readPublicInbox(v1.dir));
  assert.equal(got.length, commitCount(v1.dir));
  assert.ok(got.length >= 4, 'the first four corpus files hold at least four messages');
  assert.deepEqual(got.map((m) => msgIdOf(m.raw)).sort(), inboxMessageIds(v1).sort());
  assert.ok(got.every((m) => m.source === `git:old:${m.commit}`));
});

test('stopping early ends the git processes; an unknown resume point is an error that says so', { skip }, async () => {
  let n = 0;
  for await (const m of readPublicInbox(v2.dir)) {
    assert.ok(m.raw.length > 0);
    if (++n === 5) break;
  }
  assert.equal(n, 5);
  const epoch = path.join(v2.dir, 'git', '0.git');
  await assert.rejects(all(readEpoch(epoch, 'git/0.git', { after: 'f'.repeat(40) })),
    (e: unknown) => e instanceof BenchmailError && /not in .*history rewritten/.test(e.message));
  assert.throws(() => listEpochs(CORPUS), BenchmailError);
});
