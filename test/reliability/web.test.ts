import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { buildArchive, serve, get, corpusFiles } from '../web/fixture';
import type { RunningServer } from '../../src/web/server';
import { tmpDir } from '../helpers/corpus';
import { goodMessage, writeHostileCorpus } from '../fixtures/hostile/generate';
import { record, resetRecords } from './helpers';

// Attacks on the site that test/web/hostile.test.ts (XSS from mail) does not cover:
// path traversal, huge query strings, SQL and FTS5 syntax injection, CRLF header
// injection through ids, bidi spoofing. Each answer: a clear 4xx (or a harmless
// 200 for queries that are just text), never a 500, never a leak.

const SUITE = 'web';
let srv: RunningServer, base: string, total = 0;

const RTL_FROM = 'admin\u202Egnp.exe';
before(async () => {
  resetRecords(SUITE);
  const dir = tmpDir('benchmail-webattack-');
  const extra = path.join(dir, 'extra.mbox');
  fs.writeFileSync(extra, goodMessage('plain@example.com') + '\n' +
    goodMessage('rtl@example.com').replace('From: Good Sender <good@example.com>', `From: =?utf-8?B?${Buffer.from(RTL_FROM).toString('base64')}?= <rtl@example.com>`));
  srv = await serve(await buildArchive(dir, [...corpusFiles(), extra]));
  base = srv.url;
  total = (JSON.parse((await get(base, "/lkml/json")).text) as { list: { messages: number } }).list.messages;
  assert.ok(total > 290, `archive holds ${total} messages`);
});
after(async () => { await srv?.close(); });

/** What no answer may contain: file contents, paths of this checkout, SQL or stack traces. */
function assertNoLeak(p: string, r: { status: number; headers: Headers; text: string }): void {
  assert.notEqual(r.status, 500, `${p}: server error`);
  assert.ok(r.status < 500, `${p}: ${r.status}`);
  assert.equal(r.headers.get('x-injected'), null, `${p}: header injected`);
  for (const leak of [/root:x?:0:0/, /"name":\s*"benchmail"/, new RegExp(PROJECT_ROOT.replace(/[/.]/g, '\\$&')), /SQLITE_|sqlite3?\b.*error|fts5: syntax|near ".*": syntax/i, /\n\s+at [\w.<>]+ \(/]) {
    assert.doesNotMatch(r.text, leak, `${p}: leaks ${leak}`);
  }
}

async function attack(fault: string, paths: string[], accept: (p: string, r: { status: number; text: string; headers: Headers }) => void, result: string): Promise<void> {
  let pass = false;
  const statuses = new Map<number, number>();
  try {
    for (const p of paths) {
      const r = await get(base, p);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      assertNoLeak(p, r);
      accept(p, r);
    }
    pass = true;
  } finally {
    const s = [...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${v}x${k}`).join(' ');
    record(SUITE, { area: 'Web', fault, cases: paths.length, pass, result: pass ? `${result} (${s})` : `FAILED (${s})` });
  }
}

const is4xx = (p: string, r: { status: number }) => assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status}, want a 4xx`);

test('path traversal in msgid, list and static paths: 4xx, nothing outside the archive', async () => {
  const ids = ['..%2F..%2Fetc%2Fpasswd', '..%2f..%2f..%2fpackage.json', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5C..%5Cetc%5Cpasswd',
    '%252e%252e%252fetc%252fpasswd', '..%c0%af..%c0%afetc%c0%afpasswd', '%00', '....%2F%2F....%2F%2Fetc%2Fpasswd'];
  const paths: string[] = [];
  for (const id of ids) for (const tail of ['/', '/raw', '/T/', '/t/', '/json', '/t.mbox.gz', '/t.atom']) paths.push(`/lkml/${id}${tail}`);
  paths.push('/..%2F..%2Fetc%2Fpasswd/', '/static/..%2F..%2Fpackage.json', '/static/%2e%2e/%2e%2e/package.json', '/static/uplot/..%2F..%2F..%2Fpackage.json',
    '/static/..%5c..%5cpackage.json', '/%2e%2e/%2e%2e/etc/passwd');
  await attack('path traversal (msgid, list, static)', paths, is4xx, 'every answer 4xx, no file content');
});

test('huge query strings and many parameters: refused or answered, quickly and without a 500', async () => {
  const big = 'a'.repeat(100000);
  const paths = [`/all/?q=${big}`, `/lkml/?q=${'x '.repeat(3000)}`, `/all/?q=${'"a" OR '.repeat(900)}"b"`, `/measurements/?${'tool=x&'.repeat(3000)}`,
    `/lkml/?t=${'9'.repeat(5000)}`, `/lkml/?o=${'9'.repeat(400)}`, `/all/?q=${'('.repeat(2000)}a${')'.repeat(2000)}`, `/measurements/?canonicalValue__gt=${'1'.repeat(5000)}`,
    `/all/?q=${'NEAR('.repeat(500)}`, `/lkml/${'a'.repeat(60000)}/`];
  await attack('huge query strings and parameters', paths, (p, r) => assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${p.slice(0, 60)}: ${r.status}`),
    'answered 200 or refused 4xx');
});

test('SQL and FTS5 syntax injection in search and filters: 400 with a sentence, or a plain-text search that matches nothing extra', async () => {
  const qs = ['"unbalanced', "' OR 1=1--", "'; DROP TABLE messages; --", 'NEAR(a b', 'NEAR("a" "b", -1)', 'subject:x OR', '{subject}:x', '{subject nq}:linux',
    'sender:* OR *', '^linux', 'a AND', 'OR', 'NOT', '*', '"a" + "b"', 'messages_fts MATCH \'*\'', 'rank:1', 'x"; SELECT * FROM messages; --', 'col:"', 's:"', 'd:..', 'd:2001-99-99..x',
    'v:>1e999MB/s', 'v:>NaN', 'unit:\'', 'tool:" OR 1=1', '\u0000', '(((', 'a:b:c:d', '-', 'f:'];
  const paths: string[] = [];
  for (const q of qs) { paths.push(`/all/json?q=${encodeURIComponent(q)}`); paths.push(`/lkml/?q=${encodeURIComponent(q)}`); }
  for (const [k, v] of [['tool', "' OR 1=1--"], ['_sort', 'id;DROP TABLE messages'], ['_sort', '(SELECT 1)'], ['canonicalValue__gt', "1 OR 1=1"], ['_facet', 'raw'],
    ['text__contains', "%' OR '1'='1"], ['_size', '-1'], ['_size', '1e9'], ['message_id', "x' UNION SELECT raw FROM messages--"]]) {
    paths.push(`/measurements/json?${k}=${encodeURIComponent(v)}`);
  }
  await attack('SQL / FTS5 syntax injection (search, explorer filters)', paths, (p, r) => {
    assert.ok(r.status === 200 || r.status === 400, `${p}: ${r.status}`);
    if (r.status === 400 && p.includes('json')) assert.match((JSON.parse(r.text) as { error: string }).error, /\w+ \w+/, `${p}: a 400 without a sentence`);
    if (r.status === 200 && p.includes('/json')) {
      const j = JSON.parse(r.text) as { total?: number; rows?: unknown[] };
      // An injected OR 1=1 would return every row (a search for the words "or 1" may match some).
      if (p.startsWith('/measurements/') && /OR 1=1|UNION|'1'='1/.test(decodeURIComponent(p))) assert.equal(j.total ?? j.rows?.length ?? 0, 0, `${p}: matched ${j.total}`);
      // Wildcards and MATCH fragments are text, not FTS5 syntax: they must not match the whole archive.
      if (j.total !== undefined && p.startsWith('/all/') && /\*|MATCH|SELECT/.test(decodeURIComponent(p))) assert.ok(j.total < total, `${p}: matched every message`);
    }
  }, 'syntax errors 400 with a sentence; the rest searched as text');
  // The archive is still there after the DROP TABLE attempts.
  assert.equal((JSON.parse((await get(base, "/lkml/json")).text) as { list: { messages: number } }).list.messages, total);
});

test('CRLF and control characters in ids and parameters never become headers', async () => {
  const inj = ['abc%0d%0aX-Injected:%20yes', 'abc%0aX-Injected:%20yes', 'abc%0dX-Injected:%20yes', '%0d%0a%0d%0a%3Chtml%3E', 'x%E5%98%8A%E5%98%8DX-Injected:%20yes', 'abc%00def'];
  const paths: string[] = [];
  for (const id of inj) for (const tail of ['/', '/raw', '/T/', '/t.mbox.gz', '/json', '/t.atom']) paths.push(`/lkml/${id}${tail}`);
  for (const id of inj) { paths.push(`/${id}/`); paths.push(`/lkml/?t=${id}`); paths.push(`/all/?q=${id}&o=${id}`); }
  await attack('CRLF header injection via ids and parameters', paths, (p, r) => {
    for (const [k, v] of r.headers) {
      assert.doesNotMatch(k, /injected/i, p);
      assert.doesNotMatch(v, /[\r\n]|X-Injected/i, `${p}: header ${k}`);
    }
    if (!p.includes('?')) is4xx(p, r);
  }, 'no header from the request; ids answered 4xx');
});

test('bidi overrides in a sender name are isolated on the page (no reordered text outside the name)', async () => {
  const r = await get(base, '/lkml/rtl@example.com/');
  let pass = false;
  try {
    assert.equal(r.status, 200);
    // Every right-to-left override shown on the page sits inside a <bdi> (scripts' JSON is not shown).
    const text = r.text.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
    let i = -1, n = 0;
    while ((i = text.indexOf('\u202E', i + 1)) >= 0) {
      n++;
      const before = text.slice(0, i);
      assert.ok(before.lastIndexOf('<bdi') > before.lastIndexOf('</bdi>'),
        `U+202E at ${i} is not isolated: ${JSON.stringify(text.slice(Math.max(0, i - 80), i + 20))}`);
    }
    pass = true;
    record(SUITE, { area: 'Web', fault: 'RTL override (U+202E) in From', cases: 1, pass, result: n ? `${n} override(s), each isolated` : 'no override left on the page' });
  } finally {
    if (!pass) record(SUITE, { area: 'Web', fault: 'RTL override (U+202E) in From', cases: 1, pass, result: 'FAILED: override not isolated' });
  }
});

test('the hostile corpus on the site: every page of every hostile message answers 200 within its deadline', async () => {
  const dir = tmpDir('benchmail-webhostile-');
  const cases = (await writeHostileCorpus(dir)).filter((c) => c.hostileId && c.file.endsWith('.mbox'));
  const hostileSrv = await serve(await buildArchive(dir, cases.map((c) => c.file)));
  let pass = false, n = 0, slowest = 0, slowestPage = '';
  try {
    for (const c of cases) {
      for (const tail of ['/', '/raw', '/T/', '/t/', '/json', '/t.mbox.gz', '/t.atom']) {
        const p = `/lkml/${encodeURIComponent(c.hostileId!)}${tail}`;
        const t0 = Date.now();
        const r = await fetch(hostileSrv.url + p, { signal: AbortSignal.timeout(30000) });
        const text = Buffer.from(await r.arrayBuffer()).toString('utf8');
        const ms = Date.now() - t0;
        if (ms > slowest) { slowest = ms; slowestPage = p; }
        assert.equal(r.status, 200, `${p}: ${r.status}`);
        assertNoLeak(p, { status: r.status, headers: r.headers, text: tail === '/raw' || tail === '/t.mbox.gz' ? '' : text });
        n++;
      }
    }
    pass = true;
  } finally {
    await hostileSrv.close();
    record(SUITE, { area: 'Web', fault: 'pages of the hostile corpus (message, raw, thread, json, mbox.gz, atom)', cases: n, pass,
      result: pass ? `all 200; slowest ${slowest} ms (${slowestPage})` : `FAILED after ${n}` });
  }
});
