import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildBlocks, type Block } from '../../src/api/pages/body';
import { quoteLines } from '../../src/api/pages/decode';
import { compileFilters, dateRange } from '../../src/store/read-figures';
import { parseExploreQuery, splitAtFigure } from '../../src/api/pages/measurements';
import { snippetPieces, highlightTerms } from '../../src/api/pages/search';
import { toMboxrd } from '../../src/api/pages/exports';
import { parseStamp, stamp } from '../../src/api/pages/archive';
import { linkify, bodyHtml, esc } from '../../src/web/body-html';
import { jsonForScript, fmtCanonical } from '../../src/web/format';
import { csvCell } from '../../src/web/csv';
import { BenchmailError } from '../../src/core/errors';

const flatText = (bs: Block[]): string => bs.map((b) => (b.kind === 'quoteblock' ? flatText(b.children) : b.pieces.map((p) => p.text).join(''))).join('');

test('blocks keep every character of the body, in order, whatever the segments and spans', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(320), fc.nat(40)), { maxLength: 8 }), (text, raw) => {
    const spans = raw.map(([s, l]) => ({ start: s, end: s + l }));
    const blocks = buildBlocks(text, quoteLines(text), spans);
    assert.equal(flatText(blocks), text);
  }));
});

test('quotes nest by depth and carry the quoted author; figures are cut out by offset', () => {
  const text = 'On Mon, X wrote:\n> a 141.63 MB/sec\n> > b\n> c\nmine 74.79 MB/sec\n';
  const segs = quoteLines(text);
  segs.forEach((s) => { if (s.kind === 'quote') s.quotedFrom = s.depth === 1 ? 'Richard B. Johnson' : 'Alan Cox'; });
  const a = text.indexOf('141.63'), b = text.indexOf('74.79');
  const blocks = buildBlocks(text, segs, [{ start: a, end: a + 13 }, { start: b, end: b + 12 }]);
  const q = blocks.find((x) => x.kind === 'quoteblock');
  assert.ok(q && q.kind === 'quoteblock');
  assert.equal(q.quotedFrom, 'Richard B. Johnson');
  assert.equal(q.figures, 1);
  const inner = q.children.find((x) => x.kind === 'quoteblock');
  assert.ok(inner && inner.kind === 'quoteblock' && inner.depth === 2 && inner.quotedFrom === 'Alan Cox');
  const html = bodyHtml(blocks, [
    { id: 7, exploreUrl: '/measurements/?id=7', originUrl: null, runs: [], quoted: true, canonicalValue: 141630000, canonicalUnit: 'B/s', kind: 'throughput' } as never,
    { id: 8, exploreUrl: '/measurements/?id=8', originUrl: null, runs: [], quoted: false, canonicalValue: 74790000, canonicalUnit: 'B/s', kind: 'throughput' } as never,
  ]);
  assert.match(html, /<summary>Richard B\. Johnson wrote:/);
  assert.match(html, /<a class="fig fig-q" id="f7" href="\/measurements\/\?id=7"[^>]*>141\.63 MB\/sec<\/a>/);
  assert.match(html, /<a class="fig" id="f8"[^>]*>74\.79 MB\/sec<\/a>/);
});

test('linkify makes links of http(s) only and escapes the rest', () => {
  assert.equal(linkify('see http://lkml.org/x). <b>'), 'see <a href="http://lkml.org/x" rel="nofollow noreferrer">http://lkml.org/x</a>). &lt;b&gt;');
  assert.equal(linkify('javascript:alert(1) data:text/html,<script>'), 'javascript:alert(1) data:text/html,&lt;script&gt;');
  assert.equal(linkify('http://x/"onmouseover="alert(1)'), '<a href="http://x/" rel="nofollow noreferrer">http://x/</a>&quot;onmouseover=&quot;alert(1)');
  assert.equal(esc(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
});

test('linkify stays linear on a 1 MB hostile line', () => {
  const line = 'http://' + 'a'.repeat(1_000_000) + ' ' + 'https://x'.repeat(50_000);
  const html = linkify(line);
  assert.ok(html.length > line.length);
});

test('filters compile to bound parameters; unknown columns and operators are refused', () => {
  const c = compileFilters([
    { column: 'tool', op: 'exact', value: "lmbench' OR 1=1 --" },
    { column: 'canonicalValue', op: 'gt', value: '1e8' },
    { column: 'text', op: 'contains', value: '100%_x' },
    { column: 'kind', op: 'in', value: 'throughput,latency' },
  ]);
  assert.doesNotMatch(c.where, /lmbench|OR 1=1/);
  assert.deepEqual(c.params, ["lmbench' OR 1=1 --", 1e8, '%100\\%\\_x%', 'throughput', 'latency']);
  assert.throws(() => compileFilters([{ column: 'raw', op: 'exact', value: '1' }]), BenchmailError);
  assert.throws(() => compileFilters([{ column: 'value', op: 'gt', value: 'abc' }]), /takes a number/);
  assert.throws(() => parseExploreQuery({ 'tool__regex': 'x' }), /no operator "__regex"/);
  assert.throws(() => parseExploreQuery({ 'f.id; DROP TABLE figures': '1' }), /no column/);
  assert.throws(() => parseExploreQuery({ _sort: 'x', _size: '100000' }), /_size/);
});

test('Datasette grammar: _sort, _sort_desc, _facet, _size, _next, empty form fields', () => {
  const q = parseExploreQuery({ tool: 'lmbench', canonicalUnit: 'B/s', canonicalValue__gt: '1e8', _sort: '-date', _facet: ['tool', 'metric'], _size: '20', _next: '40', condition: '' });
  assert.deepEqual(q.filters.map((f) => `${f.column}:${f.op}:${f.value}`), ['tool:exact:lmbench', 'canonicalUnit:exact:B/s', 'canonicalValue:gt:1e8']);
  assert.deepEqual(q.sort, { column: 'date', desc: true });
  assert.ok(q.facets.includes('metric') && q.facets.includes('tool'));
  assert.equal(q.limit, 20);
  assert.equal(q.offset, 40);
  assert.deepEqual(parseExploreQuery({ _sort_desc: 'canonicalValue' }).sort, { column: 'canonicalValue', desc: true });
});

test('date ranges: year, month, day and ISO', () => {
  assert.deepEqual(dateRange('2001-05'), [Date.UTC(2001, 4, 1) / 1000, Date.UTC(2001, 5, 1) / 1000]);
  assert.deepEqual(dateRange('2001'), [Date.UTC(2001, 0, 1) / 1000, Date.UTC(2002, 0, 1) / 1000]);
  assert.throws(() => dateRange('May 2001x'), /not a date/);
  assert.equal(parseStamp('20010507', 't'), Date.UTC(2001, 4, 8) / 1000 - 1);
  assert.equal(stamp(parseStamp('20010507120000', 't')), '20010507120000');
  assert.throws(() => parseStamp('2001-05-07', 't'), /YYYYMMDD/);
});

test('snippets: query words and FTS marks become hits', () => {
  const terms = highlightTerms('s:zero-copy b:"socket bandwidth" tool:lmbench v:>100MB/s');
  assert.deepEqual(terms, ['zero-copy', 'socket bandwidth']);
  const p = snippetPieces('Socket bandwidth using <b>localhost</b>', terms);
  assert.deepEqual(p, [{ text: 'Socket bandwidth', hit: true }, { text: ' using ', hit: false }, { text: 'localhost', hit: true }]);
});

test('mboxrd: From_ lines added, >From escaped reversibly', () => {
  const a = Buffer.from('Subject: a\n\nFrom me\n>From you\nok\n');
  const out = toMboxrd([a, Buffer.from('Subject: b\n\nx')]).toString();
  assert.equal(out, 'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: a\n\n>From me\n>>From you\nok\n\n' +
    'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: b\n\nx\n\n');
});

test('JSON inside a script block cannot close it', () => {
  const s = jsonForScript({ t: '</script><script>alert(1)</script>\u2028' });
  assert.doesNotMatch(s, /<|>|\u2028/);
  assert.deepEqual(JSON.parse(s), { t: '</script><script>alert(1)</script>\u2028' });
});

test('CSV cells: quoting and formula neutralising', () => {
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell(141.63), '141.63');
  assert.equal(fmtCanonical(141630000, 'B/s'), '141.6 MB/s');
  assert.equal(fmtCanonical(0.00012, 's'), '120 µs');
});

test('line ends left between segments do not split a quote into pieces', () => {
  const text = '> a\n> > b\n> c\n\nmine\n';
  // segments as the extraction segmenter gives them: each ends before its newline
  const segs = [
    { kind: 'quote' as const, start: 0, end: 3, depth: 1, quotedFrom: 'Nick Piggin' },
    { kind: 'quote' as const, start: 4, end: 9, depth: 2, quotedFrom: 'Bill Davidsen' },
    { kind: 'quote' as const, start: 10, end: 13, depth: 1, quotedFrom: 'Nick Piggin' },
    { kind: 'text' as const, start: 15, end: 19, depth: 0, quotedFrom: null },
  ];
  const blocks = buildBlocks(text, segs, []);
  assert.equal(flatText(blocks), text);
  const quotes = blocks.filter((b) => b.kind === 'quoteblock');
  assert.equal(quotes.length, 1, 'one depth-1 quote holding the depth-2 one');
  const q = quotes[0];
  assert.ok(q.kind === 'quoteblock' && q.quotedFrom === 'Nick Piggin');
  assert.ok(q.kind === 'quoteblock' && q.children.some((c) => c.kind === 'quoteblock' && c.quotedFrom === 'Bill Davidsen'));
});

test('explorer rows mark the figure as written inside its line', () => {
  assert.deepEqual(splitAtFigure('Socket bandwidth using localhost: 141.63 MB/sec', 141.63, 'MB/sec'), ['Socket bandwidth using localhost: ', '141.63 MB/sec', '']);
  assert.deepEqual(splitAtFigure('0.065536 2832.60 MB/sec', 2832.6, 'MB/sec'), ['0.065536 ', '2832.60 MB/sec', '']);
  assert.deepEqual(splitAtFigure('got 11500 MB/s and 500 MB/s', 500, 'MB/s'), ['got 11500 MB/s and ', '500 MB/s', '']);
  assert.deepEqual(splitAtFigure('no such figure here', 7, 'ms'), ['no such figure here', '', '']);
});
