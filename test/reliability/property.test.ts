import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { splitMbox, toMboxrd } from '../../src/ingest/mbox';
import { parseHeaderBlock, decodeHeader, parseAddressList, parseMsgIdList } from '../../src/ingest/headers';
import { parseMessage, ParseError } from '../../src/ingest/parse';
import { extractMessage } from '../../src/extract/index';
import { openDb } from '../../src/store/db';
import { importRawMessages } from '../../src/api/import';
import { verifyDatabase } from '../../src/api/verify';
import type { RawMessage } from '../../src/core/types';
import { tmpDir } from '../helpers/corpus';
import { record, resetRecords } from './helpers';

// Property tests: generated input, fixed seeds (a failure prints its seed and
// shrunk counterexample, and the same run repeats it).

const SUITE = 'property';
resetRecords(SUITE);
const SEED = 20261125;
const dir = tmpDir('benchmail-prop-');
after(() => { /* tmpDir removes itself at exit */ });

async function prop(fault: string, runs: number, body: () => Promise<void> | void, what: string): Promise<void> {
  let pass = false;
  try { await body(); pass = true; } finally {
    record(SUITE, { area: 'Property', fault, cases: runs, pass, result: pass ? what : 'FAILED (see the test output for the counterexample)' });
  }
}

// ---- mbox: split(join(messages)) gives the messages back, byte for byte.
const bodyLine = fc.oneof(
  fc.constantFrom('From me Mon May  7 18:30:48 2001', 'From ', '>From here', '>>From x', 'From: not a separator', '', '\r', '.',
    'From someone@example.com Thu Jan  1 00:00:00 1970', '\x01\x01\x01\x01', 'Content-Length: 5'),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')), // 8-bit and NUL
);
const rawMessage = fc.record({
  lines: fc.array(bodyLine, { maxLength: 12 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
}).map(({ lines, crlf, finalNewline }) => {
  const eol = crlf ? '\r\n' : '\n';
  const text = `Subject: t${eol}Message-ID: <x@y>${eol}${eol}` + lines.join(eol) + (finalNewline ? eol : '');
  return Buffer.from(text, 'latin1');
});

async function split(buf: Buffer, chunkSizes: number[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let i = 0, k = 0;
  while (i < buf.length) { const n = chunkSizes.length ? chunkSizes[k++ % chunkSizes.length] : buf.length; chunks.push(buf.subarray(i, i + n)); i += n; }
  const out: Buffer[] = [];
  for await (const m of splitMbox(Readable.from(chunks), 'prop')) out.push(m.raw);
  return out;
}

test('mbox: split(join(raw messages)) is the identity (From_ lines, >From, CRLF, NUL, 8-bit, any chunking)', async () => {
  const runs = 400;
  await prop('mbox split/join round trip', runs, () => fc.assert(fc.asyncProperty(
    fc.array(rawMessage, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 5 }),
    async (raws, chunkSizes) => {
      const joined = Buffer.concat(raws.map((r) => toMboxrd(r, 'sender@example.com', 989259048)));
      const back = await split(joined, chunkSizes);
      // mboxrd ends every message with a newline: one missing at the end is the only change allowed.
      const want = raws.map((r) => (r.length && r[r.length - 1] === 0x0a ? r : Buffer.concat([r, Buffer.from('\n')])));
      assert.deepEqual(back.map((b) => b.toString('latin1')), want.map((b) => b.toString('latin1')));
    }), { numRuns: runs, seed: SEED }), 'every generated archive split back into its messages byte for byte');
});

// ---- headers: decoding never throws, whatever the bytes.
const encodedWord = fc.record({
  charset: fc.oneof(fc.constantFrom('utf-8', 'iso-8859-1', 'koi8-r', 'x-unknown', 'utf-7', 'gb2312', ''), fc.string({ maxLength: 12 })),
  enc: fc.constantFrom('B', 'Q', 'b', 'q', 'X', ''),
  payload: fc.oneof(fc.string({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a).toString('base64'))),
}).map(({ charset, enc, payload }) => `=?${charset}?${enc}?${payload}?=`);
const headerValue = fc.array(fc.oneof(encodedWord, fc.string({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.constantFrom('<a@b>', '<<>>', '"', '\\', '(', ')', ',', ';', '<', '>', '\r\n ', '\n\t', ' ')), { maxLength: 10 }).map((p) => p.join(''));
const headerName = fc.constantFrom('From', 'To', 'Cc', 'Subject', 'Message-ID', 'References', 'In-Reply-To', 'Date',
  'Content-Type', 'Content-Transfer-Encoding', 'MIME-Version', 'List-Id', 'Received', 'X-Junk');

test('headers: parseHeaderBlock, decodeHeader, address and id lists, parseMessage never throw (but ParseError)', async () => {
  const runs = 1500;
  await prop('header and message decoding never throws', runs, () => fc.assert(fc.property(
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }),
    fc.uint8Array({ maxLength: 200 }),
    (headers, body) => {
      const raw = Buffer.concat([Buffer.from(headers.map(([n, v]) => `${n}: ${v}`).join('\n') + '\n\n', 'latin1'), Buffer.from(body)]);
      const block = parseHeaderBlock(raw);
      for (const [, values] of block.headers) for (const v of values) {
        assert.equal(typeof decodeHeader(v), 'string');
        parseAddressList(decodeHeader(v));
        parseMsgIdList(v, 100);
      }
      try {
        const m = parseMessage(raw);
        assert.ok(m.messageId.length > 0 && m.messageId.length <= 998);
        assert.doesNotMatch(m.messageId, /[\s\u0000-\u001f\u007f]/, 'a Message-ID with spaces or control characters would break URLs and headers');
        assert.ok(m.subject.length <= 2000);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }), { numRuns: runs, seed: SEED }), 'no input threw; every stored Message-ID is non-empty, bounded, free of control characters');
});

// ---- extraction: never throws, offsets inside the text, bounded time per MB.
const benchText = fc.array(fc.oneof(
  fc.constantFrom('141.63 MB/sec', '1e308 GB', '-0 ms', '0x1f KB', '1,234,567.89 ops/s', '2x faster', 'vs', ' | ', '\t', '>', '> > ',
    'lmbench', 'bw_tcp', 'dbench', 'Throughput', '%', '10^6', '∞ MB/s', 'NaN us', '..', '1.2.3.4', '±', '\n', '\n\n', '-- \n'),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String), fc.double().map(String),
), { maxLength: 60 }).map((p) => p.join(' '));

test('extraction: never throws; every figure points inside the text and has a finite value', async () => {
  const runs = 600;
  await prop('figure extraction on arbitrary text', runs, () => fc.assert(fc.property(benchText, fc.string({ maxLength: 30 }), (text, subject) => {
    const r = extractMessage(text, { fromName: 'x', subject });
    for (const f of r.figures) {
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `figure at ${f.start}..${f.end} of ${text.length}`);
      assert.ok(Number.isFinite(f.value) && Number.isFinite(f.canonicalValue), `figure ${f.value} ${f.unit}`);
    }
  }), { numRuns: runs, seed: SEED }), 'no input threw; offsets in range; values finite');
});

test('extraction: hostile 1 MB texts finish within a generous bound, and 4x the text costs about 4x', async () => {
  const patterns: Record<string, (n: number) => string> = {
    'ones': (n) => '1'.repeat(n),
    'MB/s': (n) => 'MB/s'.repeat(n / 4),
    '1 MB/s ': (n) => '1 MB/s '.repeat(n / 7),
    'digits and dots': (n) => '1.'.repeat(n / 2),
    'quotes': (n) => '> '.repeat(n / 2),
    'table': (n) => '| 1 | 2.5 MB/s | 3 ms |\n'.repeat(n / 23),
    'words and numbers': (n) => 'throughput 12 vs 14 faster '.repeat(n / 27),
  };
  const ratios: string[] = [];
  let worst = 0;
  await prop('extraction time on 256 KB vs 1 MB hostile text', Object.keys(patterns).length * 2, () => {
    for (const [name, make] of Object.entries(patterns)) {
      const ms = (n: number) => { const t = process.hrtime.bigint(); extractMessage(make(n), { fromName: '', subject: '' }); return Number(process.hrtime.bigint() - t) / 1e6; };
      ms(64 * 1024); // warm-up: the first call pays for compiling the rules
      const small = ms(256 * 1024), big = ms(1024 * 1024);
      worst = Math.max(worst, big);
      ratios.push(`${name} ${small.toFixed(0)} -> ${big.toFixed(0)} ms`);
      // Generous: linear code does 1 MB in well under a second; quadratic takes minutes.
      assert.ok(big < 15000, `${name}: 1 MB took ${big.toFixed(0)} ms`);
      // Quadratic work shows as ~16x; below a second the ratio is mostly noise (JIT, load).
      if (big > 1000) assert.ok(big / small < 10, `${name}: 4x the text took ${(big / small).toFixed(1)}x the time (${small.toFixed(0)} -> ${big.toFixed(0)} ms): not linear`);
    }
  }, 'each 1 MB pattern under 15 s, and under 10x the 256 KB time when over 1 s');
  record(SUITE, { area: 'Property', fault: 'extraction time on 256 KB vs 1 MB hostile text', cases: Object.keys(patterns).length * 2, pass: true,
    result: `slowest 1 MB: ${(worst / 1000).toFixed(2)} s; 256 KB -> 1 MB: ${ratios.join(', ')} (ratio asserted under 10x once over 1 s)` });
});

// ---- threading: the same reply structure gives the same threads in any import order.
interface Node { parent: number | null; how: 'refs' | 'irt' | 'subject' | 'orphan'; topic: number }
const forest = fc.array(fc.record({ parentPick: fc.nat(), how: fc.constantFrom('refs', 'irt', 'subject', 'orphan', 'refs'), isRoot: fc.boolean(), topic: fc.nat(3) }), { minLength: 2, maxLength: 25 })
  .map((xs) => xs.map((x, i): Node => (i === 0 || x.isRoot ? { parent: null, how: 'refs', topic: x.topic } : { parent: x.parentPick % i, how: x.how as Node['how'], topic: x.topic })));

function mailsOf(nodes: Node[]): RawMessage[] {
  const topicOf = (i: number): number => (nodes[i].parent === null ? nodes[i].topic : topicOf(nodes[i].parent!));
  const chain = (i: number): number[] => (nodes[i].parent === null ? [] : [...chain(nodes[i].parent!), nodes[i].parent!]);
  return nodes.map((n, i) => {
    const id = `m${i}@prop.example`;
    const subject = n.parent === null ? `topic ${topicOf(i)}` : `Re: topic ${topicOf(i)}`;
    const refs = chain(i).map((p) => `<m${p}@prop.example>`);
    let extra = '';
    if (n.how === 'refs' && refs.length) extra = `In-Reply-To: ${refs[refs.length - 1]}\nReferences: ${refs.join(' ')}\n`;
    else if (n.how === 'irt' && refs.length) extra = `In-Reply-To: ${refs[refs.length - 1]}\n`;
    else if (n.how === 'orphan' && refs.length) extra = `In-Reply-To: <gone-${i}@prop.example>\nReferences: <gone-${i}@prop.example>\n`;
    const date = new Date(Date.UTC(2001, 4, 7, 0, i)).toUTCString();
    const raw = Buffer.from(`From: u${i} <u${i}@example.com>\nSubject: ${subject}\nDate: ${date}\nMessage-ID: <${id}>\n${extra}\nbody ${i}\n`);
    return { raw, source: 'prop', offset: i };
  });
}

let dbSeq = 0;
async function threadsOf(mails: RawMessage[]): Promise<{ digest: string; threads: string[] }> {
  const file = path.join(dir, `t${dbSeq++}.db`);
  const db = openDb(file);
  try { await importRawMessages(db, mails, { threads: 0, extract: false, list: 'lkml' }); } finally { db.close(); }
  const v = verifyDatabase(file);
  assert.ok(v.ok, JSON.stringify(v.checks.filter((c) => !c.ok)));
  const rows = openDb(file, { readonly: true });
  try {
    const all = rows.prepare('SELECT message_id, thread_id FROM messages ORDER BY message_id').all() as { message_id: string; thread_id: string }[];
    return { digest: v.digest, threads: all.map((r) => `${r.message_id} ${r.thread_id}`) };
  } finally { rows.close(); }
}

test('threading: generated reply structures thread the same in every import order', async () => {
  const runs = 40;
  await prop('threads independent of import order (generated reply forests)', runs, () => fc.assert(fc.asyncProperty(
    forest, fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
    async (nodes, keys) => {
      const mails = mailsOf(nodes);
      const shuffled = mails.map((m, i) => ({ m, k: keys[i % keys.length] * 31 + i })).sort((a, b) => a.k - b.k).map((x) => x.m);
      const a = await threadsOf(mails);
      const b = await threadsOf(shuffled);
      const c = await threadsOf(mails.slice().reverse());
      assert.deepEqual(b.threads, a.threads, 'shuffled order');
      assert.deepEqual(c.threads, a.threads, 'reverse order');
      assert.equal(b.digest, a.digest);
    }), { numRuns: runs, seed: SEED }), 'forward, shuffled and reverse imports give the same thread of every message and the same digest');
});

test('threading: References that loop or point forward (a lie) never break the tree; the grouping is the same in any order', async () => {
  const runs = 25;
  // Some messages name a later message as their parent: loops become possible.
  const liars = fc.tuple(forest, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }));
  await prop('reference loops and forward references: same grouping in any order', runs, () => fc.assert(fc.asyncProperty(liars, async ([nodes, lies, keys]) => {
    const mails = mailsOf(nodes).map((m, i) => {
      const lie = lies.find(([a]) => a % nodes.length === i);
      if (!lie) return m;
      const target = `<m${lie[1] % nodes.length}@prop.example>`;
      return { ...m, raw: Buffer.from(m.raw.toString('latin1').replace(/^Message-ID:/m, `References: ${target}\nIn-Reply-To: ${target}\nMessage-ID:`), 'latin1') };
    });
    const groups = (t: string[]) => {
      const by = new Map<string, string[]>();
      for (const line of t) { const [id, thread] = line.split(' '); by.set(thread, [...(by.get(thread) ?? []), id]); }
      return [...by.values()].map((g) => g.sort().join(',')).sort();
    };
    const shuffled = mails.map((m, i) => ({ m, k: keys[i % keys.length] * 31 + i })).sort((a, b) => a.k - b.k).map((x) => x.m);
    const a = await threadsOf(mails); // threadsOf asserts verify is whole
    const b = await threadsOf(shuffled);
    assert.deepEqual(groups(b.threads), groups(a.threads));
  }), { numRuns: runs, seed: SEED }), 'verify whole after every import; the same messages share a thread in any order (the thread is named after whichever loop member came first)');
});
