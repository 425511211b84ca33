import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { openDb } from '../../src/store/db';
import { insertRun } from '../../src/store/runs';
import { buildArchive, corpusFiles, tempDir, serve, get, importInto, SEED_ID } from './fixture';
import { startServer, type RunningServer } from '../../src/web/server';

// The site over the real corpus: every page, its JSON twin, the exports, the explorer's grammar.

let dir: string, dbPath: string, srv: RunningServer, base: string;
const files = corpusFiles();
const ZC = files.find((f) => f.includes('question-explanation-of-zero-copy-networking'))!;
const LATER = files.filter((f) => f !== ZC);

before(async () => {
  dir = tempDir('site');
  // Start with one thread; the rest is imported while the server runs (test "new mail appears").
  dbPath = await buildArchive(dir, [ZC]);
  srv = await serve(dbPath);
  base = srv.url;
});
after(async () => {
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const json = async (p: string) => {
  const r = await get(base, p);
  assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  return JSON.parse(r.text);
};

test('/ lists the list with counts and its latest threads; /json is its twin', async () => {
  const r = await get(base, '/');
  assert.equal(r.status, 200);
  assert.match(r.text, /<a href="\/lkml\/">lkml<\/a>/);
  const j = await json('/json');
  assert.equal(j.lists.length, 1);
  assert.equal(j.lists[0].name, 'lkml');
  assert.ok(j.lists[0].messages >= 18 && j.lists[0].figures > 0);
  assert.ok(j.latest.some((t: { subject: string }) => /zero-copy networking/.test(t.subject)));
});

test('the seed message: decoded headers, figures highlighted by offset and linked to the explorer, quote labelled', async () => {
  const r = await get(base, `/lkml/${SEED_ID}/`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Pekka Pietikainen/);
  assert.match(r.text, /<summary>Richard B\. Johnson wrote:/);
  const fig = /<a class="fig" id="f(\d+)" href="\/measurements\/\?id=(\d+)"[^>]*>141\.63 MB\/sec<\/a>/.exec(r.text);
  assert.ok(fig, 'the figure 141.63 MB/sec is highlighted and links to its explorer row');
  assert.equal(fig[1], fig[2]);
  assert.match(r.text, />74\.79 MB\/sec<\/a>/);
  // a quoted figure links to the message that first said it
  assert.match(r.text, /class="fig-origin" href="\/lkml\/Pine\.LNX\.3\.95\.1010507121212\.4256A-100000@chaos\.analogic\.com\/#f\d+"/);
  // the comparison bar chart data of the seed
  const bar = /<script type="application\/json" id="bar-data">(.*?)<\/script>/.exec(r.text);
  assert.ok(bar);
  const values = JSON.parse(bar[1]).bars.map((b: { value: number }) => b.value);
  assert.ok(values.includes(141630000) && values.includes(74790000), `bars: ${values}`);
});

test('JSON twin of a message uses the measurements field names', async () => {
  const j = await json(`/lkml/${SEED_ID}/json`);
  const f = j.message.figures.find((x: { value: number }) => x.value === 141.63);
  for (const k of ['id', 'messageId', 'threadId', 'list', 'date', 'author', 'quoted', 'quotedFrom', 'originMessageId', 'value', 'unit',
    'canonicalValue', 'canonicalUnit', 'kind', 'metric', 'condition', 'tool', 'approx', 'text', 'start', 'end']) assert.ok(k in f, k);
  assert.equal(f.canonicalUnit, 'B/s');
  assert.equal(j.message.text.slice(f.start, f.end), '141.63 MB/sec');
  assert.equal(j.message.head.messageId, SEED_ID);
});

test('threads flat (/T/) and nested (/t/) hold every message of the thread', async () => {
  const seed = await json(`/lkml/${SEED_ID}/json`);
  const n = seed.thread.messages;
  const flat = await json(`/lkml/${SEED_ID}/T/json`);
  const nested = await json(`/lkml/${SEED_ID}/t/json`);
  assert.equal(flat.messages.length, n);
  assert.equal(nested.messages.length, n);
  const dates = flat.messages.map((m: { head: { date: string } }) => m.head.date);
  assert.deepEqual(dates, [...dates].sort());
  assert.ok(nested.messages.some((m: { depth: number }) => m.depth > 1));
  assert.equal((await get(base, `/lkml/${SEED_ID}/T/`)).status, 200);
  const t = await get(base, `/lkml/${SEED_ID}/t/`);
  assert.equal(t.status, 200);
  assert.equal((t.text.match(/<article class="msg"/g) ?? []).length, n);
});

test('raw is byte-exact; t.mbox.gz is the thread as mboxrd; t.atom is a feed', async () => {
  const raw = await get(base, `/lkml/${SEED_ID}/raw`);
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(raw.headers.get('content-security-policy') ?? '', /sandbox/);
  const db = openDb(dbPath, { readonly: true });
  const sha = db.prepare('SELECT raw_sha256 FROM messages WHERE message_id = ?').pluck().get(SEED_ID);
  const n = db.prepare('SELECT count(*) FROM messages WHERE thread_id = (SELECT thread_id FROM messages WHERE message_id = ?)').pluck().get(SEED_ID);
  db.close();
  assert.equal(crypto.createHash('sha256').update(raw.body).digest('hex'), sha);
  assert.ok(fs.readFileSync(ZC).includes(raw.body.subarray(0, 2000)), 'raw bytes stand in the source mbox');

  const mb = await get(base, `/lkml/${SEED_ID}/t.mbox.gz`);
  assert.equal(mb.status, 200);
  assert.match(mb.headers.get('content-disposition') ?? '', /^attachment; filename="[A-Za-z0-9._-]+\.mbox\.gz"$/);
  const mbox = zlib.gunzipSync(mb.body).toString('latin1');
  assert.equal((mbox.match(/^From mboxrd@z /gm) ?? []).length, n);
  assert.match(mbox, /^Message-ID: <20010507213048\.A17014@netppl\.fi>$/m);

  const atom = await get(base, `/lkml/${SEED_ID}/t.atom`);
  assert.equal(atom.status, 200);
  assert.match(atom.headers.get('content-type') ?? '', /application\/atom\+xml/);
  assert.equal((atom.text.match(/<entry>/g) ?? []).length, n);
  assert.match(atom.text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);

  const listFeed = await get(base, '/lkml/new.atom');
  assert.equal(listFeed.status, 200);
  const updated = [...listFeed.text.matchAll(/<entry>.*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
  assert.ok(updated.length > 0 && updated.length <= 25);
  assert.deepEqual(updated, [...updated].sort().reverse(), 'newest first');
});

test('unknown ids: a 404 page that offers a search; JSON twins answer JSON errors', async () => {
  const r = await get(base, '/lkml/no-such-id@example.com/');
  assert.equal(r.status, 404);
  assert.match(r.text, /no message &lt;no-such-id@example\.com&gt;/);
  assert.match(r.text, /<form class="bigsearch" action="\/lkml\/"[^>]*>/);
  assert.match(r.text, /name="q" value="no-such-id@example\.com"/);
  const j = await get(base, '/lkml/no-such-id@example.com/json');
  assert.equal(j.status, 404);
  assert.equal(JSON.parse(j.text).ok, false);
  assert.equal((await get(base, '/nolist/')).status, 404);
  assert.equal((await get(base, '/lkml/%E0%A4%A/')).status, 400);
});

test('a message asked for under another list (or /all/) redirects to its list; the slash is optional', async () => {
  const r = await get(base, `/all/${SEED_ID}/`);
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), `/lkml/${SEED_ID}/`);
  const j = await get(base, `/all/${SEED_ID}/json`);
  assert.equal(j.headers.get('location'), `/lkml/${SEED_ID}/json`);
  assert.equal((await get(base, `/lkml/${SEED_ID}`)).status, 200);
});

test('list page: newest threads, date navigation by ?t= and /YYYY/MM/', async () => {
  const j = await json('/lkml/json');
  assert.ok(j.threads.length > 0);
  const lasts = j.threads.map((t: { last: string }) => t.last);
  assert.deepEqual(lasts, [...lasts].sort().reverse());
  const month = await json('/lkml/2001/05/json');
  assert.ok(month.threads.length > 0);
  for (const t of month.threads) assert.ok(t.last.startsWith('2001-05'), t.last);
  assert.deepEqual((await json('/lkml/json?t=20000101')).threads, []);
  assert.ok((await json('/lkml/json?t=20010601')).threads.length > 0);
  assert.equal((await get(base, '/lkml/?t=yesterday')).status, 400);
  const html = await get(base, '/lkml/');
  assert.match(html.text, /href="\/lkml\/2001\/05\/"/);
});

test('explorer: Datasette filters, sort, facets, paging, CSV', async () => {
  const all = await json('/measurements/json?_size=1000');
  assert.ok(all.total > 0);
  const lm = await json('/measurements/json?canonicalUnit=B/s&canonicalValue__gt=1e8&_sort=-canonicalValue&_facet=tool');
  assert.ok(lm.rows.length > 0);
  for (const r of lm.rows) { assert.equal(r.canonicalUnit, 'B/s'); assert.ok(r.canonicalValue > 1e8); }
  const vals = lm.rows.map((r: { canonicalValue: number }) => r.canonicalValue);
  assert.deepEqual(vals, [...vals].sort((a: number, b: number) => b - a));
  const toolFacet = lm.facets.find((f: { name: string }) => f.name === 'tool');
  assert.equal(toolFacet.values.reduce((a: number, v: { count: number }) => a + v.count, 0), lm.total);
  const tool = await json('/measurements/json?tool=lmbench');
  assert.ok(tool.rows.length >= 2 && tool.rows.every((r: { tool: string }) => r.tool === 'lmbench'));
  const p1 = await json('/measurements/json?_size=5');
  const p2 = await json(`/measurements/json?_size=5&_next=${p1.next}`);
  assert.equal(p2.offset, 5);
  assert.notDeepEqual(p1.rows.map((r: { id: number }) => r.id), p2.rows.map((r: { id: number }) => r.id));
  const bad = await get(base, '/measurements/json?nosuch=1');
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.text).error, /no column "nosuch"/);
  const csv = await get(base, '/measurements/csv?tool=lmbench');
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'id,messageId,threadId,list,date,author,quoted,quotedFrom,originMessageId,value,unit,canonicalValue,canonicalUnit,kind,metric,condition,tool,approx,text,start,end');
  assert.equal(lines.length - 1, tool.total);
  const form = await get(base, '/measurements/?tool=lmbench&_filter_column=canonicalValue&_filter_op=gt&_filter_value=1e8');
  assert.equal(form.status, 302);
  assert.equal(form.headers.get('location'), '/measurements/?tool=lmbench&canonicalValue__gt=1e8');
  const formJson = await get(base, '/measurements/json?_filter_column=tool&_filter_op=exact&_filter_value=lmbench');
  assert.equal(formJson.headers.get('location'), '/measurements/json?tool=lmbench');
  const html = await get(base, '/measurements/?tool=lmbench');
  assert.match(html.text, /<a class="chip" href="\/measurements\/"[^>]*>tool = lmbench ✕<\/a>/);
  assert.match(html.text, /id="time-data"/);
});

test('claims with the figures they relate', async () => {
  const j = await json('/claims/json');
  assert.ok(j.total > 0);
  const withFigs = j.rows.filter((c: { figures: unknown[] }) => c.figures.length);
  assert.ok(withFigs.length > 0);
  for (const c of withFigs) for (const f of c.figures) assert.ok(c.figureIds.includes(f.id));
  const kind = j.kinds[0].value;
  const k = await json(`/claims/json?kind=${kind}`);
  assert.ok(k.rows.every((c: { kind: string }) => c.kind === kind));
});

test('new mail appears without a restart while an import runs beside the server', async () => {
  const before = (await json('/json')).lists[0].messages;
  await importInto(dbPath, LATER.slice(0, 3));
  const afterImport = (await json('/json')).lists[0].messages;
  assert.ok(afterImport > before, `${before} -> ${afterImport}`);
  const j = await json('/lkml/json');
  assert.ok(j.threads.length >= 4);
});

test('a Message-ID holding "/" is addressed with %2F, as on lore', async () => {
  const mbox = path.join(dir, 'slash.mbox');
  fs.writeFileSync(mbox, 'From a@b Mon May  7 18:30:48 2001\nFrom: A <a@example.com>\nSubject: slash id\nDate: Mon, 7 May 2001 21:30:48 +0300\n' +
    'Message-ID: <abc/def@example.com>\n\nIt did 42 MB/sec with lmbench bw_tcp.\n');
  await importInto(dbPath, [mbox]);
  const r = await get(base, '/lkml/abc%2Fdef@example.com/');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(r.text, /href="\/lkml\/abc%2Fdef@example\.com\/raw"/);
  assert.equal((await get(base, '/lkml/abc%2Fdef@example.com/raw')).status, 200);
});

test('a run shows beside its figure with the ratio then/now, on the message page and in the explorer', async () => {
  const db = openDb(dbPath);
  const f = db.prepare('SELECT f.id, f.start, f."end" FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = ? AND f.value = 141.63').get(SEED_ID) as { id: number; start: number; end: number };
  const now = Math.floor(Date.now() / 1000);
  insertRun(db, {
    figureId: f.id, messageId: SEED_ID, figureStart: f.start, tool: 'lmbench', command: ['bw_tcp', '-P', '1', 'localhost'], exitStatus: 0,
    output: '0.065536 2832.60 MB/sec\n',
    figures: [{ id: null, messageId: null, threadId: null, list: null, date: null, author: null, quoted: false, quotedFrom: null, originMessageId: null,
      value: 2832.6, unit: 'MB/sec', canonicalValue: 2832600000, canonicalUnit: 'B/s', kind: 'throughput', metric: 'bw_tcp', condition: 'localhost',
      tool: 'lmbench', approx: false, text: '0.065536 2832.60 MB/sec', start: 9, end: 23 }],
    environment: { run: { headlineIndex: 0, comparable: true } }, startedAt: now, finishedAt: now,
  });
  db.close();
  const j = await json(`/lkml/${SEED_ID}/json`);
  const fig = j.message.figures.find((x: { id: number }) => x.id === f.id);
  assert.equal(fig.runs.length, 1);
  assert.ok(Math.abs(fig.runs[0].ratio - 2832600000 / 141630000) < 1e-9);
  const h = await get(base, `/lkml/${SEED_ID}/`);
  assert.match(h.text, new RegExp(`id="f${f.id}"[^>]*>141\\.63 MB/sec</a><span class="fig-run"[^>]*>now 20\\.00×</span>`));
  const ex = await json(`/measurements/json?id=${f.id}`);
  assert.equal(ex.rows[0].runs[0].canonicalValue, 2832600000);
});

test('a port in use is refused with a sentence, not a stack', async () => {
  const port = Number(new URL(base).port);
  await assert.rejects(startServer({ dbPath, host: '127.0.0.1', port }), /port \d+ on 127\.0\.0\.1 is already in use: pick another with --port/);
  await assert.rejects(startServer({ dbPath: path.join(dir, 'missing.db'), port: 0 }), /no database at .*missing\.db: run `benchmail import` first/);
});
