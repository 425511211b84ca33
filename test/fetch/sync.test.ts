// benchmail sync against a real public-inbox-httpd on 127.0.0.1: from empty, after new
// mail arrives, and after the sync process is SIGKILLed in the middle of a batch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { openDb, type DB } from '../../src/store/db';
import { syncList, syncCacheDir, SINCE_KEY } from '../../src/api/sync';
import { getSyncState } from '../../src/store/sync';
import { BenchmailError } from '../../src/core/errors';
import { PROJECT_ROOT } from '../../src/core/config';
import {
  publicInboxMissing, buildInbox, startHttpd, corpusMboxes, inboxMessageIds, type TestInbox, type TestServer,
} from '../helpers/publicinbox-server';

const missing = publicInboxMissing();
const skip = missing ? `public-inbox not available: ${missing}` : false;
const BIN = path.join(PROJECT_ROOT, 'bin', 'benchmail.js');

let inbox: TestInbox;
let server: TestServer;
let tmp: string;
const mboxes = corpusMboxes();
const FIRST = mboxes.slice(0, mboxes.length - 4);
const LATER = mboxes.slice(mboxes.length - 4);

before(async () => {
  if (missing) return;
  inbox = buildInbox(FIRST, { name: 'lkml' });
  server = await startHttpd(inbox);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-sync-'));
});

after(async () => {
  await server?.stop();
  inbox?.cleanup();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function epochHead(): string {
  const r = spawnSync('git', ['--git-dir', path.join(inbox.dir, 'git', '0.git'), 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.stdout.trim();
}

function stored(db: DB): string[] {
  return (db.prepare('SELECT message_id FROM messages ORDER BY message_id').all() as { message_id: string }[]).map((r) => r.message_id);
}

function sourcesOk(db: DB): void {
  const bad = db.prepare("SELECT count(*) AS n FROM messages m LEFT JOIN sources s ON s.id = m.source_id WHERE coalesce(s.name, '') NOT GLOB 'git:lkml/git/0.git:*'").get() as { n: number };
  assert.equal(bad.n, 0, 'every synced message names its epoch and commit');
}

test('sync from empty, then after new mail: only new commits are read', { skip }, async () => {
  const file = path.join(tmp, 'a', 'bm.db');
  const db = openDb(file);
  try {
    const first = await syncList(db, file, 'lkml', { server: server.url, threads: 0 });
    assert.equal(first.epochs.length, 1);
    assert.equal(first.epochs[0].epoch, 'git/0.git');
    assert.equal(first.epochs[0].action, 'cloned');
    assert.equal(first.epochs[0].gitDir, path.join(syncCacheDir(file, server.url, 'lkml'), '0.git'));
    assert.ok(first.epochs[0].gitDir.startsWith(path.join(tmp, 'a', 'git', `127.0.0.1_${new URL(server.url).port}`, 'lkml')));
    const ids1 = inboxMessageIds(inbox);
    assert.equal(first.messages, ids1.length);
    assert.deepEqual(stored(db), [...new Set(ids1)].sort());
    assert.deepEqual(getSyncState(db, 'lkml'), { 'git/0.git': epochHead() });
    sourcesOk(db);

    const idle = await syncList(db, file, 'lkml', { server: server.url, threads: 0 });
    assert.equal(idle.epochs[0].action, 'unchanged', 'manifest fingerprint equals the mirror: no git fetch');
    assert.equal(idle.messages, 0);

    inbox.add(LATER);
    const ids2 = inboxMessageIds(inbox);
    assert.ok(ids2.length > ids1.length);
    const second = await syncList(db, file, 'lkml', { server: server.url, threads: 0 });
    assert.equal(second.epochs[0].action, 'fetched');
    assert.equal(second.messages, ids2.length - ids1.length, 'read only the commits added since');
    assert.equal(second.new, ids2.length - ids1.length);
    assert.equal(second.present, 0);
    assert.deepEqual(stored(db), [...new Set(ids2)].sort());
    assert.deepEqual(getSyncState(db, 'lkml'), { 'git/0.git': epochHead() });
  } finally {
    db.close();
  }
});

// A preload for the child: when the sync writes its position for the Nth time (inside the
// batch transaction, before COMMIT) it says HANG on stderr and blocks, so the parent's
// SIGKILL lands in the middle of a batch at a known place.
const HANG_PRELOAD = `
const Module = require('module');
const fs = require('fs');
const load = Module._load;
let n = 0;
Module._load = function (request) {
  const m = load.apply(this, arguments);
  if (/store[\\\\/]sync(\\.js)?$/.test(request) && m && m.setSyncState && !m.__hang) {
    const set = m.setSyncState;
    m.setSyncState = function (db, list, epoch) {
      set.apply(this, arguments);
      if (epoch !== '@since' && ++n === Number(process.env.BM_HANG_AT)) {
        fs.writeSync(2, 'HANG\\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    };
    m.__hang = true;
  }
  return m;
};
`;

function syncUntilHang(file: string, hangAt: number): Promise<{ signal: string | null; stderr: string }> {
  const preload = path.join(tmp, 'hang-preload.js');
  fs.writeFileSync(preload, HANG_PRELOAD);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--require', preload, BIN, 'sync', 'lkml', '--server', server.url, '--db', file, '--verbose', '--batch-size', '100'],
      { env: { ...process.env, BM_HANG_AT: String(hangAt) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const guard = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`sync never reached batch ${hangAt}: ${err}`)); }, 60_000);
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => {
      err += d;
      if (err.includes('HANG\n')) p.kill('SIGKILL');
    });
    p.on('exit', (_code, signal) => { clearTimeout(guard); resolve({ signal, stderr: err }); });
  });
}

test('sync killed with SIGKILL inside a batch resumes with nothing missing or doubled', { skip }, async () => {
  const file = path.join(tmp, 'k', 'bm.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const all = [...new Set(inboxMessageIds(inbox))].sort();

  // killed inside the second batch: the first batch and its position are committed, the second is not
  const killed = await syncUntilHang(file, 2);
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  let db = openDb(file);
  let atKill: string[];
  let stateAtKill: Record<string, string>;
  try {
    atKill = stored(db);
    stateAtKill = getSyncState(db, 'lkml');
  } finally {
    db.close();
  }
  assert.ok(atKill.length > 0 && atKill.length < all.length, `part imported at the kill (${atKill.length} of ${all.length})`);
  const commits = spawnSync('git', ['--git-dir', path.join(inbox.dir, 'git', '0.git'), 'rev-list', '--reverse', 'HEAD'], { encoding: 'utf8' })
    .stdout.trim().split('\n');
  const pos = commits.indexOf(stateAtKill['git/0.git']);
  assert.equal(pos + 1, atKill.length, 'the stored position is the commit of the last stored message');

  // resume with the CLI: reads only the commits after the stored position
  const cli = spawnSync(process.execPath, [BIN, 'sync', 'lkml', '--server', server.url, '--db', file, '--json'],
    { encoding: 'utf8', timeout: 120_000 });
  assert.equal(cli.status, 0, cli.stderr);
  const r = JSON.parse(cli.stdout);
  db = openDb(file);
  try {
    assert.equal(r.epochs[0].action, 'unchanged', 'the mirror was complete before the kill');
    assert.equal(r.messages, commits.length - atKill.length);
    assert.equal(r.present, 0, 'nothing read twice');
    assert.deepEqual(stored(db), all, 'nothing missing');
    const n = db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
    assert.equal(n.n, all.length, 'nothing doubled');
    assert.deepEqual(getSyncState(db, 'lkml'), { 'git/0.git': epochHead() });
    sourcesOk(db);
  } finally {
    db.close();
  }
});

test('--since limits the first import and is remembered; unknown list is a clear 404', { skip }, async () => {
  const file = path.join(tmp, 's', 'bm.db');
  const db = openDb(file);
  try {
    // the Dates of the corpus span 2001..2004: keep the mail from 2003 on
    const since = new Date('2003-01-01T00:00:00Z');
    const r = await syncList(db, file, 'lkml', { server: server.url, since, threads: 0 });
    const dates = db.prepare('SELECT min(date) AS lo, count(*) AS n FROM messages').get() as { lo: number; n: number };
    assert.ok(dates.n > 0 && dates.n < inboxMessageIds(inbox).length, `${dates.n} messages kept`);
    assert.ok(dates.lo >= since.getTime() / 1000 - 86400, 'nothing dated well before --since');
    assert.equal(r.since, since.toISOString());
    assert.equal(getSyncState(db, 'lkml')[SINCE_KEY], since.toISOString());
    await assert.rejects(syncList(db, file, 'nosuchlist', { server: server.url }), (e: unknown) => {
      assert.ok(e instanceof BenchmailError);
      assert.equal(e.code, 'not_found');
      assert.match(e.message, /^no list nosuchlist on http:\/\/127\.0\.0\.1:\d+: /);
      return true;
    });
  } finally {
    db.close();
  }
});

test('sync follows a v1 inbox (one repository at /<list>)', { skip }, async () => {
  const v1 = buildInbox(mboxes.slice(0, 5), { name: 'old', version: 1 });
  const srv = await startHttpd(v1);
  const file = path.join(tmp, 'v1', 'bm.db');
  const db = openDb(file);
  try {
    const r = await syncList(db, file, 'old', { server: srv.url, threads: 0 });
    assert.deepEqual(r.epochs.map((e) => [e.epoch, e.action]), [['v1', 'cloned']]);
    assert.equal(r.epochs[0].url, `${srv.url}/old`);
    assert.deepEqual(stored(db), [...new Set(inboxMessageIds(v1))].sort());
    assert.ok(getSyncState(db, 'old').v1);
  } finally {
    db.close();
    await srv.stop();
    v1.cleanup();
  }
});

test('history rewritten on the server (public-inbox-purge): a clear error, then --restart reads it again', { skip }, async () => {
  const small = buildInbox(mboxes.slice(5, 7), { name: 'pg' });
  const srv = await startHttpd(small);
  const file = path.join(tmp, 'pg', 'bm.db');
  const db = openDb(file);
  try {
    const first = await syncList(db, file, 'pg', { server: srv.url, threads: 0 });
    assert.ok(first.new >= 3);
    const { readPublicInbox } = await import('../../src/ingest/publicinbox');
    let victim: Buffer | null = null;
    let i = 0;
    for await (const m of readPublicInbox(small.dir)) if (i++ === 1) { victim = m.raw; break; }
    small.purge(victim!);
    await assert.rejects(syncList(db, file, 'pg', { server: srv.url, threads: 0 }), (e: unknown) => {
      assert.ok(e instanceof BenchmailError);
      assert.equal(e.code, 'bad_input');
      assert.match(e.message, /^pg git\/0\.git: the last imported commit [0-9a-f]{40} is not in the server's history any more.*--restart/);
      return true;
    });
    const again = await syncList(db, file, 'pg', { server: srv.url, threads: 0, restart: true });
    assert.equal(again.new, 0, 'nothing stored twice');
    assert.equal(again.present, first.new - 1, 'every message still on the server was read again');
    const head = spawnSync('git', ['--git-dir', path.join(small.dir, 'git', '0.git'), 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    assert.deepEqual(getSyncState(db, 'pg'), { 'git/0.git': head });
  } finally {
    db.close();
    await srv.stop();
    small.cleanup();
  }
});
