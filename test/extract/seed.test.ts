import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { openDb, type DB } from '../../src/store/db';
import { importPaths, importRawMessages } from '../../src/api/import';
import { listMeasurements } from '../../src/api/measurements';
import { listClaims } from '../../src/api/claims';
import { reextract } from '../../src/api/reextract';
import { extractMessage } from '../../src/extract/index';
import type { RawMessage } from '../../src/core/types';

// The seed thread: Pekka Pietikainen answers Richard B. Johnson. Pekka's lmbench
// figures are his own; Richard's "10 times", "30 times" are quoted from him and
// linked to the message where he said them, whatever the import order.

const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
const MBOX = path.join(SHARED, 'corpus', 'question-explanation-of-zero-copy-networking.mbox');
const PEKKA = '20010507213048.A17014@netppl.fi';
let dir: string;
let db: DB;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-seed-'));
  db = openDb(path.join(dir, 'seed.db'));
  await importPaths(db, [MBOX], { threads: 0 });
});
after(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

test('the seed text itself: every figure, own and quoted', () => {
  const page = fs.readFileSync(path.join(SHARED, 'seed', 'lkml-2001-05-07-zero-copy.txt'), 'utf8');
  const body = page.slice(page.indexOf('On Mon, May 07, 2001'), page.indexOf('Pekka Pietikainen\n'));
  const figs = extractMessage(body, { fromName: 'Pekka Pietikainen', subject: 'Re: [Question] Explanation of zero-copy networking' }).figures;
  const got = figs.map((f) => [f.value, f.canonicalUnit, f.quoted, f.quotedFrom]);
  assert.deepEqual(got, [
    [10, 'x', true, 'Richard B. Johnson'], [30, 'x', true, 'Richard B. Johnson'], [2, 'x', false, null],
    [141.63, 'B/s', false, null], [74.79, 'B/s', false, null], [100, 'B/s', false, null],
    [1.7, 'Hz', false, null], [10, 'bit/s', false, null], [1500, 'B', false, null], [850000, 'Hz', false, null],
  ]);
  const lm = figs.filter((f) => f.canonicalUnit === 'B/s' && f.tool === 'lmbench');
  assert.deepEqual(lm.map((f) => f.canonicalValue), [141.63e6, 74.79e6]);
  assert.equal(figs[3].condition, 'localhost');
  assert.equal(body.slice(figs[3].start, figs[3].end), '141.63 MB/sec');
  assert.equal(figs[0].approx, true, '"over 10 times" is approximate');
});

test('imported: Pekka\'s figures are his, Richard\'s are quoted and linked to Richard\'s message', () => {
  const figs = listMeasurements(db, { message: `<${PEKKA}>` });
  const own = figs.filter((f) => !f.quoted);
  const quoted = figs.filter((f) => f.quoted);
  assert.deepEqual(own.filter((f) => f.tool === 'lmbench').map((f) => [f.value, f.unit, f.canonicalValue]),
    [[141.63, 'MB/sec', 141630000], [74.79, 'MB/sec', 74790000]]);
  assert.ok(own.every((f) => f.author === 'Pekka Pietikainen' && f.quotedFrom === null));
  assert.deepEqual(quoted.map((f) => [f.value, f.unit, f.quotedFrom]), [[10, 'times', 'Richard B. Johnson'], [30, 'times', 'Richard B. Johnson']]);
  const origin = quoted[0].originMessageId;
  assert.ok(origin, 'quoted figure linked to its origin');
  const originFigs = listMeasurements(db, { message: origin! });
  assert.ok(originFigs.some((f) => !f.quoted && f.value === 10 && f.canonicalUnit === 'x' && /Johnson/.test(f.author)));
  // JSON shape: exactly the documented fields
  assert.deepEqual(Object.keys(figs[0]), ['id', 'messageId', 'threadId', 'list', 'date', 'author', 'quoted', 'quotedFrom',
    'originMessageId', 'value', 'unit', 'canonicalValue', 'canonicalUnit', 'kind', 'metric', 'condition', 'tool',
    'approx', 'text', 'start', 'end']);
  assert.match(figs[0].date!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('filters: --min with a unit, --quoted, --tool, --author', () => {
  const fast = listMeasurements(db, { min: '100MB/s' });
  assert.ok(fast.length > 0 && fast.every((f) => f.canonicalUnit === 'B/s' && f.canonicalValue >= 1e8));
  assert.ok(listMeasurements(db, { quoted: true }).every((f) => f.quoted));
  assert.ok(listMeasurements(db, { quoted: false }).every((f) => !f.quoted));
  assert.deepEqual([...new Set(listMeasurements(db, { tool: 'lmbench' }).map((f) => f.tool))], ['lmbench']);
  assert.ok(listMeasurements(db, { author: 'Pietikainen' }).every((f) => f.author === 'Pekka Pietikainen'));
  assert.throws(() => listMeasurements(db, { unit: 'MB/s' }), /canonical unit/);
});

test('claims: the factor of 2 and the quoted speedups', () => {
  const c = listClaims(db, { message: PEKKA });
  const f2 = c.find((x) => x.factor === 2 && !x.quoted)!;
  assert.ok(f2, 'a factor of 2');
  assert.ok(f2.figureIds.length >= 2, 'relates the lmbench figures');
  assert.ok(c.some((x) => x.quoted && x.factor === 10 && x.quotedFrom === 'Richard B. Johnson' && x.kind === 'speedup'));
});

test('origin links do not depend on import order; reextract rebuilds the same figures without the source', async () => {
  const rev = path.join(dir, 'rev.db');
  const db2 = openDb(rev);
  try {
    // the same thread, newest message first
    const raws: RawMessage[] = [];
    const text = fs.readFileSync(MBOX, 'latin1');
    let off = 0;
    for (const part of text.split(/^(?=From )/m)) {
      const body = part.replace(/^From .*\n/, '').replace(/^>(>*From )/gm, '$1');
      if (body.trim()) raws.push({ raw: Buffer.from(body, 'latin1'), source: MBOX, offset: off });
      off += Buffer.byteLength(part, 'latin1');
    }
    await importRawMessages(db2, raws.reverse(), { threads: 0 });
    const a = listMeasurements(db, { message: PEKKA }).map((f) => [f.value, f.quoted, f.originMessageId]);
    const b = listMeasurements(db2, { message: PEKKA }).map((f) => [f.value, f.quoted, f.originMessageId]);
    assert.deepEqual(b, a);
    const before = listMeasurements(db2).map((f) => [f.messageId, f.value, f.unit, f.start, f.originMessageId]);
    // a run made against one of Pekka's figures must follow it to its new row
    const target = listMeasurements(db2, { message: PEKKA, tool: 'lmbench' })[0];
    db2.prepare(`INSERT INTO runs (figure_id, message_id, figure_start, tool, command, started_at) VALUES (?, ?, ?, 'lmbench', '[]', 0)`)
      .run(target.id, PEKKA, target.start);
    const s = reextract(db2);
    assert.equal(s.failed.length, 0);
    assert.equal(s.messages, raws.length);
    const after = listMeasurements(db2).map((f) => [f.messageId, f.value, f.unit, f.start, f.originMessageId]);
    assert.deepEqual(after, before);
    const moved = listMeasurements(db2, { message: PEKKA, tool: 'lmbench' })[0];
    assert.notEqual(moved.id, target.id, 'figures are new rows after reextract');
    const runFigure = db2.prepare('SELECT figure_id FROM runs').pluck().get();
    assert.equal(runFigure, moved.id);
  } finally { db2.close(); }
});

test('a reply moved to its origin\'s thread by a later message of the same batch still links its quotes', async () => {
  // Richard's message is stored first. In the next batch Pekka's reply names only a
  // message not seen yet (and has a subject of its own), so it starts in a thread of
  // its own; then that message arrives, answering Richard, and the reply's tree moves
  // under Richard's. The link must follow the thread as it is after the move.
  const RICHARD = 'Pine.LNX.3.95.1010507121212.4256A-100000@chaos.analogic.com';
  const text = fs.readFileSync(MBOX, 'latin1');
  const part = (id: string) => text.split(/^(?=From )/m).find((p) => p.includes(`Message-ID: <${id}>`))!.replace(/^From .*\n/, '');
  const pekka = part(PEKKA)
    .replace(/^In-Reply-To: .*\n/gm, '').replace(/^Subject: .*$/m, 'Subject: Re: loopback numbers')
    .replace(/^Message-ID: .*$/m, `Message-ID: <${PEKKA}>\nIn-Reply-To: <bridge@benchmail.test>`);
  const bridge = ['From: Someone Else <else@example.org>', 'Subject: Re: [Question] Explanation of zero-copy networking',
    'Date: Mon, 7 May 2001 17:00:00 -0400', 'Message-ID: <bridge@benchmail.test>', `In-Reply-To: <${RICHARD}>`, '', 'See below.', ''].join('\n');
  const raw = (s: string, offset: number): RawMessage => ({ raw: Buffer.from(s, 'latin1'), source: 'moved-thread', offset });
  const db3 = openDb(path.join(dir, 'moved.db'));
  try {
    await importRawMessages(db3, [raw(part(RICHARD), 0)], { threads: 0 });
    await importRawMessages(db3, [raw(pekka, 1), raw(bridge, 2)], { threads: 0 });
    const thread = (id: string) => db3.prepare('SELECT thread_id FROM messages WHERE message_id = ?').pluck().get(id);
    assert.equal(thread(PEKKA), thread(RICHARD), 'the reply moved into the thread');
    const quoted = listMeasurements(db3, { message: PEKKA }).filter((f) => f.quoted && f.canonicalUnit === 'x');
    assert.ok(quoted.length >= 2, 'Richard\'s factors are quoted');
    for (const f of quoted) assert.equal(f.originMessageId, RICHARD, `${f.text} links to Richard's message`);
  } finally { db3.close(); }
});
