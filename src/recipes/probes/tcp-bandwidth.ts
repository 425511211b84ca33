import net from 'node:net';
import { fork } from 'node:child_process';
import { probeArgs, statement, mb, fail } from './common';

// Loopback TCP bandwidth like lmbench bw_tcp: one writer (this process), one reader
// (a child process) over 127.0.0.1, 64 KB writes by default. Bounded by --seconds and --bytes.
// Prints lmbench 2's line: "Socket bandwidth using localhost: N MB/sec" (MB = 10^6 bytes).

const args = probeArgs(process.argv.slice(2));

function reader(): void {
  let bytes = 0;
  let first = 0;
  const server = net.createServer((sock) => {
    sock.on('data', (b: Buffer) => { if (!first) first = performance.now(); bytes += b.length; });
    sock.on('end', () => {
      const secs = (performance.now() - first) / 1000;
      process.send!({ bytes, secs }, () => process.exit(0));
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as net.AddressInfo).port }));
}

function writer(): void {
  const child = fork(__filename, ['--role', 'reader'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const guard = setTimeout(() => { child.kill('SIGKILL'); fail('the reader did not answer in time'); }, (args.seconds + 10) * 1000);
  child.on('message', (m: { port?: number; bytes?: number; secs?: number }) => {
    if (m.port) return send(m.port);
    clearTimeout(guard);
    process.stdout.write(statement('tcp-bandwidth', 'lmbench bw_tcp (one writer, one reader, loopback)'));
    process.stdout.write(`Socket bandwidth using localhost: ${mb(m.bytes!, m.secs!)} MB/sec\n`);
  });
  function send(port: number): void {
    const chunk = Buffer.alloc(args.write, 0x61);
    const sock = net.connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    const stopAt = performance.now() + args.seconds * 1000;
    let sent = 0;
    const pump = (): void => {
      while (performance.now() < stopAt && sent < args.bytes) {
        sent += chunk.length;
        if (!sock.write(chunk)) return void sock.once('drain', pump);
      }
      sock.end();
    };
    sock.on('connect', pump);
    sock.on('error', (e) => fail(`loopback connection failed: ${e.message}`));
  }
}

if (args.role === 'reader') reader(); else writer();
