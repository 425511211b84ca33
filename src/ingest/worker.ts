import { parentPort } from 'node:worker_threads';
import { processRaw, type Processed } from './process';
import type { SplitItem } from './mbox';

// Worker thread: processes batches of raw messages off the main thread. Compressed
// bytes go back as exact-size buffers, transferred rather than copied: zlib hands out
// views into 16-64 KB chunks, and cloning a view clones its whole chunk.
parentPort!.on('message', (msg: { id: number; items: SplitItem[]; extract: boolean }) => {
  const transfer: ArrayBuffer[] = [];
  const out: Processed[] = msg.items.map((it) => {
    const p = processRaw({ ...it, raw: Buffer.from(it.raw.buffer, it.raw.byteOffset, it.raw.byteLength) }, { extract: msg.extract });
    const exact = new Uint8Array(p.deflated); // copies into its own ArrayBuffer
    transfer.push(exact.buffer);
    return { ...p, deflated: exact as unknown as Buffer };
  });
  parentPort!.postMessage({ id: msg.id, out }, transfer);
});
