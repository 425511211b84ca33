import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { extractMessage } from '../../src/extract/index';
import { toolByShape, TOOLS } from '../../src/extract/tools';

// Output lines of the catalogue's tools: the figure, its canonical value under the
// tool's own prefix convention, and the tool. Plus real LKML lines from the corpus.
const meta = { fromName: 'Tester', subject: 'results' };
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const got = (text: string, subject = 'results') =>
  extractMessage(text, { ...meta, subject }).figures.map((f) => ({ v: f.canonicalValue, u: f.canonicalUnit, tool: f.tool }));
function expectFigs(text: string, want: [number, string, string | null][], subject?: string) {
  const g = got(text, subject);
  assert.equal(g.length, want.length, `${JSON.stringify(text.slice(0, 60))}: ${JSON.stringify(g)}`);
  want.forEach(([v, u, tool], k) => {
    assert.ok(close(g[k].v, v), `${g[k].v} != ${v}`);
    assert.equal(g[k].u, u);
    assert.equal(g[k].tool, tool);
  });
}

test('iperf: MBytes are 2^20, Mbits decimal; the interval is not a figure', () => {
  expectFigs('[  3]  0.0-10.0 sec  1.09 GBytes   937 Mbits/sec', [[1.09 * 2 ** 30, 'B', 'iperf'], [937e6, 'bit/s', 'iperf']]);
});

test('netperf: the throughput column under 10^6bits/sec', () => {
  const t = ['TCP STREAM TEST to 10.0.0.2', 'Recv   Send    Send', 'Socket Socket  Message  Elapsed',
    'Size   Size    Size     Time     Throughput', 'bytes  bytes   bytes    secs.    10^6bits/sec', '',
    ' 87380  16384  16384    10.00     941.23'].join('\n');
  expectFigs(t, [[941.23e6, 'bit/s', 'netperf']]);
});

test('hdparm MB is 2^20; dbench MB/sec is 10^6; ab Kbytes are 1024', () => {
  expectFigs(' Timing buffered disk reads:  64 MB in  3.51 seconds = 18.23 MB/sec',
    [[64 * 2 ** 20, 'B', 'hdparm'], [3.51, 's', 'hdparm'], [18.23 * 2 ** 20, 'B/s', 'hdparm']]);
  const d = got('Throughput 38.6387 MB/sec (NB=48.2983 MB/sec  386.387 MBit/sec)  16 procs');
  assert.ok(close(d[0].v, 38.6387e6) && d[0].tool === 'dbench');
  expectFigs('Transfer rate:          1234.56 [Kbytes/sec] received', [[1234.56 * 1024, 'B/s', 'ab']]);
  expectFigs('Requests per second:    2937.93 [#/sec] (mean)', [[2937.93, 'Hz', 'ab']]);
});

test('lmbench tables take the unit a line above states', () => {
  const t = ['Context switching - times in microseconds - smaller is better',
    '-------------------------------------------------------------------------',
    'Host                 OS  2p/0K 2p/16K 2p/64K',
    '                         ctxsw  ctxsw  ctxsw',
    '--------- ------------- ------ ------ ------',
    'box       Linux 2.6.10    1.23   2.34   5.67'].join('\n');
  expectFigs(t, [[1.23e-6, 's', 'lmbench'], [2.34e-6, 's', 'lmbench'], [5.67e-6, 's', 'lmbench']]);
});

test('time(1) in its shapes; kernel compiles are kernbench', () => {
  expectFigs('real    1m2.345s', [[62.345, 's', null]]);
  expectFigs('time make -j4 bzImage\n265.05user 16.66system 2:43.09elapsed 172%CPU',
    [[265.05, 's', 'kernbench'], [16.66, 's', 'kernbench'], [163.09, 's', 'kernbench'], [172, '%', 'kernbench']]);
  expectFigs('Elapsed Time 79.278\nPercent CPU 1407\nContext Switches 63006.2', [[79.278, 's', 'kernbench'], [1407, '%', 'kernbench'], [63006.2, '1', 'kernbench']], 'kernbench results');
});

test('aim7 tables: jobs/min become Hz; the task count is a parameter', () => {
  const t = ['AIM7 dbase workload', 'kernel                   Tasks   Jobs/Min        Real    CPU',
    '2.6.0-test8-as           32\t601.0\t\t316.3\t134.0'].join('\n');
  expectFigs(t, [[601 / 60, 'Hz', 'aim7'], [316.3, 's', 'aim7'], [134, 's', 'aim7']]);
});

test('sysbench rates, ping min/avg/max', () => {
  expectFigs('transactions:                        12345  (1234.50 per sec.)', [[1234.5, 'Hz', 'sysbench']]);
  expectFigs('round-trip min/avg/max = 109.6/110.3/112.2 ms', [[0.1096, 's', null], [0.1103, 's', null], [0.1122, 's', null]]);
});

test('real corpus lines: tiobench table rows under a two-line header', () => {
  const corpus = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'benchmark-tiobench-2-5-60-performance.mbox');
  const text = fs.readFileSync(corpus, 'latin1');
  const at = text.indexOf('Sequential Reads');
  assert.ok(at > 0, 'the corpus holds a tiobench report');
  const block = text.slice(at, text.indexOf('\n\n', at + 20));
  const figs = extractMessage(block, { ...meta, subject: '[BENCHMARK] TIObench 2.5.60 performance' }).figures;
  assert.ok(figs.length >= 8, block);
  assert.ok(figs.every((f) => f.tool === 'tiobench'));
  const units = new Set(figs.map((f) => f.canonicalUnit));
  for (const u of ['B', 'B/s', '%', 's']) assert.ok(units.has(u), `a ${u} column in ${block}`);
});

test('iozone columns, reaim and volanomark rates, hackbench time, tbench vs dbench', () => {
  const io = ['iozone -a output:', '              KB  reclen   write rewrite    read    reread',
    '          524288       4   45678   56789   67890    78901'].join('\n');
  expectFigs(io, [[524288 * 1024, 'B', 'iozone'], [45678 * 1024, 'B/s', 'iozone'], [56789 * 1024, 'B/s', 'iozone'],
    [67890 * 1024, 'B/s', 'iozone'], [78901 * 1024, 'B/s', 'iozone']]);
  expectFigs('reaim:\nMax Jobs per Minute 8542.27', [[8542.27 / 60, 'Hz', 'reaim']]);
  expectFigs('VolanoMark: Average throughput = 12345 messages per second', [[12345, 'Hz', 'volanomark']]);
  expectFigs('hackbench:\nTime: 3.456', [[3.456, 's', 'hackbench']]);
  expectFigs('tbench results:\n\nThroughput 512.3 MB/sec 4 procs', [[512.3e6, 'B/s', 'tbench']]);
  expectFigs('dbench results:\n\nThroughput 512.3 MB/sec 4 procs', [[512.3e6, 'B/s', 'dbench']]);
});

test('bonnie++: K/sec are 1024 bytes, /sec columns are rates, +++++ cells are skipped, files is a parameter', () => {
  const t = ['bonnie++ results:', '',
    'Version  1.02       ------Sequential Output------ --Sequential Input- --Random-',
    '                    -Per Chr- --Block-- -Rewrite- -Per Chr- --Block-- --Seeks--',
    'Machine        Size K/sec %CP K/sec %CP K/sec %CP K/sec %CP K/sec %CP  /sec %CP',
    'access1        256M 10564  96 18951  24  6687   7 10030  88 15949   6 153.8   0',
    '                    ------Sequential Create------ --------Random Create--------',
    '                    -Create-- --Read--- -Delete-- -Create-- --Read--- -Delete--',
    '              files  /sec %CP  /sec %CP  /sec %CP  /sec %CP  /sec %CP  /sec %CP',
    '                 16   489  99 +++++ +++ +++++ +++   509  98 +++++ +++  1695  97'].join('\n');
  const g = got(t);
  assert.equal(g.length, 19);   // size, 5 x (K/sec, %CP), seeks and %CP, 3 x (/sec, %CP) in the create row
  assert.ok(g.every((f) => f.tool === 'bonnie++'));
  assert.ok(close(g[0].v, 256 * 2 ** 20) && g[0].u === 'B');
  assert.ok(close(g[1].v, 10564 * 1024) && g[1].u === 'B/s');
  assert.deepEqual(g.filter((f) => f.u === 'Hz').map((f) => f.v), [153.8, 489, 509, 1695]);
});

test('bonnie: only its K/sec is 1024 bytes; a MB/s it measured is 10^6, its sizes stay binary', () => {
  // gold README: bonnie K/sec = 1024 bytes; without a tool convention MB/s of throughput is decimal
  expectFigs('The linear read as measured by bonnie is 26.3 MB/s on that disk.', [[26.3e6, 'B/s', 'bonnie']]);
  expectFigs('bonnie gives 20937 KB/sec for the block read.', [[20937 * 1024, 'B/s', 'bonnie']]);
  // (a file size in prose is binary with or without the tool, and belongs to none)
  expectFigs('bonnie with a 512 MB file gives 21 MB/s.', [[512 * 2 ** 20, 'B', null], [21e6, 'B/s', 'bonnie']]);
  // the same in real mail (the gold labels it 26,300,000 B/s)
  const mail = fs.readFileSync(path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'udma-100-piix4-question.mbox'), 'latin1');
  const at = mail.indexOf('linear read as measured by bonnie');
  assert.ok(at > 0, 'the corpus holds the bonnie line');
  const para = mail.slice(mail.lastIndexOf('\n\n', at) + 2, mail.indexOf('\n\n', at));
  const f = extractMessage(para, meta).figures.find((x) => x.value === 26.3);
  assert.ok(f && close(f.canonicalValue, 26.3e6) && f.tool === 'bonnie', JSON.stringify(f) + ' in ' + para);
});

test('every prefix convention in the tool catalogue is one canonicalOf knows', () => {
  // (anything else would read as decimal without a word)
  const known = new Set(['binary', 'decimal', 'kilo-binary']);
  for (const t of TOOLS) for (const [unit, c] of Object.entries(t.units)) {
    assert.ok(['B', 'B/s', 'bit/s'].includes(unit) && known.has(c as string), `${t.name}: ${unit} ${String(c)}`);
  }
});

test('perf stat: events per second after # are rates (Hz), not bytes', () => {
  const t = [
    " Performance counter stats for 'hackbench 10':",
    '',
    '            12,345 context-switches          #    0.010 M/sec',
    '               123 cpu-migrations            #    0.100 K/sec',
    '     3,456,789,012 cycles                    #    2.800 GHz',
  ].join('\n');
  expectFigs(t, [[10000, 'Hz', 'perf'], [100, 'Hz', 'perf'], [2.8e9, 'Hz', 'perf']]);
});

test('toolByShape: the first tool in catalogue order one of whose shape rules matches (corpus and tool lines)', () => {
  const dir = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus');
  const corpus = fs.readdirSync(dir).filter((f) => f.endsWith('.mbox')).flatMap((f) => fs.readFileSync(path.join(dir, f), 'latin1').split('\n'));
  // lines two tools' rules both match: the earlier tool must win wherever its rule stands
  const mixed = ['Throughput 123.4 MB/sec 4 procs  TCP STREAM TEST', 'Time: 1.23  Lat%  Lat%', '[  3]  0.0-10.0 sec  1.09 GBytes  Throughput 10^6bits/sec',
    'System Benchmarks Index  Performance counter stats for', 'Socket bandwidth using localhost: TCP RR TEST'];
  let shaped = 0;
  for (const line of [...corpus, ...mixed].flatMap((l) => [l, l.replace(/^[> ]+/, ''), '  ' + l])) {
    const want = TOOLS.find((t) => t.lines.some((r) => r.test(line)))?.name ?? null;
    assert.equal(toolByShape(line), line.length > 2000 ? null : want, line);
    if (want) shaped++;
  }
  assert.ok(shaped > 100, `${shaped} lines of some tool's shape`);
});
