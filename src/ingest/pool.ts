import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { processBatch, parseBatch, withPacking, type Parsed, type Processed } from './process';
import { packBatch, type Packing } from './packing';
import type { SplitItem } from './mbox';
import { cores } from '../core/config';

// A small pool of worker threads for parsing and extraction; the main thread keeps
// reading and writing. With threads: 0 everything runs inline (tests, tiny imports).
// A worker that dies (out of its memory cap on a monstrous message, say) costs
// nothing: its batches are redone on the main thread and the worker is replaced.

// Small heaps: import memory must stay bounded whatever the archive size, and V8
// otherwise lets each isolate's garbage grow to tens of MB.
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 192 };

// packing: made on the main thread (the worker only parses), or null (the worker packs too)
interface Task { id: number; items: SplitItem[]; packing: Packing | null; resolve: (p: Processed[]) => void; reject: (e: Error) => void }

export class ProcessPool {
  private workers: Worker[] = [];
  private tasks = new Map<Worker, Map<number, Task>>();
  private next = 0;
  private seq = 0;
  /** Notes for the import summary (a worker that died and what was redone). */
  readonly notes: string[] = [];

  constructor(private readonly threads: number, private readonly extract: boolean) {
    for (let i = 0; i < threads; i++) this.workers.push(this.spawn());
  }

  /**
   * One core for the writer (SQLite, FTS, threading on the main thread), the rest for
   * workers. Parsing and extraction now cost about what the writer does per message,
   * so on 2 cores one worker beats two (50k bench archive, with extraction: fastest of
   * three interleaved runs 12.3 s vs 12.8 s; CPU 22.5 vs 24 s): every isolate pays its
   * own JIT warm-up (~0.6 s of CPU with extraction) and its own garbage collection.
   */
  static defaultThreads(): number {
    return Math.max(1, Math.min(4, cores() - 1));
  }

  private spawn(): Worker {
    // more workers than the cores beside the writer: they yield to it (see worker.ts)
    const w = new Worker(path.join(__dirname, 'worker.js'), { resourceLimits: LIMITS, workerData: { yieldToWriter: this.threads >= cores() } });
    this.tasks.set(w, new Map());
    w.on('message', (m: { id: number; out: Processed[] }) => {
      const t = this.tasks.get(w)?.get(m.id);
      if (!t) return;
      this.tasks.get(w)!.delete(m.id);
      t.resolve(t.packing ? withPacking((m.out as Parsed[]).map(fixBuffers), t.packing) : m.out.map(fixBuffers));
    });
    w.on('error', (e) => this.replace(w, e));
    // Any exit outside close() (close forgets the worker first) strands its batches,
    // whatever the exit code: a terminated worker exits 0.
    w.on('exit', (code) => { if (this.tasks.has(w)) this.replace(w, new Error(`worker exited with code ${code}`)); });
    return w;
  }

  private replace(w: Worker, e: Error): void {
    const pending = this.tasks.get(w);
    this.tasks.delete(w);
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers[i] = this.spawn();
    if (!pending) return;
    this.notes.push(`a parser thread stopped (${e.message}); its ${pending.size} batch(es) were parsed again on the main thread`);
    for (const t of pending.values()) {
      try { t.resolve(this.inline(t.items, t.packing)); } catch (err) { t.reject(err as Error); }
    }
  }

  /**
   * Processes a batch in a worker. `packHere`: hash and deflate it on this thread
   * first, and let the worker only parse. The import asks for it while the writer
   * would otherwise wait for the worker (api/import.ts).
   */
  run(items: SplitItem[], packHere = false): Promise<Processed[]> {
    const packing = packHere ? packBatch(items) : null;
    if (!this.workers.length) return Promise.resolve(this.inline(items, packing));
    const id = ++this.seq;
    const w = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.tasks.get(w)!.set(id, { id, items, packing, resolve, reject });
      w.postMessage({ id, items, extract: this.extract, pack: !packing });
    });
  }

  private inline(items: SplitItem[], packing: Packing | null): Processed[] {
    return packing ? withPacking(parseBatch(items, { extract: this.extract }), packing) : processBatch(items, { extract: this.extract });
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    for (const w of ws) this.tasks.delete(w);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}


// Buffers come back from a worker as Uint8Array. A pack is shared by its members:
// converted once, in place.
const asBuffer = (d: Uint8Array): Buffer => (Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength));
function fixBuffers<P extends Processed | Parsed>(p: P): P {
  if (!p.ok) p.deflated = asBuffer(p.deflated);
  else if ('packed' in p) p.packed.pack.data = asBuffer(p.packed.pack.data);
  return p;
}
