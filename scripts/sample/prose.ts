// Sentences people write around their numbers: claims a reader wants found
// ("2x faster", "a 20% regression", "141.63 vs 74.79 MB/sec"), noise that must
// NOT become a figure (versions, addresses, dates, part numbers), plain
// remarks, signatures and the list footers vger appended.
import { Rng, fmt } from './prng';

/** Wrap prose at `width` columns, keeping words whole. */
export function wrap(text: string, width = 72): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}

export const KERNELS_24 = ['2.4.4', '2.4.4-ac5', '2.4.10', '2.4.18', '2.4.19-pre7', '2.4.20-rc1', '2.4.21-15.0.3.EL', '2.4.22'];
export const KERNELS_25 = ['2.5.44-mm6', '2.5.46', '2.5.59', '2.5.60', '2.5.68-mm2', '2.6.0-test5', '2.6.0-test9', '2.6.3-rc3-mm1'];
export const KERNELS_26 = ['2.6.8-rc4', '2.6.8-rc4-bk1', '2.6.9', '2.6.11-rc2-mm1', '2.6.16', '2.6.23-rc8', '2.6.24', '2.6.32-rc5'];
export const KERNELS_NEW = ['3.10', '3.18-rc3', '4.4.0', '4.9-rc2', '4.14.12', '4.17-rc1', '5.0-rc4'];

/** What a thread is about, so remarks and claims stay on topic. */
export type Domain = 'general' | 'net' | 'disk' | 'cpu';
type Say = (r: Rng, a: string, b: string) => string;

/** Claims: each is a sentence with a comparison or a figure in prose. */
const CLAIMS: Record<Domain, Say[]> = {
  general: [
    (r, a, b) => `That makes ${a} about ${r.pick([2, 3])}x faster than ${b} on this box.`,
    (r) => `With the patch applied it is over ${r.pick([10, 12, 20])} times faster on the pathological case.`,
    (r, a, b) => `This is a ${r.int(12, 35)}% regression against ${b}, and it bisects to somewhere between ${b} and ${a}.`,
    (r, a) => `${a} is ${r.int(2, 4)}-${r.int(5, 8)}% slower here, which is within noise on this machine but it is consistent.`,
    (r) => `Twice as fast as before on the 4-way, and about ${r.int(30, 60)}% better on the UP box.`,
    (r) => `The box is a ${r.pick(['dual 1.4GHz Athlon MP', '933MHz PIII', '2.4GHz Xeon', 'quad 700MHz PIII Xeon'])} with ${r.pick(['512MB', '1GB', '2GB', '256MB'])} of RAM.`,
    (r, a, b) => `${a} comes out ${r.int(5, 15)}% ahead of ${b} once the first run is thrown away.`,
    (r, a) => `Backing out that one change from ${a} gets back ${r.int(60, 95)}% of the loss.`,
    (r) => `The spread between runs is about ${r.int(2, 6)}%, so the difference is real.`,
    (r, a, b) => `${b} was ${r.pick(['2x', '3x', 'twice as'])} slower on the first run only; after that they are within ${r.int(1, 3)}%.`,
  ],
  net: [
    (r) => { const x = r.float(120, 150), y = r.float(60, 90); return `${fmt(x, 2)} vs ${fmt(y, 2)} MB/sec, so the loopback path is nearly twice the wire.`; },
    (r, a, b) => `Compared to ${b}, ${a} needs ${r.int(10, 40)}% less CPU for the same ${r.pick(['940 Mbit/s', '112 MB/s', '85 MB/sec'])}.`,
    (r) => `It improves throughput by ${r.int(15, 45)}% for me, and latency went from ${r.int(30, 60)} usec to ${r.int(12, 25)} usec.`,
    (r) => `Receive side CPU goes from ${r.int(60, 90)}% to ${r.int(20, 45)}% at the same 941 Mbits/sec.`,
    (r) => `Small packets top out at ${r.int(300, 700)}k packets/s, about half of what the card can do.`,
    (r) => `Round trip latency is ${r.int(25, 60)} usec with interrupt mitigation off and ${r.int(90, 200)} usec with it on.`,
  ],
  disk: [
    (r, a, b) => `${a} is roughly a factor of ${r.pick([2, 3, 4])} better than ${b} for small files.`,
    (r) => `Throughput dropped by ${r.int(8, 25)}% while system time went up ${r.int(5, 30)}%.`,
    (r, a) => `${a} loses about ${r.int(10, 30)}% on the random read test, everything else is a wash.`,
    (r) => `Disk is a ${r.pick(['7200 rpm IDE drive with 2MB cache', '10k rpm SCSI disk', 'pair of 36GB U160 disks in RAID0'])}, streaming reads top out at ${r.int(38, 70)} MB/s.`,
    (r) => `That's a ${fmt(r.float(1.2, 1.9), 2)}x speedup for the 32-client case and no change for 1 client.`,
    (r) => `Write throughput halves as soon as the dirty data passes ${r.pick([40, 50, 60])}% of RAM.`,
    (r) => `Seek-heavy loads get ${r.int(15, 40)}% better, streaming loads do not move.`,
  ],
  cpu: [
    (r) => `Context switch cost roughly halves, from ${fmt(r.float(3, 6), 2)} to ${fmt(r.float(1.2, 2.9), 2)} usecs.`,
    (r, a) => `A full build takes ${r.int(20, 90)} seconds less on ${a}, about ${r.int(5, 15)}% faster.`,
    (r) => `System time is up ${r.int(10, 40)}% while user time does not move.`,
    (r) => `The scheduler overhead is ${fmt(r.float(1, 4), 1)}% of total time on the 8-way, up from ${fmt(r.float(0.2, 0.9), 1)}%.`,
    (r) => `With ${r.pick([200, 500, 1000])} tasks the run is ${r.int(2, 4)} times slower, with few tasks there is no difference.`,
  ],
};

/** Noise: numbers that are not benchmark figures. */
const NOISE: Record<Domain, Say[]> = {
  general: [
    (r, a, b) => `This is ${a} built with gcc ${r.pick(['2.95.3', '3.3.3', '3.3', '4.1.2'])}, compared against ${b}.`,
    (r) => { const size = r.int(0x400, 0xfff); return `Oops at EIP 0xc0${r.hex(6)} in ${r.pick(['tcp_sendmsg', 'do_generic_file_read', 'schedule'])}+0x${r.int(0x20, size).toString(16)}/0x${size.toString(16)}, trace available if anyone cares.`; },
    (r) => `The run started at ${r.int(10, 23)}:${String(r.int(10, 59))} on the ${r.pick(['3rd', '10th', '21st'])} and nothing else was running.`,
    (r) => `See line ${r.int(100, 2400)} of ${r.pick(['mm/filemap.c', 'net/ipv4/tcp.c', 'fs/buffer.c', 'kernel/sched.c'])}; that's where the time goes.`,
    () => 'Config is CONFIG_HZ=1000, CONFIG_PREEMPT=y, CONFIG_SMP=y, i386 and x86_64 both tested.',
    (r) => `Binaries from Debian ${r.pick(['3.0', '3.1', 'sarge'])}, glibc ${r.pick(['2.2.5', '2.3.2'])}, kernel built from a clean tree each time.`,
    (_r, _a, b) => `The patch is against ${b}; I applied it with patch -p1 and fixed one reject by hand.`,
  ],
  net: [
    (r) => `Server is 192.168.${r.int(0, 9)}.${r.int(2, 250)}, client is 192.168.${r.int(0, 9)}.${r.int(2, 250)}, same switch.`,
    (r) => `NIC is a ${r.pick(['3c905B', '3c905C-TX', 'eepro100 (i82557)', 'RTL8139'])}, the other end has an ${r.pick(['e1000 (82540EM)', 'tg3 (BCM5704)', 'acenic'])}.`,
    (r) => `Both ends run with net.core.rmem_max=${r.pick([262144, 524288])} and txqueuelen ${r.pick([100, 1000])}.`,
  ],
  disk: [
    (r) => `Runs were dbench ${r.pick([16, 32, 64])} on ${r.pick([2, 4, 8])} CPUs, mem=${r.pick([256, 512])}M on the command line.`,
    (r) => `I used bonnie++ -s ${r.pick([1024, 2048])} -n 16, elevator=${r.pick(['deadline', 'as', 'cfq'])}, readahead set with blockdev --setra ${r.pick([256, 1024])}.`,
  ],
  cpu: [
    (r) => `Runs were make -j${r.pick([4, 8, 15, 32])} on ${r.pick([2, 4, 8])} CPUs with the tree on tmpfs.`,
    (r) => `Booted with maxcpus=${r.pick([1, 2, 4])} and idle=poll, on the i386 build.`,
  ],
};

const REMARKS: Record<Domain, string[]> = {
  general: [
    'Did you run each test more than once? What is the variance between runs?',
    'I can reproduce this here.',
    'Interesting. Any idea where the time goes? A profile would help.',
    'Please cc me on any follow-ups, I am not subscribed.',
    'Thanks for doing these runs, they are very useful.',
    'Hmm, that does not match what I see at all.',
    'The variance on that test is huge, I would not read much into a single run.',
    'OK, I will look into it tomorrow.',
    'Yes, that is expected; the follow-up patch should fix it.',
    'Good catch.',
    'Can you post your .config somewhere?',
    'I would like to see this on a machine with more memory before drawing conclusions.',
    'That is a big difference for such a small change.',
    'Is this with or without the earlier fix applied?',
    'Numbers from a second machine would help.',
    'I have seen the same on our test boxes, but never found the cause.',
    'Please send the full output, not just the summary.',
  ],
  net: [
    'Is NAPI enabled on both ends?',
    'What MTU? With jumbo frames the picture changes completely.',
    'Did you bind the NIC interrupt to one CPU?',
    'Check ethtool -S on the receiver for drops.',
    'Is this with TSO on?',
    'Did you try with the other end running the same kernel?',
  ],
  disk: [
    'Can you try with elevator=deadline to see if the scheduler is the problem?',
    'I suspect the readahead change. Could you back it out and rerun?',
    'Which filesystem was this on, and was it freshly made?',
    'I think you are measuring the page cache here, not the disk.',
    'Is write caching on for that drive?',
    'Try with a file at least twice the size of RAM.',
  ],
  cpu: [
    'Was the tree in page cache for every run?',
    'Which HZ were these kernels built with?',
    'Could you get a readprofile for the slow case?',
    'Try with nosmp to see if it is a balancing issue.',
    'Was the machine otherwise idle?',
    'That looks like lock contention to me; lockmeter would tell.',
  ],
};

/** A line that starts with "From ", so mboxrd escaping has something to do. */
const FROM_LINES = [
  'From the numbers above it looks like the regression is in the write path only.',
  'From what I can tell the NIC is not the bottleneck here.',
  'From a quick look at the profile, most of the time is in copy_user_generic.',
];

const pool = <T>(table: Record<Domain, T[]>, d: Domain): T[] => (d === 'general' ? table.general : [...table.general, ...table[d], ...table[d]]);

export function claim(r: Rng, a: string, b: string, d: Domain = 'general'): string {
  return r.pick(pool(CLAIMS, d))(r, a, b);
}

export function noise(r: Rng, a: string, b: string, d: Domain = 'general'): string {
  return r.pick(pool(NOISE, d))(r, a, b);
}

export function remark(r: Rng, d: Domain = 'general'): string {
  return r.pick(pool(REMARKS, d));
}

const RERUN_INTROS = [
  'Here is what I get on a dual Athlon MP 2000+ with the same settings:',
  'Same test on my box (UP P4 2.4GHz, 512MB):',
  'For comparison, numbers from our 4-way Xeon:',
  'I cannot reproduce that here. My run:',
  'Rerun on a second machine, identical config:',
];

/** The sentence before a pasted rerun of the thread's benchmark. */
export function rerunIntro(r: Rng): string {
  return r.pick(RERUN_INTROS);
}

export function fromLine(r: Rng): string {
  return r.pick(FROM_LINES);
}

/** A paragraph of own text: a remark, a claim and perhaps some noise, wrapped. */
export function paragraph(r: Rng, a: string, b: string, d: Domain = 'general'): string {
  const parts = [remark(r, d)];
  if (r.chance(0.75)) parts.push(claim(r, a, b, d));
  if (r.chance(0.45)) parts.push(noise(r, a, b, d));
  return wrap(r.sample(parts, parts.length).join(' '));
}

export const LIST_FOOTERS: Record<'lkml' | 'netdev', string> = {
  lkml: ['-', 'To unsubscribe from this list: send the line "unsubscribe linux-kernel" in',
    'the body of a message to majordomo@vger.kernel.org',
    'More majordomo info at  http://vger.kernel.org/majordomo-info.html',
    'Please read the FAQ at  http://www.tux.org/lkml/'].join('\n'),
  netdev: ['-', 'To unsubscribe from this list: send the line "unsubscribe netdev" in',
    'the body of a message to majordomo@vger.kernel.org',
    'More majordomo info at  http://vger.kernel.org/majordomo-info.html'].join('\n'),
};
