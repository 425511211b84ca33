// benchmail fetch against a real public-inbox-httpd on 127.0.0.1 serving a v2 inbox
// built by public-inbox from ../shared/corpus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { openDb, type DB } from '../../src/store/db';
import { fetchThread } from '../../src/api/fetch';
import { importRawMessages } from '../../src/api/import';
import { BenchmailError } from '../../src/core/errors';
import { PROJECT_ROOT } from '../../src/core/config';
import type { RawMessage } from '../../src/core/types';
import {
  publicInboxMissing, buildInbox, startHttpd, corpusMboxes, CORPUS, type TestInbox, type TestServer,
} from '../helpers/publicinbox-server';

const missing = publicInboxMissing();
const skip = missing ? `public-inbox not available: ${missing}` : false;
const BIN = path.join(PROJECT_ROOT, 'bin', 'benchmail.js');

let inbox: TestInbox;
let server: TestServer;
let tmp: string;

before(async () => {
  if (missing) return;
  inbox = buildInbox(corpusMboxes(), { name: 'test' });
  server = await startHttpd(inbox);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-fetch-'));
});

after(async () => {
  await server?.stop();
  inbox?.cleanup();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

let dbn = 0;
function freshDb(): { db: DB; file: string } {
  const file = path.join(tmp, `f${++dbn}.db`);
  return { db: openDb(file), file };
}

/** First Message-ID of a corpus mbox (test-side header scan). */
function firstId(file: string): string {
  const m = /^message-id:\s*<([^>\r\n]{1,995})>/im.exec(fs.readFileSync(path.join(CORPUS, file), 'latin1'));
  assert.ok(m, `no Message-ID in ${file}`);
  return m[1];
}

/** Message-IDs in an mbox, read by the test itself (not by benchmail's splitter). */
function idsInMbox(mbox: Buffer): string[] {
  const ids: string[] = [];
  for (const block of mbox.toString('latin1').split(/^From mboxrd@z .*$/m)) {
    const head = block.replace(/^\r?\n/, '').split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
    const m = /^message-id:\s*<([^>\r\n]{1,995})>/im.exec(head);
    if (m) ids.push(m[1].trim());
  }
  return ids;
}

/** The thread as the server serves it, fetched by the test. */
async function serverThread(id: string): Promise<{ mbox: Buffer; ids: string[] }> {
  const r = await fetch(`${server.url}/test/${encodeURIComponent(id).replace(/%40/g, '@')}/t.mbox.gz`);
  assert.equal(r.status, 200);
  const mbox = zlib.gunzipSync(Buffer.from(await r.arrayBuffer()));
  return { mbox, ids: idsInMbox(mbox) };
}

function storedIds(db: DB): Set<string> {
  return new Set((db.prepare('SELECT message_id FROM messages').all() as { message_id: string }[]).map((r) => r.message_id));
}

function figureCount(db: DB, threadId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM figures f JOIN messages m ON m.id = f.msg WHERE m.thread_id = ?')
    .get(threadId) as { n: number }).n;
}

test('fetch by bare Message-ID imports the whole thread the server has', { skip }, async () => {
  const id = firstId('benchmark-2-5-46-mm1-with-contest.mbox');
  const want = await serverThread(id);
  assert.ok(want.ids.length >= 5);
  const { db } = freshDb();
  try {
    const r = await fetchThread(db, id, { server: server.url, list: 'test', import: { threads: 0 } });
    assert.equal(r.messageId, id);
    assert.equal(r.how, 'thread');
    assert.equal(r.requests, 1);
    assert.equal(r.downloaded, want.ids.length);
    assert.equal(r.new, new Set(want.ids).size);
    assert.deepEqual([...storedIds(db)].sort(), [...new Set(want.ids)].sort());
    assert.ok(r.threadId);
    assert.equal(r.figures.length, figureCount(db, r.threadId!));
    assert.ok(r.figures.every((f) => want.ids.includes(f.messageId)));
    const src = db.prepare('SELECT s.name AS source FROM messages m JOIN sources s ON s.id = m.source_id WHERE m.message_id = ?').get(id) as { source: string };
    assert.equal(src.source, `${server.url}/test/${id}/t.mbox.gz`);
  } finally {
    db.close();
  }
});

test('fetch by lore-style URL takes server and inbox from the URL', { skip }, async () => {
  const id = firstId('network-performance.mbox');
  const want = await serverThread(id);
  for (const suffix of ['/', '/T/#u', '/t.mbox.gz']) {
    const { db } = freshDb();
    try {
      const r = await fetchThread(db, `${server.url}/test/${id}${suffix}`, { import: { threads: 0 } });
      assert.equal(r.server, server.url);
      assert.equal(r.list, 'test');
      assert.equal(r.messageId, id);
      assert.deepEqual([...storedIds(db)].sort(), [...new Set(want.ids)].sort(), suffix);
      const list = db.prepare('SELECT DISTINCT l.name FROM messages m JOIN lists l ON l.id = m.list_id').all();
      assert.ok(list.length >= 1);
    } finally {
      db.close();
    }
  }
});

test('CLI: fetch id:ID and <ID> with --server/--list prints the thread and its figures', { skip }, () => {
  const id = firstId('gigabit-smp-performance-problem.mbox');
  const file = path.join(tmp, 'cli.db');
  for (const form of [`id:${id}`, `<${id}>`]) {
    const r = spawnSync(process.execPath, [BIN, 'fetch', form, '--server', server.url, '--list', 'test', '--db', file],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, BENCHMAIL_SERVER: 'http://127.0.0.1:9' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: "`, 'm'));
    assert.match(r.stdout, /\d+ figures? in thread /);
  }
  const db = openDb(file, { readonly: true });
  try {
    assert.ok(db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(id));
  } finally {
    db.close();
  }
  const json = spawnSync(process.execPath, [BIN, 'fetch', id, '--list', 'test', '--db', file, '--json'],
    { encoding: 'utf8', timeout: 60_000, env: { ...process.env, BENCHMAIL_SERVER: server.url } });
  assert.equal(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.equal(out[0].how, 'none', 'second fetch: every message of the thread is already stored');
  assert.equal(out[0].downloaded, 0);
  assert.equal(out[0].server, server.url, '$BENCHMAIL_SERVER is the default server');
});

test('only the missing messages of a partly stored thread are fetched', { skip }, async () => {
  const id = firstId('benchmark-i-o-regression-after-2-6-0-test5.mbox');
  const want = await serverThread(id);
  const { splitMbox } = await import('../../src/ingest/mbox');
  const { Readable } = await import('node:stream');
  const all: RawMessage[] = [];
  for await (const m of splitMbox(Readable.from([want.mbox]), 'test')) all.push(m);
  assert.equal(all.length, want.ids.length);
  const drop = new Set([want.ids[want.ids.length - 1], want.ids[want.ids.length - 3]]);
  assert.ok(!drop.has(id));
  const { db } = freshDb();
  try {
    await importRawMessages(db, all.filter((m, i) => !drop.has(want.ids[i])), { list: 'test', threads: 0 });
    assert.equal(storedIds(db).size, new Set(want.ids).size - 2);
    const r = await fetchThread(db, id, { server: server.url, list: 'test', import: { threads: 0 } });
    assert.equal(r.how, 'messages');
    assert.equal(r.downloaded, 2);
    assert.equal(r.new, 2);
    assert.equal(r.requests, 3, 'the message page (thread overview) and one /raw per missing message');
    assert.deepEqual([...storedIds(db)].sort(), [...new Set(want.ids)].sort());
    const again = await fetchThread(db, id, { server: server.url, list: 'test', import: { threads: 0 } });
    assert.equal(again.how, 'none');
    assert.equal(again.downloaded, 0);
    assert.equal(again.requests, 1);
  } finally {
    db.close();
  }
});

test('a missing thread is a 404 that names the id and the URL; CLI exits 3', { skip }, async () => {
  const { db, file } = freshDb();
  try {
    await assert.rejects(fetchThread(db, 'nope@example.invalid', { server: server.url, list: 'test' }), (e: unknown) => {
      assert.ok(e instanceof BenchmailError);
      assert.equal(e.code, 'not_found');
      assert.equal(e.message, `no thread <nope@example.invalid> on ${server.url}/test/nope@example.invalid/t.mbox.gz: 404`);
      return true;
    });
    assert.equal(storedIds(db).size, 0);
  } finally {
    db.close();
  }
  const r = spawnSync(process.execPath, [BIN, 'fetch', 'id:nope@example.invalid', '--server', server.url, '--list', 'test', '--db', file],
    { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 3);
  assert.match(r.stderr, /no thread <nope@example\.invalid> on .*: 404/);
});

test('an unreachable server is a network error that says so, without retrying for long', { skip }, async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const { db } = freshDb();
  try {
    await assert.rejects(fetchThread(db, 'x@y', { server: `http://127.0.0.1:${port}`, list: 'test' }), (e: unknown) => {
      assert.ok(e instanceof BenchmailError);
      assert.equal(e.code, 'network');
      assert.match(e.message, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\).*offline/);
      return true;
    });
  } finally {
    db.close();
  }
});
