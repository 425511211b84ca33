import { parentPort } from 'node:worker_threads';
import { processRaw } from './process';
import type { SplitItem } from './mbox';

// Worker thread: processes batches of raw messages off the main thread.
parentPort!.on('message', (msg: { id: number; items: SplitItem[]; extract: boolean }) => {
  const out = msg.items.map((it) => processRaw({ ...it, raw: Buffer.from(it.raw.buffer, it.raw.byteOffset, it.raw.byteLength) }, { extract: msg.extract }));
  parentPort!.postMessage({ id: msg.id, out });
});
