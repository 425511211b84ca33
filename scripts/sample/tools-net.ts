// Network and IPC benchmark outputs in the shapes the tools print:
// lmbench, netperf, ttcp, iperf, iperf3, NetPIPE, ab, VolanoMark.
// `f` is a performance factor (1 = baseline, 0.8 = 20% slower) so a thread can
// show two kernels side by side with believable differences.
import { Rng, fmt, lpad, rpad } from './prng';

/** lmbench prints three significant digits: "470.", "38.9", "4.53". */
function sig3(x: number): string {
  if (x >= 1000) return String(Math.round(x));
  if (x >= 100) return `${Math.round(x)}.`;
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function lmbenchBwTcp(r: Rng, f = 1, host = 'localhost'): string {
  const local = r.jitter(140 * f, 0.1);
  return `Socket bandwidth using ${host}: ${fmt(local, 2)} MB/sec`;
}

export function lmbenchLatSyscall(r: Rng, f = 1): string {
  const base = 0.23 / f;
  return [
    `Simple syscall: ${fmt(r.jitter(base), 4)} microseconds`,
    `Simple read: ${fmt(r.jitter(base * 2.1), 4)} microseconds`,
    `Simple write: ${fmt(r.jitter(base * 1.8), 4)} microseconds`,
    `Simple stat: ${fmt(r.jitter(base * 9.5), 4)} microseconds`,
    `Simple fstat: ${fmt(r.jitter(base * 2.4), 4)} microseconds`,
    `Simple open/close: ${fmt(r.jitter(base * 14), 4)} microseconds`,
  ].join('\n');
}

export function lmbenchLatProc(r: Rng, f = 1): string {
  return [
    `Process fork+exit: ${fmt(r.jitter(160 / f), 4)} microseconds`,
    `Process fork+execve: ${fmt(r.jitter(1010 / f), 4)} microseconds`,
    `Process fork+/bin/sh -c: ${fmt(r.jitter(5100 / f), 4)} microseconds`,
  ].join('\n');
}

/** lat_ctx prints a header with the working-set size, then "nprocs usecs" pairs. */
export function lmbenchLatCtx(r: Rng, f = 1, sizeK = 0): string {
  const lines = [`"size=${sizeK}k ovr=${fmt(r.float(0.9, 2.5), 2)}`];
  for (const n of [2, 4, 8, 16, 24, 32, 64]) lines.push(`${n} ${fmt(r.jitter((1 + n * 0.04 + sizeK * 0.08) / f), 2)}`);
  return lines.join('\n');
}

/** bw_mem prints "size_in_MB MB/sec" per run; people paste several runs. */
export function lmbenchBwMem(r: Rng, f = 1): string {
  const ops: Array<[string, number]> = [['rd', 1300], ['wr', 600], ['rdwr', 520], ['cp', 410], ['bzero', 1200], ['bcopy', 420]];
  return ops.map(([op, bw]) => `$ bw_mem 8m ${op}\n8.00 ${fmt(r.jitter(bw * f), 2)}`).join('\n');
}

/** The "make see" summary tables of lmbench 2. */
export function lmbenchSummary(r: Rng, rows: Array<{ host: string; os: string; f: number }>): string {
  const out = [
    '                 L M B E N C H  2 . 0   S U M M A R Y',
    '                 ------------------------------------',
    '',
    'Processor, Processes - times in microseconds - smaller is better',
    '----------------------------------------------------------------',
    'Host                 OS  Mhz null null      open selct sig  sig  fork exec sh  ',
    '                             call  I/O stat clos TCP   inst hndl proc proc proc',
    '--------- ------------- ---- ---- ---- ---- ---- ----- ---- ---- ---- ---- ----',
  ];
  for (const x of rows) {
    const c = (v: number) => rpad(sig3(r.jitter(v / x.f, 0.03)), 4);
    out.push(`${lpad(x.host, 9)} ${lpad(x.os, 13)} ${rpad(r.pick([500, 700, 933]), 4)} ${c(0.42)} ${c(0.71)} ${c(3.2)} ${c(4.5)} ${rpad(sig3(r.jitter(26 / x.f)), 5)} ${c(1.29)} ${c(3.42)} ${c(164)} ${c(1012)} ${c(5121)}`);
  }
  out.push('', 'Context switching - times in microseconds - smaller is better', '-------------------------------------------------------------',
    'Host                 OS 2p/0K 2p/16K 2p/64K 8p/16K 8p/64K 16p/16K 16p/64K',
    '                        ctxsw  ctxsw  ctxsw ctxsw  ctxsw   ctxsw   ctxsw',
    '--------- ------------- ----- ------ ------ ------ ------ ------- -------');
  for (const x of rows) {
    const c = (v: number, w: number) => rpad(fmt(r.jitter(v / x.f, 0.04), v < 10 ? 3 : 1), w);
    out.push(`${lpad(x.host, 9)} ${lpad(x.os, 13)} ${c(1.07, 5)} ${c(4.55, 6)} ${c(15.7, 6)} ${c(5.19, 6)} ${c(40.2, 6)} ${c(6.45, 7)} ${c(41.3, 7)}`);
  }
  out.push('', '*Local* Communication bandwidths in MB/s - bigger is better', '-----------------------------------------------------------',
    'Host                OS  Pipe AF    TCP  File   Mmap  Bcopy  Bcopy  Mem   Mem',
    '                             UNIX      reread reread (libc) (hand) read write',
    '--------- ------------- ---- ---- ---- ------ ------ ------ ------ ---- -----');
  for (const x of rows) {
    const c = (v: number, w: number) => rpad(sig3(r.jitter(v * x.f, 0.04)), w);
    out.push(`${lpad(x.host, 9)} ${lpad(x.os, 13)} ${c(470, 4)} ${c(381, 4)} ${c(141, 4)} ${c(292, 6)} ${c(359, 6)} ${c(154, 6)} ${c(152, 6)} ${c(359, 4)} ${c(183, 5)}`);
  }
  return out.join('\n');
}

export function netperfTcpStream(r: Rng, f = 1, target = '192.168.1.2', withCpu = false): string {
  const tput = Math.min(r.jitter(900 * f, 0.06), 949);
  if (!withCpu) {
    return [
      `TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to ${target} (${target}) port 0 AF_INET`,
      'Recv   Send    Send                          ',
      'Socket Socket  Message  Elapsed              ',
      'Size   Size    Size     Time     Throughput  ',
      'bytes  bytes   bytes    secs.    10^6bits/sec  ',
      '',
      ` 87380  16384  16384    10.00    ${rpad(fmt(tput, 2), 7)}   `,
    ].join('\n');
  }
  const sl = r.float(12, 35, 2), rl = r.float(20, 45, 2);
  return [
    `TCP STREAM TEST to ${target}`,
    'Recv   Send    Send                          Utilization       Service Demand',
    'Socket Socket  Message  Elapsed              Send     Recv     Send    Recv',
    'Size   Size    Size     Time     Throughput  local    remote   local   remote',
    'bytes  bytes   bytes    secs.    10^6bits/s  % S      % S      us/KB   us/KB',
    '',
    ` 87380  65536  65536    10.00    ${rpad(fmt(tput, 2), 8)}   ${fmt(sl, 2)}    ${fmt(rl, 2)}    ${fmt(sl * 0.17, 3)}   ${fmt(rl * 0.17, 3)} `,
  ].join('\n');
}

export function netperfTcpRr(r: Rng, f = 1, target = '192.168.1.2'): string {
  return [
    `TCP REQUEST/RESPONSE TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to ${target} (${target}) port 0 AF_INET`,
    'Local /Remote',
    'Socket Size   Request  Resp.   Elapsed  Trans.',
    'Send   Recv   Size     Size    Time     Rate         ',
    'bytes  Bytes  bytes    bytes   secs.    per sec   ',
    '',
    `16384  87380  1        1       10.00    ${fmt(r.jitter(14500 * f), 2)}   `,
    '16384  87380 ',
  ].join('\n');
}

/** ttcp: KB/sec is bytes / 1024 / real seconds, and the numbers agree with each other. */
export function ttcp(r: Rng, f = 1, peer = '10.0.0.2', side: 't' | 'r' = 't'): string {
  const nbuf = r.pick([2048, 4096, 16384]);
  const bytes = 8192 * nbuf;
  const kbs = r.jitter(11000 * f, 0.08);
  const real = bytes / 1024 / kbs;
  const s = `ttcp-${side}`;
  return [
    `${s}: buflen=8192, nbuf=${nbuf}, align=16384/0, port=5001  tcp${side === 't' ? `  -> ${peer}` : ''}`,
    `${s}: socket`,
    side === 't' ? `${s}: connect` : `${s}: accept from ${peer}`,
    `${s}: ${bytes} bytes in ${fmt(real, 2)} real seconds = ${fmt(kbs, 2)} KB/sec +++`,
    `${s}: ${nbuf} I/O calls, msec/call = ${fmt(real * 1000 / nbuf, 2)}, calls/sec = ${fmt(nbuf / real, 2)}`,
    `${s}: 0.0user ${fmt(real * r.float(0.1, 0.4), 1)}sys 0:${String(Math.round(real)).padStart(2, '0')}real ${r.int(8, 40)}% 0i+0d 0maxrss 0+2pf 0+0csw`,
  ].join('\n');
}

/** iperf 2 client; Transfer is in binary MBytes/GBytes, Bandwidth in decimal Mbits/sec. */
export function iperf2(r: Rng, f = 1, server = '10.0.0.2', intervals = false): string {
  const mbit = Math.min(r.jitter(930 * f, 0.05), 941);
  const lines = [
    '------------------------------------------------------------',
    `Client connecting to ${server}, TCP port 5001`,
    `TCP window size: ${r.pick(['16.0 KByte (default)', '85.3 KByte (default)', '256 KByte (WARNING: requested  128 KByte)'])}`,
    '------------------------------------------------------------',
    `[  3] local 10.0.0.1 port ${r.int(32768, 60999)} connected with ${server} port 5001`,
    '[ ID] Interval       Transfer     Bandwidth',
  ];
  if (intervals) {
    for (let i = 0; i < 5; i++) {
      const m = r.jitter(mbit, 0.03);
      lines.push(`[  3] ${fmt(i * 2, 1).padStart(4)}-${fmt(i * 2 + 2, 1).padStart(4)} sec   ${Math.round(m * 2e6 / 8 / 1048576)} MBytes   ${Math.round(m)} Mbits/sec`);
    }
  }
  lines.push(`[  3]  0.0-10.0 sec  ${fmt(mbit * 10e6 / 8 / 1073741824, 2)} GBytes   ${Math.round(mbit)} Mbits/sec`);
  return lines.join('\n');
}

export function iperf3(r: Rng, f = 1, server = '10.0.0.2'): string {
  const gbit = r.jitter(9.2 * f, 0.04);
  const lines = [`Connecting to host ${server}, port 5201`,
    `[  5] local 10.0.0.1 port ${r.int(40000, 60000)} connected to ${server} port 5201`,
    '[ ID] Interval           Transfer     Bitrate         Retr  Cwnd'];
  for (let i = 0; i < 4; i++) {
    const g = r.jitter(gbit, 0.02);
    lines.push(`[  5]   ${fmt(i, 2)}-${fmt(i + 1, 2)}   sec  ${fmt(g * 1e9 / 8 / 1073741824, 2)} GBytes  ${fmt(g, 2)} Gbits/sec  ${rpad(r.int(0, 40), 3)}   ${r.int(900, 3200)} KBytes       `);
  }
  const total = gbit * 10 * 1e9 / 8 / 1073741824;
  lines.push('- - - - - - - - - - - - - - - - - - - - - - - - -',
    '[ ID] Interval           Transfer     Bitrate         Retr',
    `[  5]   0.00-10.00  sec  ${fmt(total, 1)} GBytes  ${fmt(gbit, 2)} Gbits/sec  ${r.int(0, 400)}             sender`,
    `[  5]   0.00-10.04  sec  ${fmt(total, 1)} GBytes  ${fmt(gbit * 0.996, 2)} Gbits/sec                  receiver`,
    '', 'iperf Done.');
  return lines.join('\n');
}

/** NetPIPE 3 NPtcp: Mbps uses 2^20 bits, latency is half the round trip. */
export function netpipe(r: Rng, f = 1): string {
  const lines = ['Send and receive buffers are 16384 and 87380 bytes', '(A bug in Linux doubles the requested buffer sizes)', 'Now starting the main loop'];
  const lat = r.jitter(38 / f, 0.05);
  const peak = 90 * f; // Mbps on a 100 Mbit card
  let i = 0;
  for (const base of [1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]) {
    for (const size of base >= 16 ? [base - 3, base, base + 3] : [base]) {
      const usec = lat + (size * 8) / (peak * 1.048576);
      const mbps = (size * 8) / usec / 1.048576;
      const times = Math.max(3, Math.round(250000 / usec / 2));
      lines.push(`${rpad(i, 3)}: ${rpad(size, 7)} bytes ${rpad(times, 6)} times --> ${rpad(fmt(mbps, 2), 9)} Mbps in ${rpad(fmt(usec, 2), 10)} usec`);
      i++;
    }
  }
  return lines.join('\n');
}

/** ApacheBench 2.0; Transfer rate is in 1024-byte Kbytes. */
export function ab(r: Rng, f = 1, server = 'Apache/2.0.50', n = 10000, c = 100): string {
  const len = r.pick([1456, 4096, 10240, 51200]);
  const rps = r.jitter(1800 * f, 0.08);
  const secs = n / rps;
  const total = n * (len + 280);
  const ms = (x: number) => fmt(x, 3);
  const tpr = 1000 * c / rps;
  const conn = (lo: number, mean: number, sd: number, med: number, hi: number) => `${rpad(lo, 5)} ${rpad(mean, 4)} ${rpad(fmt(sd, 1), 5)} ${rpad(med, 6)} ${rpad(hi, 7)}`;
  return [
    `Server Software:        ${server}`, 'Server Hostname:        192.168.0.10', 'Server Port:            80', '',
    'Document Path:          /index.html', `Document Length:        ${len} bytes`, '',
    `Concurrency Level:      ${c}`, `Time taken for tests:   ${fmt(secs, 6)} seconds`, `Complete requests:      ${n}`,
    'Failed requests:        0', 'Write errors:           0',
    `Total transferred:      ${total} bytes`, `HTML transferred:       ${n * len} bytes`,
    `Requests per second:    ${fmt(rps, 2)} [#/sec] (mean)`, `Time per request:       ${ms(tpr)} [ms] (mean)`,
    `Time per request:       ${ms(tpr / c)} [ms] (mean, across all concurrent requests)`,
    `Transfer rate:          ${fmt(total / 1024 / secs, 2)} [Kbytes/sec] received`, '',
    'Connection Times (ms)', '              min  mean[+/-sd] median   max',
    `Connect:      ${conn(0, r.int(1, 9), r.float(1, 30, 1), r.int(0, 5), r.int(30, 3000))}`,
    `Processing:   ${conn(r.int(1, 9), Math.round(tpr * 0.9), r.float(5, 40, 1), Math.round(tpr * 0.85), r.int(200, 900))}`,
    `Waiting:      ${conn(r.int(0, 5), Math.round(tpr * 0.7), r.float(5, 40, 1), Math.round(tpr * 0.65), r.int(200, 900))}`,
    `Total:        ${conn(r.int(1, 9), Math.round(tpr), r.float(5, 40, 1), Math.round(tpr * 0.95), r.int(900, 3100))}`,
    '', 'Percentage of the requests served within a certain time (ms)',
    ...[50, 66, 75, 80, 90, 95, 98, 99].map((p, k) => `  ${p}%   ${rpad(Math.round(tpr * (0.95 + k * 0.08)), 4)}`),
    ` 100%   ${rpad(r.int(1000, 3100), 4)} (longest request)`,
  ].join('\n');
}

export function volanomark(r: Rng, f = 1): string {
  const sent = 20000;
  const tput = r.jitter(7700 * f, 0.06);
  const total = sent * 20;
  return [
    'VolanoMark version = 2.1.2', `Messages sent      = ${sent}`, `Messages received  = ${total - sent}`,
    `Total messages     = ${total}`, `Elapsed time       = ${fmt(total / tput, 3)} seconds`,
    `Average throughput = ${Math.round(tput)} messages per second`,
  ].join('\n');
}
