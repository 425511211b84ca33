import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SLOT, type CheckpointStats } from './checkpointer';

// The checkpoint thread (checkpointer.ts): its own connection to the import's database,
// a PASSIVE checkpoint after the commits it is told of. PASSIVE never waits for the
// writer or for readers; it copies what it can and returns.
const { file, state } = workerData as { file: string; state: Int32Array };
const stats: CheckpointStats = { checkpoints: 0, maxWalFrames: 0, errors: [] };
let db: Database.Database | null = null;
try {
  db = new Database(file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL'); // as the writer: the WAL and the database are synced at each checkpoint
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  parentPort!.postMessage('ready');
  let seen = 0;
  while (Atomics.load(state, SLOT.stop) === 0) {
    // sleeps until the writer commits (or asks it to stop); the timeout only bounds a missed wake-up
    Atomics.wait(state, SLOT.commits, seen, 1000);
    const now = Atomics.load(state, SLOT.commits);
    if (now === seen || Atomics.load(state, SLOT.stop) !== 0) continue;
    // busy before looking at hold, as the writer sets hold before looking at busy: one of us sees the other
    Atomics.store(state, SLOT.busy, 1);
    if (Atomics.load(state, SLOT.hold) === 0) {
      seen = now;
      try {
        const r = checkpoint.get() as { busy: number; log: number; checkpointed: number };
        stats.checkpoints++;
        stats.maxWalFrames = Math.max(stats.maxWalFrames, r.log);
        Atomics.store(state, SLOT.walFrames, r.log);
      } catch (e) {
        // a full disk, say: the writer's own checkpoint still runs; keep the first few reasons
        if (stats.errors.length < 5) stats.errors.push((e as Error).message);
      }
      Atomics.store(state, SLOT.done, seen);
      Atomics.notify(state, SLOT.done);
    }
    Atomics.store(state, SLOT.busy, 0);
    Atomics.notify(state, SLOT.busy);
  }
} catch (e) {
  stats.errors.push((e as Error).message);
} finally {
  db?.close();
  Atomics.store(state, SLOT.gone, 1);
  Atomics.notify(state, SLOT.done);
  Atomics.notify(state, SLOT.busy);
  parentPort!.postMessage(stats);
}
