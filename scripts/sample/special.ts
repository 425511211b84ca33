// Threads that exist for their encodings: a KOI8-R post, a Shift_JIS post in
// base64, a multipart/mixed with a benchmark attachment, a format=flowed reply,
// Outlook top-posting on netdev, and the rest of the netdev threads.
import { Rng } from './prng';
import { Archive, post, reply } from './threads';
import { P, at, blocks, thread } from './kit';
import { wrap, claim, noise, paragraph, fromLine } from './prose';
import * as N from './tools-net';
import * as D from './tools-disk';

/** format=flowed (RFC 3676): soft line breaks end in a space, lines stay under 72. */
function flow(text: string): string {
  return text.split('\n').map((para) => (para.startsWith('>') || para === '' ? para : wrap(para, 66).split('\n').join(' \n'))).join('\n');
}

export function specialThreads(a: Archive): void {
  const t = (name: string, text: string) => a.tool(name, text);
  const r = a.rng;

  // KOI8-R, 8bit, with an encoded Subject
  const ru = post(a, 'lkml', P('Дмитрий Соколов'), 'Медленный UDMA100 на VIA: hdparm показывает 21 MB/sec', blocks(
    'Здравствуйте!', wrap('На материнской плате с VIA KT133 диск IBM 40GB работает очень медленно под 2.4.9. DMA включён, но hdparm показывает:'),
    t('hdparm', D.hdparm(r, 1, '/dev/hda')), wrap('Под Windows тот же диск даёт 35 MB/sec. Это известная проблема драйвера VIA?'),
    'Sorry for Russian, English below: VIA KT133, 21 MB/sec under 2.4.9, 35 under Windows.'),
  { epoch: at('2001-09-03T06:44:10Z'), charset: 'koi8-r', transfer: '8bit' });
  const ru1 = reply(a, ru, P('Marcus Feldhaus'), [wrap('The VIA fixup for the KT133 went into 2.4.10-pre. Try it:'), t('hdparm', D.hdparm(r, 1.7, '/dev/hda'))]);
  reply(a, ru1, P('Дмитрий Соколов'), ['Thanks, 2.4.10-pre4 gives 36 MB/sec now.', 'Спасибо!'], { charset: 'koi8-r', transfer: '8bit' });
  reply(a, ru, P('Ivo Petrov'), [paragraph(r, '2.4.10', '2.4.9')]);

  // Shift_JIS, base64
  const jp = post(a, 'lkml', P('高橋 健一'), '[BENCHMARK] iozone: O_DIRECT throughput on 2.6.9', blocks(
    '皆様、', wrap('2.6.9 で O_DIRECT の書き込みが 2.6.8 より遅くなりました。iozone の結果です（2.6.8）：'), t('iozone', D.iozone(r, 1, false)),
    '2.6.9：', t('iozone', D.iozone(r, 0.7, false)), '約30%の性能低下です。よろしくお願いします。', 'Summary in English: O_DIRECT writes are about 30% slower on 2.6.9 than 2.6.8.'),
  { epoch: at('2004-11-10T02:30:45Z'), charset: 'shift_jis', transfer: 'base64' });
  const jp1 = reply(a, jp, P('Anneliese Voss'), [wrap(`${claim(r, '2.6.9', '2.6.8')} Which filesystem, and what record size?`)]);
  reply(a, jp1, P('Craig Dunmore'), ['Probably the direct-io alignment change. Does 2.6.10-rc1 behave?']);

  // multipart/mixed with the benchmark output attached, body in Latin-1 quoted-printable
  const attached = blocks('2.6.8-rc4-bk1\n=============', t('bonnie++', D.bonniePlusPlus(r, 'db1', 0.8, '2G')), t('dbench', D.dbench(r, 0.82, 32, 1)),
    t('tiobench', D.tiobench(r, [{ name: '2.6.8-rc4-bk1', f: 0.8 }], [1, 8])), '2.4.21-15.0.3.EL\n================',
    t('bonnie++', D.bonniePlusPlus(r, 'db1', 1, '2G')), t('dbench', D.dbench(r, 1, 32, 1)), t('tiobench', D.tiobench(r, [{ name: '2.4.21-15.0.3.EL', f: 1 }], [1, 8])));
  const mp = post(a, 'lkml', P('Jörg Hämmerle'), 'Performance degradation 2.6.8-rc4-bk1 vs RHEL 2.4.21-15.0.3', blocks(
    wrap('Hallo, we are evaluating 2.6 for our database servers (Dell 2650, 2x Xeon 2.4GHz, 2GB, PERC RAID5) and it is clearly slower than the RHEL 3 kernel on every disk benchmark we tried. The full output is attached; in short:'),
    '  bonnie++ block write : -20%\n  dbench 32            : -18%\n  tiobench seq read    : -20%',
    wrap('Grüße aus Köln, and thanks for any hint. Ich weiß, the RHEL kernel has many patches.')),
  { epoch: at('2004-08-13T11:02:33Z'), attachment: { filename: 'bench-2.6.8-rc4-bk1.txt', text: attached } });
  const mp1 = reply(a, mp, P('Marcus Feldhaus'), [wrap('Try elevator=deadline; RHEL 3 does not have the anticipatory scheduler.')]);
  const mp2 = reply(a, mp1, P('Jörg Hämmerle'), [blocks(wrap('With deadline the gap is smaller, dbench 32:'), t('dbench', D.dbench(r, 0.95, 32, 1)), fromLine(r))]);
  reply(a, mp2, P('Hank Oberlin'), [wrap(`${claim(r, '2.6.8-rc4-bk1', '2.4.21')} We saw the same on PERC controllers.`)]);
  reply(a, mp, P('Priya Raghunathan'), [wrap(`${noise(r, '2.6.8-rc4-bk1', '2.4.21-15.0.3.EL')} Could you also try with the ext3 reservations patch?`)]);

  // prose claims, with one format=flowed reply
  const pc = post(a, 'lkml', P('Karen Osei'), 'Is 2.6 really 2x faster than 2.4 for file serving?', blocks(
    wrap('A vendor white paper claims 2.6 is 2x faster than 2.4 for Samba file serving, and "over 10 times faster" with many clients. Has anyone here seen anything like that? Our own tests show more like a factor of 1.3, and a 20% regression for small files.'),
    fromLine(r)), { epoch: at('2004-01-10T13:37:00Z') });
  const pc1 = reply(a, pc, P('Wesley Achterberg'), [wrap('The 10x is the 64-client case where 2.4 falls over. 141.63 vs 74.79 MB/sec style comparisons between loopback and wire are meaningless too.')]);
  const pc2 = reply(a, pc1, P('Łukasz Wierzbicki'), [flow('Our numbers agree with Karen: about 30% faster for large files, a 15% regression for small ones, on a dual Opteron with 4GB. The white paper tested 2.4.18 against 2.6.0, which is not a fair comparison either.'),
    flow('Pozdrawiam z Gdańska.')], { flowed: true, charset: 'utf-8', transfer: '8bit' });
  const pc3 = reply(a, pc2, P('Victor Amsel'), [paragraph(r, '2.6.1', '2.4.24')]);
  reply(a, pc3, P('Karen Osei'), [paragraph(r, '2.6.1', '2.4.24')]);
  reply(a, pc, P('Theo Markwell'), [wrap('Twice as fast is plausible for dbench-like loads because of the new block layer, not for Samba as a whole.')]);

  // netdev: Outlook users top-posting
  const gig = post(a, 'netdev', P('Hank Oberlin'), 'Gigabit SMP performance problem with 2.4.19-pre', blocks(
    wrap('Two dual PIII/1000 boxes with Intel 82543GC cards, back to back. netperf TCP_STREAM:'), t('netperf', N.netperfTcpStream(r, 0.55, '192.168.10.2')),
    wrap('That is barely half of wire speed. With one CPU (nosmp) it is better:'), t('netperf', N.netperfTcpStream(r, 0.7, '192.168.10.2')),
    wrap('Interrupts are around 45000/s. Any ideas?')), { epoch: at('2002-03-04T15:11:00Z') });
  const g1 = reply(a, gig, P('Priya Raghunathan'), [wrap('We see the same. ttcp between the same boxes:'), t('ttcp', N.ttcp(r, 4.6, '192.168.10.2'))]);
  const g2 = reply(a, g1, P('Hank Oberlin'), [wrap('ttcp agrees then. Binding the IRQ to CPU1 gives another 15%.')]);
  reply(a, g2, P('Wesley Achterberg'), [wrap(`Lock contention on the device queue; ${claim(r, '2.4.19-pre5', '2.4.18')}`)]);
  reply(a, gig, P('Gary Pettibone'), [paragraph(r, '2.4.19-pre5', '2.4.18')]);

  thread(a, { list: 'netdev', starter: 'Theo Markwell', domain: 'net', subject: 'NetPIPE latency: 3c905 vs eepro100', date: '2001-12-03T10:20:30Z',
    kernels: ['2.4.16', '2.4.15'], replies: 7,
    rerun: (r) => t('netpipe', N.netpipe(r, r.float(0.9, 1.2))),
    root: (_a, rr) => blocks(wrap('NPtcp between two PIII/800 boxes on 100Mbit, 3c905C first:'), t('netpipe', N.netpipe(rr, 1)), 'eepro100:', t('netpipe', N.netpipe(rr, 1.12)),
      wrap('The eepro100 wins by about 10% on latency, bandwidth is the same.')) });

  thread(a, { list: 'netdev', starter: 'Wesley Achterberg', domain: 'net', subject: 'iperf: TCP throughput drop with TSO on 2.6.11', date: '2005-02-14T09:00:00Z',
    kernels: ['2.6.11-rc4', '2.6.10'], replies: 8, orphanAt: 3,
    rerun: (r) => t('iperf', N.iperf2(r, r.float(0.7, 1), '10.0.0.2')),
    root: (_a, rr) => blocks(wrap('iperf -c 10.0.0.2 -i 2 with TSO on (2.6.11-rc4):'), t('iperf', N.iperf2(rr, 0.7, '10.0.0.2', true)), 'TSO off:', t('iperf', N.iperf2(rr, 1, '10.0.0.2')),
      wrap(claim(rr, '2.6.11-rc4', '2.6.10'))),
    scripted: [(rr: Rng) => blocks('Cannot reproduce with tg3:', t('iperf', N.iperf2(rr, 1, '192.168.2.1')))] });

  thread(a, { list: 'netdev', starter: 'Eero Salminen', domain: 'net', subject: 'tg3 vs e1000 throughput on 2.6.16', date: '2006-04-02T12:00:00Z',
    kernels: ['2.6.16', '2.6.15'], replies: 6,
    rerun: (r) => t('iperf', N.iperf2(r, r.float(0.9, 1), '10.1.1.2')),
    root: (_a, rr) => blocks('tg3:', t('iperf', N.iperf2(rr, 1, '10.1.1.2')), 'e1000:', t('iperf', N.iperf2(rr, 0.96, '10.1.1.3')), wrap(noise(rr, '2.6.16', '2.6.15'))) });
}
