import { spawn } from 'node:child_process';
import { probeArgs, statement, mb, fail } from './common';

// Pipe bandwidth like lmbench bw_pipe: this process writes 64 KB chunks, a child reads
// and counts them. Node gives a child's stdin as a UNIX socketpair, not pipe(2): the
// statement line says it is an approximation. Bounded by --seconds and --bytes.

const args = probeArgs(process.argv.slice(2));
const READER = `let n=0,t=0;process.stdin.on('data',b=>{if(!t)t=performance.now();n+=b.length});` +
  `process.stdin.on('end',()=>process.stdout.write(JSON.stringify({bytes:n,secs:(performance.now()-t)/1000})))`;

const child = spawn(process.execPath, ['-e', READER], { stdio: ['pipe', 'pipe', 'inherit'] });
const guard = setTimeout(() => { child.kill('SIGKILL'); fail('the reader did not finish in time'); }, (args.seconds + 10) * 1000);
let answer = '';
child.stdout.on('data', (b: Buffer) => { answer += b.toString(); });
child.on('close', () => {
  clearTimeout(guard);
  const r = JSON.parse(answer) as { bytes: number; secs: number };
  process.stdout.write(statement('pipe-bandwidth', 'lmbench bw_pipe (Node child stdio is a socketpair)'));
  process.stdout.write(`Pipe bandwidth: ${mb(r.bytes, r.secs)} MB/sec\n`);
});
const chunk = Buffer.alloc(args.write, 0x62);
const stopAt = performance.now() + args.seconds * 1000;
let sent = 0;
const pump = (): void => {
  while (performance.now() < stopAt && sent < args.bytes) {
    sent += chunk.length;
    if (!child.stdin.write(chunk)) return void child.stdin.once('drain', pump);
  }
  child.stdin.end();
};
pump();
