import { probeArgs, statement } from './common';

// Memory copy bandwidth like mbw MEMCPY / lmbench bw_mem bcopy: copies a --mib block
// (default 64 MiB) with Buffer.copy (memmove underneath), best pass within --seconds.
// Prints mbw's line shape; MiB = 2^20 bytes.

const args = probeArgs(process.argv.slice(2));
const size = args.mib * 1048576;
const src = Buffer.alloc(size, 0x63);
const dst = Buffer.alloc(size);
const stopAt = performance.now() + args.seconds * 1000;
let best = Infinity;
let passes = 0;
do {
  const t = performance.now();
  src.copy(dst);
  best = Math.min(best, (performance.now() - t) / 1000);
  passes++;
} while (performance.now() < stopAt && passes < 1000);
process.stdout.write(statement('memory-copy', 'mbw MEMCPY / lmbench bw_mem bcopy (best pass)'));
process.stdout.write(`AVG\tMethod: MEMCPY\tElapsed: ${best.toFixed(5)}\tMiB: ${args.mib.toFixed(5)}\tCopy: ${(args.mib / best).toFixed(3)} MiB/s\n`);
