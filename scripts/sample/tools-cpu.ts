// Scheduler, VM and whole-system benchmark outputs: contest, time(1) in all its
// shapes, kernbench, hackbench, AIM7, re-aim, sysbench, perf stat, perf bench.
import { Rng, commas, fmt, lpad, rpad } from './prng';

/** contest: one table per load, Time in seconds, Ratio against noload. */
export function contest(r: Rng, kernels: Array<{ name: string; f: number }>, loads = ['noload', 'cacherun', 'process_load', 'ctar_load', 'xtar_load', 'io_load', 'read_load', 'list_load', 'mem_load']): string {
  const base: Record<string, number> = { noload: 72, cacherun: 68, process_load: 95, ctar_load: 97, xtar_load: 120, io_load: 150, read_load: 104, list_load: 96, mem_load: 160, dbench_load: 210 };
  const out: string[] = [];
  for (const load of loads) {
    out.push(`${load}:`, 'Kernel [runs]           Time    CPU%    Loads   LCPU%   Ratio');
    for (const k of kernels) {
      const t = r.jitter((base[load] ?? 100) / k.f, 0.07);
      const cpu = Math.min(99, Math.round(72 * 91 / t));
      const name = `${k.name} [${r.int(2, 5)}]`;
      out.push(`${lpad(name, 24)}${lpad(fmt(t, 1), 8)}${lpad(cpu, 8)}${lpad(load.includes('load') ? r.int(1, 60) : 0, 8)}${lpad(load.includes('load') ? r.int(1, 30) : 0, 8)}${fmt(t / 71.5, 2)}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export type TimeShape = 'bash' | 'bash-spaces' | 'gnu' | 'tcsh' | 'posix' | 'zsh';

function mmss(sec: number, digits = 3): string {
  return `${Math.floor(sec / 60)}m${fmt(sec % 60, digits)}s`;
}

function clock(sec: number): string {
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  const ss = fmt(s, 2).padStart(5, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss.slice(0, 2)}` : `${m}:${ss}`;
}

/** What time(1) prints after a kernel build, in each shell's or program's shape. */
export function timeOutput(r: Rng, shape: TimeShape, elapsed: number, cpus = 1, cmd = 'make -j4 bzImage'): string {
  const user = elapsed * Math.min(cpus, 4) * r.float(0.78, 0.9);
  const sys = user * r.float(0.06, 0.12);
  const pct = Math.round(100 * (user + sys) / elapsed);
  switch (shape) {
    case 'bash': return `\nreal\t${mmss(elapsed)}\nuser\t${mmss(user)}\nsys\t${mmss(sys)}`;
    case 'bash-spaces': return `real    ${mmss(elapsed)}\nuser    ${mmss(user)}\nsys     ${mmss(sys)}`;
    case 'gnu': return `${fmt(user, 2)}user ${fmt(sys, 2)}system ${clock(elapsed)}elapsed ${pct}%CPU (0avgtext+0avgdata 0maxresident)k\n0inputs+0outputs (${r.int(100, 900)}major+${r.int(500000, 3000000)}minor)pagefaults 0swaps`;
    case 'tcsh': return `${fmt(user, 3)}u ${fmt(sys, 3)}s ${clock(elapsed)} ${fmt(100 * (user + sys) / elapsed, 1)}%\t0+0k 0+0io ${r.int(1000, 90000)}pf+0w`;
    case 'posix': return `real ${fmt(elapsed, 2)}\nuser ${fmt(user, 2)}\nsys ${fmt(sys, 2)}`;
    case 'zsh': return `${cmd}  ${fmt(user, 2)}s user ${fmt(sys, 2)}s system ${pct}% cpu ${clock(elapsed).replace(/(\.\d\d)$/, '$10')} total`;
  }
}

/** kernbench: averages per load level; "Optimal" in 0.3x, "Optimum" in the 2.6.3 era. */
export function kernbench(r: Rng, f = 1, cpus = 4, withStd = false): string {
  const out: string[] = [];
  const runs: Array<[string, number, number]> = [['Half', cpus / 2, 1.4], [withStd ? 'Optimal' : 'Optimum', cpus * 4, 1], ['Maximum', 0, 1.02]];
  for (const [label, j, mult] of runs) {
    const el = r.jitter(82 * mult / f * (16 / Math.max(4, cpus)), 0.03);
    const user = r.jitter(1000 / f, 0.03), sys = r.jitter(110 / f, 0.05);
    const sd = (v: number) => (withStd ? ` (${fmt(v * r.float(0.002, 0.02), 3)})` : '');
    const head = withStd ? `Average ${label} load -j ${j || 'unlimited'} Run (std deviation):` : `Average ${label} Load Run:`;
    out.push(head, `Elapsed Time ${fmt(el, 3)}${sd(el)}`, `User Time ${fmt(user, 3)}${sd(user)}`, `System Time ${fmt(sys, 3)}${sd(sys)}`,
      `Percent CPU ${Math.round(100 * (user + sys) / el)}${sd(100)}`, `Context Switches ${fmt(r.float(10000, 60000), 1)}${sd(1000)}`,
      `Sleeps ${fmt(r.float(20000, 40000), 1)}${sd(1000)}`, '');
  }
  return out.join('\n').trimEnd();
}

/** hackbench: one "Time:" per run, newer versions announce the task count. */
export function hackbench(r: Rng, f = 1, groups = 50, runs = 3, announce = true): string {
  const out: string[] = [];
  for (let i = 0; i < runs; i++) {
    if (announce) out.push(`Running with ${groups}*40 (== ${groups * 40}) tasks.`);
    out.push(`Time: ${fmt(r.jitter(groups * 0.045 / f, 0.06), 3)}`);
  }
  return out.join('\n');
}

/** AIM7 multiuser: one line per task count; Jobs/Min is the headline. */
export function aim7(r: Rng, f = 1, tasks = [1, 16, 64, 128, 256, 512]): string {
  const out = ['AIM Multiuser Benchmark - Suite VII Run Beginning', '', 'Tasks\tJobs/Min\tJTI\tReal\tCPU\tJobs/sec/task'];
  for (const t of tasks) {
    const jpm = r.jitter(Math.min(160 * t, 9000 + t * 12) * f, 0.04);
    const real = (t * 100 * 60 * 0.97) / jpm;
    out.push(`${t}\t${fmt(jpm, 1)}\t\t${r.int(85, 100)}\t${fmt(real, 1)}\t${fmt(real * r.float(0.3, 3.5), 1)}\t${fmt(jpm / 60 / t, 4)}`);
  }
  return out.join('\n');
}

/** re-aim-7: the per-step table and the "Max Jobs per Minute" summary. */
export function reaim(r: Rng, f = 1, steps = [1, 5, 9, 13, 17, 21]): string {
  const out = ['REAIM Workload', 'Times are in seconds - Child times from tms.cstime and tms.cutime', '',
    'Num     Parent   Child   Child  Jobs per   Jobs/min/  Std_dev  Std_dev  JTI',
    'Forked  Time     SysTime UTime   Minute     Child      Time     Percent '];
  let best = 0;
  for (const n of steps) {
    const jpm = r.jitter(Math.min(2400 * n, 16000 + 400 * n) * f, 0.04);
    best = Math.max(best, jpm);
    out.push(`${lpad(n, 8)}${lpad(fmt(n * 100 * 60 / jpm / 4.2, 2), 9)}${lpad(fmt(r.float(0.1, 9), 2), 8)}${lpad(fmt(r.float(2, 60), 2), 8)}${lpad(fmt(jpm, 2), 11)}${lpad(fmt(jpm / n, 2), 11)}${lpad(fmt(r.float(0, 0.5), 2), 9)}${lpad(fmt(r.float(0, 5), 2), 9)}${r.int(85, 100)} `);
  }
  out.push(`Max Jobs per Minute ${fmt(best, 2)}`);
  return out.join('\n');
}

/** sysbench 0.4 OLTP or fileio, or 1.0 cpu. 0.4's "Mb" means 2^20 bytes. */
export function sysbench(r: Rng, f = 1, test: 'oltp' | 'fileio' | 'cpu' = 'oltp', threads = 8): string {
  if (test === 'cpu') {
    const eps = r.jitter(1180 * f * threads, 0.03);
    return ['sysbench 1.0.11 (using system LuaJIT 2.1.0-beta3)', '', 'Running the test with following options:', `Number of threads: ${threads}`, '',
      'CPU speed:', `    events per second: ${rpad(fmt(eps, 2), 8)}`, '', 'General statistics:', '    total time:                          10.0012s',
      `    total number of events:              ${Math.round(eps * 10)}`, '', 'Latency (ms):',
      `         min:                                    ${fmt(r.float(0.8, 1), 2)}`, `         avg:                                    ${fmt(threads * 1000 / eps, 2)}`,
      `         max:                                   ${fmt(r.float(10, 40), 2)}`, `         95th percentile:                        ${fmt(threads * 1000 / eps * 1.04, 2)}`].join('\n');
  }
  if (test === 'fileio') {
    const rps = r.jitter(330 * f, 0.05);
    const mb = rps * 16 / 1024;
    return ['Operations performed:  6000 Read, 4000 Write, 12800 Other = 22800 Total',
      `Read 93.75Mb  Written 62.5Mb  Total transferred 156.25Mb  (${fmt(mb, 4)}Mb/sec)`, `${rpad(fmt(rps, 2), 8)} Requests/sec executed`, '',
      'Test execution summary:', `    total time:                          ${fmt(156.25 / mb, 4)}s`, '    total number of events:              10000'].join('\n');
  }
  const tps = r.jitter(340 * f, 0.05);
  const secs = 10000 / tps;
  return ['OLTP test statistics:', '    queries performed:', '        read:                            140000', '        write:                           50000',
    '        other:                           20000', '        total:                           210000',
    `    transactions:                        10000  (${fmt(tps, 2)} per sec.)`, '    deadlocks:                           0      (0.00 per sec.)',
    `    read/write requests:                 190000 (${fmt(tps * 19, 2)} per sec.)`, `    other operations:                    20000  (${fmt(tps * 2, 2)} per sec.)`, '',
    'Test execution summary:', `    total time:                          ${fmt(secs, 4)}s`, '    total number of events:              10000',
    `    total time taken by event execution: ${fmt(secs * threads * 0.99, 4)}`, '    per-request statistics:',
    `         min:                            ${rpad(fmt(r.float(4, 9), 2), 10)}ms`, `         avg:                            ${rpad(fmt(threads * 1000 / tps, 2), 10)}ms`,
    `         max:                            ${rpad(fmt(r.float(300, 900), 2), 10)}ms`, `         approx.  95 percentile:         ${rpad(fmt(threads * 1000 / tps * 1.7, 2), 10)}ms`].join('\n');
}

/** perf stat's counter block for a command. */
export function perfStat(r: Rng, f = 1, cmd = 'make -j8', cpus = 8): string {
  const elapsed = r.jitter(17 / f, 0.03);
  const taskMs = elapsed * 1000 * cpus * 0.9;
  const cycles = taskMs * 1e-3 * 2.8e9;
  const instr = cycles * r.float(0.9, 1.6);
  const cs = r.int(20000, 90000), mig = r.int(500, 3000), pf = r.int(2000000, 6000000);
  const line = (v: string, name: string, note: string) => `${rpad(v, 18)}      ${lpad(name, 25)} #  ${note}`;
  return [` Performance counter stats for '${cmd}':`, '',
    line(fmt(taskMs, 6), 'task-clock (msec)', `${fmt(taskMs / elapsed / 1000, 3)} CPUs utilized`),
    line(commas(cs), 'context-switches', `${fmt(cs / taskMs, 3)} K/sec`),
    line(commas(mig), 'cpu-migrations', `${fmt(mig / taskMs, 3)} K/sec`),
    line(commas(pf), 'page-faults', `${fmt(pf / taskMs / 1000, 3)} M/sec`),
    line(commas(cycles), 'cycles', '2.800 GHz'),
    line(commas(instr), 'instructions', `${fmt(instr / cycles, 2)}  insn per cycle`),
    line(commas(instr * 0.21), 'branches', `${fmt(instr * 0.21 / taskMs / 1000, 3)} M/sec`),
    line(commas(instr * 0.21 * r.float(0.01, 0.04)), 'branch-misses', `${fmt(r.float(1, 4), 2)}% of all branches`),
    '', `${rpad(fmt(elapsed, 9), 18)} seconds time elapsed`].join('\n');
}

/** perf bench: sched messaging, sched pipe, mem memcpy (GB/sec is binary). */
export function perfBench(r: Rng, f = 1, what: 'messaging' | 'pipe' | 'memcpy' = 'messaging'): string {
  if (what === 'messaging') {
    return ["# Running 'sched/messaging' benchmark:", '# 20 sender and receiver processes per group', '# 10 groups == 400 processes run', '',
      `     Total time: ${fmt(r.jitter(0.21 / f, 0.05), 3)} [sec]`].join('\n');
  }
  if (what === 'pipe') {
    const us = r.jitter(5.1 / f, 0.04);
    return ["# Running 'sched/pipe' benchmark:", '# Executed 1000000 pipe operations between two processes', '',
      `     Total time: ${fmt(us, 3)} [sec]`, '', `${rpad(fmt(us, 6), 15)} usecs/op`, `${rpad(Math.round(1e6 / us), 15)} ops/sec`].join('\n');
  }
  return ["# Running 'mem/memcpy' benchmark:", "# function 'default' (Default memcpy() provided by glibc)", '# Copying 1GB bytes ...', '',
    `${rpad(fmt(r.jitter(6 * f, 0.05), 6), 15)} GB/sec`].join('\n');
}
