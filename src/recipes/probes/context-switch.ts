import { spawn } from 'node:child_process';
import { probeArgs, statement, fail } from './common';

// Context-switch latency like lmbench lat_pipe / perf bench sched pipe: two processes
// ping-pong one byte; each round trip is two switches plus the transport. Node's
// event loop adds its own overhead, so this is an upper bound. Bounded by --seconds.

const args = probeArgs(process.argv.slice(2));
const ECHO = `process.stdin.on('data',b=>process.stdout.write(b))`;

const child = spawn(process.execPath, ['-e', ECHO], { stdio: ['pipe', 'pipe', 'inherit'] });
const guard = setTimeout(() => { child.kill('SIGKILL'); fail('the echo process did not answer in time'); }, (args.seconds + 10) * 1000);
const one = Buffer.from('x');
let trips = 0;
let start = 0;
let warm = 200; // let both processes settle before timing
const stopAt = (): number => start + args.seconds * 1000;
child.stdout.on('data', (b: Buffer) => {
  for (let i = 0; i < b.length; i++) {
    if (warm > 0) { if (--warm === 0) start = performance.now(); child.stdin.write(one); continue; }
    trips++;
    if (performance.now() >= stopAt() || trips >= 10_000_000) return finish();
    child.stdin.write(one);
  }
});
function finish(): void {
  const us = ((performance.now() - start) * 1000) / trips;
  clearTimeout(guard);
  child.kill();
  process.stdout.write(statement('context-switch', 'lmbench lat_pipe / perf bench sched pipe (round trip between two processes)'));
  process.stdout.write(`Pipe latency: ${us.toFixed(4)} microseconds\n`);
}
child.stdin.write(one);
