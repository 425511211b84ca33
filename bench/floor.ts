// Floors for import: the least any mbox importer must do, run as its own process
// (node start included, like `benchmail import`):
//   node dist/bench/floor.js read  FILE   read the file, 1 MiB at a time
//   node dist/bench/floor.js split FILE   ... and cut it into messages at "\nFrom " lines
//   node dist/bench/floor.js hash  FILE   ... and SHA-256 each message
// Prints {"messages":N,"bytes":N} so the harness can check the floor saw every message.
import fs from 'node:fs';
import crypto from 'node:crypto';

const SEP = Buffer.from('\nFrom ');
const CHUNK = 1 << 20;

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if (!['read', 'split', 'hash'].includes(mode) || !file) {
    process.stderr.write('usage: floor.js read|split|hash FILE.mbox\n');
    process.exit(2);
  }
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let bytes = 0;
  let messages = 0;
  let carry: Buffer = Buffer.alloc(0); // the message begun but not yet ended
  const onMessage = (m: Buffer) => {
    messages++;
    if (mode === 'hash') crypto.createHash('sha256').update(m).digest();
  };
  for (;;) {
    const n = fs.readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) break;
    bytes += n;
    if (mode === 'read') continue;
    const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : Buffer.from(buf.subarray(0, n));
    let start = 0;
    for (let i = data.indexOf(SEP, 1); i >= 0; i = data.indexOf(SEP, i + 1)) {
      onMessage(data.subarray(start, i + 1));
      start = i + 1;
    }
    carry = data.subarray(start);
  }
  fs.closeSync(fd);
  if (mode !== 'read' && carry.length) onMessage(carry);
  process.stdout.write(JSON.stringify({ mode, messages, bytes }) + '\n');
}

main();
