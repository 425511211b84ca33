// linux-kernel threads, part 1: lmbench, ttcp, ab, dbench, tbench, tiobench,
// bonnie, bonnie++, postmark, hdparm, contest.
import { Archive } from './threads';
import { blocks, thread } from './kit';
import { wrap, claim, noise } from './prose';
import * as N from './tools-net';
import * as D from './tools-disk';
import * as C from './tools-cpu';

export function lkmlPart1(a: Archive): void {
  const t = (name: string, text: string) => a.tool(name, text);

  thread(a, { list: 'lkml', starter: 'Dale Whitcombe', domain: 'cpu', subject: '[BENCHMARK] lmbench 2.0 summary for 2.4.4 and 2.4.4-ac5', date: '2001-05-14T18:20:11Z',
    kernels: ['2.4.4-ac5', '2.4.4'], replies: 12, orphanAt: 6,
    rerun: (r) => t('lmbench', N.lmbenchLatSyscall(r, r.float(0.8, 1.2))),
    root: (_a, r) => blocks('Here are lmbench runs on the same PIII/500 with 256MB, one boot each,', 
      t('lmbench', N.lmbenchSummary(r, [{ host: 'pollux', os: 'Linux 2.4.4', f: 1 }, { host: 'pollux', os: 'Linux 2.4.4-ac5', f: 1.08 }])),
      wrap(`${claim(r, '2.4.4-ac5', '2.4.4')} The fork numbers are the interesting part; the rest is noise.`)),
    scripted: [
      (r) => blocks('lat_ctx here, 2.4.4 on a dual Celeron 466:', t('lmbench', N.lmbenchLatCtx(r, 1, 0)), 'and with a 16k working set:', t('lmbench', N.lmbenchLatCtx(r, 1, 16))),
      (r) => ['Which compiler? The syscall numbers look too good.', blocks('Mine, for comparison:', t('lmbench', N.lmbenchLatSyscall(r, 0.9)))],
      (r) => blocks('gcc 2.95.3 for both. Memory bandwidth, since someone asked off-list:', t('lmbench', N.lmbenchBwMem(r, 1))),
      (r) => blocks('Process creation on 2.4.4-ac5:', t('lmbench', N.lmbenchLatProc(r, 1.05)), wrap(claim(r, '2.4.4-ac5', '2.4.4'))),
    ] });

  thread(a, { list: 'lkml', starter: 'Ivo Petrov', domain: 'cpu', subject: 'lat_ctx regression in 2.5.59', date: '2003-01-20T09:14:02Z',
    kernels: ['2.5.59', '2.4.20'], replies: 9,
    rerun: (r) => t('lmbench', N.lmbenchLatCtx(r, r.float(0.7, 1.2), 0)),
    root: (_a, r) => blocks(wrap('Context switch latency got noticeably worse between 2.4.20 and 2.5.59 on my K6-2. lat_ctx -s 0 on 2.4.20:'),
      t('lmbench', N.lmbenchLatCtx(r, 1, 0)), 'and on 2.5.59:', t('lmbench', N.lmbenchLatCtx(r, 0.8, 0)),
      wrap(`${claim(r, '2.5.59', '2.4.20')} ${noise(r, '2.5.59', '2.4.20')}`)),
    scripted: [(r) => blocks('Could be the HZ change. Try with HZ=100; here is what I get on a P4:', t('lmbench', N.lmbenchLatCtx(r, 1.3, 0)))] });

  thread(a, { list: 'lkml', starter: 'Gary Pettibone', domain: 'net', subject: 'zerocopy sendfile: ttcp numbers on 2.4.1-pre10', date: '2001-02-02T21:40:55Z',
    kernels: ['2.4.1-pre10-zerocopy', '2.4.1-pre10'], replies: 9,
    rerun: (r) => t('ttcp', N.ttcp(r, r.float(0.9, 1.02), '10.0.0.2', 't')),
    root: (_a, r) => blocks(wrap('I ran ttcp between two PIII/733 boxes with 3c905C cards on a 100Mbit switch, vanilla first, then with the zerocopy patch. Sender side, vanilla:'),
      t('ttcp', N.ttcp(r, 1, '10.0.0.2', 't')), 'zerocopy:', t('ttcp', N.ttcp(r, 1.02, '10.0.0.2', 't')),
      wrap(`Wire speed either way, of course, but sys time drops by ${r.int(25, 45)}% with zerocopy. Receiver:`), t('ttcp', N.ttcp(r, 1, '10.0.0.1', 'r'))),
    scripted: [(r) => wrap(`At 100 mbps you will not see a throughput difference; the point is CPU. ${claim(r, 'zerocopy', 'vanilla')}`)] });

  thread(a, { list: 'lkml', starter: 'Victor Amsel', domain: 'net', subject: 'TUX vs Apache 2.0: ab results on 2.4.18', date: '2002-03-04T16:02:44Z',
    kernels: ['2.4.18-tux', '2.4.18'], replies: 10,
    rerun: (r) => t('ab', N.ab(r, r.float(0.8, 1.3), 'Apache/2.0.32', 10000, 50)),
    root: (_a, r) => blocks(wrap('ab -n 10000 -c 100 against a static 1456 byte page, server is a dual PIII/1000 with an e1000. Apache 2.0.32 first:'),
      t('ab', N.ab(r, 1, 'Apache/2.0.32', 10000, 100)), 'and TUX 2.2:', t('ab', N.ab(r, 3.1, 'TUX/2.0 (Linux)', 10000, 100)),
      wrap(`So TUX is about 3x faster here. ${noise(r, '2.4.18', '2.4.17')}`)),
    scripted: [(r) => blocks('With keepalive (-k) Apache closes most of the gap:', t('ab', N.ab(r, 2.6, 'Apache/2.0.32', 10000, 100))),
      (r) => wrap(`ab is single threaded and saturates one CPU long before TUX does; you are partly measuring ab. ${claim(r, 'TUX', 'Apache')}`)] });

  thread(a, { list: 'lkml', starter: 'Marcus Feldhaus', domain: 'disk', subject: '[BENCHMARK] dbench regression in 2.5.68', date: '2003-05-02T13:12:40Z',
    kernels: ['2.5.68', '2.5.67'], replies: 11, orphanAt: 4,
    rerun: (r) => t('dbench', D.dbench(r, r.float(0.7, 1), 32, 1)),
    root: (_a, r) => blocks(wrap('dbench on ext3, 4-way Xeon, 1GB RAM, data=ordered. 2.5.67:'),
      [1, 8, 32, 64].map((n) => t('dbench', D.dbench(r, 1, n, 1))).join('\n'), '2.5.68:',
      [1, 8, 32, 64].map((n) => t('dbench', D.dbench(r, n > 8 ? 0.78 : 0.98, n, 1))).join('\n'),
      wrap(`That is a ${22}% regression at 32 clients and above. tcsh time for the 64 client run:`),
      t('dbench', C.timeOutput(r, 'tcsh', 41, 4, 'dbench 64'))),
    scripted: [(r) => wrap(`It is the writeback change in -mm; ${claim(r, '2.5.68', '2.5.67')}`),
      (r) => blocks('Same here on a UP box, 2.5.68:', t('dbench', D.dbench(r, 0.8, 16, 1)))] });

  thread(a, { list: 'lkml', starter: 'Ivo Petrov', domain: 'disk', subject: 'tbench 32 on 2.6.0-test5 vs 2.4.22', date: '2003-09-22T07:30:00Z',
    kernels: ['2.6.0-test5', '2.4.22'], replies: 9,
    rerun: (r) => t('tbench', D.tbench(r, r.float(0.8, 1.1), 32)),
    root: (_a, r) => blocks(wrap('tbench over loopback, 32 procs, dual Athlon MP 2000+. 2.4.22:'), t('tbench', D.tbench(r, 1, 32)),
      '2.6.0-test5:', t('tbench', D.tbench(r, 0.86, 32)), wrap(claim(r, '2.6.0-test5', '2.4.22'))),
    scripted: [(r) => blocks('dbench 3 on the same box, for what it is worth:', t('dbench', D.dbench(r, 0.9, 32, 3)))] });

  thread(a, { list: 'lkml', starter: 'Wesley Achterberg', domain: 'disk', subject: '[BENCHMARK] tiobench 2.5.60 with the anticipatory scheduler', date: '2003-02-11T20:11:31Z',
    kernels: ['2.5.60-as', '2.5.60'], replies: 10,
    rerun: (r) => t('tiobench', D.tiobench(r, [{ name: '2.5.60-as', f: r.float(1, 1.4) }], [1, 8])),
    root: (_a, r) => blocks(wrap('tiobench 0.3.3, 1GB files, 4k blocks, on a single IDE disk. Deadline vs anticipatory:'),
      t('tiobench', D.tiobench(r, [{ name: '2.5.60', f: 1 }, { name: '2.5.60-as', f: 1.35 }])), wrap(claim(r, '2.5.60-as', '2.5.60'))),
    scripted: [(r) => wrap(`Sequential reads with 8 threads are the case AS was written for. ${claim(r, 'as', 'deadline')}`)] });

  thread(a, { list: 'lkml', starter: 'Theo Markwell', domain: 'disk', subject: 'ext3 vs reiserfs: bonnie numbers on 2.4.10', date: '2001-11-05T15:07:23Z',
    kernels: ['2.4.10', '2.4.9'], replies: 9,
    rerun: (r) => t('bonnie', D.bonnie(r, [{ machine: 'reiserfs', f: r.float(0.9, 1.3) }])),
    root: (_a, r) => blocks(wrap('Plain old bonnie, 512MB file, same partition reformatted between runs:'),
      t('bonnie', D.bonnie(r, [{ machine: 'ext2', f: 1.05 }, { machine: 'ext3', f: 0.92 }, { machine: 'reiserfs', f: 0.97 }])),
      wrap(noise(r, '2.4.10', '2.4.9'))),
    scripted: [(r) => blocks('Here is the same on a faster disk:', t('bonnie', D.bonnie(r, [{ machine: 'ext3', f: 1.6 }])))] });

  thread(a, { list: 'lkml', starter: 'Mei-Ling Chau', domain: 'disk', subject: '[BENCHMARK] bonnie++ result for 2.4.19 and 2.5.59', date: '2003-01-25T04:41:09Z',
    kernels: ['2.5.59', '2.4.19'], replies: 8,
    rerun: (r) => t('bonnie++', D.bonniePlusPlus(r, 'spare', r.float(0.8, 1.2), '512M')),
    root: (_a, r) => blocks('2.4.19', '======', t('bonnie++', D.bonniePlusPlus(r, 'access1', 1, '1G')), '2.5.59', '======',
      t('bonnie++', D.bonniePlusPlus(r, 'access1', 0.93, '1G')), wrap(claim(r, '2.5.59', '2.4.19'))) });

  thread(a, { list: 'lkml', starter: 'Nils Ekström', domain: 'disk', subject: 'htree directories: postmark 3x faster', date: '2002-11-08T10:00:41Z',
    kernels: ['2.5.46', '2.5.45'], replies: 9,
    rerun: (r) => t('postmark', D.postmark(r, r.float(1, 3), 5000, 10000)),
    root: (_a, r) => blocks(wrap('Med htree (ext3 dir_index) aktiverat blir postmark mycket snabbare. Sorry, in English: postmark 1.5 with 10000 files and 20000 transactions, without htree:'),
      t('postmark', D.postmark(r, 1)), 'with htree:', t('postmark', D.postmark(r, 3)), wrap('About 3x faster overall, and the deletes are over 10 times faster. Hälsningar från Umeå.')),
    scripted: [(r) => wrap(`${claim(r, 'htree', 'linear')} Postmark mostly measures directory lookups with those settings.`)] });

  thread(a, { list: 'lkml', starter: 'Bill Thorncastle', domain: 'disk', subject: 'UDMA100 PIIX4: only 21 MB/sec with hdparm -t', date: '2001-08-20T14:55:10Z',
    kernels: ['2.4.9', '2.4.8'], replies: 10,
    rerun: (r) => t('hdparm', D.hdparm(r, r.float(0.9, 1.8), '/dev/hda')),
    root: (_a, r) => blocks(wrap('I have a 40GB IBM drive on the PIIX4 of a BX board. DMA is on, 32-bit I/O on, but:'),
      t('hdparm', D.hdparm(r, 1, '/dev/hda')), wrap(`Under Windows the same drive does 35 MB/sec. ${noise(r, '2.4.9', '2.4.8')}`)),
    scripted: [(r) => blocks('The PIIX4 only does UDMA33. Mine, on a VIA board:', t('hdparm', D.hdparm(r, 1.6, '/dev/hde'))),
      (r) => blocks('hdparm -X66 -d1 -u1 -c1 helped a bit:', t('hdparm', D.hdparm(r, 1.1, '/dev/hda')))] });

  thread(a, { list: 'lkml', starter: 'Bronwyn Callaghan', domain: 'cpu', subject: '[BENCHMARK] 2.5.46-mm1 with contest', date: '2002-11-07T22:53:22Z',
    kernels: ['2.5.46-mm1', '2.5.46'], replies: 10,
    rerun: (r) => t('contest', C.contest(r, [{ name: '2.5.46-mm1', f: r.float(1, 1.15) }], ['noload', 'io_load', 'mem_load'])),
    root: (_a, r) => blocks(wrap('Here are contest results for 2.5.46-mm1 with preempt. The other kernels have it disabled.'),
      t('contest', C.contest(r, [{ name: '2.5.44-mm6', f: 0.9 }, { name: '2.5.46', f: 1 }, { name: '2.5.46-mm1', f: 1.12 }])),
      wrap('io_load is much improved, mem_load is still relatively high.')),
    scripted: [(r) => blocks(wrap('Nice. Could you add dbench_load next time? Here is mine for 2.5.46:'),
      t('contest', C.contest(r, [{ name: '2.5.46', f: 1 }], ['noload', 'dbench_load'])))] });
}
