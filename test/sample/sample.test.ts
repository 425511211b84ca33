// The sample archive (data/sample/): deterministic, committed as generated, big
// and varied enough to show every feature, valid mail a real parser decodes, the
// seed thread intact, and importable into a fresh database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { PROJECT_ROOT } from '../../src/core/config';
import { generateSample, SAMPLE_FILES } from '../../scripts/make-sample';
import { SEED_REPLY_ID, SEED_ROOT_ID } from '../../scripts/sample/seed';

const SAMPLE_DIR = path.join(PROJECT_ROOT, 'data', 'sample');
const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
const SEED_PAGE = path.join(SHARED, 'seed', 'lkml-2001-05-07-zero-copy.txt');

/** Split an mboxrd file into raw messages, undoing the '>' escaping, independently of the generator. */
function splitMbox(buf: Buffer): Buffer[] {
  const text = buf.toString('latin1');
  const starts: number[] = [];
  const re = /^From [^\n]*\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  return starts.map((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const body = text.slice(text.indexOf('\n', s) + 1, end).replace(/\n$/, '').replace(/^>(>*From )/gm, '$1');
    return Buffer.from(body, 'latin1');
  });
}

/** Unfolded header fields of a raw message, names lower-cased. */
function headers(raw: Buffer): Map<string, string[]> {
  const head = raw.toString('latin1').split('\n\n')[0].replace(/\n[ \t]+/g, ' ');
  const out = new Map<string, string[]>();
  for (const line of head.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).toLowerCase();
    out.set(k, [...(out.get(k) ?? []), line.slice(i + 1).trim()]);
  }
  return out;
}

const ids = (v: string | undefined) => (v ? [...v.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]) : []);

interface Mail { raw: Buffer; h: Map<string, string[]>; id: string }

function mails(buf: Buffer): Mail[] {
  return splitMbox(buf).map((raw) => {
    const h = headers(raw);
    return { raw, h, id: ids(h.get('message-id')?.[0])[0] };
  });
}

/** Thread roots by References (oldest first) or, failing that, the In-Reply-To chain. */
function threadRoots(ms: Mail[]): Map<string, number> {
  const byId = new Map(ms.map((m) => [m.id, m]));
  const parentOf = (m: Mail) => {
    const refs = ids(m.h.get('references')?.[0]);
    return refs.length ? refs[refs.length - 1] : ids(m.h.get('in-reply-to')?.[0])[0];
  };
  const roots = new Map<string, number>();
  for (const m of ms) {
    let cur = m.id;
    const seen = new Set<string>();
    for (let node = byId.get(cur); node; node = byId.get(cur)) {
      const p = parentOf(node);
      if (!p || seen.has(p)) break;
      seen.add(cur);
      cur = p;
    }
    roots.set(cur, (roots.get(cur) ?? 0) + 1);
  }
  return roots;
}

const generated = generateSample();
const lkml = mails(generated.files['lkml-sample.mbox']);
let parsedCache: ParsedMail[] | null = null;
async function parsed(): Promise<ParsedMail[]> {
  parsedCache ??= await Promise.all(lkml.map((m) => simpleParser(m.raw, { skipHtmlToText: true })));
  return parsedCache;
}

test('generating twice gives the same bytes, and the seed matters', () => {
  const again = generateSample();
  for (const name of SAMPLE_FILES) assert.ok(again.files[name].equals(generated.files[name]), `${name} differs between two runs`);
  assert.ok(!generateSample(7).files['lkml-sample.mbox'].equals(generated.files['lkml-sample.mbox']));
});

test('the committed data/sample files equal a fresh generation', () => {
  for (const name of SAMPLE_FILES) {
    const committed = fs.readFileSync(path.join(SAMPLE_DIR, name));
    assert.ok(committed.equals(generated.files[name]), `data/sample/${name} is stale: run node dist/scripts/make-sample.js`);
  }
  const readme = fs.readFileSync(path.join(SAMPLE_DIR, 'README.md'), 'utf8');
  assert.match(readme, /synthetic/i);
  assert.ok(readme.includes(`${lkml.length} messages in ${threadRoots(lkml).size} threads`), 'README.md states the current counts');
});

test('counts: 300+ messages, 30+ threads, two lists, unique ids', () => {
  assert.ok(lkml.length >= 300, `${lkml.length} messages`);
  assert.equal(new Set(lkml.map((m) => m.id)).size, lkml.length, 'Message-IDs are unique');
  const roots = threadRoots(lkml);
  assert.ok(roots.size >= 30, `${roots.size} threads`);
  const lists = new Set(lkml.map((m) => m.h.get('list-id')?.[0]));
  assert.deepEqual([...lists].sort(), ['<linux-kernel.vger.kernel.org>', '<netdev.vger.kernel.org>']);
  const netdev = lkml.filter((m) => m.h.get('list-id')?.[0] === '<netdev.vger.kernel.org>');
  assert.ok(threadRoots(netdev).size >= 3, 'a few netdev threads');
  for (const m of lkml) for (const f of ['date', 'from', 'subject', 'message-id']) assert.ok(m.h.get(f)?.[0], `${m.id} lacks ${f}`);
});

test('threading headers come in every shape: full, In-Reply-To only, elm suffix, orphans, Re: Re:', () => {
  const has = (f: (m: Mail) => boolean) => lkml.filter(f).length;
  assert.ok(has((m) => (m.h.get('references')?.[0] ?? '').split('<').length > 3) > 20, 'References chains');
  assert.ok(has((m) => !!m.h.get('in-reply-to') && !m.h.get('references')) >= 10, 'replies with only In-Reply-To');
  assert.ok(has((m) => / from ".+" at \w{3} \d\d, \d{4} /.test(m.h.get('in-reply-to')?.[0] ?? '')) >= 1, 'elm In-Reply-To');
  const known = new Set(lkml.map((m) => m.id));
  const orphans = lkml.filter((m) => { const p = ids(m.h.get('in-reply-to')?.[0])[0]; return p && !known.has(p); });
  assert.ok(orphans.length >= 2, `${orphans.length} orphans`);
  assert.ok(has((m) => /^Re: Re: \[PATCH v2 3\/7\]/.test(m.h.get('subject')?.[0] ?? '')) >= 1);
  assert.ok(has((m) => /^\[PATCH v2 \d\/7\]/.test(m.h.get('subject')?.[0] ?? '')) === 8, 'a v2 series of 7 with its cover');
});

test('encodings: RFC 2047 names, QP, base64, multipart, flowed, KOI8-R, Shift_JIS, varied dates', () => {
  const all = lkml.map((m) => m.raw.toString('latin1').split('\n\n')[0]).join('\n');
  for (const re of [/^From: =\?ISO-8859-1\?Q\?/m, /^From: =\?ISO-8859-1\?B\?/m, /^From: =\?UTF-8\?B\?/m, /^From: =\?UTF-8\?Q\?/m,
    /^Content-Transfer-Encoding: quoted-printable/m, /^Content-Transfer-Encoding: base64/m, /^Content-Type: multipart\/mixed/m,
    /format=flowed/, /charset=koi8-r/, /charset=shift_jis/, /^Subject: =\?KOI8-R\?B\?/m]) {
    assert.match(all, re);
  }
  const dates = lkml.map((m) => m.h.get('date')![0]);
  for (const re of [/^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4} \(\w+\)$/, /^\d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/,
    /^\w{3}, \d{1,2} \w{3} \d\d \d\d:\d\d:\d\d [+-]\d{4}$/, / GMT$/, /^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d [+-]\d{4}$/]) {
    assert.ok(dates.some((d) => re.test(d)), `a Date like ${re}`);
  }
  assert.ok(new Set(dates.map((d) => d.match(/[+-]\d{4}/)?.[0])).size >= 8, 'many time zones');
});

test('mboxrd: no unescaped From line inside a message, escaped ones come back', () => {
  const text = generated.files['lkml-sample.mbox'].toString('latin1');
  assert.equal((text.match(/^From /gm) ?? []).length, lkml.length);
  assert.ok((text.match(/^>From /gm) ?? []).length >= 1, 'some body line needed escaping');
  assert.ok(lkml.some((m) => /^From the /m.test(m.raw.toString('latin1'))), 'unescaping restores it');
});

test('every message decodes with mailparser, in the right charset', async () => {
  const ps = await parsed();
  const texts = ps.map((p) => p.text ?? '');
  assert.ok(texts.every((t) => t.length > 20), 'every message has a text body');
  assert.ok(texts.some((t) => t.includes('Здравствуйте')), 'KOI8-R body');
  assert.ok(texts.some((t) => t.includes('皆様') && t.includes('Iozone: Performance Test of File I/O')), 'Shift_JIS base64 body');
  assert.ok(texts.some((t) => t.includes('Grüße aus Köln')), 'Latin-1 body');
  assert.ok(texts.some((t) => t.includes('mem=256M')), 'QP "=3D" decoded');
  assert.ok(ps.some((p) => p.from?.value[0]?.name === 'Jörg Hämmerle'), 'ISO-8859-1 Q name');
  assert.ok(ps.some((p) => p.from?.value[0]?.name === 'Łukasz Wierzbicki'), 'UTF-8 B name');
  assert.ok(ps.some((p) => p.subject?.startsWith('Медленный UDMA100')), 'KOI8-R subject');
  const att = ps.flatMap((p) => p.attachments).find((a) => a.filename === 'bench-2.6.8-rc4-bk1.txt');
  assert.ok(att && att.content.toString().includes('Version  1.03'), 'benchmark output attachment');
  // format=flowed: the soft breaks are gone once decoded
  assert.ok(texts.some((t) => t.includes('about 30% faster for large files, a 15% regression for small ones')), 'flowed lines joined');
});

test('tool outputs are there in their real shapes, plus patches, quotes, signatures, footers', async () => {
  const all = (await parsed()).map((p) => p.text ?? '').join('\n') + generated.files['lkml-sample.mbox'].toString('latin1');
  const shapes: Record<string, RegExp> = {
    bw_tcp: /^Socket bandwidth using localhost: \d+\.\d\d MB\/sec$/m, lat_ctx: /^"size=0k ovr=\d\.\d\d\n2 \d+\.\d\d$/m,
    lat_syscall: /^Simple syscall: \d\.\d{4} microseconds$/m, bw_mem: /^\$ bw_mem 8m rd\n8\.00 \d+\.\d\d$/m, lmbench: /L M B E N C H/,
    netperf: /Throughput {2}\nbytes {2}bytes {3}bytes {4}secs\. {4}10\^6bits\/sec/, ttcp: /KB\/sec \+\+\+$/m, iperf: /0\.0-10\.0 sec +[\d.]+ GBytes +\d+ Mbits\/sec/,
    iperf3: /Gbits\/sec +\d+ +sender$/m, netpipe: /bytes +\d+ times --> +[\d.]+ Mbps in +[\d.]+ usec/, ab: /^Requests per second: +\d+\.\d\d \[#\/sec\] \(mean\)$/m,
    abRate: /^Transfer rate: +\d+\.\d\d \[Kbytes\/sec\] received$/m, dbench: /^Throughput \d+\.\d+ MB\/sec .*\d+ procs/m, tiobench: /^Sequential Reads\n +File +Blk/m,
    bonnie: /^Machine +MB K\/sec %CPU/m, bonniepp: /^Version {2}1\.03/m, iozone: /Iozone: Performance Test of File I\/O/, postmark: /megabytes read \([\d.]+ megabytes per second\)/,
    hdparm: /Timing buffered disk reads: +\d+ MB in +[\d.]+ seconds = *[\d.]+ MB\/sec/, contest: /^Kernel \[runs\] +Time +CPU%/m,
    timeBash: /^real\t\d+m\d+\.\d{3}s$/m, timeGnu: /\d+\.\d\duser \d+\.\d\dsystem \d+:\d\d\.\d\delapsed \d+%CPU/, timeTcsh: /\d+\.\d{3}u \d+\.\d{3}s \d+:\d\d\.\d\d \d+\.\d%/,
    timePosix: /^real \d+\.\d\d\nuser/m, kernbench: /^Elapsed Time \d+\.\d+/m, hackbench: /^Time: \d+\.\d{3}$/m, volanomark: /^Average throughput = \d+ messages per second$/m,
    aim7: /^Tasks\tJobs\/Min/m, reaim: /^Max Jobs per Minute \d+\.\d\d$/m, sysbench: /transactions: +\d+ +\(\d+\.\d\d per sec\.\)/, fio: /READ: bw=\d+MiB\/s \(\d+MB\/s\)/,
    perfStat: /Performance counter stats for/, perfBench: /# Running 'sched\/messaging' benchmark:/,
    claims: /over \d+ times faster/, vs: /\d+\.\d\d vs \d+\.\d\d MB\/sec/, factor: /a factor of \d/, regression: /\d+% regression/,
    diff: /^diff --git a\/\S+ b\/\S+$/m, diffstat: /^ \d+ files? changed, \d+ insertions?\(\+\), \d+ deletions?\(-\)$/m, diffstatOne: /^ 1 file changed, \d+ insertions?\(\+\)$/m,
    mutt: /^On \w{3}, \w{3} \d\d, \d{4} at \d\d:\d\d:\d\d[AP]M [+-]\d{4}, .+ wrote:$/m, plainWrote: /^[A-Z][\w. ]+ wrote:$/m, deep: /^> > > /m,
    nestedSaid: /^> .+ (said|wrote):$/m, outlook: /^-----Original Message-----$/m, sig: /^-- $/m, footer: /^To unsubscribe from this list: send the line "unsubscribe (linux-kernel|netdev)" in$/m,
    noise: /0xc0[0-9a-f]{6}/, part: /3c905/,
  };
  for (const [name, re] of Object.entries(shapes)) assert.match(all, re, `${name} shape missing`);
});

test('every diffstat agrees with its hunks', () => {
  let checked = 0;
  for (const m of lkml) {
    if (/^re:/i.test(m.h.get('subject')?.[0] ?? '')) continue; // replies quote patches partially
    const body = m.raw.toString('latin1');
    const stat = body.match(/^ (\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?$/m);
    if (!stat || !body.includes('diff --git')) continue;
    const from = body.indexOf('diff --git');
    const diff = body.slice(from, body.indexOf('\n-- \n', from)); // up to format-patch's signature
    const plus = (diff.match(/^\+(?!\+\+ [ab]\/)/gm) ?? []).length;
    const minus = (diff.match(/^-(?!-- [ab]\/)/gm) ?? []).length;
    assert.deepEqual([Number(stat[2] ?? 0), Number(stat[3] ?? 0)], [plus, minus], `diffstat of ${m.id}`);
    checked++;
  }
  assert.ok(checked >= 10, `${checked} patches checked`);
});

test('the seed thread: Richard B. Johnson, then Pekka with the seed text unchanged', async () => {
  const seed = mails(generated.files['seed-zero-copy.mbox']);
  assert.deepEqual(seed.map((m) => m.id), [SEED_ROOT_ID, SEED_REPLY_ID]);
  const [richard, pekka] = seed;
  assert.equal(richard.h.get('date')![0], 'Mon, 07 May 2001 12:12:57 -0400');
  assert.equal(richard.h.get('subject')![0], '[Question] Explanation of zero-copy networking');
  assert.deepEqual(ids(pekka.h.get('in-reply-to')![0]), [SEED_ROOT_ID]);
  assert.deepEqual(ids(pekka.h.get('references')![0]), [SEED_ROOT_ID]);
  const [pr, pp] = await Promise.all(seed.map((m) => simpleParser(m.raw)));
  const page = fs.readFileSync(SEED_PAGE, 'utf8');
  const start = page.indexOf('On Mon, May 07, 2001 at 12:12:57PM -0400, Richard B. Johnson wrote:');
  const end = page.indexOf('Pekka Pietikainen', start) + 'Pekka Pietikainen'.length;
  assert.ok(start >= 0 && end > start, 'seed page markers');
  // The page dropped the remote host's address; the sample restores it from the original mail.
  const restored = page.slice(start, end).replace('Socket bandwidth using 74.79', 'Socket bandwidth using 192.168.9.3: 74.79');
  assert.ok(pp.text?.startsWith(restored + '\n'), 'Pekka body is the seed text');
  // what Pekka quotes, Richard wrote
  const quoted = page.slice(start, end).split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2)).join('\n');
  assert.ok(pr.text?.includes(quoted), 'Richard wrote the quoted lines');
});

test('importing data/sample into a fresh database stores every message, both lists and the threads', async () => {
  const { importPaths } = await import('../../src/api/import');
  const { openDb } = await import('../../src/store/db');
  const { readStats } = await import('../../src/store/stats');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-sample-'));
  const db = openDb(path.join(dir, 'sample.db'));
  try {
    const s = await importPaths(db, [SAMPLE_DIR], { threads: 0 });
    const expected = lkml.length + 2;
    assert.equal(s.quarantined, 0, JSON.stringify(s.quarantine));
    assert.equal(s.new, expected);
    const stats = readStats(db);
    assert.equal(stats.messages, expected);
    assert.ok(stats.threads >= 30, `${stats.threads} threads`);
    const lists = db.prepare('SELECT name FROM lists ORDER BY name').pluck().all();
    assert.deepEqual(lists, ['lkml', 'netdev']);
    const seedFigure = db.prepare("SELECT count(*) FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = ? AND canonical_unit = 'B/s' AND abs(canonical_value - 141630000) < 1000")
      .pluck().get(SEED_REPLY_ID);
    assert.equal(seedFigure, 1, 'the seed figure npm start re-runs');
    const again = await importPaths(db, [SAMPLE_DIR], { threads: 0 });
    assert.equal(again.new, 0);
    assert.equal(again.present, expected);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
