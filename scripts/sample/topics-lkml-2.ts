// linux-kernel threads, part 2: compile times, kernbench, hackbench, VolanoMark,
// AIM7, re-aim, sysbench, perf stat, iozone, and a patch thread with only noise.
import { Archive, post, reply } from './threads';
import { P, at, blocks, thread } from './kit';
import { wrap, claim, noise } from './prose';
import { hunksFor, patchBody } from './patch';
import * as N from './tools-net';
import * as D from './tools-disk';
import * as C from './tools-cpu';

export function lkmlPart2(a: Archive): void {
  const t = (name: string, text: string) => a.tool(name, text);

  thread(a, { list: 'lkml', starter: 'Oskar Lindqvist', domain: 'cpu', subject: 'kernel compile times: 2.6.3 vs 2.6.3-mm1', date: '2004-02-12T08:45:12Z',
    kernels: ['2.6.3-mm1', '2.6.3'], replies: 11,
    rerun: (r) => t('kernbench', C.timeOutput(r, 'bash', r.float(250, 400), 2)),
    root: (_a, r) => blocks(wrap('time make -j4 bzImage on a dual PIII/1400 with 1GB, tree in page cache, three runs each, the middle one shown. 2.6.3:'),
      t('kernbench', C.timeOutput(r, 'bash', 327.67, 2)), '2.6.3-mm1:', t('kernbench', C.timeOutput(r, 'bash', 305.2, 2)),
      wrap(claim(r, '2.6.3-mm1', '2.6.3'))),
    scripted: [
      (r) => blocks('GNU time on my box (UP Athlon 1.2GHz, 2.6.3):', t('kernbench', C.timeOutput(r, 'gnu', 243.52, 1, 'make bzImage'))),
      (r) => blocks('tcsh users unite:', t('kernbench', C.timeOutput(r, 'tcsh', 198.4, 2))),
      (r) => blocks('/usr/bin/time -p make -j8 bzImage modules, 4-way Xeon:', t('kernbench', C.timeOutput(r, 'posix', 245.52, 4))),
      (r) => blocks('zsh prints it all on one line:', t('kernbench', C.timeOutput(r, 'zsh', 210.1, 2, 'make -j4 bzImage'))),
      (r) => blocks('And a full make -j2 of 2.6.3 with modules on a P3/500, which is why I go for coffee:', t('kernbench', C.timeOutput(r, 'bash-spaces', 3723.4, 1))),
    ] });

  thread(a, { list: 'lkml', starter: 'Bronwyn Callaghan', domain: 'cpu', subject: '[BENCHMARK] 2.6.3-rc2 v 2.6.3-rc3-mm1 kernbench', date: '2004-02-13T03:12:45Z',
    kernels: ['2.6.3-rc3-mm1', '2.6.3-rc2'], replies: 9,
    rerun: (r) => t('kernbench', C.kernbench(r, r.float(0.9, 1.1), 8, true)),
    root: (_a, r) => blocks('Kernbench on a 16-way NUMA-Q, average of 5 runs.', 'results.2.6.3-rc2:', t('kernbench', C.kernbench(r, 1, 16)),
      'results.2.6.3-rc3-mm1:', t('kernbench', C.kernbench(r, 1.07, 16)), wrap(claim(r, '2.6.3-rc3-mm1', '2.6.3-rc2'))),
    scripted: [(r) => blocks('kernbench 0.30 on a 4-way Opteron, with standard deviations:', t('kernbench', C.kernbench(r, 1, 4, true)))] });

  const hb = post(a, 'lkml', P('Craig Dunmore'), '[PATCH] sched: round up the imbalance in load_balance', blocks(
    wrap('load_balance() truncates the imbalance, so with two tasks on one CPU and none on the other it computes 0 and never moves anything until the next tick. Rounding up fixes it. hackbench 50 before:'),
    t('hackbench', C.hackbench(a.rng, 1, 50, 3)), 'after:', t('hackbench', C.hackbench(a.rng, 1.18, 50, 3)),
    patchBody(a.rng, '', P('Craig Dunmore'), hunksFor(['kernel/sched.c']).slice(0, 1))), { epoch: at('2004-06-10T14:22:01Z') });
  const hb1 = reply(a, hb, P('Anneliese Voss'), [wrap('Looks right. On a 2-way hackbench without the announce line, old binary:'),
    t('hackbench', C.hackbench(a.rng, 1.05, 40, 2, false))]);
  reply(a, hb1, P('Craig Dunmore'), ['Thanks, I will add your Acked-by.']);
  reply(a, hb, P('Ivo Petrov'), [wrap(`${claim(a.rng, 'patched', '2.6.7')} ${noise(a.rng, '2.6.7', '2.6.6')}`)]);
  reply(a, hb, P('Eero Salminen'), ['Does this change anything for volanomark? It is very sensitive to balancing.']);

  thread(a, { list: 'lkml', starter: 'Hank Oberlin', domain: 'cpu', subject: 'sched_yield change hurts volanomark', date: '2003-10-20T19:02:12Z',
    kernels: ['2.6.0-test8', '2.6.0-test7'], replies: 8,
    rerun: (r) => t('volanomark', N.volanomark(r, r.float(0.4, 1))),
    root: (_a, r) => blocks(wrap('We run VolanoMark 2.1.2 with the IBM 1.4.1 JVM as a regression test. After the sched_yield() semantics changed the numbers fell through the floor. test7:'),
      t('volanomark', N.volanomark(r, 1)), 'test8:', t('volanomark', N.volanomark(r, 0.42)), wrap('That is more than a factor of 2. The JVM calls sched_yield() in its spin locks.')),
    scripted: [(r) => wrap(`Yes, this is expected: yield now goes to the expired array. ${claim(r, 'test8', 'test7')}`),
      (r) => blocks('With the JVM told not to yield:', t('volanomark', N.volanomark(r, 0.97)))] });

  thread(a, { list: 'lkml', starter: 'Samantha Kreel', domain: 'cpu', subject: 'aim7 scaling on 8-way with 2.6.8-rc4', date: '2004-08-16T17:33:01Z',
    kernels: ['2.6.8-rc4', '2.6.7'], replies: 9,
    rerun: (r) => t('aim7', C.aim7(r, r.float(0.8, 1), [1, 64, 256])),
    root: (_a, r) => blocks(wrap('AIM7 shared workload on an 8-way PIII Xeon 700 with 4GB. 2.6.7:'), t('aim7', C.aim7(r, 1)), '2.6.8-rc4:', t('aim7', C.aim7(r, 0.8)),
      wrap('-rc4 regressed about 20% at 256 tasks and above.')),
    scripted: [(r) => wrap(`${claim(r, '2.6.8-rc4', '2.6.7')} Could you get a profile at 256 tasks?`)] });

  thread(a, { list: 'lkml', starter: 'Eero Salminen', domain: 'cpu', subject: 're-aim regression with the new VM in 2.6.0-test9', date: '2003-11-04T11:19:52Z',
    kernels: ['2.6.0-test9', '2.6.0-test8'], replies: 8,
    rerun: (r) => t('reaim', C.reaim(r, r.float(0.85, 1), [1, 9, 17])),
    root: (_a, r) => blocks('reaim -s1 -e21 -i4 -f workfile.new_dbase, 2-way P4 Xeon with 1GB.', 'test8:', t('reaim', C.reaim(r, 1)), 'test9:', t('reaim', C.reaim(r, 0.88)),
      wrap(claim(r, '2.6.0-test9', '2.6.0-test8'))) });

  thread(a, { list: 'lkml', starter: 'Rafael Quintero', domain: 'cpu', subject: 'sysbench OLTP: CFS vs O(1) on 2.6.23-rc8', date: '2007-09-28T12:40:40Z',
    kernels: ['2.6.23-rc8', '2.6.22'], replies: 10,
    rerun: (r) => t('sysbench', C.sysbench(r, r.float(0.9, 1.1), 'oltp', 4)),
    root: (_a, r) => blocks(wrap('sysbench 0.4.10 OLTP against MySQL 5.0 on a quad-core Xeon, 8 threads. 2.6.22 (O(1)):'), t('sysbench', C.sysbench(r, 1, 'oltp', 8)),
      '2.6.23-rc8 (CFS):', t('sysbench', C.sysbench(r, 1.09, 'oltp', 8)), wrap(claim(r, '2.6.23-rc8', '2.6.22'))),
    scripted: [(r) => blocks('fileio, rndrw, same two kernels, CFS first:', t('sysbench', C.sysbench(r, 1, 'fileio')), t('sysbench', C.sysbench(r, 0.97, 'fileio'))),
      (r) => blocks('For the record, sysbench 1.0 cpu on a current kernel:', t('sysbench', C.sysbench(r, 1, 'cpu', 4)))] });

  thread(a, { list: 'lkml', starter: 'Tobias Rendle', domain: 'cpu', subject: 'perf stat shows 20% more cycles in the futex path with 4.17-rc1', date: '2018-04-20T09:09:09Z',
    kernels: ['4.17-rc1', '4.16'], replies: 8,
    rerun: (r) => t('perf', C.perfStat(r, r.float(0.8, 1), 'perf bench futex hash', 4)),
    root: (_a, r) => blocks(wrap('perf stat of a futex-heavy workload (perf bench futex hash), 4.16 vs 4.17-rc1, same box:'),
      t('perf', C.perfStat(r, 1, 'perf bench futex hash', 8)), t('perf', C.perfStat(r, 0.83, 'perf bench futex hash', 8)),
      wrap('The second run has about 20% more cycles for the same work.')),
    scripted: [(r) => wrap(`Spectre mitigations went in between those. ${noise(r, '4.17-rc1', '4.16')}`)] });

  thread(a, { list: 'lkml', starter: 'Anneliese Voss', domain: 'disk', subject: '[PATCH] readahead: raise VM_MAX_READAHEAD to 512k', date: '2004-03-02T15:15:15Z',
    kernels: ['2.6.4-rc1', '2.6.3'], replies: 9,
    rerun: (r) => t('iozone', D.iozone(r, r.float(0.9, 1.3), true)),
    root: (_a, r) => blocks(wrap('128k is too small for modern disks doing streaming reads. iozone throughput mode, 4 readers, before:'),
      t('iozone', D.iozone(r, 1, true)), 'after:', t('iozone', D.iozone(r, 1.3, true)),
      patchBody(r, '', P('Anneliese Voss'), hunksFor(['mm/readahead.c']))),
    scripted: [(r) => blocks('iozone -a on a slower box, patched:', t('iozone', D.iozone(r, 1, false))),
      (r) => wrap(`This hurts random reads badly on my database box; ${claim(r, '2.6.4-rc1', '2.6.3')}`)] });

  thread(a, { list: 'lkml', starter: 'Craig Dunmore', domain: 'net', subject: '[PATCH] tcp: fix oops at 0xc0123456 in tcp_sendmsg on 2.6.8-rc4', date: '2004-08-20T19:58:02Z',
    kernels: ['2.6.8-rc4', '2.6.8-rc3'], replies: 7,
    root: (_a, r) => blocks(wrap('Seen on 2.6.8-rc4 built with gcc 3.3.4 on i386, triggered by a 3c905 at 192.168.1.7 sending to a box on 10.1.2.3 at 14:32:05:'),
      'Unable to handle kernel NULL pointer dereference at virtual address 00000004\n printing eip:\nc0123456\n*pde = 00000000\nOops: 0000 [#1]\nEIP:    0060:[<c0123456>]    Not tainted\nEFLAGS: 00010246   (2.6.8-rc4)\nEIP is at tcp_sendmsg+0x1a4/0x820',
      patchBody(r, 'Check the chunk limit before touching the skb.', P('Craig Dunmore'), hunksFor(['net/ipv4/tcp.c', 'include/net/tcp.h']))),
    scripted: [() => 'Applied, thanks.', () => 'Is this needed for 2.6.7 as well?'] });

  thread(a, { list: 'lkml', starter: 'Zoltán Bárány', domain: 'disk', subject: 'OOM kills with mem=128M and dbench 64 on 2.6.9', date: '2004-11-03T21:21:21Z',
    kernels: ['2.6.9', '2.6.8'], replies: 8,
    rerun: (r) => t('dbench', D.dbench(r, r.float(0.5, 0.8), 64, 4)),
    root: (_a, r) => blocks(wrap('Booting with mem=128M and running dbench 64 triggers the OOM killer on 2.6.9, 2.6.8 survives. First seen in the 2004-10-28 snapshot at about 03:15 in the nightly run. The run that did complete (dbench 4):'),
      t('dbench', D.dbench(r, 0.6, 64, 4)), wrap(noise(r, '2.6.9', '2.6.8'))) });

  thread(a, { list: 'lkml', starter: 'Eero Salminen', domain: 'net', subject: 'bw_tcp: localhost vs the wire on 2.6.9', date: '2004-12-01T10:10:10Z',
    kernels: ['2.6.9', '2.6.8'], replies: 7,
    rerun: (r) => t('lmbench', N.lmbenchBwTcp(r, r.float(3, 5), 'localhost')),
    root: (_a, r) => blocks(wrap('Following up the old zero-copy discussion with current hardware, two Athlon 64 boxes with tg3:'),
      t('lmbench', N.lmbenchBwTcp(r, 4.5, 'localhost')), t('lmbench', N.lmbenchBwTcp(r, 0.8, '192.168.9.3')),
      wrap(`So localhost is still a factor of ${5} or so over gigabit, same ratio as in 2001.`)) });
}
