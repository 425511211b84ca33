import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb, type DB } from '../../src/store/db';
import { importPaths, importRawMessages } from '../../src/api/import';
import { searchMessages } from '../../src/search';
import { parseQuery } from '../../src/search/parse';
import { compile } from '../../src/search/compile';
import { corpusFiles, corpusMessages, tmpDir } from '../helpers/corpus';

// The query language against the real corpus in a real database.

let db: DB;
const PEKKA = '20010507213048.A17014@netppl.fi';
const ids = (q: string, limit = 500) => searchMessages(db, q, { limit }).results.map((r) => r.messageId);

test('setup: import the corpus', async () => {
  db = openDb(path.join(tmpDir(), 's.db'));
  await importPaths(db, corpusFiles(), { threads: 0 });
});

test('prefixes: s: f: b: q: nq: and phrases', () => {
  assert.ok(ids('b:"socket bandwidth using localhost"').includes(PEKKA));
  assert.ok(ids('f:pietikainen s:zero-copy').includes(PEKKA));
  assert.ok(!ids('f:johnson s:zero-copy').includes(PEKKA), 'Pekka is not Richard');
  // Pekka quotes Richard's "10 times faster": q: finds it, nq: does not.
  assert.ok(ids('q:"over 10 times faster"').includes(PEKKA));
  assert.ok(!ids('nq:"over 10 times faster"').includes(PEKKA));
  assert.ok(ids('nq:"factor of 2"').includes(PEKKA));
  // Gnus-style "Robert> " quotes are quoted text too, not only '>' lines.
  const GNUS = 'd3wvefin3u.fsf@lxplus015.cern.ch';
  assert.ok(ids('q:"Alteon Tigon-II"').includes(GNUS));
  assert.ok(!ids('nq:"Alteon Tigon-II"').includes(GNUS));
});

test('AND / OR / NOT and prefix*', () => {
  const a = new Set(ids('s:gigabit'));
  const b = new Set(ids('s:zerocopy'));
  const or = ids('s:gigabit OR s:zerocopy');
  assert.equal(or.length, new Set([...a, ...b]).size);
  for (const id of ids('s:gigabit NOT f:davem')) assert.ok(a.has(id));
  assert.ok(ids('s:zero*').length >= ids('s:zerocopy').length);
});

test('dates: d:YYYY-MM-DD..YYYY-MM-DD, d:..YYYY-MM, d:YYYY', () => {
  const may = searchMessages(db, 'd:2001-05-01..2001-05-31', { limit: 1000 });
  assert.ok(may.total > 0);
  for (const r of may.results) assert.ok(r.date! >= Date.UTC(2001, 4, 1) / 1000 && r.date! < Date.UTC(2001, 5, 1) / 1000);
  const before = searchMessages(db, 'd:..2001-01', { limit: 1000 });
  for (const r of before.results) assert.ok(r.date! < Date.UTC(2001, 1, 1) / 1000);
  assert.equal(searchMessages(db, 'd:2001', { limit: 1 }).total,
    db.prepare('SELECT count(*) FROM messages WHERE date >= ? AND date < ?').pluck().get(Date.UTC(2001, 0, 1) / 1000, Date.UTC(2002, 0, 1) / 1000));
});

test('figure terms describe one figure: tool:lmbench v:>100MB/s finds the seed message', () => {
  assert.ok(ids('tool:lmbench v:>100MB/s').includes(PEKKA));
  assert.ok(!ids('tool:lmbench v:>200MB/s').includes(PEKKA), '141.63 MB/s is not over 200 MB/s');
  assert.ok(ids('v:141.63MB/s').includes(PEKKA), 'a value alone matches within 1%');
  assert.ok(ids('v:70..80MB/s unit:B/s').includes(PEKKA), '74.79 MB/sec is in 70..80 MB/s');
  for (const id of ids('kind:latency')) {
    assert.ok(db.prepare("SELECT count(*) FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = ? AND f.kind = 'latency'").pluck().get(id));
  }
  assert.ok(ids('tool:lmbench b:localhost').includes(PEKKA), 'text and figure terms combine');
});

test('bad queries are clear errors, and FTS5 syntax from the user is inert', () => {
  assert.throws(() => parseQuery('"unbalanced'), /unbalanced quote/);
  assert.throws(() => parseQuery('(a OR b'), /parenthesis/);
  assert.throws(() => parseQuery('zz:foo'), /unknown search prefix/);
  assert.throws(() => parseQuery('x'.repeat(5000)), /too long/);
  assert.throws(() => searchMessages(db, 'v:>fast'), /not a number with a unit/);
  // FTS5 operators and column filters inside terms are searched as words, not obeyed.
  for (const q of ['NEAR(a b)', 'subject:foo', '{nq}:bar', 'a*b', "'; DROP TABLE messages; --", 'c:"x" OR "']) {
    try { searchMessages(db, q); } catch (e) { assert.match((e as Error).message, /quote|query|term|search/i, q); }
  }
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), 294, 'nothing dropped');
});

test('text search pages come out in date order whichever way the store walks (dense or sparse matches, any page)', () => {
  // The reference: every match, sorted by date, newest first, then the page.
  const all = (word: string) => db.prepare(`SELECT m.message_id FROM messages m
    WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.date DESC, m.id DESC`)
    .pluck().all(`"${word}"`) as string[];
  const total = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  const words = ['the', 'kernel', 'performance', 'sendfile', 'lmbench'];
  const counts = words.map((w) => all(w).length);
  // both ways are taken: at least one word matches most messages, one only a few
  assert.ok(counts.some((n) => n * n > 20 * total) && counts.some((n) => n > 0 && n * n < 20 * total), `matches ${counts} of ${total}`);
  for (const w of words) {
    const expect = all(w);
    for (const [limit, offset] of [[20, 0], [50, 0], [10, 30]]) {
      const got = searchMessages(db, w, { limit, offset });
      assert.equal(got.total, expect.length, w);
      assert.deepEqual(got.results.map((r) => r.messageId), expect.slice(offset, offset + limit), `${w} limit ${limit} offset ${offset}`);
    }
  }
});

test('figure and mixed queries: the same total and pages as a full sort of every match', () => {
  // The reference: the compiled predicate over every message, sorted, then the page.
  const all = (q: string, list?: string) => {
    const c = compile(parseQuery(q));
    const listCond = list ? ' AND m.list_id = (SELECT id FROM lists WHERE name = ?)' : '';
    return db.prepare(`SELECT m.message_id FROM messages m WHERE ${c.where}${listCond} ORDER BY m.date DESC, m.id DESC`)
      .pluck().all(...c.params, ...(list ? [list] : [])) as string[];
  };
  const list = db.prepare('SELECT name FROM lists ORDER BY id LIMIT 1').pluck().get() as string;
  const total = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  const queries = ['unit:B/s', 'tool:lmbench', 'v:>100MB/s', 'tool:lmbench v:>10MB/s', 'kind:latency', 'unit:B/s kernel', 'kernel'];
  const counts = queries.map((q) => all(q).length);
  assert.ok(counts.some((n) => n * n > 20 * total) && counts.some((n) => n > 0 && n * n < 20 * total), `matches ${counts} of ${total}`);
  for (const q of queries) {
    for (const l of [undefined, list]) {
      const expect = all(q, l);
      for (const [limit, offset] of [[20, 0], [50, 0], [10, 30], [10, expect.length + 5]]) {
        const got = searchMessages(db, q, { limit, offset, list: l });
        assert.equal(got.total, expect.length, `${q} in ${l ?? 'all'}`);
        assert.deepEqual(got.results.map((r) => r.messageId), expect.slice(offset, offset + limit), `${q} in ${l ?? 'all'} limit ${limit} offset ${offset}`);
      }
    }
  }
});

test('text pages stay exact when mail was imported out of date order (the newest rowids are not the newest mail)', async () => {
  // A seeded shuffle: row ids then say nothing about dates, so a page found among the
  // highest rowids must be completed from the date index, or the general path taken.
  const msgs = await corpusMessages();
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = msgs.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [msgs[i], msgs[j]] = [msgs[j], msgs[i]]; }
  const shuffled = openDb(path.join(tmpDir(), 'shuffled.db'));
  try {
    await importRawMessages(shuffled, msgs, { threads: 0, extract: false });
    const all = (word: string) => shuffled.prepare(`SELECT m.message_id FROM messages m
      WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.date DESC, m.id DESC`)
      .pluck().all(`"${word}"`) as string[];
    for (const w of ['the', 'kernel', 'performance', 'linux', 'lmbench']) {
      const expect = all(w);
      for (const [limit, offset] of [[5, 0], [20, 0], [10, 30], [50, 0]]) {
        const got = searchMessages(shuffled, w, { limit, offset });
        assert.equal(got.total, expect.length, w);
        assert.deepEqual(got.results.map((r) => r.messageId), expect.slice(offset, offset + limit), `${w} limit ${limit} offset ${offset}`);
      }
    }
  } finally { shuffled.close(); }
});
