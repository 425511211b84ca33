import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { processRaw, type Processed } from './process';
import type { SplitItem } from './mbox';

// A small pool of worker threads for parsing and extraction; the main thread keeps
// reading and writing. With threads: 0 everything runs inline (tests, tiny imports).

export class ProcessPool {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private waiting = new Map<number, { resolve: (p: Processed[]) => void; reject: (e: Error) => void }>();

  constructor(threads: number, private readonly extract: boolean) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(path.join(__dirname, 'worker.js'));
      w.on('message', (m: { id: number; out: Processed[] }) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        p?.resolve(m.out.map(fixBuffers));
      });
      w.on('error', (e) => { for (const p of this.waiting.values()) p.reject(e); this.waiting.clear(); });
      this.workers.push(w);
    }
  }

  static defaultThreads(): number {
    return Math.max(1, Math.min(4, (os.availableParallelism?.() ?? os.cpus().length)));
  }

  run(items: SplitItem[]): Promise<Processed[]> {
    if (!this.workers.length) return Promise.resolve(items.map((it) => processRaw(it, { extract: this.extract })));
    const id = ++this.seq;
    const w = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, items, extract: this.extract });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

// Buffers come back from a worker as Uint8Array.
function fixBuffers(p: Processed): Processed {
  const d = p.deflated as unknown as Uint8Array;
  return { ...p, deflated: Buffer.from(d.buffer, d.byteOffset, d.byteLength) };
}
