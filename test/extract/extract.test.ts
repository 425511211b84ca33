import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMessage } from '../../src/extract/index';

const meta = { fromName: 'Tester', subject: 'numbers' };
const figs = (text: string, subject = 'numbers') => extractMessage(text, { ...meta, subject }).figures;
const one = (text: string) => {
  const f = figs(text);
  assert.equal(f.length, 1, `one figure in ${JSON.stringify(text)}: got ${JSON.stringify(f.map((x) => x.text.slice(x.start, x.end)))}`);
  return f[0];
};
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('number forms: separators, exponents, glued units, words', () => {
  let f = one('The copy ran at 1,234.5 MB/s on this box.');
  assert.ok(close(f.canonicalValue, 1234.5e6)); assert.equal(f.canonicalUnit, 'B/s'); assert.equal(f.unit, 'MB/s');
  f = one('We saw 1.2e6 packets/s at peak.');
  assert.ok(close(f.canonicalValue, 1.2e6)); assert.equal(f.canonicalUnit, 'Hz');
  f = one('throughput of 141.63MB/s over loopback');
  assert.ok(close(f.canonicalValue, 141.63e6));
  f = one('before they ship NICs with 850000 interrupts/s without mitigation');
  assert.equal(f.canonicalUnit, 'Hz'); assert.equal(f.value, 850000); assert.equal(f.kind, 'rate');
});

test('ratios and percentages: times, factor, x2, 2x, 20% faster', () => {
  for (const [s, v] of [['it is over 10 times faster', 10], ['more like a factor of 2.', 2], ['the new code is x2 here', 2],
    ['the new code is 2x faster', 2], ['that makes it twice as fast', 2]] as [string, number][]) {
    const f = one(s);
    assert.equal(f.canonicalUnit, 'x', s); assert.equal(f.value, v, s); assert.equal(f.kind, 'ratio');
  }
  const p = one('it got 20% faster with the patch');
  assert.equal(p.canonicalUnit, '%'); assert.equal(p.value, 20);
  const o = figs('it is over 10 times faster')[0];
  assert.equal(o.approx, true);
});

test('ranges give two figures; approximations are marked; time formats become seconds', () => {
  const r = figs('latency went to 10-15 ms under load');
  assert.deepEqual(r.map((x) => [x.value, x.canonicalUnit]), [[10, 's'], [15, 's']]);
  assert.ok(close(r[0].canonicalValue, 0.01));
  const a = one('the boxes are able to do ~= 100MB/s when not limited');
  assert.equal(a.approx, true);
  assert.ok(close(one('make bzImage took 4m32.1s here').canonicalValue, 272.1));
  assert.ok(close(one('real    0m26.636s').canonicalValue, 26.636));
  const t = figs('265.05user 16.66system 2:43.09elapsed 172%CPU');
  assert.deepEqual(t.map((x) => x.canonicalUnit), ['s', 's', 's', '%']);
  assert.ok(close(t[2].canonicalValue, 163.09));
});

test('never figures: versions, dates, times of day, addresses, ids, URLs, part names, patches, footers', () => {
  const text = [
    'Running 2.4.4-ac5 built with gcc 2.95.3 on i386 with a 3c905 card.',
    'Date: Mon, 7 May 2001 12:12:57 -0400',
    'At 12:12:57PM on 2001-05-07 it crashed at 0xc0123456 from 192.168.9.3.',
    'See http://example.com/bench/100MB/s/42 and <20010507213048.A17014@netppl.fi>.',
    ' fs/inode.c |   12 ++++---',
    ' 3 files changed, 10 insertions(+), 2 deletions(-)',
    'diff -u a/x.c b/x.c',
    '--- a/x.c',
    '+++ b/x.c',
    '@@ -10,7 +10,7 @@',
    '-#define BUF 4096 /* 4 KB */',
    '+#define BUF 8192 /* 8 KB */',
    '-- ',
    'Sig 100 MB/s',
  ].join('\n');
  assert.deepEqual(figs(text).map((f) => f.text), []);
});

test('quoted figures are kept and marked with the quoted author', () => {
  const t = 'On Mon, May 07, 2001 at 12:12:57PM -0400, Richard B. Johnson wrote:\n> the network is over 10 times faster\nMine: 74.79 MB/sec\n';
  const f = figs(t);
  assert.equal(f.length, 2);
  assert.equal(f[0].quoted, true); assert.equal(f[0].quotedFrom, 'Richard B. Johnson');
  assert.equal(f[1].quoted, false); assert.equal(f[1].quotedFrom, null);
  assert.equal(t.slice(f[1].start, f[1].end), '74.79 MB/sec');
});

test('tables: the header names each column unit; tool conventions apply', () => {
  const t = [
    'Here are contest results.',
    '',
    'io_load:',
    'Kernel [runs]           Time    CPU%    Loads   LCPU%   Ratio',
    '2.5.44-mm6 [3]          284.1   28      20      10      3.98',
    '2.5.46 [1]              600.5   13      48      12      8.41',
  ].join('\n');
  const f = figs(t, '[BENCHMARK] 2.5.46 with contest');
  const row = f.filter((x) => x.text.startsWith('2.5.44'));
  assert.deepEqual(row.map((x) => [x.value, x.canonicalUnit]), [[284.1, 's'], [28, '%'], [20, '1'], [10, '%'], [3.98, 'x']]);
  assert.ok(f.every((x) => x.tool === 'contest'));
  const h = figs(' Timing buffered disk reads:  64 MB in  3.51 seconds = 18.23 MB/sec');
  assert.deepEqual(h.map((x) => x.tool), ['hdparm', 'hdparm', 'hdparm']);
  assert.ok(close(h[2].canonicalValue, 18.23 * 2 ** 20), 'hdparm MB is 2^20');
});

test('claims relate figures and state factors', () => {
  const r = extractMessage('I\'d say more like a factor of 2.\n\nlocalhost: 141.63 MB/sec\nremote: 74.79 MB/sec\n\nThat is a 20% regression.\n', meta);
  const factor = r.claims.find((c) => c.factor === 2)!;
  assert.ok(factor, 'the factor claim');
  assert.ok(factor.figureIndexes.length >= 2);
  assert.ok(r.claims.some((c) => c.kind === 'regression'));
  const r2 = extractMessage('localhost gives 141.63 vs 74.79 MB/sec over the wire\n', meta);
  assert.deepEqual(r2.figures.map((f) => f.canonicalValue), [141.63e6, 74.79e6]);
  const cmp = r2.claims.find((c) => c.kind === 'comparison')!;
  assert.ok(cmp, 'a comparison claim');
  assert.deepEqual(cmp.figureIndexes, [0, 1]);
  assert.equal(cmp.direction, 'higher');
  assert.ok(Math.abs(cmp.factor! - 1.894) < 0.001);
});

test('hostile input: long lines, deep quotes, digit runs stay bounded and never throw', { timeout: 60000 }, () => {
  const mb = 1 << 20;
  const inputs = [
    '1'.repeat(mb), '1.'.repeat(mb / 2), '1,'.repeat(mb / 2), '>'.repeat(mb), '> '.repeat(mb / 2) + '10 MB/s',
    ('a> '.repeat(1000) + '\n').repeat(300), ('12:34:56 ').repeat(mb / 9), '1e'.repeat(mb / 2), 'x2 '.repeat(mb / 3),
    ('| ' + '1 '.repeat(50) + '\n').repeat(5000), ('10-'.repeat(mb / 3)), ' '.repeat(mb) + '5 MB', 'http://' + '9/'.repeat(mb / 2),
    ('Time CPU% Ratio\n' + '1 2 3\n').repeat(20000),
  ];
  for (const s of inputs) {
    const r = extractMessage(s, meta);
    assert.ok(Array.isArray(r.figures));
  }
  assert.deepEqual(extractMessage(undefined as unknown as string, meta).figures, []);
});
