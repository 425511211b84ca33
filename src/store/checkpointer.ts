import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DB } from './db';

// Checkpoints the write-ahead log from a thread of its own while an import writes.
//
// With SQLite's automatic checkpoint the writer copies each commit's pages from the
// WAL into the database and waits for two fsyncs, on the thread every import waits
// for: 1.1-1.5 s of fsync on the 50k bench import (134 of them), and the writer in
// uninterruptible sleep ~12% of the time. Here a second connection runs a PASSIVE
// checkpoint after each commit, overlapping the next batch (SQLite's WAL documentation
// suggests checkpoints from another thread; its automatic one stays as a last resort).
//
// Two things keep the WAL bounded:
// - The WAL only rewinds when a write transaction begins with every frame copied,
//   which never happens while the writer commits back to back and the thread is a
//   commit behind. So once the thread reports BACKSTOP_BYTES of WAL, the writer holds
//   it off, waits for its checkpoint in progress, copies the rest itself (about one
//   commit's worth), and its next transaction rewinds the WAL: one writer-side
//   checkpoint every few batches instead of one a batch.
// - The thread may not fall more than MAX_LAG commits behind (a slow disk): the writer
//   then waits for it, as it used to wait for its own checkpoints.
const BACKSTOP_BYTES = 128 * 1024 * 1024;
const MAX_LAG = 2;
const STUCK_MS = 30_000; // a thread this late is taken for dead

/** What the checkpoint thread did: checkpoints run, the most frames it found in the WAL, why any failed. */
export interface CheckpointStats { checkpoints: number; maxWalFrames: number; errors: string[] }

/** Slots of the state shared with checkpoint-worker.ts. */
export const SLOT = { commits: 0, stop: 1, busy: 2, walFrames: 3, hold: 4, done: 5, gone: 6 } as const;

export class Checkpointer {
  private stopped = false;
  private dead = false;
  private holding = false;
  private readonly done: Promise<CheckpointStats>;
  /** Resolves once the thread has its connection open. */
  readonly ready: Promise<void>;

  private constructor(private readonly db: DB, private readonly state: Int32Array, worker: Worker,
    private readonly backstopFrames: number, private readonly autocheckpoint: number) {
    let opened = () => {};
    this.ready = new Promise((resolve) => { opened = resolve; });
    this.done = new Promise((resolve) => {
      let stats: CheckpointStats = { checkpoints: 0, maxWalFrames: 0, errors: [] };
      worker.on('message', (m: CheckpointStats | 'ready') => { if (m === 'ready') opened(); else stats = m; });
      worker.on('error', (e) => { stats.errors.push(e.message); });
      worker.on('exit', () => { this.giveUp(); opened(); resolve(stats); });
    });
  }

  /**
   * Starts checkpointing `db`'s file from a thread, or returns null where there is no
   * WAL file to checkpoint (an in-memory or read-only database).
   */
  static start(db: DB, opts: { backstopBytes?: number } = {}): Checkpointer | null {
    if (db.memory || db.readonly || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
    const state = new Int32Array(new SharedArrayBuffer(4 * Object.keys(SLOT).length));
    const worker = new Worker(path.join(__dirname, 'checkpoint-worker.js'), { workerData: { file: db.name, state } });
    const previous = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    const backstopFrames = Math.max(1, Math.ceil((opts.backstopBytes ?? BACKSTOP_BYTES) / (db.pragma('page_size', { simple: true }) as number)));
    // SQLite's own checkpoint stays as a last resort, should the thread die
    db.pragma(`wal_autocheckpoint = ${4 * backstopFrames}`);
    return new Checkpointer(db, state, worker, backstopFrames, previous);
  }

  /** After each commit of the writer. */
  committed(): void {
    if (this.stopped || this.dead) return;
    const s = this.state;
    if (Atomics.load(s, SLOT.gone) !== 0) { this.giveUp(); return; }
    if (this.holding) {
      // the transaction just committed began with the WAL all copied: it rewound it
      this.holding = false;
      Atomics.store(s, SLOT.hold, 0);
    } else if (Atomics.load(s, SLOT.walFrames) >= this.backstopFrames) {
      Atomics.store(s, SLOT.hold, 1);
      if (!this.waitFor(() => Atomics.load(s, SLOT.busy) === 0, SLOT.busy)) return;
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // (a full disk, say) SQLite's automatic checkpoint takes over, and the next commit says what is wrong
        this.giveUp();
        return;
      }
      Atomics.store(s, SLOT.walFrames, 0);
      this.holding = true;
      return;
    }
    const commits = Atomics.add(s, SLOT.commits, 1) + 1;
    Atomics.notify(s, SLOT.commits);
    this.waitFor(() => commits - Atomics.load(s, SLOT.done) <= MAX_LAG, SLOT.done);
  }

  /** Ends the thread (after its checkpoint in progress) and gives the writer back its automatic checkpoint. */
  async stop(): Promise<CheckpointStats> {
    if (!this.stopped) {
      this.stopped = true;
      Atomics.store(this.state, SLOT.stop, 1);
      Atomics.notify(this.state, SLOT.commits);
      this.restore();
    }
    return this.done;
  }

  /** Blocks the writer until `ok` (the thread wakes it on `slot`); false, and the thread is given up, after STUCK_MS. */
  private waitFor(ok: () => boolean, slot: number): boolean {
    const until = Date.now() + STUCK_MS;
    while (!ok()) {
      // gone: the thread ended (it could not open the database, say); its exit event may
      // wait behind this synchronous batch loop, the shared flag does not
      if (Atomics.load(this.state, SLOT.gone) !== 0 || Date.now() > until) { this.giveUp(); return false; }
      Atomics.wait(this.state, slot, Atomics.load(this.state, slot), 50);
    }
    return true;
  }

  /** The thread is gone or stuck: the writer checkpoints for itself again. */
  private giveUp(): void {
    this.dead = true;
    this.restore();
  }

  private restore(): void {
    try { this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`); } catch { /* closed: nothing to restore */ }
  }
}
