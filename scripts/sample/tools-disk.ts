// Filesystem and disk benchmark outputs: dbench, tbench, tiobench, bonnie,
// bonnie++, iozone, postmark, hdparm, fio. Numbers agree with each other
// where the tool derives one from another (rates from sizes and times).
import { Rng, fmt, lpad, rpad } from './prng';

/** dbench 1.x/2.x (with NB= and MBit/sec), 3.x (bare) or 4.x (op table + max_latency). */
export function dbench(r: Rng, f = 1, procs = 32, version: 1 | 3 | 4 = 1): string {
  const mb = r.jitter(120 * f, 0.08);
  if (version === 1) {
    return `Throughput ${fmt(mb, 4)} MB/sec (NB=${fmt(mb * 1.25, 4)} MB/sec  ${fmt(mb * 10, 3)} MBit/sec)  ${procs} procs`;
  }
  if (version === 3) return `Throughput ${fmt(mb, 3)} MB/sec ${procs} procs`;
  const ops: Array<[string, number]> = [['NTCreateX', 3200000], ['Close', 2350000], ['Rename', 135000], ['Unlink', 646000],
    ['Qpathinfo', 2900000], ['ReadX', 5020000], ['WriteX', 1600000], ['Flush', 224000]];
  return [' Operation      Count    AvgLat    MaxLat', ' ----------------------------------------',
    ...ops.map(([op, n]) => ` ${lpad(op, 12)}${rpad(Math.round(n * f * r.jitter(1, 0.02)), 9)}${rpad(fmt(r.float(0.01, 0.9, 3), 3), 10)}${rpad(fmt(r.float(20, 400, 3), 3), 10)}`),
    '', `Throughput ${fmt(mb, 4)} MB/sec  ${procs} clients  ${procs} procs  max_latency=${fmt(r.float(80, 600, 3), 3)} ms`].join('\n');
}

/** tbench prints the same Throughput line as dbench 1.x. */
export function tbench(r: Rng, f = 1, procs = 16): string {
  const mb = r.jitter(150 * f, 0.06);
  return `Throughput ${fmt(mb, 4)} MB/sec (NB=${fmt(mb * 1.25, 4)} MB/sec  ${fmt(mb * 10, 3)} MBit/sec)  ${procs} procs`;
}

/** tiobench.pl tables: Rate in MB/s (2^20), latency in ms. */
export function tiobench(r: Rng, kernels: Array<{ name: string; f: number }>, threads = [1, 2, 4, 8]): string {
  const out = ['Unit information', '================', 'File size = megabytes', 'Blk Size  = bytes', 'Rate      = megabytes per second',
    'CPU%      = percentage of CPU used during the test', 'Latency   = milliseconds',
    'Lat%      = percent of requests that took longer than X seconds', 'CPU Eff   = Rate divided by CPU% - throughput per cpu load'];
  const tests: Array<[string, number, number]> = [['Sequential Reads', 38, 12], ['Random Reads', 0.9, 180], ['Sequential Writes', 31, 8], ['Random Writes', 1.8, 4]];
  for (const [title, rate, lat] of tests) {
    out.push('', title,
      '                              File  Blk   Num                   Avg      Maximum      Lat%     Lat%    CPU',
      'Identifier                    Size  Size  Thr   Rate  (CPU%)  Latency    Latency      >2s      >10s    Eff',
      '---------------------------- ------ ----- ---  ------ ------ --------- -----------  -------- -------- -----');
    for (const k of kernels) {
      for (const t of threads) {
        const rt = r.jitter(rate * k.f * (t === 1 ? 1 : 0.92), 0.05);
        const cpu = r.float(0.4, 30, 3);
        out.push(`${lpad(k.name, 28)} ${rpad(1024, 6)}  4096 ${rpad(t, 4)} ${rpad(fmt(rt, 2), 7)} ${rpad(fmt(cpu, 3) + '%', 6)} ${rpad(fmt(r.jitter(lat * t / k.f, 0.1), 3), 9)} ${rpad(fmt(r.float(200, 9000, 2), 2), 11)}   ${fmt(r.float(0, 0.05, 5), 5)}  0.00000 ${rpad(Math.round(rt / cpu * 100), 5)}`);
      }
    }
  }
  return out.join('\n');
}

/** The original bonnie (1.x): K/sec columns, MB size column. */
export function bonnie(r: Rng, rows: Array<{ machine: string; f: number }>, mb = 512): string {
  const out = ['              -------Sequential Output-------- ---Sequential Input-- --Random--',
    '              -Per Char- --Block--- -Rewrite-- -Per Char- --Block--- --Seeks---',
    'Machine    MB K/sec %CPU K/sec %CPU K/sec %CPU K/sec %CPU K/sec %CPU  /sec %CPU'];
  for (const x of rows) {
    const k = (v: number) => rpad(Math.round(r.jitter(v * x.f, 0.05)), 5);
    const c = (lo: number, hi: number) => rpad(fmt(r.float(lo, hi, 1), 1), 4);
    out.push(`${lpad(x.machine, 8)} ${rpad(mb, 4)} ${k(9800)} ${c(90, 99)} ${k(23400)} ${c(15, 30)} ${k(8700)} ${c(6, 14)} ${k(10200)} ${c(85, 99)} ${k(26700)} ${c(8, 16)} ${rpad(fmt(r.jitter(145 * x.f), 1), 5)} ${c(1, 3)}`);
  }
  return out.join('\n');
}

/** bonnie++ 1.03: the two tables and the CSV line it prints last. */
export function bonniePlusPlus(r: Rng, machine: string, f = 1, size = '1G'): string {
  const k = (v: number) => Math.round(r.jitter(v * f, 0.05));
  const cp = () => r.int(1, 99);
  const v = [k(24000), cp(), k(41000), cp(), k(17500), cp(), k(22800), cp(), k(44600), cp()];
  const seeks = fmt(r.jitter(180 * f), 1);
  const create = [k(2900), cp(), k(2800), cp()];
  const line1 = `${lpad(machine, 14)}${rpad(size, 5)} ${v.map((x, i) => rpad(x, i % 2 ? 3 : 5)).join(' ')} ${rpad(seeks, 5)}   ${r.int(0, 2)}`;
  const line2 = `                 16 ${rpad(create[0], 5)} ${rpad(create[1], 3)} +++++ +++ +++++ +++ ${rpad(create[2], 5)} ${rpad(create[3], 3)} +++++ +++ ${rpad(k(9400), 5)} ${rpad(cp(), 3)}`;
  return ['Version  1.03       ------Sequential Output------ --Sequential Input- --Random-',
    '                    -Per Chr- --Block-- -Rewrite- -Per Chr- --Block-- --Seeks--',
    'Machine        Size K/sec %CP K/sec %CP K/sec %CP K/sec %CP K/sec %CP  /sec %CP',
    line1,
    '                    ------Sequential Create------ --------Random Create--------',
    '                    -Create-- --Read--- -Delete-- -Create-- --Read--- -Delete--',
    '              files  /sec %CP  /sec %CP  /sec %CP  /sec %CP  /sec %CP  /sec %CP',
    line2,
    `${machine},${size},${v.join(',')},${seeks},0,16,${create[0]},${create[1]},+++++,+++,+++++,+++,${create[2]},${create[3]},+++++,+++,9400,97`,
  ].join('\n');
}

/** iozone in single-file mode (Kbytes/sec table) or throughput mode (-t). */
export function iozone(r: Rng, f = 1, throughput = false): string {
  const head = ['\tIozone: Performance Test of File I/O', '\t        Version $Revision: 3.196 $', '\t\tCompiled for 32 bit mode.', '\t\tBuild: linux ', ''];
  if (throughput) {
    const kids = r.pick([2, 4, 8]);
    // iozone's printf: "\tChildren see throughput for %2d initial writers \t= %10.2f KB/sec"
    const block = (what: string, v: number) => {
      const total = r.jitter(v * f);
      const per = total / kids;
      return [`\tChildren see throughput for ${rpad(kids, 2)} ${what} \t= ${rpad(fmt(total, 2), 10)} KB/sec`,
        `\tParent sees throughput for ${rpad(kids, 2)} ${what} \t= ${rpad(fmt(total * r.float(0.9, 0.99), 2), 10)} KB/sec`,
        `\tMin throughput per process \t\t\t= ${rpad(fmt(per * r.float(0.85, 0.97), 2), 10)} KB/sec `,
        `\tMax throughput per process \t\t\t= ${rpad(fmt(per * r.float(1.02, 1.12), 2), 10)} KB/sec`,
        `\tAvg throughput per process \t\t\t= ${rpad(fmt(per, 2), 10)} KB/sec`, ''].join('\n');
    };
    return [...head, `\tCommand line used: iozone -t ${kids} -s 256m -r 64k -i 0 -i 1`, '\tOutput is in Kbytes/sec',
      `\tThroughput test with ${kids} processes`, '\tEach process writes a 262144 Kbyte file in 64 Kbyte records', '',
      block('initial writers', 41000), block('rewriters', 38500), block('readers', 88000), block('re-readers', 91000), '', 'iozone test complete.'].join('\n');
  }
  const cols = [34500, 32100, 45600, 46700, 3100, 4200, 3500, 31200, 6100, 33000, 31800, 44900, 45200];
  const row = (kb: number) => `${rpad(kb, 16)}${rpad(64, 8)}${cols.map((c) => rpad(Math.round(r.jitter(c * f, 0.06)), 8)).join('')}`;
  return [...head, '\tAuto Mode', '\tCommand line used: iozone -a -n 128m -g 512m -r 64k', '\tOutput is in Kbytes/sec',
    '\tTime Resolution = 0.000001 seconds.', '\tProcessor cache size set to 1024 Kbytes.', '\tProcessor cache line size set to 32 bytes.',
    '\tFile stride size set to 17 * record size.',
    '                                                            random  random    bkwd  record  stride                                   ',
    '              KB  reclen   write rewrite    read    reread    read   write    read rewrite    read   fwrite frewrite   fread  freread',
    row(131072), row(262144), row(524288), '', 'iozone test complete.'].join('\n');
}

/** PostMark 1.5 report; rates are per second, data in (decimal-ish) megabytes. */
export function postmark(r: Rng, f = 1, files = 10000, transactions = 20000): string {
  const total = Math.round(r.jitter(180 / f, 0.06));
  const tx = Math.round(total * 0.82);
  const created = files + Math.round(transactions / 2 * 1.03);
  const alone = Math.max(1, Math.round(total * 0.1));
  const read = Math.round(transactions / 2 * 0.99);
  const mbr = r.jitter(560 * (transactions / 20000), 0.05), mbw = r.jitter(1230 * (transactions / 20000), 0.05);
  return ['PostMark v1.5 : 3/27/01', `pm>set number ${files}`, `pm>set transactions ${transactions}`, 'pm>run', 'Creating files...Done',
    'Performing transactions..........Done', 'Deleting files...Done', 'Time:', `\t${total} seconds total`, `\t${tx} seconds of transactions (${Math.round(transactions / tx)} per second)`, '',
    'Files:', `\t${created} created (${Math.round(created / total)} per second)`, `\t\tCreation alone: ${files} files (${Math.round(files / alone)} per second)`,
    `\t\tMixed with transactions: ${created - files} files (${Math.round((created - files) / tx)} per second)`,
    `\t${read} read (${Math.round(read / tx)} per second)`, `\t${transactions - read} appended (${Math.round((transactions - read) / tx)} per second)`,
    `\t${created} deleted (${Math.round(created / total)} per second)`, `\t\tDeletion alone: ${files + 190} files (${Math.round((files + 190) / Math.max(1, total - tx - alone))} per second)`,
    `\t\tMixed with transactions: ${created - files - 190} files (${Math.round((created - files - 190) / tx)} per second)`, '',
    'Data:', `\t${fmt(mbr, 2)} megabytes read (${fmt(mbr / total, 2)} megabytes per second)`,
    `\t${fmt(mbw, 2)} megabytes written (${fmt(mbw / total, 2)} megabytes per second)`].join('\n');
}

/** hdparm -tT, in the 2.4-era ("buffer-cache") or later ("cached") wording. */
export function hdparm(r: Rng, f = 1, dev = '/dev/hda', modern = false): string {
  const cacheMb = modern ? r.pick([7808, 8456, 11024]) : 128;
  const cacheRate = modern ? r.jitter(4000, 0.1) : r.jitter(140, 0.1);
  const diskMb = modern ? r.pick([330, 360, 420]) : 64;
  const diskRate = r.jitter((modern ? 110 : 21) * f, 0.06);
  const c = cacheMb / cacheRate, d = diskMb / diskRate;
  const eq = (v: number) => (v >= 100 ? `=${fmt(v, 2)}` : `= ${fmt(v, 2)}`);
  return ['', `${dev}:`,
    ` Timing ${modern ? 'cached reads:  ' : 'buffer-cache reads:'}  ${cacheMb} MB in ${rpad(fmt(c, 2), 5)} seconds ${eq(cacheRate)} MB/sec`,
    ` Timing buffered disk reads: ${rpad(diskMb, 3)} MB in ${rpad(fmt(d, 2), 5)} seconds ${eq(diskRate)} MB/sec`].join('\n');
}

function si(n: number): string {
  return n >= 1000 ? `${fmt(n / 1000, 1)}k` : String(Math.round(n));
}

/** fio 3.x job report and the group summary (binary MiB/s first, decimal MB/s in brackets). */
export function fio(r: Rng, f = 1, rw: 'randread' | 'randwrite' | 'read' = 'randread', bs = 4096, depth = 32): string {
  const iops = r.jitter((rw === 'read' ? 3000 : 58000) * f, 0.05);
  const bw = iops * bs;
  const mib = bw / 1048576, mb = bw / 1e6;
  const runMs = 60001;
  const ioMiB = mib * runMs / 1000;
  const ioText = ioMiB > 1024 ? `${fmt(ioMiB / 1024, 1)}GiB` : `${Math.round(ioMiB)}MiB`;
  const ioDec = ioMiB > 1024 ? `${fmt(ioMiB * 1.048576 / 1000, 1)}GB` : `${Math.round(ioMiB * 1.048576)}MB`;
  const dir = rw === 'randwrite' ? 'write' : 'read';
  const clat = 1e6 * depth / iops;
  return [`${rw}: (g=0): rw=${rw}, bs=(R) ${bs}B-${bs}B, (W) ${bs}B-${bs}B, (T) ${bs}B-${bs}B, ioengine=libaio, iodepth=${depth}`,
    'fio-3.1', 'Starting 1 process', '',
    `${rw}: (groupid=0, jobs=1): err= 0: pid=${r.int(2000, 30000)}: Tue Jun 12 10:${r.int(10, 59)}:${r.int(10, 59)} 2018`,
    `   ${dir}: IOPS=${si(iops)}, BW=${Math.round(mib)}MiB/s (${Math.round(mb)}MB/s)(${ioText}/${runMs}msec)`,
    `    slat (nsec): min=${r.int(900, 1500)}, max=${r.int(90000, 400000)}, avg=${fmt(r.float(1800, 3000), 2)}, stdev=${fmt(r.float(400, 900), 2)}`,
    `    clat (usec): min=${r.int(40, 90)}, max=${r.int(5000, 9000)}, avg=${fmt(clat, 2)}, stdev=${fmt(clat * 0.22, 2)}`,
    '    clat percentiles (usec):',
    `     |  1.00th=[${rpad(Math.round(clat * 0.63), 5)}],  5.00th=[${rpad(Math.round(clat * 0.72), 5)}], 10.00th=[${rpad(Math.round(clat * 0.76), 5)}], 20.00th=[${rpad(Math.round(clat * 0.83), 5)}],`,
    `     | 50.00th=[${rpad(Math.round(clat * 0.98), 5)}], 99.00th=[${rpad(Math.round(clat * 1.9), 5)}], 99.99th=[${rpad(Math.round(clat * 6), 5)}]`,
    `   bw (  KiB/s): min=${Math.round(bw / 1024 * 0.95)}, max=${Math.round(bw / 1024 * 1.03)}, per=100.00%, avg=${fmt(bw / 1024, 2)}, stdev=${fmt(bw / 1024 * 0.015, 2)}, samples=120`,
    `   iops        : min=${Math.round(iops * 0.95)}, max=${Math.round(iops * 1.03)}, avg=${fmt(iops, 2)}, stdev=${fmt(iops * 0.015, 2)}, samples=120`,
    `  cpu          : usr=${fmt(r.float(5, 15), 2)}%, sys=${fmt(r.float(20, 60), 2)}%, ctx=${r.int(10000, 900000)}, majf=0, minf=${r.int(20, 90)}`,
    `  IO depths    : 1=0.1%, 2=0.1%, 4=0.1%, 8=0.1%, 16=0.1%, 32=100.0%, >=64=0.0%`, '',
    'Run status group 0 (all jobs):',
    `   ${dir.toUpperCase()}: bw=${Math.round(mib)}MiB/s (${Math.round(mb)}MB/s), ${Math.round(mib)}MiB/s-${Math.round(mib)}MiB/s (${Math.round(mb)}MB/s-${Math.round(mb)}MB/s), io=${ioText} (${ioDec}), run=${runMs}-${runMs}msec`,
    '', 'Disk stats (read/write):',
    `  nvme0n1: ios=${Math.round(iops * 60)}/0, merge=0/0, ticks=${r.int(1000000, 2000000)}/0, in_queue=${r.int(1000000, 2000000)}, util=${fmt(r.float(98, 100), 2)}%`].join('\n');
}
