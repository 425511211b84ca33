// The HTTP client's manners, against a real HTTP server on 127.0.0.1 that misbehaves on
// purpose: 503/429 then success, hangs, and concurrent requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { LoreClient, resolveServer, DEFAULT_SERVER } from '../../src/ingest/lore';
import { BenchmailError } from '../../src/core/errors';
import { USER_AGENT } from '../../src/core/config';

let srv: http.Server;
let base: string;
const hits = new Map<string, number>();
let active = 0;
let maxActive = 0;
const agents: string[] = [];

before(async () => {
  srv = http.createServer((req, res) => {
    const url = req.url ?? '';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    agents.push(String(req.headers['user-agent']));
    if (url.startsWith('/flaky/')) {
      // 503, then 429 (Retry-After: 0), then the thread
      if (n === 1) { res.writeHead(503); res.end('busy'); return; }
      if (n === 2) { res.writeHead(429, { 'Retry-After': '0' }); res.end('slow down'); return; }
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      res.end(zlib.gzipSync('From mboxrd@z Thu Jan  1 00:00:00 1970\nMessage-ID: <a@b>\n\nhi\n'));
      return;
    }
    if (url.startsWith('/down/')) { res.writeHead(502); res.end('bad gateway'); return; }
    if (url.startsWith('/hang/')) return; // never answers
    if (url.startsWith('/slow/')) {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => { active--; res.writeHead(200); res.end('ok'); }, 15);
      return;
    }
    res.writeHead(404); res.end('not here');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
});

after(async () => {
  srv.closeAllConnections();
  await new Promise((r) => srv.close(r));
});

test('retries 503 and 429 with backoff, then succeeds; names benchmail in the User-Agent', async () => {
  const c = new LoreClient(base, { backoffMs: 5 });
  const r = await c.threadMbox('flaky', 'a@b');
  assert.match(r.mbox.toString(), /Message-ID: <a@b>/);
  assert.deepEqual(c.requests.map((x) => x.status), [503, 429, 200]);
  assert.equal(hits.get('/flaky/a@b/t.mbox.gz'), 3);
  assert.ok(agents.length > 0 && agents.every((a) => a === USER_AGENT));
  assert.match(USER_AGENT, /^benchmail\/\d+\.\d+\.\d+/);
});

test('gives up after the retries and says which URL answered what', async () => {
  const c = new LoreClient(base, { backoffMs: 1, retries: 2 });
  await assert.rejects(c.threadMbox('down', 'x@y'), (e: unknown) => {
    assert.ok(e instanceof BenchmailError);
    assert.equal(e.code, 'network');
    assert.equal(e.message, `no thread <x@y> on ${base}/down/x@y/t.mbox.gz: 502`);
    return true;
  });
  assert.equal(c.requests.length, 3);
  await assert.rejects(c.threadMbox('nolist', 'x@y'), (e: unknown) =>
    e instanceof BenchmailError && e.code === 'not_found' && e.message.endsWith(': 404'));
  assert.equal(c.requests.length, 4, 'a 404 is not retried');
});

test('a server that does not answer times out with a sentence', async () => {
  const c = new LoreClient(base, { timeoutMs: 150, retries: 1, backoffMs: 1 });
  await assert.rejects(c.rawMessage('hang', 'x@y'), (e: unknown) => {
    assert.ok(e instanceof BenchmailError);
    assert.equal(e.code, 'timeout');
    assert.match(e.message, /^cannot reach http:\/\/127\.0\.0\.1:\d+ \(timed out\) after 2 attempts/);
    return true;
  });
});

test('at most one request at a time per server, even when asked concurrently', async () => {
  const a = new LoreClient(base);
  const b = new LoreClient(base); // two clients, same server: still one lane
  maxActive = 0;
  const all = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? a : b).request(`/slow/${i}`)));
  assert.ok(all.every((r) => r.status === 200));
  assert.equal(maxActive, 1);
});

test('server resolution: flag, then $BENCHMAIL_SERVER, then lore.kernel.org', () => {
  const saved = process.env.BENCHMAIL_SERVER;
  try {
    delete process.env.BENCHMAIL_SERVER;
    assert.equal(resolveServer(), DEFAULT_SERVER);
    process.env.BENCHMAIL_SERVER = 'http://127.0.0.1:8080/';
    assert.equal(resolveServer(), 'http://127.0.0.1:8080');
    assert.equal(resolveServer('https://lore.example.org'), 'https://lore.example.org');
    assert.throws(() => resolveServer('ftp://x'), BenchmailError);
  } finally {
    if (saved === undefined) delete process.env.BENCHMAIL_SERVER; else process.env.BENCHMAIL_SERVER = saved;
  }
});
