// Patch series as git send-email threads them: a cover letter with the
// numbers, "[PATCH v2 n/m]" replies to it, review replies, and the
// "Re: Re: [PATCH v2 3/7]" subjects a broken mailer produces.
import { Rng } from './prng';
import { Archive, post, reply } from './threads';
import { Message, ListName } from './mail';
import { P, at, blocks } from './kit';
import { wrap, claim, paragraph } from './prose';
import { hunksFor, patchBody } from './patch';
import * as N from './tools-net';
import * as D from './tools-disk';
import * as C from './tools-cpu';

/** The git that would have sent a patch on that date, as format-patch signs it. */
function gitVersion(epoch: number): string {
  return epoch < at('2010-01-01T00:00:00Z') ? '1.5.4.3' : epoch < at('2017-01-01T00:00:00Z') ? '2.1.4' : '2.20.1';
}

interface SeriesSpec {
  list: ListName;
  author: string;
  prefix: string;            // "PATCH v2", "PATCH net-next"
  cover: string;             // subject of 0/n
  titles: string[];          // subjects of 1..n
  hunks: string[][];         // file prefixes for each patch
  date: string;
  coverText: (r: Rng) => string;
}

function series(a: Archive, s: SeriesSpec): { cover: Message; patches: Message[] } {
  const who = P(s.author);
  const n = s.titles.length;
  const to = [s.list === 'lkml' ? 'linux-kernel@vger.kernel.org' : 'netdev@vger.kernel.org'];
  const cover = post(a, s.list, who, `[${s.prefix} 0/${n}] ${s.cover}`, s.coverText(a.rng), { epoch: at(s.date), to, footer: false });
  const patches = s.titles.map((title, i) => {
    const body = patchBody(a.rng, wrap(`${title.replace(/^[\w/.-]+: /, '').replace(/^./, (c) => c.toUpperCase())}. No functional change for callers outside this file.`), who, hunksFor(s.hunks[i]), [], gitVersion(at(s.date)));
    return reply(a, cover, who, [body], { subject: `[${s.prefix} ${i + 1}/${n}] ${title}`, delay: i + 1, threading: 'full', footer: false, signature: false, noQuote: true, to });
  });
  return { cover, patches };
}

export function patchSeries(a: Archive): void {
  const t = (name: string, text: string) => a.tool(name, text);
  const r = a.rng;

  const fioSeries = series(a, { list: 'lkml', author: 'Anneliese Voss', prefix: 'PATCH', cover: 'blk-mq: reduce dispatch overhead', date: '2018-06-12T08:00:00Z',
    titles: ['blk-mq: cap the dispatch batch', 'blk-mq: name the dispatch order limit', 'blk-mq: skip the wakeup when nothing is queued', 'blk-mq: account budget per hctx', 'blk-mq: document the dispatch rules'],
    hunks: [['block/'], ['block/'], ['block/'], ['block/'], ['block/']],
    coverText: (rr) => blocks(wrap('This series trims the blk-mq dispatch path. fio 4k random reads, iodepth 32, one NVMe drive, before:'),
      t('fio', D.fio(rr, 1, 'randread')), 'after:', t('fio', D.fio(rr, 1.14, 'randread')),
      wrap('About 14% more IOPS; sequential reads do not change:'), t('fio', D.fio(rr, 1, 'read', 131072, 8))) });
  const f1 = reply(a, fioSeries.cover, P('Tobias Rendle'), [wrap(`${claim(r, 'patched', '4.17')} What about writes?`)]);
  const f2 = reply(a, f1, P('Anneliese Voss'), [blocks('randwrite, same box:', t('fio', D.fio(r, 1.1, 'randwrite')))]);
  reply(a, f2, P('Craig Dunmore'), ['Thanks, that answers it. For the series:', 'Reviewed-by: Craig Dunmore <cdunmore@ferncastle.com>']);
  reply(a, fioSeries.patches[2], P('Tobias Rendle'), ['Is the barrier still needed here after the earlier patch?']);

  const v2 = series(a, { list: 'lkml', author: 'Tobias Rendle', prefix: 'PATCH v2', cover: 'x86: use rep movsq for large memcpy', date: '2019-01-29T16:30:00Z',
    titles: ['x86/cpufeature: add FSRM', 'x86/lib: reorder memcpy entry checks', 'x86/lib: use rep movsq above 256 bytes', 'x86/lib: drop the unrolled tail loop',
      'x86/lib: same for memmove', 'x86/lib: same for memset', 'x86/lib: update the comments'],
    hunks: [['arch/x86/include'], ['arch/x86/lib'], ['arch/x86/lib'], ['arch/x86/lib'], ['arch/x86/lib'], ['arch/x86/lib'], ['arch/x86/lib']],
    coverText: (rr) => blocks(wrap('Changes since v1: rebased on 5.0-rc4, split the memmove part out. perf bench mem memcpy, before:'),
      t('perf', C.perfBench(rr, 1, 'memcpy')), 'after:', t('perf', C.perfBench(rr, 1.6, 'memcpy')),
      wrap('Scheduler benchmarks do not move, as expected:'), t('perf', C.perfBench(rr, 1, 'messaging')), t('perf', C.perfBench(rr, 1, 'pipe'))) });
  const p3 = v2.patches[2];
  const q1 = reply(a, p3, P('Anneliese Voss'), [wrap('256 is a magic number; where does it come from? On my Skylake the crossover is nearer 512.')]);
  const q2 = reply(a, q1, P('Tobias Rendle'), [blocks('From the measurements on three machines; perf bench with a 256 byte size:', t('perf', C.perfBench(r, 1.2, 'memcpy')))]);
  const q3 = reply(a, q2, P('Hank Oberlin'), [wrap('We see the same crossover on Haswell. +1 for the series.')], { subject: `Re: Re: ${p3.subject}` });
  reply(a, q3, P('Anneliese Voss'), [paragraph(r, '5.0-rc4', '4.20')], { subject: `Re: Re: ${p3.subject}` });
  reply(a, v2.cover, P('Craig Dunmore'), [wrap(`${claim(r, 'v2', 'v1')} Queued for 5.1, thanks.`)]);
  reply(a, v2.patches[4], P('Karen Osei'), ['memmove overlap handling looks wrong for the backwards case, see the 0x10 check.']);

  const e1000 = post(a, 'netdev', P('Craig Dunmore'), '[PATCH] e1000: raise the default InterruptThrottleRate', blocks(
    wrap('8000 interrupts/s caps small-packet rates. netperf TCP_RR before and after, 82546GB to 82546GB, back to back:'),
    t('netperf', N.netperfTcpRr(r, 1, '10.0.0.2')), t('netperf', N.netperfTcpRr(r, 1.45, '10.0.0.2')),
    wrap('Bulk throughput does not change, and CPU use only goes up a few percent:'), t('netperf', N.netperfTcpStream(r, 1.0, '10.0.0.2', true)),
    patchBody(r, '', P('Craig Dunmore'), hunksFor(['drivers/net/e1000']))), { epoch: at('2005-06-01T17:00:00Z'), to: ['netdev@vger.kernel.org'], cc: ['linux-kernel@vger.kernel.org'] });
  const e1 = reply(a, e1000, P('Gary Pettibone'), [wrap(`${claim(r, 'patched', '2.6.12-rc5')} 20000/s is a lot of interrupts on a slow box though.`)]);
  reply(a, e1, P('Craig Dunmore'), [blocks('Stream with CPU on a PIII/933:', t('netperf', N.netperfTcpStream(r, 0.7, '10.0.0.2', true)))]);
  reply(a, e1000, P('Wesley Achterberg'), ['NAPI should make this moot. Is NAPI on in your config?']);

  const autocork = series(a, { list: 'netdev', author: 'Tobias Rendle', prefix: 'PATCH net-next', cover: 'tcp: autocork tweaks', date: '2015-03-10T10:00:00Z',
    titles: ['tcp: name the copy chunk size', 'tcp: use the named chunk in tcp_sendmsg', 'tcp: fix the quickack limit comment'],
    hunks: [['include/net/tcp.h'], ['net/ipv4/tcp.c'], ['include/net/tcp.h']],
    coverText: (rr) => blocks(wrap('Small cleanups with a measurable effect on 10G. iperf3 before:'), t('iperf3', N.iperf3(rr, 1)), 'after:', t('iperf3', N.iperf3(rr, 1.04))) });
  const ac = reply(a, autocork.cover, P('Ivo Petrov'), [wrap('4% is in the noise for iperf3 single stream. Could you run -P 4?')]);
  reply(a, ac, P('Tobias Rendle'), [blocks('Sure, summed:', t('iperf3', N.iperf3(r, 1.05, '10.0.0.2')))]);
}
