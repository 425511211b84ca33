import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildArchive, corpusFiles, tempDir, serve, get, SEED_ID } from './fixture';
import type { RunningServer } from '../../src/web/server';

// Search pages over the real corpus: the lead's query language through /all/?q= and /<list>/?q=.

let dir: string, srv: RunningServer, base: string;
before(async () => {
  dir = tempDir('search');
  srv = await serve(await buildArchive(dir, corpusFiles()));
  base = srv.url;
});
after(async () => {
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const json = async (p: string) => {
  const r = await get(base, p);
  assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text);
};

test('/all/?q= finds messages and highlights the words in snippets', async () => {
  const r = await get(base, '/all/?q=zerocopy');
  assert.equal(r.status, 200);
  assert.match(r.text, /<mark>/i);
  const j = await json('/all/json?q=zerocopy');
  assert.ok(j.total > 0 && j.results.length > 0);
  assert.ok(j.results.some((x: { pieces: { hit: boolean }[] }) => x.pieces.some((p) => p.hit)));
  for (const x of j.results) assert.match(x.url, /^\/lkml\/[^/]+\/$/);
});

test('/<list>/?q= takes lore prefixes and figure terms', async () => {
  const s = await json('/lkml/json?q=' + encodeURIComponent('s:"zero-copy networking"'));
  assert.ok(s.total > 0);
  for (const x of s.results) assert.match(x.subject, /zero-copy networking/i);
  const f = await json('/lkml/json?q=' + encodeURIComponent('tool:lmbench'));
  assert.ok(f.results.some((x: { messageId: string }) => x.messageId === SEED_ID), 'the seed message has lmbench figures');
});

test('results are paged', async () => {
  const p1 = await json('/all/json?q=kernel');
  assert.ok(p1.total > p1.results.length, `"kernel" matches more than a page (${p1.total})`);
  assert.ok(p1.nextUrl);
  const p2 = await json(p1.nextUrl.replace('/all/?', '/all/json?'));
  assert.equal(p2.offset, p1.results.length);
  assert.notEqual(p2.results[0].messageId, p1.results[0].messageId);
});

test('an empty query shows the form; a bad list is a 404', async () => {
  const r = await get(base, '/all/?q=');
  assert.equal(r.status, 200);
  assert.match(r.text, /name="q"/);
  assert.equal((await get(base, '/nolist/?q=x')).status, 404);
});
