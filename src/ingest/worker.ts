import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { processBatch, parseBatch, type Processed, type Parsed } from './process';
import type { SplitItem } from './mbox';
import type { RawPack } from '../core/compress';

// Worker thread: processes batches of raw messages off the main thread. Compressed
// bytes go back as exact-size buffers, transferred rather than copied: zlib hands out
// views into 16-64 KB chunks, and cloning a view clones its whole chunk. The members
// of a pack share one RawPack object, and stay sharing it: the structured clone keeps
// object identity within a message.
const exact = (b: Buffer, transfer: ArrayBuffer[]): Buffer => {
  const copy = new Uint8Array(b); // its own ArrayBuffer
  transfer.push(copy.buffer);
  return copy as unknown as Buffer;
};

// The writer on the main thread sets the pace of an import. When the workers outnumber
// the cores beside it (three threads on two cores would give it two thirds of one),
// parsing runs a little behind instead: a worker lowers its own thread's priority
// (Linux: setpriority on a thread id affects that thread only). Workers that leave
// the writer a core of its own keep the normal priority: there is nothing to yield.
if ((workerData as { yieldToWriter?: boolean } | null)?.yieldToWriter) {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + 10));
  } catch { /* not Linux, or not allowed: no matter */ }
}

parentPort!.on('message', (msg: { id: number; items: SplitItem[]; extract: boolean; pack: boolean }) => {
  const transfer: ArrayBuffer[] = [];
  const items = msg.items.map((it) => ({ ...it, raw: Buffer.from(it.raw.buffer, it.raw.byteOffset, it.raw.byteLength) }));
  let out: (Processed | Parsed)[];
  if (msg.pack) {
    const done = processBatch(items, { extract: msg.extract });
    const packs = new Set<RawPack>();
    for (const p of done) if (p.ok && !packs.has(p.packed.pack)) { packs.add(p.packed.pack); p.packed.pack.data = exact(p.packed.pack.data, transfer); }
    out = done;
  } else out = parseBatch(items, { extract: msg.extract }); // the main thread packs this batch (pool.ts)
  for (const p of out) if (!p.ok) p.deflated = exact(p.deflated, transfer);
  parentPort!.postMessage({ id: msg.id, out }, transfer);
});
